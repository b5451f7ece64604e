import { BlockList, isIP } from 'node:net';
import { sdkError } from '../core/errors.ts';

/** Names for common proxy ranges, usable in `TRUSTED_PROXIES` next to CIDRs. */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/** A parsed list of trusted proxies (CIDR ranges); see `parseTrustedProxies`. */
export interface TrustedProxies {
  /** True when `address` (any notation `normalizeIp` accepts) is inside one of the ranges. */
  has(address: string): boolean;
  /** The ranges as given, normalised (`10.0.0.0/8`, `::1/128`). */
  readonly ranges: readonly string[];
}

/**
 * Parses a trusted-proxy list: comma-separated CIDRs or single addresses, IPv4 or IPv6, plus the names
 * `loopback`, `private` and `linklocal`. Throws `CONFIG_INVALID` naming `variable` for an entry that is neither.
 * @example parseTrustedProxies('10.0.0.0/8, 2001:db8::/32, loopback')
 */
export function parseTrustedProxies(
  input: string | readonly string[] | undefined,
  variable = 'TRUSTED_PROXIES',
): TrustedProxies {
  const entries = (typeof input === 'string' ? input.split(',') : (input ?? []))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const list = new BlockList();
  const ranges: string[] = [];
  const add = (entry: string) => {
    const parts = entry.split('/');
    const [address = '', prefixText] = parts;
    const ip = parts.length > 2 ? undefined : normalizeIp(address);
    const family = ip === undefined ? 0 : isIP(ip);
    const bits = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (ip === undefined || family === 0 || !(prefix >= 0 && prefix <= bits)) {
      throw sdkError('CONFIG_INVALID', {
        message: `[sv-sdk] [security] Invalid configuration:\n  - ${variable}: expected comma-separated IP addresses or CIDR ranges (10.0.0.0/8, 2001:db8::/32) or loopback, private, linklocal`,
        details: { problems: [{ variable, expected: 'IP addresses or CIDR ranges' }] },
      });
    }
    list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
    ranges.push(`${ip}/${prefix}`);
  };
  for (const entry of entries) {
    const named = NAMED_RANGES[entry.toLowerCase()];
    if (named) named.forEach(add);
    else add(entry);
  }
  return {
    ranges,
    has(address) {
      const ip = normalizeIp(address);
      if (ip === undefined) return false;
      return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * One canonical text form of an IP address, or `undefined` when it is not one: strips `[…]`, ports (`1.2.3.4:80`,
 * `[::1]:443`) and IPv6 zone ids, turns IPv4-mapped IPv6 (`::ffff:1.2.3.4`) into IPv4 and lower-cases IPv6.
 * @example normalizeIp('[::FFFF:203.0.113.9]:443') // '203.0.113.9'
 */
export function normalizeIp(input: string | undefined | null): string | undefined {
  if (typeof input !== 'string') return undefined;
  let value = input.trim();
  if (value.length === 0 || value.length > 64) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const zone = value.indexOf('%');
  if (zone !== -1) value = value.slice(0, zone);
  value = value.toLowerCase();
  const family = isIP(value);
  if (family === 0) return undefined;
  if (family === 6) {
    const mapped =
      /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value) ??
      /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
    if (mapped?.[1] && isIP(mapped[1]) === 4) return mapped[1];
  }
  return value;
}

/**
 * The client's IP address as the app should see it. `X-Forwarded-For` is honoured only when the direct peer
 * (`getClientAddress()`, SvelteKit's socket address) is a trusted proxy; the list is then read from the right,
 * skipping trusted proxies, and the first address that is not one is the client. Entries a client wrote itself sit
 * to the left of that and are never reached, so a spoofed header changes nothing.
 * @example
 * const ip = clientAddress(() => event.getClientAddress(), event.request.headers, parseTrustedProxies('10.0.0.0/8'));
 */
export function clientAddress(
  getClientAddress: () => string,
  headers: Headers | Record<string, string | undefined>,
  trustedProxies: TrustedProxies,
): string {
  let peerRaw: string;
  try {
    peerRaw = getClientAddress();
  } catch {
    // SvelteKit throws when the adapter cannot tell (e.g. during prerendering); rate limits then share one bucket.
    return 'unknown';
  }
  const peer = normalizeIp(peerRaw) ?? 'unknown';
  if (peer === 'unknown' || !trustedProxies.has(peer)) return peer;
  const header = headers instanceof Headers ? headers.get('x-forwarded-for') : headerValue(headers, 'x-forwarded-for');
  if (!header) return peer;
  const hops = header.split(',').slice(-32);
  let nearest = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = normalizeIp(hops[index]);
    // A malformed entry was not written by our proxies (they write addresses): trust nothing beyond it.
    if (hop === undefined) return nearest;
    if (!trustedProxies.has(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * The key to rate-limit an address by: IPv4 as is, IPv6 by its /64 network. One IPv6 host usually owns a whole
 * /64 and can pick a new address from it for every request, so per-address limits would not hold.
 * @example ipRateLimitKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function ipRateLimitKey(address: string): string {
  const ip = normalizeIp(address);
  if (ip === undefined) return 'unknown';
  if (isIP(ip) === 4) return ip;
  const groups = expandIpv6(ip)
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  let text = ip;
  // An embedded IPv4 tail (::1.2.3.4) becomes two hex groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: tail === undefined ? 0 : missing }, () => '0'), ...right];
}
