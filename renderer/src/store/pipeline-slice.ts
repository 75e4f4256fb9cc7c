// The streaming pipeline's view (GET /api/pipeline), read again while the Pipeline panel shows.
import type { PipelineView } from '../../../shared/pipeline.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';

export interface PipelineSlice {
  pipeline: PipelineView | null;
  pipelineError: string | null;
  loadPipeline(): Promise<void>;
}

export const createPipelineSlice =
  (api: Api): Slice<PipelineSlice> =>
  (set) => ({
    pipeline: null,
    pipelineError: null,
    loadPipeline: async () => {
      try {
        set({ pipeline: await api.pipeline(), pipelineError: null });
      } catch (err) {
        set({ pipelineError: (err as Error).message });
      }
    },
  });
