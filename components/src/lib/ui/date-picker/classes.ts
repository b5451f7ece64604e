import { inputClass } from '../input/input.svelte';

/** The segmented date field (a group of spinbuttons), styled like an Input; the ring shows for its focused segment. */
export const fieldClass = `${inputClass} h-10 items-center gap-0 py-0 pe-1 sv-focus-ring-within data-invalid:border-destructive`;

/** One editable segment (day, month, year): highlighted inside the field's ring. */
export const segmentClass =
  'rounded-sm px-0.5 tabular-nums outline-none focus-visible:bg-accent focus-visible:text-accent-foreground aria-[valuetext=Empty]:text-muted-foreground data-placeholder:text-muted-foreground';

/** The calendar button at the end of the field. */
export const triggerClass =
  'text-muted-foreground hover:text-foreground sv-focus-ring ms-auto inline-flex size-8 items-center justify-center rounded-md';

/** Weekday names of a calendar column: `short` (Mon) where they fit, else `narrow` (Arabic short names are whole words). */
export function weekdayFormatFor(locale: string | undefined): 'short' | 'narrow' {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale ?? 'en', { weekday: 'short', timeZone: 'UTC' });
  } catch {
    return 'short';
  }
  // 2026-01-04 is a Sunday: one week of names. A 36 px column holds about three narrow letters.
  for (let day = 4; day < 11; day++) {
    const name = format.format(new Date(Date.UTC(2026, 0, day)));
    if ([...name].length > 3) return 'narrow';
  }
  return 'short';
}

/** Today: bold with a dot under the number, so it never looks like the focus ring or a selection. */
const today =
  'data-today:font-semibold data-today:after:absolute data-today:after:bottom-1 data-today:after:inset-x-0 data-today:after:mx-auto data-today:after:size-1 data-today:after:rounded-full data-today:after:bg-primary';
/** Days of the neighbouring months are only muted (outside days are disabled by default: no dimming or strike for them). */
const outside = 'data-outside-month:text-muted-foreground';
/** Days the app disables are dimmed; unavailable days (booked, holidays) are struck through. */
const unavailable =
  'not-data-outside-month:data-disabled:opacity-50 data-disabled:pointer-events-none data-unavailable:text-muted-foreground data-unavailable:line-through';

/**
 * Classes of the calendar parts shared by DatePicker and DateRangePicker. A range reads as one band:
 * the cells of the selected (or hovered) days carry an accent background, rounded only at the start
 * and end of the range and of each week, and the two ends are solid primary tiles.
 */
export const calendarClasses = {
  content: 'bg-popover text-popover-foreground z-50 w-auto rounded-md border p-3 shadow-md outline-none',
  header: 'flex items-center justify-between pb-2',
  heading: 'text-sm font-medium',
  navButton:
    'inline-flex size-8 items-center justify-center rounded-md border border-input bg-background hover:bg-accent sv-focus-ring disabled:opacity-60',
  months: 'flex flex-col gap-4 sm:flex-row',
  grid: 'w-full border-collapse select-none',
  headRow: 'flex',
  headCell: 'text-muted-foreground w-9 overflow-hidden text-center text-xs font-normal text-ellipsis',
  row: 'mt-1 flex w-full',
  cell: 'relative size-9 p-0 text-center text-sm focus-within:z-10',
  rangeCell: [
    'relative size-9 p-0 text-center text-sm focus-within:z-10',
    'data-selected:bg-accent data-highlighted:bg-accent data-outside-month:data-selected:bg-accent/50',
    'first:rounded-s-md last:rounded-e-md data-selection-start:rounded-s-md data-range-end:rounded-e-md',
  ].join(' '),
  day: [
    'relative inline-flex size-9 items-center justify-center rounded-md text-sm font-normal sv-focus-ring',
    'hover:bg-accent hover:text-accent-foreground',
    'data-selected:bg-primary data-selected:text-primary-foreground data-selected:hover:bg-primary',
    today,
    'data-selected:data-today:after:bg-primary-foreground',
    outside,
    unavailable,
  ].join(' '),
  rangeDay: [
    'relative inline-flex size-9 items-center justify-center rounded-md text-sm font-normal sv-focus-ring',
    'hover:bg-accent hover:text-accent-foreground data-range-middle:text-accent-foreground data-highlighted:text-accent-foreground',
    'data-selection-start:bg-primary data-selection-start:text-primary-foreground data-selection-end:bg-primary data-selection-end:text-primary-foreground',
    'data-selection-start:hover:bg-primary data-selection-end:hover:bg-primary',
    today,
    'data-selection-start:data-today:after:bg-primary-foreground data-selection-end:data-today:after:bg-primary-foreground',
    outside,
    unavailable,
  ].join(' '),
};
