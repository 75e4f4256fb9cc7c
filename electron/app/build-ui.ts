// Builds the dashboard (renderer/dist) as `npm run build:ui` does, but with this Node and
// vite's own script: a bare `npm` cannot be spawned without a shell on Windows (it is
// npm.cmd there), and needs npm on the PATH at all.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface DashboardBuild {
  env?: NodeJS.ProcessEnv;
  /** Instead of renderer/dist (tests). */
  outDir?: string;
}

/** Runs the build with its output on this terminal; returns its exit code. */
export function buildDashboard(root: string, options: DashboardBuild = {}): number {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [
    vite,
    'build',
    '--config',
    join('renderer', 'vite.config.ts'),
    '--logLevel',
    'warn',
  ];
  if (options.outDir) args.push('--outDir', options.outDir, '--emptyOutDir');
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: options.env ?? process.env,
  });
  return result.status ?? 1;
}
