// The generator's health, and the controls that change it: pause, resume, clean.
import type { Health } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import { MAX_BATCHES } from './batches-slice.ts';
import type { GetState, SetState, Slice } from './slice.ts';
import { withBusy } from './ui-slice.ts';

export interface HealthSlice {
  health: Health | null;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Joins the class of a code; the message (or the error) is announced. */
  join(code: string, recipe?: unknown): Promise<boolean>;
  /** Deletes the generated data; the class's results too only with `classResults`. */
  clean(classResults?: boolean): Promise<void>;
}

const statusWords: Record<string, string> = {
  running: 'Generator running',
  paused: 'Generator paused',
  error: 'Generator error',
};

/**
 * Takes a health report and the backfill it carries, unless it is older than the one shown:
 * a GET sent before a change (a slow refresh) can answer after the stream told of the change.
 * A change of status is announced, for screen readers; the first report is not a change.
 */
export function receiveHealth(set: SetState, get: GetState, health: Health): void {
  const shown = get().health;
  // Stream events are the same for every client: only GET /api/health says what this one may
  // do, so an older report still brings that.
  const access = health.access ?? shown?.access;
  if (
    shown?.timestamp &&
    health.timestamp &&
    Date.parse(health.timestamp) < Date.parse(shown.timestamp)
  ) {
    if (access !== shown.access) set({ health: { ...shown, access } });
    return;
  }
  const before = shown?.status;
  set({
    health: access ? { ...health, access } : health,
    backfill: health.backfill ?? get().backfill,
  });
  if (before && before !== health.status)
    get().announce(statusWords[health.status] ?? health.status);
}

export const createHealthSlice =
  (api: Api): Slice<HealthSlice> =>
  (set, get) => ({
    health: null,
    pause: () =>
      withBusy(set, async () => {
        await api.pause();
        receiveHealth(set, get, await api.health());
      }),
    resume: () =>
      withBusy(set, async () => {
        const result = await api.resume();
        if ((result.extra.baseline_actions ?? []).length > 0)
          get().announce(`Baseline regenerated: ${result.extra.baseline_actions?.join(', ')}`);
        receiveHealth(set, get, await api.health());
        const batches = await api.batches(MAX_BATCHES);
        set({ batches: batches.batches });
      }),
    join: async (code, recipe) => {
      let joined = false;
      await withBusy(set, async () => {
        const result = await api.join(code, recipe);
        get().announce(result.message);
        receiveHealth(set, get, await api.health());
        joined = true;
      });
      return joined;
    },
    clean: (classResults = false) =>
      withBusy(set, async () => {
        const result = await api.clean(classResults);
        set((s) => ({ batches: [], selectedBatch: null, cleaned: s.cleaned + 1 }));
        const results = result.class_results;
        get().announce(
          `Deleted ${result.deleted_count} items` +
            (results?.deleted ? `, and the results of ${results.students} students` : ''),
        );
        receiveHealth(set, get, await api.health());
      }),
  });
