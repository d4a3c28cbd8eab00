// A small W3C WebDriver client for the real window: tauri-driver (and the WebKitWebDriver it
// starts) launches the app for each session and closes it when the session is deleted.

import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep, waitFor } from './wait.mjs';

/** WebDriver's key codes. */
export const KEYS = { ctrl: '\uE009', shift: '\uE008', enter: '\uE007' };

/** The element id in a WebDriver element reference. */
const elementId = (reference) => Object.values(reference)[0];

export class WebDriver {
  /** `url`: tauri-driver's; `application`: the app's binary; screenshots go to `artifacts`. */
  constructor({ url, application, artifacts }) {
    Object.assign(this, { url, application, artifacts });
  }

  async request(method, path, body) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json();
    if (!response.ok) {
      const { error, message } = payload.value ?? {};
      throw new Error(`${method} ${path} failed (${response.status} ${error}): ${message}`);
    }
    return payload.value;
  }

  /** Launches the app with `args` (its command line): a new window. */
  async open(args = []) {
    const { sessionId } = await this.request('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application: this.application, args } } },
    });
    return new Session(this, sessionId);
  }

  /**
   * Runs `body(session)` in a new window of the app with `args`; an error thrown out of it is a
   * failure of `report`, with a screenshot `failedShot`. The window is closed after.
   */
  async inWindow(args, report, failedShot, body) {
    const session = await this.open(args);
    try {
      return await body(session);
    } catch (error) {
      report.fail(error.message);
      await session.screenshot(failedShot).catch(() => {});
      return undefined;
    } finally {
      // Quitting: the session's end closes the app.
      await session.close().catch((e) => console.error(`closing the session: ${e.message}`));
    }
  }
}

/** One window of the app. */
export class Session {
  constructor(driver, id) {
    this.driver = driver;
    this.id = id;
  }

  request(method, path, body) {
    return this.driver.request(method, `/session/${this.id}${path}`, body);
  }

  close() {
    return this.driver.request('DELETE', `/session/${this.id}`);
  }

  /** Runs `body` (a function body; `arguments` are `args`) in the page and returns its value. */
  script(body, ...args) {
    return this.request('POST', '/execute/sync', { script: body, args });
  }

  /** Waits until `body` (a script, given `args`) returns something truthy, and returns it. */
  until(what, body, { ms = 10_000, args = [] } = {}) {
    return waitFor(what, () => this.script(body, ...args), { ms, every: 150 });
  }

  /** The first element matching `css`, or null. */
  async find(css) {
    const [element] = await this.request('POST', '/elements', { using: 'css selector', value: css });
    return element ? elementId(element) : null;
  }

  /** The first element matching `css`; throws when there is none. */
  async need(css) {
    const id = await this.find(css);
    if (!id) throw new Error(`no element ${css}`);
    return id;
  }

  /** Clicks an element (its id) as a pointer does. */
  async click(id) {
    await this.request('POST', `/element/${id}/click`, {});
  }

  /** Clicks the first element matching `css`. */
  async clickOn(css) {
    await this.click(await this.need(css));
  }

  /** Clicks the map node named `name` (a stage's or a tool's name). */
  async clickNode(name) {
    const node = await this.script(
      'return [...document.querySelectorAll(".react-flow__node")].find((e) => e.querySelector("[data-testid=stage-name], [data-testid=tool-name]")?.textContent === arguments[0])',
      name,
    );
    if (!node) throw new Error(`no node "${name}" on the map`);
    await this.click(elementId(node));
  }

  /** Replaces the text of the field matching `css` with `text` (`KEYS.enter` at its end commits it). */
  async fill(css, text) {
    const id = await this.need(css);
    await this.request('POST', `/element/${id}/clear`, {});
    await this.request('POST', `/element/${id}/value`, { text });
  }

  /** Chooses an option of a select (by its test id) as a person does: the option, clicked. */
  async choose(select, value) {
    await this.clickOn(`[data-testid="${select}"] option[value="${value}"]`);
    await this.until(`${select} is ${value}`, 'return document.querySelector(arguments[0])?.value === arguments[1]', {
      ms: 5000,
      args: [`[data-testid="${select}"]`, value],
    });
  }

  /**
   * The rendered text (`innerText`) of every element matching `css`: empty for elements not
   * shown yet. (WebKitWebDriver's "Get Element Text" returns nothing for elements inside React
   * Flow's transformed viewport, shown or not.)
   */
  async texts(css) {
    const elements = await this.request('POST', '/elements', { using: 'css selector', value: css });
    const result = [];
    for (const element of elements) {
      result.push(((await this.request('GET', `/element/${elementId(element)}/property/innerText`)) ?? '').trim());
    }
    return result;
  }

  /** Presses a key, with modifiers held, through W3C key actions (what a person's keyboard does). */
  async press(key, modifiers = []) {
    const down = [...modifiers, key].map((value) => ({ type: 'keyDown', value }));
    const up = [key, ...[...modifiers].reverse()].map((value) => ({ type: 'keyUp', value }));
    await this.request('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
    await this.request('DELETE', '/actions');
  }

  /** Types `text` key by key. */
  async type(text) {
    const actions = [...text].flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    await this.request('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** Saves a screenshot of the window as `name` in the artifacts directory. */
  async screenshot(name) {
    const png = Buffer.from(await this.request('GET', '/screenshot'), 'base64');
    mkdirSync(this.driver.artifacts, { recursive: true });
    const file = join(this.driver.artifacts, name);
    await writeFile(file, png);
    console.log(`screenshot: ${file}`);
  }

  /** A pause for what has no condition to wait for (an animation settling). */
  sleep(ms) {
    return sleep(ms);
  }
}
