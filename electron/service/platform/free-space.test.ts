// The free-space floor, for real: in-process against this machine's disk with a floor no disk
// reaches, and `serve` on a small tmpfs (private mount namespace, as in disk-full.test.ts)
// that goes below the floor without filling up, then gets its space back.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../../shared/api.ts';
import { parsed } from '../../testing/api-checks.ts';
import { CLI_FROM_SOURCES } from '../../testing/cli.ts';
import { presetConfig } from '../../testing/presets.ts';
import { waitFor } from '../../testing/serve.ts';
import { MOUNT_NAMESPACE, onSmallDisk, shellQuote } from '../../testing/small-disk.ts';
import { GeneratorService } from '../generator/generator-service.ts';
import { DEFAULT_MIN_FREE_BYTES, floorFromEnv, MIN_FREE_ENV } from './free-space.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-free-space-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

const batches = (dir: string) =>
  existsSync(join(dir, 'raw', 'events'))
    ? readdirSync(join(dir, 'raw', 'events')).filter((x) => !x.startsWith('.'))
    : [];

describe('the free-space floor', () => {
  it('produces nothing below the floor and reports disk_low with the folder and its free space', async () => {
    const dir = join(scratch, 'in-process');
    const service = GeneratorService.start({
      dataDir: dir,
      fallbackConfig: presetConfig('emulated-5s'),
      workers: 1,
      durable: false,
      minFreeBytes: 2 ** 52, // 4 PiB: more than any disk has free
    });
    try {
      const health = await waitFor('disk_low', () => {
        const h = service.health();
        return h.last_error?.code === 'disk_low' ? h : undefined;
      });
      expect(health.status).toBe('error');
      expect(health.last_error?.message).toMatch(
        new RegExp(
          `^the disk holding ${dir.replaceAll('/', '\\/')} has [\\d,]+ MB free, below the 4,294,967,296 MB floor: generation is stopped until space is freed there \\(it resumes by itself\\); ${MIN_FREE_ENV} sets the floor$`,
        ),
      );
      expect(batches(dir)).toEqual([]);
    } finally {
      await service.stop();
    }
  });

  it('reads the floor in MB from the environment, 256 MB by default, and refuses nonsense', () => {
    expect(floorFromEnv({})).toBe(DEFAULT_MIN_FREE_BYTES);
    expect(DEFAULT_MIN_FREE_BYTES).toBe(256 * 1024 * 1024);
    expect(floorFromEnv({ [MIN_FREE_ENV]: '0' })).toBe(0);
    expect(floorFromEnv({ [MIN_FREE_ENV]: '3' })).toBe(3 * 1024 * 1024);
    expect(() => floorFromEnv({ [MIN_FREE_ENV]: 'lots' })).toThrow(
      `${MIN_FREE_ENV} (lots) must be a number of MB >= 0`,
    );
  });
});

if (!MOUNT_NAMESPACE) console.log('NOT RUN: the disk_low serve test needs `unshare -m`');

describe.runIf(MOUNT_NAMESPACE)('serve below the free-space floor', () => {
  it('stops before the disk is full, says disk_low, and goes on by itself when space is back', async () => {
    const mnt = join(scratch, 'mnt');
    mkdirSync(mnt);
    const child = spawn(
      ...onSmallDisk(
        16384,
        `exec ${shellQuote(CLI_FROM_SOURCES)} serve --port 0 --preset emulated-5s --data-dir "$MNT/data"`,
      ),
      { env: { ...process.env, MNT: mnt, [MIN_FREE_ENV]: '8' }, stdio: ['ignore', 'pipe', 'pipe'] },
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
    await waitFor(
      'a batch',
      async () => ((await health()).driver_batches >= 1 ? true : undefined),
      30_000,
    );

    // Leave about 4 MB of the 16 MB free: below the 8 MB floor, far from full.
    const root = `/proc/${child.pid}/root${mnt}`;
    writeFileSync(join(root, 'filler'), Buffer.alloc(11 * 1024 * 1024));
    const low = await waitFor(
      'disk_low in health',
      async () => {
        const h = await health();
        return h.last_error?.code === 'disk_low' ? h : undefined;
      },
      30_000,
    );
    expect(low.status).toBe('error');
    expect(low.last_error?.message).toMatch(
      /^the disk holding .*\/data has [\d,]+ MB free, below the 8 MB floor/,
    );
    const stoppedAt = low.driver_batches;
    // Stays stopped while two more 5-second intervals close.
    const later = await waitFor(
      '10 s later',
      async () => {
        const h = await health();
        return Date.parse(h.timestamp) - Date.parse(low.timestamp) >= 10_000 ? h : undefined;
      },
      30_000,
    );
    expect(later.last_error?.code).toBe('disk_low');
    expect(later.driver_batches).toBe(stoppedAt);

    unlinkSync(join(root, 'filler'));
    await waitFor(
      'recovery',
      async () => ((await health()).status === 'running' ? true : undefined),
      90_000,
    );
    await waitFor(
      'a new batch',
      async () => ((await health()).driver_batches > stoppedAt ? true : undefined),
      30_000,
    );
    child.kill('SIGTERM');
  }, 240_000);
});
