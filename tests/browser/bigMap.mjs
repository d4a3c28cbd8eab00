// A map of `nodes` nodes and `edges` edges in Flowmap's JSON form, for the frame-time benchmark:
// rows of stages handing off left to right (with some rework loops back), tools under them
// passing artifacts, a few partners. Deterministic.

const id = (prefix, n) => `${prefix}${n.toString(16).padStart(12, '0')}`;
const nodeId = (n) => id('00000000-0000-4000-8000-', n);
const edgeId = (n) => id('00000000-0000-4000-9000-', n);

export function bigMap(nodeCount, edgeCount) {
  const toolCount = Math.round(nodeCount * 0.2);
  const partnerCount = 4;
  const stageCount = nodeCount - toolCount - partnerCount;
  const perRow = 20;
  const nodes = [];
  const layout = [];
  const kinds = ['jira', 'github', 'gitlab', 'azure-devops', 'jenkins', 'salesforce', 'servicenow', 'slack'];
  for (let p = 0; p < partnerCount; p++) nodes.push({ kind: 'partner', id: nodeId(10_000 + p), name: `Partner ${p + 1}` });
  for (let t = 0; t < toolCount; t++) {
    const tool = { kind: 'tool', id: nodeId(5_000 + t), name: `Tool ${t + 1}`, tool_kind: kinds[t % kinds.length], artifact_types: [] };
    nodes.push(tool);
    layout.push({ node: tool.id, x: (t % perRow) * 260, y: 2400 + Math.floor(t / perRow) * 160 });
  }
  for (let s = 0; s < stageCount; s++) {
    const row = Math.floor(s / perRow);
    const stage = {
      kind: 'stage', id: nodeId(s), name: `Stage ${s + 1}`, team: `Team ${(row % 5) + 1}`,
      tool: nodeId(5_000 + (s % toolCount)), states: [], estimates: { process_time_secs: 3600, lead_time_secs: 86_400 },
    };
    // The last stage of every third row belongs to a partner.
    if (s % perRow === perRow - 1 && row % 3 === 0) stage.partner = nodeId(10_000 + (row / 3) % partnerCount);
    nodes.push(stage);
    layout.push({ node: stage.id, x: (s % perRow) * 260, y: row * 160 });
  }
  const edges = [];
  const seen = new Set();
  const add = (kind, from, to) => {
    const key = `${kind}:${from}:${to}`;
    if (from === to || seen.has(key) || edges.length >= edgeCount) return;
    seen.add(key);
    edges.push(kind === 'handoff'
      ? { kind, id: edgeId(edges.length), from, to }
      : { kind, id: edgeId(edges.length), from, to, links: [{ source_type: 'Story', target_type: 'Issue', flow_item_type: 'Feature' }] });
  };
  for (let s = 0; s + 1 < stageCount; s++) if ((s + 1) % perRow !== 0) add('handoff', nodeId(s), nodeId(s + 1));
  for (let s = 0; s + perRow < stageCount; s += 3) add('handoff', nodeId(s), nodeId(s + perRow));
  for (let s = 5; s < stageCount; s += 7) add('handoff', nodeId(s), nodeId(s - 3));
  for (let t = 0; t + 1 < toolCount; t++) add('artifact_flow', nodeId(5_000 + t), nodeId(5_000 + t + 1));
  for (let s = 0; edges.length < edgeCount && s + 2 < stageCount; s += 2) add('handoff', nodeId(s), nodeId(s + 2));
  return `${JSON.stringify({ format: 'flowmap-map', version: 1, name: `Benchmark: ${nodeCount} nodes, ${edgeCount} edges`, nodes, edges, layout }, null, 2)}\n`;
}
