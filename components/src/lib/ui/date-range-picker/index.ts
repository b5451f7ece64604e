/**
 * A date range field (start and end) with a two-month range calendar (bits-ui DateRangePicker).
 *
 * @example
 * ```svelte
 * <DateRangePicker label="Period" startName="from" endName="to" bind:value={range} />
 * ```
 */
import Root from './date-range-picker.svelte';

export type { DateRangePickerProps } from './date-range-picker.svelte';
export { Root, Root as DateRangePicker };
