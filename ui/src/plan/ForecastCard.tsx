import { sameFilters } from '../flow/filters';
import { Histogram } from '../flow/Charts';
import { count } from '../flow/format';
import { windowStore, useWindow } from '../store/window';
import { answers, backtestLines, historyText, outcomeBins, questionText } from './forecastText';

const FORMULA =
  'Monte Carlo: each of 10,000 trials draws, for every future day, one day of the sampling window at random and adds its completed items (Done, not canceled). How many: the count at least that share of trials reached. When: the days within which that share finished. Seeded: the same data gives the same answer.';

/** A whole number typed in a field, or null. */
function whole(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** The Dashboard's Forecast card: how many items by a date, or when N items will be done. */
export function ForecastCard() {
  const ask = useWindow((s) => s.forecastAsk);
  const view = useWindow((s) => s.forecast);
  const running = useWindow((s) => s.forecastRunning);
  const error = useWindow((s) => s.forecastError);
  const stale = useWindow((s) => s.forecast !== null && s.forecastFilters !== null && !sameFilters(s.forecastFilters, s.filters));
  const type = useWindow((s) => s.filters.flow_item_type);
  const kind = type ? `${type.toLowerCase()} items` : 'items';
  const store = windowStore.getState;
  const onNumber = (field: 'days' | 'items' | 'windowDays') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const n = whole(e.target.value);
    if (n !== null) store().setForecastAsk({ [field]: n });
  };
  return (
    <section className="flow-card wide" data-testid="card-forecast">
      <h2>
        Forecast{' '}
        <span className="flow-info" title={FORMULA} aria-label={`How it is computed: ${FORMULA}`}>
          i
        </span>
      </h2>
      <form
        className="flow-row forecast-ask"
        onSubmit={(e) => {
          e.preventDefault();
          void store().runForecast();
        }}
      >
        <select aria-label="Question" data-testid="forecast-kind" value={ask.kind} onChange={(e) => store().setForecastAsk({ kind: e.target.value as 'how_many' | 'when' | 'under' })}>
          <option value="how_many">How many {kind} in the next</option>
          <option value="when">When will this many {kind} be done:</option>
          <option value="under">When will the work under this item be done:</option>
        </select>
        {ask.kind === 'how_many' && (
          <label>
            <input type="number" min={1} max={3650} defaultValue={ask.days} key="days" aria-label="Days ahead" data-testid="forecast-days" onChange={onNumber('days')} /> days
          </label>
        )}
        {ask.kind === 'when' && (
          <label>
            <input type="number" min={1} defaultValue={ask.items} key="items" aria-label="Items" data-testid="forecast-items" onChange={onNumber('items')} /> items
          </label>
        )}
        {ask.kind === 'under' && (
          <label title="An epic, a feature or a customer request: its descendants along the lineage (Data › Lineage)">
            <input
              type="text"
              defaultValue={ask.under}
              key="under"
              placeholder="e.g. EPIC-12"
              aria-label="Key of the item whose descendants are forecast"
              data-testid="forecast-under"
              size={12}
              onChange={(e) => store().setForecastAsk({ under: e.target.value })}
            />
          </label>
        )}
        <label>
          from the last <input type="number" min={1} max={3650} defaultValue={ask.windowDays} aria-label="Sampling window in days" data-testid="forecast-window" onChange={onNumber('windowDays')} /> days
        </label>
        <button type="submit" data-testid="forecast-run" disabled={running}>
          {running ? 'Forecasting…' : 'Forecast'}
        </button>
      </form>
      {error && (
        <p className="flow-error" role="alert" data-testid="forecast-error">
          {error}
        </p>
      )}
      {view && !error && (
        <div data-testid="forecast-result">
          {stale && <p className="flow-caption" data-testid="forecast-stale">The filters changed since this forecast: press Forecast for theirs.</p>}
          <div className="flow-row top forecast-result">
            <div>
              <p className="flow-label">{questionText(view, kind)}</p>
              <table className="forecast-answers" data-testid="forecast-answers">
                <tbody>
                  {answers(view).map((a) => (
                    <tr key={a.confidence}>
                      <th scope="row">{a.confidence} % likely</th>
                      <td>{a.text}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p data-testid="forecast-history">{historyText(view)}</p>
            </div>
            <Histogram
              bins={outcomeBins(view.forecast.outcomes)}
              box={{ width: 520, height: 90 }}
              unit={view.forecast.question.kind === 'how_many' ? `trials by ${kind} done` : 'trials by days until done'}
              testId="forecast-histogram"
              counted={(n) => `${count(n)} ${n === 1 ? 'trial' : 'trials'}`}
            />
          </div>
          {backtestLines(view).map((line) => (
            <p key={line} className="flow-caption" data-testid="forecast-backtest">
              {line}
            </p>
          ))}
          <p className="flow-caption">{view.method}</p>
        </div>
      )}
      {!view && !error && <p className="flow-caption">Press Forecast to simulate from the map’s own throughput under the filters above.</p>}
      <p className="flow-caption">{FORMULA}</p>
    </section>
  );
}
