import { Fragment, useEffect, useState } from 'react';
import type { ExerciseView, Scorecard } from '../../../shared/exercises.ts';
import { desktopBridge } from '../api/desktop.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { OpenNotebookButton } from './OpenNotebookButton.tsx';

/**
 * The course: exercises in order with a tick for each passed one, the current exercise's
 * task, Prepare data, the starter notebook, Check my answer, and the last scorecard. Every
 * control is a button or a link, so the panel works from the keyboard and on a projector.
 */
export function ExercisesPanel() {
  const course = useApp((s) => s.course);
  const exercise = useApp((s) => s.exercise);
  const error = useApp((s) => s.exerciseError);
  const loadCourse = useApp((s) => s.loadCourse);
  const openExercise = useApp((s) => s.openExercise);
  useEffect(() => {
    void loadCourse();
  }, [loadCourse]);
  return (
    <section aria-label="Exercises" className="panel exercises">
      <h2>Exercises</h2>
      {course === null ? (
        <p className="hint">{error ?? 'Loading the course…'}</p>
      ) : (
        <ol className="course" aria-label="Course">
          {course.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className="course-item"
                aria-current={exercise?.id === e.id ? 'step' : undefined}
                onClick={() => void openExercise(e.id)}
              >
                <span
                  className={`tick ${e.passed === true ? 'passed' : e.passed === false ? 'failed' : ''}`}
                  role="img"
                  aria-label={
                    e.passed === true
                      ? 'passed'
                      : e.passed === false
                        ? 'not passed yet'
                        : 'not checked'
                  }
                >
                  {e.passed === true ? '✓' : e.passed === false ? '✗' : '○'}
                </span>{' '}
                {e.title}
              </button>
            </li>
          ))}
        </ol>
      )}
      {/* Keyed: another exercise starts with its own local state. */}
      {exercise ? <Exercise key={exercise.id} view={exercise} /> : null}
    </section>
  );
}

/** The task text: paragraphs, with `code` spans (the course files use no other Markdown). */
function Text({ text }: { text: string }) {
  return text.split(/\n\s*\n/).map((paragraph) => (
    <p key={paragraph}>
      {paragraph.split('`').map((part, i) =>
        // Odd parts were between backticks.
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one paragraph never reorder
        i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>,
      )}
    </p>
  ));
}

function Exercise({ view }: { view: ExerciseView }) {
  const work = useApp((s) => s.exerciseWork);
  const error = useApp((s) => s.exerciseError);
  const prepare = useApp((s) => s.prepareExercise);
  const check = useApp((s) => s.checkExercise);
  const [notebookShown, setNotebookShown] = useState(false);
  const bridge = desktopBridge();
  // The class link cannot prepare or check (both write to the instructor's data folder).
  const busy = useApp((s) => s.exerciseWork !== null || isReadOnly(s));
  const openNotebook = async () => {
    const prepared = view.prepared ? view : await prepare(view.id);
    if (!prepared) return;
    if (bridge) await bridge.revealExerciseNotebook(view.id).catch(() => setNotebookShown(true));
    else setNotebookShown(true);
  };
  return (
    <article className="exercise" aria-labelledby={`exercise-${view.id}`}>
      <h3 id={`exercise-${view.id}`}>{view.title}</h3>
      <Text text={view.text} />
      <p>
        Write <code>{view.table.path}</code> with the columns{' '}
        {view.table.columns.map((c, i) => (
          <Fragment key={c.name}>
            {i > 0 ? ', ' : ''}
            <code title={c.description}>{c.name}</code> ({c.type})
          </Fragment>
        ))}
        . Data: preset <code>{view.preset}</code>, seed {view.seed}, {view.from} to {view.to}.
      </p>
      <details>
        <summary>Hints ({view.hints.length})</summary>
        <ul>
          {view.hints.map((h) => (
            <li key={h}>
              <Text text={h} />
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>How it is checked</summary>
        <ul>
          {view.checks.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p className="hint">
          From a terminal: <code data-testid="check-command">{view.check_command}</code>
        </p>
      </details>
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => void prepare(view.id)}>
          {work?.what === 'prepare'
            ? 'Preparing…'
            : view.prepared
              ? 'Prepare data again'
              : 'Prepare data'}
        </button>
        <OpenNotebookButton id={view.id} />
        <button type="button" disabled={busy} onClick={() => void openNotebook()}>
          Show notebook file
        </button>
        <button type="button" disabled={busy} onClick={() => void check(view.id)}>
          {work?.what === 'check' ? 'Checking with Spark…' : 'Check my answer'}
        </button>
      </div>
      {notebookShown ? (
        <p className="notebook-path">
          Starter notebook: <code data-testid="notebook-path">{view.notebook}</code>{' '}
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(view.notebook).catch(() => undefined)
            }
          >
            Copy path
          </button>
          <br />
          <span className="hint">
            Open it in Jupyter or VS Code; it reads and writes {view.folder}.
          </span>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {view.last ? <ScorecardView card={view.last} /> : null}
    </article>
  );
}

function ScorecardView({ card }: { card: Scorecard }) {
  const passed = card.checks.filter((c) => c.passed).length;
  return (
    <div className="scorecard" data-testid="scorecard">
      <h4>
        {card.passed ? 'Passed' : 'Not yet'}: {passed} of {card.checks.length} checks{' '}
        <span className="hint">({new Date(card.checked_at).toLocaleTimeString()})</span>
      </h4>
      <ul>
        {card.checks.map((c) => (
          <li key={c.name} className={c.passed ? 'check passed' : 'check failed'}>
            <span role="img" aria-label={c.passed ? 'passed' : 'failed'}>
              {c.passed ? '✓' : '✗'}
            </span>{' '}
            <strong>{c.name}</strong>: {c.passed ? c.got : `expected ${c.expected}, got ${c.got}`}
            {c.passed ? null : (
              <>
                <div className="check-message">{c.message}</div>
                {c.examples.length > 0 ? (
                  <ul className="examples">
                    {c.examples.map((e) => (
                      <li key={e}>
                        <code>{e}</code>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
