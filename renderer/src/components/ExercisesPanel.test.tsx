// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExerciseSummary, ExerciseView, Scorecard } from '../../../shared/exercises.ts';
import { type Api, ApiError } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { ExercisesPanel } from './ExercisesPanel.tsx';

afterEach(cleanup);

function view(id: string, title: string, extra: Partial<ExerciseView> = {}): ExerciseView {
  return {
    id,
    title,
    checker: 'silver',
    preset: 'quality-injection',
    seed: 42,
    from: '2024-01-01T00:00:00Z',
    to: '2024-01-01T06:00:00Z',
    table: { path: 'lake/silver', columns: [{ name: 'event_id', type: 'string' }] },
    checks: ['each event_id once'],
    hints: [
      { tier: 'idea', text: 'Each event once: the same event_id may come twice.' },
      { tier: 'code', text: 'Use `dropDuplicates`.' },
    ],
    text: 'Silver holds each valid event once.\n\nWrite `lake/silver`.',
    folder: `/data/exercises/${id}`,
    table_path: `/data/exercises/${id}/lake/silver`,
    notebook: `/data/exercises/${id}/${id}.ipynb`,
    check_command: `npm run check -- --exercise ${id} --data-dir /data`,
    prepared: false,
    last: null,
    streaming: false,
    released: null,
    hints_total: 2,
    hints_revealed: 2,
    ...extra,
  };
}

/** The course list's entry of an exercise. */
function entry(id: string, title: string, extra: Partial<ExerciseSummary> = {}): ExerciseSummary {
  return {
    id,
    title,
    prepared: false,
    passed: null,
    streaming: false,
    released: null,
    hints_total: 2,
    hints_revealed: 0,
    ...extra,
  };
}

const FAILED: Scorecard = {
  exercise: '04-silver',
  table: '/data/exercises/04-silver/lake/silver',
  format: 'parquet',
  rows: 10,
  passed: false,
  checked_at: '2026-11-26T15:00:00Z',
  checks: [
    { name: 'has the columns', passed: true, expected: 'a', got: 'a', message: '', examples: [] },
    {
      name: 'each event_id once',
      passed: false,
      expected: '1 row per event_id',
      got: '3 event_ids repeated',
      message: '3 event_ids appear more than once: de-duplicate by event_id',
      examples: ['e1 appears 2 times', 'e2 appears 2 times'],
    },
  ],
};

function mount(api: Partial<Api>) {
  const store = createStore(api as Api);
  render(
    <StoreContext.Provider value={store}>
      <ExercisesPanel />
    </StoreContext.Provider>,
  );
  return store;
}

function fakeApi(course: ExerciseSummary[], views: Record<string, ExerciseView>) {
  return {
    exercises: async () => ({ exercises: course }),
    exercise: async (id: string) => {
      const v = views[id];
      if (!v) throw new ApiError(404, 'no_such_exercise', `there is no exercise ${id}`);
      return v;
    },
  };
}

describe('ExercisesPanel', () => {
  it('lists the course with its progress and shows the first exercise, then another', async () => {
    const course = [
      entry('01-bronze', 'Ingest every line', { prepared: true, passed: true }),
      entry('04-silver', 'De-duplicate into silver'),
    ];
    mount(
      fakeApi(course, {
        '01-bronze': view('01-bronze', 'Ingest every line'),
        '04-silver': view('04-silver', 'De-duplicate into silver'),
      }),
    );
    const first = await screen.findByRole('button', { name: /passed Ingest every line/ });
    expect(first.getAttribute('aria-current')).toBe('step');
    expect(screen.getByRole('img', { name: 'not checked' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Ingest every line' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /De-duplicate into silver/ }));
    });
    expect(screen.getByRole('heading', { name: 'De-duplicate into silver' })).toBeTruthy();
    expect(screen.getByText('dropDuplicates').tagName).toBe('CODE');
    expect(screen.getByTestId('check-command').textContent).toBe(
      'npm run check -- --exercise 04-silver --data-dir /data',
    );
  });

  it('checks the answer, says it is working meanwhile, and shows the scorecard with examples', async () => {
    let finish: (card: Scorecard) => void = () => undefined;
    let course = [entry('04-silver', 'De-duplicate', { prepared: true })];
    const store = mount({
      ...fakeApi(course, { '04-silver': view('04-silver', 'De-duplicate', { prepared: true }) }),
      exercises: async () => ({ exercises: course }),
      checkExercise: () =>
        new Promise<Scorecard>((resolve) => {
          finish = resolve;
        }),
    });
    const button = await screen.findByRole('button', { name: 'Check my answer' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.getByRole('button', { name: 'Checking with Spark…' })).toHaveProperty(
      'disabled',
      true,
    );
    course = [{ ...(course[0] as ExerciseSummary), passed: false }];
    await act(async () => finish(FAILED));
    const card = screen.getByTestId('scorecard');
    expect(card.textContent).toContain('Not yet: 1 of 2 checks');
    expect(card.textContent).toContain('expected 1 row per event_id, got 3 event_ids repeated');
    expect(card.textContent).toContain('e2 appears 2 times');
    expect(screen.getByRole('img', { name: 'not passed yet' })).toBeTruthy();
    expect(store.getState().ui.announcement).toBe('04-silver: not yet, 1 of 2 checks passed');
  });

  it('prepares the data before showing the starter notebook, and shows why a check could not run', async () => {
    let prepared = 0;
    mount({
      ...fakeApi([entry('04-silver', 'De-duplicate')], {
        '04-silver': view('04-silver', 'De-duplicate'),
      }),
      prepareExercise: async () => {
        prepared++;
        return view('04-silver', 'De-duplicate', { prepared: true });
      },
      checkExercise: async () => {
        throw new ApiError(
          409,
          'no_python',
          'python3 was not found: checking needs Python 3 with pyspark',
        );
      },
    });
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Show notebook file' }));
    });
    expect(prepared).toBe(1);
    expect(screen.getByTestId('notebook-path').textContent).toBe(
      '/data/exercises/04-silver/04-silver.ipynb',
    );
    expect(screen.getByRole('button', { name: 'Prepare data again' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Check my answer' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('checking needs Python 3 with pyspark');
  });

  it('shows progress through the course: n of N passed, each state, S for streaming', async () => {
    const course = [
      entry('01-bronze', 'Bronze', { prepared: true, passed: true }),
      entry('02-timestamps', 'Timestamps', { prepared: true, passed: false }),
      entry('03-quarantine', 'Quarantine', { prepared: true }),
      entry('04-stream-bronze', 'Stream bronze', {
        prepared: true,
        streaming: true,
        released: false,
      }),
      entry('05-stream-silver', 'Stream silver', { streaming: true, released: false }),
    ];
    mount(fakeApi(course, { '01-bronze': view('01-bronze', 'Bronze') }));
    await screen.findByRole('heading', { name: 'Bronze' });
    expect(screen.getByText('1 of 5 passed')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Course progress' }).getAttribute('value')).toBe(
      '1',
    );
    const items = screen.getAllByRole('button', { name: /Bronze|Timestamps|Quarantine|Stream/ });
    expect(items.map((b) => b.querySelector('.course-state')?.textContent)).toEqual([
      'passed',
      'failed',
      'prepared',
      'first part',
      'not prepared',
    ]);
    expect(screen.getAllByRole('img', { name: 'streaming' })).toHaveLength(2);
    expect(
      screen.getByRole('button', { name: /Stream bronze/ }).querySelector('.streaming-mark'),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', { name: /Quarantine/ }).querySelector('.streaming-mark'),
    ).toBe(null);
  });

  it('reveals the hints one at a time, with their tier', async () => {
    let revealed = 0;
    const at = () => view('04-silver', 'De-duplicate', { hints_revealed: revealed });
    mount({
      ...fakeApi([entry('04-silver', 'De-duplicate')], { '04-silver': at() }),
      revealHint: async () => {
        revealed++;
        return at();
      },
    });
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Show a hint (1 of 2)' }));
    });
    const shown = screen.getByRole('list', { name: 'Hints shown' });
    expect(shown.querySelectorAll('li')).toHaveLength(1);
    expect(shown.textContent).toBe('IdeaEach event once: the same event_id may come twice.');
    expect(screen.queryByText('dropDuplicates')).toBe(null);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Show a hint (2 of 2)' }));
    });
    expect(shown.querySelectorAll('li')).toHaveLength(2);
    expect(shown.querySelectorAll('li')[1]?.querySelector('.tier')?.textContent).toBe('Code');
    expect(screen.getByText('dropDuplicates').tagName).toBe('CODE');
    expect(screen.getByText('All 2 hints are shown.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Show a hint/ })).toBe(null);
  });

  it('releases more data of a two-part exercise, and says why it cannot', async () => {
    let finish: (v: ExerciseView) => void = () => undefined;
    const release = { mid: '2024-01-01T03:00:00Z' };
    const twoPart = (extra: Partial<ExerciseView>) =>
      view('04-stream-bronze', 'Stream bronze', { streaming: true, release, ...extra });
    let calls = 0;
    mount({
      ...fakeApi([entry('04-stream-bronze', 'Stream bronze', { streaming: true })], {
        '04-stream-bronze': twoPart({ released: false }),
      }),
      releaseExercise: () => {
        calls++;
        if (calls === 1)
          return Promise.reject(
            new ApiError(
              409,
              'not_prepared',
              'exercise 04-stream-bronze is not prepared: Prepare data first',
            ),
          );
        return new Promise<ExerciseView>((resolve) => {
          finish = resolve;
        });
      },
    });
    expect((await screen.findByTestId('two-part')).textContent).toContain(
      'writes the data up to 2024-01-01T03:00:00Z',
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Release more data' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('not prepared: Prepare data first');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Release more data' }));
    });
    expect(screen.getByRole('button', { name: 'Releasing more data…' })).toHaveProperty(
      'disabled',
      true,
    );
    await act(async () => finish(twoPart({ prepared: true, released: true })));
    expect(screen.getByRole('button', { name: 'Data released' })).toHaveProperty('disabled', true);
    expect(screen.getByTestId('two-part').textContent).toContain('The rest is released.');
    expect(screen.queryByRole('alert')).toBe(null);
  });

  it('has no release button for a one-part exercise', async () => {
    mount(
      fakeApi([entry('04-silver', 'De-duplicate')], {
        '04-silver': view('04-silver', 'De-duplicate'),
      }),
    );
    await screen.findByRole('heading', { name: 'De-duplicate' });
    expect(screen.queryByRole('button', { name: /Release/ })).toBe(null);
    expect(screen.queryByTestId('two-part')).toBe(null);
  });
});
