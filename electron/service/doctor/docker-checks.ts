// The Docker CLI, the engine, the compose plugin and the engine's memory, one line each. The
// three `docker` calls run side by side once per doctor run and the checks share them; the
// run's signal ends them when the doctor answers.
import type { DoctorCheck } from '../../../shared/api.ts';
import { type RunResult, run } from '../platform/processes.ts';
import { gib, MEMORY_NEEDS, type StackSize, sizeForMemory } from '../spark/stack-size.ts';
import type { DoctorProbe } from './run-checks.ts';

interface EngineInfo {
  ServerVersion?: string;
  MemTotal?: number;
  NCPU?: number;
  OperatingSystem?: string;
}

export interface DockerFacts {
  cli: Promise<RunResult>;
  engine: Promise<RunResult>;
  compose: Promise<RunResult>;
}

/** Starts the three calls (each with Docker's own time limit as a backstop). */
export function dockerFacts(env: NodeJS.ProcessEnv, signal: AbortSignal): DockerFacts {
  const docker = (args: string[]) => run('docker', args, { env, timeoutMs: 20_000, signal });
  return {
    cli: docker(['version', '--format', '{{.Client.Version}}']),
    engine: docker(['info', '--format', '{{json .}}']),
    compose: docker(['compose', 'version', '--short']),
  };
}

const firstLine = (r: RunResult) =>
  (r.stderr || r.stdout)
    .trim()
    .split('\n')
    .find((l) => l.trim()) ?? `exit code ${r.code}`;

function engineInfo(r: RunResult): EngineInfo | undefined {
  if (r.code !== 0) return undefined;
  try {
    return JSON.parse(r.stdout) as EngineInfo;
  } catch {
    return undefined;
  }
}

const INSTALL =
  'install Docker Desktop (Windows, macOS) or Docker Engine with its compose plugin (Linux); without Docker, Start Spark uses a local Spark (Python, pyspark and Java)';

async function cliCheck(facts: DockerFacts): Promise<DoctorCheck> {
  const base = { id: 'docker-cli', title: 'Docker CLI' };
  const r = await facts.cli;
  if (r.notFound)
    return { ...base, status: 'problem', summary: 'no docker command on PATH', fix: INSTALL };
  // With the engine down `docker version` still prints the client's version, then fails.
  const version = r.stdout.trim().split('\n')[0];
  if (version) return { ...base, status: 'ok', summary: `docker ${version}` };
  return {
    ...base,
    status: 'problem',
    summary: `docker did not run: ${firstLine(r)}`,
    fix: INSTALL,
  };
}

async function engineCheck(facts: DockerFacts): Promise<DoctorCheck> {
  const base = { id: 'docker-engine', title: 'Docker engine' };
  if ((await facts.cli).notFound)
    return { ...base, status: 'skipped', summary: 'needs the Docker CLI' };
  const r = await facts.engine;
  const info = engineInfo(r);
  if (info?.ServerVersion) {
    const cpus = info.NCPU ? `, ${info.NCPU} CPUs` : '';
    const os = info.OperatingSystem ? ` (${info.OperatingSystem}${cpus})` : '';
    return { ...base, status: 'ok', summary: `engine ${info.ServerVersion} running${os}` };
  }
  const said = r.timedOut ? 'no answer' : firstLine(r);
  const fix = /permission denied/i.test(said)
    ? 'let your user use Docker: sudo usermod -aG docker $USER, then log out and in again'
    : 'start Docker Desktop (or the docker service: sudo systemctl start docker), then check again';
  return { ...base, status: 'problem', summary: `the Docker engine is not running: ${said}`, fix };
}

async function composeCheck(facts: DockerFacts): Promise<DoctorCheck> {
  const base = { id: 'docker-compose', title: 'Docker Compose' };
  if ((await facts.cli).notFound)
    return { ...base, status: 'skipped', summary: 'needs the Docker CLI' };
  const r = await facts.compose;
  // `--short` prints `2.36.2` (older plugins `v2.36.2`); some builds ignore it.
  const version = /v?(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1];
  if (r.code === 0 && version) return { ...base, status: 'ok', summary: `compose ${version}` };
  return {
    ...base,
    status: 'problem',
    summary: `no compose plugin: ${firstLine(r)}`,
    fix: 'install the Docker Compose v2 plugin (Debian/Ubuntu: docker-compose-plugin; Docker Desktop has it)',
  };
}

const sizeLine = (s: StackSize) =>
  `${s.name} size: a ${s.workerMemory} worker; limits master ${s.masterLimit}, worker ${s.workerLimit}, notebook ${s.notebookLimit}`;

async function memoryCheck(facts: DockerFacts): Promise<DoctorCheck> {
  const base = { id: 'docker-memory', title: 'Docker engine memory' };
  if ((await facts.cli).notFound)
    return { ...base, status: 'skipped', summary: 'needs the Docker CLI' };
  const info = engineInfo(await facts.engine);
  if (!info?.ServerVersion)
    return { ...base, status: 'skipped', summary: 'needs a running Docker engine' };
  const verdict = sizeForMemory(
    typeof info.MemTotal === 'number' && info.MemTotal > 0 ? info.MemTotal : undefined,
  );
  if (!verdict.ok)
    return {
      ...base,
      status: 'problem',
      summary: `the engine has ${gib(verdict.memoryBytes)}; the Spark stack needs at least ${MEMORY_NEEDS.floor.setGiB} GiB, so Start Spark refuses`,
      fix: `give Docker ${MEMORY_NEEDS.normal.setGiB} GB (at least ${MEMORY_NEEDS.floor.setGiB}) in Docker Desktop's Settings → Resources → Memory`,
    };
  if (verdict.memoryBytes === undefined)
    return {
      ...base,
      status: 'warn',
      summary: `the engine does not say how much memory it has; the stack will use its ${sizeLine(verdict.size)}`,
      fix: `make sure Docker has ${MEMORY_NEEDS.normal.setGiB} GB of memory (Docker Desktop: Settings → Resources → Memory)`,
    };
  const has = `the engine has ${gib(verdict.memoryBytes)}`;
  if (verdict.size.name === 'small')
    return {
      ...base,
      status: 'warn',
      summary: `${has}: the stack runs at its ${sizeLine(verdict.size)}`,
      fix: `for the normal size (a 2 GB worker) give Docker ${MEMORY_NEEDS.normal.setGiB} GB in Docker Desktop's Settings → Resources → Memory`,
    };
  return {
    ...base,
    status: 'ok',
    summary: `${has}: the stack runs at its ${sizeLine(verdict.size)}`,
  };
}

/** The four Docker probes over one set of facts, started on first use. */
export function dockerProbes(env: NodeJS.ProcessEnv, runSignal: AbortSignal): DoctorProbe[] {
  let facts: DockerFacts | undefined;
  const shared = () => {
    facts ??= dockerFacts(env, runSignal);
    return facts;
  };
  const probe = (id: string, title: string, check: (f: DockerFacts) => Promise<DoctorCheck>) => ({
    id,
    title,
    run: () => check(shared()),
  });
  return [
    probe('docker-cli', 'Docker CLI', cliCheck),
    probe('docker-engine', 'Docker engine', engineCheck),
    probe('docker-compose', 'Docker Compose', composeCheck),
    probe('docker-memory', 'Docker engine memory', memoryCheck),
  ];
}
