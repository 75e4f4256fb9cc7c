// Work started in the background (nobody awaits it) still reports how it failed: a warning
// with the error in the log, never a silent `.catch(() => undefined)`.
import type { Logger } from './logger.ts';

/** A `.catch` handler that logs `message` as a warning with the error's message and code. */
export function warnOnFailure(log: Logger, message: string): (err: unknown) => void {
  return (err) => {
    const code = (err as { code?: unknown } | null)?.code;
    log.warn(message, {
      error: err instanceof Error ? err.message : String(err),
      ...(typeof code === 'string' ? { code } : {}),
    });
  };
}
