import type { BackendError } from './backend';
import type { MapView } from './generated/wire';
import { OpenMapForm } from './OpenMapForm';

const count = new Intl.NumberFormat('en');

/** The map's name, its file and how much data it holds; opening another file. */
export function TopBar({
  view,
  openError,
  onOpen,
}: {
  view: MapView;
  openError: BackendError | null;
  onOpen: (path: string) => Promise<void>;
}) {
  return (
    <header className="top-bar">
      <div className="top-bar-title">
        <h1 data-testid="map-name">{view.name}</h1>
        <div className="top-bar-path" title={view.path}>
          {view.path}
        </div>
      </div>
      <div className="top-bar-counts" data-testid="map-counts">
        <span>
          <strong>{count.format(view.items)}</strong> items
        </span>
        <span>
          <strong>{count.format(view.transitions)}</strong> transitions
        </span>
      </div>
      <div className="top-bar-open">
        <OpenMapForm onOpen={onOpen} />
        {openError && (
          <div className="open-error" role="alert" data-testid="open-error">
            {openError.message}
          </div>
        )}
      </div>
    </header>
  );
}
