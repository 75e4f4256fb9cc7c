// Atomic writes and batch commits against a file system where another program (Defender, the
// indexer, OneDrive) briefly holds the target: node:fs's renameSync is wrapped to fail first.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { presetConfig } from '../../testing/presets.ts';
import { createLogger } from '../logs/logger.ts';
import { writeFileAtomic } from '../platform/atomic.ts';
import { generateRange } from '../production/generate.ts';
import { dataPaths } from './paths.ts';

const held = vi.hoisted(() => ({
  /** Renames whose target passes `matches` fail with `code` while `failures` > 0. */
  code: 'EPERM',
  failures: 0,
  injected: 0,
  matches: (_to: string) => true,
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (held.failures > 0 && held.matches(String(to))) {
      held.failures -= 1;
      held.injected += 1;
      throw Object.assign(new Error(`${held.code}: operation not permitted, rename`), {
        code: held.code,
      });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-commit-retry-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  held.failures = 0;
  held.injected = 0;
  held.matches = () => true;
});

function hold(code: string, failures: number, matches: (to: string) => boolean = () => true) {
  Object.assign(held, { code, failures, injected: 0, matches });
}

describe('writes over files another program briefly holds', () => {
  for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
    it(`writeFileAtomic retries a rename refused with ${code}`, () => {
      const file = join(scratch, `state-${code}.json`);
      hold(code, 3);
      writeFileAtomic(file, '{"ok":true}\n', false);
      expect(held.injected).toBe(3);
      expect(readFileSync(file, 'utf8')).toBe('{"ok":true}\n');
    });
  }

  for (const code of ['ENOSPC', 'ENOENT']) {
    it(`writeFileAtomic fails at once on ${code}`, () => {
      const file = join(scratch, `state-${code}.json`);
      hold(code, 1);
      expect(() => writeFileAtomic(file, 'x', false)).toThrow(expect.objectContaining({ code }));
      expect(held.injected).toBe(1);
      expect(existsSync(file)).toBe(false);
    });
  }

  it('a batch commit retries the folder rename and the batch appears once', async () => {
    const dir = join(scratch, 'dataset');
    const events = `${sep}raw${sep}events${sep}`;
    // Only the renames of batch folders into place (not the state or manifest files).
    hold('EPERM', 2, (to) => to.includes(events) && !to.includes(`${events}.`));
    await generateRange({
      dataDir: dir,
      config: presetConfig('small'),
      fromMs: Date.UTC(2024, 0, 1),
      toMs: Date.UTC(2024, 0, 1, 1),
      workers: 1,
      log: createLogger({ dir: undefined, component: 'test' }),
    });
    expect(held.injected).toBe(2);
    const batches = readdirSync(dataPaths(dir).events).filter((name) => !name.startsWith('.'));
    expect(batches).toEqual([
      '20240101T000000Z',
      '20240101T001500Z',
      '20240101T003000Z',
      '20240101T004500Z',
    ]);
  });
});
