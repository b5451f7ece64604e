/** The colour theme choice: follow the system, or force light or dark. */
export type ThemeMode = 'light' | 'dark' | 'system';

/** localStorage key of the stored choice. */
export const THEME_STORAGE_KEY = 'sv-sdk-theme';

function isMode(value: unknown): value is ThemeMode {
  return value === 'light' || value === 'dark' || value === 'system';
}

/** The stored choice, `'system'` when none (or outside the browser). */
export function getStoredTheme(): ThemeMode {
  try {
    const stored = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return isMode(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Applies a choice to `<html>` (`data-sv-theme="light|dark"`, or no attribute for system) and
 * stores it. The tokens follow `prefers-color-scheme` when the attribute is absent.
 *
 * @example
 * ```ts
 * applyTheme('dark');
 * ```
 */
export function applyTheme(mode: ThemeMode, { persist = true }: { persist?: boolean } = {}): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (mode === 'system') root.removeAttribute('data-sv-theme');
  else root.setAttribute('data-sv-theme', mode);
  if (!persist) return;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, mode);
  } catch {
    // storage may be unavailable (private mode); the choice still applies to this page
  }
}

/**
 * A tiny inline script for `<head>` that applies the stored choice before the first paint (no
 * flash of the wrong theme). With a CSP, give it your nonce or hash.
 *
 * @example
 * ```svelte
 * <svelte:head>{@html `<script>${themeInitScript}</script>`}</svelte:head>
 * ```
 */
export const themeInitScript = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t==='light'||t==='dark')document.documentElement.setAttribute('data-sv-theme',t)}catch(e){}})();`;
