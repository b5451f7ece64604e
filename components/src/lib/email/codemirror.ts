/**
 * CodeMirror 6 set-up for the email TemplateEditor. This module is only ever loaded with a dynamic
 * `import()`, so CodeMirror stays out of the bundle of any page that does not show the editor.
 */
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { html } from '@codemirror/lang-html';
import { tags as t } from '@lezer/highlight';

/** Options of {@link createTemplateEditor}. */
export interface TemplateEditorViewOptions {
  parent: HTMLElement;
  doc: string;
  onChange: (value: string) => void;
  dark: boolean;
  readOnly: boolean;
  /** Accessible name of the editing area. */
  label: string;
  /** id of the element describing the editor (help text, errors). */
  describedBy?: string;
  invalid?: boolean;
}

/** Handle returned by {@link createTemplateEditor}. */
export interface TemplateEditorView {
  view: EditorView;
  setValue(value: string): void;
  setDark(dark: boolean): void;
  setReadOnly(readOnly: boolean): void;
  setAria(attrs: Record<string, string>): void;
  destroy(): void;
}

const handlebarsMark = Decoration.mark({ class: 'cm-handlebars' });
const handlebarsMatcher = new MatchDecorator({
  // {{var}}, {{{raw}}}, {{#if x}}, {{/if}}, {{! comment }}
  regexp: /\{\{\{?[^{}]*\}?\}\}/g,
  decoration: () => handlebarsMark,
});

/** Highlights Handlebars expressions on top of the HTML/MJML syntax. */
export const handlebarsHighlight: Extension = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = handlebarsMatcher.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = handlebarsMatcher.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// Colours chosen for >= 4.5:1 contrast on white (light) and on #0f172a-like backgrounds (dark).
const lightHighlight = HighlightStyle.define([
  { tag: [t.tagName, t.angleBracket], color: '#1d4ed8' },
  { tag: t.attributeName, color: '#7e22ce' },
  { tag: [t.attributeValue, t.string], color: '#15803d' },
  { tag: t.comment, color: '#57534e', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.documentMeta], color: '#9f1239' },
]);
const darkHighlight = HighlightStyle.define([
  { tag: [t.tagName, t.angleBracket], color: '#93c5fd' },
  { tag: t.attributeName, color: '#d8b4fe' },
  { tag: [t.attributeValue, t.string], color: '#86efac' },
  { tag: t.comment, color: '#a8a29e', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.documentMeta], color: '#fda4af' },
]);

function themeFor(dark: boolean): Extension {
  return [
    EditorView.theme(
      {
        '&': { backgroundColor: 'transparent', color: 'inherit', height: '100%' },
        '.cm-content': { fontFamily: 'var(--sv-font-mono, ui-monospace, monospace)', caretColor: 'currentColor' },
        '.cm-gutters': {
          backgroundColor: 'transparent',
          color: 'inherit',
          borderInlineEnd: '1px solid color-mix(in srgb, currentColor 25%, transparent)',
          opacity: '0.85',
        },
        '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: dark ? '#ffffff10' : '#0000000a' },
        '.cm-handlebars': {
          color: dark ? '#fcd34d' : '#92400e',
          backgroundColor: dark ? '#fcd34d1a' : '#f59e0b1a',
          borderRadius: '2px',
        },
        '&.cm-focused': { outline: 'none' },
      },
      { dark },
    ),
    syntaxHighlighting(dark ? darkHighlight : lightHighlight),
  ];
}

/** Mounts a CodeMirror editor for HTML/MJML templates with Handlebars highlighting. */
export function createTemplateEditor(options: TemplateEditorViewOptions): TemplateEditorView {
  const theme = new Compartment();
  const editable = new Compartment();
  const aria = new Compartment();
  const ariaAttrs = (extra: Record<string, string> = {}) =>
    EditorView.contentAttributes.of({
      'aria-label': options.label,
      'aria-multiline': 'true',
      ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
      ...(options.invalid ? { 'aria-invalid': 'true' } : {}),
      ...extra,
    });
  let applyingExternal = false;
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        basicSetup,
        html({ selfClosingTags: true }),
        handlebarsHighlight,
        EditorView.lineWrapping,
        theme.of(themeFor(options.dark)),
        editable.of([EditorState.readOnly.of(options.readOnly), EditorView.editable.of(!options.readOnly)]),
        aria.of(ariaAttrs()),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !applyingExternal) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setValue(value) {
      const current = view.state.doc.toString();
      if (current === value) return;
      applyingExternal = true;
      view.dispatch({ changes: { from: 0, to: current.length, insert: value } });
      applyingExternal = false;
    },
    setDark(dark) {
      view.dispatch({ effects: theme.reconfigure(themeFor(dark)) });
    },
    setReadOnly(readOnly) {
      view.dispatch({
        effects: editable.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      });
    },
    setAria(attrs) {
      view.dispatch({ effects: aria.reconfigure(ariaAttrs(attrs)) });
    },
    destroy() {
      view.destroy();
    },
  };
}
