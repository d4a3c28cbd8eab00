import { Dialog } from './Dialog';
import { SHORTCUT_TABLE } from './shortcuts';

export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onCancel={onClose} testId="shortcuts">
      <div className="shortcut-groups">
        {SHORTCUT_TABLE.map(({ group, rows }) => (
          <table key={group} className="shortcut-table">
            <caption>{group}</caption>
            <tbody>
              {rows.map(([keys, what]) => (
                <tr key={keys}>
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
