// The four Spark ports on 127.0.0.1: free, held by this app's own Spark (its stack or its
// local cluster), or held by another program, with the setting that moves it.
import type { DoctorCheck } from '../../../shared/api.ts';
import {
  SPARK_PORT_NAMES,
  SPARK_PORT_SETTINGS,
  type SparkPortName,
  type SparkPorts,
} from '../../../shared/spark-ports.ts';
import { howToSet, portHolder } from '../spark/ports.ts';
import type { DoctorProbe } from './run-checks.ts';

/** The ports this app's own Spark holds now (its compose stack's, its local cluster's). */
export type OwnPorts = (signal: AbortSignal) => Promise<Set<number>>;

async function portCheck(
  base: { id: string; title: string },
  name: SparkPortName,
  port: number,
  ours: OwnPorts,
  signal: AbortSignal,
): Promise<DoctorCheck> {
  const holder = await portHolder(port, () => ours(signal));
  if (holder === 'free') return { ...base, status: 'ok', summary: `127.0.0.1:${port} is free` };
  if (holder === 'ours')
    return { ...base, status: 'ok', summary: `127.0.0.1:${port} is used by this app's Spark` };
  return {
    ...base,
    status: 'problem',
    summary: `127.0.0.1:${port} is used by another program, so Spark cannot start`,
    fix: `${howToSet(name)}, or stop that program`,
  };
}

export function portProbes(ports: SparkPorts, ours: OwnPorts): DoctorProbe[] {
  return SPARK_PORT_NAMES.map((name) => {
    const setting = SPARK_PORT_SETTINGS[name];
    const base = {
      id: `port-${setting.field.replace('_', '-')}`,
      title: `Port ${ports[name]} (${setting.label})`,
    };
    return { ...base, run: (signal) => portCheck(base, name, ports[name], ours, signal) };
  });
}
