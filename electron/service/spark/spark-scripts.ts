// Spark's launch scripts on each platform. bin/spark-class is a bash script; Windows has
// bin\spark-class.cmd, which only cmd.exe runs (Node refuses to spawn a .cmd without a
// shell), and Hadoop's file system there needs winutils.exe under HADOOP_HOME to write a
// table at all. Without it the local backend would fail late (ENOENT, or the worker never
// registering and a 120 s wait): it is refused at once with the way out instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The program, its arguments and how Node must pass them, to run `bin/<script>` with `args`. */
export interface ScriptCommand {
  command: string;
  args: string[];
  windowsVerbatimArguments?: boolean;
}

/** cmd.exe's quoting: an argument with spaces or quotes in double quotes, inner quotes doubled. */
function cmdQuote(arg: string): string {
  return /[\s"&|<>^()]/.test(arg) ? `"${arg.replace(/"/g, '""')}"` : arg;
}

export function sparkScript(
  sparkHome: string,
  script: 'spark-class' | 'spark-submit',
  args: string[],
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): ScriptCommand {
  if (platform !== 'win32') return { command: join(sparkHome, 'bin', script), args };
  // What Node does for `shell: true`: cmd /d /s /c "<the whole line>", passed verbatim.
  const line = [join(sparkHome, 'bin', `${script}.cmd`), ...args].map(cmdQuote).join(' ');
  return {
    command: env.ComSpec || env.COMSPEC || 'cmd.exe',
    args: ['/d', '/s', '/c', `"${line}"`],
    windowsVerbatimArguments: true,
  };
}

/** The launch script a Spark distribution must have here. */
export function sparkClassFile(sparkHome: string, platform: NodeJS.Platform): string {
  return join(sparkHome, 'bin', platform === 'win32' ? 'spark-class.cmd' : 'spark-class');
}

/** Why the local backend cannot run on this Windows machine, or undefined (elsewhere too). */
export function windowsLocalProblem(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | undefined {
  if (platform !== 'win32') return undefined;
  const hadoop = env.HADOOP_HOME;
  if (hadoop && existsSync(join(hadoop, 'bin', 'winutils.exe'))) return undefined;
  const why = hadoop
    ? `HADOOP_HOME (${hadoop}) has no bin\\winutils.exe`
    : 'HADOOP_HOME is not set';
  return `On Windows, Spark without Docker cannot write tables (${why}): start Docker Desktop (https://www.docker.com/products/docker-desktop/) and Start Spark again, or set HADOOP_HOME to a folder with bin\\winutils.exe for Hadoop 3`;
}
