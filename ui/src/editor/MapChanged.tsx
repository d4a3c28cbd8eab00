// When another program changed the open map itself while edits here are unsaved: Save will be
// refused (`map_changed`; the maps are not merged). The notice says so while it holds; Save
// then asks whether to keep this version in another file (Save As) or take the other one
// (Reopen, dropping the unsaved edits).

import { saveAs } from '../actions/files';
import { useWindow, windowStore } from '../store/window';
import * as backend from '../backend';
import { Dialog } from './Dialog';

function reopen(): void {
  const { editor, replaceWith } = windowStore.getState();
  if (editor?.file) void replaceWith(() => backend.openMap(editor.file!), 'Reopened: the map as it is in the file');
}

function Choices({ then, onChoose }: { then?: () => void; onChoose?: () => void }) {
  return (
    <>
      <button
        type="button"
        data-testid="map-changed-reopen"
        onClick={() => {
          onChoose?.();
          reopen();
        }}
      >
        Reopen (drop my edits)
      </button>
      <button
        type="button"
        className="primary"
        data-testid="map-changed-save-as"
        autoFocus
        onClick={() => {
          onChoose?.();
          saveAs(windowStore, then);
        }}
      >
        Save as…
      </button>
    </>
  );
}

/** Shown while another program's change to the map stands against unsaved edits. */
export function MapChangedNotice() {
  const shown = useWindow((s) => s.mapChanged && s.editor?.dirty === true);
  if (!shown) return null;
  return (
    <div className="map-changed-notice" role="alert" data-testid="map-changed-notice">
      <span>
        Another program changed this map in its file. Save will be refused (map_changed); Save As keeps your version.
      </span>
      <Choices />
    </div>
  );
}

/** Save was refused with `map_changed`: Save As, Reopen, or neither. */
export function MapChangedDialog({ then, onClose }: { then?: () => void; onClose: () => void }) {
  return (
    <Dialog title="The map changed in its file" onCancel={onClose} testId="map-changed-dialog">
      <p>
        Another program changed this map since it was opened here, so Save would overwrite its change and was refused. Save
        your version to another file, or reopen the file and take its version (your unsaved edits are dropped).
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <Choices then={then} onChoose={onClose} />
      </div>
    </Dialog>
  );
}
