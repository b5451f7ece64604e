/**
 * A date field with a calendar popover (bits-ui DatePicker): type the date segment by segment
 * (arrow keys change a segment) or pick it in the calendar (arrow keys move by day/week).
 * Values are `@internationalized/date` objects; `name` submits the ISO date with the form.
 *
 * @example
 * ```svelte
 * <script>
 *   import { CalendarDate } from '@internationalized/date';
 *   let value = $state(new CalendarDate(2026, 11, 25));
 * </script>
 * <DatePicker label="Expires on" name="expiresAt" bind:value />
 * ```
 */
import Root from './date-picker.svelte';

export type { DatePickerProps } from './date-picker.svelte';
export type { DateValue } from '@internationalized/date';
export { calendarClasses } from './classes.js';
export { Root, Root as DatePicker };
