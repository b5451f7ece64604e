/**
 * CodeMirror 6 set-up for the email TemplateEditor. This module is only ever loaded with a dynamic
 * `import()`, so CodeMirror stays out of the bundle of any page that does not show the editor.
 */
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState, RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  GutterMarker,
  MatchDecorator,
  ViewPlugin,
  gutter,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
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
  /** 1-based line of the error, marked in the editor (line background and a gutter marker). */
  errorLine?: number | null;
  /** Text of the gutter marker's tooltip (the error message). */
  errorMessage?: string;
}

/** Handle returned by {@link createTemplateEditor}. */
export interface TemplateEditorView {
  view: EditorView;
  setValue(value: string): void;
  setDark(dark: boolean): void;
  setReadOnly(readOnly: boolean): void;
  setAria(attrs: Record<string, string>): void;
  /** Marks a 1-based line as the error line (`null`: none). */
  setErrorLine(line: number | null | undefined, message?: string): void;
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

/** The marked error line: a 1-based line number (clamped to the document) and its message. */
interface ErrorMark {
  line: number;
  message: string;
}
const setErrorMark = StateEffect.define<ErrorMark | null>();
const errorMarkField = StateField.define<ErrorMark | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setErrorMark)) value = effect.value;
    return value;
  },
});

class ErrorMarker extends GutterMarker {
  readonly message: string;
  constructor(message: string) {
    super();
    this.message = message;
  }
  override eq(other: ErrorMarker) {
    return other.message === this.message;
  }
  override toDOM() {
    const marker = document.createElement('span');
    marker.className = 'cm-sv-errorMarker';
    marker.textContent = '!';
    // The gutter is hidden from assistive technology; the message sits in the editor's description (aria-describedby).
    if (this.message) marker.title = this.message;
    return marker;
  }
}

function errorLineOf(state: EditorState): { from: number; mark: ErrorMark } | null {
  const mark = state.field(errorMarkField);
  if (!mark || !Number.isFinite(mark.line)) return null;
  const line = Math.max(1, Math.min(Math.round(mark.line), state.doc.lines));
  return { from: state.doc.line(line).from, mark };
}

/** Marks the error line: a tinted line and an error marker in a gutter of its own, before the line numbers. */
const errorLine: Extension = [
  errorMarkField,
  EditorView.decorations.compute([errorMarkField, 'doc'], (state) => {
    const found = errorLineOf(state);
    return found ? Decoration.set([Decoration.line({ class: 'cm-sv-errorLine' }).range(found.from)]) : Decoration.none;
  }),
  gutter({
    class: 'cm-sv-errorGutter',
    markers: (view) => {
      const found = errorLineOf(view.state);
      return found ? RangeSet.of([new ErrorMarker(found.mark.message).range(found.from)]) : RangeSet.empty;
    },
    initialSpacer: () => new ErrorMarker(''),
  }),
];

// Colours chosen for >= 4.5:1 contrast on white (light) and on #0f172a-like backgrounds (dark), also inside a
// Handlebars mark on the tinted error line (hence green-800 for strings).
const lightHighlight = HighlightStyle.define([
  { tag: [t.tagName, t.angleBracket], color: '#1d4ed8' },
  { tag: t.attributeName, color: '#7e22ce' },
  { tag: [t.attributeValue, t.string], color: '#166534' },
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
        // One font, size and line height for the code and the gutters (set on the scroller both inherit from), so
        // a line number sits on the baseline of its line. A bare `monospace` would also shrink to the browser's 13px.
        '.cm-scroller': {
          fontFamily: 'var(--sv-font-mono, ui-monospace, monospace), monospace',
          fontSize: '0.875rem',
          lineHeight: '1.5',
        },
        '.cm-content': { caretColor: 'currentColor' },
        '.cm-gutters': {
          backgroundColor: 'transparent',
          color: 'inherit',
          borderInlineEnd: '1px solid color-mix(in srgb, currentColor 25%, transparent)',
        },
        '.cm-gutter, .cm-content': { fontFamily: 'inherit', fontSize: 'inherit', lineHeight: 'inherit' },
        '.cm-lineNumbers .cm-gutterElement': { color: dark ? '#a1a1aa' : '#52525b' },
        '.cm-sv-errorLine': { backgroundColor: dark ? '#f8717126' : '#dc262614' },
        '.cm-sv-errorGutter .cm-gutterElement': { display: 'flex', justifyContent: 'center', minWidth: '1.25rem' },
        '.cm-sv-errorMarker': {
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          alignSelf: 'center',
          width: '1rem',
          height: '1rem',
          borderRadius: '9999px',
          fontFamily: 'var(--sv-font-sans, system-ui), sans-serif',
          fontSize: '0.75rem',
          fontWeight: '700',
          lineHeight: '1',
          color: '#ffffff',
          backgroundColor: dark ? '#dc2626' : '#b91c1c',
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
        // before basicSetup: the error marker's gutter comes before the line numbers
        errorLine,
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
  const markError = (line: number | null | undefined, message = '') =>
    view.dispatch({ effects: setErrorMark.of(line ? { line, message } : null) });
  if (options.errorLine) markError(options.errorLine, options.errorMessage);
  return {
    view,
    setErrorLine: markError,
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
