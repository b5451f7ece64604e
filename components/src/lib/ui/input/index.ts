/**
 * A text input. Inside a {@link FormField} it gets its id, `aria-describedby`, `aria-invalid`
 * and `aria-errormessage` from the field.
 *
 * @example
 * ```svelte
 * <FormField label="Email" error={errors.email}>
 *   <Input type="email" name="email" autocomplete="email" bind:value={email} />
 * </FormField>
 * ```
 */
import Root from './input.svelte';

export { inputClass, type InputProps } from './input.svelte';
export { Root, Root as Input };
