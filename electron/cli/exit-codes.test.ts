import { describe, expect, it } from 'vitest';
import { AnswersError } from '../service/classroom/answers.ts';
import {
  type CodedError,
  GenerateError,
  ListenError,
  StoreError,
} from '../service/kernel/errors.ts';
import { EXIT, errorOutcome, InputError, UsageError } from './exit-codes.ts';

describe('errorOutcome: one exit code and one line per error', () => {
  it('shows the usage after a usage error, and after a malformed option', () => {
    expect(errorOutcome(new UsageError('--from and --to are required'))).toEqual({
      exitCode: EXIT.refused,
      line: '--from and --to are required',
      showUsage: true,
    });
    const parseError = Object.assign(new TypeError("Unknown option '--sed'"), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    expect(errorOutcome(parseError)).toMatchObject({ exitCode: 2, showUsage: true });
  });

  it('gives a refused input its line and 2, without the usage', () => {
    expect(errorOutcome(new InputError('preset x is invalid'))).toEqual({
      exitCode: 2,
      line: 'preset x is invalid',
      showUsage: false,
    });
  });

  it('maps coded errors by their code: disk full 3, failed while working 1, refused 2', () => {
    const outcome = (err: CodedError) => errorOutcome(err);
    expect(outcome(new StoreError('disk_full', 'the disk is full'))).toEqual({
      exitCode: EXIT.diskFull,
      line: 'disk_full: the disk is full',
      showUsage: false,
    });
    expect(outcome(new GenerateError('disk_full', 'full')).exitCode).toBe(3);
    expect(outcome(new GenerateError('generation_failed', 'a worker died')).exitCode).toBe(1);
    expect(outcome(new GenerateError('range_too_large', 'too many')).exitCode).toBe(2);
    expect(outcome(new StoreError('data_dir_in_use', 'another app has it')).exitCode).toBe(2);
    expect(outcome(new AnswersError('no_dataset', 'no dataset')).exitCode).toBe(2);
    expect(outcome(new AnswersError('no_dataset', 'no dataset')).showUsage).toBe(false);
  });

  it('fits a hint with flags to the command it came from', () => {
    const err = new ListenError('port_in_use', 'port 18000 is taken by another program', {
      retryWith: ['--port', '18001'],
    });
    expect(errorOutcome(err, 'serve', { npmScript: 'serve', args: ['--port', '18000'] }).line).toBe(
      'port_in_use: port 18000 is taken by another program; try npm run serve -- --port 18001',
    );
  });

  it('exits 1 with the stack on an error nobody coded (a bug)', () => {
    const bug = new TypeError('x is undefined');
    const outcome = errorOutcome(bug);
    expect(outcome.exitCode).toBe(EXIT.failed);
    expect(outcome.line).toContain('TypeError: x is undefined');
    expect(outcome.line).toContain('exit-codes.test.ts');
  });
});
