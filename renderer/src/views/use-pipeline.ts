// The pipeline's view for the views that show it outside the Pipeline panel (Overview's
// glance, the projector): read at once and every 10 s, as the panel does; the stream's
// `pipeline` events keep it current meanwhile.
import { useEffect } from 'react';
import { useApp } from '../store/context.ts';

const REFRESH_MS = 10_000;

export function usePipeline() {
  const load = useApp((s) => s.loadPipeline);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  return useApp((s) => s.pipeline);
}
