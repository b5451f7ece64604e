import { describe, expect, it } from 'vitest';
import { SDKError } from '../core/errors.ts';
import {
  findInheritanceCycle,
  inheritanceChain,
  nextExpiry,
  policyDataFor,
  type RoleAssignment,
  type RoleDefinition,
  type RuleData,
} from './catalog.ts';
import {
  parseConditions,
  type CheckContext,
  type Condition,
  type Predicate,
  type PredicateInput,
} from './conditions.ts';
import {
  formatPermission,
  parsePermission,
  permissionProblem,
  permissionSchema,
  segmentMatches,
} from './permission.ts';
import { Policy, compilePolicy, type CompileOptions } from './policy.ts';

const ME = 'user-1';
const OTHER = 'user-2';

type RuleInput = Partial<RuleData> & { permission: string };

/** A policy of the given rules (allow unless said otherwise), all from role `r`. */
function policyOf(rules: RuleInput[], options?: CompileOptions): Policy {
  return new Policy(
    { userId: ME, assignments: [], rules: rules.map((rule) => ({ effect: 'allow', role: 'r', ...rule })) },
    options,
  );
}

/** A policy with one grant of `permission` under `conditions`. */
function grantIf(permission: string, conditions: Condition[], options?: CompileOptions): Policy {
  return policyOf([{ permission, conditions }], options);
}

function thrown(fn: () => unknown): SDKError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SDKError) return error;
    throw error;
  }
  throw new Error('expected an SDKError, nothing was thrown');
}

const at = (iso: string): CheckContext => ({ now: Date.parse(iso) });

function role(name: string, permissions: RoleDefinition['permissions'], inherits: string[] = []): RoleDefinition {
  return { name, description: name, inherits, system: false, permissions };
}
const catalogOf = (...roles: RoleDefinition[]) => new Map(roles.map((r) => [r.name, r]));
const allow = (permission: string, conditions?: Condition[]) =>
  conditions ? { permission, effect: 'allow' as const, conditions } : { permission, effect: 'allow' as const };
const deny = (permission: string, conditions?: Condition[]) =>
  conditions ? { permission, effect: 'deny' as const, conditions } : { permission, effect: 'deny' as const };

describe('permission strings', () => {
  it('parses resource:action[:scope], defaulting the scope to any', () => {
    expect(parsePermission('user:update:own')).toEqual({ resource: 'user', action: 'update', scope: 'own' });
    expect(parsePermission('user:ban:any')).toEqual({ resource: 'user', action: 'ban', scope: 'any' });
    expect(parsePermission('audit:read')).toEqual({ resource: 'audit', action: 'read', scope: 'any' });
    expect(parsePermission('api_key-2:rotate_all')).toEqual({
      resource: 'api_key-2',
      action: 'rotate_all',
      scope: 'any',
    });
  });

  it('parses wildcards, `*` alone being every action on every resource', () => {
    expect(parsePermission('*')).toEqual({ resource: '*', action: '*', scope: 'any' });
    expect(parsePermission('audit:*')).toEqual({ resource: 'audit', action: '*', scope: 'any' });
    expect(parsePermission('*:read')).toEqual({ resource: '*', action: 'read', scope: 'any' });
    expect(parsePermission('*:*:own')).toEqual({ resource: '*', action: '*', scope: 'own' });
  });

  it('formats canonically: the scope only when it is own', () => {
    expect(formatPermission(parsePermission('post:read:any'))).toBe('post:read');
    expect(formatPermission(parsePermission('post:read'))).toBe('post:read');
    expect(formatPermission(parsePermission('post:update:own'))).toBe('post:update:own');
    expect(formatPermission(parsePermission('*'))).toBe('*:*');
  });

  it.each([
    ['', 'expected resource:action'],
    ['post', 'expected resource:action'],
    ['a:b:own:x', 'expected resource:action'],
    ['Post:read', '"Post" is not a resource name'],
    ['1post:read', '"1post" is not a resource name'],
    [':read', '"" is not a resource name'],
    ['post:Read', '"Read" is not an action name'],
    ['post::own', '"" is not an action name'],
    ['post:re ad', '"re ad" is not an action name'],
    ['po*:read', '"po*" is not a resource name'],
    [`${'a'.repeat(65)}:read`, 'is not a resource name'],
    ['post:read:all', 'the scope must be "own" or "any", not "all"'],
    ['post:read:', 'the scope must be "own" or "any", not ""'],
    ['post:read:OWN', 'not "OWN"'],
    [`post:${'a'.repeat(160)}`, 'at most 160 characters'],
  ])('refuses %j with PERMISSION_INVALID (400)', (value, reason) => {
    expect(permissionProblem(value)).toContain(reason);
    const error = thrown(() => parsePermission(value));
    expect(error.code).toBe('PERMISSION_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toContain('is not a permission');
    expect(error.details).toEqual({ permission: value.slice(0, 160), reason: permissionProblem(value) });
  });

  it('accepts 64-character names; checks the length (160) before the shape', () => {
    expect(permissionProblem(`${'a'.repeat(64)}:read`)).toBeUndefined();
    expect(permissionProblem(`${'a'.repeat(64)}:${'b'.repeat(64)}:own`)).toBeUndefined();
    expect(permissionProblem('a'.repeat(160))).toBe('expected resource:action or resource:action:scope');
    expect(permissionProblem('a'.repeat(161))).toBe('at most 160 characters');
    // The details keep at most 160 characters of what was given.
    expect(thrown(() => parsePermission('a'.repeat(500))).details?.permission).toBe('a'.repeat(160));
  });

  it('exposes the same rules as a zod schema', () => {
    expect(permissionSchema.safeParse('user:update:own').success).toBe(true);
    const bad = permissionSchema.safeParse('user:update:mine');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('the scope must be "own" or "any", not "mine"');
  });

  it('matches a segment exactly or through *', () => {
    expect(segmentMatches('*', 'post')).toBe(true);
    expect(segmentMatches('post', 'post')).toBe(true);
    expect(segmentMatches('post', 'posts')).toBe(false);
    expect(segmentMatches('post', '*')).toBe(false);
  });

  it('refuses an invalid permission in policy data when compiling', () => {
    const error = thrown(() => policyOf([{ permission: 'post:read:everything' }]));
    expect(error.code).toBe('PERMISSION_INVALID');
  });
});

describe('parseConditions', () => {
  const none = new Set<string>();

  function problems(value: unknown, predicates: ReadonlySet<string> = none) {
    const error = thrown(() => parseConditions(value, predicates));
    expect(error.code).toBe('PERMISSION_CONDITION_INVALID');
    expect(error.status).toBe(400);
    return (error.details as { problems: { path: string; message: string }[] }).problems;
  }

  it('returns valid conditions of every type as they are', () => {
    const conditions = [
      { type: 'owner' },
      { type: 'owner', field: 'authorId' },
      { type: 'tenant', field: 'orgId' },
      { type: 'attribute', field: 'status', op: 'in', value: ['draft', 'review', null] },
      { type: 'attribute', field: 'score', op: 'eq', value: 3 },
      {
        type: 'time',
        after: '2024-01-01T00:00:00Z',
        before: '2025-01-01T00:00:00+02:00',
        from: '22:00',
        to: '06:00',
        days: [0, 6],
        timeZone: 'Europe/Paris',
      },
      { type: 'ip', ranges: ['10.0.0.0/8', '192.168.1.5', '2001:db8::/32', '::1'] },
      { type: 'custom', name: 'plan.is', args: { plan: 'pro', seats: 3, trial: false } },
    ];
    expect(parseConditions(conditions, new Set(['plan.is']))).toEqual(conditions);
    expect(parseConditions([], none)).toEqual([]);
  });

  it.each([
    ['not a list', { type: 'owner' }, ''],
    ['an unknown type', [{ type: 'weekday' }], '0.type'],
    ['an unknown key (strict objects)', [{ type: 'owner', fields: 'x' }], '0'],
    ['a bad field name', [{ type: 'owner', field: 'author.id' }], '0.field'],
    ['an attribute without op', [{ type: 'attribute', field: 'status', value: 'x' }], '0.op'],
    ['an unknown operator', [{ type: 'attribute', field: 'status', op: 'gt', value: 1 }], '0.op'],
    ['an object as value', [{ type: 'attribute', field: 'status', op: 'eq', value: { a: 1 } }], '0.value'],
    ['from without to', [{ type: 'time', from: '09:00' }], '0'],
    ['a clock past 23:59', [{ type: 'time', from: '24:00', to: '06:00' }], '0.from'],
    ['a clock without leading zero', [{ type: 'time', from: '9:00', to: '17:00' }], '0.from'],
    ['a day 7', [{ type: 'time', days: [7] }], '0.days.0'],
    ['no days', [{ type: 'time', days: [] }], '0.days'],
    ['an unknown time zone', [{ type: 'time', timeZone: 'Mars/Olympus' }], '0.timeZone'],
    ['a datetime without offset', [{ type: 'time', after: '2024-01-01T00:00:00' }], '0.after'],
    ['no ip ranges', [{ type: 'ip', ranges: [] }], '0.ranges'],
    ['an IPv4 prefix over 32', [{ type: 'ip', ranges: ['10.0.0.0/33'] }], '0.ranges.0'],
    ['an IPv6 prefix over 128', [{ type: 'ip', ranges: ['::1/129'] }], '0.ranges.0'],
    ['a bad address', [{ type: 'ip', ranges: ['300.1.1.1'] }], '0.ranges.0'],
    ['two prefixes', [{ type: 'ip', ranges: ['10.0.0.0/8/8'] }], '0.ranges.0'],
    ['a host name', [{ type: 'ip', ranges: ['example.com'] }], '0.ranges.0'],
    ['a bad predicate name', [{ type: 'custom', name: 'Plan' }], '0.name'],
    ['nested args', [{ type: 'custom', name: 'plan', args: { deep: { x: 1 } } }], '0.args.deep'],
  ])('refuses %s with the problem path', (_label, value, path) => {
    const found = problems(value, new Set(['plan']));
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((problem) => problem.path)).toContain(path);
    for (const problem of found) expect(problem.message).toEqual(expect.any(String));
  });

  it('names each problem of a list with several', () => {
    const found = problems([{ type: 'owner' }, { type: 'ip', ranges: ['nope'] }, { type: 'time', days: [9] }]);
    expect(found.map((problem) => problem.path)).toEqual(['1.ranges.0', '2.days.0']);
    expect(found[0]?.message).toBe('an IP address or CIDR range');
  });

  it('refuses more than 16 conditions', () => {
    expect(
      parseConditions(
        Array.from({ length: 16 }, () => ({ type: 'owner' })),
        none,
      ),
    ).toHaveLength(16);
    expect(problems(Array.from({ length: 17 }, () => ({ type: 'owner' })))[0]?.path).toBe('');
  });

  it('refuses a custom predicate that is not registered', () => {
    const found = problems([{ type: 'custom', name: 'isManager' }], new Set(['isAdmin']));
    expect(found).toEqual([{ path: 'name', message: 'unknown predicate "isManager"' }]);
    const error = thrown(() => parseConditions([{ type: 'custom', name: 'isManager' }], none));
    expect(error.message).toBe('No predicate named "isManager" is registered.');
    expect(parseConditions([{ type: 'custom', name: 'isAdmin' }], new Set(['isAdmin']))).toHaveLength(1);
  });
});

describe('condition evaluation', () => {
  describe('owner', () => {
    it('holds when the owner field is the user (userId by default)', () => {
      const policy = policyOf([{ permission: 'post:update:own' }]);
      expect(policy.can('update', 'post', { userId: ME })).toBe(true);
      expect(policy.can('update', 'post', { userId: OTHER })).toBe(false);
      expect(policy.can('update', 'post', {})).toBe(false);
      expect(policy.can('update', 'post', { authorId: ME })).toBe(false);
    });

    it('reads `id` on the user resource', () => {
      const policy = policyOf([{ permission: 'user:update:own' }]);
      expect(policy.can('update', 'user', { id: ME })).toBe(true);
      expect(policy.can('update', 'user', { id: OTHER, userId: ME })).toBe(false);
    });

    it('reads the owner field configured per resource', () => {
      const policy = policyOf([{ permission: '*:update:own' }], { ownerFields: { post: 'authorId', user: 'uid' } });
      expect(policy.can('update', 'post', { authorId: ME })).toBe(true);
      expect(policy.can('update', 'post', { userId: ME })).toBe(false);
      expect(policy.can('update', 'user', { uid: ME })).toBe(true);
      expect(policy.can('update', 'user', { id: ME })).toBe(false);
      // Other resources keep the default.
      expect(policy.can('update', 'comment', { userId: ME })).toBe(true);
    });

    it('reads the default owner field of a resource named like an Object.prototype member', () => {
      // `constructor` is a valid resource name; a plain `{}` of owner fields must not lend it `Object`.
      const policy = policyOf([{ permission: 'constructor:update:own' }, { permission: '*:edit:own' }]);
      expect(policy.can('update', 'constructor', { userId: ME })).toBe(true);
      expect(policy.can('update', 'constructor', { userId: OTHER })).toBe(false);
      expect(policy.can('edit', 'constructor', { userId: ME })).toBe(true);
      const configured = policyOf([{ permission: '*:edit:own' }], { ownerFields: { post: 'authorId' } });
      expect(configured.can('edit', 'constructor', { userId: ME })).toBe(true);
    });

    it('uses the field an explicit owner condition names', () => {
      const policy = grantIf('doc:edit', [{ type: 'owner', field: 'createdBy' }]);
      expect(policy.can('edit', 'doc', { createdBy: ME })).toBe(true);
      expect(policy.can('edit', 'doc', { userId: ME, createdBy: OTHER })).toBe(false);
    });

    it('compares strictly', () => {
      const policy = new Policy({ userId: '42', assignments: [], rules: [{ ...allow('post:update:own'), role: 'r' }] });
      expect(policy.can('update', 'post', { userId: '42' })).toBe(true);
      expect(policy.can('update', 'post', { userId: 42 })).toBe(false);
    });
  });

  describe('tenant', () => {
    it('holds when the object is in the request tenant', () => {
      const policy = grantIf('invoice:read', [{ type: 'tenant' }]);
      expect(policy.can('read', 'invoice', { tenantId: 't1' }, { tenantId: 't1' })).toBe(true);
      expect(policy.can('read', 'invoice', { tenantId: 't1' }, { tenantId: 't2' })).toBe(false);
      expect(policy.can('read', 'invoice', { tenantId: 't1' })).toBe(false);
      // No tenant on either side is not a match.
      expect(policy.can('read', 'invoice', {}, {})).toBe(false);
    });

    it('reads another field when told', () => {
      const policy = grantIf('invoice:read', [{ type: 'tenant', field: 'orgId' }]);
      expect(policy.can('read', 'invoice', { orgId: 't1' }, { tenantId: 't1' })).toBe(true);
      expect(policy.can('read', 'invoice', { tenantId: 't1' }, { tenantId: 't1' })).toBe(false);
    });
  });

  describe('attribute', () => {
    it('eq', () => {
      const policy = grantIf('post:publish', [{ type: 'attribute', field: 'status', op: 'eq', value: 'draft' }]);
      expect(policy.can('publish', 'post', { status: 'draft' })).toBe(true);
      expect(policy.can('publish', 'post', { status: 'published' })).toBe(false);
      expect(policy.can('publish', 'post', {})).toBe(false);
    });

    it('compares strictly: null is not a missing field', () => {
      const isNull = grantIf('post:claim', [{ type: 'attribute', field: 'assignee', op: 'eq', value: null }]);
      expect(isNull.can('claim', 'post', { assignee: null })).toBe(true);
      expect(isNull.can('claim', 'post', {})).toBe(false);
      const notNull = grantIf('post:claim', [{ type: 'attribute', field: 'assignee', op: 'ne', value: null }]);
      expect(notNull.can('claim', 'post', { assignee: null })).toBe(false);
      expect(notNull.can('claim', 'post', {})).toBe(true);
      const three = grantIf('post:claim', [{ type: 'attribute', field: 'level', op: 'eq', value: 3 }]);
      expect(three.can('claim', 'post', { level: '3' })).toBe(false);
    });

    it('ne', () => {
      const policy = grantIf('post:edit', [{ type: 'attribute', field: 'status', op: 'ne', value: 'archived' }]);
      expect(policy.can('edit', 'post', { status: 'draft' })).toBe(true);
      expect(policy.can('edit', 'post', { status: 'archived' })).toBe(false);
      expect(policy.can('edit', 'post', {})).toBe(true);
    });

    it('in and nin, also against a single value', () => {
      const inList = grantIf('post:review', [{ type: 'attribute', field: 'status', op: 'in', value: ['draft', 7] }]);
      expect(inList.can('review', 'post', { status: 'draft' })).toBe(true);
      expect(inList.can('review', 'post', { status: 7 })).toBe(true);
      expect(inList.can('review', 'post', { status: '7' })).toBe(false);
      expect(inList.can('review', 'post', { status: 'published' })).toBe(false);
      const notIn = grantIf('post:review', [
        { type: 'attribute', field: 'status', op: 'nin', value: ['spam', 'deleted'] },
      ]);
      expect(notIn.can('review', 'post', { status: 'draft' })).toBe(true);
      expect(notIn.can('review', 'post', { status: 'spam' })).toBe(false);
      expect(notIn.can('review', 'post', { status: 'deleted' })).toBe(false);
      const single = grantIf('post:review', [{ type: 'attribute', field: 'level', op: 'in', value: 3 }]);
      expect(single.can('review', 'post', { level: 3 })).toBe(true);
      expect(single.can('review', 'post', { level: 4 })).toBe(false);
    });

    it('all conditions of a rule must hold', () => {
      const policy = grantIf('post:edit', [
        { type: 'owner' },
        { type: 'attribute', field: 'status', op: 'eq', value: 'draft' },
      ]);
      expect(policy.can('edit', 'post', { userId: ME, status: 'draft' })).toBe(true);
      expect(policy.can('edit', 'post', { userId: ME, status: 'published' })).toBe(false);
      expect(policy.can('edit', 'post', { userId: OTHER, status: 'draft' })).toBe(false);
    });
  });

  describe('time', () => {
    it('a daily window in UTC: from inclusive, to exclusive', () => {
      const policy = grantIf('report:run', [{ type: 'time', from: '09:00', to: '17:00' }]);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T08:59:00Z'))).toBe(false);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T09:00:00Z'))).toBe(true);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T16:59:59Z'))).toBe(true);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T17:00:00Z'))).toBe(false);
      // A Date works as well as epoch milliseconds.
      expect(policy.can('run', 'report', undefined, { now: new Date('2024-01-08T12:00:00Z') })).toBe(true);
    });

    it('a window past midnight wraps', () => {
      const policy = grantIf('backup:run', [{ type: 'time', from: '22:00', to: '06:00' }]);
      expect(policy.can('run', 'backup', undefined, at('2024-01-08T21:59:00Z'))).toBe(false);
      expect(policy.can('run', 'backup', undefined, at('2024-01-08T22:00:00Z'))).toBe(true);
      expect(policy.can('run', 'backup', undefined, at('2024-01-08T23:30:00Z'))).toBe(true);
      expect(policy.can('run', 'backup', undefined, at('2024-01-09T00:00:00Z'))).toBe(true);
      expect(policy.can('run', 'backup', undefined, at('2024-01-09T05:59:00Z'))).toBe(true);
      expect(policy.can('run', 'backup', undefined, at('2024-01-09T06:00:00Z'))).toBe(false);
      expect(policy.can('run', 'backup', undefined, at('2024-01-09T12:00:00Z'))).toBe(false);
    });

    it('week days (0 = Sunday) alone or with hours', () => {
      const weekdays = grantIf('shop:open', [{ type: 'time', days: [1, 2, 3, 4, 5] }]);
      expect(weekdays.can('open', 'shop', undefined, at('2024-01-08T00:00:00Z'))).toBe(true); // Monday
      expect(weekdays.can('open', 'shop', undefined, at('2024-01-12T23:59:00Z'))).toBe(true); // Friday
      expect(weekdays.can('open', 'shop', undefined, at('2024-01-06T12:00:00Z'))).toBe(false); // Saturday
      expect(weekdays.can('open', 'shop', undefined, at('2024-01-07T12:00:00Z'))).toBe(false); // Sunday
      const sundayMorning = grantIf('shop:open', [{ type: 'time', days: [0], from: '08:00', to: '12:00' }]);
      expect(sundayMorning.can('open', 'shop', undefined, at('2024-01-07T09:00:00Z'))).toBe(true);
      expect(sundayMorning.can('open', 'shop', undefined, at('2024-01-07T13:00:00Z'))).toBe(false);
      expect(sundayMorning.can('open', 'shop', undefined, at('2024-01-08T09:00:00Z'))).toBe(false);
    });

    it('reads hours and days in the given time zone', () => {
      const newYork = grantIf('desk:staff', [
        { type: 'time', from: '09:00', to: '17:00', days: [1], timeZone: 'America/New_York' },
      ]);
      // Monday 2024-01-08 in New York is UTC-5: 14:30Z is 09:30 there, 21:00Z is 16:00, 22:30Z is 17:30.
      expect(newYork.can('staff', 'desk', undefined, at('2024-01-08T13:30:00Z'))).toBe(false);
      expect(newYork.can('staff', 'desk', undefined, at('2024-01-08T14:30:00Z'))).toBe(true);
      expect(newYork.can('staff', 'desk', undefined, at('2024-01-08T21:00:00Z'))).toBe(true);
      expect(newYork.can('staff', 'desk', undefined, at('2024-01-08T22:30:00Z'))).toBe(false);
      // Tuesday 02:00Z is still Monday 21:00 in New York: the day is New York's.
      const mondayEvening = grantIf('desk:staff', [{ type: 'time', days: [1], timeZone: 'America/New_York' }]);
      expect(mondayEvening.can('staff', 'desk', undefined, at('2024-01-09T02:00:00Z'))).toBe(true);
      expect(mondayEvening.can('staff', 'desk', undefined, at('2024-01-09T06:00:00Z'))).toBe(false);
      // Summer time is the zone's too: Paris is UTC+2 in July.
      const paris = grantIf('desk:staff', [{ type: 'time', from: '09:00', to: '10:00', timeZone: 'Europe/Paris' }]);
      expect(paris.can('staff', 'desk', undefined, at('2024-07-10T07:30:00Z'))).toBe(true);
      expect(paris.can('staff', 'desk', undefined, at('2024-07-10T09:30:00Z'))).toBe(false);
      expect(paris.can('staff', 'desk', undefined, at('2024-01-10T08:30:00Z'))).toBe(true);
    });

    it('an absolute window: after inclusive, before exclusive, offsets honoured', () => {
      const policy = grantIf('sale:join', [
        { type: 'time', after: '2024-03-01T00:00:00Z', before: '2024-03-02T00:00:00+01:00' },
      ]);
      expect(policy.can('join', 'sale', undefined, at('2024-02-29T23:59:59Z'))).toBe(false);
      expect(policy.can('join', 'sale', undefined, at('2024-03-01T00:00:00Z'))).toBe(true);
      expect(policy.can('join', 'sale', undefined, at('2024-03-01T22:59:59Z'))).toBe(true);
      expect(policy.can('join', 'sale', undefined, at('2024-03-01T23:00:00Z'))).toBe(false);
    });

    it('uses the clock when the context has no time', () => {
      expect(grantIf('x:y', [{ type: 'time', before: '2000-01-01T00:00:00Z' }]).can('y', 'x')).toBe(false);
      expect(grantIf('x:y', [{ type: 'time', after: '2000-01-01T00:00:00Z' }]).can('y', 'x')).toBe(true);
    });

    it('is evaluated at each check, not memoised with the rule match', () => {
      const policy = grantIf('report:run', [{ type: 'time', from: '09:00', to: '17:00' }]);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T10:00:00Z'))).toBe(true);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T20:00:00Z'))).toBe(false);
      expect(policy.can('run', 'report', undefined, at('2024-01-08T10:00:00Z'))).toBe(true);
    });
  });

  describe('ip', () => {
    const policy = grantIf('admin:access', [
      { type: 'ip', ranges: ['10.0.0.0/8', '192.168.1.5', '2001:db8::/32', '::1'] },
    ]);
    const from = (ip: unknown) => policy.can('access', 'admin', undefined, { ip } as CheckContext);

    it('holds for an address in an IPv4 range or equal to a single address', () => {
      expect(from('10.0.0.1')).toBe(true);
      expect(from('10.255.255.255')).toBe(true);
      expect(from('11.0.0.1')).toBe(false);
      expect(from('192.168.1.5')).toBe(true);
      expect(from('192.168.1.6')).toBe(false);
    });

    it('holds for IPv6 ranges and addresses, whatever the notation', () => {
      expect(from('2001:db8::1')).toBe(true);
      expect(from('2001:0db8:ffff::42')).toBe(true);
      expect(from('2001:db9::1')).toBe(false);
      expect(from('::1')).toBe(true);
      expect(from('0:0:0:0:0:0:0:1')).toBe(true);
      expect(from('::2')).toBe(false);
    });

    it('matches an IPv4-mapped IPv6 client address against IPv4 ranges', () => {
      expect(from('::ffff:10.1.2.3')).toBe(true);
      expect(from('::ffff:11.1.2.3')).toBe(false);
    });

    it('does not hold without a client address or with a bad one', () => {
      expect(from(undefined)).toBe(false);
      expect(from('')).toBe(false);
      expect(from('not-an-ip')).toBe(false);
      expect(from('10.0.0.1/8')).toBe(false);
      expect(from('10.0.0.256')).toBe(false);
      expect(from(167772161)).toBe(false);
      expect(policy.can('access', 'admin')).toBe(false);
    });
  });

  describe('custom predicates', () => {
    it('receives the check and its args and decides', () => {
      const calls: PredicateInput[] = [];
      const planAtLeast: Predicate = (input) => {
        calls.push(input);
        const rank = ['free', 'pro', 'enterprise'];
        return rank.indexOf(String(input.context.plan)) >= rank.indexOf(String(input.args.plan));
      };
      const policy = grantIf('export:run', [{ type: 'custom', name: 'planAtLeast', args: { plan: 'pro' } }], {
        predicates: new Map([['planAtLeast', planAtLeast]]),
      });
      const object = { id: 'e1' };
      expect(policy.can('run', 'export', object, { plan: 'enterprise' })).toBe(true);
      expect(policy.can('run', 'export', object, { plan: 'pro' })).toBe(true);
      expect(policy.can('run', 'export', object, { plan: 'free' })).toBe(false);
      expect(calls[0]).toEqual({
        userId: ME,
        resource: 'export',
        action: 'run',
        object,
        context: { plan: 'enterprise' },
        args: { plan: 'pro' },
      });
    });

    it('is asked without an object too, and gets empty args when none are given', () => {
      const seen: PredicateInput[] = [];
      const policy = grantIf('export:run', [{ type: 'custom', name: 'beta' }], {
        predicates: new Map<string, Predicate>([
          [
            'beta',
            (input) => {
              seen.push(input);
              return input.context.beta === true;
            },
          ],
        ]),
      });
      expect(policy.can('run', 'export', undefined, { beta: true })).toBe(true);
      expect(policy.can('run', 'export', undefined, { beta: false })).toBe(false);
      expect(seen[0]?.object).toBeUndefined();
      expect(seen[0]?.args).toEqual({});
    });

    it('holds only for a literal true', () => {
      const truthy = (() => 1) as unknown as Predicate;
      const policy = grantIf('x:y', [{ type: 'custom', name: 'truthy' }], {
        predicates: new Map([['truthy', truthy]]),
      });
      expect(policy.can('y', 'x')).toBe(false);
    });

    it('never holds when the predicate is not registered at compile time', () => {
      expect(grantIf('x:y', [{ type: 'custom', name: 'gone' }]).can('y', 'x')).toBe(false);
    });
  });
});

describe('wildcards', () => {
  it('`*` grants every action on every resource', () => {
    const policy = policyOf([{ permission: '*' }]);
    expect(policy.can('read', 'post')).toBe(true);
    expect(policy.can('ban', 'user', { id: OTHER })).toBe(true);
    expect(policy.has('audit:export')).toBe(true);
    expect(policy.has('x:y:own')).toBe(true);
  });

  it('`audit:*` grants every action on audit only', () => {
    const policy = policyOf([{ permission: 'audit:*' }]);
    expect(policy.can('read', 'audit')).toBe(true);
    expect(policy.can('purge', 'audit')).toBe(true);
    expect(policy.can('read', 'post')).toBe(false);
  });

  it('`*:read` grants reading every resource only', () => {
    const policy = policyOf([{ permission: '*:read' }]);
    expect(policy.can('read', 'post')).toBe(true);
    expect(policy.can('read', 'user')).toBe(true);
    expect(policy.can('update', 'post')).toBe(false);
  });

  it('a `*` in the question is a name like any other: only a wildcard rule covers it', () => {
    const policy = policyOf([{ permission: 'post:read' }, { permission: 'audit:*' }]);
    expect(policy.can('*', 'post')).toBe(false);
    expect(policy.can('*', 'audit')).toBe(true);
    expect(policy.can('read', '*')).toBe(false);
  });

  it('a wildcard deny beats an exact grant', () => {
    const policy = policyOf([{ permission: 'post:delete' }, { permission: '*:delete', effect: 'deny' }]);
    expect(policy.can('delete', 'post')).toBe(false);
    expect(policy.explain('delete', 'post').rule?.permission).toBe('*:delete');
  });
});

describe('deny and grants', () => {
  it('an applicable deny beats every grant, whatever the order', () => {
    for (const rules of [
      [{ permission: 'post:*' }, { permission: 'post:delete', effect: 'deny' as const }],
      [{ permission: 'post:delete', effect: 'deny' as const }, { permission: 'post:*' }],
    ]) {
      const policy = policyOf(rules);
      expect(policy.can('delete', 'post')).toBe(false);
      expect(policy.can('delete', 'post', { userId: ME })).toBe(false);
      expect(policy.has('post:delete:own')).toBe(false);
      expect(policy.can('read', 'post')).toBe(true);
    }
  });

  it('a deny of `*` refuses everything, a grant of `*` beside it notwithstanding', () => {
    const policy = policyOf([{ permission: '*' }, { permission: '*', effect: 'deny' }]);
    expect(policy.can('read', 'post')).toBe(false);
    expect(policy.has('x:y:own')).toBe(false);
  });

  it('a deny alone is no grant', () => {
    const policy = policyOf([{ permission: 'post:delete', effect: 'deny' }]);
    expect(policy.can('read', 'post')).toBe(false);
    expect(policy.explain('read', 'post')).toEqual({ allowed: false, reason: 'no-grant' });
  });

  it('a conditional deny applies only when its conditions hold, and without an object it applies', () => {
    const policy = policyOf([
      { permission: 'post:update' },
      {
        permission: 'post:update',
        effect: 'deny',
        conditions: [{ type: 'attribute', field: 'status', op: 'eq', value: 'locked' }],
      },
    ]);
    expect(policy.can('update', 'post', { status: 'draft' })).toBe(true);
    expect(policy.can('update', 'post', { status: 'locked' })).toBe(false);
    // "On every post?" — some may be locked: the cautious reading refuses.
    expect(policy.can('update', 'post')).toBe(false);
    expect(policy.has('post:update')).toBe(false);
  });

  it('a deny whose conditions do not need the object is decided without one', () => {
    const policy = policyOf([
      { permission: 'report:*' },
      { permission: 'report:run', effect: 'deny', conditions: [{ type: 'time', from: '00:00', to: '06:00' }] },
    ]);
    expect(policy.can('run', 'report', undefined, at('2024-01-08T03:00:00Z'))).toBe(false);
    expect(policy.can('run', 'report', undefined, at('2024-01-08T12:00:00Z'))).toBe(true);
    expect(policy.can('read', 'report', undefined, at('2024-01-08T03:00:00Z'))).toBe(true);
  });

  it('a deny from an unregistered predicate (removed from the app since) still applies: closed, not open', () => {
    const policy = policyOf([
      { permission: 'post:read' },
      { permission: 'post:read', effect: 'deny', conditions: [{ type: 'custom', name: 'gone' }] },
    ]);
    expect(policy.can('read', 'post')).toBe(false);
    expect(policy.explain('read', 'post', {}).reason).toBe('denied');
    // A grant from one does not apply.
    expect(
      policyOf([{ permission: 'post:read', conditions: [{ type: 'custom', name: 'gone' }] }]).can('read', 'post', {}),
    ).toBe(false);
  });

  it('a condition on the client address or the tenant, when the context lacks it: a deny applies, a grant does not', () => {
    const blocked = policyOf([
      { permission: 'user:ban' },
      { permission: 'user:ban', effect: 'deny', conditions: [{ type: 'ip', ranges: ['203.0.113.0/24'] }] },
    ]);
    expect(blocked.can('ban', 'user', {}, { ip: '198.51.100.7' })).toBe(true);
    expect(blocked.can('ban', 'user', {}, { ip: '203.0.113.9' })).toBe(false);
    // A server-side check with no address (a job, a script) cannot tell: the deny stands.
    expect(blocked.can('ban', 'user', {})).toBe(false);
    const office = policyOf([{ permission: 'user:ban', conditions: [{ type: 'ip', ranges: ['10.0.0.0/8'] }] }]);
    expect(office.can('ban', 'user', {})).toBe(false);
    const tenantDeny = policyOf([
      { permission: 'post:read' },
      { permission: 'post:read', effect: 'deny', conditions: [{ type: 'tenant' }] },
    ]);
    expect(tenantDeny.can('read', 'post', { tenantId: 't1' }, { tenantId: 't2' })).toBe(true);
    expect(tenantDeny.can('read', 'post', { tenantId: 't1' })).toBe(false);
  });

  it('an invalid context.now reads the clock: a caller bug neither opens nor closes a window', () => {
    const past = policyOf([
      { permission: 'post:read', conditions: [{ type: 'time', before: '2000-01-01T00:00:00Z' }] },
    ]);
    expect(past.can('read', 'post', {}, { now: new Date('not a date') })).toBe(false);
    expect(past.can('read', 'post', {}, { now: Number.NaN })).toBe(false);
    const open = policyOf([{ permission: 'post:read', conditions: [{ type: 'time', after: '2000-01-01T00:00:00Z' }] }]);
    expect(open.can('read', 'post', {}, { now: new Date('not a date') })).toBe(true);
  });

  it('a grant with unmet conditions beside a plain grant does not matter', () => {
    const policy = policyOf([
      { permission: 'post:read', conditions: [{ type: 'attribute', field: 'public', op: 'eq', value: true }] },
      { permission: 'post:read' },
    ]);
    expect(policy.can('read', 'post', { public: false })).toBe(true);
    expect(policy.explain('read', 'post', { public: false }).reason).toBe('granted');
  });
});

describe('own and any', () => {
  it('an own grant: on owned objects only, and `has` only for the own scope', () => {
    const policy = policyOf([{ permission: 'post:update:own' }]);
    expect(policy.can('update', 'post', { userId: ME })).toBe(true);
    expect(policy.can('update', 'post', { userId: OTHER })).toBe(false);
    // Without an object: "every post?" — no.
    expect(policy.can('update', 'post')).toBe(false);
    expect(policy.has('post:update:own')).toBe(true);
    expect(policy.has('post:update')).toBe(false);
    expect(policy.has('post:update:any')).toBe(false);
    expect(policy.has('post:delete:own')).toBe(false);
  });

  it('an any grant implies own', () => {
    const policy = policyOf([{ permission: 'post:update' }]);
    expect(policy.can('update', 'post')).toBe(true);
    expect(policy.can('update', 'post', { userId: OTHER })).toBe(true);
    expect(policy.can('update', 'post', { userId: ME })).toBe(true);
    expect(policy.has('post:update:any')).toBe(true);
    expect(policy.has('post:update:own')).toBe(true);
  });

  it('an own deny beside an any grant: others only', () => {
    const policy = policyOf([{ permission: 'post:vote' }, { permission: 'post:vote:own', effect: 'deny' }]);
    expect(policy.can('vote', 'post', { userId: OTHER })).toBe(true);
    expect(policy.can('vote', 'post', { userId: ME })).toBe(false);
    // Without an object the deny (needing it) applies.
    expect(policy.can('vote', 'post')).toBe(false);
    expect(policy.has('post:vote')).toBe(false);
    expect(policy.has('post:vote:own')).toBe(false);
  });

  it('asking own counts ownership given, but not the other conditions of the grant', () => {
    const policy = policyOf([
      { permission: 'post:edit:own', conditions: [{ type: 'attribute', field: 'status', op: 'eq', value: 'draft' }] },
      { permission: 'post:share:own', conditions: [{ type: 'time', from: '09:00', to: '17:00' }] },
    ]);
    expect(policy.has('post:edit:own')).toBe(false);
    expect(policy.has('post:share:own', at('2024-01-08T10:00:00Z'))).toBe(true);
    expect(policy.has('post:share:own', at('2024-01-08T20:00:00Z'))).toBe(false);
    expect(policy.can('edit', 'post', { userId: ME, status: 'draft' })).toBe(true);
  });

  it('ownership alone grants only when the own grant has nothing else to check and no deny is around', () => {
    const owned = { userId: ME, status: 'locked' };
    // Another condition on the own grant.
    const withCondition = policyOf([
      { permission: 'post:edit:own', conditions: [{ type: 'attribute', field: 'status', op: 'eq', value: 'draft' }] },
    ]);
    expect(withCondition.can('edit', 'post', owned)).toBe(false);
    expect(withCondition.can('edit', 'post', { ...owned, status: 'draft' })).toBe(true);
    // A conditional deny beside a plain own grant.
    const withDeny = policyOf([
      { permission: 'post:edit:own' },
      {
        permission: 'post:*',
        effect: 'deny',
        conditions: [{ type: 'attribute', field: 'status', op: 'eq', value: 'locked' }],
      },
    ]);
    expect(withDeny.can('edit', 'post', owned)).toBe(false);
    expect(withDeny.can('edit', 'post', { ...owned, status: 'draft' })).toBe(true);
    // An own grant from a tenant-scoped, expiring assignment.
    const expiresAt = Date.parse('2024-06-01T00:00:00Z');
    const scoped = policyOf([{ permission: 'post:edit:own', tenantId: 't1', expiresAt }]);
    const inT1 = { tenantId: 't1', now: expiresAt - 1 };
    expect(scoped.can('edit', 'post', owned, inT1)).toBe(true);
    expect(scoped.can('edit', 'post', owned, { tenantId: 't2', now: expiresAt - 1 })).toBe(false);
    expect(scoped.can('edit', 'post', owned, { tenantId: 't1', now: expiresAt })).toBe(false);
    expect(scoped.can('edit', 'post', owned)).toBe(false);
    // Two own grants, one plain: either may grant.
    const both = policyOf([
      { permission: 'post:edit:own', conditions: [{ type: 'time', before: '2000-01-01T00:00:00Z' }] },
      { permission: '*:edit:own' },
    ]);
    expect(both.can('edit', 'post', owned)).toBe(true);
    expect(both.can('edit', 'post', { userId: OTHER })).toBe(false);
  });

  it('an explicit owner condition counts as given when own is asked', () => {
    const policy = grantIf('doc:edit', [{ type: 'owner', field: 'createdBy' }]);
    expect(policy.has('doc:edit:own')).toBe(true);
    expect(policy.has('doc:edit')).toBe(false);
  });
});

describe('assignments', () => {
  const catalog = catalogOf(
    role('editor', [allow('post:update'), allow('post:read')]),
    role('suspended', [deny('post:*')]),
  );

  it('a tenant-scoped assignment applies only in its tenant', () => {
    const policy = new Policy(policyDataFor(ME, catalog, [{ role: 'editor', tenantId: 't1' }]));
    expect(policy.can('update', 'post', undefined, { tenantId: 't1' })).toBe(true);
    expect(policy.can('update', 'post', undefined, { tenantId: 't2' })).toBe(false);
    expect(policy.can('update', 'post')).toBe(false);
    expect(policy.has('post:update', { tenantId: 't1' })).toBe(true);
    expect(policy.has('post:update')).toBe(false);
    expect(policy.explain('update', 'post', undefined, { tenantId: 't1' }).rule).toEqual({
      permission: 'post:update',
      effect: 'allow',
      role: 'editor',
      tenantId: 't1',
    });
    expect(policy.explain('update', 'post', undefined, { tenantId: 't2' }).reason).toBe('conditions-unmet');
  });

  it('a global assignment applies in every tenant; a tenant-scoped deny in its tenant, and when none is named', () => {
    const policy = new Policy(policyDataFor(ME, catalog, [{ role: 'editor' }, { role: 'suspended', tenantId: 't2' }]));
    // No tenant in the context: the deny may be about this very request, so it applies (the cautious reading).
    expect(policy.can('read', 'post')).toBe(false);
    expect(policy.can('read', 'post', undefined, { tenantId: 't1' })).toBe(true);
    expect(policy.can('read', 'post', undefined, { tenantId: 't2' })).toBe(false);
    expect(policy.explain('read', 'post', undefined, { tenantId: 't2' }).rule).toEqual({
      permission: 'post:*',
      effect: 'deny',
      role: 'suspended',
      tenantId: 't2',
    });
  });

  it('hasRole: roles held directly and live, everywhere, or in the named tenant', () => {
    const policy = new Policy(
      policyDataFor(ME, catalog, [
        { role: 'editor', tenantId: 't1' },
        { role: 'suspended', tenantId: null },
        { role: 'admin', expiresAt: Date.parse('2030-01-01T00:00:00Z') },
      ]),
    );
    // A tenant's role is not held everywhere: the admin gate asks about global roles.
    expect(policy.hasRole('editor')).toBe(false);
    expect(policy.hasRole('editor', 't1')).toBe(true);
    expect(policy.hasRole('admin', undefined, Date.parse('2029-12-31T00:00:00Z'))).toBe(true);
    expect(policy.hasRole('admin', undefined, Date.parse('2030-01-01T00:00:00Z'))).toBe(false);
    expect(policy.hasRole('editor', 't2')).toBe(false);
    expect(policy.hasRole('suspended', 't2')).toBe(true);
    expect(policy.hasRole('manager')).toBe(false);
  });

  it('an expiring assignment applies until its expiry (context.now)', () => {
    const expiresAt = Date.parse('2024-06-01T00:00:00Z');
    const policy = new Policy(policyDataFor(ME, catalog, [{ role: 'editor', expiresAt }], expiresAt - 60_000));
    expect(policy.can('update', 'post', undefined, { now: expiresAt - 1 })).toBe(true);
    expect(policy.can('update', 'post', undefined, { now: new Date(expiresAt - 1) })).toBe(true);
    expect(policy.can('update', 'post', undefined, { now: expiresAt })).toBe(false);
    expect(policy.can('update', 'post', undefined, { now: new Date(expiresAt + 1) })).toBe(false);
    // And by the clock without a time in the context: 2024 is past.
    expect(policy.can('update', 'post')).toBe(false);
    expect(policy.explain('update', 'post', undefined, { now: expiresAt }).reason).toBe('conditions-unmet');
  });

  it('an expiring deny stops refusing at its expiry', () => {
    const expiresAt = Date.parse('2024-06-01T00:00:00Z');
    const assignments: RoleAssignment[] = [{ role: 'editor' }, { role: 'suspended', expiresAt }];
    const policy = new Policy(policyDataFor(ME, catalog, assignments, expiresAt - 1000));
    expect(policy.can('read', 'post', undefined, { now: expiresAt - 1 })).toBe(false);
    expect(policy.can('read', 'post', undefined, { now: expiresAt })).toBe(true);
  });

  it('an assignment not yet expired by the clock applies without a time in the context', () => {
    const expiresAt = Date.now() + 3_600_000;
    const policy = new Policy(policyDataFor(ME, catalog, [{ role: 'editor', expiresAt }]));
    expect(policy.can('update', 'post')).toBe(true);
  });
});

describe('explain', () => {
  const catalog = catalogOf(
    role('viewer', [allow('post:read')]),
    role('author', [allow('post:update:own'), deny('post:delete')], ['viewer']),
  );
  const policy = new Policy(policyDataFor(ME, catalog, [{ role: 'author' }]));

  it('granted, with the rule and the role it came through', () => {
    expect(policy.explain('read', 'post')).toEqual({
      allowed: true,
      reason: 'granted',
      rule: { permission: 'post:read', effect: 'allow', role: 'viewer', via: 'author' },
    });
    expect(policy.explain('update', 'post', { userId: ME })).toEqual({
      allowed: true,
      reason: 'granted',
      rule: { permission: 'post:update:own', effect: 'allow', role: 'author' },
    });
  });

  it('denied, with the deny rule', () => {
    expect(policy.explain('delete', 'post', { userId: ME })).toEqual({
      allowed: false,
      reason: 'denied',
      rule: { permission: 'post:delete', effect: 'deny', role: 'author' },
    });
  });

  it('conditions-unmet when grants exist but none holds', () => {
    expect(policy.explain('update', 'post', { userId: OTHER })).toEqual({ allowed: false, reason: 'conditions-unmet' });
    expect(policy.explain('update', 'post')).toEqual({ allowed: false, reason: 'conditions-unmet' });
  });

  it('no-grant when no rule covers it', () => {
    expect(policy.explain('publish', 'post')).toEqual({ allowed: false, reason: 'no-grant' });
    expect(policy.explain('read', 'comment')).toEqual({ allowed: false, reason: 'no-grant' });
  });

  it('explainPermission reads the scope of the string', () => {
    expect(policy.explainPermission('post:update:own')).toMatchObject({ allowed: true, reason: 'granted' });
    expect(policy.explainPermission('post:update')).toEqual({ allowed: false, reason: 'conditions-unmet' });
    expect(policy.explainPermission('post:delete:own')).toMatchObject({ allowed: false, reason: 'denied' });
    expect(() => policy.explainPermission('post')).toThrow(SDKError);
  });

  it('agrees with can', () => {
    const questions: [string, string, Record<string, unknown> | undefined][] = [
      ['read', 'post', undefined],
      ['update', 'post', { userId: ME }],
      ['update', 'post', { userId: OTHER }],
      ['update', 'post', undefined],
      ['delete', 'post', { userId: ME }],
      ['publish', 'post', undefined],
    ];
    for (const [action, resource, object] of questions)
      expect(policy.explain(action, resource, object).allowed).toBe(policy.can(action, resource, object));
  });

  it('names the rule of the first assignment that grants, via included', () => {
    const twice = new Policy(policyDataFor(ME, catalog, [{ role: 'viewer' }, { role: 'author' }]));
    expect(twice.explain('read', 'post').rule).toEqual({ permission: 'post:read', effect: 'allow', role: 'viewer' });
  });
});

describe('canAll and canAny', () => {
  const policy = policyOf([{ permission: 'post:read' }, { permission: 'post:update:own' }]);

  it('canAll: every check, strings and actions with objects', () => {
    expect(policy.canAll(['post:read', { action: 'update', resource: 'post', object: { userId: ME } }])).toBe(true);
    expect(policy.canAll(['post:read', 'post:update:own'])).toBe(true);
    expect(policy.canAll(['post:read', 'post:update'])).toBe(false);
    expect(policy.canAll(['post:read', { action: 'update', resource: 'post', object: { userId: OTHER } }])).toBe(false);
    expect(policy.canAll([])).toBe(true);
  });

  it('canAny: at least one', () => {
    expect(policy.canAny(['post:delete', 'post:read'])).toBe(true);
    expect(policy.canAny(['post:delete', { action: 'update', resource: 'post', object: { userId: ME } }])).toBe(true);
    expect(policy.canAny(['post:delete', { action: 'update', resource: 'post', object: { userId: OTHER } }])).toBe(
      false,
    );
    expect(policy.canAny([])).toBe(false);
  });

  it('passes each check its own context', () => {
    const tenantPolicy = new Policy(
      policyDataFor(ME, catalogOf(role('editor', [allow('post:update')])), [{ role: 'editor', tenantId: 't1' }]),
    );
    const inT1 = { action: 'update', resource: 'post', context: { tenantId: 't1' } };
    const inT2 = { action: 'update', resource: 'post', context: { tenantId: 't2' } };
    expect(tenantPolicy.canAll([inT1])).toBe(true);
    expect(tenantPolicy.canAll([inT1, inT2])).toBe(false);
    expect(tenantPolicy.canAny([inT2, inT1])).toBe(true);
  });

  it('refuses an invalid permission string', () => {
    expect(thrown(() => policy.canAll(['post'])).code).toBe('PERMISSION_INVALID');
  });
});

describe('memoisation', () => {
  it('answers right past the memo limit', () => {
    const policy = policyOf([{ permission: '*:read' }, { permission: 'r2500:read', effect: 'deny' }]);
    for (let i = 0; i < 3000; i += 1) {
      expect(policy.can('read', `r${i}`)).toBe(i !== 2500);
      expect(policy.can('write', `r${i}`)).toBe(false);
    }
    expect(policy.can('read', 'r2500')).toBe(false);
    expect(policy.can('read', 'r2999')).toBe(true);
  });

  it('compilePolicy is new Policy', () => {
    const policy = compilePolicy({ userId: ME, assignments: [], rules: [{ ...allow('a:b'), role: 'r' }] });
    expect(policy).toBeInstanceOf(Policy);
    expect(policy.userId).toBe(ME);
    expect(policy.can('b', 'a')).toBe(true);
  });
});

describe('inheritanceChain', () => {
  it('walks a diamond once per role, the role itself first', () => {
    const catalog = catalogOf(
      role('admin', [], ['editor', 'moderator']),
      role('editor', [], ['viewer']),
      role('moderator', [], ['viewer']),
      role('viewer', []),
    );
    expect(inheritanceChain(catalog, 'admin').map((r) => r.name)).toEqual(['admin', 'editor', 'viewer', 'moderator']);
    expect(inheritanceChain(catalog, 'moderator').map((r) => r.name)).toEqual(['moderator', 'viewer']);
    expect(inheritanceChain(catalog, 'viewer').map((r) => r.name)).toEqual(['viewer']);
  });

  it('skips missing roles', () => {
    const catalog = catalogOf(role('admin', [], ['ghost', 'viewer']), role('viewer', []));
    expect(inheritanceChain(catalog, 'admin').map((r) => r.name)).toEqual(['admin', 'viewer']);
    expect(inheritanceChain(catalog, 'ghost')).toEqual([]);
  });

  it('ends on a cycle', () => {
    const catalog = catalogOf(role('a', [], ['b']), role('b', [], ['a']));
    expect(inheritanceChain(catalog, 'a').map((r) => r.name)).toEqual(['a', 'b']);
  });
});

describe('findInheritanceCycle', () => {
  it('finds a self-loop', () => {
    expect(findInheritanceCycle(new Map([['a', ['a']]]))).toEqual(['a', 'a']);
  });

  it('finds a longer cycle as the closed path', () => {
    const edges = new Map([
      ['x', ['a']],
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findInheritanceCycle(edges)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds none in a diamond, a chain or with parents missing from the map', () => {
    expect(
      findInheritanceCycle(
        new Map([
          ['admin', ['editor', 'moderator']],
          ['editor', ['viewer']],
          ['moderator', ['viewer']],
          ['viewer', []],
        ]),
      ),
    ).toBeUndefined();
    expect(findInheritanceCycle(new Map([['a', ['ghost']]]))).toBeUndefined();
    expect(findInheritanceCycle(new Map())).toBeUndefined();
  });
});

describe('policyDataFor and nextExpiry', () => {
  const catalog = catalogOf(
    role('viewer', [allow('post:read')]),
    role(
      'editor',
      [allow('post:update', [{ type: 'attribute', field: 'status', op: 'eq', value: 'draft' }])],
      ['viewer'],
    ),
  );
  const now = Date.parse('2024-06-01T00:00:00Z');

  it('tags rules with role, via, tenant and expiry', () => {
    const data = policyDataFor(ME, catalog, [{ role: 'editor', tenantId: 't1', expiresAt: now + 1000 }], now);
    expect(data.userId).toBe(ME);
    expect(data.rules).toEqual([
      {
        permission: 'post:update',
        effect: 'allow',
        conditions: [{ type: 'attribute', field: 'status', op: 'eq', value: 'draft' }],
        role: 'editor',
        tenantId: 't1',
        expiresAt: now + 1000,
      },
      {
        permission: 'post:read',
        effect: 'allow',
        role: 'viewer',
        via: 'editor',
        tenantId: 't1',
        expiresAt: now + 1000,
      },
    ]);
  });

  it('drops assignments expired at now (the expiry itself included), keeps those without expiry', () => {
    const assignments: RoleAssignment[] = [
      { role: 'viewer', expiresAt: now },
      { role: 'editor', expiresAt: now - 1 },
      { role: 'viewer', tenantId: 't1', expiresAt: null },
      { role: 'viewer', tenantId: 't2' },
    ];
    const data = policyDataFor(ME, catalog, assignments, now);
    expect(data.assignments).toEqual([
      { role: 'viewer', tenantId: 't1', expiresAt: null },
      { role: 'viewer', tenantId: 't2' },
    ]);
    expect(data.rules).toEqual([
      { permission: 'post:read', effect: 'allow', role: 'viewer', tenantId: 't1' },
      { permission: 'post:read', effect: 'allow', role: 'viewer', tenantId: 't2' },
    ]);
    // Copies: changing the input afterwards does not change the data.
    (assignments[2] as RoleAssignment).role = 'editor';
    expect(data.assignments[0]?.role).toBe('viewer');
  });

  it('gives nothing for a role missing from the catalog', () => {
    expect(policyDataFor(ME, catalog, [{ role: 'ghost' }], now).rules).toEqual([]);
  });

  it('nextExpiry: the earliest live expiry, or undefined', () => {
    const data = policyDataFor(
      ME,
      catalog,
      [
        { role: 'viewer', expiresAt: now + 5000 },
        { role: 'editor', expiresAt: now + 2000 },
        { role: 'viewer', expiresAt: now - 10 },
        { role: 'viewer' },
      ],
      now,
    );
    expect(nextExpiry(data)).toBe(now + 2000);
    expect(nextExpiry(policyDataFor(ME, catalog, [{ role: 'viewer' }, { role: 'editor', expiresAt: null }], now))).toBe(
      undefined,
    );
    expect(nextExpiry(policyDataFor(ME, catalog, [], now))).toBeUndefined();
  });
});
