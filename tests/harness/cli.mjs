// The `flowmap` CLI as the tests' reference: writing demo maps, `flowmap metrics --json` for the
// figures the window must show, and the CLI's way of writing numbers
// (crates/flowmap-cli/src/render.rs), so a figure on screen can be compared as written.

import { execFileSync } from 'node:child_process';

/** Writes a demo map to `file` (`flowmap demo FILE [ARGS]`). */
export function writeDemo(cli, file, ...args) {
  execFileSync(cli, ['demo', file, ...args], { stdio: 'ignore' });
  return file;
}

/** `flowmap metrics FILE --json --now NOW [ARGS]`, parsed. */
export function metrics(cli, file, now, ...args) {
  const out = execFileSync(cli, ['metrics', file, '--json', '--now', now, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString());
}

/** `format!("{:.N}")` of Rust: to the nearest, an exact binary tie to the even digit. */
export function rustFixed(value, digits) {
  const exact = Math.abs(value).toFixed(digits + 60);
  const point = exact.indexOf('.');
  if (/^50*$/.test(exact.slice(point + 1 + digits))) {
    const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
    if (Number(kept.at(-1)) % 2 === 0) return (value < 0 ? '-' : '') + kept;
  }
  return value.toFixed(digits);
}

/** A duration as `flowmap metrics` prints it. */
export function cliDuration(seconds) {
  const s = Math.round(seconds);
  const [value, unit] =
    s < 3600 ? [s / 60, 'min'] : s < 86_400 ? [s / 3600, 'h'] : s < 14 * 86_400 ? [s / 86_400, 'd'] : [s / (7 * 86_400), 'wk'];
  return `${rustFixed(value, 1).replace(/\.0$/, '')} ${unit}`;
}

/** A fraction as a whole percentage, as the CLI prints it. */
export const cliPercent = (f) => `${rustFixed(f * 100, 0)}%`;

/** A count with thousands separated by commas, as the CLI prints it. */
export const cliCount = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
