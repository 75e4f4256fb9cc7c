// The class's results (docs/teaching.md): what a student's app reports after each check (a
// summary, never code or data), the instructor's grid of students × exercises, and the
// student's side (where its reports go). Display names are checked here, for both sides.
import { z } from 'zod';
import { isoTime } from './common.ts';

/** Characters of a display name, once trimmed. */
export const DISPLAY_NAME_MAX = 40;
/** What a student may type in the name field before trimming (longer is refused at once). */
export const DISPLAY_NAME_INPUT_MAX = 200;
/** Checks of one exercise at most (the checker has a handful). */
export const CHECKS_MAX = 1000;

/**
 * Why `text` is not a display name, or undefined when it is (after trimming): 1 to 40
 * characters, none of them a control, format (bidi override, zero-width), separator-of-line,
 * surrogate or unassigned character, so a name is one plain line on the grid and in the CSV.
 */
export function displayNameProblem(text: string): string | undefined {
  const name = text.normalize('NFC').trim();
  const length = [...name].length;
  if (length === 0) return 'type a display name (1 to 40 characters)';
  if (length > DISPLAY_NAME_MAX)
    return `a display name has at most ${DISPLAY_NAME_MAX} characters (this one has ${length})`;
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(name))
    return 'a display name has only printable characters (no tabs, line breaks or control characters)';
  return undefined;
}

/** The name as it is kept and shown: NFC, trimmed. */
export function displayName(text: string): string {
  return text.normalize('NFC').trim();
}

export const STUDENT_ID_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
export const EXERCISE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

/** POST /api/class/results/report: one check's summary, from a student's app. */
export const resultReportSchema = z.strictObject({
  student_id: z
    .string()
    .regex(new RegExp(STUDENT_ID_PATTERN))
    .describe("random, made once by the student's app and kept in its data folder"),
  name: z
    .string()
    .min(1)
    // Code units: 40 characters outside the BMP (emoji) are 80; the handler counts characters.
    .max(DISPLAY_NAME_MAX * 2)
    .describe('the display name the student typed (trimmed, 1 to 40 printable characters)'),
  exercise: z.string().regex(new RegExp(EXERCISE_ID_PATTERN)).describe('e.g. 03-quarantine'),
  passed: z.number().int().min(0).max(CHECKS_MAX).describe('checks passed'),
  total: z.number().int().min(1).max(CHECKS_MAX).describe('checks in the scorecard'),
  checked_at: isoTime.max(40).describe('when the check ran, on the student’s clock'),
});
export type ResultReport = z.infer<typeof resultReportSchema>;

export const resultCellSchema = z.object({
  passed: z.number().int(),
  total: z.number().int(),
  checked_at: isoTime.describe("the student's clock"),
  received_at: isoTime.describe("the instructor's clock"),
});
export type ResultCell = z.infer<typeof resultCellSchema>;

export const studentRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  cells: z.record(z.string(), resultCellSchema).describe('by exercise id; absent: never checked'),
  last_seen: isoTime,
});
export type StudentRow = z.infer<typeof studentRowSchema>;

export const classResultsViewSchema = z.object({
  collecting: z.boolean().describe('reports are accepted (Collect results is on)'),
  lan: z.boolean().describe('LAN mode: results can be collected (serve --host)'),
  link: z
    .string()
    .nullable()
    .describe('the class link students paste into Report my checks (it carries the class token)'),
  exercises: z.array(z.object({ id: z.string(), title: z.string() })),
  students: z.array(studentRowSchema),
  limits: z.object({
    students: z.number().int(),
    name_characters: z.number().int(),
  }),
});
export type ClassResultsView = z.infer<typeof classResultsViewSchema>;

export const collectRequestSchema = z.strictObject({
  on: z.boolean().describe('true: accept reports; false: stop accepting (results are kept)'),
});

export const reportAcceptedSchema = z.object({
  accepted: z.literal(true),
  student: studentRowSchema,
});

/** The SSE `class_results` event: the rows that changed (at most once a second). */
export const classResultsEventSchema = z.object({
  collecting: z.boolean(),
  students: z.number().int().describe('students in the grid'),
  changed: z.array(studentRowSchema),
  reset: z.boolean().describe('cleared or switched: fetch GET /api/class/results again'),
});
export type ClassResultsEvent = z.infer<typeof classResultsEventSchema>;

// The student's side: where this app's reports go.

export const reportingRequestSchema = z.strictObject({
  link: z
    .string()
    .max(2048)
    .describe('the class link the instructor shows (http://192.168.1.5:18000/?token=…)'),
  name: z.string().max(DISPLAY_NAME_INPUT_MAX).describe('your display name (1 to 40 characters)'),
});

export const lastReportSchema = z.object({
  exercise: z.string().nullable(),
  ok: z.boolean(),
  at: isoTime,
  message: z.string(),
});

export const reportingStateSchema = z.object({
  on: z.boolean().describe('reports go to an instructor'),
  instructor: z.string().nullable().describe("the instructor's address (no token)"),
  name: z.string().nullable(),
  student_id: z.string().describe("this app's id in the class's results (random)"),
  last: lastReportSchema.nullable().describe('the last report or connection attempt'),
});
export type ReportingState = z.infer<typeof reportingStateSchema>;
