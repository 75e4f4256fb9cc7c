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
  'layout',
] as const;

export const HINT_TIERS = ['idea', 'api', 'code'] as const;
export type HintTier = (typeof HINT_TIERS)[number];

export const hintSchema = z.object({
  tier: z.enum(HINT_TIERS).describe('idea first, then the API, then code'),
  text: z.string().min(1),
});
export type Hint = z.infer<typeof hintSchema>;

/** The tier of the i-th of n hints written as plain strings: the first an idea, the last code. */
export function tierByPosition(i: number, n: number): HintTier {
  if (i === 0) return 'idea';
  return i === n - 1 ? 'code' : 'api';
}

/**
 * Hints as the course files write them: tiered objects in order (at least one idea, one API
 * and one code hint, code last), or the older list of strings, tiered by position.
 */
const fileHints = z.preprocess((value, ctx) => {
  if (!Array.isArray(value)) return value;
  if (value.every((h) => typeof h === 'string'))
    return value.map((text, i): Hint => ({ tier: tierByPosition(i, value.length), text }));
  const tiers = value.map((h) => HINT_TIERS.indexOf((h as Partial<Hint> | null)?.tier as HintTier));
  if (tiers.includes(-1)) return value; // the schema names what is wrong with it
  for (const [tier, name] of HINT_TIERS.entries())
    if (!tiers.includes(tier))
      ctx.addIssue({ code: 'custom', message: `needs at least one ${name} hint`, input: value });
  for (let i = 1; i < tiers.length; i++)
    if ((tiers[i] as number) < (tiers[i - 1] as number))
      ctx.addIssue({
        code: 'custom',
        message: `hint ${i + 1} (${HINT_TIERS[tiers[i] as number]}) comes after a ${HINT_TIERS[tiers[i - 1] as number]} hint: write them idea, then api, then code`,
        input: value,
      });
  return value;
}, z.array(hintSchema));

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
  hints: z.array(hintSchema),
  streaming: z.boolean().default(false).describe('the task is a Structured Streaming query'),
  release: z
    .object({
      mid: z
        .string()
        .describe('Prepare writes [from, mid); Release more data writes [mid, to) (ISO time)'),
    })
    .optional()
    .describe('graded in two parts: the query is restarted from its checkpoint in between'),
});
export type ExerciseSpec = z.infer<typeof exerciseSpecSchema>;

/** As written in exercises/*.md: the times may be YAML dates, the hints plain strings. */
export const exerciseFileSchema = exerciseSpecSchema
  .extend({
    from: isoText,
    to: isoText,
    hints: fileHints,
    release: z.object({ mid: isoText }).optional(),
  })
  .superRefine((e, ctx) => {
    if (!(Date.parse(e.to) > Date.parse(e.from)))
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from (${e.from})` });
    if (!e.release) return;
    const mid = Date.parse(e.release.mid);
    if (Number.isNaN(mid)) return; // said already: must be an ISO time
    if (!(mid > Date.parse(e.from) && mid < Date.parse(e.to)))
      ctx.addIssue({
        code: 'custom',
        path: ['release', 'mid'],
        message: `${e.release.mid} must be strictly between from (${e.from}) and to (${e.to})`,
      });
  });

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
  hints_used: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('hints the student had revealed when the check ran (absent from older checkers)'),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

/** What the course list and one exercise's view both say about the student's progress. */
const progress = {
  streaming: z.boolean(),
  released: z
    .boolean()
    .nullable()
    .describe(
      'graded in two parts: the rest of the data is released (true) or not yet (false); null for a one-part exercise',
    ),
  hints_total: z.number().int().min(0),
  hints_revealed: z.number().int().min(0).describe('hints the student has shown, one at a time'),
};

export const exerciseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  prepared: z.boolean().describe('its data folder is generated'),
  passed: z.boolean().nullable().describe('the last check: passed, failed, or never run (null)'),
  ...progress,
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
  prepared: z.boolean().describe('its data (the first part, for a two-part exercise) is written'),
  last: scorecardSchema.nullable().describe('the last scorecard'),
  ...progress,
});
export type ExerciseView = z.infer<typeof exerciseViewSchema>;
