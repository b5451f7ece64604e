/**
 * A labelled form control with description and error, wired with aria: the label's `for`, the
 * control's `aria-describedby` (description + error), `aria-invalid` and `aria-errormessage`,
 * and an `aria-live` region that announces the error when it appears.
 *
 * @example
 * ```svelte
 * <FormField label="Email" description="We never share it." error={form?.errors?.email} required>
 *   <Input type="email" name="email" autocomplete="email" />
 * </FormField>
 * ```
 */
import Root from './form-field.svelte';

export type { FormFieldProps, FieldControlAttributes } from './form-field.svelte';
export { useFieldControl, setFieldControl, joinIds, type FieldControl } from './context.js';
export { Root, Root as FormField };
