import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import TemplateEditor from './template-editor.svelte';

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
});
