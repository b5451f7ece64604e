import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { sdkError } from '../core/errors.ts';

/**
 * ABAC conditions on a rule: every condition of a rule must hold for it to apply. They are data (stored as jsonb
 * beside the permission, validated here), except `custom`, which names a predicate the app registers in code.
 */

const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a field name: letters, digits and _, at most 64 characters');
const json = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24 h)');

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function validCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export const conditionSchema = z.discriminatedUnion('type', [
  /** The resource belongs to the user: `resource[field] === user.id` (what the `own` scope means). */
  z.strictObject({ type: z.literal('owner'), field: fieldName.optional() }),
  /** The resource is in the request's tenant: `resource[field ?? 'tenantId'] === context.tenantId`. */
  z.strictObject({ type: z.literal('tenant'), field: fieldName.optional() }),
  /** An attribute of the resource compared with a value. */
  z.strictObject({
    type: z.literal('attribute'),
    field: fieldName,
    op: z.enum(['eq', 'ne', 'in', 'nin']),
    value: z.union([json, z.array(json).max(100)]),
  }),
  /** A time window: absolute (`after`/`before`, ISO 8601) and/or daily hours and week days in a time zone. */
  z
    .strictObject({
      type: z.literal('time'),
      after: z.iso.datetime({ offset: true }).optional(),
      before: z.iso.datetime({ offset: true }).optional(),
      from: clock.optional(),
      to: clock.optional(),
      /** 0 = Sunday … 6 = Saturday. */
      days: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
      timeZone: z.string().max(64).refine(validTimeZone, 'an IANA time zone such as Europe/Paris').optional(),
    })
    .refine((value) => (value.from === undefined) === (value.to === undefined), 'give both from and to, or neither'),
  /** The request's client address is in one of the ranges (CIDR or single addresses, IPv4 or IPv6). */
  z.strictObject({
    type: z.literal('ip'),
    ranges: z.array(z.string().max(64).refine(validCidr, 'an IP address or CIDR range')).min(1).max(100),
  }),
  /** A predicate the app registered by name (`permissionsPlugin({ predicates })`), with optional JSON arguments. */
  z.strictObject({
    type: z.literal('custom'),
    name: z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,63}$/, 'a predicate name'),
    args: z.record(z.string(), json).optional(),
  }),
]);

export type Condition = z.infer<typeof conditionSchema>;
export const conditionsSchema = z.array(conditionSchema).max(16);

/** The request's circumstances a condition can read. */
export interface CheckContext {
  /** The tenant (organisation) the request acts in. */
  tenantId?: string;
  /** The client address (`locals.clientIp`). */
  ip?: string;
  /** The time of the check (default: now). */
  now?: Date | number;
  /** Anything else the app's custom predicates read. */
  [key: string]: unknown;
}

/** A resource as conditions see it: a plain object (a row, a DTO). */
export type ResourceObject = Readonly<Record<string, unknown>>;

/** What a custom predicate receives. */
export interface PredicateInput {
  userId: string;
  resource: string;
  action: string;
  object: ResourceObject | undefined;
  context: CheckContext;
  args: Readonly<Record<string, unknown>>;
}
export type Predicate = (input: PredicateInput) => boolean;

/**
 * A compiled condition: the test, whether it reads the resource object, and which part of the context it reads
 * (it cannot be decided without them: a deny then applies, a grant does not).
 */
export interface CompiledCondition {
  readonly needsObject: boolean;
  readonly needsContext?: 'ip' | 'tenantId';
  readonly kind: Condition['type'] | 'expiry' | 'assignment-tenant';
  test(input: PredicateInput): boolean;
}

/**
 * Validates conditions from outside (a REST body, a seed, a row).
 * @throws SDKError `PERMISSION_CONDITION_INVALID` (400) naming each problem; a `custom` condition naming a predicate
 * that is not registered is refused too.
 */
export function parseConditions(value: unknown, predicates: ReadonlySet<string>): Condition[] {
  const parsed = conditionsSchema.safeParse(value);
  if (!parsed.success)
    throw sdkError('PERMISSION_CONDITION_INVALID', {
      status: 400,
      message: 'The conditions are not valid.',
      details: {
        problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      },
    });
  for (const condition of parsed.data)
    if (condition.type === 'custom' && !predicates.has(condition.name))
      throw sdkError('PERMISSION_CONDITION_INVALID', {
        status: 400,
        message: `No predicate named "${condition.name}" is registered.`,
        details: { problems: [{ path: 'name', message: `unknown predicate "${condition.name}"` }] },
      });
  return parsed.data;
}

/** The check's time in ms: `context.now`, or the clock when it is absent or not a valid time (a caller's bug). */
export function timeMs(now: CheckContext['now']): number {
  const ms = now === undefined ? NaN : typeof now === 'number' ? now : now.getTime();
  return Number.isFinite(ms) ? ms : Date.now();
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zonedClock(ms: number, timeZone: string): { minutes: number; day: number } {
  if (timeZone === 'UTC') {
    const date = new Date(ms);
    return { minutes: date.getUTCHours() * 60 + date.getUTCMinutes(), day: date.getUTCDay() };
  }
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    zoneFormats.set(timeZone, format);
  }
  let hour = 0;
  let minute = 0;
  let day = 0;
  for (const part of format.formatToParts(ms)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday') day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part.value);
  }
  return { minutes: hour * 60 + minute, day };
}

const minutesOf = (value: string): number => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/** Field of the resource that names its owner: configured per resource, else `id` for `user`, else `userId`. */
export type OwnerFields = Readonly<Record<string, string>>;
export function ownerField(resource: string, fields: OwnerFields): string {
  return (Object.hasOwn(fields, resource) ? fields[resource] : undefined) ?? (resource === 'user' ? 'id' : 'userId');
}

/**
 * Compiles a validated condition into its test. A `custom` name missing from `predicates` (a predicate removed from
 * the app after a role used it) gives `missingPredicate`: a grant does not apply, a deny does.
 */
export function compileCondition(
  condition: Condition,
  predicates: ReadonlyMap<string, Predicate>,
  owners: OwnerFields,
  /** What a `custom` condition naming no registered predicate gives: false for a grant, true for a deny (closed). */
  missingPredicate = false,
): CompiledCondition {
  switch (condition.type) {
    case 'owner':
      return {
        kind: 'owner',
        needsObject: true,
        test: ({ object, userId, resource }) =>
          object !== undefined && object[condition.field ?? ownerField(resource, owners)] === userId,
      };
    case 'tenant': {
      const field = condition.field ?? 'tenantId';
      return {
        kind: 'tenant',
        needsObject: true,
        needsContext: 'tenantId',
        test: ({ object, context }) =>
          object !== undefined && context.tenantId !== undefined && object[field] === context.tenantId,
      };
    }
    case 'attribute': {
      const { field, op, value } = condition;
      const list: readonly unknown[] = Array.isArray(value) ? value : [value];
      return {
        kind: 'attribute',
        needsObject: true,
        test: ({ object }) => {
          if (object === undefined) return false;
          const actual = object[field];
          switch (op) {
            case 'eq':
              return actual === value;
            case 'ne':
              return actual !== value;
            case 'in':
              return list.includes(actual);
            case 'nin':
              return !list.includes(actual);
          }
        },
      };
    }
    case 'time': {
      const after = condition.after === undefined ? -Infinity : Date.parse(condition.after);
      const before = condition.before === undefined ? Infinity : Date.parse(condition.before);
      const from = condition.from === undefined ? undefined : minutesOf(condition.from);
      const to = condition.to === undefined ? undefined : minutesOf(condition.to);
      const days = condition.days === undefined ? undefined : new Set(condition.days);
      const zone = condition.timeZone ?? 'UTC';
      return {
        kind: 'time',
        needsObject: false,
        test: ({ context }) => {
          const ms = timeMs(context.now);
          if (ms < after || ms >= before) return false;
          if (from === undefined && days === undefined) return true;
          const { minutes, day } = zonedClock(ms, zone);
          if (days !== undefined && !days.has(day)) return false;
          if (from === undefined || to === undefined) return true;
          // A window past midnight (22:00–06:00) wraps.
          return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
        },
      };
    }
    case 'ip': {
      const list = new BlockList();
      for (const range of condition.ranges) {
        const [address, bits] = range.split('/') as [string, string | undefined];
        const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
        if (bits === undefined) list.addAddress(address, family);
        else list.addSubnet(address, Number(bits), family);
      }
      return {
        kind: 'ip',
        needsObject: false,
        needsContext: 'ip',
        test: ({ context }) => {
          const ip = context.ip;
          if (typeof ip !== 'string') return false;
          const family = isIP(ip);
          if (family === 0) return false;
          return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
        },
      };
    }
    case 'custom': {
      const predicate = predicates.get(condition.name);
      const args = condition.args ?? {};
      return {
        kind: 'custom',
        // A predicate may read the object: without one, it is asked anyway and decides.
        needsObject: false,
        test: (input) => (predicate === undefined ? missingPredicate : predicate({ ...input, args }) === true),
      };
    }
  }
}
