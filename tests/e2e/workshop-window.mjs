// The workshop path in the real Flowmap window (tauri-driver, WebKitWebDriver): a new map, four
// stages drawn with the keyboard alone (S, the name typed, Enter; E, the estimates typed with
// units and words, Tab between fields, Enter), a stage renamed in place (F2), a kaizen burst on
// a stage (K), a future state (+ Future) with a stage removed and an estimate changed, Compare:
// the totals shown before → after equal the hand computation below; ] back to the current
// state shows its four stages again. The Chromium suites tests/browser/workshop.mjs and
// future.mjs walk the same steps against flowmap-http.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.
//
// By hand. A new map has no data: each state's ladder is its estimates alone.
// Current state, Intake → Discovery (typed "Analysis", renamed) → Build → Review:
//   lead    2 d + 3 d + 1 wk + 1 d             = 13 d            = 1,123,200 s
//   process 30 min + 90 min + 1 d + 2 h         = 28 h            =   100,800 s
//   activity ratio 28 h / 312 h                 = 8.97 %
//   rolled %C&A (Intake has none) 0.8 × 0.9 × 0.75 = 54 %
// Future state, Review removed, Build's lead time 3 d:
//   lead    2 d + 3 d + 3 d = 8 d = 691,200 s;  process 30 min + 90 min + 1 d = 26 h = 93,600 s
//   activity ratio 26 h / 192 h = 13.54 %;      rolled 0.8 × 0.9 = 72 %

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemo } from '../harness/cli.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { KEYS, WebDriver } from '../harness/webdriver.mjs';
import { waitForMap } from '../harness/window.mjs';

const { webdriver: url, application, cli, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });
const TAB = '\uE004';
const DELETE = '\uE017';
const F2 = '\uE032';

const MIN = 60;
const H = 3600;
const D = 24 * H;
/** The stages, what is typed after E (Tab between fields) and what each card then shows. */
const STAGES = [
  { name: 'Intake', typed: ['30 min', '2d'], shows: 'PT 30 min · LT 2 d' },
  { name: 'Analysis', typed: ['90 min', '3 days', '80 %'], shows: 'PT 1.5 h · LT 3 d · C&A 80%' },
  { name: 'Build', typed: ['1d', '1 wk', '90'], shows: 'PT 1 d · LT 1 wk · C&A 90%' },
  { name: 'Review', typed: ['2 h', '1d', '75 %'], shows: 'PT 2 h · LT 1 d · C&A 75%' },
];
const BEFORE = {
  lead: 2 * D + 3 * D + 7 * D + 1 * D,
  process: 30 * MIN + 90 * MIN + 1 * D + 2 * H,
  rolled: 0.8 * 0.9 * 0.75,
};
BEFORE.ratio = BEFORE.process / BEFORE.lead;
const AFTER = { lead: 2 * D + 3 * D + 3 * D, process: 30 * MIN + 90 * MIN + 1 * D, rolled: 0.8 * 0.9 };
AFTER.ratio = AFTER.process / AFTER.lead;
/** The rows of the Compare dialog: figure → [before, after, the texts shown]. */
const WANT = {
  'Lead time': [BEFORE.lead, AFTER.lead, ['13 d', '8 d', '−5 d']],
  'Process time': [BEFORE.process, AFTER.process, ['1.2 d', '1.1 d', '−2 h']],
  'Activity ratio': [BEFORE.ratio, AFTER.ratio, ['9.0%', '13.5%', '+4.6 pp']],
  'Rolled %C&A': [BEFORE.rolled, AFTER.rolled, ['54.0%', '72.0%', '+18.0 pp']],
};

const NAMES = 'return [...document.querySelectorAll("[data-testid=stage-node] [data-testid=stage-name]")].map((e) => e.textContent)';
const FOCUSED = 'return document.activeElement?.getAttribute("data-testid") === arguments[0]';
const IN_FIELD = 'return ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName ?? "")';
/** The text of `testid` inside the stage card named arguments[0]. */
const CARD = `return [...document.querySelectorAll('[data-testid="stage-node"]')]
  .find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === arguments[0])
  ?.querySelector('[data-testid="' + arguments[1] + '"]')?.textContent ?? null`;
const SHOWN_STATE = 'const s = document.querySelector("[data-testid=state-select]"); return s ? s.options[s.selectedIndex]?.textContent ?? "" : null';
const ROWS = `return [...document.querySelectorAll('[data-testid^="compare-row-"]')].map((e) => ({
  figure: e.getAttribute('data-testid').replace('compare-row-', ''),
  before: Number(e.getAttribute('data-before')),
  after: Number(e.getAttribute('data-after')),
  difference: Number(e.getAttribute('data-difference')),
  text: [...e.querySelectorAll('td')].map((td) => td.textContent.trim()),
}))`;

const focused = (session, testId) => session.until(`${testId} takes the focus`, FOCUSED, { args: [testId] });
const leftField = (session) => session.until('the field is left', `return !(function () { ${IN_FIELD} })()`);
const sameNames = async (session, want) => {
  let shown = [];
  await session
    .until(`the stages ${want.join(', ')}`, `${NAMES}.sort().join("|") === arguments[0]`, { args: [[...want].sort().join('|')] })
    .catch(async (e) => {
      shown = await session.script(NAMES);
      throw new Error(`${e.message}; shown: ${shown.join(', ')}`);
    });
};

await runSuite('workshop window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-workshop-')), 'demo.flowmap'));
  await driver.inWindow([file], report, 'workshop-failed.png', async (session) => {
    await waitForMap(session);
    await session.clickOn('[data-testid="action-new"]');
    await session.until('the new map is shown', 'return document.querySelectorAll("[data-testid=stage-node]").length === 0');

    // Four stages with the keyboard alone: S adds a stage after the selected one, joined to it.
    let keys = 0;
    const type = async (text) => {
      keys += [...text].length;
      await session.type(text);
    };
    for (const stage of STAGES) {
      await type('s');
      await focused(session, 'inspector-name');
      await type(`${stage.name}${KEYS.enter}`);
      await leftField(session);
      await type('e');
      await focused(session, 'estimate-process-time');
      for (const [i, text] of stage.typed.entries()) await type(`${i > 0 ? TAB : ''}${text}`);
      await type(KEYS.enter);
      await leftField(session);
      await session.until(`${stage.name} shows ${stage.shows}`, `${CARD} === arguments[2]`, { args: [stage.name, 'stage-estimates', stage.shows] }).catch(async (e) => {
        throw new Error(`${e.message}; shown: ${await session.script(CARD, stage.name, 'stage-estimates')}`);
      });
    }
    console.log(`keystrokes: ${keys} for ${STAGES.length} stages, named and estimated`);
    await sameNames(session, STAGES.map((s) => s.name));
    const edges = await session.script('return document.querySelectorAll(".react-flow__edge").length');
    if (edges !== STAGES.length - 1) throw new Error(`${edges} handoffs drawn, not ${STAGES.length - 1}`);
    report.pass();

    // Renamed in place: Analysis selected, F2, the new name, Enter.
    await session.clickNode('Analysis');
    await session.script('document.activeElement?.blur()');
    await session.press(F2);
    await focused(session, 'rename-in-place');
    await session.press('a', [KEYS.ctrl]);
    await session.type(`Discovery${KEYS.enter}`);
    await sameNames(session, ['Intake', 'Discovery', 'Build', 'Review']);
    report.pass();

    // A kaizen burst on Build: selected, K, its idea typed.
    await session.clickNode('Build');
    await session.script('document.activeElement?.blur()');
    await session.press('k');
    await session.until('the burst is drawn', 'return !!document.querySelector("[data-testid=burst-node]")');
    await focused(session, 'inspector-name');
    await session.press('a', [KEYS.ctrl]);
    await session.type(`Pair on builds${KEYS.enter}`);
    await session.until('the burst shows its idea, on Build', 'const t = document.querySelector("[data-testid=burst-node]")?.textContent ?? ""; return t.includes("Pair on builds") && t.includes("on Build")');
    report.pass();

    // A future state: a copy of the current one; Review removed, Build's lead time 3 d.
    await session.clickOn('[data-testid="action-new-future-state"]');
    await session.until('the future state is shown', `return (function () { ${SHOWN_STATE} })()?.includes("(future)") && !!document.querySelector("[data-testid=future-banner]")`);
    await sameNames(session, ['Intake', 'Discovery', 'Build', 'Review']);
    await session.clickNode('Review');
    await session.script('document.activeElement?.blur()');
    await session.press(DELETE);
    await sameNames(session, ['Intake', 'Discovery', 'Build']);
    await session.clickNode('Build');
    await session.script('document.activeElement?.blur()');
    await session.press('e');
    await focused(session, 'estimate-process-time');
    await session.press(TAB);
    await focused(session, 'estimate-lead-time');
    await session.press('a', [KEYS.ctrl]);
    await session.type(`3d${KEYS.enter}`);
    await session.until('Build shows its new lead time', `${CARD} === arguments[2]`, { args: ['Build', 'stage-estimates', 'PT 1 d · LT 3 d · C&A 90%'] }).catch(async (e) => {
      throw new Error(`${e.message}; shown: ${await session.script(CARD, 'Build', 'stage-estimates')}`);
    });
    report.pass();

    // Compare: the totals before → after, and the difference, against the hand computation.
    await session.clickOn('[data-testid="action-compare-states"]');
    await session.until('the comparison is shown', 'return document.querySelectorAll("[data-testid^=compare-row-]").length === 4');
    const rows = await session.script(ROWS);
    console.log(`compare: ${rows.map((r) => `${r.figure} ${r.text.join(' → ')}`).join('; ')}`);
    await session.screenshot('workshop-compare.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));
    const figures = rows.map((r) => r.figure);
    if (JSON.stringify(figures) !== JSON.stringify(Object.keys(WANT))) throw new Error(`compared: ${figures.join(', ')}`);
    for (const r of rows) {
      const [before, after, text] = WANT[r.figure];
      const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      if (!near(r.before, before) || !near(r.after, after) || !near(r.difference, after - before)) {
        throw new Error(`${r.figure}: ${r.before} → ${r.after} (${r.difference}) shown, ${before} → ${after} (${after - before}) by hand`);
      }
      if (JSON.stringify(r.text) !== JSON.stringify(text)) throw new Error(`${r.figure} reads ${r.text.join(' | ')}, not ${text.join(' | ')}`);
    }
    const paths = (await session.texts('[data-testid="compare-paths"]'))[0] ?? '';
    if (!paths.includes('Intake → Discovery → Build → Review') || !paths.includes('Intake → Discovery → Build (workshop')) throw new Error(`compared paths: ${paths}`);
    await session.clickOn('[data-testid="compare-close"]');
    await session.until('the comparison is closed', 'return !document.querySelector("[data-testid=compare-table]")');
    report.pass();

    // Back to the current state with ]: its four stages, no banner, the burst still there.
    await session.script('document.activeElement?.blur()');
    await session.press(']');
    await session.until('the current state is shown', `return (function () { ${SHOWN_STATE} })() === "Current state" && !document.querySelector("[data-testid=future-banner]")`);
    await sameNames(session, ['Intake', 'Discovery', 'Build', 'Review']);
    for (const [name, shows] of [
      ['Build', 'PT 1 d · LT 1 wk · C&A 90%'],
      ['Review', 'PT 2 h · LT 1 d · C&A 75%'],
    ]) {
      const shown = await session.script(CARD, name, 'stage-estimates');
      if (shown !== shows) throw new Error(`in the current state ${name} shows ${shown}, not ${shows}`);
    }
    // The ladder of the current state: no data, its estimates' totals (13 d, 54 %).
    const ladder = (await session.texts('[data-testid="ladder-totals"]'))[0] ?? '';
    if (!ladder.replace(/\s+/g, ' ').includes('with estimates: Σ lead 13 d, rolled C&A 54%')) throw new Error(`the current state's ladder reads: ${ladder}`);
    const bursts = await session.script('return document.querySelectorAll("[data-testid=burst-node]").length');
    if (bursts !== 1) throw new Error(`${bursts} kaizen bursts in the current state, not 1`);
    await session.screenshot('workshop-current.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));
    report.pass();
  });
}, () => 6);
