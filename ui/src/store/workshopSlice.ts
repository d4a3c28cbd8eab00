// What a workshop needs of the window: presentation mode (panels hidden, type for a room), the
// node being renamed in place on the canvas, and the unit the estimates were last typed in
// (the next stage's fields start in it).

import type { DurationUnit, NodeId } from '../generated/wire';
import type { SliceArgs } from './window';

export type WorkshopSlice = {
  /** Presentation mode: only the map, large and high-contrast (F5; Esc leaves). */
  presenting: boolean;
  /** The node whose name is being typed on the canvas (double-click, F2, Enter). */
  renaming: NodeId | null;
  /** The unit the last duration was typed in: empty estimate fields start in it. */
  estimateUnit: DurationUnit;
  setPresenting: (presenting: boolean) => void;
  setRenaming: (renaming: NodeId | null) => void;
  setEstimateUnit: (unit: DurationUnit) => void;
};

export function createWorkshopSlice(set: SliceArgs[0]): WorkshopSlice {
  return {
    presenting: false,
    renaming: null,
    estimateUnit: 'hours',
    setPresenting: (presenting) => set({ presenting }),
    setRenaming: (renaming) => set({ renaming }),
    setEstimateUnit: (estimateUnit) => set({ estimateUnit }),
  };
}
