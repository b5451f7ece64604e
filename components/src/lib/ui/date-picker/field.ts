import { cn } from '../../utils.js';

/** Props DatePicker and DateRangePicker share: the label, help and error around the date field. */
export interface DateFieldProps {
  /** Visible label of the field (the segments form a labelled group). */
  label: string;
  /** Help text, linked with `aria-describedby`. */
  description?: string;
  /** Error message: marks the field invalid and announces it. */
  error?: string | null;
  /** Hides the label visually. @default false */
  hideLabel?: boolean;
  /** Text direction of the calendar. @default the page's direction */
  dir?: 'ltr' | 'rtl';
  class?: string;
}

/** The ids of a date field's help and error texts, and its `aria-describedby`, from the component's `$props.id()`. */
export function dateFieldIds(uid: string, props: Pick<DateFieldProps, 'description' | 'error'>) {
  const descriptionId = `${uid}-description`;
  const errorId = `${uid}-error`;
  return {
    descriptionId,
    errorId,
    describedBy:
      [props.description ? descriptionId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined,
  };
}

/** Classes of the field's label. */
export function labelClass(props: Pick<DateFieldProps, 'error' | 'hideLabel'>): string {
  return cn('text-sm leading-none font-medium', props.error && 'text-destructive', props.hideLabel && 'sr-only');
}

/** Classes of the error text under the field (an always-present live region, empty without an error). */
export const errorClass = 'text-destructive text-sm font-medium empty:hidden';
