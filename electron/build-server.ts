// Bundles the headless service (`cli/main.ts` and the generation worker) into dist-server/, so it
// runs on plain Node with no TypeScript loader and no node_modules: the generator image of
// the Docker stack ships just these two files, the dashboard and the presets.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { isEntryPoint, pathFrom } from './entry-point.ts';

const root = pathFrom(import.meta.url, '..');

export async function buildServer(outDir = join(root, 'dist-server')): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    format: 'esm' as const,
    sourcemap: true,
    logLevel: 'warning' as const,
    // Bundled CommonJS dependencies (js-yaml) may call require() for Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  };
  // Built aside, then renamed in: a `serve` starting meanwhile never loads half a file.
  // cli.mjs comes last, as `npm run serve` takes its time as the bundle's.
  const aside = join(outDir, `.build-${process.pid}`);
  mkdirSync(aside, { recursive: true });
  try {
    await Promise.all([
      build({
        ...common,
        entryPoints: [join(root, 'electron', 'cli', 'main.ts')],
        outfile: join(aside, 'cli.mjs'),
      }),
      // The worker pool loads ./batch-worker.mjs next to the bundle.
      build({
        ...common,
        entryPoints: [join(root, 'electron', 'service', 'production', 'pool', 'batch-worker.ts')],
        outfile: join(aside, 'batch-worker.mjs'),
      }),
    ]);
    const names = readdirSync(aside).sort(
      (a, b) => Number(a === 'cli.mjs') - Number(b === 'cli.mjs'),
    );
    for (const name of names) renameSync(join(aside, name), join(outDir, name));
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  await buildServer(process.argv[2]);
  console.log('built dist-server/ (cli.mjs, batch-worker.mjs)');
}
