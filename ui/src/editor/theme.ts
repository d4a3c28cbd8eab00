// Light and dark themes: the one chosen last, else the system's.

export type Theme = 'light' | 'dark';
const KEY = 'flowmap.theme';

export function initialTheme(stored: string | null, systemPrefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  return systemPrefersDark ? 'dark' : 'light';
}

export function loadTheme(): Theme {
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(KEY) ?? null;
  } catch {
    // No storage: the system's theme.
  }
  const dark = typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return initialTheme(stored, Boolean(dark));
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    globalThis.localStorage?.setItem(KEY, theme);
  } catch {
    // Not remembered: a convenience.
  }
}
