import { describe, expect, it } from 'vitest';
import tokens from './tokens.css?raw';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1–21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The `--sv-*` colour tokens of the first rule block whose selector contains `selector`. */
function tokensOf(selector: string): Record<string, string> {
  const start = tokens.indexOf(selector);
  if (start < 0) throw new Error(`no block for ${selector}`);
  const open = tokens.indexOf('{', start);
  const block = tokens.slice(open + 1, tokens.indexOf('}', open));
  const out: Record<string, string> = {};
  for (const [, name, value] of block.matchAll(/--sv-([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi))
    out[name!] = value!.toLowerCase();
  return out;
}

function expandHex(hex: string): string {
  return hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
}

// Text on its background: WCAG 1.4.3 (AA) needs 4.5:1.
const TEXT_PAIRS: [string, string][] = [
  ['foreground', 'background'],
  ['card-foreground', 'card'],
  ['popover-foreground', 'popover'],
  ['primary-foreground', 'primary'],
  ['secondary-foreground', 'secondary'],
  ['muted-foreground', 'muted'],
  ['muted-foreground', 'background'],
  ['muted-foreground', 'card'],
  ['accent-foreground', 'accent'],
  ['destructive-foreground', 'destructive'],
  ['destructive', 'background'],
  ['destructive', 'card'],
  ['success-foreground', 'success'],
  ['success', 'background'],
  ['success', 'card'],
  ['warning-foreground', 'warning'],
  ['warning', 'background'],
  ['info-foreground', 'info'],
  ['info', 'background'],
  ['primary', 'background'],
];
// Boundaries of controls and the focus ring: WCAG 1.4.11 needs 3:1.
const UI_PAIRS: [string, string][] = [
  ['input', 'background'],
  ['input', 'card'],
  ['ring', 'background'],
  ['ring', 'card'],
  ['chart-1', 'card'],
  ['chart-2', 'card'],
  ['chart-3', 'card'],
  ['chart-4', 'card'],
  ['chart-5', 'card'],
];

describe('contrast of the theme tokens', () => {
  it('computes the WCAG ratio correctly', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });

  const themes = {
    light: tokensOf("[data-sv-theme='light']"),
    dark: tokensOf("[data-sv-theme='dark']"),
    'dark (system)': tokensOf(":root:not([data-sv-theme='light'])"),
  };

  it('defines the same colours for the dark override and the system dark mode', () => {
    expect(themes['dark (system)']).toEqual(themes.dark);
  });

  for (const [theme, colours] of Object.entries(themes)) {
    it(`${theme}: every text colour reaches 4.5:1 on its background`, () => {
      const failing = TEXT_PAIRS.map(([fg, bg]) => {
        expect(colours[fg], `--sv-${fg}`).toBeDefined();
        expect(colours[bg], `--sv-${bg}`).toBeDefined();
        return { pair: `${fg} on ${bg}`, ratio: contrast(expandHex(colours[fg]!), expandHex(colours[bg]!)) };
      }).filter(({ ratio }) => ratio < 4.5);
      expect(failing).toEqual([]);
    });

    it(`${theme}: control borders, focus ring and chart colours reach 3:1`, () => {
      const failing = UI_PAIRS.map(([fg, bg]) => ({
        pair: `${fg} on ${bg}`,
        ratio: contrast(expandHex(colours[fg]!), expandHex(colours[bg]!)),
      })).filter(({ ratio }) => ratio < 3);
      expect(failing).toEqual([]);
    });
  }
});
