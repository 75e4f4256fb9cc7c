// The class's results over HTTP, in-process: only the class token reports (not the admin
// token, not none), the class link never reads the grid, names and bodies are bounded, a
// flood from one address is refused, and every answer is in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classResultsViewSchema,
  errorSchema,
  type ResultReport,
  reportAcceptedSchema,
} from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { REPORT_BODY_LIMIT_BYTES } from './class-results.ts';

const CLASS = 'class-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const lan = { host: 'generator.lan:18000' };
const local = { remoteAddress: '127.0.0.1' };
/** A student's app on another machine: its own address, the class token as a bearer. */
const student = (address: string, token = CLASS) => ({
  remoteAddress: address,
  headers: { ...lan, authorization: `Bearer ${token}` },
});

let n = 0;
const report = (over: Partial<ResultReport> = {}): ResultReport => ({
  student_id: `student-${String(++n).padStart(12, '0')}`,
  name: 'Ana',
  exercise: '03-quarantine',
  passed: 1,
  total: 4,
  checked_at: '2024-01-01T11:59:00Z',
  ...over,
});

describe('class results on a loopback-only API', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it('shows an empty grid and refuses Collect results: it needs LAN mode', async () => {
    const view = parsed(classResultsViewSchema, (await api.call('/api/class/results')).body);
    expect(view).toMatchObject({ collecting: false, lan: false, link: null, students: [] });
    expect(view.exercises.map((e) => e.id)).toContain('03-quarantine');
    const on = await api.call('/api/class/results/collect', { method: 'POST', json: { on: true } });
    expect(on.status).toBe(409);
    expect(parsed(errorSchema, on.body)).toMatchObject({
      error: 'lan_mode_required',
      message: expect.stringMatching(/--host 0\.0\.0\.0/),
    });
    const sent = await api.call('/api/class/results/report', { method: 'POST', json: report() });
    expect(sent.status).toBe(409);
    expectDocumented((await api.call('/api/openapi.json')).body, api.seen);
  });
});

describe('class results in LAN mode', () => {
  let api: InProcessApi;
  const send = (body: unknown, who = student('192.0.2.10')) =>
    api.call('/api/class/results/report', { method: 'POST', json: body, ...who });
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s', token: CLASS, adminToken: ADMIN });
  });
  afterAll(() => api.stop());

  it('turns Collect results on from this machine or with the admin token, never through the class link', async () => {
    const byClass = await api.call('/api/class/results/collect', {
      method: 'POST',
      json: { on: true },
      ...student('192.0.2.10'),
    });
    expect(parsed(errorSchema, byClass.body).error).toBe('read_only_link');
    const off = await send(report());
    expect(off.status).toBe(409);
    expect(parsed(errorSchema, off.body).error).toBe('not_collecting');
    const on = await api.call('/api/class/results/collect', {
      method: 'POST',
      json: { on: true },
      ...student('192.0.2.99', ADMIN),
    });
    expect(on.status).toBe(200);
    expect(parsed(classResultsViewSchema, on.body)).toMatchObject({ collecting: true, lan: true });
  });

  it('records a report sent with the class token, and shows it to the instructor only', async () => {
    const r = report({ name: '  Ana Silva ', passed: 4, total: 4 });
    const sent = await send(r);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(parsed(reportAcceptedSchema, sent.body).student).toMatchObject({
      id: r.student_id,
      name: 'Ana Silva',
      cells: { '03-quarantine': { passed: 4, total: 4, checked_at: '2024-01-01T11:59:00.000Z' } },
    });
    const grid = parsed(classResultsViewSchema, (await api.call('/api/class/results', local)).body);
    expect(grid.students.map((s) => s.name)).toContain('Ana Silva');
    // The class link reads the dashboard, not the grid of names, nor this app's reporting.
    for (const path of ['/api/class/results', '/api/class/reporting']) {
      const byClass = await api.call(path, student('192.0.2.10'));
      expect(byClass.status, path).toBe(403);
      expect(parsed(errorSchema, byClass.body).error).toBe('instructor_only');
    }
  });

  it('accepts only the class token: not the admin token, not a wrong one, not none, not the cookie', async () => {
    const admin = await send(report(), student('192.0.2.11', ADMIN));
    expect(admin.status).toBe(403);
    expect(parsed(errorSchema, admin.body).error).toBe('class_token_required');
    const wrong = await send(report(), student('192.0.2.11', 'x'.repeat(CLASS.length)));
    expect(wrong.status).toBe(401);
    const none = await api.call('/api/class/results/report', {
      method: 'POST',
      json: report(),
      ...local,
    });
    expect(none.status).toBe(401);
    expect(parsed(errorSchema, none.body).message).toMatch(/Authorization: Bearer/);
    const cookie = await api.call('/api/class/results/report', {
      method: 'POST',
      json: report(),
      remoteAddress: '192.0.2.11',
      headers: { ...lan, cookie: `spark_exp_token=${CLASS}` },
    });
    expect(cookie.status).toBe(401);
    const students = parsed(
      classResultsViewSchema,
      (await api.call('/api/class/results', local)).body,
    ).students.length;
    expect(students).toBe(1);
  });

  it('refuses an oversized or unprintable name, a foreign exercise and an oversized body', async () => {
    const who = student('192.0.2.12');
    const long = await send(report({ name: 'a'.repeat(41) }), who);
    expect(long.status).toBe(400);
    expect(parsed(errorSchema, long.body)).toMatchObject({
      error: 'invalid_name',
      message: expect.stringMatching(/at most 40/),
    });
    const huge = await send(report({ name: 'a'.repeat(5000) }), who);
    expect(huge.status).toBe(413);
    const longer = await send(report({ name: 'a'.repeat(81) }), who);
    expect(parsed(errorSchema, longer.body).error).toBe('invalid_request');
    const control = await send(report({ name: 'Ana\u0007' }), who);
    expect(parsed(errorSchema, control.body).error).toBe('invalid_name');
    const foreign = await send(report({ exercise: '42-nope' }), who);
    expect(parsed(errorSchema, foreign.body).error).toBe('unknown_exercise');
    const padded = `${JSON.stringify(report())}${' '.repeat(REPORT_BODY_LIMIT_BYTES)}`;
    const big = await api.call('/api/class/results/report', {
      method: 'POST',
      body: padded,
      remoteAddress: '192.0.2.12',
      headers: { ...lan, authorization: `Bearer ${CLASS}`, 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(parsed(errorSchema, big.body).error).toBe('body_too_large');
    const extra = await send({ ...report(), code: 'df = spark.read…' }, who);
    expect(extra.status).toBe(400); // a summary only: never code or data
  });

  it('refuses a flood from one address with 429 and Retry-After; other students still get in', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await send(report(), student('192.0.2.66')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(answers[39]?.headers.get('retry-after')).toBe('1');
    expect(parsed(errorSchema, answers[39]?.body).error).toBe('rate_limited');
    expect((await send(report(), student('192.0.2.67'))).status).toBe(200);
    // Time gives the address its rate back.
    api.clock.advance(1000);
    expect((await send(report(), student('192.0.2.66'))).status).toBe(200);
  });

  it('describes every answer seen here in its OpenAPI document', async () => {
    expectDocumented((await api.call('/api/openapi.json', local)).body, api.seen);
  });
});
