// One zustand store made of slices, one module per concern (zustand's slices pattern).
// Components read it with narrow selectors (context.ts); the SSE handler in
// connection-slice.ts is the only writer of live data; actions go through the typed API client.
import { create } from 'zustand';
import { type Api, createApi } from '../api/client.ts';
import { type BackfillSlice, createBackfillSlice } from './backfill-slice.ts';
import { type BatchesSlice, createBatchesSlice } from './batches-slice.ts';
import { type ClassResultsSlice, createClassResultsSlice } from './class-results-slice.ts';
import { type ConnectionSlice, createConnectionSlice } from './connection-slice.ts';
import { createDoctorSlice, type DoctorSlice } from './doctor-slice.ts';
import { createExercisesSlice, type ExercisesSlice } from './exercises-slice.ts';
import { createHealthSlice, type HealthSlice } from './health-slice.ts';
import { createLogsSlice, type LogsSlice } from './logs-slice.ts';
import { createPipelineSlice, type PipelineSlice } from './pipeline-slice.ts';
import { createPresetsSlice, type PresetsSlice } from './presets-slice.ts';
import { createSparkSlice, type SparkSlice } from './spark-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export { MAX_LOG_ENTRIES, mergeLogs } from './logs-slice.ts';
export type { Theme } from './ui-slice.ts';

export type StoreState = ConnectionSlice &
  HealthSlice &
  BatchesSlice &
  LogsSlice &
  PresetsSlice &
  BackfillSlice &
  SparkSlice &
  ExercisesSlice &
  PipelineSlice &
  DoctorSlice &
  ClassResultsSlice &
  UiSlice;

export function createStore(api: Api = createApi(), streamUrl = '/api/stream') {
  return create<StoreState>()((...args) => ({
    ...createConnectionSlice(api, streamUrl)(...args),
    ...createHealthSlice(api)(...args),
    ...createBatchesSlice(api)(...args),
    ...createLogsSlice(api)(...args),
    ...createPresetsSlice(api)(...args),
    ...createBackfillSlice(api)(...args),
    ...createSparkSlice(api)(...args),
    ...createExercisesSlice(api)(...args),
    ...createPipelineSlice(api)(...args),
    ...createDoctorSlice(api)(...args),
    ...createClassResultsSlice(api)(...args),
    ...createUiSlice(...args),
  }));
}

export type AppStore = ReturnType<typeof createStore>;
