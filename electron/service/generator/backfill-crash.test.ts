// A backfill survives kills: the real `serve`, SIGKILLed again and again while it backfills,
// goes on where it stopped at each restart (no catch-up limit, nothing skipped), and the data
// it ends with is byte for byte what `generate` makes over the same range.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backfillStatusSchema, healthSchema } from '../../../shared/api.ts';
import { parsed } from '../../testing/api-checks.ts';
import { rawDigest, runCli } from '../../testing/cli.ts';
import { committedBatchIds } from '../../testing/data-dir.ts';
import { type Served, serve, sleep, waitFor } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-backfill-crash-'));
const running: Served[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});

const driverBatches = committedBatchIds;

async function started(dir: string): Promise<Served> {
  // The same command every time, --paused included, as a user would restart it.
  const s = await serve(['--paused', '--preset', 'emulated-5s', '--data-dir', dir]);
  running.push(s);
  return s;
}

describe('a backfill killed again and again', () => {
  it('resumes after every SIGKILL and ends equal to generate over the same range', async () => {
    const dir = join(scratch, 'served');
    const from = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000);
    let s = await started(dir);
    const accepted = await s.call('/api/backfill', {
      method: 'POST',
      json: { from: from.toISOString() },
    });
    expect(accepted.status).toBe(202);
    const counts: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      // Let it write part of the range, then kill it in the middle of its work.
      await waitFor(
        'more batches',
        () => (driverBatches(dir).length > (counts.at(-1) ?? 0) + 50 ? true : undefined),
        30_000,
      );
      await sleep(50 + 100 * kill);
      await s.stop('SIGKILL');
      counts.push(driverBatches(dir).length);
      s = await started(dir);
      // The restart goes on with the backfill, as /api/backfill and the log say.
      const status = parsed(
        backfillStatusSchema.nullable(),
        (await s.call('/api/backfill')).body.backfill,
      );
      if (status?.running === false) break; // it finished right at the restart
      expect(status?.running).toBe(true);
      expect(status?.from).toBe(from.toISOString().replace('.000', ''));
    }
    expect(counts.length).toBeGreaterThan(0);
    const done = await waitFor(
      'the backfill to finish',
      async () => {
        const b = (await s.call('/api/backfill')).body.backfill;
        return b && !b.running ? b : undefined;
      },
      120_000,
    );
    expect(done.error).toBeNull();
    expect(done.cancelled).toBe(false);
    await s.call('/api/pause', { method: 'POST' });
    const health = parsed(healthSchema, (await s.call('/api/health')).body);
    const messages = (await s.call('/api/logs?limit=1000&level=warn')).body.entries.map(
      (e: { message: string }) => e.message,
    );
    expect(messages).toContain('resuming a backfill that an earlier run did not finish');
    expect(messages).not.toContain(
      'skipped intervals missed while the generator was not running (beyond catch_up_limit)',
    );
    await s.stop('SIGTERM');
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.epochs).toHaveLength(1);
    expect(state.epochs[0].skipped).toEqual([]);
    expect(state.backfill ?? null).toBeNull();

    // Every interval from `from` to the last batch, once, equal to generate's.
    const ids = driverBatches(dir);
    const last = ids.at(-1) as string;
    const lastStart = Date.parse(
      `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}T${last.slice(9, 11)}:${last.slice(11, 13)}:${last.slice(13, 15)}Z`,
    );
    expect(ids.length).toBe((lastStart - from.getTime()) / 5_000 + 1);
    const generated = join(scratch, 'generated');
    const result = await runCli([
      'generate',
      '--preset',
      'emulated-5s',
      '--seed',
      String(health.seed),
      '--from',
      from.toISOString(),
      '--to',
      new Date(lastStart + 5_000).toISOString(),
      '--data-dir',
      generated,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(rawDigest(dir)).toEqual(rawDigest(generated));
  }, 300_000);
});
