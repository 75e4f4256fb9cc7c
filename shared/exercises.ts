// The exercises of the course (exercises/*.md, front matter in YAML) and the scorecards of
// their checker: what the files may say, and what the API and the dashboard exchange.
import { z } from 'zod';

/** YAML reads an unquoted ISO time as a date; the course files may write it either way. */
const isoText = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v),
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time'),
);

export const CHECKERS = [
  'bronze',
  'timestamps',
  'quarantine',
  'silver',
  'gold',
  'off_interval',
  'dimension',
  'inactive',
  'regional',
  'arrivals',
  'watermark',
] as const;

export const exerciseSpecSchema = z.object({
  id: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'like 01-bronze'),
  title: z.string().min(1),
  checker: z.enum(CHECKERS),
  preset: z.string().min(1),
  seed: z.number().int().min(0),
  from: z.string().describe('the range of the dataset (ISO time)'),
  to: z.string(),
  table: z.object({
    path: z
      .string()
      .regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/, 'a relative path such as lake/silver')
      .describe('where the student writes the table, under the exercise folder'),
    columns: z
      .array(
        z.object({
          name: z.string(),
          type: z.string(),
          description: z.string().optional(),
        }),
      )
      .min(1),
  }),
  checks: z.array(z.string()).min(1),
  hints: z.array(z.string()),
});
export type ExerciseSpec = z.infer<typeof exerciseSpecSchema>;

/** As written in exercises/*.md: the times may be YAML dates. */
export const exerciseFileSchema = exerciseSpecSchema.extend({ from: isoText, to: isoText });

export const checkResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  expected: z.string(),
  got: z.string(),
  message: z.string().describe('what went wrong, for a failed check'),
  examples: z.array(z.string()).describe('a few of the rows behind a failure'),
});

export const scorecardSchema = z.object({
  exercise: z.string(),
  table: z.string(),
  format: z.string().nullable().describe('delta, parquet, csv or json; null when unreadable'),
  rows: z.number().int().nullable(),
  passed: z.boolean(),
  checks: z.array(checkResultSchema),
  checked_at: z.string().describe('when the check ran (ISO time)'),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const exerciseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  prepared: z.boolean().describe('its data folder is generated'),
  passed: z.boolean().nullable().describe('the last check: passed, failed, or never run (null)'),
});

export const exercisesSchema = z.object({
  exercises: z.array(exerciseSummarySchema),
});
export type ExerciseSummary = z.infer<typeof exerciseSummarySchema>;

export const exerciseViewSchema = exerciseSpecSchema.extend({
  text: z.string().describe('the task, in Markdown'),
  folder: z.string().describe('its data folder (absolute): raw/ to read, the table to write'),
  table_path: z.string().describe('absolute path of the table the check reads'),
  notebook: z.string().describe('the starter notebook, with the data folder filled in'),
  check_command: z
    .string()
    .describe('the terminal command that checks it, with the data folder (npm run check -- …)'),
  prepared: z.boolean(),
  last: scorecardSchema.nullable().describe('the last scorecard'),
});
export type ExerciseView = z.infer<typeof exerciseViewSchema>;
