// Bundles the desktop app for Electron: main (ESM), preload (CommonJS, as sandboxed preloads
// must be) and the generation worker, into dist-electron/.
import { build } from 'esbuild';

const root = new URL('../../', import.meta.url).pathname;

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
      entryPoints: [`${root}electron/app/main.ts`],
      outfile: `${root}dist-electron/main.mjs`,
      format: 'esm',
    }),
    build({
      ...common,
      entryPoints: [`${root}electron/app/preload.ts`],
      outfile: `${root}dist-electron/preload.cjs`,
      format: 'cjs',
    }),
    // The worker pool loads ./batch-worker.mjs next to the bundle (ESM wherever it lies).
    build({
      ...common,
      entryPoints: [`${root}electron/service/production/pool/batch-worker.ts`],
      outfile: `${root}dist-electron/batch-worker.mjs`,
      format: 'esm',
    }),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildApp();
  console.log('built dist-electron/ (main.mjs, preload.cjs, batch-worker.mjs)');
}
