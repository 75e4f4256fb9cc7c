// The events chart: per batch the valid events (late arrivals among them at the bottom, when
// the dataset has late arrivals) and the defective records on top; with lifecycle, a strip
// under it of the companies deactivated and reactivated in each batch's interval.
import type { BatchMeta } from '../../../shared/api.ts';
import { barTitle, chartLabel, chartSeries } from './chart-series.ts';
import { count } from './format.ts';

export const CHART_BATCHES = 40;

const WIDTH = 400;
const HEIGHT = 90;
const STRIP = 20;

export function EventsChart({ batches }: { batches: readonly BatchMeta[] }) {
  const series = chartSeries(batches, CHART_BATCHES);
  const recent = series.batches;
  const max = Math.max(1, ...recent.map((b) => b.record_count));
  const maxChanges = Math.max(
    1,
    ...recent.map((b) => Math.max(b.deactivated_count ?? 0, b.reactivated_count ?? 0)),
  );
  const bar = WIDTH / CHART_BATCHES;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        // Bars stretch to the box the view gives the chart (the projector's is taller).
        preserveAspectRatio="none"
        role="img"
        aria-label={chartLabel(series, count)}
        className="chart"
        data-testid="events-chart"
      >
        {recent.map((b, i) => {
          const valid = (b.event_count / max) * (HEIGHT - 4);
          const late = (Math.min(b.late_count ?? 0, b.event_count) / max) * (HEIGHT - 4);
          const bad = (b.corrupted_count / max) * (HEIGHT - 4);
          return (
            <g key={b.batch_id}>
              <title>{barTitle(b)}</title>
              <rect
                x={i * bar + 1}
                y={HEIGHT - valid}
                width={bar - 2}
                height={valid}
                className="bar-valid"
              />
              {late > 0 ? (
                <rect
                  x={i * bar + 1}
                  y={HEIGHT - late}
                  width={bar - 2}
                  height={late}
                  className="bar-late"
                  data-testid="bar-late"
                />
              ) : null}
              <rect
                x={i * bar + 1}
                y={HEIGHT - valid - bad}
                width={bar - 2}
                height={bad}
                className="bar-defect"
              />
            </g>
          );
        })}
      </svg>
      {series.hasChanges ? (
        <svg
          viewBox={`0 0 ${WIDTH} ${STRIP}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Company changes over the same batches: ${count(series.totals.deactivated)} deactivated, ${count(series.totals.reactivated)} reactivated`}
          className="chart-changes"
          data-testid="changes-chart"
        >
          {recent.map((b, i) => {
            const off = ((b.deactivated_count ?? 0) / maxChanges) * STRIP;
            const on = ((b.reactivated_count ?? 0) / maxChanges) * STRIP;
            if (off === 0 && on === 0) return null;
            return (
              <g key={b.batch_id}>
                <title>{`${b.batch_id}: ${b.deactivated_count ?? 0} deactivated, ${b.reactivated_count ?? 0} reactivated`}</title>
                <rect
                  x={i * bar + 1}
                  y={STRIP - off}
                  width={bar / 2 - 1}
                  height={off}
                  className="bar-deactivated"
                />
                <rect
                  x={i * bar + bar / 2}
                  y={STRIP - on}
                  width={bar / 2 - 1}
                  height={on}
                  className="bar-reactivated"
                />
              </g>
            );
          })}
        </svg>
      ) : null}
      <figcaption>
        {series.hasLate || series.hasChanges ? (
          <span className="legend" data-testid="chart-legend">
            Per batch: <Key kind="valid">events</Key>
            {series.hasLate ? (
              <Key kind="late">{count(series.totals.late)} late arrivals</Key>
            ) : null}
            <Key kind="defect">defective</Key>
            {series.hasChanges ? (
              <>
                <Key kind="deactivated">{count(series.totals.deactivated)} deactivated</Key>
                <Key kind="reactivated">{count(series.totals.reactivated)} reactivated</Key>
              </>
            ) : null}
          </span>
        ) : (
          'Events per batch (valid, and defective on top)'
        )}
      </figcaption>
    </figure>
  );
}

function Key({ kind, children }: { kind: string; children: React.ReactNode }) {
  return (
    <span className="legend-key">
      <span className={`swatch swatch-${kind}`} aria-hidden="true" />
      {children}
    </span>
  );
}
