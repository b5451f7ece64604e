/**
 * A searchable select (bits-ui Combobox): type to filter, arrows to move, Enter to choose.
 *
 * @example
 * ```svelte
 * <FormField label="Country">
 *   <Combobox name="country" bind:value={country} items={countries} />
 * </FormField>
 * ```
 */
import Root from './combobox.svelte';

export type { ComboboxProps } from './combobox.svelte';
export { Root, Root as Combobox };
