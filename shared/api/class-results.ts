// The class's results (docs/teaching.md): what a student's app reports after each check (a
// summary, never code or data), the instructor's grid of students × exercises, and the
// student's side (where its reports go). Display names: ../display-name.ts.
import { z } from 'zod';
import { DISPLAY_NAME_INPUT_MAX, DISPLAY_NAME_MAX } from '../display-name.ts';
import { isoTime } from './common.ts';

export {
  DISPLAY_NAME_INPUT_MAX,
  DISPLAY_NAME_MAX,
  displayName,
  displayNameProblem,
} from '../display-name.ts';
/** Checks of one exercise at most (the checker has a handful). */
export const CHECKS_MAX = 1000;
/** Hints a report may say were used, at most (an exercise has a handful). */
export const HINTS_MAX = 1000;

/**
 * The optional fields of a report this app's instructor side accepts, advertised in GET
 * /api/health as `class_results.accepts`. A student's app sends such a field only to an
 * instructor that lists it: an older one refuses a report with a field it does not know (400).
 */
export const REPORT_ACCEPTS = ['hints_used'] as const;

export const hintsUsedSchema = z.number().int().min(0).max(HINTS_MAX);

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
  hints_used: hintsUsedSchema
    .optional()
    .describe(
      "hints the student had revealed when the check ran; sent only to an app whose GET /api/health lists it in class_results.accepts (an older instructor's app refuses it)",
    ),
});
export type ResultReport = z.infer<typeof resultReportSchema>;

export const resultCellSchema = z.object({
  passed: z.number().int(),
  total: z.number().int(),
  checked_at: isoTime.describe("the student's clock"),
  received_at: isoTime.describe("the instructor's clock"),
  hints_used: hintsUsedSchema
    .optional()
    .describe("hints the student had revealed; absent when the student's app did not say"),
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
