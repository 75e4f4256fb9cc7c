// A hint that suggests other flags must fit how the command was typed: through npm the flags
// go after `--` (npm swallows them otherwise), run directly they are passed as they are.

/** One argument as a POSIX shell reads it back. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** The arguments with each `--flag value` of `flags` set (replaced, or added at the end). */
export function withFlags(args: readonly string[], flags: readonly string[]): string[] {
  const out = [...args];
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i] as string;
    const value = flags[i + 1] as string;
    const at = out.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (at === -1) out.push(name, value);
    else if (out[at] === name) out.splice(at, 2, name, value);
    else out.splice(at, 1, name, value);
  }
  return out;
}

export interface Invocation {
  /** The npm script that runs this process (`npm_lifecycle_event`), if any. */
  npmScript?: string | undefined;
  /** The arguments after the command name. */
  args: readonly string[];
}

/** This process: `node <entry> <command> <args>` (electron/run.mjs keeps that shape too). */
function currentInvocation(): Invocation {
  return { npmScript: process.env.npm_lifecycle_event, args: process.argv.slice(3) };
}

/**
 * The command to type again, with `flags` (`['--port', '18001']`) set:
 * `npm run serve -- --port 18001`, `npm start -- --port 18001` (the desktop app's headless
 * fallback runs `serve`), or `serve --port 18001` when run without npm.
 */
export function rerunHint(
  command: string,
  flags: readonly string[],
  invocation: Invocation = currentInvocation(),
): string {
  const args = withFlags(invocation.args, flags).map(shellWord).join(' ');
  // npm_lifecycle_event is inherited by children of other scripts (`npm test`): only the
  // script of this very command counts.
  if (invocation.npmScript === 'start' && command === 'serve') return `npm start -- ${args}`;
  if (invocation.npmScript === command) return `npm run ${command} -- ${args}`;
  return `${command} ${args}`;
}
