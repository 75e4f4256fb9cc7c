// Which Python the app runs (the local Spark's jobs, the checker, a local JupyterLab): a
// configured interpreter (SPARK_EXPERIMENTS_PYTHON), the app-managed venv (npm run
// setup:python), then python3, `py -3` (Windows' launcher) and python on PATH. Each
// candidate is run once with a short probe that reports its version and pyspark without
// importing Spark; a candidate that does not answer the probe is passed over with the reason
// (the Microsoft Store's alias answers nothing useful, for one). Nothing here runs until a
// caller needs Python: probing /usr/bin/python3 on a Mac without developer tools pops a dialog.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { run } from '../platform/processes.ts';
import { currentManagedEnv } from './locations.ts';
import { MIN_PYTHON, PYSPARK_VERSION } from './pins.ts';
import { findOnPath } from './which.ts';

/** The variable that names the interpreter to use, ahead of everything else. */
export const PYTHON_VARIABLE = 'SPARK_EXPERIMENTS_PYTHON';

export type PythonSource = 'configured' | 'managed' | 'python3' | 'py -3' | 'python';

export interface PythonCandidate {
  source: PythonSource;
  /** The file to run. */
  command: string;
  /** Arguments before the script's own (`-3` for the py launcher). */
  args: string[];
}

export interface FoundPython extends PythonCandidate {
  /** 3.11.7 */
  version: string;
  /** At least MIN_PYTHON. */
  versionOk: boolean;
  /** sys.executable: the interpreter itself, also behind `py -3`. */
  executable: string;
  /** The installed pyspark's version, or null. */
  pyspark: string | null;
  /** pyspark's package folder (a Spark distribution: bin/spark-class), or null. */
  pysparkHome: string | null;
}

export interface PythonSearch {
  found: FoundPython | undefined;
  /** Candidates passed over, each with why (`python3: not on PATH`). */
  passed: string[];
}

export interface DiscoveryOptions {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform | undefined;
  /** Go on past interpreters without pyspark (the local backend, the checker). */
  wantPyspark?: boolean;
  /** Leave the managed venv out: setup:python looks for a base interpreter. */
  skipManaged?: boolean;
  /** Tests: macOS's stand-in programs that only offer the developer tools (default: Apple's). */
  macStubs?: readonly string[];
  /** Tests: whether macOS's developer tools are installed (default: their folder exists). */
  macDeveloperTools?: () => boolean;
}

/** On a Mac without the developer tools, running these pops an "install the tools" dialog. */
const MAC_STUBS = ['/usr/bin/python3'];

function macDeveloperToolsInstalled(): boolean {
  return (
    existsSync('/Library/Developer/CommandLineTools/usr/bin/python3') ||
    existsSync('/Applications/Xcode.app/Contents/Developer/usr/bin/python3')
  );
}

const MARKER = 'SPARK_EXPERIMENTS_PYTHON_PROBE ';

// find_spec and importlib.metadata: the version without importing pyspark (and py4j).
const PROBE = `
import json, sys, importlib.util
info = {"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "executable": sys.executable, "pyspark": None, "pyspark_home": None}
try:
    spec = importlib.util.find_spec("pyspark")
    if spec is not None and spec.submodule_search_locations:
        info["pyspark_home"] = list(spec.submodule_search_locations)[0]
        try:
            import importlib.metadata as metadata
            info["pyspark"] = metadata.version("pyspark")
        except Exception:
            info["pyspark"] = "unknown"
except Exception:
    pass
print("${MARKER.trim()} " + json.dumps(info))
`;

/** A label a person recognizes: `python3 (/usr/bin/python3)`, `py -3`. */
export function candidateLabel(c: PythonCandidate): string {
  if (c.source === 'configured') return `${PYTHON_VARIABLE}=${c.command}`;
  if (c.source === 'managed') return `the app's Python (${c.command})`;
  return `${c.source} (${c.command})`;
}

/** The candidates in order; a string is one that does not exist here, with why. */
export function pythonCandidates(options: DiscoveryOptions): Array<PythonCandidate | string> {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  const candidates: Array<PythonCandidate | string> = [];
  const configured = env[PYTHON_VARIABLE]?.trim();
  if (configured) {
    const file = isAbsolute(configured)
      ? existsSync(configured)
        ? configured
        : undefined
      : findOnPath(configured, env, platform);
    candidates.push(
      file
        ? { source: 'configured', command: file, args: [] }
        : `${PYTHON_VARIABLE}=${configured}: no such program`,
    );
  }
  if (!options.skipManaged) {
    const managed = currentManagedEnv(env, platform);
    if (managed) candidates.push({ source: 'managed', command: managed.python, args: [] });
  }
  const onPath: Array<[PythonSource, string, string[]]> = [['python3', 'python3', []]];
  // The python.org installer on Windows gives py.exe and python.exe, no python3.exe.
  if (platform === 'win32') onPath.push(['py -3', 'py', ['-3']]);
  onPath.push(['python', 'python', []]);
  for (const [source, name, args] of onPath) {
    const file = findOnPath(name, env, platform);
    candidates.push(file ? { source, command: file, args } : `${source}: not on PATH`);
  }
  return candidates;
}

function atLeast(version: string, min: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** Runs the probe with one candidate: what it is, or why it is not a usable Python. */
export async function probePython(
  candidate: PythonCandidate,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<FoundPython | { problem: string }> {
  const result = await run(candidate.command, [...candidate.args, '-c', PROBE], {
    env,
    timeoutMs: 30_000,
  });
  const line = result.stdout.split(/\r?\n/).find((l) => l.startsWith(MARKER));
  if (result.code === 0 && line) {
    try {
      const info = JSON.parse(line.slice(MARKER.length)) as {
        version: string;
        executable: string;
        pyspark: string | null;
        pyspark_home: string | null;
      };
      return {
        ...candidate,
        version: info.version,
        versionOk: atLeast(info.version, MIN_PYTHON),
        executable: info.executable || candidate.command,
        pyspark: info.pyspark,
        pysparkHome: info.pyspark_home,
      };
    } catch {
      // fall through: not our probe's answer
    }
  }
  // The Store's alias (…\Microsoft\WindowsApps\python3.exe) only offers to install Python.
  if (
    platform === 'win32' &&
    (/[\\/]WindowsApps[\\/]/i.test(candidate.command) || /Microsoft Store/.test(result.stderr))
  )
    return {
      problem:
        "is the Microsoft Store's app alias, not an installed Python (install Python 3.11 from python.org, or turn the alias off in Settings > Apps > Advanced app settings > App execution aliases)",
    };
  if (result.notFound) return { problem: 'could not be started' };
  if (result.timedOut) return { problem: 'did not answer within 30 s' };
  const why = result.stderr.trim().split(/\r?\n/).at(-1) ?? '';
  return { problem: `does not run Python 3 (exit ${result.code}${why ? `: ${why}` : ''})` };
}

/**
 * The Python to use: the first candidate that runs (with `wantPyspark`, the first that also
 * has pyspark, else the first that runs), and every candidate passed over on the way.
 */
export async function resolvePython(options: DiscoveryOptions): Promise<PythonSearch> {
  const platform = options.platform ?? process.platform;
  const passed: string[] = [];
  let first: FoundPython | undefined;
  const stubs = platform === 'darwin' ? (options.macStubs ?? MAC_STUBS) : [];
  const tools = options.macDeveloperTools ?? macDeveloperToolsInstalled;
  for (const candidate of pythonCandidates(options)) {
    if (typeof candidate === 'string') {
      passed.push(candidate);
      continue;
    }
    if (stubs.includes(candidate.command) && !tools()) {
      passed.push(
        `${candidateLabel(candidate)} is macOS's stand-in that only offers the developer tools (xcode-select --install, or brew install python@3.11)`,
      );
      continue;
    }
    const probe = await probePython(candidate, options.env, platform);
    if ('problem' in probe) {
      passed.push(`${candidateLabel(candidate)} ${probe.problem}`);
      continue;
    }
    first ??= probe;
    if (!options.wantPyspark || probe.pyspark) return { found: probe, passed };
    passed.push(`${candidateLabel(probe)} has no pyspark`);
  }
  return { found: first, passed };
}

/** What a found Python lacks for the local path: an old version, pyspark, the pinned pyspark. */
export function pythonLacks(found: FoundPython): string[] {
  const lacks: string[] = [];
  if (!found.versionOk) lacks.push(`Python ${MIN_PYTHON.join('.')} or newer`);
  if (!found.pyspark) lacks.push(`pyspark ${PYSPARK_VERSION}`);
  else if (found.pyspark !== PYSPARK_VERSION)
    lacks.push(`pyspark ${PYSPARK_VERSION} (it has ${found.pyspark})`);
  return lacks;
}

/** One line: which Python was found and what it lacks. */
export function describePython(found: FoundPython): string {
  const lacks = pythonLacks(found);
  const what = `${candidateLabel(found)}: Python ${found.version}`;
  return lacks.length
    ? `${what}, without ${lacks.join(' and ')}`
    : `${what} with pyspark ${found.pyspark}`;
}
