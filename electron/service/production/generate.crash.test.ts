// Crash safety: `generate` killed with SIGKILL at random moments never leaves a visible
// partial batch or a torn companies.jsonl line, and running the same range again completes
// the dataset byte for byte.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stream } from '../../engine/random.ts';
import { finished, rawDigest, runCli, startCli } from '../../testing/cli.ts';
import { committedBatchIds } from '../../testing/data-dir.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-crash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Big enough that a run lasts a couple of seconds (startup included), with company appends
// every 30 minutes and defects, so kills land in every phase.
const CONFIG = `name: crash-test
seed: 9
number_of_companies: 60
drivers_per_company: 8
event_rate_per_driver: 3.5
company_onboarding_interval: PT30M
companies_per_onboarding: 4
quality_injection:
  enabled: true
  error_rate: 0.2
`;
const configFile = join(scratch, 'crash.yaml');
const RANGE = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-03T00:00:00Z'];
// Each trial is a generate run killed at a random moment, then the same range again (about
// 12 s each); CRASH_TRIALS raises it for a longer soak.
const TRIALS = Number(process.env.CRASH_TRIALS ?? 10);

function generateArgs(dir: string): string[] {
  return ['generate', '--config', configFile, '--data-dir', dir, ...RANGE];
}

/** What a reader may see after a crash: complete batches only, whole company lines only. */
function visibleProblems(dir: string): string[] {
  const problems: string[] = [];
  const events = join(dir, 'raw', 'events');
  for (const name of existsSync(events) ? readdirSync(events) : []) {
    if (name.startsWith('.')) continue; // temp folders are invisible to Spark and removed at start-up
    const folder = join(events, name);
    const files = readdirSync(folder);
    if (!files.includes('batch_meta.json') || !files.includes('events.jsonl')) {
      problems.push(`${name}: incomplete folder (${files.join(', ')})`);
      continue;
    }
    const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
    const text = readFileSync(join(folder, 'events.jsonl'), 'utf8');
    const lines = text.length === 0 ? 0 : text.split('\n').length - 1;
    if (!text.endsWith('\n') || lines !== meta.record_count)
      problems.push(`${name}: ${lines} lines, meta says ${meta.record_count}`);
    const quality = files.includes('_quality.jsonl')
      ? readFileSync(join(folder, '_quality.jsonl'), 'utf8').split('\n').length - 1
      : 0;
    if (quality !== meta.corrupted_count)
      problems.push(`${name}: ${quality} quality lines, meta says ${meta.corrupted_count}`);
  }
  const companies = join(dir, 'raw', 'companies.jsonl');
  if (existsSync(companies)) {
    const text = readFileSync(companies, 'utf8');
    if (text.length > 0 && !text.endsWith('\n'))
      problems.push('companies.jsonl ends in a torn line');
    for (const line of text.split('\n').slice(0, -1)) {
      try {
        JSON.parse(line);
      } catch {
        problems.push(`companies.jsonl has a torn line: ${line.slice(0, 60)}`);
      }
    }
  }
  const state = join(dir, 'manifests', 'generator_state.json');
  if (existsSync(state)) {
    try {
      JSON.parse(readFileSync(state, 'utf8'));
    } catch {
      problems.push('generator_state.json is torn');
    }
  }
  return problems;
}

describe('generate killed with SIGKILL', () => {
  let reference: Map<string, string>;
  let referenceSeconds = 0;

  beforeAll(async () => {
    writeFileSync(configFile, CONFIG);
    const dir = join(scratch, 'reference');
    const started = performance.now();
    const result = await runCli(generateArgs(dir));
    referenceSeconds = (performance.now() - started) / 1000;
    expect(result.code).toBe(0);
    reference = rawDigest(dir);
    expect([...reference.keys()].filter((k) => k.endsWith('events.jsonl')).length).toBe(192);
  });

  it(`never shows a partial batch and completes identically on re-run (${TRIALS} trials)`, async () => {
    // Kill moments spread over the whole run, from start-up to the last commits; seeded so a
    // failure can be replayed.
    const rng = stream(2024, 1, 0, 0);
    let killedMidway = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = join(scratch, `trial-${trial}`);
      // A kill moment by progress, not by the clock (a busy machine stretches a run): after a
      // random number of committed batches (0: during start-up), plus a few milliseconds.
      const afterBatches = rng.below(192);
      const extraMs =
        afterBatches === 0 ? rng.below(Math.round(referenceSeconds * 300)) : rng.below(20);
      const child = startCli(generateArgs(dir));
      const done = finished(child);
      while (child.exitCode === null && committedBatchIds(dir).length < afterBatches)
        await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setTimeout(resolve, extraMs));
      child.kill('SIGKILL');
      const killed = await done;
      if (killed.signal === 'SIGKILL') killedMidway++;

      const when = `trial ${trial} killed after ${afterBatches} batches + ${extraMs} ms`;
      expect(visibleProblems(dir), when).toEqual([]);

      const rerun = await runCli(generateArgs(dir));
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(readdirSync(join(dir, 'raw', 'events')).filter((n) => n.startsWith('.'))).toEqual([]);
      expect(rawDigest(dir), when).toEqual(reference);
      rmSync(dir, { recursive: true, force: true });
    }
    // Most kills must land while the run was still working, or the test proves little.
    expect(killedMidway).toBeGreaterThanOrEqual(TRIALS * 0.75);
  }, 600_000);
});
