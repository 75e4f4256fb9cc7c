// Overview: is it working? The glance line, the status, the counters with the events chart,
// the class code, and the controls, each card with something in it.
import { viewHash } from '../../../shared/views.ts';
import { Controls } from '../components/Controls.tsx';
import { CountersPanel } from '../components/CountersPanel.tsx';
import { StatusPanel } from '../components/StatusPanel.tsx';
import { useApp } from '../store/context.ts';
import { ClassCodeLine } from './ClassCode.tsx';
import { Glance } from './Glance.tsx';

export function OverviewView() {
  return (
    <div className="view-overview">
      <Glance />
      <StatusPanel />
      <CountersPanel />
      <ClassCodeCard />
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
