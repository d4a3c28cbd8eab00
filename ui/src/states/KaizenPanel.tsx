import { burstTargetName } from '../map/toFlow';
import { selectView } from '../store/selectors';
import { useWindow } from '../store/window';

/**
 * The side panel's Kaizen tab: the map's kaizen bursts (idea, owner, effect, status, what it
 * improves) and notes. A click selects it on the canvas and shows its properties.
 */
export function KaizenPanel() {
  const view = useWindow(selectView);
  const selected = useWindow((s) => s.selection.nodes);
  const select = useWindow((s) => s.select);
  const bursts = view.nodes.flatMap((v) => (v.node.kind === 'burst' ? [v.node] : []));
  const notes = view.nodes.flatMap((v) => (v.node.kind === 'note' ? [v.node] : []));
  const pick = (id: string) => select({ nodes: new Set([id]), edges: new Set() });
  return (
    <aside className="kaizen-panel" aria-label="Kaizen bursts and notes" data-testid="kaizen-panel">
      <h2>Kaizen bursts ({bursts.length})</h2>
      {bursts.length === 0 && <p className="hint">None yet: select a stage or a handoff and press K.</p>}
      <ul className="kaizen-list">
        {bursts.map((b) => (
          <li key={b.id}>
            <button type="button" className={selected.has(b.id) ? 'kaizen-item selected' : 'kaizen-item'} data-testid="kaizen-burst" onClick={() => pick(b.id)}>
              <span className="kaizen-title">{b.name}</span>
              <span className={`kaizen-status status-${b.status}`}>{b.status}</span>
              <span className="kaizen-meta">
                {burstTargetName(view, b.target) ? `on ${burstTargetName(view, b.target)}` : 'the whole stream'}
                {b.owner ? ` · ${b.owner}` : ''}
              </span>
              {b.effect && <span className="kaizen-effect">expected: {b.effect}</span>}
            </button>
          </li>
        ))}
      </ul>
      <h2>Notes ({notes.length})</h2>
      {notes.length === 0 && <p className="hint">None yet: press N.</p>}
      <ul className="kaizen-list">
        {notes.map((n) => (
          <li key={n.id}>
            <button type="button" className={selected.has(n.id) ? 'kaizen-item selected' : 'kaizen-item'} data-testid="kaizen-note" onClick={() => pick(n.id)}>
              {n.name}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
