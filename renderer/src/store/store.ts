// One zustand store in slices (connection, health, batches, logs, presets, backfill, spark, ui).
// The SSE handler is the only writer of live data; actions go through the typed API client.
import { create } from 'zustand';
import type {
  BackfillStatus,
  BatchDetail,
  BatchMeta,
  ConfigIssueView,
  Health,
  LogEntry,
  PresetSummary,
  SparkStatus,
} from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import { type Api, ApiError, createApi } from '../api/client.ts';
import { type ConnectionState, connectStream } from '../api/stream.ts';

export const MAX_LOG_ENTRIES = 100_000;
const MAX_BATCHES = 200;
const OLDER_PAGE = 500;

export type Theme = 'system' | 'light' | 'dark';

export interface StoreState {
  connection: { state: ConnectionState; attempt: number };
  health: Health | null;
  batches: BatchMeta[];
  selectedBatch: BatchDetail | null;
  logs: {
    entries: LogEntry[];
    nextBefore: string | null;
    hasOlder: boolean;
    loadingOlder: boolean;
    level: 'debug' | 'info' | 'warning' | 'error';
    text: string;
  };
  presets: {
    list: PresetSummary[];
    /** Preset files that do not validate: listed so applying one shows why. */
    invalid: Array<{ name: string; issues: ConfigIssueView[] }>;
    selected: string;
    applying: boolean;
    error: { message: string; issues: ConfigIssueView[] } | null;
    notice: string | null;
  };
  backfill: BackfillStatus | null;
  spark: SparkStatus | null;
  ui: {
    theme: Theme;
    classroom: boolean;
    announcement: string;
    actionError: string | null;
    busy: boolean;
  };

  start(): () => void;
  refresh(): Promise<void>;
  handleEvent(type: string, data: unknown): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  clean(): Promise<void>;
  selectPreset(name: string): void;
  applyPreset(): Promise<void>;
  loadOlderLogs(): Promise<void>;
  setLogFilter(filter: Partial<{ level: StoreState['logs']['level']; text: string }>): void;
  openBatch(id: string): Promise<void>;
  closeBatch(): void;
  startBackfill(amount: number, unit: 'hours' | 'days'): Promise<void>;
  sparkUp(backend?: 'docker' | 'local'): Promise<void>;
  sparkDown(): Promise<void>;
  runJob(job: 'bronze' | 'silver' | 'gold'): Promise<void>;
  cancelBackfill(): Promise<void>;
  setTheme(theme: Theme): void;
  setClassroom(on: boolean): void;
  announce(text: string): void;
}

/**
 * Merges a page of entries (newest first) into the list without repeating any: a newer page
 * keeps only what is newer than the newest entry held, an older page only what is older than
 * the oldest. Costs O(page) to check, not O(list), which matters with 100,000 entries held.
 */
export function mergeLogs(
  current: LogEntry[],
  incoming: LogEntry[],
  where: 'newer' | 'older',
): LogEntry[] {
  const edge = where === 'newer' ? current[0]?.cursor : current[current.length - 1]?.cursor;
  const fresh =
    edge === undefined
      ? incoming
      : incoming.filter((e) => {
          const order = compareCursorText(e.cursor, edge);
          return where === 'newer' ? order > 0 : order < 0;
        });
  if (fresh.length === 0) return current;
  const merged = where === 'newer' ? [...fresh, ...current] : [...current, ...fresh];
  return merged.length > MAX_LOG_ENTRIES ? merged.slice(0, MAX_LOG_ENTRIES) : merged;
}

const statusWords: Record<string, string> = {
  running: 'Generator running',
  paused: 'Generator paused',
  error: 'Generator error',
};

function readUi(): { theme: Theme; classroom: boolean } {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem('spark-experiments-ui') ?? '{}');
    return {
      theme: ['light', 'dark', 'system'].includes(saved.theme) ? saved.theme : 'system',
      classroom: saved.classroom === true,
    };
  } catch {
    return { theme: 'system', classroom: false };
  }
}

export function createStore(api: Api = createApi(), streamUrl = '/api/stream') {
  return create<StoreState>()((set, get) => {
    const saveUi = () => {
      const { theme, classroom } = get().ui;
      globalThis.localStorage?.setItem(
        'spark-experiments-ui',
        JSON.stringify({ theme, classroom }),
      );
    };
    const actionFailed = (err: unknown) => {
      const message = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
      set((s) => ({ ui: { ...s.ui, actionError: message, busy: false, announcement: message } }));
    };
    const setHealth = (health: Health) => {
      const before = get().health?.status;
      set({ health, backfill: health.backfill ?? get().backfill });
      if (before && before !== health.status)
        get().announce(statusWords[health.status] ?? health.status);
    };
    const withBusy = async (work: () => Promise<void>) => {
      set((s) => ({ ui: { ...s.ui, busy: true, actionError: null } }));
      try {
        await work();
        set((s) => ({ ui: { ...s.ui, busy: false } }));
      } catch (err) {
        actionFailed(err);
      }
    };

    return {
      connection: { state: 'connecting', attempt: 0 },
      health: null,
      batches: [],
      selectedBatch: null,
      logs: {
        entries: [],
        nextBefore: null,
        hasOlder: true,
        loadingOlder: false,
        level: 'debug',
        text: '',
      },
      presets: { list: [], invalid: [], selected: '', applying: false, error: null, notice: null },
      backfill: null,
      spark: null,
      ui: { ...readUi(), announcement: '', actionError: null, busy: false },

      start() {
        void get().refresh();
        // Log lines arrive in bursts (a catch-up commits many batches): merge them in one update.
        let pendingLogs: LogEntry[] = [];
        let flush: ReturnType<typeof setTimeout> | undefined;
        const stream = connectStream({
          url: streamUrl,
          events: ['health', 'batch', 'log', 'backfill', 'spark'],
          onEvent: (type, data) => {
            if (type !== 'log') return get().handleEvent(type, data);
            pendingLogs.push(data as LogEntry);
            flush ??= setTimeout(() => {
              const batch = pendingLogs.reverse();
              pendingLogs = [];
              flush = undefined;
              set((s) => ({
                logs: { ...s.logs, entries: mergeLogs(s.logs.entries, batch, 'newer') },
              }));
            }, 100);
          },
          onState: (state, attempt) => {
            const before = get().connection.state;
            set({ connection: { state, attempt } });
            if (before === 'connected' && state !== 'connected')
              get().announce('Connection to the generator lost; reconnecting');
          },
          onReconnected: () => {
            get().announce('Reconnected to the generator');
            void get().refresh();
          },
        });
        return () => {
          clearTimeout(flush);
          stream.close();
        };
      },

      async refresh() {
        const [health, batches, logs, presets, spark] = await Promise.allSettled([
          api.health(),
          api.batches(MAX_BATCHES),
          api.logs({ limit: 200 }),
          api.presets(),
          api.spark(),
        ]);
        if (health.status === 'fulfilled') setHealth(health.value);
        if (spark.status === 'fulfilled') set({ spark: spark.value });
        if (batches.status === 'fulfilled') set({ batches: batches.value.batches });
        if (logs.status === 'fulfilled') {
          set((s) => ({
            logs: {
              ...s.logs,
              entries: mergeLogs(s.logs.entries, logs.value.entries, 'newer'),
              nextBefore: s.logs.nextBefore ?? logs.value.nextBefore,
              hasOlder: s.logs.nextBefore !== null || logs.value.entries.length > 0,
            },
          }));
        }
        if (presets.status === 'fulfilled') {
          set((s) => ({
            presets: {
              ...s.presets,
              list: presets.value.presets,
              invalid: presets.value.invalid,
              selected: s.presets.selected || presets.value.active,
            },
          }));
        }
      },

      handleEvent(type, data) {
        if (type === 'health') setHealth(data as Health);
        else if (type === 'batch') {
          const meta = data as BatchMeta;
          set((s) => ({
            batches: [meta, ...s.batches.filter((b) => b.batch_id !== meta.batch_id)].slice(
              0,
              MAX_BATCHES,
            ),
          }));
        } else if (type === 'log') {
          set((s) => ({
            logs: { ...s.logs, entries: mergeLogs(s.logs.entries, [data as LogEntry], 'newer') },
          }));
        } else if (type === 'backfill') {
          set({ backfill: data as BackfillStatus });
        } else if (type === 'spark') {
          set({ spark: data as SparkStatus });
        }
      },

      pause: () =>
        withBusy(async () => {
          await api.pause();
          setHealth(await api.health());
        }),
      resume: () =>
        withBusy(async () => {
          const result = await api.resume();
          if ((result.extra.baseline_actions ?? []).length > 0)
            get().announce(`Baseline regenerated: ${result.extra.baseline_actions?.join(', ')}`);
          setHealth(await api.health());
          const batches = await api.batches(MAX_BATCHES);
          set({ batches: batches.batches });
        }),
      clean: () =>
        withBusy(async () => {
          const result = await api.clean();
          set({ batches: [], selectedBatch: null });
          get().announce(`Deleted ${result.deleted_count} items`);
          setHealth(await api.health());
        }),

      selectPreset(name) {
        set((s) => ({ presets: { ...s.presets, selected: name, error: null, notice: null } }));
      },

      async applyPreset() {
        const name = get().presets.selected;
        set((s) => ({ presets: { ...s.presets, applying: true, error: null, notice: null } }));
        try {
          const result = await api.applyPreset(name);
          const notice = result.effective_at
            ? `${name} takes effect at ${new Date(result.effective_at).toLocaleTimeString()}`
            : result.message;
          set((s) => ({ presets: { ...s.presets, applying: false, notice } }));
          get().announce(notice);
        } catch (err) {
          const error =
            err instanceof ApiError
              ? { message: err.message, issues: err.issues }
              : { message: String(err), issues: [] };
          set((s) => ({ presets: { ...s.presets, applying: false, error } }));
          get().announce(`Preset not applied: ${error.message}`);
        }
      },

      async loadOlderLogs() {
        const { logs } = get();
        if (logs.loadingOlder || !logs.hasOlder) return;
        const oldest = logs.entries[logs.entries.length - 1]?.cursor ?? logs.nextBefore;
        set((s) => ({ logs: { ...s.logs, loadingOlder: true } }));
        try {
          const page = await api.logs(
            oldest ? { limit: OLDER_PAGE, before: oldest } : { limit: OLDER_PAGE },
          );
          set((s) => ({
            logs: {
              ...s.logs,
              entries: mergeLogs(s.logs.entries, page.entries, 'older'),
              nextBefore: page.nextBefore ?? s.logs.nextBefore,
              hasOlder: page.entries.length === OLDER_PAGE,
              loadingOlder: false,
            },
          }));
        } catch (err) {
          set((s) => ({ logs: { ...s.logs, loadingOlder: false } }));
          actionFailed(err);
        }
      },

      setLogFilter(filter) {
        set((s) => ({ logs: { ...s.logs, ...filter } }));
      },

      async openBatch(id) {
        try {
          set({ selectedBatch: await api.batch(id) });
        } catch (err) {
          actionFailed(err);
        }
      },
      closeBatch: () => set({ selectedBatch: null }),

      startBackfill: (amount, unit) =>
        withBusy(async () => {
          const from = new Date(
            Date.now() - amount * (unit === 'days' ? 86_400_000 : 3_600_000),
          ).toISOString();
          set({ backfill: await api.backfill(from) });
        }),
      sparkUp: (backend) =>
        withBusy(async () => {
          await api.sparkUp(backend);
          set({ spark: await api.spark() });
        }),
      sparkDown: () =>
        withBusy(async () => {
          await api.sparkDown();
          set({ spark: await api.spark() });
        }),
      runJob: (job) =>
        withBusy(async () => {
          await api.sparkJob(job);
          set({ spark: await api.spark() });
        }),
      cancelBackfill: () =>
        withBusy(async () => {
          const r = await api.cancelBackfill();
          set({ backfill: r.backfill });
        }),

      setTheme(theme) {
        set((s) => ({ ui: { ...s.ui, theme } }));
        saveUi();
      },
      setClassroom(on) {
        set((s) => ({ ui: { ...s.ui, classroom: on } }));
        saveUi();
      },
      announce(text) {
        set((s) => ({ ui: { ...s.ui, announcement: text } }));
      },
    };
  });
}

export type AppStore = ReturnType<typeof createStore>;
