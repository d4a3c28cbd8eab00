// One item's history: each state it was in, as a bar (Gantt-like, widths by duration, coloured
// waiting / active) and as a table with its entry time in the user's zone, duration, stage and
// category. Changes at one instant keep the source's order (the backend orders them). Its
// lineage and its links made by hand (HandLinks).

import type { ItemTimeline } from '../generated/wire';
import { ItemLink } from '../flow/ItemLink';
import { HandLinks } from '../lineage/HandLinks';
import { duration, rawDuration } from '../flow/format';
import { barShares, categoryClass, localTime, localZone, STATUS_NAMES } from './itemsText';

export function ItemTimelineView({ timeline, onClose }: { timeline: ItemTimeline; onClose: () => void }) {
  const { item, steps } = timeline;
  const shares = barShares(steps, item.status === 'done' || item.status === 'canceled');
  return (
    <section className="item-timeline" aria-label={`Timeline of ${item.key}`} data-testid="item-timeline" data-item={item.key}>
      <header>
        <h3>
          <ItemLink url={item.link} source={item.source} itemKey={item.key} /> {item.title}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the timeline">
          ×
        </button>
      </header>
      <p className="data-note">
        {item.source} · {item.flow_item_type} · {STATUS_NAMES[item.status]}
        {item.time_secs !== null && ` · ${item.status === 'in_flight' ? 'age' : 'flow time'} ${duration(item.time_secs)}`} · times in {localZone()}
      </p>
      <HandLinks item={{ source: item.source, key: item.key }} />
      <div className="timeline-bar" data-testid="timeline-bar">
        {steps.map((s, i) => (
          <span
            key={i}
            className={`timeline-seg ${categoryClass(s.category)}`}
            style={{ width: `${shares[i]}%` }}
            title={`${s.state}: ${duration(s.duration_secs)} from ${localTime(s.at)} (${s.category}${s.stage ? `, ${s.stage}` : ''})`}
          >
            {shares[i]! > 8 ? s.state : ''}
          </span>
        ))}
      </div>
      <table className="timeline-steps" data-testid="timeline-steps">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Entered</th>
            <th scope="col">Duration</th>
            <th scope="col">Stage</th>
            <th scope="col">Category</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <tr key={i} data-testid="timeline-step">
              <td>
                <i className={`timeline-dot ${categoryClass(s.category)}`} /> {s.state}
              </td>
              <td title={s.at} data-testid="timeline-at">
                {localTime(s.at)}
              </td>
              <td title={rawDuration(s.duration_secs)} data-secs={s.duration_secs} data-testid="timeline-duration">
                {duration(s.duration_secs)}
                {s.current ? ' so far' : ''}
              </td>
              <td>{s.stage ?? '–'}</td>
              <td>{s.category}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
