// A test hook: makes one panel throw while it renders, so that a test can check that the
// panel's error boundary shows what failed while the rest of the window keeps working
// (tests/browser/views.mjs).
//
// A test names the panel before the page loads, and clears it to let Retry succeed:
//
//   await page.addInitScript(() => (window.__flowmapFault = 'stage-panel'));
//   await page.evaluate(() => (window.__flowmapFault = undefined));
//
// Under the Vite dev server (`npm run dev`) the address can name it too: `?fault=stage-panel`.
// Nothing a user does sets either: the global needs the page's script console, and the address
// parameter is ignored in the built app.

import type { PanelId } from './panels';

declare global {
  interface Window {
    /** The panel made to fail (see panels/fault.ts); a test hook. */
    __flowmapFault?: string;
  }
}

function requested(): string | null {
  if (typeof window === 'undefined') return null;
  if (window.__flowmapFault) return window.__flowmapFault;
  if (import.meta.env?.DEV) return new URLSearchParams(window.location.search).get('fault');
  return null;
}

/** Renders nothing, or throws when a test asked `panel` to fail. */
export function FaultPoint({ panel }: { panel: PanelId }): null {
  if (requested() === panel) throw new Error(`test fault in the ${panel} (window.__flowmapFault)`);
  return null;
}
