// What the real-window suites read from the app's window: is the map drawn, with which stages.

import { DEMO_STAGES } from './demo.mjs';
import { sleep } from './wait.mjs';
import { KEYS } from './webdriver.mjs';

export const STAGE_NAMES = '[data-testid="stage-node"] [data-testid="stage-name"]';
export const PARTNER_NAMES = '[data-testid="partner-frame"] [data-testid="partner-name"]';
export const MAP_ERROR = '[data-testid="map-error"]';
// Creating the demo map in a debug build and starting WebKit take a while on a small machine.
export const DRAWN_WITHIN_MS = 60_000;

/**
 * Waits until every one of `expected` is shown as a stage on the map (its name rendered), and
 * returns the names shown; throws when the window shows an error instead, or after `ms`.
 */
export async function waitForMap(session, { expected = DEMO_STAGES, ms = DRAWN_WITHIN_MS } = {}) {
  const deadline = Date.now() + ms;
  let stages = [];
  while (Date.now() < deadline) {
    const errors = await session.texts(MAP_ERROR);
    if (errors.length > 0) throw new Error(`the window shows an error instead of the map: ${errors.join(' ')}`);
    stages = await session.texts(STAGE_NAMES);
    if (expected.every((name) => stages.includes(name))) return stages;
    await sleep(500);
  }
  const missing = expected.filter((name) => !stages.includes(name));
  const inDocument = await session.script('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);', STAGE_NAMES);
  throw new Error(
    `stages missing after ${ms / 1000} s: ${missing.join(', ')} ` +
      `(shown: ${stages.filter(Boolean).join(', ') || 'none'}; in the document: ${inDocument.join(', ') || 'none'})`,
  );
}

/** Types a new node's name into its focused name field (the node just added with S or a palette button). */
export async function nameNewNode(session, name) {
  await session.until(`the name field of the new node before "${name}" takes the focus`, 'return document.activeElement?.getAttribute("data-testid") === "inspector-name"');
  await session.type(`${name}${KEYS.enter}`);
  await session.until(`"${name}" is drawn`, 'return [...document.querySelectorAll("[data-testid=stage-name], [data-testid=tool-name]")].some((e) => e.textContent === arguments[0])', { args: [name] });
  await session.script('document.activeElement?.blur()');
}
