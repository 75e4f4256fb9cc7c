// Overview: is it working? The glance line, the status, the counters with the events chart
// (and, with regions, the events by region beside it),
// the class code, the newest batches as they arrive, and the controls, each card with
// something in it.
import { viewHash } from '../../../shared/views.ts';
import { Controls } from '../components/Controls.tsx';
import { CountersPanel } from '../components/CountersPanel.tsx';
import { count, time } from '../components/format.ts';
import { RegionBars } from '../components/RegionBars.tsx';
import { StatusPanel } from '../components/StatusPanel.tsx';
import { useApp } from '../store/context.ts';
import { ClassCodeLine } from './ClassCode.tsx';
import { Glance } from './Glance.tsx';

export function OverviewView() {
  return (
    <div className="view-overview">
      <Glance />
      <StatusPanel />
      <CountersPanel>
        {/* With regions: events by region beside the chart, each with its local time. */}
        <RegionBars />
      </CountersPanel>
      <ClassCodeCard />
      {/* Its slot's height decides whether it shows (views.css): no squeezed card. */}
      <div className="newest-slot">
        <NewestBatches />
      </div>
      <Controls />
    </div>
  );
}

/** The class code alone; joining, the recipe and the class's results are in the Class view. */
function ClassCodeCard() {
  const code = useApp((s) => s.health?.class_code ?? null);
  const known = useApp((s) => s.health !== null);
  return (
    <section aria-label="Class code" className="panel class-card">
      <h2>Class code</h2>
      {code ? (
        <ClassCodeLine code={code} testId="overview-class-code" />
      ) : (
        <p className="hint">
          {known ? 'No dataset yet: its class code appears once it starts.' : '—'}
        </p>
      )}
      <p className="hint">
        For <a href={viewHash('class')}>Join a class</a>; large on the{' '}
        <a href={viewHash('projector')}>Projector</a>.
      </p>
    </section>
  );
}

/** The newest batches, as many as the card has room for; all of them in the Pipeline view. */
function NewestBatches() {
  const batches = useApp((s) => s.batches);
  return (
    <section aria-label="Newest batches" className="panel newest">
      <h2>
        Newest batches <a href={viewHash('pipeline')}>all batches</a>
      </h2>
      {batches.length === 0 ? (
        <p className="hint">None yet: the first comes when its interval closes.</p>
      ) : (
        <ul>
          {batches.slice(0, 12).map((b) => (
            <li key={b.batch_id}>
              <time dateTime={b.generation_time}>{time(b.generation_time)}</time>{' '}
              {count(b.event_count)} events
              {b.corrupted_count > 0 ? (
                <span className="defects"> · {count(b.corrupted_count)} defective</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
