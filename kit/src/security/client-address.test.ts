import { describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { clientAddress, ipRateLimitKey, normalizeIp, parseTrustedProxies } from './client-address.ts';

describe('normalizeIp', () => {
  it('canonicalises IPv4, IPv6, ports, brackets, zones and IPv4-mapped addresses', () => {
    expect(normalizeIp('203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp(' 203.0.113.9:5678 ')).toBe('203.0.113.9');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('[::FFFF:203.0.113.9]:80')).toBe('203.0.113.9');
    expect(normalizeIp('0:0:0:0:0:ffff:203.0.113.9')).toBe('203.0.113.9');
    for (const bad of [
      '',
      'unknown',
      '999.1.1.1',
      '1.2.3',
      'example.com',
      '1.2.3.4.5',
      undefined,
      null,
      'x'.repeat(100),
    ]) {
      expect(normalizeIp(bad)).toBeUndefined();
    }
  });
});

describe('parseTrustedProxies', () => {
  it('accepts CIDRs, single addresses and named ranges', () => {
    const proxies = parseTrustedProxies('10.0.0.0/8, 2001:db8::/32, 192.0.2.7, loopback');
    expect(proxies.has('10.1.2.3')).toBe(true);
    expect(proxies.has('11.0.0.1')).toBe(false);
    expect(proxies.has('2001:db8:ffff::1')).toBe(true);
    expect(proxies.has('2001:db9::1')).toBe(false);
    expect(proxies.has('192.0.2.7')).toBe(true);
    expect(proxies.has('192.0.2.8')).toBe(false);
    expect(proxies.has('127.0.0.1')).toBe(true);
    expect(proxies.has('::1')).toBe(true);
    expect(proxies.has('::ffff:10.0.0.1')).toBe(true);
    expect(proxies.has('garbage')).toBe(false);
    expect(parseTrustedProxies(undefined).has('127.0.0.1')).toBe(false);
  });

  it('rejects bad entries with CONFIG_INVALID naming the variable', () => {
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/x', '::/129', '10.0.0.0/8/8']) {
      try {
        parseTrustedProxies(bad);
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(isSDKError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
        expect((error as Error).message).toContain('TRUSTED_PROXIES');
      }
    }
  });
});

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8, fd00::/8');

  it('ignores X-Forwarded-For from an untrusted peer (spoofing)', () => {
    expect(clientAddress(() => '198.51.100.7', { 'X-Forwarded-For': '1.1.1.1' }, proxies)).toBe('198.51.100.7');
    expect(clientAddress(() => '2001:db8::7', new Headers({ 'x-forwarded-for': '1.1.1.1' }), proxies)).toBe(
      '2001:db8::7',
    );
  });

  it('reads X-Forwarded-For from the right, skipping trusted proxies, when the peer is trusted', () => {
    const headers = new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' });
    // 6.6.6.6 was written by the client itself: never reached.
    expect(clientAddress(() => '10.0.0.1', headers, proxies)).toBe('203.0.113.9');
    expect(clientAddress(() => 'fd00::1', new Headers({ 'x-forwarded-for': '2001:db8::5' }), proxies)).toBe(
      '2001:db8::5',
    );
    expect(
      clientAddress(() => '::ffff:10.0.0.1', new Headers({ 'x-forwarded-for': '[2001:db8::5]:1234' }), proxies),
    ).toBe('2001:db8::5');
  });

  it('stops at malformed entries and falls back to the peer when there is nothing usable', () => {
    expect(clientAddress(() => '10.0.0.1', new Headers({ 'x-forwarded-for': 'evil, 10.0.0.3' }), proxies)).toBe(
      '10.0.0.3',
    );
    expect(clientAddress(() => '10.0.0.1', new Headers({ 'x-forwarded-for': '' }), proxies)).toBe('10.0.0.1');
    expect(clientAddress(() => '10.0.0.1', new Headers(), proxies)).toBe('10.0.0.1');
    expect(clientAddress(() => '10.0.0.1', new Headers({ 'x-forwarded-for': '10.0.0.9, 10.0.0.8' }), proxies)).toBe(
      '10.0.0.9',
    );
    expect(
      clientAddress(
        () => {
          throw new Error('no address during prerender');
        },
        new Headers(),
        proxies,
      ),
    ).toBe('unknown');
  });
});

describe('ipRateLimitKey', () => {
  it('groups IPv6 by /64 and keeps IPv4 as is', () => {
    expect(ipRateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(ipRateLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(ipRateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipRateLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(ipRateLimitKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(ipRateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipRateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(ipRateLimitKey('nonsense')).toBe('unknown');
  });
});
