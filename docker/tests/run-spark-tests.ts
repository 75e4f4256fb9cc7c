// Runs the Spark checks in docker/tests (pytest) from the repo root with one command on any
// OS, so `npm test` covers them; exits with pytest's exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const python = process.platform === 'win32' ? 'python' : 'python3';
const result = spawnSync(python, ['-m', 'pytest', 'docker/tests', '-q'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
