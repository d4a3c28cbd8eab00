// Adding to the map: a stage (after the selected one, joined to it), a tool, a partner, a
// customer; the new node is selected and its name typed next.

import { addStageAfter, freshId, NEW_SIZES, newNode, placeNewNode, type NodeKind } from '../editor/edits';
import type { Edit, ToolKind } from '../generated/wire';
import type { WindowState } from '../store/window';
import type { Action, ActionContext, Canvas } from './types';

/** Pans to a node just added when it landed outside the visible part of the canvas. */
export function reveal(canvas: Canvas, change: Edit): void {
  const added = change.kind === 'batch' ? change.edits.find((e) => e.kind === 'add_node') : change;
  if (!added || added.kind !== 'add_node') return;
  const bounds = canvas.element()?.getBoundingClientRect();
  if (!bounds) return;
  const topLeft = canvas.flowToScreenPosition({ x: added.x, y: added.y });
  const bottomRight = canvas.flowToScreenPosition({ x: added.x + 190, y: added.y + 84 });
  const visible = topLeft.x >= bounds.left && topLeft.y >= bounds.top && bottomRight.x <= bounds.right && bottomRight.y <= bounds.bottom;
  if (!visible) void canvas.setCenter(added.x + 95, added.y + 42, { zoom: canvas.getZoom(), duration: 200 });
}

/**
 * Adds a node of `kind` (a tool of `toolKind`), selects it and shows its properties: centred on
 * `dropped` (a palette item dropped on the canvas), else a stage after the selected stage,
 * joined to it, else where the canvas is looking. Its name is typed next: in the properties,
 * or on the canvas in presentation mode.
 */
export function addNode({ store, canvas }: ActionContext, kind: NodeKind, toolKind?: ToolKind, dropped?: { x: number; y: number }): void {
  const { editor, selection, commit, say, presenting } = store.getState();
  if (!editor) return;
  const id = freshId();
  const selected = [...selection.nodes];
  const after = selected.length === 1 ? editor.view.nodes.find((v) => v.node.id === selected[0]) : undefined;
  let change: Edit;
  if (dropped) {
    const size = NEW_SIZES[kind];
    const at = { x: Math.round(dropped.x - size.width / 2), y: Math.round(dropped.y - size.height / 2) };
    change = { kind: 'add_node', node: newNode(kind, id, toolKind), x: at.x, y: at.y };
  } else if (kind === 'stage' && after && (after.node.kind === 'stage' || after.node.kind === 'customer')) {
    change = addStageAfter(after, id, freshId());
  } else {
    const bounds = canvas.element()?.getBoundingClientRect();
    const centre = bounds ? canvas.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 }) : { x: 0, y: 0 };
    const at = placeNewNode(kind, centre, editor.view.nodes);
    change = { kind: 'add_node', node: newNode(kind, id, toolKind), x: at.x, y: at.y };
  }
  void commit(change).then((refused) => {
    if (refused) return say(refused, true);
    // Its name is typed next, in the properties.
    store.setState({
      selection: { nodes: new Set([id]), edges: new Set() },
      justAdded: presenting ? null : id,
      renaming: presenting ? id : null,
      panel: 'properties',
    });
    reveal(canvas, change);
  });
}

const onMap = (s: WindowState) => s.editor !== null && s.tab === 'map';

export const DRAW_ACTIONS: Action[] = [
  {
    id: 'add-stage',
    label: 'Add a stage',
    help: 'Add a stage (after the selected stage, joined to it)',
    shortcuts: [{ key: 's', shift: false }],
    enabled: onMap,
    perform: (ctx) => addNode(ctx, 'stage'),
  },
  { id: 'add-tool', label: 'Add a tool', help: 'Add a tool', shortcuts: [{ key: 't', shift: false }], enabled: onMap, perform: (ctx) => addNode(ctx, 'tool') },
  {
    id: 'add-partner',
    label: 'Add a partner',
    help: 'Add a partner',
    shortcuts: [{ key: 'p', shift: false }],
    enabled: onMap,
    perform: (ctx) => addNode(ctx, 'partner'),
  },
  {
    id: 'add-customer',
    label: 'Add a customer',
    help: 'Add a customer',
    shortcuts: [{ key: 'c', shift: false }],
    enabled: onMap,
    perform: (ctx) => addNode(ctx, 'customer'),
  },
];
