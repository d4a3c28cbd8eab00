import { useCallback, useEffect, useState } from 'react';
import { BackendError, currentMap, insideTauri, openMap, toBackendError } from './backend';
import type { MapView } from './generated/wire';
import { MapCanvas } from './map/MapCanvas';
import { LoadingNotice, MapErrorNotice, NoBackendNotice } from './Notices';
import { TopBar } from './TopBar';

/** `opened` counts the maps shown so far: a map opened again is drawn afresh. */
type Screen =
  | { kind: 'loading' }
  | { kind: 'failed'; error: BackendError }
  | { kind: 'map'; view: MapView; opened: number };

export function App() {
  return insideTauri() ? <MapWindow /> : <NoBackendNotice />;
}

function MapWindow() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [openError, setOpenError] = useState<BackendError | null>(null);

  useEffect(() => {
    let current = true;
    currentMap().then(
      (view) => current && setScreen({ kind: 'map', view, opened: 1 }),
      (error: unknown) => current && setScreen({ kind: 'failed', error: toBackendError(error) }),
    );
    return () => {
      current = false;
    };
  }, []);

  const open = useCallback(async (path: string) => {
    try {
      const view = await openMap(path);
      setOpenError(null);
      setScreen((shown) => ({ kind: 'map', view, opened: shown.kind === 'map' ? shown.opened + 1 : 1 }));
    } catch (error) {
      setOpenError(toBackendError(error));
    }
  }, []);

  switch (screen.kind) {
    case 'loading':
      return <LoadingNotice />;
    case 'failed':
      return <MapErrorNotice error={openError ?? screen.error} onOpen={open} />;
    case 'map':
      return (
        <div className="map-window">
          <TopBar view={screen.view} openError={openError} onOpen={open} />
          <MapCanvas key={screen.opened} view={screen.view} />
        </div>
      );
  }
}
