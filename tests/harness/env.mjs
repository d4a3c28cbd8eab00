// The settings a suite's run.sh passes in the environment.

/** The value of `name`, which `runner` (the run.sh that starts the suite) sets. */
export function required(name, runner) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run ${runner}`);
  return value;
}

/** What tests/browser/run.sh passes to a browser suite. */
export function browserEnv() {
  const runner = 'tests/browser/run.sh';
  return {
    http: required('FLOWMAP_HTTP', runner),
    cli: required('FLOWMAP_CLI', runner),
    dist: required('UI_DIST', runner),
    work: required('WORK_DIR', runner),
    artifacts: required('ARTIFACTS', runner),
    bench: process.argv.includes('--bench'),
  };
}

/** What tests/e2e/run.sh passes to a real-window suite. */
export function windowEnv() {
  const runner = 'tests/e2e/run.sh';
  return {
    webdriver: required('WEBDRIVER_URL', runner),
    application: required('FLOWMAP_APP', runner),
    cli: required('FLOWMAP_CLI', runner),
    artifacts: required('E2E_ARTIFACTS', runner),
    // The file the debug app answers its file dialogs from (src-tauri/src/test_dialogs.rs).
    dialogs: process.env.FLOWMAP_TEST_DIALOG_ANSWERS ?? null,
  };
}
