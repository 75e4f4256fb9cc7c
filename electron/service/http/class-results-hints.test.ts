// The hints a student used, in the class's results: the instructor's app says in its health
// that it accepts `hints_used`, takes a report with or without it (bounded), keeps it in the
// cell; and a student's app (its reporter, through this in-process instructor) sends it only
// when the instructor says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classResultsViewSchema,
  errorSchema,
  healthSchema,
  type ResultReport,
  reportAcceptedSchema,
} from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { ReportingSetup } from '../class-results/class-results.ts';

const CLASS = 'class-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const HOST = 'generator.lan:18000';
const local = { remoteAddress: '127.0.0.1' };
const student = (address: string) => ({
  remoteAddress: address,
  headers: { host: HOST, authorization: `Bearer ${CLASS}` },
});

let n = 0;
const report = (over: Partial<ResultReport> = {}): ResultReport => ({
  student_id: `hints-student-${String(++n).padStart(6, '0')}`,
  name: 'Ana',
  exercise: '03-quarantine',
  passed: 1,
  total: 4,
  checked_at: '2024-01-01T11:59:00Z',
  ...over,
});

/**
 * A student's app's fetch, answered by the instructor's API in this process (as from
 * 192.0.2.40); `older` takes `class_results` out of its health, as an earlier app's has none.
 */
function viaInstructor(api: InProcessApi, older = false): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    headers.set('host', HOST);
    if (typeof init.body === 'string')
      headers.set('content-length', String(Buffer.byteLength(init.body)));
    const response = await api.app.request(
      url.pathname,
      { ...init, headers },
      { incoming: { socket: { remoteAddress: '192.0.2.40' } } },
    );
    api.seen.push({ method: init.method ?? 'GET', path: url.pathname, status: response.status });
    if (!older || url.pathname !== '/api/health') return response;
    const { class_results: _, ...health } = (await response.json()) as Record<string, unknown>;
    return Response.json(health, { status: response.status });
  };
}

describe('hints used in the class results (LAN mode, in-process)', () => {
  let api: InProcessApi;
  const scratch = mkdtempSync(join(tmpdir(), 'class-hints-student-'));
  const send = (body: unknown, who = student('192.0.2.30')) =>
    api.call('/api/class/results/report', { method: 'POST', json: body, ...who });
  const cellOf = async (id: string) => {
    const grid = parsed(classResultsViewSchema, (await api.call('/api/class/results', local)).body);
    return grid.students.find((s) => s.id === id)?.cells['03-quarantine'];
  };
  beforeAll(async () => {
    api = startInProcessApi({ preset: 'emulated-5s', token: CLASS, adminToken: ADMIN });
    const on = await api.call('/api/class/results/collect', {
      method: 'POST',
      json: { on: true },
      ...local,
    });
    expect(on.status).toBe(200);
  });
  afterAll(async () => {
    await api.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('says in its health, to the class link too, that it accepts hints_used', async () => {
    for (const who of [local, student('192.0.2.31')]) {
      const health = parsed(healthSchema, (await api.call('/api/health', who)).body);
      expect(health.class_results?.accepts).toEqual(['hints_used']);
    }
  });

  it('keeps hints_used in the cell, and a report without it has none', async () => {
    const withHints = report({ hints_used: 2 });
    const sent = await send(withHints);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(parsed(reportAcceptedSchema, sent.body).student.cells['03-quarantine']?.hints_used).toBe(
      2,
    );
    expect(await cellOf(withHints.student_id)).toMatchObject({ passed: 1, hints_used: 2 });
    expect((await send(report({ hints_used: 0 }))).status).toBe(200);
    expect((await send(report({ hints_used: 1000 }))).status).toBe(200);

    const older = report(); // an older student's app: the six fields only
    expect((await send(older)).status).toBe(200);
    const cell = await cellOf(older.student_id);
    expect(cell).toMatchObject({ passed: 1, total: 4 });
    expect(cell).not.toHaveProperty('hints_used');
  });

  it('refuses a negative, fractional, too large or textual hints_used, and records nothing', async () => {
    for (const hints_used of [-1, 1.5, 1001, '2', null]) {
      const r = { ...report(), hints_used };
      const refused = await send(r, student('192.0.2.32'));
      expect(refused.status, JSON.stringify(hints_used)).toBe(400);
      expect(parsed(errorSchema, refused.body).error).toBe('invalid_request');
      expect(await cellOf(r.student_id)).toBeUndefined();
    }
  });

  it("a student's reporter sends hints_used to this instructor, and leaves it out for one that does not say it accepts it", async () => {
    const link = `http://${HOST}/?token=${CLASS}`;
    const log = { info: () => undefined, warn: () => undefined };
    const newer = new ReportingSetup({
      dataDir: mkdtempSync(join(scratch, 'a-')),
      log,
      fetch: viaInstructor(api),
    });
    expect((await newer.start(link, 'Bia')).last).toMatchObject({ ok: true });
    newer.report({
      exercise: '03-quarantine',
      passed: 3,
      total: 4,
      checked_at: '2024-01-01T11:59:30Z',
      hints_used: 3,
    });
    await newer.idle();
    expect(newer.state().last).toMatchObject({ ok: true, exercise: '03-quarantine' });
    expect(await cellOf(newer.state().student_id)).toMatchObject({ passed: 3, hints_used: 3 });

    // The same instructor, had it not said so (an earlier app): the report goes without the
    // field, and is recorded.
    const cautious = new ReportingSetup({
      dataDir: mkdtempSync(join(scratch, 'b-')),
      log,
      fetch: viaInstructor(api, true),
    });
    expect((await cautious.start(link, 'Caio')).last).toMatchObject({ ok: true });
    cautious.report({
      exercise: '03-quarantine',
      passed: 2,
      total: 4,
      checked_at: '2024-01-01T11:59:30Z',
      hints_used: 3,
    });
    await cautious.idle();
    expect(cautious.state().last).toMatchObject({ ok: true });
    const cell = await cellOf(cautious.state().student_id);
    expect(cell).toMatchObject({ passed: 2, total: 4 });
    expect(cell).not.toHaveProperty('hints_used');
  });

  it('describes every answer seen here in its OpenAPI document', async () => {
    expectDocumented((await api.call('/api/openapi.json', local)).body, api.seen);
  });
});
