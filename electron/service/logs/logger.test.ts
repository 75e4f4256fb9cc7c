import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, cutTornLine } from './logger.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-logger-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the log files', () => {
  it('keeps entries it cannot write and writes them, in order, once it can', () => {
    const dir = join(scratch, 'logs');
    writeFileSync(dir, 'in the way'); // the folder cannot be made while this file is there
    const clock = () => new Date('2026-11-26T10:00:00.000Z');
    const log = createLogger({ dir, component: 'test', clock });
    log.info('one');
    log.warn('two');
    rmSync(dir);
    log.error('three');
    const lines = readFileSync(join(dir, '2026-11-26', 'generator.log.jsonl'), 'utf8').split('\n');
    expect(lines.filter(Boolean).map((l) => JSON.parse(l).message)).toEqual([
      'one',
      'two',
      'three',
    ]);
  });

  it('cuts a line torn by a crash before appending again', () => {
    const file = join(scratch, 'torn.jsonl');
    writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
    cutTornLine(file);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    cutTornLine(file); // whole lines stay as they are
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    writeFileSync(file, 'no newline at all');
    cutTornLine(file);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('repairs a torn last line of an earlier run at its first write', () => {
    const dir = join(scratch, 'repair');
    const clock = () => new Date('2026-11-26T10:00:00.000Z');
    createLogger({ dir, component: 'a', clock }).info('before the crash');
    const file = join(dir, '2026-11-26', 'generator.log.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"timestamp":"2026-11-26T10:0`);
    createLogger({ dir, component: 'b', clock }).info('after the restart');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).message)).toEqual([
      'before the crash',
      'after the restart',
    ]);
  });
});
