import type { DragEvent } from 'react';
import type { ToolKind } from '../generated/wire';
import { ToolBadgeMark } from '../map/nodes/ToolBadgeMark';
import { toolBadge } from '../map/toolBadges';
import type { NodeKind } from './edits';
import { TOOL_KINDS } from '../generated/wire';

/** What a palette item dragged onto the canvas carries. */
export type PaletteItem = { kind: NodeKind; toolKind?: ToolKind };
export const PALETTE_DRAG_TYPE = 'application/x-flowmap-palette';

const KINDS: readonly NodeKind[] = ['stage', 'tool', 'partner', 'customer'];

/** The palette item dropped, if what was dropped is one. */
export function droppedPaletteItem(data: DataTransfer): PaletteItem | null {
  const text = data.getData(PALETTE_DRAG_TYPE);
  if (!text) return null;
  try {
    const item = JSON.parse(text) as PaletteItem;
    if (!KINDS.includes(item.kind)) return null;
    if (item.toolKind !== undefined && !TOOL_KINDS.includes(item.toolKind)) return null;
    return item;
  } catch {
    return null;
  }
}

const dragged = (item: PaletteItem) => ({
  draggable: true,
  onDragStart: (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_DRAG_TYPE, JSON.stringify(item));
    e.dataTransfer.effectAllowed = 'copy';
  },
});

/**
 * The palette: what can be added to the map, each also on a key (S, T, P, C, N, K). A click adds it
 * where the canvas is looking; dragged onto the canvas, it lands where it is dropped.
 */
export function Palette({ onAdd }: { onAdd: (kind: NodeKind, toolKind?: ToolKind) => void }) {
  return (
    <nav className="palette" aria-label="Add to the map">
      <h2>Add</h2>
      <button type="button" className="palette-item" data-testid="add-stage" onClick={() => onAdd('stage')} {...dragged({ kind: 'stage' })}>
        <span className="palette-swatch palette-stage" aria-hidden="true" />
        Stage <kbd>S</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-customer" onClick={() => onAdd('customer')} {...dragged({ kind: 'customer' })}>
        <span className="palette-swatch palette-customer" aria-hidden="true" />
        Customer <kbd>C</kbd>
      </button>
      <button type="button" className="palette-item" data-testid="add-partner" onClick={() => onAdd('partner')} {...dragged({ kind: 'partner' })}>
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
            {...dragged({ kind: 'tool', toolKind: kind })}
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
