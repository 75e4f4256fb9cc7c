// `doctor`: checks this machine's setup for the course, one line each, ok or the problem with
// its fix; `--json` prints the report. Exit 0 when no check found a problem, else 1.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DoctorCheck, DoctorReport } from '../../shared/api.ts';
import { runDoctor } from '../service/doctor/doctor.ts';
import { sparkPortsFrom } from '../service/spark/ports.ts';
import { EXIT } from './exit-codes.ts';
import { SPARK_PORT_OPTIONS, sparkPortFlags } from './spark-port-flags.ts';

const MARK: Record<DoctorCheck['status'], string> = {
  ok: 'ok',
  warn: 'warn',
  problem: 'PROBLEM',
  skipped: 'skipped',
};

export function doctorText(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = report.checks.map((c) => {
    const head = `${MARK[c.status].padEnd(8)}${c.title.padEnd(width)}  ${c.summary}`;
    return c.fix ? `${head}\n${' '.repeat(8 + width + 2)}fix: ${c.fix}` : head;
  });
  const problems = report.checks.filter((c) => c.status === 'problem').length;
  const verdict = problems
    ? `${problems} problem${problems > 1 ? 's' : ''} to fix before Spark can run this way`
    : 'no problems found';
  return `${lines.join('\n')}\n${verdict}\n`;
}

export async function doctor(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      ...SPARK_PORT_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const report = await runDoctor({
    dataDir: resolve(values['data-dir'] ?? 'data'),
    env: process.env,
    ports: sparkPortsFrom(process.env, sparkPortFlags(values)),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report));
  if (!report.ok) process.exitCode = EXIT.failed;
}
