import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import TemplateEditor from './template-editor.svelte';
import { findLine } from './lines.js';

describe('TemplateEditor', () => {
  it('keeps a working textarea when enhancement is off (the SSR / loading fallback)', async () => {
    const onChange = vi.fn();
    const screen = await render(TemplateEditor, {
      props: { value: '<mj-text>Hi</mj-text>', name: 'source', enhance: false, onChange },
    });
    const textarea = screen.getByLabelText('Template source');
    await expect.element(textarea).toHaveValue('<mj-text>Hi</mj-text>');
    expect(textarea.element().getAttribute('name')).toBe('source');
    await userEvent.fill(textarea.element(), '<mj-text>{{name}}</mj-text>');
    expect(onChange).toHaveBeenLastCalledWith('<mj-text>{{name}}</mj-text>');
  });

  it('loads CodeMirror lazily, highlights Handlebars and still posts the value', async () => {
    const onChange = vi.fn();
    const screen = await render(TemplateEditor, {
      props: { value: '<mj-text>Hello {{user.name}}</mj-text>', name: 'source', onChange, error: 'Unknown variable' },
    });
    const content = screen.container.querySelector.bind(screen.container);
    await vi.waitFor(() => expect(content('.cm-content')).not.toBeNull(), { timeout: 10_000 });
    expect(content('textarea')).toBeNull();
    expect(content('.cm-handlebars')?.textContent).toBe('{{user.name}}');
    const editable = content('.cm-content') as HTMLElement;
    expect(editable.getAttribute('aria-label')).toBe('Template source');
    expect(editable.getAttribute('aria-invalid')).toBe('true');
    expect((content('input[type=hidden][name=source]') as HTMLInputElement).value).toBe(
      '<mj-text>Hello {{user.name}}</mj-text>',
    );

    editable.focus();
    await userEvent.keyboard('{Control>}{End}{/Control}!');
    expect(onChange).toHaveBeenLastCalledWith('<mj-text>Hello {{user.name}}</mj-text>!');
  });

  it('marks the error line and gives the gutter the font of the code', async () => {
    const source = ['<mjml>', '  <mj-body>', '    <mj-text>{{unknown}}</mj-text>', '  </mj-body>', '</mjml>'].join(
      '\n',
    );
    const screen = await render(TemplateEditor, {
      props: {
        value: source,
        error: 'Unknown variable {{unknown}} at line 3.',
        errorLine: findLine(source, '{{unknown}}'),
      },
    });
    const $ = (selector: string) => screen.container.querySelector<HTMLElement>(selector);
    await vi.waitFor(() => expect($('.cm-sv-errorLine')).not.toBeNull(), { timeout: 10_000 });
    expect($('.cm-sv-errorLine')!.textContent).toBe('    <mj-text>{{unknown}}</mj-text>');
    expect(screen.container.querySelectorAll('.cm-sv-errorLine')).toHaveLength(1);
    // one marker (the gutter's hidden spacer has no title)
    const markers = [...screen.container.querySelectorAll<HTMLElement>('.cm-sv-errorMarker')].filter((m) => m.title);
    expect(markers).toHaveLength(1);
    const marker = markers[0]!;
    expect(marker.title).toBe('Unknown variable {{unknown}} at line 3.');
    // the marker sits on the error line
    const lineBox = $('.cm-sv-errorLine')!.getBoundingClientRect();
    const markerBox = marker.getBoundingClientRect();
    expect(Math.abs(markerBox.top + markerBox.height / 2 - (lineBox.top + lineBox.height / 2))).toBeLessThan(2);

    const number = [...screen.container.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')].find(
      (element) => element.textContent === '3',
    )!;
    const code = getComputedStyle($('.cm-content')!);
    const gutter = getComputedStyle(number);
    expect(gutter.fontFamily).toBe(code.fontFamily);
    expect(gutter.fontSize).toBe(code.fontSize);
    expect(gutter.lineHeight).toBe(code.lineHeight);
    expect(number.getBoundingClientRect().top).toBeCloseTo(lineBox.top, 0);

    await screen.rerender({ error: undefined });
    await vi.waitFor(() => expect($('.cm-sv-errorLine')).toBeNull());
  });
});
