import { describe, expect, it } from 'vitest';
import { RENAME_BACKOFF_MS, renameWithRetry } from './rename-retry.ts';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: rename`), { code });
}

/** A rename that fails `failures` times with `code`, then succeeds; it records each call. */
function flakyRename(code: string, failures: number) {
  const calls: string[] = [];
  return {
    calls,
    rename(from: string, to: string) {
      calls.push(`${from}->${to}`);
      if (calls.length <= failures) throw errno(code);
    },
  };
}

describe('renameWithRetry', () => {
  for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
    it(`retries a rename that fails with ${code} while another program holds the file`, () => {
      const flaky = flakyRename(code, 3);
      const waits: number[] = [];
      renameWithRetry('a.tmp', 'a', { rename: flaky.rename, sleep: (ms) => waits.push(ms) });
      expect(flaky.calls).toEqual(['a.tmp->a', 'a.tmp->a', 'a.tmp->a', 'a.tmp->a']);
      expect(waits).toEqual([10, 20, 40]);
    });
  }

  it('gives up after about two seconds of waiting and throws the last error', () => {
    const flaky = flakyRename('EPERM', Number.POSITIVE_INFINITY);
    const waits: number[] = [];
    expect(() =>
      renameWithRetry('a.tmp', 'a', { rename: flaky.rename, sleep: (ms) => waits.push(ms) }),
    ).toThrow(expect.objectContaining({ code: 'EPERM' }));
    expect(flaky.calls).toHaveLength(RENAME_BACKOFF_MS.length + 1);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(1500);
    expect(total).toBeLessThanOrEqual(2500);
  });

  for (const code of ['ENOSPC', 'ENOENT', 'EXDEV']) {
    it(`fails at once on ${code}, as a plain rename does`, () => {
      const flaky = flakyRename(code, 1);
      const waits: number[] = [];
      expect(() =>
        renameWithRetry('a.tmp', 'a', { rename: flaky.rename, sleep: (ms) => waits.push(ms) }),
      ).toThrow(expect.objectContaining({ code }));
      expect(flaky.calls).toHaveLength(1);
      expect(waits).toEqual([]);
    });
  }

  it('really waits between attempts when no sleep is injected', () => {
    const flaky = flakyRename('EBUSY', 2);
    const started = performance.now();
    renameWithRetry('a.tmp', 'a', { rename: flaky.rename });
    expect(flaky.calls).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
