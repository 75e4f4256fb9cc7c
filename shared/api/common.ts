// What the schemas of every resource share: timestamps and the error body.
import { z } from 'zod';

export const isoTime = z.string().describe('ISO-8601 UTC timestamp');
export const nullableTime = isoTime.nullable();

export const errorSchema = z
  .object({
    error: z.string().describe('machine-readable code, e.g. pause_required'),
    message: z.string().describe('what went wrong and what to do'),
  })
  .passthrough();
