import type { FieldControl } from '../form-field/context.js';

/** An option of {@link Select} or {@link Combobox}. */
export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Props Select and Combobox share: the options, the value and the control's FormField wiring. */
export interface ListControlProps {
  items: SelectOption[];
  /** Selected value (bindable); `''` when nothing is selected. */
  value?: string;
  /** Form field name: a hidden input carries the value. */
  name?: string;
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
  /** id of the control (a FormField provides it). */
  id?: string;
  /** Accessible name when there is no visible label. */
  'aria-label'?: string;
  onValueChange?: (value: string) => void;
  /** Text direction of the list. @default the page's direction */
  dir?: 'ltr' | 'rtl';
  /** Whether the list is open (bindable). */
  open?: boolean;
  class?: string;
}

/**
 * The aria wiring of a Select trigger or a Combobox input inside a FormField, and the
 * disabled/required state merged with the field's.
 */
export function listControl(
  field: FieldControl | undefined,
  props: Pick<ListControlProps, 'id' | 'disabled' | 'required'>,
) {
  return {
    disabled: props.disabled || field?.disabled,
    required: props.required || field?.required,
    attrs: {
      id: props.id ?? field?.id,
      'aria-describedby': field?.describedBy,
      'aria-invalid': field?.invalid ? ('true' as const) : undefined,
    },
  };
}
