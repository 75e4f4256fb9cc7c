// The UI as `npm run build:ui` builds it ships no test hooks: the bench's window handle on the
// store is only in a build made with VITE_BENCH_HOOKS=1 (bench/ui.bench.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildUi } from '../testing/ui-build.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-ui-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const scripts = (dir: string) =>
  readdirSync(join(dir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dir, 'assets', name), 'utf8'))
    .join('\n');

describe('the production UI build', () => {
  it('puts the store on window only in the bench build', async () => {
    const production = join(scratch, 'production');
    const bench = join(scratch, 'bench');
    await buildUi(production, false);
    await buildUi(bench, true);
    expect(scripts(bench)).toContain('__sparkExperimentsStore');
    expect(scripts(production)).not.toContain('__sparkExperimentsStore');
  }, 120_000);
});
