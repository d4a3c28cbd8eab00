import { useState, type ReactNode } from 'react';
import type { ArtifactLink, ArtifactType, Edge, Edit, FlowItemType, MapView, Node, NodeView } from '../generated/wire';
import { FLOW_ITEM_TYPES, TOOL_KINDS } from '../generated/wire';

type Stage = Extract<Node, { kind: 'stage' }>;
type Tool = Extract<Node, { kind: 'tool' }>;
type ArtifactFlow = Extract<Edge, { kind: 'artifact_flow' }>;
import { FLOW_ITEM_COLOURS } from '../map/flowItemColours';
import { toolBadge } from '../map/toolBadges';
import { ALIGNMENTS, align } from './align';
import { parseStates } from './durations';
import { EstimatesForm } from './EstimatesForm';
import { SelectField, TextField } from './Fields';
import { withChanges } from './edits';
import { AnnotationForm } from './AnnotationForm';

/** Sends an edit; resolves to the core's reason when it is refused, null when applied. */
export type Commit = (edit: Edit) => Promise<string | null>;

/** The side panel: what is selected, its fields, and the reason when the core refuses a value. */
export function Inspector({
  view,
  selectedNodes,
  selectedEdges,
  commit,
  onDelete,
  justAdded,
}: {
  view: MapView;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  commit: Commit;
  onDelete: () => void;
  /** The node added last: its name field takes the focus. */
  justAdded: string | null;
}) {
  const nodes = view.nodes.filter((v) => selectedNodes.has(v.node.id));
  const edges = view.edges.filter((e) => selectedEdges.has(e.edge.id));
  let body: ReactNode;
  if (nodes.length === 1 && edges.length === 0) body = <NodeForm key={nodes[0]!.node.id} view={view} node={nodes[0]!.node} commit={commit} justAdded={justAdded} />;
  else if (edges.length === 1 && nodes.length === 0) body = <EdgeForm key={edges[0]!.edge.id} view={view} edge={edges[0]!.edge} rework={edges[0]!.rework} commit={commit} />;
  else if (nodes.length + edges.length > 1) body = <Several nodes={nodes} edgeCount={edges.length} commit={commit} onDelete={onDelete} />;
  else body = <MapForm view={view} commit={commit} />;
  return (
    <aside className="inspector" aria-label="Properties" data-testid="inspector">
      {body}
    </aside>
  );
}

function NodeForm({ view, node, commit, justAdded }: { view: MapView; node: Node; commit: Commit; justAdded: string | null }) {
  const update = (next: Node) => commit({ kind: 'update_node', node: next });
  const name = (
    <TextField
      label="Name"
      value={node.name}
      testId="inspector-name"
      autoFocus={node.id === justAdded}
      onCommit={(text) => update({ ...node, name: text.trim() })}
    />
  );
  const partners = view.nodes.filter((v) => v.node.kind === 'partner').map((v) => v.node);
  const partnerField = (owned: Stage | Tool) => (
    <SelectField
      label="Partner"
      value={owned.partner ?? ''}
      testId="inspector-partner"
      options={[{ value: '', label: 'None (our own)' }, ...partners.map((p) => ({ value: p.id, label: p.name }))]}
      onCommit={(id) => update(withChanges(owned, { partner: id === '' ? undefined : id }))}
    />
  );
  switch (node.kind) {
    case 'stage': {
      const tools = view.nodes.filter((v) => v.node.kind === 'tool').map((v) => v.node);
      return (
        <section>
          <h2>Stage</h2>
          {name}
          <TextField
            label="Team"
            value={node.team ?? ''}
            testId="inspector-team"
            onCommit={(text) => update(withChanges(node, { team: text.trim() === '' ? undefined : text.trim() }))}
          />
          <SelectField
            label="Tool"
            value={node.tool ?? ''}
            testId="inspector-tool"
            options={[{ value: '', label: 'None' }, ...tools.map((t) => ({ value: t.id, label: t.name }))]}
            onCommit={(id) => update(withChanges(node, { tool: id === '' ? undefined : id }))}
          />
          {partnerField(node)}
          <TextField
            label="Source states (one per line)"
            value={node.states.join('\n')}
            multiline
            testId="inspector-states"
            placeholder={'In Review\nReady for QA'}
            onCommit={(text) => update({ ...node, states: parseStates(text) })}
          />
          <EstimatesForm stage={node} />
        </section>
      );
    }
    case 'tool':
      return (
        <section>
          <h2>Tool</h2>
          {name}
          <SelectField
            label="Kind"
            value={node.tool_kind}
            testId="inspector-tool-kind"
            options={TOOL_KINDS.map((k) => ({ value: k, label: toolBadge(k, node.name).title }))}
            onCommit={(kind) => update({ ...node, tool_kind: kind })}
          />
          {partnerField(node)}
          <ArtifactTypesForm tool={node} update={update} />
          <StagesInTool view={view} tool={node} />
        </section>
      );
    case 'partner':
      return (
        <section>
          <h2>Partner</h2>
          {name}
          <p className="hint">
            Drop a stage or tool into the frame, or pick the partner in a stage's or tool's properties, to put it in.
          </p>
          <ul className="owned-list">
            {view.nodes
              .filter((v) => (v.node.kind === 'stage' || v.node.kind === 'tool') && v.node.partner === node.id)
              .map((v) => (
                <li key={v.node.id}>
                  {v.node.name} <span className="muted">({v.node.kind})</span>
                </li>
              ))}
          </ul>
        </section>
      );
    case 'customer':
      return (
        <section>
          <h2>Customer</h2>
          {name}
        </section>
      );
    case 'note':
    case 'burst':
      return <AnnotationForm view={view} node={node} update={update} autoFocus={node.id === justAdded} />;
  }
}

function StagesInTool({ view, tool }: { view: MapView; tool: Tool }) {
  const stages = view.nodes.filter((v) => v.node.kind === 'stage' && v.node.tool === tool.id);
  if (stages.length === 0) return <p className="hint">No stage lives in this tool yet.</p>;
  return (
    <div className="field">
      <span className="field-label">Stages in this tool</span>
      <ul className="owned-list">
        {stages.map((v) => (
          <li key={v.node.id}>{v.node.name}</li>
        ))}
      </ul>
    </div>
  );
}

/** The four flow item types as a select's options. */
function FlowItemOptions() {
  return (
    <>
      {FLOW_ITEM_TYPES.map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </>
  );
}

function FlowItemTypeSelect({ value, onChange, label }: { value: FlowItemType; onChange: (t: FlowItemType) => void; label: string }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as FlowItemType)} style={{ borderLeft: `4px solid ${FLOW_ITEM_COLOURS[value]}` }}>
      <FlowItemOptions />
    </select>
  );
}

const NOT_FLOW = 'not-flow';

/** An artifact type's flow item type, or "Not a flow item": its items are traced in the lineage but
 * no flow figure counts them (docs/metrics.md, "Flow items"). */
function ArtifactKindSelect({ type, onChange, label }: { type: ArtifactType; onChange: (t: ArtifactType) => void; label: string }) {
  const value = type.not_flow_item ? NOT_FLOW : type.flow_item_type;
  const colour = type.not_flow_item ? 'var(--muted)' : FLOW_ITEM_COLOURS[type.flow_item_type];
  return (
    <select
      aria-label={label}
      value={value}
      title={type.not_flow_item ? 'Not a flow item: traced in the lineage, counted in no flow figure' : undefined}
      onChange={(e) => {
        const v = e.target.value;
        onChange(v === NOT_FLOW ? { ...type, not_flow_item: true } : { ...type, flow_item_type: v as FlowItemType, not_flow_item: false });
      }}
      style={{ borderLeft: `4px solid ${colour}` }}
    >
      <FlowItemOptions />
      <option value={NOT_FLOW}>Not a flow item</option>
    </select>
  );
}

function ArtifactTypesForm({ tool, update }: { tool: Tool; update: (node: Node) => Promise<string | null> }) {
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (artifact_types: Tool['artifact_types']) => setError(await update({ ...tool, artifact_types }));
  return (
    <fieldset className="list-field">
      <legend>Artifact types</legend>
      {tool.artifact_types.map((t, i) => (
        <div className="list-row artifact-row" key={`${t.name}-${i}`}>
          <span className="list-row-name" title={t.name}>
            {t.name}
          </span>
          <ArtifactKindSelect
            label={`Flow item type of ${t.name}`}
            type={t}
            onChange={(changed) => void save(tool.artifact_types.map((a, j) => (j === i ? changed : a)))}
          />
          <button type="button" className="icon-button" aria-label={`Remove ${t.name}`} onClick={() => void save(tool.artifact_types.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <form
        className="list-row"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newName.trim();
          if (name === '') return;
          if (tool.artifact_types.some((a) => a.name === name)) return setError(`${tool.name} already has "${name}"`);
          void save([...tool.artifact_types, { name, flow_item_type: 'Feature' }]);
          setNewName('');
        }}
      >
        <input aria-label="New artifact type" placeholder="e.g. Epic, Bug" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      {error && (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}

function EdgeForm({ view, edge, rework, commit }: { view: MapView; edge: Edge; rework: boolean; commit: Commit }) {
  const nameOf = (id: string) => view.nodes.find((v) => v.node.id === id)?.node.name ?? '?';
  const update = (next: Edge) => commit({ kind: 'update_edge', edge: next });
  if (edge.kind === 'handoff') {
    return (
      <section>
        <h2>{rework ? 'Rework loop' : 'Handoff'}</h2>
        <p className="edge-ends">
          {nameOf(edge.from)} → {nameOf(edge.to)}
        </p>
        {rework && <p className="hint">This handoff goes back against the flow: work returns for rework.</p>}
        <TextField
          label="Label"
          value={edge.label ?? ''}
          testId="inspector-label"
          onCommit={(text) => {
            const { label: _old, ...rest } = edge;
            return update(text.trim() === '' ? rest : { ...rest, label: text.trim() });
          }}
        />
      </section>
    );
  }
  return <ArtifactFlowForm view={view} flow={edge} nameOf={nameOf} update={update} />;
}

function ArtifactFlowForm({
  view,
  flow,
  nameOf,
  update,
}: {
  view: MapView;
  flow: ArtifactFlow;
  nameOf: (id: string) => string;
  update: (edge: Edge) => Promise<string | null>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<ArtifactLink>({ source_type: '', target_type: '', flow_item_type: 'Feature' });
  const typesOf = (id: string) => {
    const n = view.nodes.find((v: NodeView) => v.node.id === id)?.node;
    return n?.kind === 'tool' ? n.artifact_types.map((a) => a.name) : [];
  };
  const save = async (links: ArtifactLink[]) => setError(await update({ ...flow, links }));
  const sourceList = `${flow.id}-source-types`;
  const targetList = `${flow.id}-target-types`;
  return (
    <section>
      <h2>Artifact flow</h2>
      <p className="edge-ends">
        {nameOf(flow.from)} → {nameOf(flow.to)}
      </p>
      <fieldset className="list-field">
        <legend>Artifacts that pass</legend>
        {flow.links.map((l, i) => (
          <div className="list-row" key={`${l.source_type}-${l.target_type}-${i}`}>
            <span className="list-row-name">
              {l.source_type} → {l.target_type}
            </span>
            <FlowItemTypeSelect
              label={`Flow item type of ${l.source_type} → ${l.target_type}`}
              value={l.flow_item_type}
              onChange={(flow_item_type) => void save(flow.links.map((x, j) => (j === i ? { ...x, flow_item_type } : x)))}
            />
            <button type="button" className="icon-button" aria-label={`Remove ${l.source_type} → ${l.target_type}`} onClick={() => void save(flow.links.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <form
          className="link-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.source_type.trim() === '' || draft.target_type.trim() === '') {
              return setError('name the artifact type in both tools, e.g. Feature Request → Epic');
            }
            void save([...flow.links, { ...draft, source_type: draft.source_type.trim(), target_type: draft.target_type.trim() }]);
            setDraft({ source_type: '', target_type: '', flow_item_type: draft.flow_item_type });
          }}
        >
          <input aria-label={`Artifact type in ${nameOf(flow.from)}`} placeholder={`in ${nameOf(flow.from)}`} list={sourceList} value={draft.source_type} onChange={(e) => setDraft({ ...draft, source_type: e.target.value })} />
          <span aria-hidden="true">→</span>
          <input aria-label={`Artifact type in ${nameOf(flow.to)}`} placeholder={`in ${nameOf(flow.to)}`} list={targetList} value={draft.target_type} onChange={(e) => setDraft({ ...draft, target_type: e.target.value })} />
          <FlowItemTypeSelect label="Flow item type of the new link" value={draft.flow_item_type} onChange={(t) => setDraft({ ...draft, flow_item_type: t })} />
          <button type="submit">Add</button>
          <datalist id={sourceList}>{typesOf(flow.from).map((t) => <option key={t} value={t} />)}</datalist>
          <datalist id={targetList}>{typesOf(flow.to).map((t) => <option key={t} value={t} />)}</datalist>
        </form>
      </fieldset>
      {error && (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </section>
  );
}

function Several({ nodes, edgeCount, commit, onDelete }: { nodes: NodeView[]; edgeCount: number; commit: Commit; onDelete: () => void }) {
  const counted = [nodes.length > 0 ? `${nodes.length} nodes` : null, edgeCount > 0 ? `${edgeCount} edges` : null].filter(Boolean).join(', ');
  const movable = nodes.filter((v) => v.node.kind !== 'partner');
  return (
    <section>
      <h2>{counted} selected</h2>
      {movable.length > 1 && (
        <div className="align-buttons" role="group" aria-label="Align">
          {ALIGNMENTS.map(({ alignment, label }) => (
            <button key={alignment} type="button" onClick={() => void commit({ kind: 'apply_layout', positions: align(movable, alignment) })}>
              {label}
            </button>
          ))}
        </div>
      )}
      <button type="button" className="danger" onClick={onDelete}>
        Delete selected
      </button>
    </section>
  );
}

function MapForm({ view, commit }: { view: MapView; commit: Commit }) {
  const stages = view.nodes.filter((v) => v.node.kind === 'stage').length;
  const tools = view.nodes.filter((v) => v.node.kind === 'tool').length;
  return (
    <section>
      <h2>Map</h2>
      <TextField label="Map name" value={view.name} testId="inspector-map-name" onCommit={(name) => commit({ kind: 'rename_map', name })} />
      <p className="muted">
        {stages} stages, {tools} tools, {view.edges.length} connections
      </p>
      <p className="hint">
        Add stages with <kbd>S</kbd> (a stage selected: the next one, joined to it), tools with <kbd>T</kbd>. Drag from a
        node's handle to another node to connect them. <kbd>?</kbd> lists every shortcut.
      </p>
    </section>
  );
}
