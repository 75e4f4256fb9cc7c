// The projector view (classroom mode): what the room watches, in large type, on one screen of
// 1024×768 with no scrolling: the class code on one line, the live counters and the events
// chart, the countdown to the next batch, and the pipeline with what it caught next to what
// the generator injected.
import { CountersPanel } from '../components/CountersPanel.tsx';
import { useApp } from '../store/context.ts';
import { ClassCodeLine } from './ClassCode.tsx';
import { NextBatch } from './NextBatch.tsx';
import { ProjectorPipeline } from './ProjectorPipeline.tsx';

export function ProjectorView() {
  const code = useApp((s) => s.health?.class_code ?? null);
  const known = useApp((s) => s.health !== null);
  return (
    <div className="view-projector">
      <section aria-label="Class code" className="projector-code">
        {code ? (
          <>
            <h2 className="projector-label">
              Class code <span className="hint">(Join a class, then type it)</span>
            </h2>
            <ClassCodeLine code={code} testId="class-code" />
          </>
        ) : (
          <h2 className="projector-label">
            {known ? 'No dataset yet: its class code appears once it starts.' : 'Class code: —'}
          </h2>
        )}
        <NextBatch />
      </section>
      <CountersPanel />
      <ProjectorPipeline />
    </div>
  );
}
