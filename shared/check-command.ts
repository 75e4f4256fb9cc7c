// The terminal command that checks an exercise, with the data folder it belongs to: without
// --data-dir, `npm run check` looks in ./data and tells a student whose data is elsewhere to
// "run your solution first". Pure, so the service, the CLI and the UI print the same line.

/** `npm run check -- --exercise ID --data-dir DIR`, DIR quoted when a shell would split it. */
export function checkCommand(exercise: string, dataDir: string): string {
  const plain = /^[\w./:\\@+-]+$/.test(dataDir);
  const quoted = plain ? dataDir : `"${dataDir.replace(/(["\\$`])/g, '\\$1')}"`;
  return `npm run check -- --exercise ${exercise} --data-dir ${quoted}`;
}
