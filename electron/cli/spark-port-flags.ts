// `--master-ui-port`, `--master-port`, `--app-ui-port`, `--notebook-port`: Spark's ports for
// `serve` and `doctor`, over SPARK_EXPERIMENTS_*_PORT and the defaults.
import {
  SPARK_PORT_NAMES,
  SPARK_PORT_SETTINGS,
  type SparkPorts,
} from '../../shared/spark-ports.ts';
import { parseInteger } from './args.ts';

export const SPARK_PORT_OPTIONS = {
  'master-ui-port': { type: 'string' },
  'master-port': { type: 'string' },
  'app-ui-port': { type: 'string' },
  'notebook-port': { type: 'string' },
} as const;

export const SPARK_PORT_USAGE =
  '[--master-ui-port N] [--master-port N] [--app-ui-port N] [--notebook-port N]';

/** The ports given as flags (the rest come from the environment or the defaults). */
export function sparkPortFlags(values: Record<string, unknown>): Partial<SparkPorts> {
  const chosen: Partial<SparkPorts> = {};
  for (const name of SPARK_PORT_NAMES) {
    const flag = SPARK_PORT_SETTINGS[name].flag;
    const text = values[flag.slice(2)];
    if (typeof text === 'string') chosen[name] = parseInteger(flag, text, 1, 65535);
  }
  return chosen;
}
