// The one place that turns an error into what the user sees and the exit code scripts test:
// 0 done, 1 failed while working, 2 bad input or refused, 3 disk full, 130 interrupted.
// Only a usage error is followed by the usage text; a runtime error is its one line.
import { CodedError } from '../service/kernel/errors.ts';
import { type Invocation, rerunHint } from './how-started.ts';

export const EXIT = {
  done: 0,
  failed: 1,
  refused: 2,
  diskFull: 3,
  interrupted: 130,
} as const;

/** The command line itself is wrong: the usage text follows the message. */
export class UsageError extends Error {}

/** The command line is fine but what it names is not (an invalid config, an unknown exercise). */
export class InputError extends Error {}

/**
 * Exit codes of coded errors that are not "refused" (2, every other code's). A new code that
 * needs its own exit code goes here.
 */
const EXIT_BY_CODE: Readonly<Record<string, number>> = {
  disk_full: EXIT.diskFull,
  generation_failed: EXIT.failed,
  python_setup_failed: EXIT.failed,
  python_setup_interrupted: EXIT.interrupted,
  // Another app or `serve` has the data folder: stop it or choose another folder.
  data_dir_in_use: EXIT.refused,
};

export interface ErrorOutcome {
  exitCode: number;
  /** The line printed to stderr (after `error: `). */
  line: string;
  showUsage: boolean;
}

/** What an error prints and the code the process exits with; `command` fits hints to it. */
export function errorOutcome(
  err: unknown,
  command?: string,
  invocation?: Invocation,
): ErrorOutcome {
  if (err instanceof UsageError)
    return { exitCode: EXIT.refused, line: err.message, showUsage: true };
  if (err instanceof InputError)
    return { exitCode: EXIT.refused, line: err.message, showUsage: false };
  // parseArgs reports unknown or malformed options this way.
  if ((err as NodeJS.ErrnoException | undefined)?.code?.startsWith('ERR_PARSE_ARGS'))
    return { exitCode: EXIT.refused, line: (err as Error).message, showUsage: true };
  if (err instanceof CodedError) {
    const hint =
      err.retryWith && command ? `; try ${rerunHint(command, err.retryWith, invocation)}` : '';
    return {
      exitCode: EXIT_BY_CODE[err.code] ?? EXIT.refused,
      line: `${err.code}: ${err.message}${hint}`,
      showUsage: false,
    };
  }
  // A bug, not the user's doing: the stack helps whoever fixes it.
  const line = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { exitCode: EXIT.failed, line, showUsage: false };
}
