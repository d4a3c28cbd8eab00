// Where edges attach to nodes. The node components place these handles; `toFlow` picks them
// and works out where the arcs between them run.

export const HANDLES = {
  /** Handoffs enter a stage (or leave a customer) on the left and leave it on the right. */
  flowIn: 'flow-in',
  flowOut: 'flow-out',
  /** Rework handoffs leave and enter stages at the top, arcing back above the flow lane. */
  reworkOut: 'rework-out',
  reworkIn: 'rework-in',
  /**
   * Artifact flows leave and enter tools at the bottom, arcing below the toolchain lane: a flow
   * to the right leaves its tool's right half and enters the target's left half, a flow to the
   * left the other way round, so arcs between neighbours stay short and nest inside longer ones.
   */
  artifactInLeft: 'artifact-in-left',
  artifactOutLeft: 'artifact-out-left',
  artifactInRight: 'artifact-in-right',
  artifactOutRight: 'artifact-out-right',
} as const;

export type ArcHandle = Exclude<(typeof HANDLES)[keyof typeof HANDLES], 'flow-in' | 'flow-out'>;

/** How far along its node's top (rework) or bottom (artifact flows) edge each arc handle sits. */
export const ARC_HANDLE_OFFSETS: Record<ArcHandle, number> = {
  'rework-out': 0.3,
  'rework-in': 0.7,
  'artifact-in-left': 0.2,
  'artifact-out-left': 0.4,
  'artifact-in-right': 0.6,
  'artifact-out-right': 0.8,
};

/** CSS that puts an arc handle at its offset. */
export function arcHandleStyle(handle: ArcHandle): { left: string } {
  return { left: `${ARC_HANDLE_OFFSETS[handle] * 100}%` };
}
