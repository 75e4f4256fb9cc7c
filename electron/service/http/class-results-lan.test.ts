// The class's results between two real `serve` processes on this machine's own non-loopback
// address: the instructor's in LAN mode with Collect results on, a student's on loopback
// reporting to it. A real check (Spark, as Check my answer runs it) appears in the
// instructor's grid; a wrong token, an oversized name and a flood are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classResultsViewSchema,
  errorSchema,
  type ResultReport,
  reportingStateSchema,
} from '../../../shared/api.ts';
import { scorecardSchema } from '../../../shared/exercises.ts';
import { parsed } from '../../testing/api-checks.ts';
import { type Served, serve, waitFor } from '../../testing/serve.ts';
import { lanAddress } from './lan-address.ts';

const address = lanAddress();
if (!address)
  console.warn(
    '\n*** SKIPPED class-results-lan.test.ts: this machine has no non-loopback IPv4 address. ***\n',
  );

describe.runIf(address)('class results between two serve processes on the LAN', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-class-results-'));
  let instructor: Served;
  let studentApp: Served;
  let base: string;
  let link: string;
  let admin: string;
  const asAdmin = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { ...init.headers, authorization: `Bearer ${admin}` } });
  const report = (token: string, body: unknown) =>
    fetch(`${base}/api/class/results/report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    [instructor, studentApp] = await Promise.all([
      serve([
        '--host',
        address as string,
        '--preset',
        'emulated-5s',
        '--data-dir',
        join(scratch, 'teacher'),
      ]),
      serve(['--preset', 'emulated-5s', '--paused', '--data-dir', join(scratch, 'student')]),
    ]);
    link = /class's browsers[^:]*: (http:\S+)/.exec(instructor.output())?.[1] as string;
    admin = /admin token [^:]*: ([\w-]+)/.exec(instructor.output())?.[1] as string;
    base = `http://${address}:${instructor.port}`;
    expect(link.startsWith(`${base}/?token=`)).toBe(true);
  });
  afterAll(async () => {
    await Promise.all([instructor?.stop(), studentApp?.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("puts a student's check in the instructor's grid, live", async () => {
    const on = await asAdmin('/api/class/results/collect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ on: true }),
    });
    expect(on.status).toBe(200);
    expect(parsed(classResultsViewSchema, await on.json()).link).toBe(link);

    const joined = await studentApp.call('/api/class/reporting', {
      method: 'POST',
      json: { link, name: ' Ana Lima ' },
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const state = parsed(reportingStateSchema, joined.body);
    expect(state).toMatchObject({
      on: true,
      instructor: base,
      name: 'Ana Lima',
      last: { ok: true },
    });

    // Check my answer, with Spark, before any table is written: a scorecard that did not pass.
    const checked = await studentApp.call('/api/exercises/01-bronze/check', { method: 'POST' });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    const card = parsed(scorecardSchema, checked.body);
    const passed = card.checks.filter((c) => c.passed).length;

    const row = await waitFor('the report in the grid', async () => {
      const grid = parsed(
        classResultsViewSchema,
        await (await asAdmin('/api/class/results')).json(),
      );
      return grid.students.find((s) => s.id === state.student_id);
    });
    expect(row.name).toBe('Ana Lima');
    expect(row.cells['01-bronze']).toMatchObject({
      passed,
      total: card.checks.length,
      checked_at: new Date(card.checked_at).toISOString(),
      // The instructor lists hints_used in its health: the student's app sent the count.
      hints_used: card.hints_used,
    });
    expect(card.hints_used).toBe(0);
    const after = parsed(
      reportingStateSchema,
      (await studentApp.call('/api/class/reporting')).body,
    );
    expect(after.last).toMatchObject({ ok: true, exercise: '01-bronze' });
  }, 240_000);

  it('refuses a wrong token, the admin token, an oversized name and a flood', async () => {
    const token = new URL(link).searchParams.get('token') as string;
    const body: ResultReport = {
      student_id: 'integration-student-0001',
      name: 'Bo',
      exercise: '02-timestamps',
      passed: 1,
      total: 2,
      checked_at: new Date().toISOString(),
    };
    expect((await report(`${token.slice(0, -2)}xx`, body)).status).toBe(401);
    const withAdmin = await report(admin, body);
    expect(withAdmin.status).toBe(403);
    expect(parsed(errorSchema, await withAdmin.json()).error).toBe('class_token_required');
    const long = await report(token, { ...body, name: 'N'.repeat(41) });
    expect(long.status).toBe(400);
    expect(parsed(errorSchema, await long.json()).error).toBe('invalid_name');
    const flood = await Promise.all(Array.from({ length: 60 }, () => report(token, body)));
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(flood.find((r) => r.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
    const grid = parsed(classResultsViewSchema, await (await asAdmin('/api/class/results')).json());
    expect(grid.students.map((s) => s.name).sort()).toEqual(['Ana Lima', 'Bo']);
    expect(grid.students.find((s) => s.name === 'Bo')?.cells['02-timestamps']).toMatchObject({
      passed: 1,
      total: 2,
    });
  });
});
