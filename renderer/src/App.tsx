import { useEffect } from 'react';
import { ApiExamples } from './components/ApiExamples.tsx';
import { BatchesPanel } from './components/BatchesPanel.tsx';
import { ClassPanel } from './components/ClassPanel.tsx';
import { Controls } from './components/Controls.tsx';
import { CountersPanel } from './components/CountersPanel.tsx';
import { DoctorView } from './components/DoctorView.tsx';
import { ExercisesPanel } from './components/ExercisesPanel.tsx';
import { LogsPanel } from './components/LogsPanel.tsx';
import { PipelinePanel } from './components/PipelinePanel.tsx';
import { SparkPanel } from './components/SparkPanel.tsx';
import { StatusPanel } from './components/StatusPanel.tsx';
import { useApp } from './store/context.ts';
import type { Theme } from './store/store.ts';

export function App() {
  const theme = useApp((s) => s.ui.theme);
  const classroom = useApp((s) => s.ui.classroom);
  const announcement = useApp((s) => s.ui.announcement);
  const setTheme = useApp((s) => s.setTheme);
  const setClassroom = useApp((s) => s.setClassroom);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.classroom = String(classroom);
  }, [theme, classroom]);
  return (
    <>
      <header className="top">
        <h1>Spark Experiments</h1>
        <div className="view-options">
          <label>
            Theme{' '}
            <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
              <option value="system">system</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={classroom}
              onChange={(e) => setClassroom(e.target.checked)}
            />{' '}
            Classroom mode
          </label>
        </div>
      </header>
      <main className="grid">
        <StatusPanel />
        <ClassPanel />
        <CountersPanel />
        <Controls />
        <BatchesPanel />
        <LogsPanel />
        <SparkPanel />
        <PipelinePanel />
        <ExercisesPanel />
        <ApiExamples />
        <DoctorView />
      </main>
      <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </>
  );
}
