// Electron 45 downloads its binary on first use, not at npm install: `npm start` runs its
// installer. "Downloading…" is said only once the installer really starts a download (its
// debug log says so), not when the binary or the cached zip is already there.
import { spawn } from 'node:child_process';
import { downloadFailure } from './download-failure.ts';

/** The installer's (@electron/get's) debug line just before it fetches the zip. */
const DOWNLOAD_STARTS = /@electron\/get:index Downloading https?:\/\//;

export interface InstallOptions {
  /** Electron's install.js. */
  installer: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where the messages for the user go. */
  say: (line: string) => void;
  timeoutMs?: number;
}

/** Runs the installer; true when it succeeded. A failure is said in one line. */
export function installElectron(options: InstallOptions): Promise<boolean> {
  const env = { ...(options.env ?? process.env) };
  const userDebug = env.DEBUG;
  env.DEBUG = [userDebug, '@electron/get:index'].filter(Boolean).join(',');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [options.installer], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 10 * 60_000,
    });
    let output = '';
    let announced = false;
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (!announced && DOWNLOAD_STARTS.test(output)) {
        announced = true;
        options.say('Downloading the Electron binary (first start only)…');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let spawnError: Error | undefined;
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(true);
      const error =
        spawnError ?? (signal ? new Error(`the installer was stopped (${signal})`) : undefined);
      // One line instead of the installer's stack trace (which DEBUG=1 shows).
      const withoutDebug = output
        .split('\n')
        .filter((line) => !line.includes('@electron/get:'))
        .join('\n');
      options.say(`The Electron download failed: ${downloadFailure(withoutDebug, error)}.`);
      if (userDebug) options.say(output);
      resolve(false);
    });
  });
}
