// flowmap-http, the real Rust backend behind the UI in a browser: started on a free port of
// 127.0.0.1 (it picks one with `--port 0` and prints `listening on URL`).

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `http` serving the UI in `dist`, with its data in `dataDir`, opening `args` (a map
 * file, or nothing for a new map); resolves once it listens, to `{ url, stop }`.
 */
export async function startBackend({ http, dist, dataDir, args = [] }) {
  const child = spawn(http, ['--port', '0', '--static', dist, '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('flowmap-http did not start within 10 s')), 10_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.replace('listening on ', '').trim());
    });
    child.once('exit', (code) => reject(new Error(`flowmap-http exited with ${code}`)));
  });
  // Stopped at once, as a crash would: the browser tests rely on nothing being saved on the way out.
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGKILL'))));
  return { url, stop };
}
