// How the offline breached-password list compares passwords: what counts as "the same password" to an attacker's
// wordlist rules. Shared by the list's generator (data/generate-common-passwords.ts) and the check at run time.

/** Characters people put between the words of a passphrase (and that cracking rules insert or drop for free). */
const SEPARATORS = /[\s\-_.,+~:;/\\|'"`’‘]+/gu;
/** A short tail of digits and symbols, the first thing people add to satisfy a rule ("…staple1!", "…2024"). */
const TAIL = /[\d!?#$%&*@^]{1,5}$/;
/** Unambiguous look-alike substitutions; `1` reads as `i` or `l`, so both are tried. */
const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * A passphrase reduced to its letters and symbols: NFKC, lower-case, separators (spaces, dashes, underscores, dots,
 * quotes…) removed. `Correct Horse-Battery_staple` and `correcthorsebatterystaple` are the same phrase.
 * @example compactPassword('Correct Horse-Battery_staple') // 'correcthorsebatterystaple'
 */
export function compactPassword(password: string): string {
  return password.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
}

function unleet(value: string): string[] {
  if (!/[0134578@$]/.test(value)) return [];
  const base = [...value].map((char) => LEET[char] ?? char).join('');
  return base.includes('1') ? [base.replaceAll('1', 'i'), base.replaceAll('1', 'l')] : [base];
}

/**
 * The forms of a password looked up in the offline list: as typed (lower-case, trimmed), compacted, without a short
 * tail of digits/symbols, and each of those with look-alike digits read as letters. Any form on the list makes the
 * password a listed one: `C0rrect-Horse-Battery-Staple-2024!` is `correcthorsebatterystaple` with decorations.
 * @example passwordForms('Tr0ub4dor&3!') // ['tr0ub4dor&3!', 'tr0ub4dor', 'troub4dor&3!'…, 'troubador']
 */
export function passwordForms(password: string): string[] {
  const lower = password.normalize('NFKC').toLowerCase().trim();
  const compact = compactPassword(lower);
  const bases = [lower, compact, compact.replace(TAIL, '')];
  const forms = new Set<string>();
  for (const base of bases) {
    if (base === '') continue;
    forms.add(base);
    for (const variant of unleet(base)) forms.add(variant);
  }
  return [...forms];
}
