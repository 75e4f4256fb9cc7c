// The live connection: everything is fetched on start and again after a reconnect, then the
// SSE stream keeps it current. Its event handler is the only writer of live data.
import type { StreamEvent } from '../../../shared/contract/stream-events.ts';
import type { Api } from '../api/client.ts';
import { type ConnectionState, connectStream } from '../api/stream.ts';
import { addBatch, MAX_BATCHES } from './batches-slice.ts';
import { receiveHealth } from './health-slice.ts';
import { collectLogBursts } from './live-logs.ts';
import { mergeLogs, withNewestPage } from './logs-slice.ts';
import { withPresetList } from './presets-slice.ts';
import type { Slice } from './slice.ts';

const FIRST_LOG_PAGE = 200;

export interface ConnectionSlice {
  connection: { state: ConnectionState; attempt: number };
  /** Fetches everything, follows the stream; returns the function that stops following. */
  start(): () => void;
  refresh(): Promise<void>;
  handleEvent(event: StreamEvent): void;
}

export const createConnectionSlice =
  (api: Api, streamUrl: string): Slice<ConnectionSlice> =>
  (set, get) => {
    const liveLogs = collectLogBursts((burst) =>
      set((s) => ({ logs: { ...s.logs, entries: mergeLogs(s.logs.entries, burst, 'newer') } })),
    );
    return {
      connection: { state: 'connecting', attempt: 0 },

      start() {
        void get().refresh();
        const stream = connectStream({
          url: streamUrl,
          onEvent: (event) => get().handleEvent(event),
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
          liveLogs.cancel();
          stream.close();
        };
      },

      async refresh() {
        // A Clean while these requests are out makes their health and batches stale.
        const cleaned = get().cleaned;
        const [health, batches, logs, presets, spark] = await Promise.allSettled([
          api.health(),
          api.batches(MAX_BATCHES),
          api.logs({ limit: FIRST_LOG_PAGE }),
          api.presets(),
          api.spark(),
        ]);
        const current = get().cleaned === cleaned;
        if (health.status === 'fulfilled' && current) receiveHealth(set, get, health.value);
        if (spark.status === 'fulfilled') set({ spark: spark.value });
        if (batches.status === 'fulfilled' && current) set({ batches: batches.value.batches });
        if (logs.status === 'fulfilled') set((s) => ({ logs: withNewestPage(s.logs, logs.value) }));
        if (presets.status === 'fulfilled')
          set((s) => ({ presets: withPresetList(s.presets, presets.value) }));
      },

      handleEvent(event) {
        if (event.type === 'health') receiveHealth(set, get, event.data);
        else if (event.type === 'batch') set((s) => ({ batches: addBatch(s.batches, event.data) }));
        else if (event.type === 'log') liveLogs.push(event.data);
        else if (event.type === 'backfill') set({ backfill: event.data });
        else if (event.type === 'spark') set({ spark: event.data });
        else if (event.type === 'pipeline') set({ pipeline: event.data, pipelineError: null });
      },
    };
  };
