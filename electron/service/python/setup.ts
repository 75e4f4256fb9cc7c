// `npm run setup:python` and the Set up Python button: the app's own virtual environment with
// the pinned pyspark, delta-spark, JupyterLab and ipykernel, made from a Python 3.9+ that
// discovery finds. Atomic: a venv cannot be moved once made (its scripts hold its absolute
// path), so each one is built in place under envs/<new id>/, checked, and only then named in
// current.json by an atomic rename; a failed or interrupted set-up removes its own folder and
// leaves the environment in use untouched. Idempotent: when current.json's pins are these
// and the environment still has them, nothing is installed.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '../kernel/errors.ts';
import { writeJsonAtomic } from '../platform/atomic.ts';
import { run } from '../platform/processes.ts';
import { candidateLabel, resolvePython } from './discovery.ts';
import {
  currentFile,
  currentManagedEnv,
  type ManagedEnv,
  managedRoot,
  venvPython,
} from './locations.ts';
import { MANAGED_PINS, MIN_PYTHON } from './pins.ts';

/** pip with `--progress-bar raw` (24.1+), so a long download shows how far it got. */
export const PIP_PIN = 'pip==25.3';

/** A set-up that could not be done; the environment in use (if any) is unchanged. */
export class PythonSetupError extends CodedError {}

export interface SetupStep {
  step: number;
  steps: number;
  title: string;
}

export interface PythonSetupOptions {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform | undefined;
  /** Exact `name==version` pins (default: MANAGED_PINS). */
  pins?: readonly string[];
  /** The pip to update to first, or null to keep the venv's own (tests, offline). */
  pip?: string | null;
  /** More `pip install` arguments (tests: --no-index --find-links DIR). */
  pipArgs?: readonly string[];
  onStep?: (step: SetupStep) => void;
  /** pip's and venv's output, line by line. */
  onLine?: (line: string) => void;
  signal?: AbortSignal | undefined;
}

export interface SetupResult {
  state: 'created' | 'up_to_date';
  /** The environment's interpreter. */
  python: string;
  dir: string;
  message: string;
}

const VERIFY_MARKER = 'SPARK_EXPERIMENTS_VERIFY ';
// Each pin's installed version by its distribution's metadata, and pyspark's folder.
const VERIFY = `
import json, sys, importlib.util
import importlib.metadata as metadata
bad = []
for pin in json.loads(sys.argv[1]):
    name, version = pin.split("==")
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = None
    if have != version:
        bad.append("%s %s (pinned %s)" % (name, have or "missing", version))
spec = importlib.util.find_spec("pyspark")
home = list(spec.submodule_search_locations)[0] if spec is not None and spec.submodule_search_locations else None
print("${VERIFY_MARKER.trim()} " + json.dumps({"bad": bad, "pyspark_home": home}))
`;

/** What an environment lacks of `pins` (empty: it has them all), and its pyspark folder. */
async function verify(
  python: string,
  pins: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ bad: string[]; pysparkHome: string | null } | undefined> {
  const result = await run(python, ['-c', VERIFY, JSON.stringify(pins)], {
    env,
    timeoutMs: 60_000,
  });
  const line = result.stdout.split(/\r?\n/).find((l) => l.startsWith(VERIFY_MARKER));
  if (result.code !== 0 || !line) return undefined;
  const parsed = JSON.parse(line.slice(VERIFY_MARKER.length)) as {
    bad: string[];
    pyspark_home: string | null;
  };
  return { bad: parsed.bad, pysparkHome: parsed.pyspark_home };
}

function samePins(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** pip's `Progress N of M` lines as a percentage every 5 %, other lines as they are. */
function pipLines(onLine: (line: string) => void): (line: string) => void {
  let shown = -1;
  return (line) => {
    const progress = /^Progress (\d+) of (\d+)$/.exec(line.trim());
    if (!progress) {
      shown = -1;
      onLine(line);
      return;
    }
    const [done, total] = [Number(progress[1]), Number(progress[2])];
    if (!total) return;
    const percent = Math.floor((done / total) * 20) * 5;
    if (percent === shown) return;
    shown = percent;
    onLine(`  downloaded ${percent}% of ${(total / 1e6).toFixed(1)} MB`);
  };
}

/** The last line of a failed program's output that says something. */
function lastWords(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !/^Progress \d+ of/.test(l));
  return lines.at(-1)?.trim() ?? '';
}

/** Makes (or finds up to date) the app-managed Python; throws PythonSetupError when it cannot. */
export async function setUpManagedPython(options: PythonSetupOptions): Promise<SetupResult> {
  const root = managedRoot(options.env, options.platform ?? process.platform);
  if (!root)
    throw new PythonSetupError(
      'python_setup_failed',
      'no home folder in the environment (HOME, or LOCALAPPDATA on Windows): set SPARK_EXPERIMENTS_PYTHON_HOME to a folder for the app’s Python',
    );
  const release = takeSetupLock(root);
  try {
    return await setUp(root, options);
  } finally {
    release();
  }
}

/**
 * One set-up at a time per folder (the CLI and the app may both be asked): a lock file with
 * the owner's pid, taken over when that process is gone.
 */
const settingUp = new Set<string>();

function takeSetupLock(root: string): () => void {
  if (settingUp.has(root))
    throw new PythonSetupError(
      'python_setup_running',
      "the app's Python is being set up already; wait for it to finish",
    );
  mkdirSync(root, { recursive: true });
  const lock = join(root, '.setup.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      settingUp.add(root);
      return () => {
        settingUp.delete(root);
        rmSync(lock, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner))
        throw new PythonSetupError(
          'python_setup_running',
          `the app's Python is being set up by process ${owner}; wait for it to finish`,
        );
      rmSync(lock, { force: true });
    }
  }
  throw new PythonSetupError('python_setup_running', `could not take ${lock}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function setUp(root: string, options: PythonSetupOptions): Promise<SetupResult> {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  const pins = options.pins ?? MANAGED_PINS;
  const pip = options.pip === undefined ? PIP_PIN : options.pip;
  const onLine = options.onLine ?? (() => {});
  const steps = pip ? 7 : 6;
  let step = 0;
  const next = (title: string) => options.onStep?.({ step: ++step, steps, title });

  next("Checking the app's Python");
  const current = currentManagedEnv(env, platform);
  if (current && samePins(current.env.pins, pins)) {
    const found = await verify(current.python, pins, env);
    if (found && found.bad.length === 0)
      return {
        state: 'up_to_date',
        python: current.python,
        dir: current.dir,
        message: `The app's Python is up to date (${pins.join(', ')}): ${current.python}`,
      };
  }
  removeLeftovers(root, current?.env.id);

  next(`Looking for Python ${MIN_PYTHON.join('.')} or newer`);
  const search = await resolvePython({ env, platform, skipManaged: true });
  const base = search.found;
  if (!base?.versionOk)
    throw new PythonSetupError(
      'no_base_python',
      base
        ? `${candidateLabel(base)} is Python ${base.version}; the app's Python needs ${MIN_PYTHON.join('.')} or newer: install one (https://www.python.org/downloads/) or set SPARK_EXPERIMENTS_PYTHON to it`
        : `no Python 3 found (${search.passed.join('; ')}): install Python 3.9 or newer (https://www.python.org/downloads/) or set SPARK_EXPERIMENTS_PYTHON to it`,
    );
  onLine(`using ${candidateLabel(base)}: Python ${base.version}`);

  const id = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const dir = join(root, 'envs', id);
  const python = venvPython(dir, platform);
  const fail = (what: string, output: string, code = 'python_setup_failed'): never => {
    rmSync(dir, { recursive: true, force: true });
    const unchanged = current ? ' The app’s Python in use is unchanged.' : '';
    const why = options.signal?.aborted ? 'interrupted' : lastWords(output) || 'no output';
    throw new PythonSetupError(
      options.signal?.aborted ? 'python_setup_interrupted' : code,
      `${what} failed: ${why}.${unchanged}`,
    );
  };
  const runStep = async (
    title: string,
    args: string[],
    command = python,
    timeoutMs = 30 * 60_000,
  ) => {
    next(title);
    if (options.signal?.aborted) fail(title, '');
    const result = await run(command, args, {
      env,
      timeoutMs,
      onLine: pipLines(onLine),
      signal: options.signal,
    });
    if (result.code !== 0 || options.signal?.aborted) {
      const output = `${result.stdout}\n${result.stderr}`;
      // Debian and Ubuntu ship venv without ensurepip.
      if (/ensurepip is not available|No module named venv/.test(output))
        fail(title, 'the venv module is missing: sudo apt install python3-venv');
      fail(title, result.timedOut ? `no end after ${timeoutMs / 60_000} minutes` : output);
    }
  };

  mkdirSync(join(root, 'envs'), { recursive: true });
  await runStep(
    `Making a virtual environment in ${dir}`,
    [...base.args, '-m', 'venv', dir],
    base.command,
    5 * 60_000,
  );
  if (pip)
    await runStep(`Updating pip (${pip})`, [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      pip,
    ]);
  await runStep(`Installing ${pins.join(', ')}`, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    pip ? 'raw' : 'off',
    ...pins,
    ...(options.pipArgs ?? []),
  ]);

  next('Checking the new environment');
  const found = await verify(python, pins, env);
  if (!found) fail('Checking the new environment', 'its Python did not answer');
  else if (found.bad.length) fail('Checking the new environment', `it has ${found.bad.join(', ')}`);

  next('Switching to the new environment');
  const record: ManagedEnv = {
    id,
    pins: [...pins],
    base: base.executable,
    created_at: new Date().toISOString(),
    ...(found?.pysparkHome ? { pyspark_home: found.pysparkHome } : {}),
  };
  writeJsonAtomic(currentFile(root), record);
  if (current) rmSync(current.dir, { recursive: true, force: true });
  return {
    state: 'created',
    python,
    dir,
    message: `The app's Python is ready (${pins.join(', ')}): ${python}`,
  };
}

/** Folders under envs/ that no current.json names: set-ups killed before they finished. */
function removeLeftovers(root: string, keep: string | undefined): void {
  let names: string[];
  try {
    names = readdirSync(join(root, 'envs'));
  } catch {
    return;
  }
  for (const name of names)
    if (name !== keep) rmSync(join(root, 'envs', name), { recursive: true, force: true });
}
