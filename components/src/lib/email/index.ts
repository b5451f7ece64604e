/**
 * Email template editing: a lazily loaded CodeMirror editor (HTML/MJML + Handlebars) with a
 * textarea fallback, and a sandboxed preview with desktop/mobile widths and light/dark.
 *
 * @example
 * ```svelte
 * <TemplateEditor bind:value={source} name="mjml" />
 * <TemplatePreview html={rendered} />
 * ```
 */
import Editor from './template-editor.svelte';
import Preview from './template-preview.svelte';

export { emailMessages } from './messages.js';
export { findLine, lineAt } from './lines.js';
export type { TemplateEditorProps } from './template-editor.svelte';
export {
  previewDocument,
  previewWidths,
  type TemplatePreviewProps,
  type TemplatePreviewScheme,
  type TemplatePreviewWidth,
} from './template-preview.svelte';
export { Editor, Preview, Editor as TemplateEditor, Preview as TemplatePreview };
