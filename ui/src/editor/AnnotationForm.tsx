// The properties of a sticky note and of a kaizen burst (its idea, owner, expected effect,
// status and the stage or handoff it improves).

import type { BurstStatus, BurstTarget, MapView, Node } from '../generated/wire';
import { BURST_STATUSES } from '../generated/wire';
import { burstTargetName } from '../map/toFlow';
import { withChanges } from './edits';
import { SelectField, TextField } from './Fields';

type Note = Extract<Node, { kind: 'note' }>;
type Burst = Extract<Node, { kind: 'burst' }>;

const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** What a burst can be attached to: every stage and every handoff between stages. */
function targetOptions(view: MapView): { value: string; label: string }[] {
  const stages = view.nodes.flatMap((v) => (v.node.kind === 'stage' ? [{ value: `stage:${v.node.id}`, label: `Stage ${v.node.name}` }] : []));
  const handoffs = view.edges.flatMap((e) => {
    if (e.edge.kind !== 'handoff') return [];
    const target: BurstTarget = { kind: 'handoff', id: e.edge.id };
    return [{ value: `handoff:${e.edge.id}`, label: `Handoff ${burstTargetName(view, target) ?? ''}` }];
  });
  return [{ value: '', label: 'The whole stream' }, ...stages, ...handoffs];
}

function targetOf(value: string): BurstTarget | undefined {
  const [kind, id] = value.split(':');
  if (!id) return undefined;
  return kind === 'stage' ? { kind: 'stage', id } : { kind: 'handoff', id };
}

export function AnnotationForm({
  view,
  node,
  update,
  autoFocus,
}: {
  view: MapView;
  node: Note | Burst;
  update: (next: Node) => Promise<string | null>;
  autoFocus: boolean;
}) {
  if (node.kind === 'note') {
    return (
      <section>
        <h2>Note</h2>
        <TextField label="Text" value={node.name} multiline testId="inspector-note-text" autoFocus={autoFocus} onCommit={(text) => update({ ...node, name: text.trim() })} />
      </section>
    );
  }
  const target = node.target ? `${node.target.kind}:${node.target.id}` : '';
  return (
    <section>
      <h2>Kaizen burst</h2>
      <TextField label="Idea" value={node.name} testId="inspector-name" autoFocus={autoFocus} onCommit={(text) => update({ ...node, name: text.trim() })} />
      <TextField label="Owner" value={node.owner ?? ''} testId="inspector-burst-owner" onCommit={(text) => update(withChanges(node, { owner: optional(text) }))} />
      <TextField
        label="Expected effect"
        value={node.effect ?? ''}
        testId="inspector-burst-effect"
        placeholder="Review wait −2 d"
        onCommit={(text) => update(withChanges(node, { effect: optional(text) }))}
      />
      <SelectField<BurstStatus>
        label="Status"
        value={node.status}
        testId="inspector-burst-status"
        options={BURST_STATUSES.map((s) => ({ value: s, label: s }))}
        onCommit={(status) => update({ ...node, status })}
      />
      <SelectField
        label="Improves"
        value={target}
        testId="inspector-burst-target"
        options={targetOptions(view)}
        onCommit={(value) => update(withChanges(node, { target: targetOf(value) }))}
      />
    </section>
  );
}
