// The course: the list with progress, the exercise on screen, Prepare data, Release more data
// (a two-part exercise), Show a hint, and Check my answer. A check runs Spark and takes
// seconds: `exerciseWork` names the exercise and the work meanwhile.
import type { ExerciseSummary, ExerciseView } from '../../../shared/exercises.ts';
import { type Api, ApiError } from '../api/client.ts';
import type { Slice } from './slice.ts';

export interface ExercisesSlice {
  course: ExerciseSummary[] | null;
  exercise: ExerciseView | null;
  /** The exercise being prepared or checked, and which. */
  exerciseWork: { id: string; what: ExerciseWork } | null;
  exerciseError: string | null;
  loadCourse(): Promise<void>;
  openExercise(id: string): Promise<void>;
  prepareExercise(id: string): Promise<ExerciseView | null>;
  checkExercise(id: string): Promise<void>;
  /** Writes the second part of a two-part exercise's data. */
  releaseExercise(id: string): Promise<void>;
  /** Reveals the exercise's next hint (the count is kept in its data folder). */
  revealHint(id: string): Promise<void>;
  /** JupyterLab's address of the exercise's notebook (prepared first if need be), or null. */
  notebookLink(id: string): Promise<string | null>;
}

type ExerciseWork = 'prepare' | 'check' | 'notebook' | 'release' | 'hint';

const message = (err: unknown) =>
  err instanceof ApiError ? err.message : `unexpected error: ${(err as Error).message}`;

export const createExercisesSlice =
  (api: Api): Slice<ExercisesSlice> =>
  (set, get) => {
    const refreshCourse = async () => set({ course: (await api.exercises()).exercises });
    const work = async <T>(
      id: string,
      what: ExerciseWork,
      run: () => Promise<T>,
    ): Promise<T | null> => {
      set({ exerciseWork: { id, what }, exerciseError: null });
      try {
        const result = await run();
        await refreshCourse();
        return result;
      } catch (err) {
        set({ exerciseError: message(err) });
        get().announce(message(err));
        return null;
      } finally {
        set({ exerciseWork: null });
      }
    };
    return {
      course: null,
      exercise: null,
      exerciseWork: null,
      exerciseError: null,
      loadCourse: async () => {
        try {
          await refreshCourse();
          const first = get().course?.[0];
          if (!get().exercise && first) await get().openExercise(first.id);
        } catch (err) {
          set({ exerciseError: message(err) });
        }
      },
      openExercise: async (id) => {
        try {
          set({ exercise: await api.exercise(id), exerciseError: null });
        } catch (err) {
          set({ exerciseError: message(err) });
        }
      },
      notebookLink: (id) =>
        work(id, 'notebook', async () => {
          const { url } = await api.openNotebook(id);
          // It may have prepared the exercise: the view on screen says so.
          if (get().exercise?.id === id) set({ exercise: await api.exercise(id) });
          return url;
        }),
      prepareExercise: (id) =>
        work(id, 'prepare', async () => {
          const view = await api.prepareExercise(id);
          set({ exercise: view });
          get().announce(`${view.title}: data prepared`);
          return view;
        }),
      releaseExercise: async (id) => {
        await work(id, 'release', async () => {
          const view = await api.releaseExercise(id);
          set({ exercise: view });
          get().announce(`${view.title}: the rest of the data is released; restart your query`);
        });
      },
      revealHint: async (id) => {
        await work(id, 'hint', async () => {
          const view = await api.revealHint(id);
          set({ exercise: view });
          const hint = view.hints[view.hints_revealed - 1];
          if (hint)
            get().announce(`Hint ${view.hints_revealed} of ${view.hints_total} (${hint.tier})`);
        });
      },
      checkExercise: async (id) => {
        await work(id, 'check', async () => {
          const card = await api.checkExercise(id);
          const current = get().exercise;
          if (current?.id === id) set({ exercise: { ...current, last: card, prepared: true } });
          const passed = card.checks.filter((c) => c.passed).length;
          get().announce(
            card.passed
              ? `${id}: passed, all ${card.checks.length} checks`
              : `${id}: not yet, ${passed} of ${card.checks.length} checks passed`,
          );
        });
      },
    };
  };
