import type { ToolKind } from '../generated/wire';
import { ToolBadgeMark } from '../map/nodes/ToolBadgeMark';
import { toolBadge } from '../map/toolBadges';
import type { NodeKind } from './edits';
import { TOOL_KINDS } from '../generated/wire';

/** The palette: what can be added to the map, each also on a key (S, T, P, C, N, K). */
export function Palette({ onAdd }: { onAdd: (kind: NodeKind, toolKind?: ToolKind) => void }) {
  return (
    <nav className="palette" aria-label="Add to the map">
      <h2>Add</h2>
      <button type="button" className="palette-item" data-testid="add-stage" onClick={() => onAdd('stage')}>
        <span className="palette-swatch palette-stage" aria-hidden="true" />
        Stage <kbd>S</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-customer" onClick={() => onAdd('customer')}>
        <span className="palette-swatch palette-customer" aria-hidden="true" />
        Customer <kbd>C</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-partner" onClick={() => onAdd('partner')}>
        <span className="palette-swatch palette-partner" aria-hidden="true" />
        Partner <kbd>P</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-note" onClick={() => onAdd('note')}>
        <span className="palette-swatch palette-note" aria-hidden="true" />
        Note <kbd>N</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-burst" onClick={() => onAdd('burst')}>
        <span className="palette-swatch palette-burst" aria-hidden="true" />
        Kaizen burst <kbd>K</kbd>
      </button>
      <h2>Tools</h2>
      {TOOL_KINDS.map((kind) => {
        const title = kind === 'other' ? 'Other tool' : toolBadge(kind, '').title;
        return (
          <button
            key={kind}
            type="button"
            className="palette-item"
            data-testid={`add-tool-${kind}`}
            onClick={() => onAdd('tool', kind)}
            aria-label={`Add a ${title} tool`}
          >
            <ToolBadgeMark kind={kind} toolName="Tool" size="small" />
            {title}
            {kind === 'other' && <kbd>T</kbd>}
          </button>
        );
      })}
    </nav>
  );
}
