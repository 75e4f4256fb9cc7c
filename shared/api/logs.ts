// The structured log (GET /api/logs, the SSE `log` event), paged by cursor.
import { z } from 'zod';
import { isoTime } from './common.ts';

export const logEntrySchema = z.object({
  ts: isoTime,
  level: z.enum(['debug', 'info', 'warning', 'error']),
  message: z.string(),
  source: z.string(),
  context: z.record(z.string(), z.unknown()),
  cursor: z.string().describe('pass as since= or before= to page from this entry'),
});

export const logPageSchema = z.object({
  entries: z.array(logEntrySchema).describe('newest first'),
  totalReturned: z.number().int(),
  nextSince: z
    .string()
    .nullable()
    .describe('cursor of the newest entry returned: poll with since=nextSince'),
  nextBefore: z
    .string()
    .nullable()
    .describe('cursor of the oldest entry returned: page back with before=nextBefore'),
  limit: z
    .number()
    .int()
    .optional()
    .describe('the limit used: the one asked for, clamped to 1..1000 (100 when not a number)'),
});

export type LogEntry = z.infer<typeof logEntrySchema>;
export type LogPage = z.infer<typeof logPageSchema>;
