import { shortcutTable } from '../actions/registry';
import { windowStore } from '../store/window';
import { Dialog } from './Dialog';

/** The `?` list: every action's keys, from the registry, and the canvas's gestures. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const table = shortcutTable(windowStore.getState());
  return (
    <Dialog title="Keyboard shortcuts" onCancel={onClose} testId="shortcuts">
      <div className="shortcut-groups">
        {table.map(({ group, rows }) => (
          <table key={group} className="shortcut-table">
            <caption>{group}</caption>
            <tbody>
              {rows.map(([keys, what]) => (
                <tr key={keys + what}>
                  <th scope="row">
                    <kbd>{keys}</kbd>
                  </th>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
