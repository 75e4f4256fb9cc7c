// Another process that writes a data folder (for the lock tests): it holds the folder's lock
// as `command` until killed (hold-data-folder.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type CliResult, finished } from './cli.ts';
import { REPO_ROOT } from './presets.ts';

export interface Holder {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Resolves once the other process holds the folder. */
export async function holdInChild(folder: string, command: string, port?: number): Promise<Holder> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      join(REPO_ROOT, 'electron', 'testing', 'hold-data-folder.ts'),
      folder,
      command,
      ...(port === undefined ? [] : [String(port)]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const done = finished(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('holding')) resolve();
    });
    child.on('close', () => reject(new Error(`the holder exited: ${out}`)));
  });
  return { child, done };
}
