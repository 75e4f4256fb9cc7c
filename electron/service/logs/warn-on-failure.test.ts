import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../kernel/errors.ts';
import { createLogger } from './logger.ts';
import { warnOnFailure } from './warn-on-failure.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-warn-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a background failure', () => {
  it('is written to the log as a warning with its error and code', async () => {
    const clock = () => new Date('2026-11-26T10:00:00.000Z');
    const log = createLogger({ dir: scratch, component: 'spark', clock });
    await Promise.reject(new StoreError('disk_full', 'the disk is full')).catch(
      warnOnFailure(log, 'could not look for a running Spark stack'),
    );
    await Promise.reject('a plain string').catch(warnOnFailure(log, 'the backfill stopped'));
    const lines = readFileSync(join(scratch, '2026-11-26', 'generator.log.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.level, l.component, l.message, l.metadata])).toEqual([
      [
        'WARN',
        'spark',
        'could not look for a running Spark stack',
        { error: 'the disk is full', code: 'disk_full' },
      ],
      ['WARN', 'spark', 'the backfill stopped', { error: 'a plain string' }],
    ]);
  });
});
