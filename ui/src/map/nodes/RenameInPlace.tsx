import { useStore } from '@xyflow/react';
import { useState } from 'react';
import { useWindow, windowStore } from '../../store/window';

/** Whether a node's name is being typed on the canvas. */
export const useRenaming = (id: string) => useWindow((s) => s.renaming === id);

/**
 * Whether the map is zoomed out so far that a stage shows only its name and one figure, large:
 * one boolean per node, so zooming re-renders a node only when it crosses the line.
 */
export function useFarOut(): boolean {
  const presenting = useWindow((s) => s.presenting);
  return useStore((s) => s.transform[2] < (presenting ? PRESENT_DETAIL_ZOOM : DETAIL_ZOOM));
}
/** Below this zoom a stage shows its name and one figure. */
const DETAIL_ZOOM = 0.35;
/** The same in presentation mode, where the type is large: closer in, more shows. */
const PRESENT_DETAIL_ZOOM = 1.1;

/** Sends the name typed (Enter or leaving the field); Esc keeps the old one. */
function finish(id: string, name: string | null): void {
  const { editor, commit, say, setRenaming } = windowStore.getState();
  setRenaming(null);
  const node = editor?.view.nodes.find((v) => v.node.id === id)?.node;
  if (!node || name === null || name.trim() === node.name) return;
  void commit({ kind: 'update_node', node: { ...node, name: name.trim() } }).then((refused) => refused && say(refused, true));
}

/** A node's name typed on the canvas, in place of the name (double-click, F2 or Enter). */
export function RenameInPlace({ id, name, className }: { id: string; name: string; className: string }) {
  const [text, setText] = useState(name);
  return (
    <input
      // Neither dragging nor panning starts in the field.
      className={`${className} rename-in-place nodrag nopan`}
      data-testid="rename-in-place"
      aria-label={`New name of ${name}`}
      value={text}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => windowStore.getState().renaming === id && finish(id, text)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(id, text);
        if (e.key === 'Escape') finish(id, null);
      }}
    />
  );
}
