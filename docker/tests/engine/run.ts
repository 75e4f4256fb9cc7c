// `npm run test:engine`: the real-engine lane (Docker backend and all-in-Docker specs). It
// needs a running engine, the compose plugin and the lane's images (setup.sh). In CI, or with
// SPARK_EXPERIMENTS_ENGINE_LANE=required, anything missing fails the run with the reason;
// elsewhere it says NOT RUN and why, and how to set it up.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GENERATOR_IMAGE, NOTEBOOK_IMAGE, SPARK_IMAGE } from './engine.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const required =
  Boolean(process.env.CI) || process.env.SPARK_EXPERIMENTS_ENGINE_LANE === 'required';

function missing(): string | undefined {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
  });
  if (info.error) return 'no docker command on PATH';
  if (info.status !== 0)
    return `the Docker engine does not answer: ${info.stderr.trim().split('\n')[0]}`;
  if (spawnSync('docker', ['compose', 'version']).status !== 0)
    return 'the compose plugin is missing';
  for (const image of [SPARK_IMAGE, GENERATOR_IMAGE, NOTEBOOK_IMAGE]) {
    if (spawnSync('docker', ['image', 'inspect', image]).status !== 0)
      return `image ${image} is not built`;
  }
  return undefined;
}

const why = missing();
if (why) {
  const how = 'set it up with: sudo bash docker/tests/engine/setup.sh';
  if (required) {
    console.error(`engine lane: FAILED before it started: ${why} (${how})`);
    process.exit(1);
  }
  console.log(`engine lane: NOT RUN: ${why}; ${how}`);
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ui = spawnSync(npm, ['run', '-s', 'build:ui'], { cwd: repoRoot, stdio: 'inherit' });
if (ui.status !== 0) process.exit(ui.status ?? 1);
const result = spawnSync(
  'npx',
  ['playwright', 'test', '--config', 'docker/tests/engine/playwright.config.ts'],
  { cwd: repoRoot, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
