// Counting checks and reporting a suite: each failure is printed as it happens (`FAIL …`), the
// suite ends with `LABEL took N s` and `LABEL: N passed, N failed[, N skipped]` on a line of its
// own, and the process exits 1 when anything failed.

export function report(label) {
  const started = Date.now();
  const failures = [];
  let passed = 0;
  const r = {
    label,
    get passed() {
      return passed;
    },
    get failed() {
      return failures.length;
    },
    pass() {
      passed++;
    },
    fail(message) {
      failures.push(message);
      console.error(`FAIL ${message}`);
    },
    /** One check: `failure` is null when it holds, otherwise what went wrong. */
    check(failure) {
      if (failure) r.fail(failure);
      else passed++;
    },
    /** Prints the totals and exits; `total` (when known) counts the tests not run as skipped. */
    finish(total) {
      const skipped = total === undefined ? 0 : Math.max(0, total - passed - failures.length);
      console.log(`${label} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`${label}: ${passed} passed, ${failures.length} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
      process.exit(failures.length > 0 ? 1 : 0);
    },
  };
  return r;
}

/**
 * Runs a suite's `body(report)`, then reports it; an error thrown out of `body` counts as a
 * failure. `total()` (optional) is how many tests the suite has, for the skipped count.
 */
export async function runSuite(label, body, total = () => undefined) {
  const r = report(label);
  try {
    await body(r);
  } catch (error) {
    r.fail(error?.stack ?? String(error));
  }
  r.finish(total());
}

/**
 * Tests that build on each other: `test(name, fn)` adds one; `run(report, onFailure)` runs
 * them in order and stops at the first failure (calling `onFailure(index)`, for a screenshot).
 * Returns whether all passed.
 */
export function sequence() {
  const tests = [];
  return {
    tests,
    test: (name, fn) => tests.push({ name, fn }),
    async run(r, onFailure = async () => {}) {
      for (const [index, { name, fn }] of tests.entries()) {
        const t0 = Date.now();
        try {
          await fn();
          r.pass();
          console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (error) {
          r.fail(`${name}: ${error?.stack ?? error}`);
          await onFailure(index).catch(() => {});
          return false;
        }
      }
      return true;
    },
  };
}
