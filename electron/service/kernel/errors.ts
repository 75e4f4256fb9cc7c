// The service's errors: each carries a code users can search for and a sentence that says
// what to do (`port_in_use: port 18000 is taken …`). The CLI prints `code: message` and exits
// with the code electron/cli/exit-codes.ts gives it; the API answers
// `{"error": code, "message"}` with the status.
import { statfsSync } from 'node:fs';

/** The one base class: a stable code next to the message. */
export class CodedError extends Error {
  /**
   * Flags that would get past the error (`['--port', '18001']`). Not in the message: how to
   * pass them depends on how the command was started (npm swallows them without `--`).
   */
  readonly retryWith: readonly string[] | undefined;

  constructor(
    readonly code: string,
    message: string,
    options: { retryWith?: readonly string[] } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.retryWith = options.retryWith;
  }
}

/** A refusal or failure the HTTP API passes on as it is, with its status. */
export class ServiceError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/** The data folder cannot be used (unwritable, damaged state, foreign files). */
export class StoreError extends CodedError {}

/** `generate` refused its input or failed while writing. */
export class GenerateError extends CodedError {}

/** The API could not listen (port taken, port needs privileges). */
export class ListenError extends CodedError {}

/** Whether a system error means the disk (or the user's quota) is full. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** One sentence for a full disk: the folder, and the free space there now. */
export function diskFullMessage(dir: string): string {
  let free = 'unknown';
  try {
    const fs = statfsSync(dir);
    free = `${Math.floor((fs.bavail * fs.bsize) / 1024).toLocaleString('en-US')} KB`;
  } catch {
    // the folder may be gone; the message still names it
  }
  return `the disk holding ${dir} is full (${free} free): free some space there; nothing half-written was kept`;
}
