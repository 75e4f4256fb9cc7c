// Running external programs for Spark control: every call has a timeout, output is handed
// over line by line (for the logs), and errors keep the program's own message.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { childLedger } from './child-ledger.ts';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program could not be started at all (ENOENT: not installed). */
  notFound: boolean;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Ends the program early (SIGTERM), as a timeout does. */
  signal?: AbortSignal | undefined;
  /** Windows: hand the arguments to cmd.exe as written (see spark/windows-scripts.ts). */
  windowsVerbatimArguments?: boolean;
}

/** Programs allowed more than this are recorded for the clean-up after a crash. */
const LASTING_MS = 60_000;

/** A batch job ends within the hour; the streaming pipeline runs until it is stopped (a week at most). */
export function jobTimeoutMs(job: string): number {
  return job === 'pipeline' ? 7 * 24 * 3_600_000 : 60 * 60_000;
}

/** Splits a stream into lines for `onLine`, keeping the whole text too. */
function collect(
  child: ChildProcess,
  options: Pick<RunOptions, 'onLine'>,
): { stdout: () => string; stderr: () => string } {
  const text = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    let pending = '';
    child[name]?.on('data', (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      text[name] += s;
      pending += s;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) options.onLine?.(line, name);
    });
    child[name]?.on('end', () => {
      if (pending.trim()) options.onLine?.(pending, name);
    });
  }
  return { stdout: () => text.stdout, stderr: () => text.stderr };
}

/**
 * The environment of every program the app starts. Jobs and the checker run Python from the
 * app's install folder: without this, Python writes `__pycache__` into the signed bundle.
 */
export function childEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...(env ?? process.env), PYTHONDONTWRITEBYTECODE: '1' };
}

export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: childEnv(options.env),
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsVerbatimArguments: options.windowsVerbatimArguments,
    });
    // Ended when the app quits; one that may run for minutes (a job, a check) is recorded too.
    childLedger.track(child, {
      label: basename(command),
      group: false,
      lasting: options.timeoutMs > LASTING_MS,
    });
    const out = collect(child, options);
    let timedOut = false;
    const end = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      end();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', end, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        code: null,
        stdout: out.stdout(),
        stderr: err.message,
        notFound: err.code === 'ENOENT',
        timedOut,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out.stdout(), stderr: out.stderr(), notFound: false, timedOut });
    });
  });
}

/** A long-running program (a Spark daemon): its lines go to `onLine`, `stop` ends it. */
export function startDaemon(
  command: string,
  args: string[],
  options: Omit<RunOptions, 'timeoutMs'>,
) {
  const child = spawn(command, args, {
    env: childEnv(options.env),
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsVerbatimArguments: options.windowsVerbatimArguments,
  });
  childLedger.track(child, {
    label: basename(command),
    group: process.platform !== 'win32',
    lasting: true,
  });
  collect(child, options);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  return {
    child,
    exited,
    /** SIGTERM to the whole process group, SIGKILL after `graceMs`. */
    async stop(graceMs = 10_000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The first of `ports` that another program holds on 127.0.0.1, if any. */
export async function portInUse(ports: readonly number[]): Promise<number | undefined> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return port;
  }
  return undefined;
}
