import type { ReactNode } from 'react';
import type { BackendError } from './backend';
import type { ErrorCode } from './generated/wire';
import { OpenMapForm } from './OpenMapForm';

const HEADLINES: Record<ErrorCode, string> = {
  not_found: 'The map file does not exist',
  not_a_flowmap_file: 'This is not a Flowmap file',
  newer_version: 'This map was saved by a newer Flowmap',
  corrupt: 'The map file is damaged',
  invalid_map: 'The map in this file is not valid',
  invalid_mapping: "The map's state mapping cannot be used",
  invalid_json: 'The map in this file cannot be read',
  invalid_argument: 'Flowmap was asked for something it cannot do',
  io: 'The map file could not be read or written',
  internal: 'Flowmap ran into a problem',
  invalid_log: 'The event log cannot be read',
  unauthorized: 'The source refused the credentials',
  forbidden: 'The source may not be read with these credentials',
  missing_credential: 'No token for the source',
  unreachable: 'The source cannot be reached',
  rate_limited: "The source's rate limit is exhausted",
  source_failed: 'The source answered with an error',
  cancelled: 'Cancelled',
  unsaved: 'The map has not been saved to a file yet',
  busy: 'Another program is writing the map file',
  map_changed: 'Another program changed this map since it was opened',
  record_changed: 'Another program changed this since it was read',
};

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="notice">
      <div className="notice-card">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Why no map is shown, and a way to open another file. */
export function MapErrorNotice({ error, onOpen }: { error: BackendError; onOpen: (path: string) => Promise<void> }) {
  return (
    <Notice title={HEADLINES[error.code]}>
      <p className="notice-message" data-testid="map-error" role="alert">
        {error.message}
      </p>
      <p>Open another map:</p>
      <OpenMapForm onOpen={onOpen} />
    </Notice>
  );
}

/** Shown when the UI runs in a plain browser (`npm run dev`) instead of the Flowmap window. */
export function NoBackendNotice() {
  return (
    <Notice title="The Flowmap UI needs the Flowmap backend">
      <p>
        This page draws maps that the Flowmap desktop app reads from <code>.flowmap</code> files. Opened on its own in a
        browser, it has no map to show.
      </p>
      <p>To see a map, run the app from the repository root:</p>
      <pre>npm --prefix ui run build{'\n'}cargo run -p flowmap-app</pre>
      <p>
        To work on the UI with live reload in a browser, serve the backend over HTTP and name it in the address:
      </p>
      <pre>cargo run -p flowmap-http -- --port 7878 demo.flowmap{'\n'}npm --prefix ui run dev{'\n'}# then open http://localhost:5173/?backend=http://127.0.0.1:7878</pre>
    </Notice>
  );
}

export function LoadingNotice() {
  return (
    <Notice title="Opening the map…">
      <p>Reading the map file.</p>
    </Notice>
  );
}
