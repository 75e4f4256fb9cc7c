// Which panels each view shows. Panels keep their own regions and headings; a view only
// places them (views.css lays each view out to fit the window, long lists scrolling inside).
import type { ViewId } from '../../../shared/views.ts';
import { ApiExamples } from '../components/ApiExamples.tsx';
import { BatchesPanel } from '../components/BatchesPanel.tsx';
import { ClassPanel } from '../components/ClassPanel.tsx';
import { DoctorView } from '../components/DoctorView.tsx';
import { ExercisesPanel } from '../components/ExercisesPanel.tsx';
import { LogsPanel } from '../components/LogsPanel.tsx';
import { PipelinePanel } from '../components/PipelinePanel.tsx';
import { SparkPanel } from '../components/SparkPanel.tsx';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { OverviewView } from './Overview.tsx';
import { ProjectorView } from './Projector.tsx';

/** What each view is for, under its heading. */
export const VIEW_HINTS: Record<ViewId, string> = {
  overview: 'Is it working? The generator, its counters, the class code and the controls.',
  pipeline: 'Bronze, silver and gold streaming as Delta tables, and the batches they read.',
  spark: 'The local Spark cluster, its notebook, and the batch jobs.',
  exercises: 'The course: prepare the data, write the table, check it.',
  class: 'The class code, joining a class, and the class’s results.',
  logs: 'What the generator, Spark and the jobs said, newest first.',
  api: 'Everything here is an HTTP API: commands to copy.',
  setup: 'Node, Docker, disk and ports, one line each, with the fix.',
  projector: 'For the room: the class code, live counters and the pipeline.',
};

export function ViewContent({ view }: { view: ViewId }) {
  switch (view) {
    case 'overview':
      return <OverviewView />;
    case 'pipeline':
      return (
        <div className="view-pipeline">
          <PipelinePanel />
          <BatchesPanel />
        </div>
      );
    case 'spark':
      return (
        <div className="view-single view-spark">
          <SparkPanel />
        </div>
      );
    case 'exercises':
      return (
        <div className="view-single view-exercises">
          <ExercisesPanel />
        </div>
      );
    case 'class':
      return (
        <div className="view-single view-class">
          <ClassPanel />
        </div>
      );
    case 'logs':
      return (
        <div className="view-single view-logs">
          <LogsPanel />
        </div>
      );
    case 'api':
      return (
        <div className="view-single view-api">
          <ApiExamples />
        </div>
      );
    case 'setup':
      return <SetupView />;
    case 'projector':
      return <ProjectorView />;
  }
}

function SetupView() {
  const readOnly = useApp(isReadOnly);
  return (
    <div className="view-single view-setup">
      {readOnly ? (
        <section aria-label="Check my setup" className="panel doctor">
          <h2>Check my setup</h2>
          <p className="hint">
            The class link does not run checks on the instructor’s machine. On your own machine:{' '}
            <code>npm run doctor</code>, or Check my setup in your own app.
          </p>
        </section>
      ) : (
        <DoctorView />
      )}
    </div>
  );
}
