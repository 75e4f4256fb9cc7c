// Runs the real CLI from its sources (`node --import tsx electron/cli/main.ts ...`); the npm scripts run the bundle of the same code (electron/run.mjs).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './presets.ts';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI from its sources, as a command line (tsx by its own URL, so it runs from any folder). */
export const CLI_FROM_SOURCES = [
  process.execPath,
  '--import',
  import.meta.resolve('tsx'),
  join(REPO_ROOT, 'electron', 'cli', 'main.ts'),
];

export function startCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const [node, ...cli] = CLI_FROM_SOURCES as [string, ...string[]];
  return spawn(node, [...cli, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[]): Promise<CliResult> {
  return finished(startCli(args));
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/**
 * Digest of every generated file under raw/ (relative path -> sha256). batch_meta.json is
 * compared without generation_time, the one wall-clock field.
 */
export function rawDigest(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of walk(join(dataDir, 'raw')).sort()) {
    let bytes: Buffer | string = readFileSync(path);
    if (path.endsWith('batch_meta.json')) {
      const meta = JSON.parse(bytes.toString('utf8'));
      delete meta.generation_time;
      bytes = JSON.stringify(meta);
    }
    out.set(relative(dataDir, path), createHash('sha256').update(bytes).digest('hex'));
  }
  return out;
}
