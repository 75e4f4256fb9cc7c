// `serve`: the scheduler, the HTTP API and the dashboard, until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveClassCode } from '../service/classroom/class-join.ts';
import { loadPreset } from '../service/dataset/presets.ts';
import { exactOrigin } from '../service/http/security.ts';
import { type RunningServer, startServer } from '../service/http/server.ts';
import { scaledClock, systemClock } from '../service/kernel/clock.ts';
import { runnerSecretFromEnv } from '../service/spark/job-runner-client.ts';
import {
  configFrom,
  DATASET_OPTIONS,
  parseInteger,
  parseSeed,
  parseUrl,
  parseWorkers,
  readJsonFile,
} from './args.ts';
import { EXIT, InputError, UsageError } from './exit-codes.ts';
import { DOCKER_DIR, EXERCISES_DIR, PRESETS_DIR, UI_DIR } from './places.ts';
import { SPARK_PORT_OPTIONS, sparkPortFlags } from './spark-port-flags.ts';

/** The preset a new dataset gets when `serve` is given none: a lively classroom cadence. */
const DEFAULT_SERVE_PRESET = 'emulated';

export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      port: { type: 'string' },
      paused: { type: 'boolean', default: false },
      host: { type: 'string' },
      'presets-dir': { type: 'string' },
      // For tests and benchmarks of long runs: the service's clock runs N times faster.
      'time-scale': { type: 'string' },
      // The generator image's mode (docker/Dockerfile): all interfaces of the container, data
      // in /data, with the token unless --no-token (or SPARK_EXPERIMENTS_NO_TOKEN=1) opts out.
      container: { type: 'boolean', default: false },
      'no-token': { type: 'boolean', default: false },
      // The Spark of the same compose project, used instead of starting one.
      'spark-master-ui': { type: 'string' },
      'spark-jobs': { type: 'string' },
      // The stack's JupyterLab as this service reaches it (http://notebook:8888 in the compose
      // project) and as a browser opens it (default http://127.0.0.1:<notebook port>).
      notebook: { type: 'string' },
      'notebook-public': { type: 'string' },
      // A UI on another origin (the earlier SPA on its dev server, a notebook widget).
      'allow-origin': { type: 'string', multiple: true },
      // A student's app: make the dataset of the instructor's class code.
      join: { type: 'string' },
      // A custom config's class: the recipe.json the instructor shares (with or without --join).
      recipe: { type: 'string' },
      // Spark's ports on 127.0.0.1 (over SPARK_EXPERIMENTS_*_PORT).
      ...SPARK_PORT_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.container && values.host)
    throw new UsageError('--container listens on all interfaces of the container; drop --host');
  if (values.container && !existsSync('/.dockerenv') && !process.env.container)
    throw new UsageError(
      '--container is for the generator image only (all interfaces of the container); outside a container use --host',
    );
  if (values['no-token'] && !values.container)
    throw new UsageError('--no-token is for --container only (on 127.0.0.1 there is no token)');
  if (Boolean(values['spark-master-ui']) !== Boolean(values['spark-jobs']))
    throw new UsageError('give --spark-master-ui and --spark-jobs together');
  const attachedSpark =
    values['spark-master-ui'] && values['spark-jobs']
      ? {
          masterUiUrl: parseUrl('--spark-master-ui', values['spark-master-ui']),
          jobsUrl: parseUrl('--spark-jobs', values['spark-jobs']),
          ...runnerSecretFromEnv(process.env),
        }
      : undefined;
  const allowedOrigins = (values['allow-origin'] ?? []).map((text) => {
    const origin = exactOrigin(text);
    if (!origin)
      throw new UsageError(
        `--allow-origin (${text}) must be one exact origin such as http://127.0.0.1:5173 (no path, no wildcard)`,
      );
    return origin;
  });
  const presetsDir = values['presets-dir'] ? resolve(values['presets-dir']) : PRESETS_DIR;
  if ((values.join || values.recipe) && (values.preset || values.config))
    throw new UsageError('--join and --recipe name the dataset: drop --preset/--config');
  const recipe = values.recipe ? readJsonFile('--recipe', values.recipe) : undefined;
  const joined =
    values.join || values.recipe ? resolveClassCode(values.join, presetsDir, recipe) : undefined;
  if (joined && !joined.ok)
    throw new InputError(`--join ${values.join ?? ''} ${values.recipe ?? ''}: ${joined.message}`);
  const config = values.preset || values.config ? configFrom(values, presetsDir) : undefined;
  const fallback = loadPreset(DEFAULT_SERVE_PRESET, presetsDir);
  if (!fallback.ok) throw new InputError(`the default preset ${DEFAULT_SERVE_PRESET} is invalid`);
  const port = values.port === undefined ? 18000 : parseInteger('--port', values.port, 0, 65535);
  const sparkPorts = sparkPortFlags(values);
  const seed = parseSeed(values.seed);
  const workers = parseWorkers(values.workers);
  const scale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(scale > 0))
    throw new UsageError(`--time-scale (${values['time-scale']}) must be a number > 0`);
  const dataDir = resolve(values['data-dir'] ?? (values.container ? '/data' : 'data'));
  const running = await startServer({
    dataDir,
    config,
    fallbackConfig: fallback.config,
    seed,
    startPaused: values.paused,
    workers,
    port,
    host: values.host,
    container: values.container,
    noToken: values['no-token'] || process.env.SPARK_EXPERIMENTS_NO_TOKEN === '1',
    clock: scale === 1 ? systemClock : scaledClock(scale),
    uiDir: UI_DIR,
    dockerDir: DOCKER_DIR,
    exercisesDir: EXERCISES_DIR,
    presetsDir,
    attachedSpark,
    sparkPorts,
    notebook: {
      probeUrl: values.notebook ? parseUrl('--notebook', values.notebook) : undefined,
      publicUrl: values['notebook-public']
        ? parseUrl('--notebook-public', values['notebook-public'])
        : undefined,
    },
    allowedOrigins,
    join: joined?.ok ? { code: joined.code, config: joined.config } : undefined,
  });
  process.stdout.write(banner(running, dataDir, allowedOrigins, values.container, values.host));
  showClassCodes(running);
  stopOnSignals(running);
}

function banner(
  running: RunningServer,
  dataDir: string,
  allowedOrigins: string[],
  container: boolean,
  host: string | undefined,
): string {
  const health = running.service.health();
  const localUrl = `http://127.0.0.1:${(running.server.address() as { port: number }).port}`;
  // On all interfaces, loopback is one of them: this machine's dashboard needs no token there.
  const listensOnLoopback = host === '0.0.0.0' || host === '::';
  return (
    `Spark Experiments generator listening on ${running.url} (preset ${health.preset}, ${health.status}, data in ${dataDir})\n` +
    (running.token
      ? `LAN mode: open this address in the class's browsers (it carries the access token): ${running.shareUrl()}\n` +
        `the class link is read-only; scripts send it as a header: curl -s -H "Authorization: Bearer ${running.token.current}" ${running.url}/api/health\n` +
        (listensOnLoopback
          ? `your dashboard with the controls (this machine only): ${localUrl}/\n` +
            `rotate the class token on this machine (shuts out every link so far): curl -s -X POST ${localUrl}/api/token/rotate\n`
          : '') +
        `admin token for changes from another machine (keep it off the projector): ${running.adminToken?.current}\n`
      : '') +
    (allowedOrigins.length > 0
      ? `also answers (CORS) pages from: ${allowedOrigins.join(', ')}\n`
      : '') +
    (running.token
      ? ''
      : `dashboard: ${running.url}/\n` + `try: curl -s ${running.url}/api/health\n`) +
    (container
      ? 'pause / resume: docker compose kill -s SIGUSR1 generator / -s SIGUSR2 generator\n'
      : `pause / resume: kill -USR1 ${process.pid} / kill -USR2 ${process.pid}\n`)
  );
}

/** The class code, whenever it changes (a new dataset, a preset switch announced or begun). */
function showClassCodes(running: RunningServer): void {
  let shownCode: string | null = null;
  const showClassCode = () => {
    const h = running.service.health();
    const code = h.pending_preset?.class_code ?? h.class_code;
    if (!code || code === shownCode) return;
    shownCode = code;
    const when = h.pending_preset?.class_code ? ` (from ${h.pending_preset.at})` : '';
    process.stdout.write(
      `class code${when}: ${code} (students: npm run serve -- --join ${code})\n`,
    );
  };
  running.service.events.on('health', showClassCode);
  showClassCode();
}

function stopOnSignals(running: RunningServer): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing the batch in flight, then stopping\n`);
    running
      .stop()
      .then(() => process.exit(EXIT.done))
      .catch((err) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        process.exit(EXIT.failed);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
