// A full disk, for real: the commands run on a small tmpfs mounted in a private mount
// namespace (`unshare -m`, which needs root or user namespaces; CI runs as root). `generate`
// stops with one disk_full line and exit code 3 and leaves no temp folder; the rerun cleans
// an earlier run's leftovers before it checks for room; `serve` reports disk_full in health,
// keeps no temp folder, backs off, loses no log entry, and recovers by itself.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthSchema, logPageSchema } from '../../../shared/api.ts';
import { parsed } from '../../testing/api-checks.ts';
import { CLI_FROM_SOURCES } from '../../testing/cli.ts';
import { waitFor } from '../../testing/serve.ts';
import { MOUNT_NAMESPACE, onSmallDisk, shellQuote } from '../../testing/small-disk.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-disk-full-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

const canMount = MOUNT_NAMESPACE !== undefined;
if (!canMount) console.log('NOT RUN: disk-full tests need `unshare -m` (root or user namespaces)');
const cli = CLI_FROM_SOURCES;

/** Runs a shell script with `$MNT` a fresh tmpfs of `kb` KB, seen only by the script. */
function runOnSmallDisk(kb: number, script: string) {
  const mnt = join(scratch, `mnt-${Math.random().toString(16).slice(2)}`);
  mkdirSync(mnt);
  const [command, args] = onSmallDisk(kb, script);
  return spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, MNT: mnt },
    timeout: 120_000,
  });
}

describe.runIf(canMount)('a full disk', () => {
  it('stops generate with one disk_full line and exit 3, leaves no temp folder, and the rerun cleans leftovers first', () => {
    const generate = (preset: string, to: string) =>
      `${shellQuote(cli)} generate --preset ${preset} --from 2024-01-01T00:00:00Z --to ${to} --data-dir "$MNT/data"`;
    const r = runOnSmallDisk(
      4096,
      [
        // About 25 MB of events in one batch, on a 4 MB disk.
        `${generate('scaling', '2024-01-01T00:15:00Z')} 2>"$MNT/err"; echo "rc=$?"; cat "$MNT/err"`,
        'echo "leftovers=$(ls -A "$MNT/data/raw/events" | grep -c "^\\.tmp-")"',
        // An earlier run's leftover holding all the space, then a small run.
        'mkdir "$MNT/data/raw/events/.tmp-20240101T001500Z-dead"',
        'dd if=/dev/zero of="$MNT/data/raw/events/.tmp-20240101T001500Z-dead/events.jsonl" bs=64k 2>/dev/null; true',
        `${generate('small', '2024-01-01T01:00:00Z')} >/dev/null 2>"$MNT/err2"; echo "rerun=$?"; cat "$MNT/err2"`,
        'echo "batches=$(ls "$MNT/data/raw/events" | grep -vc "^\\.")"',
      ].join('; '),
    );
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^rc=3$/m);
    const errorLines = out.split('\n').filter((l) => l.startsWith('error: '));
    expect(errorLines[0]).toMatch(
      /^error: disk_full: the disk holding .*\/data is full \([\d,]+ KB free\): free some space there; nothing half-written was kept, then run the same command again$/,
    );
    expect(out).not.toMatch(/^\s+at /m); // no stack trace
    expect(out).toMatch(/^leftovers=0$/m);
    expect(out).toMatch(/^rerun=0$/m);
    expect(out).toMatch(/^batches=4$/m);
  });

  it('keeps serve up, reports disk_full, loses no log entry, and recovers by itself when space returns', async () => {
    const mnt = join(scratch, 'serve-mnt');
    mkdirSync(mnt);
    const child = spawn(
      ...onSmallDisk(
        8192,
        `exec ${shellQuote(cli)} serve --port 0 --preset emulated-5s --data-dir "$MNT/data"`,
      ),
      // No free-space floor: this test fills the disk to the last byte.
      {
        env: { ...process.env, MNT: mnt, SPARK_EXPERIMENTS_MIN_FREE_MB: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    const url = await waitFor(
      'serve',
      () => /listening on (http:\/\/\S+)/.exec(output)?.[1],
      30_000,
    );
    const health = async () =>
      parsed(healthSchema, await (await fetch(`${url}/api/health`)).json());
    // The data folder as the service sees it, through its mount namespace.
    const data = `/proc/${child.pid}/root${mnt}/data`;
    await waitFor(
      'two batches',
      async () => ((await health()).driver_batches >= 2 ? true : undefined),
      30_000,
    );

    // Fill the disk.
    const filler = `/proc/${child.pid}/root${mnt}/filler`;
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(64 * 1024);
    try {
      for (;;) writeSync(fd, block);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    const failed = await waitFor(
      'disk_full in health',
      async () => {
        const h = await health();
        return h.last_error?.code === 'disk_full' ? h : undefined;
      },
      30_000,
    );
    expect(failed.status).toBe('error');
    expect(failed.last_error?.message).toMatch(
      /the disk holding .*\/data is full \([\d,]+ KB free\)/,
    );
    // Let it retry a few times: no temp folder stays behind.
    await new Promise((r) => setTimeout(r, 8_000));
    const temps = readdirSync(join(data, 'raw', 'events')).filter((n) => n.startsWith('.tmp-'));
    expect(temps).toEqual([]);
    const duringOutage = parsed(
      logPageSchema,
      await (await fetch(`${url}/api/logs?limit=1000&level=error`)).json(),
    ).entries;
    const retries = duringOutage.filter((e) => e.message === 'generation failed; retrying');
    expect(retries.length).toBeGreaterThan(0);
    // Backed off: far fewer retries than one per 5-second interval would give.
    expect(retries.length).toBeLessThanOrEqual(5);

    // Space returns: it recovers by itself.
    const freed = Date.now();
    unlinkSync(filler);
    await waitFor(
      'recovery',
      async () => ((await health()).status === 'running' ? true : undefined),
      90_000,
    );
    const recoverySeconds = (Date.now() - freed) / 1000;
    const batchesBefore = (await health()).driver_batches;
    await waitFor(
      'a new batch',
      async () => ((await health()).driver_batches > batchesBefore ? true : undefined),
      30_000,
    );
    // Every entry logged during the outage reached the file, whole, once.
    const day = readdirSync(join(data, 'manifests', 'logs'))
      .sort()
      .at(-1) as string;
    const lines = readFileSync(join(data, 'manifests', 'logs', day, 'generator.log.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const written = lines.map((l) => JSON.parse(l) as { message: string; timestamp: string });
    for (const e of retries) {
      expect(
        written.filter((w) => w.message === e.message && w.timestamp === e.ts).length,
        e.ts,
      ).toBe(1);
    }
    console.log(
      `disk full: recovered ${recoverySeconds.toFixed(1)} s after space returned; ${retries.length} retries while full`,
    );
    child.kill('SIGTERM');
  }, 240_000);
});
