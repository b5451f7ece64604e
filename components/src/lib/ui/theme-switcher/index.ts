/**
 * Light / dark / system switcher (a radio group: arrow keys move the choice). Applies the choice
 * to `<html data-sv-theme>` and stores it; `themeInitScript` avoids a flash on load.
 *
 * @example
 * ```svelte
 * <ThemeSwitcher />
 * ```
 */
import Root from './theme-switcher.svelte';

export type { ThemeSwitcherProps } from './theme-switcher.svelte';
export { applyTheme, getStoredTheme, themeInitScript, THEME_STORAGE_KEY, type ThemeMode } from './theme.js';
export { Root, Root as ThemeSwitcher };
