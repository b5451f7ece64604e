/**
 * A multi-line text input that grows with its content; wired by an enclosing {@link FormField}.
 *
 * @example
 * ```svelte
 * <FormField label="Reason"><Textarea name="reason" rows={3} /></FormField>
 * ```
 */
import Root from './textarea.svelte';

export type { TextareaProps } from './textarea.svelte';
export { Root, Root as Textarea };
