// One root's lineage as a timeline across tools: a Gantt of each item of its tree (rows grouped
// by tool, one bar per state coloured by its category, the crossing from the item it came from
// marked before its start), with the root's end-to-end figures.

import { duration, maybeDuration, rawDuration } from '../flow/format';
import type { ItemLineage } from '../generated/wire';
import { categoryClass, localTime } from '../data/itemsText';
import { ganttOf, ROOT_STATUS_NAMES } from './lineageText';

export function LineageTimeline({ lineage }: { lineage: ItemLineage }) {
  const { root } = lineage;
  const gantt = ganttOf(lineage, Date.now());
  return (
    <section className="lineage-timeline" data-testid="lineage-timeline" data-root={root.key} aria-label={`Lineage of ${root.key}`}>
      <h3>
        {root.key} {root.title}
      </h3>
      <p className="data-note" data-testid="lineage-figures">
        {root.tool ?? 'no tool'} · {root.artifact_type} · {ROOT_STATUS_NAMES[root.status]} · end to end{' '}
        <span data-testid="lineage-end-to-end" data-secs={root.end_to_end_secs ?? ''} title={root.end_to_end_secs === null ? '' : rawDuration(root.end_to_end_secs)}>
          {maybeDuration(root.end_to_end_secs)}
        </span>
        {root.status === 'in_progress' ? ' so far' : ''} · {root.items} items · between tools {duration(root.between_tools_secs)}
        {root.in_tools.length > 0 && ` · in tools: ${root.in_tools.map((t) => `${t.tool ?? 'no tool'} ${duration(t.secs)}`).join(', ')}`}
      </p>
      <div className="gantt-axis">
        <span>{localTime(new Date(gantt.from).toISOString())}</span>
        <span>{localTime(new Date(gantt.to).toISOString())}</span>
      </div>
      <div className="gantt" data-testid="lineage-gantt">
        {gantt.groups.map((g) => (
          <div key={g.tool} className="gantt-group" data-testid="lineage-tool" data-tool={g.tool}>
            <div className="gantt-tool">{g.tool}</div>
            {g.rows.map(({ node, bars, crossing }) => (
              <div key={`${node.source}/${node.key}`} className="gantt-row" data-testid="lineage-row" data-key={node.key} data-tool={g.tool}>
                <div className="gantt-label" title={`${node.title} (${node.artifact_type}${node.parent ? `, from ${node.parent}` : ''})`} style={{ paddingLeft: `${4 + node.depth * 8}px` }}>
                  {node.key} <span className="gantt-type">{node.artifact_type}</span>
                </div>
                <div className="gantt-track">
                  {crossing && <span className="gantt-crossing" data-testid="lineage-crossing" style={{ left: `${crossing.left}%`, width: `${crossing.width}%` }} title={crossing.title} />}
                  {bars.map((b, i) => (
                    <span key={i} className={`gantt-bar timeline-seg ${categoryClass(b.category)}`} style={{ left: `${b.left}%`, width: `${b.width}%` }} title={b.title} />
                  ))}
                </div>
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className="data-note gantt-key">
        <i className="timeline-dot wait" /> waiting <i className="timeline-dot active" /> active <i className="timeline-dot done" /> done <i className="gantt-crossing-key" /> crossing between tools
      </p>
    </section>
  );
}
