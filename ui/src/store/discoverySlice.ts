// Discovery on the map: the proposal previewed on the canvas (ghost stages and handoffs beside
// the drawing, which stays as it is), the user's picks in the side panel, and Apply (one edit
// of the core, one Undo) or Cancel (nothing changes). Also the Map view's States list: which
// state row is selected, for the keyboard's "Map state to selected stage".

import * as backend from '../backend';
import { toBackendError } from '../backend';
import { NO_PICKS, toChoices, type Picks, type StagePick } from '../discovery/choices';
import type { DiscoveryPreview } from '../generated/wire';
import type { SliceArgs } from './window';

export type DiscoverySlice = {
  /** The proposal shown on the canvas; null when none is. */
  discovery: DiscoveryPreview | null;
  picks: Picks;
  discoveryError: string | null;
  /** Asks for a proposal and shows it; resolves to whether one is shown. */
  startDiscovery: () => Promise<boolean>;
  pickStage: (proposed: string, pick: StagePick) => void;
  pickHandoff: (key: string, keep: boolean) => void;
  applyDiscovery: () => Promise<void>;
  cancelDiscovery: () => void;
  /** The Map view's States list: shown or folded, and the row selected (by row key). */
  statesOpen: boolean;
  stateSelected: string | null;
  setStatesOpen: (open: boolean) => void;
  selectState: (key: string | null) => void;
};

export function createDiscoverySlice(set: SliceArgs[0], get: SliceArgs[1]): DiscoverySlice {
  return {
    discovery: null,
    picks: NO_PICKS,
    discoveryError: null,
    startDiscovery: async () => {
      try {
        const discovery = await get().serially(() => backend.discoverPreview(null, null));
        set({ discovery, picks: NO_PICKS, discoveryError: null });
        if (discovery.proposal.stages.length === 0) get().say('Discovery found no Waiting or Active states in the map’s data', true);
        return true;
      } catch (error) {
        get().say(toBackendError(error).message, true);
        return false;
      }
    },
    pickStage: (proposed, pick) => set((s) => ({ picks: { ...s.picks, stages: { ...s.picks.stages, [proposed]: pick } } })),
    pickHandoff: (key, keep) => set((s) => ({ picks: { ...s.picks, handoffs: { ...s.picks.handoffs, [key]: keep } } })),
    applyDiscovery: async () => {
      const preview = get().discovery;
      if (!preview) return;
      try {
        const outcome = await get().serially(() => backend.applyDiscovery(toChoices(preview, get().picks)));
        set({ discovery: null, picks: NO_PICKS, discoveryError: null });
        get().receive(outcome.state);
        get().say('Applied the discovered stages (Undo takes them back)');
      } catch (error) {
        set({ discoveryError: toBackendError(error).message });
      }
    },
    cancelDiscovery: () => set({ discovery: null, picks: NO_PICKS, discoveryError: null }),
    statesOpen: false,
    stateSelected: null,
    setStatesOpen: (statesOpen) => {
      set({ statesOpen });
      if (statesOpen) void get().loadMapping();
    },
    selectState: (stateSelected) => set({ stateSelected }),
  };
}
