// The desktop build bundles the service and its worker; this checks the bundled worker and
// service generate the same bytes as the sources, under plain Node (no Electron binary needed).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, rawDigest, runCli } from '../testing/cli.ts';
import { REPO_ROOT } from '../testing/presets.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bundled service', () => {
  it('runs its worker threads from the bundle and writes the same bytes as the sources', async () => {
    // Outside the repo: the bundle must not depend on the repo's package.json.
    const out = join(scratch, 'bundle');
    const common = {
      bundle: true,
      platform: 'node' as const,
      target: 'node20',
      format: 'esm' as const,
      logLevel: 'silent' as const,
    };
    // Same layout as electron/app/build.ts: the worker next to the bundle that starts it.
    await build({
      ...common,
      entryPoints: [join(REPO_ROOT, 'electron/cli/main.ts')],
      outfile: join(out, 'cli.mjs'),
    });
    // The pool loads ./batch-worker.mjs beside the bundle, as in dist-electron/.
    await build({
      ...common,
      entryPoints: [join(REPO_ROOT, 'electron/service/production/pool/batch-worker.ts')],
      outfile: join(out, 'batch-worker.mjs'),
    });
    // The app passes its presets folder explicitly; here the preset file is given directly.
    // Two `scaling` batches (about 210,000 events) are more than runs inline: the bundle must
    // start its worker threads from the file beside it.
    const range = [
      '--config',
      join(REPO_ROOT, 'presets', 'scaling.yaml'),
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T00:30:00Z',
    ];
    const bundledDir = join(scratch, 'bundled');
    const child = spawn(
      process.execPath,
      [join(out, 'cli.mjs'), 'generate', '--data-dir', bundledDir, '--workers', '2', ...range],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    const bundled = await finished(child);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(bundled.stdout).toMatch(/generated 2 driver batches/);
    const sourceDir = join(scratch, 'source');
    const source = await runCli(['generate', '--data-dir', sourceDir, ...range]);
    expect(source.code).toBe(0);
    expect(rawDigest(bundledDir)).toEqual(rawDigest(sourceDir));
  });
});
