import { passwordStrength } from './strength-estimator.js';

/**
 * The strength of a new password as the person types (`score`, 0–4, or null while empty). The estimator loads on the
 * first character, never with the page; a stale estimate (an older value still being scored) never overwrites a
 * newer one. Create it during component initialisation.
 * @example
 * let value = $state('');
 * const strength = new PasswordStrength(() => value, () => [email]);
 */
export class PasswordStrength {
  score = $state<number | null>(null);

  /** `password`: the field's value; `userInputs`: the person's own words (name, email), read when it is scored. */
  constructor(password: () => string, userInputs: () => string[] = () => []) {
    $effect(() => {
      const value = password();
      let current = true;
      void passwordStrength(value, userInputs()).then((score) => {
        if (current) this.score = score;
      });
      return () => {
        current = false;
      };
    });
  }
}
