// What `npm start` says when the Electron binary cannot be downloaded: one line, not the
// installer's stack trace.

/** The reason in a failed installer's output: its first error line, without the stack. */
export function downloadFailure(output: string, error?: Error): string {
  if (error) return error.message;
  const cause = /(?:cause|Error):\s*(?:\w*Error:\s*)?(.+)/.exec(output)?.[1]?.trim();
  const line =
    output
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? 'no reason given';
  return (cause && !/^\{/.test(cause) ? cause : line).replace(/\.$/, '');
}
