// Debian's Chromium through playwright-core, with the flags that keep it off the network
// (see shared notes, desktop-testing.md), and the UI opened in it against a flowmap-http.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startBackend } from './backend.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** playwright-core adds `--headless` itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** playwright-core, from the UI's node_modules (beside `dist`). */
function playwright(dist) {
  return createRequire(join(dist, '..', 'package.json'))('playwright-core');
}

/**
 * Starts Chromium. With `profile` (a fresh directory), one profile that every page shares, as a
 * person's browser, with a 1280×800 viewport; without, each page starts in a context of its own.
 * Either way the result has `newPage()` and `close()`.
 */
export async function launchChromium({ dist, profile }) {
  const { chromium } = playwright(dist);
  if (profile) {
    return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The UI in a browser against its own flowmap-http: `open(args)` (re)starts the backend with
 * `args` and loads the UI in a new page, then waits for `ready` (a CSS selector). The page's
 * errors and console errors are printed.
 */
export function browserApp({ browser, http, dist, dataDir, ready }) {
  const app = {
    page: null,
    backend: null,
    /** `init`: a script run in the page before the UI's own (see Playwright's addInitScript). */
    async open(args = [], httpBinary = http, init = null) {
      if (app.backend) await app.backend.stop();
      app.backend = await startBackend({ http: httpBinary, dist, dataDir, args });
      if (app.page) await app.page.close();
      const page = await browser.newPage();
      app.page = page;
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`));
      if (init) await page.addInitScript(init);
      await page.goto(`${app.backend.url}/?backend=${encodeURIComponent(app.backend.url)}`);
      await page.waitForSelector(ready);
      return page;
    },
    async screenshot(path) {
      await app.page?.screenshot({ path }).catch(() => {});
    },
    async close() {
      await browser.close();
      await app.backend?.stop();
    },
  };
  return app;
}
