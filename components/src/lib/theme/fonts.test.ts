import { afterEach, describe, expect, it } from 'vitest';
import tailwindEntry from './tailwind.css?inline';
import tokens from './tokens.css?inline';

// The fonts ship as packages (theme/fonts.css), so every machine renders the same glyphs: the visual baselines of the
// catalog and the demo depend on it.
let added: Element[] = [];
afterEach(() => {
  added.forEach((element) => element.remove());
  added = [];
});

function load(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  added.push(style);
}

describe('packaged fonts', () => {
  it('puts Inter and JetBrains Mono first in the font tokens', () => {
    expect(tokens).toMatch(/--sv-font-sans:\s*'Inter Variable',/);
    expect(tokens).toMatch(/--sv-font-mono:\s*'JetBrains Mono Variable',/);
  });

  it('loads Inter (Latin) from the package for sv-sdk markup through the Tailwind entry', async () => {
    load(tailwindEntry);
    const text = document.createElement('p');
    text.className = 'sv-sdk';
    text.textContent = 'Save changes';
    document.body.append(text);
    added.push(text);
    expect(getComputedStyle(text).fontFamily).toMatch(/^"Inter Variable"/);
    await document.fonts.ready;
    const loaded = [...document.fonts].filter(
      (face) => face.family.replace(/"/g, '') === 'Inter Variable' && face.status === 'loaded',
    );
    // one file: the Latin subset (the others load only for their scripts)
    expect(loaded).toHaveLength(1);
  });
});
