// Bundles the headless service (`cli.ts` and the generation worker) into dist-server/, so it
// runs on plain Node with no TypeScript loader and no node_modules: the generator image of
// the Docker stack ships just these two files, the dashboard and the presets.
import { build } from 'esbuild';

const root = new URL('../', import.meta.url).pathname;

export async function buildServer(outDir = `${root}dist-server`): Promise<void> {
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
  await Promise.all([
    build({ ...common, entryPoints: [`${root}electron/cli.ts`], outfile: `${outDir}/cli.mjs` }),
    // The worker pool loads ./batch-worker.mjs next to the bundle.
    build({
      ...common,
      entryPoints: [`${root}electron/service/pool/batch-worker.ts`],
      outfile: `${outDir}/batch-worker.mjs`,
    }),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer(process.argv[2]);
  console.log('built dist-server/ (cli.mjs, batch-worker.mjs)');
}
