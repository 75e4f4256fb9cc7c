// A `serve` process for the benches: started with the given entry (the launcher and bundle, or
// the sources through tsx), its address read from what it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..');

/** The sources, run through tsx (what the tests run). */
export const FROM_SOURCES = ['--import', 'tsx', join(REPO, 'electron', 'cli', 'main.ts')];
/** As `npm run serve` runs it: the launcher and the prebuilt bundle. */
export const AS_NPM_RUNS_IT = [join(REPO, 'electron', 'run.mjs')];

export function startServe(
  entry: string[],
  args: string[],
): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [...entry, 'serve', '--port', '0', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  return { child, url };
}
