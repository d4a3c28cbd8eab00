import * as backend from '../backend';
import { toBackendError } from '../backend';
import { save } from '../actions/files';
import type { RecoveryInfo } from '../generated/wire';
import { windowStore, useWindow } from '../store/window';
import { Dialog, PathDialog, UnsavedDialog } from './Dialog';
import { MapChangedDialog } from './MapChanged';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { CompareDialog, DeleteStateDialog, RenameStateDialog } from '../states/CompareDialog';

/** Restoring what a crash left unsaved, or dropping it. */
function RecoveryDialog({ info, onClose }: { info: RecoveryInfo; onClose: () => void }) {
  const { say, replaceWith } = windowStore.getState();
  return (
    <Dialog title="Restore unsaved work?" onCancel={onClose} testId="recovery-dialog">
      <p>
        Flowmap did not close cleanly last time. Unsaved changes to “{info.map_name}”{info.file ? ` (${info.file})` : ''} from{' '}
        {new Date(info.saved_at).toLocaleString()} were kept.
      </p>
      <div className="dialog-buttons">
        <button
          type="button"
          data-testid="recovery-discard"
          onClick={() => {
            onClose();
            void backend.discardRecovery().catch((error) => say(toBackendError(error).message, true));
          }}
        >
          Discard them
        </button>
        <button
          type="button"
          className="primary"
          data-testid="recovery-restore"
          autoFocus
          onClick={() => {
            onClose();
            void replaceWith(backend.restoreRecovery, 'Restored your unsaved work');
          }}
        >
          Restore
        </button>
      </div>
    </Dialog>
  );
}

/** The dialog open, if any: at most one at a time (the window's `modal`). */
export function Dialogs() {
  const modal = useWindow((s) => s.modal);
  const recent = useWindow((s) => s.recent);
  const mapName = useWindow((s) => s.editor?.view.name ?? '');
  const close = windowStore.getState().closeModal;
  if (!modal) return null;
  switch (modal.kind) {
    case 'path': {
      const { prompt } = modal;
      return (
        <PathDialog
          title={prompt.title}
          action={prompt.action}
          initial={prompt.initial}
          recent={prompt.recent ? recent : []}
          browse={backend.nativeDialogs() ? () => backend.choosePath(prompt.save, prompt.extension) : null}
          onCancel={close}
          onSubmit={(path) => {
            close();
            prompt.then(path);
          }}
        />
      );
    }
    case 'unsaved':
      return (
        <UnsavedDialog
          mapName={mapName}
          onCancel={close}
          onDiscard={() => {
            close();
            modal.then();
          }}
          onSave={() => {
            close();
            save(windowStore, modal.then);
          }}
        />
      );
    case 'recovery':
      return <RecoveryDialog info={modal.info} onClose={close} />;
    case 'map-changed':
      return <MapChangedDialog then={modal.then} onClose={close} />;
    case 'shortcuts':
      return <ShortcutsOverlay onClose={close} />;
    case 'compare':
      return <CompareDialog onClose={close} />;
    case 'rename-state':
      return <RenameStateDialog onClose={close} />;
    case 'delete-state':
      return <DeleteStateDialog onClose={close} />;
  }
}
