import type { ReactNode } from 'react';
import { useApp } from '../store/context.ts';
import { EventsChart } from './EventsChart.tsx';
import { count } from './format.ts';

/** The counters and the events chart; `children` go beside the chart (the Overview's regions). */
export function CountersPanel({ children }: { children?: ReactNode }) {
  const health = useApp((s) => s.health);
  const batches = useApp((s) => s.batches);
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
      <div className="counters-figures">
        <EventsChart batches={batches} />
        {children}
      </div>
    </section>
  );
}
