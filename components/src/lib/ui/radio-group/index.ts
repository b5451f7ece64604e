/**
 * A group of radio buttons (bits-ui): arrow keys move and select, one tab stop. Give the group a
 * name with `aria-label`/`aria-labelledby`, or wrap it in a `fieldset` with a `legend`.
 *
 * @example
 * ```svelte
 * <RadioGroup aria-label="Plan" name="plan" bind:value={plan}
 *   items={[{ value: 'free', label: 'Free' }, { value: 'pro', label: 'Pro', description: '€9/month' }]} />
 * ```
 */
import Root from './radio-group.svelte';
import Item from './radio-group-item.svelte';

export type { RadioGroupOption, RadioGroupProps } from './radio-group.svelte';
export { Root, Item, Root as RadioGroup, Item as RadioGroupItem };
