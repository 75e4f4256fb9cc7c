// Where the activity is: one bar per region (US, EU, SA, AUS) of its events in the recent
// batches, each with the region's local time now and the part of its day, so a quiet night in
// Sydney beside a busy morning in Berlin explains itself. A table: read out row by row.
import { REGIONS } from '../../../shared/world-config.ts';
import { useApp } from '../store/context.ts';
import { useNow } from '../views/use-now.ts';
import { CHART_BATCHES } from './EventsChart.tsx';
import { count } from './format.ts';
import { eventsByRegion, localTime } from './region-time.ts';

const NAMES: Record<(typeof REGIONS)[number], string> = {
  US: 'United States',
  EU: 'Europe',
  SA: 'South America',
  AUS: 'Australia',
};

/** Shown only when the running config has regions. */
export function RegionBars() {
  const zones = useApp((s) => s.health?.regions?.time_zones ?? null);
  const batches = useApp((s) => s.batches);
  const now = useNow(15_000);
  if (!zones) return null;
  const events = eventsByRegion(batches, CHART_BATCHES);
  const max = Math.max(1, ...REGIONS.map((r) => events?.totals[r] ?? 0));
  return (
    <figure className="regions" data-testid="region-bars">
      <table>
        <caption>
          Events by region
          {events ? `, last ${events.batches} batches` : ''}, and local time now
        </caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Region and local time</th>
            <th scope="col">Events</th>
          </tr>
        </thead>
        <tbody>
          {REGIONS.map((r) => {
            const t = localTime(zones[r], now);
            const n = events?.totals[r] ?? 0;
            return (
              <tr key={r} data-region={r}>
                <th scope="row">
                  <abbr title={`${NAMES[r]} (${zones[r]})`}>{r}</abbr>{' '}
                  <span className={`local part-${t.part}`}>
                    <time>{t.clock}</time> {t.part}
                  </span>
                </th>
                <td>
                  <span
                    className="region-bar"
                    // The longest bar leaves room for its number.
                    style={{ width: `calc((100% - 4em) * ${n / max})` }}
                    data-share={n / max}
                    aria-hidden="true"
                  />
                  <span className="region-count" data-testid={`region-count-${r}`}>
                    {count(n)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
