// The live connection: everything is fetched on start and again after a reconnect, then the
// SSE stream keeps it current. Its event handler is the only writer of live data.
import type { StreamEvent } from '../../../shared/contract/stream-events.ts';
import type { Api } from '../api/client.ts';
import { type ConnectionState, connectStream } from '../api/stream.ts';
import { addBatch, MAX_BATCHES } from './batches-slice.ts';
import { receiveHealth } from './health-slice.ts';
import { collectLogBursts } from './live-logs.ts';
import { createLogCatchUp } from './log-catch-up.ts';
import { withPresetList } from './presets-slice.ts';
import type { Slice } from './slice.ts';

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
    const logs = createLogCatchUp(
      api,
      () => get().logs,
      (fn) => set((s) => ({ logs: fn(s.logs) })),
    );
    const liveLogs = collectLogBursts((burst) => logs.live(burst));
    let everConnected = false;
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
            if (state === 'connected') {
              logs.connected();
              // What was logged between the first page and the stream's opening. A failure
              // leaves `through` as it was, and the next reconnect pages on from there.
              if (!everConnected) void logs.run().catch(() => undefined);
              everConnected = true;
            } else logs.disconnected();
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
        // A Clean while these requests are out makes their health and batches stale. Each
        // answer is shown when it comes: a slow one (the Spark status asks Docker) must not
        // hold back the others, nor bring back a health older than the stream's.
        const cleaned = get().cleaned;
        const current = () => get().cleaned === cleaned;
        const ignore = () => undefined;
        await Promise.all([
          api.health().then((health) => {
            if (current()) receiveHealth(set, get, health);
          }, ignore),
          api.batches(MAX_BATCHES).then((batches) => {
            if (current()) set({ batches: batches.batches });
          }, ignore),
          logs.run().catch(ignore),
          api.presets().then((presets) => {
            set((s) => ({ presets: withPresetList(s.presets, presets) }));
          }, ignore),
          api.spark().then((spark) => set({ spark }), ignore),
          // Events missed while disconnected: the grid and the reports as they are now.
          get().loadClassResults(),
          get().loadReporting(),
        ]);
      },

      handleEvent(event) {
        if (event.type === 'health') receiveHealth(set, get, event.data);
        else if (event.type === 'batch') set((s) => ({ batches: addBatch(s.batches, event.data) }));
        else if (event.type === 'log') liveLogs.push(event.data);
        else if (event.type === 'backfill') set({ backfill: event.data });
        else if (event.type === 'spark') set({ spark: event.data });
        else if (event.type === 'pipeline') set({ pipeline: event.data, pipelineError: null });
        else if (event.type === 'class_results') get().receiveClassResults(event.data);
        else if (event.type === 'class_reporting') set({ reporting: event.data });
      },
    };
  };
