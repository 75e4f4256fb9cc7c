import { Fragment, useEffect, useState } from 'react';
import type { ExerciseSummary, ExerciseView, Scorecard } from '../../../shared/exercises.ts';
import { desktopBridge } from '../api/desktop.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { OpenNotebookButton } from './OpenNotebookButton.tsx';

/**
 * The course: its progress (n of N passed), the exercises in order, each with its state (not
 * prepared, prepared, first part, passed, failed) and S for a streaming one, in a list that
 * scrolls inside its column; beside it the current exercise's task, Prepare data, Release more
 * data (two-part exercises), the hints one at a time, the starter notebook, Check my answer,
 * and the last scorecard. Every control is a button or a link, so the panel works from the
 * keyboard and on a projector.
 */
export function ExercisesPanel() {
  const course = useApp((s) => s.course);
  const exercise = useApp((s) => s.exercise);
  const error = useApp((s) => s.exerciseError);
  const loadCourse = useApp((s) => s.loadCourse);
  useEffect(() => {
    void loadCourse();
  }, [loadCourse]);
  return (
    <section aria-label="Exercises" className="panel exercises">
      <h2>Exercises</h2>
      {course === null ? (
        <p className="hint">{error ?? 'Loading the course…'}</p>
      ) : (
        <CourseList course={course} current={exercise?.id} />
      )}
      {/* Keyed: another exercise starts with its own local state. */}
      {exercise ? <Exercise key={exercise.id} view={exercise} /> : null}
    </section>
  );
}

/** What the list says of an exercise: its last check first, else how far its data is. */
export function exerciseState(e: ExerciseSummary): string {
  if (e.passed === true) return 'passed';
  if (e.passed === false) return 'failed';
  if (!e.prepared) return 'not prepared';
  return e.released === false ? 'first part' : 'prepared';
}

function CourseList({ course, current }: { course: ExerciseSummary[]; current?: string }) {
  const openExercise = useApp((s) => s.openExercise);
  const passed = course.filter((e) => e.passed === true).length;
  return (
    <div className="course-nav">
      <p className="course-progress">
        <strong>
          {passed} of {course.length} passed
        </strong>
        <progress value={passed} max={Math.max(1, course.length)} aria-label="Course progress" />
      </p>
      <ol className="course" aria-label="Course">
        {course.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="course-item"
              aria-current={current === e.id ? 'step' : undefined}
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
              <span className="course-title">{e.title}</span>
              {e.streaming ? (
                <span
                  className="streaming-mark"
                  role="img"
                  aria-label="streaming"
                  title="streaming"
                >
                  S
                </span>
              ) : null}
              <span className="course-state">{exerciseState(e)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
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
      {view.release ? (
        <p className="two-part" data-testid="two-part">
          {view.streaming ? 'A streaming exercise, graded' : 'Graded'} in two parts: Prepare data
          writes the data up to {view.release.mid}. Run your query on it, then{' '}
          <strong>Release more data</strong> (up to {view.to}), restart the query from its
          checkpoint, and check: a line lost or doubled across the restart shows.{' '}
          {view.released ? <strong>The rest is released.</strong> : null}
        </p>
      ) : null}
      <Hints view={view} busy={busy} />
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
        {view.release ? <ReleaseButton view={view} busy={busy} /> : null}
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

const TIER_LABEL = { idea: 'Idea', api: 'API', code: 'Code' } as const;

/** The hints revealed so far, and a button for the next one (the idea, then the API, then code). */
function Hints({ view, busy }: { view: ExerciseView; busy: boolean }) {
  const reveal = useApp((s) => s.revealHint);
  const work = useApp((s) => s.exerciseWork);
  const shown = view.hints.slice(0, view.hints_revealed);
  if (view.hints_total === 0) return null;
  return (
    <div className="hints">
      {shown.length > 0 ? (
        <ol className="hint-list" aria-label="Hints shown">
          {shown.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: hints are revealed in order, never reordered
            <li key={i}>
              <span className={`tier tier-${h.tier}`}>{TIER_LABEL[h.tier]}</span>
              <Text text={h.text} />
            </li>
          ))}
        </ol>
      ) : null}
      {view.hints_revealed < view.hints_total ? (
        <button type="button" disabled={busy} onClick={() => void reveal(view.id)}>
          {work?.what === 'hint'
            ? 'Showing a hint…'
            : `Show a hint (${view.hints_revealed + 1} of ${view.hints_total})`}
        </button>
      ) : (
        <p className="hint">All {view.hints_total} hints are shown.</p>
      )}
    </div>
  );
}

/** Release more data: the second part of a two-part exercise's dataset. */
function ReleaseButton({ view, busy }: { view: ExerciseView; busy: boolean }) {
  const release = useApp((s) => s.releaseExercise);
  const work = useApp((s) => s.exerciseWork);
  return (
    <button
      type="button"
      disabled={busy || view.released === true}
      onClick={() => void release(view.id)}
    >
      {work?.what === 'release'
        ? 'Releasing more data…'
        : view.released
          ? 'Data released'
          : 'Release more data'}
    </button>
  );
}

function ScorecardView({ card }: { card: Scorecard }) {
  const passed = card.checks.filter((c) => c.passed).length;
  return (
    <div className="scorecard" data-testid="scorecard">
      <h4>
        {card.passed ? 'Passed' : 'Not yet'}: {passed} of {card.checks.length} checks{' '}
        <span className="hint">
          ({new Date(card.checked_at).toLocaleTimeString()}
          {card.hints_used === undefined
            ? ''
            : `, ${card.hints_used} hint${card.hints_used === 1 ? '' : 's'} used`}
          )
        </span>
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
