// One call of the checker (exercises/checker/check.py): what it is asked and its command line,
// the same wherever it runs (this machine's Python, or the stack's notebook container, which
// are given their own paths for the table and the answer key).

export interface CheckerCall {
  exercise: string;
  checker: string;
  table: string;
  answers: string;
}

/** check.py's flags for `call`. */
export function checkerArgs(call: CheckerCall): string[] {
  return [
    '--exercise',
    call.exercise,
    '--checker',
    call.checker,
    '--table',
    call.table,
    '--answers',
    call.answers,
  ];
}
