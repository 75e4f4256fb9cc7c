// Runs the Spark checks in docker/tests (pytest) from the repo root with one command on any
// OS, so `npm test` covers them; exits with pytest's exit code.
//
// Two pytest workers, one test file each at a time (pytest-xdist, --dist loadfile; the longest
// files first, docker/tests/lane_schedule.py): much of
// the lane waits on streaming triggers, kernels and JVM starts, so two files at once take
// about two thirds of the time on a 2-core machine. SPARK_TEST_WORKERS=1 runs them one by one.
// Delta's jars are fetched into the ivy cache first, once, by one JVM: two sessions resolving
// them at the same moment on a fresh machine would write the same cache files.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const python = process.platform === 'win32' ? 'python' : 'python3';
const workers = Math.max(1, Number.parseInt(process.env.SPARK_TEST_WORKERS ?? '2', 10) || 1);

// The service bundle and the dashboard, built now if stale (`serve --help` builds both, then
// exits): two workers' first `npm run generate` or `serve` would otherwise build them at once.
const built = spawnSync(process.execPath, ['electron/run.mjs', 'serve', '--help'], {
  cwd: repoRoot,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.error) throw built.error;
if (built.status !== 0) process.exit(built.status ?? 1);

const warm = spawnSync(
  python,
  [
    '-c',
    'import sys; sys.path.insert(0, "docker/spark/jobs"); import common; ' +
      'common.session("spark-tests-warm-up", master="local[1]", delta=True).stop()',
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
if (warm.error) throw warm.error;
if (warm.status !== 0) {
  console.error(
    'the Delta warm-up session failed (see above): is pyspark with delta-spark installed?',
  );
  process.exit(warm.status ?? 1);
}

const parallel = workers > 1 ? ['-n', String(workers), '--dist', 'loadfile'] : [];
const result = spawnSync(python, ['-m', 'pytest', 'docker/tests', '-q', ...parallel], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
