// A test-only course (exercises/ of its own) with a two-part streaming exercise and a one-part
// one, for the tests of Release more data and tiered hints: the real course's files are being
// rewritten, and its exercises' ranges are theirs to choose. The starter notebook, the notebook
// helper and the checker are the repository's (01-bronze's starter serves both).
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_EXERCISES_DIR } from '../service/classroom/exercises.ts';

export const TWO_PART = '01-stream-fixture';
export const ONE_PART = '02-batch-fixture';

export interface TwoPartOptions {
  preset?: string;
  from?: string;
  mid?: string;
  to?: string;
  /** false: the same exercise in one part (Prepare writes [from, to) at once). */
  release?: boolean;
  /** One-part exercises after the two, to make a course of twelve (a long list). */
  more?: number;
}

/** The id of the n-th of `more` exercises (n from 3). */
export const moreId = (n: number) => `${String(n).padStart(2, '0')}-more-fixture`;

/**
 * Writes the course into `dir` (its exercises/ folder) and returns `dir`. The checker reads
 * docker/spark/jobs beside exercises/, so `dir`'s parent gets a docker link to the repository's.
 */
export function writeTwoPartCourse(dir: string, options: TwoPartOptions = {}): string {
  const preset = options.preset ?? 'quality-injection';
  const from = options.from ?? '2024-01-01T00:00:00Z';
  const mid = options.mid ?? '2024-01-01T01:00:00Z';
  const to = options.to ?? '2024-01-01T02:00:00Z';
  mkdirSync(join(dir, 'starters'), { recursive: true });
  const docker = join(dirname(dir), 'docker');
  if (!existsSync(docker))
    symlinkSync(join(DEFAULT_EXERCISES_DIR, '..', 'docker'), docker, 'junction');
  for (const part of ['notebook', 'checker'])
    cpSync(join(DEFAULT_EXERCISES_DIR, part), join(dir, part), { recursive: true });
  const table = `table:
  path: lake/bronze
  columns:
    - { name: batch_id, type: string }
    - { name: raw, type: string }
checks:
  - every line exactly once
`;
  writeFileSync(
    join(dir, `${TWO_PART}.md`),
    `---
id: ${TWO_PART}
title: Stream bronze in two parts
checker: bronze
preset: ${preset}
seed: 42
from: ${from}
to: ${to}
streaming: true
${options.release === false ? '' : `release: { mid: ${mid} }\n`}${table}hints:
  - { tier: idea, text: "A stream remembers what it read in its checkpoint." }
  - { tier: api, text: "spark.readStream.text with option maxFilesPerTrigger." }
  - { tier: code, text: "query = df.writeStream.option('checkpointLocation', cp).trigger(availableNow=True)" }
---
Read the lines as a stream, twice: before and after the release.
`,
  );
  writeFileSync(
    join(dir, `${ONE_PART}.md`),
    `---
id: ${ONE_PART}
title: Batch bronze in one part
checker: bronze
preset: quality-injection
seed: 42
from: 2024-01-01T00:00:00Z
to: 2024-01-01T01:00:00Z
${table}hints:
  - "spark.read.text keeps a line as it is."
  - "The batch is the folder name."
---
Read the lines.
`,
  );
  const more = Array.from({ length: options.more ?? 0 }, (_, i) => moreId(i + 3));
  for (const [i, id] of more.entries())
    writeFileSync(
      join(dir, `${id}.md`),
      `---
id: ${id}
title: A longer title for exercise ${i + 3}, as the course's titles are
checker: bronze
preset: quality-injection
seed: 42
from: 2024-01-01T00:00:00Z
to: 2024-01-01T01:00:00Z
streaming: ${i % 2 === 0}
${table}hints:
  - "An idea."
  - "An API."
  - "Some code."
---
Exercise ${i + 3} of the course.
`,
    );
  for (const id of [TWO_PART, ONE_PART, ...more])
    cpSync(
      join(DEFAULT_EXERCISES_DIR, 'starters', '01-bronze.ipynb'),
      join(dir, 'starters', `${id}.ipynb`),
    );
  return dir;
}
