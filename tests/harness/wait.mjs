// Waiting: a pause, and waiting for a condition with a deadline.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` until it resolves to something truthy, and returns that; throws naming `what`
 * when `ms` have passed first. `every` is the pause between calls.
 */
export async function waitFor(what, check, { ms = 10_000, every = 100 } = {}) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(every);
  }
  throw new Error(`${what} (not within ${ms / 1000} s)`);
}
