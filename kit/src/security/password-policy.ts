import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { securityError } from './error-codes.ts';
import {
  isCommonPassword,
  loadCommonPasswords,
  pwnedPasswordCount,
  type PwnedPasswordsOptions,
} from './breached-passwords.ts';
import { compactPassword } from './password-forms.ts';

/** Codes of the problems a password can have; each comes with a message that says what to change. */
export type PasswordProblemCode =
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_TOO_WEAK'
  | 'PASSWORD_BREACHED'
  | 'PASSWORD_CONTAINS_PERSONAL_INFO';

/**
 * One rule a password breaks. `message` (English) names the rule and says what to change; `params` carries its
 * values for apps that word or translate the message themselves (`@sv-sdk/components` does).
 */
export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
  /**
   * PASSWORD_TOO_SHORT: `minLength`, `length`; PASSWORD_TOO_LONG: `maxLength`; PASSWORD_TOO_WEAK: `score`,
   * `minScore` and, when zxcvbn has one, `hint` (its warning and suggestions, English).
   */
  params?: Record<string, string | number>;
}

export interface PasswordCheckResult {
  ok: boolean;
  /** zxcvbn score 0–4 (0 when the password was not scored, e.g. too long). */
  score: number;
  problems: PasswordProblem[];
  /** Which breach check ran: `online` when the range API answered, else `offline`. */
  breachCheck: 'offline' | 'online';
}

/** What is known about the user, so the password cannot be their own name or address. */
export interface PasswordContext {
  email?: string;
  name?: string;
  /** Any other words to reject (the app's name, the username…). */
  extra?: readonly string[];
}

export interface PasswordPolicyOptions {
  /** @default 12 */
  minLength?: number;
  /** Bounds hashing cost and zxcvbn time; longer input is refused before any work. @default 128 */
  maxLength?: number;
  /** Lowest acceptable zxcvbn score (0–4). @default 3 */
  minScore?: 0 | 1 | 2 | 3 | 4;
  /** `offline`: the bundled list only; `online`: also the Pwned Passwords range API. @default 'offline' */
  breachedCheck?: 'offline' | 'online';
  /** Options of the online check. */
  pwned?: PwnedPasswordsOptions;
}

/** The password policy service (`security.passwordPolicy`). */
export interface PasswordPolicy {
  readonly options: Readonly<Required<Omit<PasswordPolicyOptions, 'pwned'>>>;
  /** Checks a password; never throws for a bad password, only reports. */
  check(password: string, context?: PasswordContext): Promise<PasswordCheckResult>;
  /**
   * Checks and throws `AUTH_PASSWORD_BREACHED` (when the password is known from breaches) or
   * `AUTH_PASSWORD_TOO_WEAK` (400), with `details: { problems, score }`, when it fails.
   */
  assert(password: string, context?: PasswordContext): Promise<PasswordCheckResult>;
}

let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * The zxcvbn estimator with the common and English dictionaries, loaded once on first use (the dictionaries are
 * a few MB; apps that never check a password never load them).
 * @example const score = (await loadZxcvbn()).check('correct horse battery staple').score;
 */
export function loadZxcvbn(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory: Factory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new Factory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
      // CPU bounds, measured here: Levenshtein matching costs up to 2 s for an 8-character password and l33t
      // matching grows fast with substitutions (300+ ms for `a1!` × 40), which an attacker could use to burn CPU
      // through the sign-up form. Ten substitutions and 64 characters keep a check in the tens of milliseconds
      // with the same scores; anything longer than 64 characters that is weak is already weak in its first 64.
      useLevenshteinDistance: false,
      l33tMaxSubstitutions: 10,
      maxLength: 64,
    });
  })();
  factory.catch(() => {
    factory = undefined;
  });
  return factory;
}

/**
 * Parts of the user's name and email worth rejecting: at least 3 characters, lower-case, no duplicates.
 * @example personalWords({ email: 'ann.lee@acme.io', name: 'Ann Lee' }) // ['ann.lee@acme.io', 'ann', 'lee', 'acme', …]
 */
export function personalWords(context: PasswordContext = {}): string[] {
  const words = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value) return;
    const lower = value.trim().toLowerCase();
    if (lower.length >= 3) words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  };
  if (context.email) {
    const at = context.email.lastIndexOf('@');
    add(context.email);
    add(at > 0 ? context.email.slice(0, at) : context.email);
    // The domain's first label ("acme" of acme.com) is personal to a work address; public TLDs are not.
    const domain = at > 0 ? context.email.slice(at + 1) : '';
    add(domain.split('.')[0]);
  }
  add(context.name);
  for (const word of context.extra ?? []) add(word);
  return [...words].slice(0, 50);
}

const codePoints = (value: string) => [...value].length;
const localPart = (email: string | undefined) =>
  email && email.lastIndexOf('@') > 0 ? email.slice(0, email.lastIndexOf('@')) : email;

function tooShort(minLength: number, length: number): PasswordProblem {
  return {
    code: 'PASSWORD_TOO_SHORT',
    message:
      `Too short: use at least ${minLength} characters (this one has ${length}). ` +
      'A few unrelated words make a long password that is easy to remember.',
    params: { minLength, length },
  };
}

/**
 * Marks every occurrence of each word (4+ characters) in `text`; answers the share of the letters of `text` that are
 * marked (0–1). Letters only: `margarethe-1987-07-12` is all name, the date does not dilute it.
 */
function share(text: string, words: readonly string[], covered = new Uint8Array(text.length)): number {
  for (const word of words) {
    if (word.length < 4) continue;
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      covered.fill(1, at, Math.min(text.length, at + word.length));
    }
  }
  let letters = 0;
  let marked = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (!LETTER.test(text[index] as string)) continue;
    letters += 1;
    marked += covered[index] as number;
  }
  return letters === 0 ? 0 : marked / letters;
}
const LETTER = /\p{L}/u;

/**
 * The share (0–1) of the password's letters that are the person's own words: zxcvbn's matches of the name and email
 * (3+ characters) plus the name or the address's local part (4+ characters) wherever they appear, even where zxcvbn
 * found a cheaper explanation; and the same words compacted in the compacted password (`Ann Lee` in `ann_lee-2024!`).
 */
function personalCoverage(password: string, result: ZxcvbnResult, ownWords: readonly string[]): number {
  const covered = new Uint8Array(password.length);
  for (const match of result.sequence) {
    if (match.pattern === 'dictionary' && match.dictionaryName === 'userInputs' && match.token.length >= 3) {
      covered.fill(1, Math.max(0, match.i), Math.min(password.length, match.j + 1));
    }
  }
  return Math.max(
    share(password.toLowerCase(), ownWords, covered),
    share(compactPassword(password), ownWords.map(compactPassword)),
  );
}

/**
 * Creates the password policy: length 12–128 (in Unicode code points), zxcvbn score ≥ 3 with the user's own name
 * and email as dictionary words, not built on personal information (half of it or more, or what makes it weak), and
 * not a known breached or famous password, variants included (a bundled offline list; optionally the Pwned Passwords
 * range API with a timeout, falling back to the offline result). Each problem names its rule in its message.
 * @example
 * const policy = createPasswordPolicy({ breachedCheck: 'online' });
 * const result = await policy.check('Tr0ub4dor&3', { email: 'ann@example.com', name: 'Ann Lee' });
 * // { ok: false, score: 4, problems: [{ code: 'PASSWORD_TOO_SHORT', message: 'Too short: use at least 12 …',
 * //   params: { minLength: 12, length: 11 } }, { code: 'PASSWORD_BREACHED', message: 'Too common: …' }], … }
 */
export function createPasswordPolicy(options: PasswordPolicyOptions = {}): PasswordPolicy {
  const settings = {
    minLength: options.minLength ?? 12,
    maxLength: options.maxLength ?? 128,
    minScore: options.minScore ?? 3,
    breachedCheck: options.breachedCheck ?? 'offline',
  } as const;
  if (!Number.isInteger(settings.minLength) || settings.minLength < 8)
    throw new RangeError('password policy: minLength must be at least 8');
  if (!Number.isInteger(settings.maxLength) || settings.maxLength < settings.minLength || settings.maxLength > 1024) {
    throw new RangeError('password policy: maxLength must be between minLength and 1024');
  }

  const check = async (password: string, context: PasswordContext = {}): Promise<PasswordCheckResult> => {
    const problems: PasswordProblem[] = [];
    if (typeof password !== 'string') {
      return {
        ok: false,
        score: 0,
        breachCheck: 'offline',
        problems: [tooShort(settings.minLength, 0)],
      };
    }
    // Length first, by UTF-16 units (an upper bound of code points): a megabyte-long password must cost nothing.
    if (password.length > settings.maxLength * 2 || codePoints(password) > settings.maxLength) {
      return {
        ok: false,
        score: 0,
        breachCheck: 'offline',
        problems: [
          {
            code: 'PASSWORD_TOO_LONG',
            message: `Too long: use at most ${settings.maxLength} characters.`,
            params: { maxLength: settings.maxLength },
          },
        ],
      };
    }
    const length = codePoints(password);
    if (length < settings.minLength) problems.push(tooShort(settings.minLength, length));

    const words = personalWords(context);
    // The substring check uses the name and the address's local part only: a domain label like "mail" is too common.
    const ownWords = personalWords({ name: context.name, email: localPart(context.email) });
    const [zxcvbn, commonList, pwned] = await Promise.all([
      loadZxcvbn(),
      loadCommonPasswords(),
      settings.breachedCheck === 'online' ? pwnedPasswordCount(password, options.pwned) : Promise.resolve(undefined),
    ]);
    const result: ZxcvbnResult = zxcvbn.check(password, words);

    // Personal information counts when it carries the password: half of it or more, or what makes it guessable
    // (the score above already treats the name and email as the first words an attacker tries). A strong
    // passphrase that merely shares one word with the person (`Keyboard-Only-Walrus-71` for Ann Walrus, or for a
    // Mr Board, whose name is inside "keyboard") is as strong for them as for anyone.
    const coverage = personalCoverage(password, result, ownWords);
    if (coverage > 0 && (coverage >= 0.5 || result.score < settings.minScore)) {
      problems.push({
        code: 'PASSWORD_CONTAINS_PERSONAL_INFO',
        message: 'Contains your name or email address: leave them out, they are the first things an attacker tries.',
      });
    }

    const breached = (pwned !== undefined && pwned > 0) || (await isCommonPassword(password, commonList));
    if (breached) {
      problems.push({
        code: 'PASSWORD_BREACHED',
        message:
          'Too common: this password, or a close variant of it, is on the lists of leaked and well-known passwords ' +
          'that attackers try first. Choose one you have not used anywhere else.',
      });
    }

    if (result.score < settings.minScore) {
      const hint = [result.feedback.warning, ...result.feedback.suggestions]
        .filter((part): part is string => Boolean(part))
        .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
        .join(' ');
      problems.push({
        code: 'PASSWORD_TOO_WEAK',
        message: [
          'Too easy to guess:',
          hint || 'it follows a pattern that password crackers try early.',
          'Add more unrelated words, or let a password manager make one.',
        ].join(' '),
        params: { score: result.score, minScore: settings.minScore, ...(hint ? { hint } : {}) },
      });
    }
    return {
      ok: problems.length === 0,
      score: result.score,
      problems,
      breachCheck: pwned === undefined ? 'offline' : 'online',
    };
  };

  return {
    options: settings,
    check,
    async assert(password, context) {
      const result = await check(password, context);
      if (result.ok) return result;
      const breached = result.problems.some((problem) => problem.code === 'PASSWORD_BREACHED');
      throw securityError(breached ? 'AUTH_PASSWORD_BREACHED' : 'AUTH_PASSWORD_TOO_WEAK', {
        message: result.problems.map((problem) => problem.message).join(' '),
        details: { problems: result.problems, score: result.score },
      });
    },
  };
}
