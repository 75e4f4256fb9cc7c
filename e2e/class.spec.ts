// The classroom flow in real Chromium: an instructor's app shows its class code; a student's
// app (another `serve`, on an empty folder) joins with it through the dialog and then makes
// the same batches, byte for byte.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { committedBatchIds } from '../electron/testing/data-dir.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { viaRail } from './dashboard-views.ts';

let scratch: string;
let teacher: Served;
let student: Served;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-class-'));
  teacher = await serve(['--preset', 'emulated-5s', '--data-dir', join(scratch, 'teacher')]);
  student = await serve(['--paused', '--data-dir', join(scratch, 'student')]);
});

test.afterAll(async () => {
  await teacher?.stop();
  await student?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const batchIds = committedBatchIds;
const events = (dir: string, id: string) =>
  readFileSync(join(dir, 'raw', 'events', id, 'events.jsonl'), 'utf8');

test('a student joins the class by its code and makes the same batches', async ({ browser }) => {
  const projector = await browser.newPage();
  await projector.goto(teacher.url);
  // Classroom mode opens the projector view, with the code on one line.
  await projector.getByLabel('Classroom mode').check();
  await expect(projector).toHaveURL(/#\/projector$/);
  const code = (await projector.getByTestId('class-code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);

  const laptop = await browser.newPage();
  await laptop.goto(`${student.url}/#/class`);
  await laptop.getByRole('button', { name: 'Join a class' }).click();
  await laptop.getByLabel('Class code').fill(code.toLowerCase().replaceAll('-', ' '));
  await laptop.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(laptop.getByTestId('class-code')).toHaveText(code);
  await viaRail(laptop, 'Overview');
  await expect(laptop.getByTestId('status')).toHaveText('running');

  const teacherDir = join(scratch, 'teacher');
  const studentDir = join(scratch, 'student');
  await expect
    .poll(() => batchIds(studentDir).filter((id) => batchIds(teacherDir).includes(id)).length, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(3);
  for (const id of batchIds(studentDir).filter((b) => batchIds(teacherDir).includes(b)))
    expect(events(studentDir, id), id).toBe(events(teacherDir, id));
});
