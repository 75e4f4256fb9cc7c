// The setup doctor's facade: every check side by side (run-checks.ts), one line each, for the
// CLI (`npm run doctor`), GET /api/doctor and the Check my setup view.
import type { DoctorReport } from '../../../shared/api.ts';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { stackPublishedPorts } from '../spark/ports.ts';
import { diskProbe } from './disk-check.ts';
import { dockerProbes } from './docker-checks.ts';
import { localPathChecks } from './local-path-checks.ts';
import { nodeProbe } from './node-check.ts';
import { type OwnPorts, portProbes } from './port-checks.ts';
import { type PlainCheck, runChecks } from './run-checks.ts';

export type { PlainCheck } from './run-checks.ts';

export interface DoctorOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  ports: SparkPorts;
  /** Ports this app's Spark holds besides its stack's (a running local cluster). */
  ownPorts?: () => readonly number[];
  /** Checks of the local path (default: Python, pyspark and Java for Spark without Docker). */
  extraChecks?: readonly PlainCheck[];
  /** Each check's time limit (default 6 s). */
  timeoutMs?: number;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const done = new AbortController();
  const ours: OwnPorts = async (signal) => {
    const held = await stackPublishedPorts(options.env, signal);
    for (const port of options.ownPorts?.() ?? []) held.add(port);
    return held;
  };
  const checks = await runChecks(
    [
      nodeProbe,
      ...dockerProbes(options.env, done.signal),
      diskProbe(options.dataDir, options.env),
      ...portProbes(options.ports, ours),
      ...(options.extraChecks ?? localPathChecks(options.env)),
    ],
    { timeoutMs: options.timeoutMs, done },
  );
  return {
    checked_at: new Date().toISOString(),
    ok: checks.every((c) => c.status !== 'problem'),
    checks,
  };
}
