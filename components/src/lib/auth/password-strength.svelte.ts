import { passwordStrength } from './strength-estimator.js';

/**
 * The strength of a new-password field as the person types: bind the field's value to `value`, show `score`
 * (`AuthField`'s `strength`). The estimator loads on the first character, never with the page; a stale estimate (an
 * older value still being scored) never overwrites a newer one. Create it during component initialisation.
 * @example
 * const strength = new PasswordStrength(() => [formEl?.email.value ?? '']);
 * <AuthField type="password" bind:value={strength.value} strength={strength.score} … />
 */
export class PasswordStrength {
  value = $state('');
  score = $state<number | null>(null);

  /** `userInputs`: the person's own words (name, email), read when a value is scored. */
  constructor(userInputs: () => string[] = () => []) {
    $effect(() => {
      const password = this.value;
      let current = true;
      void passwordStrength(password, userInputs()).then((score) => {
        if (current) this.score = score;
      });
      return () => {
        current = false;
      };
    });
  }
}
