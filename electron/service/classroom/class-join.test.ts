// Class codes end to end: an instructor's `serve`, and a student's `serve --join CODE` on an
// empty folder started later, make byte-identical batches for the same intervals.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../../shared/api.ts';
import { parseClassCode } from '../../../shared/class-code.ts';
import { classCodeFor } from '../../../shared/recipe.ts';
import { parsed } from '../../testing/api-checks.ts';
import { runCli } from '../../testing/cli.ts';
import { committedBatchIds } from '../../testing/data-dir.ts';
import { presetConfig, REPO_ROOT } from '../../testing/presets.ts';
import { type Served, serve, waitFor } from '../../testing/serve.ts';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';
import { resolveClassCode } from './class-join.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-class-'));
const running: Served[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});

async function started(args: string[]): Promise<Served> {
  const s = await serve(args);
  running.push(s);
  return s;
}

const batchIds = committedBatchIds;

/** A batch's files as bytes, with the one wall-clock field of its meta left out. */
function batchFiles(dir: string, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  const folder = join(dir, 'raw', 'events', id);
  for (const name of readdirSync(folder).sort()) {
    let text = readFileSync(join(folder, name), 'utf8');
    if (name === 'batch_meta.json') {
      const meta = JSON.parse(text);
      delete meta.generation_time;
      text = JSON.stringify(meta);
    }
    out[name] = text;
  }
  return out;
}

describe('joining a class by its code', () => {
  it('makes the instructor’s batches byte for byte, caught up and live', async () => {
    const teacherDir = join(scratch, 'teacher');
    const studentDir = join(scratch, 'student');
    const teacher = await started(['--preset', 'emulated-5s', '--data-dir', teacherDir]);
    const health = parsed(healthSchema, (await teacher.call('/api/health')).body);
    const code = health.class_code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(teacher.output()).toContain(`class code: ${code}`);
    // The student starts a few intervals later: the code's start is in the past.
    await waitFor(
      'three teacher batches',
      () => (batchIds(teacherDir).length >= 3 ? true : undefined),
      30_000,
    );
    const student = await started(['--join', code.toLowerCase(), '--data-dir', studentDir]);
    const studentHealth = parsed(healthSchema, (await student.call('/api/health')).body);
    expect(studentHealth.class_code).toBe(code);
    // Both go on live; then the same intervals are compared.
    await waitFor(
      'six common batches',
      () => {
        const common = batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id));
        return common.length >= 6 ? true : undefined;
      },
      60_000,
    );
    await teacher.call('/api/pause', { method: 'POST' });
    await student.call('/api/pause', { method: 'POST' });
    const teacherIds = batchIds(teacherDir).sort();
    const studentIds = batchIds(studentDir).sort();
    // Caught up: the student has every interval from the dataset's start, none skipped.
    expect(studentIds[0]).toBe(teacherIds[0]);
    const common = studentIds.filter((id) => teacherIds.includes(id));
    expect(common.length).toBeGreaterThanOrEqual(6);
    for (const id of common)
      expect(batchFiles(studentDir, id), id).toEqual(batchFiles(teacherDir, id));
  }, 120_000);

  it('follows the instructor across a preset switch when the student re-joins with the new code', async () => {
    const teacherDir = join(scratch, 'teacher2');
    const studentDir = join(scratch, 'student2');
    const teacher = await started(['--preset', 'emulated-5s', '--data-dir', teacherDir]);
    const first = await waitFor('the class code', async () => {
      return parsed(healthSchema, (await teacher.call('/api/health')).body).class_code ?? undefined;
    });
    const student = await started(['--join', first, '--data-dir', studentDir]);
    await waitFor(
      'the student caught up',
      async () => {
        const h = parsed(healthSchema, (await student.call('/api/health')).body);
        return h.backfill && !h.backfill.running ? true : undefined;
      },
      30_000,
    );
    // The instructor switches preset; the new code is shown before the switch begins.
    const switched = await teacher.call('/api/config', {
      method: 'POST',
      json: { preset: 'emulated' },
    });
    expect(switched.status).toBe(200);
    const pending = parsed(healthSchema, (await teacher.call('/api/health')).body).pending_preset;
    const second = pending?.class_code as string;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const rejoined = await student.call('/api/join', { method: 'POST', json: { code: second } });
    expect(rejoined.status, JSON.stringify(rejoined.body)).toBe(200);
    // Both go on in the new preset (10-second batches); compare every common interval.
    const switchAt = pending?.at as string;
    const sinceSwitch = (dir: string) =>
      batchIds(dir).filter((id) => id >= switchAt.replace(/[-:]/g, '').replace('.000', ''));
    await waitFor(
      'three common batches after the switch',
      () =>
        sinceSwitch(studentDir).filter((id) => sinceSwitch(teacherDir).includes(id)).length >= 3
          ? true
          : undefined,
      60_000,
    );
    await teacher.call('/api/pause', { method: 'POST' });
    await student.call('/api/pause', { method: 'POST' });
    const common = batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id));
    expect(
      common.filter((id) => sinceSwitch(teacherDir).includes(id)).length,
    ).toBeGreaterThanOrEqual(3);
    for (const id of common)
      expect(batchFiles(studentDir, id), id).toEqual(batchFiles(teacherDir, id));
    expect(parsed(healthSchema, (await student.call('/api/health')).body).class_code).toBe(second);
  }, 150_000);

  it('carries a custom config as a recipe: exported by API and CLI, joined with its code', async () => {
    const teacherDir = join(scratch, 'teacher3');
    const custom = join(scratch, 'my-class.yaml');
    writeFileSync(
      custom,
      readFileSync(join(REPO_ROOT, 'presets', 'emulated-5s.yaml'), 'utf8').replace(
        /^name: .*$/m,
        'name: my-class',
      ),
    );
    const teacher = await started(['--config', custom, '--data-dir', teacherDir]);
    const code = await waitFor('the class code', async () => {
      return parsed(healthSchema, (await teacher.call('/api/health')).body).class_code ?? undefined;
    });
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const exported = await fetch(`${teacher.url}/api/recipe`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-class-code')).toBe(code);
    const recipe = await exported.text();
    const file = join(scratch, 'recipe.json');
    const cli = await runCli(['recipe', '--data-dir', teacherDir, '--out', file]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toContain(`class code: ${code}`);
    expect(readFileSync(file, 'utf8')).toBe(recipe);
    // Without the recipe, the code alone says what is missing.
    const withoutRecipe = await runCli(['serve', '--port', '0', '--join', code]);
    expect(withoutRecipe.code).toBe(2);
    expect(withoutRecipe.stderr).toMatch(/import the recipe.json/);
    // Through the API of a student's app, and through the CLI of another.
    const viaApi = join(scratch, 'student-api');
    const studentApi = await started(['--paused', '--data-dir', viaApi]);
    const joined = await studentApi.call('/api/join', {
      method: 'POST',
      json: { code, recipe: JSON.parse(recipe) },
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const viaCli = join(scratch, 'student-cli');
    await started(['--join', code, '--recipe', file, '--data-dir', viaCli]);
    const teacherDirIds = () => batchIds(teacherDir);
    await waitFor(
      'four common batches on all three',
      () => {
        const common = batchIds(viaApi).filter(
          (id) => teacherDirIds().includes(id) && batchIds(viaCli).includes(id),
        );
        return common.length >= 4 ? common : undefined;
      },
      60_000,
    );
    const common = batchIds(viaApi).filter(
      (id) => teacherDirIds().includes(id) && batchIds(viaCli).includes(id),
    );
    for (const id of common) {
      expect(batchFiles(viaApi, id), id).toEqual(batchFiles(teacherDir, id));
      expect(batchFiles(viaCli, id), id).toEqual(batchFiles(teacherDir, id));
    }
  }, 150_000);

  it('carries the presets of issue 19: a code names their world, late arrivals included', () => {
    for (const name of ['world', 'late-data']) {
      const config = presetConfig(name);
      const target = { seed: 9, startSeconds: Date.UTC(2026, 2, 29) / 1000, companyOffset: 0 };
      const code = classCodeFor({ ...target, config });
      expect(parseClassCode(code)).toMatchObject({
        ok: true,
        code: { kind: 'preset', preset: name },
      });
      const resolved = resolveClassCode(code, DEFAULT_PRESETS_DIR);
      if (!resolved.ok) throw new Error(resolved.message);
      expect(resolved.config).toEqual(config);
      expect(resolved.config.lifecycle).toBeDefined();
      expect(resolved.code).toMatchObject(target);
    }
    expect(presetConfig('world').regions?.daily_profile).not.toBeNull();
    expect(presetConfig('late-data').late_arrivals?.max_intervals).toBe(3);
  });

  it('makes the instructor’s late-data batches byte for byte, late rows and _late.jsonl too', async () => {
    const teacherDir = join(scratch, 'teacher-late');
    const studentDir = join(scratch, 'student-late');
    const teacher = await started(['--preset', 'late-data', '--data-dir', teacherDir]);
    const code = await waitFor('the class code', async () => {
      return parsed(healthSchema, (await teacher.call('/api/health')).body).class_code ?? undefined;
    });
    await waitFor(
      'three teacher batches',
      () => (batchIds(teacherDir).length >= 3 ? true : undefined),
      40_000,
    );
    await started(['--join', code, '--data-dir', studentDir]);
    await waitFor(
      'six common batches',
      () => {
        const common = batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id));
        return common.length >= 6 ? true : undefined;
      },
      90_000,
    );
    await teacher.call('/api/pause', { method: 'POST' });
    const common = batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id));
    let late = 0;
    for (const id of common) {
      const files = batchFiles(teacherDir, id);
      expect(batchFiles(studentDir, id), id).toEqual(files);
      late += JSON.parse(files['batch_meta.json'] as string).late_count;
      if (files['_late.jsonl']) expect(files['_late.jsonl']).toMatch(/"true_batch_id"/);
    }
    expect(late).toBeGreaterThan(0);
  }, 150_000);

  it('makes the instructor’s world batches byte for byte', async () => {
    const teacherDir = join(scratch, 'teacher-world');
    const studentDir = join(scratch, 'student-world');
    // A new dataset starts one 15-minute interval in the past: its first batch comes at once.
    const teacher = await started(['--preset', 'world', '--data-dir', teacherDir]);
    const code = await waitFor('the class code', async () => {
      return parsed(healthSchema, (await teacher.call('/api/health')).body).class_code ?? undefined;
    });
    await waitFor('the first batch', () => (batchIds(teacherDir).length >= 1 ? true : undefined));
    await started(['--join', code, '--data-dir', studentDir]);
    const common = await waitFor(
      'the first batch on the student',
      () => {
        const ids = batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id));
        return ids.length >= 1 ? ids : undefined;
      },
      30_000,
    );
    for (const id of common)
      expect(batchFiles(studentDir, id), id).toEqual(batchFiles(teacherDir, id));
    const companies = (dir: string) => readFileSync(join(dir, 'raw', 'companies.jsonl'), 'utf8');
    const initial = companies(teacherDir).split('\n').slice(0, 40).join('\n');
    expect(companies(studentDir).startsWith(initial)).toBe(true);
  }, 60_000);

  it('refuses a mistyped code, and a folder that holds another dataset, with exit 2', async () => {
    const r1 = await runCli(['serve', '--port', '0', '--join', 'K7QM-3XPA-9D2F-T1BC-04RZ']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/not a valid class code: check it for a typo/);
    const own = join(scratch, 'own');
    const gen = await runCli([
      'generate',
      '--preset',
      'small',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T01:00:00Z',
      '--data-dir',
      own,
    ]);
    expect(gen.code).toBe(0);
    const teacher = running[0] as Served;
    const code = parsed(healthSchema, (await teacher.call('/api/health')).body)
      .class_code as string;
    const r2 = await runCli(['serve', '--port', '0', '--join', code, '--data-dir', own]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/different_dataset: this data folder holds another dataset/);
  }, 60_000);
});
