// `npm run test:api`: the served OpenAPI document checked by a standard validator
// (openapi-spec-validator), then a bounded property-based run of Schemathesis with every check
// against the real `serve`, on a fresh data folder. The routes that start Spark (the cluster,
// its jobs, an exercise's check) and the endless event stream are left out. Needs the Python
// packages of docker/requirements-test.txt; under CI a missing one fails the run, elsewhere it
// says NOT RUN.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.ts';

const required = Boolean(process.env.CI);
const python = process.env.PYTHON ?? 'python3';
const missing = spawnSync(python, ['-c', 'import schemathesis, openapi_spec_validator']).status;
if (missing !== 0) {
  const why = `the Python packages schemathesis and openapi-spec-validator are not installed (pip install -r docker/requirements-test.txt)`;
  if (required) {
    console.error(`test:api: ${why}`);
    process.exit(1);
  }
  console.log(`NOT RUN: test:api: ${why}`);
  process.exit(0);
}

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-api-fuzz-'));
const s = await serve(['--preset', 'emulated-5s', '--data-dir', join(scratch, 'data')]);
let code = 1;
try {
  const document = join(scratch, 'openapi.json');
  writeFileSync(document, JSON.stringify((await s.call('/api/openapi.json')).body));
  const valid = spawnSync(
    python,
    [
      '-c',
      'import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(open(sys.argv[1])))\nprint("the served OpenAPI document is valid (openapi-spec-validator)")',
      document,
    ],
    { stdio: 'inherit' },
  );
  if (valid.status !== 0) throw new Error('the served OpenAPI document is not valid');
  const run = spawnSync(
    python,
    [
      '-m',
      'schemathesis.cli',
      '--no-color',
      '--config-file',
      join(import.meta.dirname, 'schemathesis.toml'),
      'run',
      `${s.url}/api/openapi.json`,
      '--checks',
      'all',
      '--max-examples',
      // Bounded for CI's 30 minutes (25 took 5.5 min); API_FUZZ_EXAMPLES raises it.
      process.env.API_FUZZ_EXAMPLES ?? '15',
      '--seed',
      process.env.API_FUZZ_SEED ?? '20261126',
      '--exclude-path-regex',
      '^/api/spark/(up|down|restart|jobs)$',
      '--exclude-path',
      '/api/stream',
      // Checking an answer runs a Spark job (seconds to minutes): now that the document names
      // the exercises that exist, Schemathesis would reach it with real ids and time out.
      '--exclude-path',
      '/api/exercises/{id}/check',
      // Setting up the app's Python downloads ~320 MB into the user's folder.
      '--exclude-path',
      '/api/python/setup',
    ],
    { encoding: 'utf8', cwd: scratch },
  );
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  code = run.status ?? 1;
} catch (err) {
  console.error(`test:api: ${(err as Error).message}`);
} finally {
  await s.stop('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
