import { useApp } from '../store/context.ts';
import { count } from './format.ts';

const CHART_BATCHES = 40;

export function CountersPanel() {
  const health = useApp((s) => s.health);
  const batches = useApp((s) => s.batches);
  const recent = batches.slice(0, CHART_BATCHES).reverse();
  const max = Math.max(1, ...recent.map((b) => b.record_count));
  const width = 400;
  const height = 90;
  const bar = width / CHART_BATCHES;
  return (
    <section aria-label="Counters" className="panel counters">
      <h2>Counters</h2>
      <dl className="numbers">
        <div>
          <dt>Company batches</dt>
          <dd data-testid="company-batches">{count(health?.company_batches)}</dd>
        </div>
        <div>
          <dt>Driver batches</dt>
          <dd data-testid="driver-batches">{count(health?.driver_batches)}</dd>
        </div>
        <div>
          <dt>Companies</dt>
          <dd>{count(health?.totals.companies)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd data-testid="events">{count(health?.totals.events)}</dd>
        </div>
        <div>
          <dt>Defective records</dt>
          <dd>{count(health?.totals.corrupted)}</dd>
        </div>
      </dl>
      <figure>
        <svg
          viewBox={`0 0 ${width} ${height}`}
          // Bars stretch to the box the view gives the chart (the projector's is taller).
          preserveAspectRatio="none"
          role="img"
          aria-label={`Events per batch over the last ${recent.length} batches`}
          className="chart"
        >
          {recent.map((b, i) => {
            const valid = (b.event_count / max) * (height - 4);
            const bad = (b.corrupted_count / max) * (height - 4);
            return (
              <g key={b.batch_id}>
                <title>{`${b.batch_id}: ${b.event_count} events, ${b.corrupted_count} defective`}</title>
                <rect
                  x={i * bar + 1}
                  y={height - valid}
                  width={bar - 2}
                  height={valid}
                  className="bar-valid"
                />
                <rect
                  x={i * bar + 1}
                  y={height - valid - bad}
                  width={bar - 2}
                  height={bad}
                  className="bar-defect"
                />
              </g>
            );
          })}
        </svg>
        <figcaption>Events per batch (valid, and defective on top)</figcaption>
      </figure>
    </section>
  );
}
