// Headless entry point: `serve`, `generate`, `validate`, `presets`. Same service code as the
// desktop app. Exit codes: 0 done, 1 failed while working, 2 bad input, 3 disk full.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConfigResult, GeneratorConfig } from '../shared/config.ts';
import { parseIsoMs } from '../shared/iso-time.ts';
import { classCodeFor, recipeText } from '../shared/recipe.ts';
import { AnswersError, writeAnswers } from './service/answers.ts';
import { resolveClassCode } from './service/class-join.ts';
import { scaledClock, systemClock } from './service/clock/clock.ts';
import { GenerateError, ListenError, ServiceError, StoreError } from './service/errors.ts';
import { Course } from './service/exercises.ts';
import { type GenerateProgress, generateRange } from './service/generate.ts';
import { exactOrigin } from './service/http/security.ts';
import { startServer } from './service/http/server.ts';
import { createLogger } from './service/logs/logger.ts';
import { DataDirInUseError } from './service/platform/data-folder-lock.ts';
import { defaultWorkerCount } from './service/pool/worker-pool.ts';
import { loadConfigFile, loadPreset, presetNames } from './service/presets.ts';
import { scorecardText } from './service/scorecard-text.ts';
import { dataPaths } from './service/store/paths.ts';
import { epochFromRecord, stateSchema } from './service/store/state.ts';

// presets/ and the built dashboard sit beside this file's folder both in the repository
// (electron/cli.ts) and in the generator image's bundle (dist-server/cli.mjs).
const PRESETS_DIR = resolve(import.meta.dirname, '..', 'presets');
const UI_DIR = resolve(import.meta.dirname, '..', 'renderer', 'dist');
const DOCKER_DIR = resolve(import.meta.dirname, '..', 'docker');
const EXERCISES_DIR = resolve(import.meta.dirname, '..', 'exercises');

const USAGE = `Usage:
  npm run serve -- [--preset NAME | --config FILE] [--data-dir DIR] [--port N]
                   [--seed N] [--paused] [--workers N] [--host ADDR] [--presets-dir DIR]
                   [--allow-origin ORIGIN]... [--join CLASS-CODE] [--recipe FILE]
                   [--container]
                   [--spark-master-ui URL --spark-jobs URL]
  npm run generate -- (--preset NAME | --config FILE) --from ISO --to ISO
                      [--data-dir DIR] [--seed N] [--workers N] [--fsync]
  npm run validate -- FILE...
  npm run presets
  npm run recipe -- [--data-dir DIR] [--out recipe.json]
  npm run answers -- [--data-dir DIR] [--from ISO] [--to ISO] [--out DIR] [--format csv|jsonl]
  npm run exercises -- [list | prepare ID] [--data-dir DIR] [--json]
  npm run check -- --exercise ID [--table PATH] [--data-dir DIR] [--json]`;

class UsageError extends Error {}

/** A full disk: the user's fix is space, not different input. */
const EXIT_DISK_FULL = 3;

function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${message}\n`);
  if (code === 2) process.stderr.write(`\n${USAGE}\n`);
  process.exit(code);
}

/** ISO-8601 instant; a date alone is UTC midnight, a time without a zone is taken as UTC. */
export function parseInstant(option: string, text: string): number {
  const ms = parseIsoMs(text);
  if (ms === undefined) {
    throw new UsageError(
      `${option} (${text}) is not a valid ISO-8601 date/time such as 2024-01-01T00:00:00Z`,
    );
  }
  return ms;
}

function parseUrl(option: string, text: string): string {
  if (!/^https?:\/\/[^\s/]+$/.test(text.replace(/\/$/, '')))
    throw new UsageError(
      `${option} (${text}) must be an http:// address such as http://spark-master:8080`,
    );
  return text.replace(/\/$/, '');
}

function parseInteger(option: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} (${text}) must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function configFrom(
  values: { preset?: string | undefined; config?: string | undefined },
  presetsDir = PRESETS_DIR,
): GeneratorConfig {
  if (values.preset && values.config)
    throw new UsageError('give either --preset or --config, not both');
  if (!values.preset && !values.config)
    throw new UsageError('--preset NAME or --config FILE is required');
  const result: ConfigResult = values.preset
    ? loadPreset(values.preset, presetsDir)
    : loadConfigFile(values.config as string);
  if (!result.ok) {
    const source = values.preset ? `preset ${values.preset}` : (values.config as string);
    throw new UsageError(
      `${source} is invalid:\n${result.issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
  }
  return result.config;
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function progressLine(p: GenerateProgress): string {
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const rate = p.elapsedSeconds > 0 ? p.events / p.elapsedSeconds : 0;
  const eta = p.done > 0 ? (p.elapsedSeconds * (p.total - p.done)) / p.done : 0;
  return `[${String(pct).padStart(3)}%] ${p.done}/${p.total} batches  ${formatCount(p.events)} events  ${formatCount(rate)} events/s  ETA ${Math.ceil(eta)}s`;
}

/** Options `generate` and `serve` share: what to generate, where, how. */
const DATASET_OPTIONS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
} as const;

async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      fsync: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = configFrom(values);
  if (!values.from || !values.to) throw new UsageError('--from and --to are required');
  const fromMs = parseInstant('--from', values.from);
  const toMs = parseInstant('--to', values.to);
  if (toMs <= fromMs)
    throw new UsageError(`--to (${values.to}) must be after --from (${values.from})`);
  const seed =
    values.seed === undefined ? undefined : parseInteger('--seed', values.seed, 0, 2 ** 32 - 1);
  const workers =
    values.workers === undefined
      ? defaultWorkerCount()
      : parseInteger('--workers', values.workers, 1, 256);
  const dataDir = resolve(values['data-dir'] ?? 'data');

  const log = createLogger({ dir: dataPaths(dataDir).logs, component: 'generate' });
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write(
      '\ninterrupted: finishing the batch being committed, discarding the rest\n',
    );
    abort.abort();
  });
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const summary = await generateRange({
    dataDir,
    config,
    seed,
    fromMs,
    toMs,
    workers,
    log,
    durable: values.fsync,
    signal: abort.signal,
    onProgress: (p) => {
      if (p.total < 2) return;
      if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
      else if (performance.now() - lastLine > 5000 || p.done === p.total) {
        lastLine = performance.now();
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
  });
  if (tty) process.stderr.write('\n');
  const out = [
    `${summary.interrupted ? 'interrupted after' : 'generated'} ${summary.driverBatches} driver batches and ${summary.companyBatches} company batches into ${dataDir} (preset ${config.name}, seed ${summary.seed})`,
    summary.alreadyPresent > 0
      ? `skipped ${summary.alreadyPresent} driver batches already present`
      : '',
    `batches: ${summary.driverBatches + summary.companyBatches}`,
    `events: ${formatCount(summary.events)} valid, ${formatCount(summary.corrupted)} defective lines, ${formatCount(summary.bytes / 1e6)} MB`,
    `events/s: ${formatCount(summary.eventsPerSecond)} (${summary.seconds.toFixed(2)} s, ${summary.workerThreads === 0 ? 'light enough to run without worker threads' : `${summary.workerThreads} worker${summary.workerThreads === 1 ? '' : 's'}`})`,
  ];
  process.stdout.write(`${out.filter(Boolean).join('\n')}\n`);
  if (summary.interrupted) process.exit(130);
}

/** The preset a new dataset gets when `serve` is given none: a lively classroom cadence. */
const DEFAULT_SERVE_PRESET = 'emulated';

async function serve(args: string[]): Promise<void> {
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
      // The generator image's mode (docker/Dockerfile): all interfaces of the container, no
      // token (the port is published on 127.0.0.1 only), data in /data.
      container: { type: 'boolean', default: false },
      // The Spark of the same compose project, used instead of starting one.
      'spark-master-ui': { type: 'string' },
      'spark-jobs': { type: 'string' },
      // A UI on another origin (the earlier SPA on its dev server, a notebook widget).
      'allow-origin': { type: 'string', multiple: true },
      // A student's app: make the dataset of the instructor's class code.
      join: { type: 'string' },
      // A custom config's class: the recipe.json the instructor shares (with or without --join).
      recipe: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.container && values.host)
    throw new UsageError('--container listens on all interfaces of the container; drop --host');
  if (values.container && !existsSync('/.dockerenv') && !process.env.container)
    throw new UsageError(
      '--container is for the generator image only (no token on any interface); outside a container use --host',
    );
  if (Boolean(values['spark-master-ui']) !== Boolean(values['spark-jobs']))
    throw new UsageError('give --spark-master-ui and --spark-jobs together');
  const attachedSpark =
    values['spark-master-ui'] && values['spark-jobs']
      ? {
          masterUiUrl: parseUrl('--spark-master-ui', values['spark-master-ui']),
          jobsUrl: parseUrl('--spark-jobs', values['spark-jobs']),
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
    throw new UsageError(`--join ${values.join ?? ''} ${values.recipe ?? ''}: ${joined.message}`);
  const config = values.preset || values.config ? configFrom(values, presetsDir) : undefined;
  const fallback = loadPreset(DEFAULT_SERVE_PRESET, presetsDir);
  if (!fallback.ok) throw new UsageError(`the default preset ${DEFAULT_SERVE_PRESET} is invalid`);
  const port = values.port === undefined ? 18000 : parseInteger('--port', values.port, 0, 65535);
  const seed =
    values.seed === undefined ? undefined : parseInteger('--seed', values.seed, 0, 2 ** 32 - 1);
  const workers =
    values.workers === undefined
      ? defaultWorkerCount()
      : parseInteger('--workers', values.workers, 1, 256);
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
    clock: scale === 1 ? systemClock : scaledClock(scale),
    uiDir: UI_DIR,
    dockerDir: DOCKER_DIR,
    exercisesDir: EXERCISES_DIR,
    presetsDir,
    attachedSpark,
    allowedOrigins,
    join: joined?.ok ? { code: joined.code, config: joined.config } : undefined,
  });
  const health = running.service.health();
  process.stdout.write(
    `Spark Experiments generator listening on ${running.url} (preset ${health.preset}, ${health.status}, data in ${dataDir})\n` +
      (running.token
        ? `LAN mode: open this address in the class's browsers (it carries the access token): ${running.shareUrl()}\n` +
          `scripts send the token as a header: curl -s -H "Authorization: Bearer ${running.token.current}" ${running.url}/api/health\n` +
          `rotate it on this machine (shuts out every link so far): curl -s -X POST -H "Authorization: Bearer ${running.token.current}" ${running.url.replace('//0.0.0.0:', '//127.0.0.1:')}/api/token/rotate\n`
        : '') +
      (allowedOrigins.length > 0
        ? `also answers (CORS) pages from: ${allowedOrigins.join(', ')}\n`
        : '') +
      (running.token
        ? ''
        : `dashboard: ${running.url}/\n` + `try: curl -s ${running.url}/api/health\n`) +
      (values.container
        ? 'pause / resume: docker compose kill -s SIGUSR1 generator / -s SIGUSR2 generator\n'
        : `pause / resume: kill -USR1 ${process.pid} / kill -USR2 ${process.pid}\n`),
  );
  // The class code, whenever it changes (a new dataset, a preset switch announced or begun).
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
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing the batch in flight, then stopping\n`);
    running
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function validate(files: string[]): void {
  if (files.length === 0) throw new UsageError('give one or more config files to validate');
  let invalid = 0;
  for (const file of files) {
    const result = loadConfigFile(file);
    if (result.ok) {
      process.stdout.write(`ok       ${file} (${result.config.name})\n`);
    } else {
      invalid++;
      process.stdout.write(
        `invalid  ${file}\n${result.issues.map((i) => `  - ${i.message}`).join('\n')}\n`,
      );
    }
  }
  if (invalid > 0) {
    process.stderr.write(
      `${invalid} of ${files.length} config file${files.length === 1 ? ' is' : 's are'} invalid\n`,
    );
    process.exit(2);
  }
}

function readJsonFile(option: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${option}: ${file} is not JSON`);
  }
}

/** `recipe`: the recipe of a data folder's dataset, to share with a class (stdout or --out). */
function exportRecipe(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const dataDir = resolve(values['data-dir'] ?? 'data');
  const file = dataPaths(dataDir).state;
  if (!existsSync(file)) throw new UsageError(`${dataDir} holds no dataset (no ${file})`);
  const state = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  const record = state.success ? state.data.epochs.at(-1) : undefined;
  if (!record) throw new UsageError(`${dataDir} holds no dataset yet`);
  const epoch = epochFromRecord(record);
  const text = recipeText(epoch.config, epoch);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  process.stderr.write(
    `class code: ${classCodeFor(epoch)}${values.out ? ` (recipe in ${values.out})` : ''}\n`,
  );
}

/** `answers`: the answer key of a data folder's dataset, from the engine, as files. */
async function answers(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format;
  if (format !== 'csv' && format !== 'jsonl')
    throw new UsageError(`--format (${format}) must be csv or jsonl`);
  const dataDir = resolve(values['data-dir'] ?? 'data');
  const range = {
    fromS:
      values.from === undefined ? undefined : Math.ceil(parseInstant('--from', values.from) / 1000),
    toS: values.to === undefined ? undefined : Math.ceil(parseInstant('--to', values.to) / 1000),
  };
  if (range.fromS !== undefined && range.toS !== undefined && range.toS <= range.fromS)
    throw new UsageError(`--to (${values.to}) must be after --from (${values.from})`);
  const outDir = resolve(values.out ?? join(dataDir, 'answers'));
  const tty = process.stderr.isTTY;
  let last = performance.now();
  const { summary, files } = await writeAnswers(dataDir, outDir, {
    range,
    format,
    onBatch: (done, total) => {
      if (total < 50 || (performance.now() - last < 1000 && done < total)) return;
      last = performance.now();
      const line = `[${String(Math.floor((100 * done) / total)).padStart(3)}%] ${done}/${total} batches`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
  });
  if (tty && summary.batches >= 50) process.stderr.write('\n');
  const kinds = Object.entries(summary.defects)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(', ');
  process.stdout.write(
    [
      `answer key of ${summary.batches} driver batches (${summary.first_batch ?? '-'} .. ${summary.last_batch ?? '-'}) in ${dataDir}`,
      `lines: ${formatCount(summary.lines)} (bronze)`,
      `valid events: ${formatCount(summary.valid_events)} (silver)`,
      `defective lines: ${formatCount(summary.defective_lines)}${kinds ? ` (${kinds})` : ''} (quarantine)`,
      `gold: ${formatCount(summary.gold.rows)} company-intervals, ${formatCount(summary.gold.delivered)} deliveries`,
      `files: ${files.join(', ')}`,
    ].join('\n') + '\n',
  );
}

function courseFor(dataDirOption: string | undefined): Course {
  const dataDir = resolve(dataDirOption ?? 'data');
  return new Course({
    exercisesDir: EXERCISES_DIR,
    presetsDir: PRESETS_DIR,
    dataDir,
    log: createLogger({ dir: undefined, component: 'exercises' }),
  });
}

/** `exercises`: the course with progress, or `prepare ID`: its data and starter notebook. */
async function exercises(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const course = courseFor(values['data-dir']);
  const [action = 'list', id, ...more] = positionals;
  if (more.length > 0) throw new UsageError(`unexpected ${more.join(' ')}`);
  if (action === 'list') {
    if (values.json) {
      process.stdout.write(`${JSON.stringify(course.exercises.map((e) => course.view(e.id)))}\n`);
      return;
    }
    for (const s of course.summaries()) {
      const mark = s.passed === true ? '✓' : s.passed === false ? '✗' : ' ';
      process.stdout.write(
        `${mark} ${s.id.padEnd(16)} ${s.title}${s.prepared ? '' : '  (not prepared)'}\n`,
      );
    }
    return;
  }
  if (action !== 'prepare' || !id) throw new UsageError('use: exercises [list | prepare ID]');
  if (!course.exercises.some((e) => e.id === id))
    throw new UsageError(
      `there is no exercise ${id}: ${course.exercises.map((e) => e.id).join(', ')}`,
    );
  const view = await course.prepare(id);
  process.stdout.write(
    values.json
      ? `${JSON.stringify(view)}\n`
      : `prepared ${id} (${view.preset}, ${view.from} .. ${view.to}) in ${view.folder}\nstarter notebook: ${view.notebook}\nwrite the table to: ${view.table_path}\n`,
  );
}

/** `check`: the scorecard of the student's table; exit 0 when every check passed, else 1. */
async function check(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      exercise: { type: 'string' },
      table: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const course = courseFor(values['data-dir']);
  if (!values.exercise)
    throw new UsageError(`--exercise is required: ${course.exercises.map((e) => e.id).join(', ')}`);
  if (!course.exercises.some((e) => e.id === values.exercise))
    throw new UsageError(
      `there is no exercise ${values.exercise}: ${course.exercises.map((e) => e.id).join(', ')}`,
    );
  process.stderr.write(`checking ${values.exercise} with Spark…\n`);
  const card = await course.check(
    values.exercise,
    values.table ? resolve(values.table) : undefined,
  );
  process.stdout.write(
    values.json ? `${JSON.stringify(card)}\n` : scorecardText(card, process.stdout.isTTY),
  );
  if (!card.passed) process.exit(1);
}

function presets(): void {
  for (const name of presetNames(PRESETS_DIR)) {
    const result = loadPreset(name, PRESETS_DIR);
    process.stdout.write(
      result.ok
        ? `${name.padEnd(18)} ${result.config.description}\n`
        : `${name.padEnd(18)} (invalid: ${result.issues[0]?.message})\n`,
    );
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === 'serve') await serve(rest);
    else if (command === 'generate') await generate(rest);
    else if (command === 'validate') validate(rest);
    else if (command === 'presets') presets();
    else if (command === 'recipe') exportRecipe(rest);
    else if (command === 'answers') await answers(rest);
    else if (command === 'exercises') await exercises(rest);
    else if (command === 'check') await check(rest);
    else if (command === undefined || command === '--help' || command === '-h')
      process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message);
    // The one line naming the other writer, without usage text: the input was fine.
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`error: ${err.code}: ${err.message}\n`);
      process.exit(2);
    }
    if ((err instanceof StoreError || err instanceof GenerateError) && err.code === 'disk_full')
      fail(`${err.code}: ${err.message}`, EXIT_DISK_FULL);
    if (err instanceof AnswersError) fail(`${err.code}: ${err.message}`);
    if (err instanceof StoreError || err instanceof ListenError || err instanceof ServiceError)
      fail(`${err.code}: ${err.message}`);
    if (err instanceof GenerateError) {
      fail(`${err.code}: ${err.message}`, err.code === 'generation_failed' ? 1 : 2);
    }
    // parseArgs reports unknown or malformed options this way.
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      fail((err as Error).message);
    throw err;
  }
}

await main(process.argv.slice(2));
