/**
 * A password input with a show/hide toggle (a pressed/unpressed button, focus stays put) and an
 * optional strength meter fed by a `strength` score 0–4 computed by the app (e.g. zxcvbn).
 *
 * @example
 * ```svelte
 * <FormField label="New password" description="At least 12 characters.">
 *   <PasswordInput name="password" autocomplete="new-password" bind:value strength={score} />
 * </FormField>
 * ```
 */
import Root from './password-input.svelte';

export type { PasswordInputProps } from './password-input.svelte';
export { Root, Root as PasswordInput };
