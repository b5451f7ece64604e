import type { PolicyData, RuleData, RuleEffect } from './catalog.ts';
import {
  compileCondition,
  timeMs,
  ownerField,
  type CheckContext,
  type CompiledCondition,
  type OwnerFields,
  type Predicate,
  type PredicateInput,
  type ResourceObject,
} from './conditions.ts';
import { parsePermission, segmentMatches, type PermissionScope } from './permission.ts';

/**
 * A user's compiled policy: answers `can(action, resource, object?, context?)` synchronously. Rules are matched per
 * (resource, action) once and memoised, so a warm check is two Map reads and, for plain role grants, no condition
 * at all. Rules:
 * - a deny rule that applies beats every grant;
 * - `any` covers every resource of the kind, `own` those whose owner field is the user (so `any` implies `own`);
 * - every condition of a rule must hold for it to apply; a rule from a tenant-scoped assignment applies only in that
 *   tenant (`context.tenantId`), one from an expiring assignment only before its expiry;
 * - without an object, the question is "on every resource of the kind": a grant that needs the object (own,
 *   attributes, tenant) does not apply, a deny that needs it does (the cautious reading). Asking for the `own`
 *   scope (`has('post:update:own')`) counts the user's ownership as given.
 */

/** Which rule decided a check, for `explain()` and the admin panel. */
export interface DecidingRule {
  permission: string;
  effect: RuleEffect;
  role: string;
  via?: string;
  tenantId?: string;
}

export interface Decision {
  allowed: boolean;
  /**
   * `granted`: an allow rule applied and no deny did; `denied`: a deny rule applied; `conditions-unmet`: grants
   * exist for this action but none of their conditions held; `no-grant`: no rule covers it.
   */
  reason: 'granted' | 'denied' | 'conditions-unmet' | 'no-grant';
  rule?: DecidingRule;
}

/** One check of `canAll`/`canAny`: a permission string, or an action on a resource (with its object). */
export type PermissionCheck =
  string | { action: string; resource: string; object?: ResourceObject; context?: CheckContext };

export interface CompileOptions {
  predicates?: ReadonlyMap<string, Predicate>;
  ownerFields?: OwnerFields;
}

interface CompiledRule {
  readonly effect: RuleEffect;
  readonly resource: string;
  readonly action: string;
  readonly scope: PermissionScope;
  readonly conditions: readonly CompiledCondition[];
  readonly decided: DecidingRule;
  /** Own scope and nothing else to check: no condition, no assignment tenant, no expiry. */
  readonly ownerOnly: boolean;
}

/** The rules that cover one (resource, action), split so that plain grants and denies need no evaluation. */
interface Entry {
  readonly denyAlways: CompiledRule | undefined;
  readonly allowAlways: CompiledRule | undefined;
  readonly denyIf: readonly CompiledRule[];
  readonly allowIf: readonly CompiledRule[];
  /** Nothing but unconditional rules: the answer is fixed. */
  readonly fixed: boolean | undefined;
  /**
   * No deny at all, and a grant that needs nothing but ownership: the owner field that, holding the user's id,
   * grants at once (`can` on an object then evaluates nothing).
   */
  readonly ownedBy: string | undefined;
}

/** (resource, action) pairs memoised per policy at most: checks beyond it are matched each time. */
const MAX_ENTRIES = 2048;
const NO_CONTEXT: CheckContext = Object.freeze({});
const EMPTY: readonly CompiledRule[] = Object.freeze([]);
/** The args of a check's input: custom predicates get their own (see `compileCondition`), nothing reads these. */
const NO_ARGS: Readonly<Record<string, unknown>> = Object.freeze({});

function compileRule(rule: RuleData, options: CompileOptions): CompiledRule {
  const parsed = parsePermission(rule.permission);
  const predicates = options.predicates ?? new Map<string, Predicate>();
  const owners = options.ownerFields ?? {};
  const conditions: CompiledCondition[] = [];
  if (parsed.scope === 'own') conditions.push(compileCondition({ type: 'owner' }, predicates, owners));
  for (const condition of rule.conditions ?? [])
    conditions.push(compileCondition(condition, predicates, owners, rule.effect === 'deny'));
  if (rule.tenantId !== undefined) {
    const tenantId = rule.tenantId;
    conditions.push({
      kind: 'assignment-tenant',
      needsObject: false,
      needsContext: 'tenantId',
      test: ({ context }) => context.tenantId === tenantId,
    });
  }
  if (rule.expiresAt !== undefined) {
    const expiresAt = rule.expiresAt;
    conditions.push({
      kind: 'expiry',
      needsObject: false,
      test: ({ context }) => timeMs(context.now) < expiresAt,
    });
  }
  const decided: DecidingRule = { permission: rule.permission, effect: rule.effect, role: rule.role };
  if (rule.via !== undefined) decided.via = rule.via;
  if (rule.tenantId !== undefined) decided.tenantId = rule.tenantId;
  return {
    effect: rule.effect,
    resource: parsed.resource,
    action: parsed.action,
    scope: parsed.scope,
    conditions,
    decided,
    ownerOnly: parsed.scope === 'own' && conditions.length === 1,
  };
}

export class Policy {
  readonly userId: string;
  /** The data it was compiled from (what the cache holds). */
  readonly data: PolicyData;
  readonly #rules: readonly CompiledRule[];
  readonly #entries = new Map<string, Map<string, Entry>>();
  #entryCount = 0;
  readonly #owners: OwnerFields;

  constructor(data: PolicyData, options: CompileOptions = {}) {
    this.userId = data.userId;
    this.#owners = options.ownerFields ?? {};
    this.data = data;
    this.#rules = data.rules.map((rule) => compileRule(rule, options));
  }

  /** The names of the roles the user holds (directly), with tenant and expiry. */
  get assignments(): PolicyData['assignments'] {
    return this.data.assignments;
  }

  /** Whether the user holds the role directly, live (not expired): everywhere, or in `tenantId` when given. */
  hasRole(role: string, tenantId?: string, now: number = Date.now()): boolean {
    return this.data.assignments.some(
      (assignment) =>
        assignment.role === role &&
        (assignment.tenantId == null || assignment.tenantId === tenantId) &&
        (assignment.expiresAt == null || assignment.expiresAt > now),
    );
  }

  #entry(resource: string, action: string): Entry {
    const byAction = this.#entries.get(resource);
    const known = byAction?.get(action);
    if (known !== undefined) return known;
    const entry = this.#match(resource, action);
    if (this.#entryCount < MAX_ENTRIES) {
      this.#entryCount++;
      if (byAction) byAction.set(action, entry);
      else this.#entries.set(resource, new Map([[action, entry]]));
    }
    return entry;
  }

  #match(resource: string, action: string): Entry {
    let denyAlways: CompiledRule | undefined;
    let allowAlways: CompiledRule | undefined;
    const denyIf: CompiledRule[] = [];
    const allowIf: CompiledRule[] = [];
    for (const rule of this.#rules) {
      if (!segmentMatches(rule.resource, resource) || !segmentMatches(rule.action, action)) continue;
      const always = rule.conditions.length === 0;
      if (rule.effect === 'deny') {
        if (always) denyAlways ??= rule;
        else denyIf.push(rule);
      } else if (always) allowAlways ??= rule;
      else allowIf.push(rule);
    }
    const fixed =
      denyAlways !== undefined
        ? false
        : denyIf.length === 0 && allowIf.length === 0
          ? allowAlways !== undefined
          : undefined;
    return {
      denyAlways,
      allowAlways,
      denyIf: denyIf.length ? denyIf : EMPTY,
      allowIf: allowIf.length ? allowIf : EMPTY,
      fixed,
      ownedBy:
        denyAlways === undefined && denyIf.length === 0 && allowIf.some((rule) => rule.ownerOnly)
          ? ownerField(resource, this.#owners)
          : undefined,
    };
  }

  /**
   * Whether the user may do `action` on `resource` (the kind, e.g. `'post'`), on `object` when given.
   * @example policy.can('update', 'post', post) // own posts through post:update:own
   */
  can(action: string, resource: string, object?: ResourceObject, context: CheckContext = NO_CONTEXT): boolean {
    const entry = this.#entry(resource, action);
    if (entry.fixed !== undefined) return entry.fixed;
    if (entry.denyIf.length === 0 && entry.allowAlways !== undefined) return true;
    if (entry.ownedBy !== undefined && object !== undefined && object[entry.ownedBy] === this.userId) return true;
    return this.#deciding(entry, resource, action, object, context, 'any')?.effect === 'allow';
  }

  /**
   * A permission string (`user:read:any`, `post:update:own`) without an object: may the user do it on every resource
   * of the kind (`any`), or on the ones they own (`own`)?
   */
  has(permission: string, context: CheckContext = NO_CONTEXT): boolean {
    return this.explainPermission(permission, context).allowed;
  }

  /** Which rule decides `can(...)`, and why. */
  explain(action: string, resource: string, object?: ResourceObject, context: CheckContext = NO_CONTEXT): Decision {
    return this.#decide(this.#entry(resource, action), resource, action, object, context, 'any');
  }

  /** `explain` for a permission string (see `has`). */
  explainPermission(permission: string, context: CheckContext = NO_CONTEXT): Decision {
    const parsed = parsePermission(permission);
    return this.#decide(
      this.#entry(parsed.resource, parsed.action),
      parsed.resource,
      parsed.action,
      undefined,
      context,
      parsed.scope,
    );
  }

  /** True when every check passes. */
  canAll(checks: readonly PermissionCheck[]): boolean {
    return checks.every((check) => this.#check(check));
  }

  /** True when at least one check passes. */
  canAny(checks: readonly PermissionCheck[]): boolean {
    return checks.some((check) => this.#check(check));
  }

  #check(check: PermissionCheck): boolean {
    return typeof check === 'string'
      ? this.has(check)
      : this.can(check.action, check.resource, check.object, check.context);
  }

  #decide(
    entry: Entry,
    resource: string,
    action: string,
    object: ResourceObject | undefined,
    context: CheckContext,
    asked: PermissionScope,
  ): Decision {
    const rule = this.#deciding(entry, resource, action, object, context, asked);
    if (rule !== undefined)
      return rule.effect === 'allow'
        ? { allowed: true, reason: 'granted', rule: rule.decided }
        : { allowed: false, reason: 'denied', rule: rule.decided };
    return entry.allowIf.length > 0
      ? { allowed: false, reason: 'conditions-unmet' }
      : { allowed: false, reason: 'no-grant' };
  }

  /**
   * The rule that decides: the first deny that applies, else the first grant that does, else none. `can` reads its
   * effect, so that a check allocates no `Decision` (and, through `applies`, no closure per rule).
   */
  #deciding(
    entry: Entry,
    resource: string,
    action: string,
    object: ResourceObject | undefined,
    context: CheckContext,
    asked: PermissionScope,
  ): CompiledRule | undefined {
    if (entry.denyAlways) return entry.denyAlways;
    const input: PredicateInput = { userId: this.userId, resource, action, object, context, args: NO_ARGS };
    for (const rule of entry.denyIf) if (applies(rule, input, asked)) return rule;
    if (entry.allowAlways) return entry.allowAlways;
    for (const rule of entry.allowIf) if (applies(rule, input, asked)) return rule;
    return undefined;
  }
}

/** Whether every condition of the rule holds. */
function applies(rule: CompiledRule, input: PredicateInput, asked: PermissionScope): boolean {
  const conditions = rule.conditions;
  for (let i = 0; i < conditions.length; i += 1)
    if (!holds(conditions[i] as CompiledCondition, input, asked, rule.effect)) return false;
  return true;
}

/**
 * A condition without the object or the context it needs (a server-side check with no client address, no tenant):
 * a deny applies (cautious), a grant does not; ownership asked is given.
 */
function holds(
  condition: CompiledCondition,
  input: PredicateInput,
  asked: PermissionScope,
  effect: RuleEffect,
): boolean {
  if (input.object === undefined && condition.needsObject) {
    if (condition.kind === 'owner' && asked === 'own') return true;
    return effect === 'deny';
  }
  if (condition.needsContext !== undefined && input.context[condition.needsContext] === undefined)
    return effect === 'deny';
  return condition.test(input);
}

/** Compiles a user's policy data. */
export function compilePolicy(data: PolicyData, options?: CompileOptions): Policy {
  return new Policy(data, options);
}
