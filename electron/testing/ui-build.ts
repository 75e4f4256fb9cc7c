// The dashboard built by Vite into a folder of its own: as `npm run build:ui` builds it, or
// with the bench's hook (VITE_BENCH_HOOKS=1) that lets bench/ui.bench.ts reach the store.
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');

export async function buildUi(outDir: string, benchHooks: boolean): Promise<void> {
  const before = process.env.VITE_BENCH_HOOKS;
  // Vite reads VITE_* from the environment when it loads the config.
  if (benchHooks) process.env.VITE_BENCH_HOOKS = '1';
  else delete process.env.VITE_BENCH_HOOKS;
  try {
    await build({
      configFile: join(ROOT, 'renderer', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (before === undefined) delete process.env.VITE_BENCH_HOOKS;
    else process.env.VITE_BENCH_HOOKS = before;
  }
}
