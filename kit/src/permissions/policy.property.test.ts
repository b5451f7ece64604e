import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findInheritanceCycle,
  inheritanceChain,
  policyDataFor,
  type RoleAssignment,
  type RoleDefinition,
  type RuleData,
} from './catalog.ts';
import {
  compileCondition,
  type CheckContext,
  type Condition,
  type Predicate,
  type ResourceObject,
} from './conditions.ts';
import { parsePermission, type PermissionScope } from './permission.ts';
import { Policy, type CompileOptions } from './policy.ts';

// Properties of the policy that must hold for every rule set, not only the examples of policy.test.ts. A failure
// prints the seed and the shrunk counterexample; `fc.assert(..., { seed })` replays it.

const RUNS = 200;
const ME = 'me';
const OTHER = 'other';
const RESOURCES = ['post', 'user', 'audit'] as const;
const ACTIONS = ['read', 'update', 'delete'] as const;
const T0 = Date.parse('2024-01-08T00:00:00Z');
const DAY = 86_400_000;

/** Custom predicate of the generated rules: reads the context only, never the object. */
const flag: Predicate = ({ context, args }) => context.flag === args.want;
const OPTIONS: CompileOptions = { predicates: new Map([['flag', flag]]) };

const resourceArb = fc.constantFrom(...RESOURCES);
const actionArb = fc.constantFrom(...ACTIONS);
const permissionArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant('*'),
  fc
    .tuple(
      fc.constantFrom<string>(...RESOURCES, '*'),
      fc.constantFrom<string>(...ACTIONS, '*'),
      fc.constantFrom('', ':own', ':any'),
    )
    .map(([resource, action, scope]) => `${resource}:${action}${scope}`),
);
const clockArb = fc
  .integer({ min: 0, max: 24 * 60 - 1 })
  .map((minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
const valueArb = fc.constantFrom<string | number | null>('draft', 'locked', 1, null);

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.constant<Condition>({ type: 'owner' }),
  fc.constant<Condition>({ type: 'owner', field: 'authorId' }),
  fc.constantFrom<Condition>({ type: 'tenant' }, { type: 'tenant', field: 'orgId' }),
  fc
    .record({
      field: fc.constantFrom('status', 'level'),
      op: fc.constantFrom('eq' as const, 'ne' as const, 'in' as const, 'nin' as const),
      value: fc.oneof(valueArb, fc.subarray(['draft', 'locked', 1, null])),
    })
    .map((attribute): Condition => ({ type: 'attribute', ...attribute })),
  fc
    .record({
      window: fc.option(fc.tuple(clockArb, clockArb), { nil: undefined }),
      days: fc.option(fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), { nil: undefined }),
      timeZone: fc.constantFrom(undefined, 'UTC', 'America/New_York', 'Asia/Kolkata'),
      after: fc.option(fc.integer({ min: T0, max: T0 + 14 * DAY }), { nil: undefined }),
    })
    .map(({ window, days, timeZone, after }): Condition => {
      const time: Condition = { type: 'time' };
      if (window) [time.from, time.to] = window;
      if (days) time.days = days;
      if (timeZone) time.timeZone = timeZone;
      if (after !== undefined) time.after = new Date(after).toISOString();
      return time;
    }),
  fc
    .subarray(['10.0.0.0/8', '192.168.1.5', '2001:db8::/32'], { minLength: 1 })
    .map((ranges): Condition => ({ type: 'ip', ranges })),
  fc.boolean().map((want): Condition => ({ type: 'custom', name: 'flag', args: { want } })),
);

/** A value one time in four, else undefined (`fc.option` gives undefined one time in five only). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });

/** Rules of the given permissions: grants twice as often as denies, half of them with conditions. */
const rulesOf = (
  permission: fc.Arbitrary<string>,
  conditions = fc.option(fc.array(conditionArb, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 }),
): fc.Arbitrary<RuleData> =>
  fc
    .record({
      permission,
      effect: fc.constantFrom('allow' as const, 'allow' as const, 'deny' as const),
      conditions,
      tenantId: rarely(fc.constantFrom('t1', 't2')),
      expiresAt: rarely(fc.integer({ min: T0, max: T0 + 14 * DAY })),
      role: fc.constantFrom('a', 'b', 'c'),
    })
    .map((rule) => {
      const data: RuleData = { permission: rule.permission, effect: rule.effect, role: rule.role };
      if (rule.conditions) data.conditions = rule.conditions;
      if (rule.tenantId !== undefined) data.tenantId = rule.tenantId;
      if (rule.expiresAt !== undefined) data.expiresAt = rule.expiresAt;
      return data;
    });

const ruleArb = rulesOf(permissionArb);
/** Own-scope rules mostly, on a few questions: the shape of `can`'s fast path for owned objects. */
const ownRuleArb = rulesOf(
  fc.constantFrom('post:update:own', '*:update:own', 'post:*:own', 'user:update:own', 'post:update', 'post:delete'),
  rarely(fc.array(conditionArb, { minLength: 1, maxLength: 2 })),
);

const contextArb: fc.Arbitrary<CheckContext> = fc.record({
  tenantId: fc.constantFrom(undefined, 't1', 't2'),
  ip: fc.constantFrom(undefined, '10.1.2.3', '192.168.1.5', '8.8.8.8', '2001:db8::5', 'bogus'),
  now: fc.integer({ min: T0 - DAY, max: T0 + 15 * DAY }),
  flag: fc.boolean(),
});

const objectArb: fc.Arbitrary<ResourceObject> = fc.record(
  {
    id: fc.constantFrom(ME, OTHER),
    userId: fc.constantFrom(ME, OTHER),
    authorId: fc.constantFrom(ME, OTHER),
    status: valueArb,
    level: valueArb,
    tenantId: fc.constantFrom('t1', 't2'),
    orgId: fc.constantFrom('t1', 't2'),
  },
  { requiredKeys: [] },
);

const ownerFieldsArb = fc.constantFrom<CompileOptions['ownerFields']>(undefined, { post: 'authorId' });

const policyOf = (rules: RuleData[], ownerFields?: CompileOptions['ownerFields']) =>
  new Policy({ userId: ME, assignments: [], rules }, ownerFields ? { ...OPTIONS, ownerFields } : OPTIONS);

/**
 * The policy's rules read as plainly as possible (the header comment of policy.ts), with no memo, no split of the
 * rules and no fast path: an applicable deny refuses, else an applicable grant allows. Conditions themselves are
 * `compileCondition`'s (policy.test.ts checks each one).
 */
function reference(
  rules: readonly RuleData[],
  action: string,
  resource: string,
  object: ResourceObject | undefined,
  context: CheckContext,
  asked: PermissionScope,
  ownerFields: CompileOptions['ownerFields'] = {},
): boolean {
  const now = context.now === undefined ? Date.now() : Number(context.now);
  const applies = (rule: RuleData): boolean => {
    const parsed = parsePermission(rule.permission);
    if (parsed.resource !== '*' && parsed.resource !== resource) return false;
    if (parsed.action !== '*' && parsed.action !== action) return false;
    // A tenant-scoped assignment: without a tenant in the context, it holds for a deny (its other conditions still
    // decide) and not for a grant.
    if (rule.tenantId !== undefined && context.tenantId === undefined && rule.effect === 'allow') return false;
    if (rule.tenantId !== undefined && context.tenantId !== undefined && context.tenantId !== rule.tenantId)
      return false;
    if (rule.expiresAt !== undefined && now >= rule.expiresAt) return false;
    const conditions: Condition[] = [
      ...(parsed.scope === 'own' ? [{ type: 'owner' as const }] : []),
      ...(rule.conditions ?? []),
    ];
    return conditions.every((condition) => {
      const compiled = compileCondition(condition, OPTIONS.predicates ?? new Map(), ownerFields);
      if (object === undefined && compiled.needsObject)
        // Without the object: ownership asked is given; otherwise a deny applies and a grant does not.
        return (condition.type === 'owner' && asked === 'own') || rule.effect === 'deny';
      // Without the client address (ip) or the tenant (tenant) the condition reads: the same.
      if (condition.type === 'ip' && context.ip === undefined) return rule.effect === 'deny';
      if (condition.type === 'tenant' && context.tenantId === undefined) return rule.effect === 'deny';
      return compiled.test({ userId: ME, resource, action, object, context, args: {} });
    });
  };
  if (rules.some((rule) => rule.effect === 'deny' && applies(rule))) return false;
  return rules.some((rule) => rule.effect === 'allow' && applies(rule));
}

describe('the policy agrees with a plain reading of its rules', () => {
  it('for can, has and explain, whatever was asked before', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 10 }),
        ownerFieldsArb,
        fc.array(fc.tuple(resourceArb, actionArb, fc.option(objectArb, { nil: undefined }), contextArb, fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (rules, ownerFields, checks) => {
          const policy = policyOf(rules, ownerFields);
          for (const [resource, action, object, context, own] of checks) {
            expect(policy.can(action, resource, object, context)).toBe(
              reference(rules, action, resource, object, context, 'any', ownerFields),
            );
            expect(policy.explain(action, resource, object, context).allowed).toBe(
              reference(rules, action, resource, object, context, 'any', ownerFields),
            );
            const scope = own ? 'own' : 'any';
            expect(policy.has(`${resource}:${action}:${scope}`, context)).toBe(
              reference(rules, action, resource, undefined, context, scope, ownerFields),
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the policy agrees with a plain reading of own-scope rules', () => {
  it('for can on objects, owned or not', () => {
    fc.assert(
      fc.property(
        fc.array(ownRuleArb, { minLength: 1, maxLength: 4 }),
        ownerFieldsArb,
        fc.array(
          fc.tuple(fc.constantFrom('post', 'user'), fc.constantFrom('update', 'delete'), objectArb, contextArb),
          { minLength: 1, maxLength: 6 },
        ),
        (rules, ownerFields, checks) => {
          const policy = policyOf(rules, ownerFields);
          for (const [resource, action, object, context] of checks)
            expect(policy.can(action, resource, object, context)).toBe(
              reference(rules, action, resource, object, context, 'any', ownerFields),
            );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('deny always wins', () => {
  it('an unconditional matching deny, wherever it stands, makes every check of it false', () => {
    let grantedBefore = 0;
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        resourceArb,
        actionArb,
        fc.nat(),
        fc.constantFrom('exact', 'exact-any', 'resource-wildcard', 'action-wildcard', 'star', 'star-star'),
        contextArb,
        objectArb,
        fc.constantFrom(undefined, '', ':own'),
        (generated, resource, action, at, form, context, object, grantScope) => {
          const rules = [...generated];
          // Often a plain grant of the check too, so that the deny has something to beat.
          if (grantScope !== undefined)
            rules.splice(at % (rules.length + 1), 0, {
              permission: `${resource}:${action}${grantScope}`,
              effect: 'allow',
              role: 'granted',
            });
          const permission = {
            exact: `${resource}:${action}`,
            'exact-any': `${resource}:${action}:any`,
            'resource-wildcard': `*:${action}`,
            'action-wildcard': `${resource}:*`,
            star: '*',
            'star-star': '*:*',
          }[form];
          const before = policyOf(rules);
          if (before.can(action, resource, object, context) || before.has(`${resource}:${action}:own`, context))
            grantedBefore += 1;
          const withDeny = [...rules];
          withDeny.splice(at % (rules.length + 1), 0, { permission, effect: 'deny', role: 'banned' });
          const policy = policyOf(withDeny);
          const owned = { ...object, userId: ME, id: ME, authorId: ME };
          expect(policy.can(action, resource)).toBe(false);
          expect(policy.can(action, resource, undefined, context)).toBe(false);
          expect(policy.can(action, resource, object, context)).toBe(false);
          expect(policy.can(action, resource, owned, context)).toBe(false);
          expect(policy.has(`${resource}:${action}`, context)).toBe(false);
          expect(policy.has(`${resource}:${action}:own`, context)).toBe(false);
          expect(policy.canAny([`${resource}:${action}:own`, { action, resource, object: owned, context }])).toBe(
            false,
          );
          const decision = policy.explain(action, resource, object, context);
          expect(decision.reason).toBe('denied');
          expect(decision.rule?.effect).toBe('deny');
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: the rule sets often granted the check before the deny came.
    expect(grantedBefore).toBeGreaterThan(RUNS / 4);
  });

  it('adding any deny, conditional or not, never grants more', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        ruleArb.map((rule): RuleData => ({ ...rule, effect: 'deny' })),
        resourceArb,
        actionArb,
        contextArb,
        fc.option(objectArb, { nil: undefined }),
        (rules, denyRule, resource, action, context, object) => {
          const before = policyOf(rules);
          const after = policyOf([...rules, denyRule]);
          if (after.can(action, resource, object, context))
            expect(before.can(action, resource, object, context)).toBe(true);
          for (const scope of ['any', 'own'])
            if (after.has(`${resource}:${action}:${scope}`, context))
              expect(before.has(`${resource}:${action}:${scope}`, context)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('any implies own', () => {
  it('whatever is granted on every resource of a kind is granted on the ones the user owns', () => {
    let antecedent = 0;
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        ownerFieldsArb,
        contextArb,
        objectArb,
        (rules, ownerFields, context, object) => {
          const policy = policyOf(rules, ownerFields);
          const owned = { ...object, userId: ME, id: ME, authorId: ME };
          for (const resource of RESOURCES)
            for (const action of ACTIONS) {
              const any = policy.has(`${resource}:${action}:any`, context);
              const withoutObject = policy.can(action, resource, undefined, context);
              // The same question asked two ways.
              expect(withoutObject).toBe(any);
              if (!any) continue;
              antecedent += 1;
              expect(policy.has(`${resource}:${action}:own`, context)).toBe(true);
              expect(policy.can(action, resource, owned, context)).toBe(true);
            }
        },
      ),
      { numRuns: RUNS },
    );
    expect(antecedent).toBeGreaterThan(RUNS / 4);
  });

  it('can agrees with explain, and the memoised answers with those of a fresh policy', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        fc.array(fc.tuple(resourceArb, actionArb, fc.option(objectArb, { nil: undefined }), contextArb), {
          minLength: 1,
          maxLength: 6,
        }),
        (rules, checks) => {
          const policy = policyOf(rules);
          for (const [resource, action, object, context] of checks) {
            const allowed = policy.can(action, resource, object, context);
            // Whatever was asked before (and memoised), the answer is the one of a policy asked nothing yet.
            expect(policyOf(rules).can(action, resource, object, context)).toBe(allowed);
            const decision = policy.explain(action, resource, object, context);
            expect(decision.allowed).toBe(allowed);
            expect(decision.reason === 'granted').toBe(allowed);
            if (decision.reason === 'granted' || decision.reason === 'denied')
              expect(decision.rule?.effect).toBe(decision.reason === 'granted' ? 'allow' : 'deny');
            else expect(decision.rule).toBeUndefined();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** Names usable as roles and, prefixed, as resources. */
const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

/** Roles reachable from `start` through `edges` (start included), only through roles present in `edges`. */
function reachable(edges: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = edges.has(start) ? [start] : [];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const parent of edges.get(next) ?? []) if (edges.has(parent) && !seen.has(parent)) queue.push(parent);
  }
  return seen;
}

/**
 * An acyclic role graph: roles in a random order, each inheriting only from roles after it, sometimes from a role
 * missing from the catalog too.
 */
const dagArb = fc.integer({ min: 1, max: NAMES.length }).chain((n) =>
  fc.record({
    names: fc.shuffledSubarray(NAMES, { minLength: n, maxLength: n }),
    links: fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    ghosts: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    assigned: fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: n }),
  }),
);

describe('inheritance is transitive', () => {
  it('a user holds the permissions of every role reachable from theirs, and none other', () => {
    fc.assert(
      fc.property(dagArb, ({ names, links, ghosts, assigned }) => {
        const edges = new Map<string, string[]>();
        names.forEach((name, i) => {
          const inherits = names.filter((_, j) => j > i && links[i]?.[j] === true);
          if (ghosts[i]) inherits.splice(inherits.length === 0 ? 0 : 1, 0, 'ghost');
          edges.set(name, inherits);
        });
        const catalog = new Map<string, RoleDefinition>(
          names.map((name) => [
            name,
            {
              name,
              description: name,
              inherits: edges.get(name) ?? [],
              system: false,
              permissions: [{ permission: `r-${name}:use`, effect: 'allow' }],
            },
          ]),
        );
        const assignments: RoleAssignment[] = assigned.map((i) => ({ role: names[i] as string }));
        const policy = new Policy(policyDataFor(ME, catalog, assignments));

        const held = new Set<string>();
        for (const { role } of assignments) for (const name of reachable(edges, role)) held.add(name);
        for (const name of names) {
          expect(policy.has(`r-${name}:use`)).toBe(held.has(name));
          expect(policy.can('use', `r-${name}`)).toBe(held.has(name));
          if (!held.has(name)) continue;
          // The deciding rule: the role that declares it, reached through the first assignment that reaches it.
          const first = assignments.find(({ role }) => reachable(edges, role).has(name))?.role;
          const expected = first === name ? { role: name } : { role: name, via: first };
          expect(policy.explain('use', `r-${name}`).rule).toEqual({
            permission: `r-${name}:use`,
            effect: 'allow',
            ...expected,
          });
        }
        expect(policy.has('r-ghost:use')).toBe(false);

        for (const { role } of assignments) {
          const chain = inheritanceChain(catalog, role).map((r) => r.name);
          expect(chain[0]).toBe(role);
          expect(new Set(chain).size).toBe(chain.length);
          expect(new Set(chain)).toEqual(reachable(edges, role));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Reference: some role reaches itself through one edge or more. */
function hasCycle(edges: ReadonlyMap<string, readonly string[]>): boolean {
  for (const start of edges.keys()) {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === start) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
  return false;
}

/** Any role graph (cycles likely), or an acyclic one (edges only towards later roles); `ghost` is never a key. */
const graphArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc
    .record({
      names: fc.shuffledSubarray(NAMES, { minLength: n, maxLength: n }),
      acyclic: fc.boolean(),
      parents: fc.array(fc.subarray([...NAMES.keys(), -1]), { minLength: n, maxLength: n }),
    })
    .map(({ names, acyclic, parents }) => {
      const edges = new Map<string, string[]>();
      names.forEach((name, i) => {
        const list = (parents[i] ?? [])
          .filter((j) => j < 0 || (j < n && (!acyclic || j > i)))
          .map((j) => (j < 0 ? 'ghost' : (names[j] as string)));
        edges.set(name, list);
      });
      return edges;
    }),
);

describe('findInheritanceCycle', () => {
  it('finds a cycle exactly when there is one, as a closed path of real edges', () => {
    const found = { cyclic: 0, acyclic: 0 };
    fc.assert(
      fc.property(graphArb, (edges) => {
        const cycle = findInheritanceCycle(edges);
        expect(cycle !== undefined).toBe(hasCycle(edges));
        if (cycle === undefined) {
          found.acyclic += 1;
          return;
        }
        found.cyclic += 1;
        expect(cycle.length).toBeGreaterThanOrEqual(2);
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        // A simple cycle: no role twice before it closes.
        expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
        for (let i = 0; i + 1 < cycle.length; i += 1)
          expect(edges.get(cycle[i] as string) ?? []).toContain(cycle[i + 1]);
      }),
      { numRuns: RUNS },
    );
    expect(found.cyclic).toBeGreaterThan(RUNS / 10);
    expect(found.acyclic).toBeGreaterThan(RUNS / 10);
  });

  it('inheritanceChain walks any graph, cycles included, to exactly the reachable roles, each once', () => {
    fc.assert(
      fc.property(graphArb, (edges) => {
        const catalog = new Map<string, RoleDefinition>(
          [...edges].map(([name, inherits]) => [
            name,
            { name, description: '', inherits: [...inherits], system: false, permissions: [] },
          ]),
        );
        for (const name of [...edges.keys(), 'ghost']) {
          const chain = inheritanceChain(catalog, name).map((r) => r.name);
          expect(new Set(chain).size).toBe(chain.length);
          expect(new Set(chain)).toEqual(reachable(edges, name));
          if (edges.has(name)) expect(chain[0]).toBe(name);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
