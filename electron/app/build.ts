// Bundles the desktop app for Electron: main (ESM), preload (CommonJS, as sandboxed preloads
// must be) and the generation worker, into dist-electron/.
import { join } from 'node:path';
import { build } from 'esbuild';
import { isEntryPoint, pathFrom } from '../entry-point.ts';

const root = pathFrom(import.meta.url, '../..');

export async function buildApp(): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    sourcemap: true,
    external: ['electron'],
    logLevel: 'warning' as const,
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'app', 'main.ts')],
      outfile: join(root, 'dist-electron', 'main.mjs'),
      format: 'esm',
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'app', 'preload.ts')],
      outfile: join(root, 'dist-electron', 'preload.cjs'),
      format: 'cjs',
    }),
    // The worker pool loads ./batch-worker.mjs next to the bundle (ESM wherever it lies).
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'service', 'production', 'pool', 'batch-worker.ts')],
      outfile: join(root, 'dist-electron', 'batch-worker.mjs'),
      format: 'esm',
    }),
  ]);
}

if (isEntryPoint(import.meta.url)) {
  await buildApp();
  console.log('built dist-electron/ (main.mjs, preload.cjs, batch-worker.mjs)');
}
