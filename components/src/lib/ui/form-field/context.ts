import { getContext, hasContext, setContext } from 'svelte';

/** What a {@link FormField} tells the control inside it (ids and states for the aria wiring). */
export interface FieldControl {
  /** id of the control (the label's `for`). */
  readonly id: string;
  /** ids of the description and the error, for `aria-describedby`. */
  readonly describedBy: string | undefined;
  /** id of the error message when there is one, for `aria-errormessage`. */
  readonly errorId: string | undefined;
  readonly invalid: boolean;
  readonly required: boolean;
  readonly disabled: boolean;
}

const KEY = Symbol.for('@sv-sdk/components/form-field');

/** Provides the field's control wiring to the control inside (used by FormField). */
export function setFieldControl(control: FieldControl): void {
  setContext(KEY, control);
}

/**
 * The wiring of the enclosing {@link FormField}, if any. Input, Textarea, PasswordInput, Select,
 * Combobox and the date pickers call it so they get their id and aria attributes automatically.
 *
 * @example
 * ```ts
 * const field = useFieldControl();
 * const id = $derived(props.id ?? field?.id);
 * ```
 */
export function useFieldControl(): FieldControl | undefined {
  return hasContext(KEY) ? getContext<FieldControl>(KEY) : undefined;
}

/** Joins aria-describedby id lists, dropping empty ones. */
export function joinIds(...ids: (string | null | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}
