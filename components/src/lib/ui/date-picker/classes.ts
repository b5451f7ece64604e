import { inputClass } from '../input/input.svelte';

/** The segmented date field (a group of spinbuttons), styled like an Input. */
export const fieldClass = `${inputClass} h-10 items-center gap-0 py-0 pe-1 has-[[data-segment]:focus-visible]:ring-2 has-[[data-segment]:focus-visible]:ring-ring focus-within:outline-none data-invalid:border-destructive`;

/** One editable segment (day, month, year). */
export const segmentClass =
  'rounded-sm px-0.5 tabular-nums outline-none focus-visible:bg-accent focus-visible:text-accent-foreground aria-[valuetext=Empty]:text-muted-foreground data-placeholder:text-muted-foreground';

/** Classes of the calendar parts shared by DatePicker and DateRangePicker. */
export const calendarClasses = {
  content: 'bg-popover text-popover-foreground z-50 w-auto rounded-md border p-3 shadow-md outline-none',
  header: 'flex items-center justify-between pb-2',
  navButton:
    'inline-flex size-8 items-center justify-center rounded-md border border-input bg-background outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60',
  grid: 'w-full border-collapse select-none',
  headCell: 'text-muted-foreground w-9 overflow-hidden text-center text-xs font-normal text-ellipsis',
  cell: 'relative size-9 p-0 text-center text-sm focus-within:z-10',
  day: [
    'inline-flex size-9 items-center justify-center rounded-md text-sm font-normal outline-none',
    'hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring',
    'data-today:border data-today:border-ring',
    'data-selected:bg-primary data-selected:text-primary-foreground',
    'data-selection-start:bg-primary data-selection-start:text-primary-foreground data-selection-end:bg-primary data-selection-end:text-primary-foreground',
    'data-highlighted:bg-accent data-outside-month:text-muted-foreground data-disabled:text-muted-foreground data-disabled:line-through data-unavailable:line-through',
  ].join(' '),
};
