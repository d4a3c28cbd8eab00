// The system's file dialog in the real window, answered by a test: the debug app reads the
// answers file tests/e2e/run.sh names in FLOWMAP_TEST_DIALOG_ANSWERS (src-tauri/src/test_dialogs.rs)
// and writes what each dialog asked for beside it (`.asked`).

import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** The answers file, or an error saying the suite needs run.sh's hook. */
function answers(file) {
  if (!file) throw new Error('FLOWMAP_TEST_DIALOG_ANSWERS is not set: run tests/e2e/run.sh');
  return file;
}

/** The next file dialog will choose `path` (an empty string: it is cancelled). */
export function answerNextDialog(file, path) {
  appendFileSync(answers(file), `${path}\n`);
}

/** What the dialogs asked so far, one line each: "open Event log: csv tsv txt xes xml". */
export function askedDialogs(file) {
  const asked = `${answers(file)}.asked`;
  return existsSync(asked) ? readFileSync(asked, 'utf8').split('\n').filter(Boolean) : [];
}
