// The setup doctor (GET /api/doctor, `npm run doctor`): one line per check, ok or the problem
// with its fix. Checks written elsewhere (Python, pyspark, Java) return the same shape.
import { z } from 'zod';
import { isoTime } from './common.ts';

export const DOCTOR_STATUSES = ['ok', 'warn', 'problem', 'skipped'] as const;

export const doctorCheckSchema = z.object({
  id: z.string().describe('stable, e.g. docker-engine, port-notebook'),
  title: z.string(),
  status: z
    .enum(DOCTOR_STATUSES)
    .describe('problem: Spark cannot start this way until it is fixed; warn: it can, with a catch'),
  summary: z.string().describe('one line: what was found'),
  fix: z.string().optional().describe('one line: what to do (warn and problem only)'),
});

export const doctorReportSchema = z
  .object({
    checked_at: isoTime,
    ok: z.boolean().describe('no check found a problem'),
    checks: z.array(doctorCheckSchema),
  })
  .describe('the setup doctor: Node, Docker, the engine memory, free disk, the ports, …');

export type DoctorCheck = z.infer<typeof doctorCheckSchema>;
export type DoctorStatus = DoctorCheck['status'];
export type DoctorReport = z.infer<typeof doctorReportSchema>;
