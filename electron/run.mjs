// @ts-check
// What `npm start`, `npm run serve`, `generate`, `validate` and `presets` run first. Plain
// JavaScript, so it can say in one line that the Node in use is too old before anything else
// fails on it. The commands then run from the prebuilt bundle (dist-server/cli.mjs), built here
// when it is missing or older than its sources, so no TypeScript is transpiled at every start;
// `serve` also builds the dashboard when it is missing or stale, so a fresh clone serves it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeTooOld } from './node-version.mjs';

// Not import.meta.dirname: the version check must also run on a Node too old to have it.
const root = fileURLToPath(new URL('..', import.meta.url));

function checkNode() {
  const tooOld = nodeTooOld(process.versions.node);
  if (!tooOld) return;
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}

/**
 * Newest modification time under the given paths (files or folders), skipping tests,
 * node_modules and build output.
 * @param {string[]} paths
 * @param {(path: string) => boolean} [skip]
 * @returns {number}
 */
function newestMtime(paths, skip = () => false) {
  let newest = 0;
  const visit = (/** @type {string} */ path) => {
    if (skip(path) || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        if (/\.test\.tsx?$/.test(name)) continue;
        visit(join(path, name));
      }
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/** @param {string} path */
function mtimeOf(path) {
  const full = join(root, path);
  return existsSync(full) ? statSync(full).mtimeMs : -1;
}

/**
 * Runs a build step with its output shown only when it fails.
 * @param {string} what
 * @param {string[]} args
 */
function build(what, args) {
  const started = performance.now();
  process.stderr.write(`Building ${what}…`);
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(` failed:\n${result.stdout}${result.stderr}\n`);
    return false;
  }
  process.stderr.write(` done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

/** The service bundle: electron/ (not the desktop shell) and shared/, into dist-server/. */
function ensureServerBundle() {
  const sources = newestMtime(['electron', 'shared', 'package-lock.json'], (path) =>
    path.startsWith(join(root, 'electron', 'app')),
  );
  if (
    mtimeOf('dist-server/cli.mjs') > sources &&
    existsSync(join(root, 'dist-server/batch-worker.mjs'))
  )
    return;
  if (
    !build('the service (after a change to its sources)', [
      '--import',
      'tsx',
      'electron/build-server.ts',
    ])
  )
    process.exit(1);
}

/** The dashboard, for `serve`: without it the address shows only a note. */
function ensureDashboard() {
  const sources = newestMtime([
    'renderer/src',
    'renderer/index.html',
    'renderer/vite.config.ts',
    'shared',
  ]);
  if (mtimeOf('renderer/dist/index.html') > sources) return;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    process.stderr.write(
      'The dashboard is not built, and cannot be built here: vite is missing (run npm install).\n',
    );
    return;
  }
  build('the dashboard (first start, or its sources changed)', [
    vite,
    'build',
    '--config',
    'renderer/vite.config.ts',
    '--logLevel',
    'warn',
  ]);
}

checkNode();
const [command, ...rest] = process.argv.slice(2);
if (command === 'start') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/app/start.ts', ...rest], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
    process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  ensureServerBundle();
  if (command === 'serve') ensureDashboard();
  process.argv = [
    process.argv[0] ?? process.execPath,
    join(root, 'dist-server', 'cli.mjs'),
    ...process.argv.slice(2),
  ];
  await import(pathToFileURL(join(root, 'dist-server', 'cli.mjs')).href);
}
