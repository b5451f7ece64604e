/**
 * A single-choice select (bits-ui): a button opening a listbox; arrows, typeahead, Enter, Escape.
 * Inside a {@link FormField} the trigger gets the field's id and aria wiring; `name` submits the
 * value with the form.
 *
 * @example
 * ```svelte
 * <FormField label="Role">
 *   <Select name="role" bind:value={role} items={[{ value: 'admin', label: 'Admin' }, { value: 'user', label: 'User' }]} />
 * </FormField>
 * ```
 */
import Root from './select.svelte';

export type { SelectOption, SelectProps } from './select.svelte';
export { Root, Root as Select };
