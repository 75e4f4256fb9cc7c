// Which ports the cluster uses (settings: the service's options, then the environment, then
// the defaults), who holds each one now, and the one-line refusal that names the setting to
// change. A port published by this project's own compose stack is ours, not in the way.
import {
  DEFAULT_SPARK_PORTS,
  SPARK_PORT_NAMES,
  SPARK_PORT_SETTINGS,
  type SparkPortName,
  type SparkPorts,
} from '../../../shared/spark-ports.ts';
import { CodedError, ServiceError } from '../kernel/errors.ts';
import { portInUse, run } from '../platform/processes.ts';
import { PROJECT } from './docker.ts';

/** A port setting that is not a port, or two settings that name the same port. */
export class PortSettingError extends CodedError {}

export function parsePort(name: string, text: string): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535)
    throw new PortSettingError(
      'bad_port',
      `${name} (${text}) must be a whole number from 1 to 65535`,
    );
  return port;
}

/**
 * The ports to use: `chosen` (the service's options, `serve` flags) over the environment's
 * SPARK_EXPERIMENTS_*_PORT over the defaults. Two of them on one port is refused.
 */
export function sparkPortsFrom(
  env: NodeJS.ProcessEnv,
  chosen: Partial<SparkPorts> = {},
): SparkPorts {
  const ports = { ...DEFAULT_SPARK_PORTS };
  for (const name of SPARK_PORT_NAMES) {
    const setting = SPARK_PORT_SETTINGS[name];
    const fromEnv = env[setting.env];
    const picked = chosen[name];
    if (picked !== undefined) ports[name] = parsePort(setting.flag, String(picked));
    else if (fromEnv !== undefined && fromEnv !== '') ports[name] = parsePort(setting.env, fromEnv);
  }
  for (const [i, a] of SPARK_PORT_NAMES.entries()) {
    for (const b of SPARK_PORT_NAMES.slice(i + 1)) {
      if (ports[a] === ports[b])
        throw new PortSettingError(
          'bad_port',
          `${SPARK_PORT_SETTINGS[a].label} and ${SPARK_PORT_SETTINGS[b].label} are both set to port ${ports[a]}: give each its own port`,
        );
    }
  }
  return ports;
}

/** The compose file's port variables for these ports. */
export function composePortEnv(ports: SparkPorts): Record<string, string> {
  return Object.fromEntries(
    SPARK_PORT_NAMES.map((name) => [SPARK_PORT_SETTINGS[name].env, String(ports[name])]),
  );
}

/** How to set a port, fitting every way the app is started. */
export function howToSet(name: SparkPortName): string {
  const s = SPARK_PORT_SETTINGS[name];
  return `set ${s.flag} / ${s.env} to a free port`;
}

export function portInUseError(name: SparkPortName, port: number): ServiceError {
  return new ServiceError(
    409,
    'port_in_use',
    `port ${port} is taken by another program on 127.0.0.1 (${SPARK_PORT_SETTINGS[name].label}): ${howToSet(name)}, or stop that program`,
  );
}

/** The host ports on 127.0.0.1 that this project's containers publish (none without Docker). */
export async function stackPublishedPorts(
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<Set<number>> {
  const ps = await run(
    'docker',
    ['ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Ports}}'],
    { env, timeoutMs: 10_000, signal },
  );
  const ports = new Set<number>();
  if (ps.code !== 0) return ports;
  // `127.0.0.1:17080->8080/tcp, 127.0.0.1:17077->7077/tcp`
  for (const m of ps.stdout.matchAll(/(?:127\.0\.0\.1|0\.0\.0\.0|\[::\]|::):(\d+)->/g))
    ports.add(Number(m[1]));
  return ports;
}

export type PortHolder = 'free' | 'ours' | 'other';

/** Who holds one port now: nobody, this project's stack, or another program. */
export async function portHolder(
  port: number,
  ours: () => Promise<Set<number>>,
  taken: (ports: readonly number[]) => Promise<number | undefined> = portInUse,
): Promise<PortHolder> {
  if ((await taken([port])) === undefined) return 'free';
  return (await ours()).has(port) ? 'ours' : 'other';
}

/** The first of `names` held by another program, as the refusal to throw; else undefined. */
export async function foreignPort(
  ports: SparkPorts,
  names: readonly SparkPortName[],
  env: NodeJS.ProcessEnv,
  taken: (ports: readonly number[]) => Promise<number | undefined> = portInUse,
): Promise<ServiceError | undefined> {
  let published: Promise<Set<number>> | undefined;
  const ours = () => {
    published ??= stackPublishedPorts(env);
    return published;
  };
  for (const name of names) {
    if ((await portHolder(ports[name], ours, taken)) === 'other')
      return portInUseError(name, ports[name]);
  }
  return undefined;
}
