// The service's errors: each carries a code users can search for and a sentence that says
// what to do (`port_in_use: port 18000 is taken …`). The CLI prints `code: message` and exits
// 2 (bad input) or 1; the API answers `{"error": code, "message"}` with the status.

/** The one base class: a stable code next to the message. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
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
