// The student's side against a stand-in instructor (a plain HTTP server that records what it
// gets): what is sent (a summary, never code or data), with which token, and what a refusal,
// a silent or an absent instructor do (shown, never retried, never thrown).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../kernel/errors.ts';
import { REPORTING_FILE, ReportingSetup } from './reporter.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

const TOKEN = 'class-token-0123456789abcdef';
let answer: (req: IncomingMessage, res: ServerResponse) => void;
const seen: Seen[] = [];
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'class-reporting-'));
const log = { info: () => undefined, warn: () => undefined };
const summary = {
  exercise: '03-quarantine',
  passed: 2,
  total: 5,
  checked_at: '2026-01-05T10:00:00.000Z',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  seen.length = 0;
  answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});

describe('ReportingSetup', () => {
  it('refuses a link without a token and a bad name, saying what to paste or type', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    await expect(r.start('192.168.1.5:18000', 'Ana')).rejects.toMatchObject({
      code: 'invalid_link',
    });
    await expect(r.start(`${base}/`, 'Ana')).rejects.toThrow(/no class token/);
    await expect(r.start(`ftp://x/?token=${TOKEN}`, 'Ana')).rejects.toThrow(/http:\/\//);
    await expect(r.start(`${base}/?token=${TOKEN}`, 'Ana\nBob')).rejects.toBeInstanceOf(
      ServiceError,
    );
    expect(seen).toEqual([]);
    expect(r.state().on).toBe(false);
  });

  it('tries the link at once, keeps it with a random student id, and sends each check as a summary', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    const state = await r.start(`${base}/?token=${TOKEN}`, '  Ana  ');
    expect(state).toMatchObject({ on: true, instructor: base, name: 'Ana', last: { ok: true } });
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/api/health',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(state.student_id).toMatch(/^[\w-]{22}$/);
    // Kept in the data folder: the next start of the app is the same student.
    const saved = JSON.parse(readFileSync(join(dir, REPORTING_FILE), 'utf8'));
    expect(saved).toMatchObject({ student_id: state.student_id, instructor: base, token: TOKEN });
    expect(new ReportingSetup({ dataDir: dir, log }).state()).toMatchObject({
      on: true,
      student_id: state.student_id,
    });

    r.report(summary);
    await r.idle();
    const post = seen[1] as Seen;
    expect(post).toMatchObject({
      method: 'POST',
      url: '/api/class/results/report',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(post.body)).toEqual({
      student_id: state.student_id,
      name: 'Ana',
      ...summary,
    });
    expect(r.state().last).toMatchObject({
      ok: true,
      exercise: '03-quarantine',
      message: expect.stringMatching(/2 of 5 checks/),
    });
  });

  it('shows a refusal, an old token and an absent instructor, once each, without retrying', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    await r.start(`${base}/?token=${TOKEN}`, 'Ana');
    answer = (_req, res) =>
      res.writeHead(409, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: 'not_collecting',
          message: 'the instructor has not turned on Collect results',
        }),
      );
    r.report(summary);
    await r.idle();
    expect(r.state().last).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not turned on Collect results/),
    });
    answer = (_req, res) => res.writeHead(401).end('{}');
    r.report(summary);
    await r.idle();
    expect(r.state().last?.message).toMatch(/token is old or wrong/);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(2);

    const absent = new ReportingSetup({ dataDir: dir, log });
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const state = await absent.start(`http://127.0.0.1:${closed}/?token=${TOKEN}`, 'Ana');
    expect(state.on).toBe(true); // kept: the instructor may start later
    expect(state.last?.message).toMatch(/could not reach the instructor .*ECONNREFUSED/);
    absent.report(summary);
    await absent.idle();
    expect(absent.state().last?.message).toMatch(/this check was not sent/);
  });

  it('gives up on a silent instructor after the timeout, and holds back reports after a 429', async () => {
    const r = new ReportingSetup({ dataDir: dir, log, timeoutMs: 300 });
    await r.start(`${base}/?token=${TOKEN}`, 'Ana');
    answer = () => undefined; // never answers
    const started = Date.now();
    r.report(summary);
    await r.idle();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.state().last?.message).toMatch(/no answer within 0.3 s/);
    answer = (_req, res) =>
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' }).end(
        JSON.stringify({
          error: 'rate_limited',
          message: 'too many reports from 127.0.0.1: wait 30 s',
        }),
      );
    r.report(summary);
    await r.idle();
    const posts = seen.filter((s) => s.method === 'POST').length;
    r.report({ ...summary, exercise: '04-silver' });
    await r.idle();
    expect(seen.filter((s) => s.method === 'POST').length).toBe(posts); // held back, not sent
    expect(r.state().last).toMatchObject({
      exercise: '04-silver',
      message: expect.stringMatching(/asked to wait until/),
    });
  });

  it('sends hints_used to an instructor that lists it in its health, and only then', async () => {
    const reportFields = ['student_id', 'name', 'exercise', 'passed', 'total', 'checked_at'];
    /** An instructor's app: its health lists `accepts` (or nothing, as an older one) and
     * its report route refuses a field it does not know, as a strict schema does. */
    const instructor =
      (accepts: string[] | undefined) => (req: IncomingMessage, res: ServerResponse) => {
        const json = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.url === '/api/health')
          return json(200, {
            status: 'running',
            ...(accepts ? { class_results: { accepts } } : {}),
          });
        const body = JSON.parse(seen.at(-1)?.body ?? '{}');
        const known = [...reportFields, ...(accepts ?? [])];
        const unknown = Object.keys(body).filter((k) => !known.includes(k));
        if (unknown.length > 0)
          return json(400, { error: 'invalid_request', message: `unknown: ${unknown}` });
        return json(200, { accepted: true });
      };
    const posted = () =>
      seen.filter((s) => s.method === 'POST').map((s) => JSON.parse(s.body) as object);

    answer = instructor(['hints_used']);
    const newer = new ReportingSetup({ dataDir: dir, log });
    await newer.start(`${base}/?token=${TOKEN}`, 'Ana');
    newer.report({ ...summary, hints_used: 2 });
    await newer.idle();
    newer.report({ ...summary, exercise: '04-silver', hints_used: 0 });
    await newer.idle();
    // An older checker's card has no count: nothing is made up.
    newer.report({ ...summary, exercise: '05-gold' });
    await newer.idle();
    expect(posted().map((b) => ('hints_used' in b ? b.hints_used : 'absent'))).toEqual([
      2,
      0,
      'absent',
    ]);
    expect(newer.state().last).toMatchObject({ ok: true });
    // The health was asked once, when the link was set.
    expect(seen.filter((s) => s.url === '/api/health')).toHaveLength(1);

    seen.length = 0;
    answer = instructor(undefined); // an older instructor's app: says nothing, refuses the field
    const older = new ReportingSetup({ dataDir: dir, log });
    await older.start(`${base}/?token=${TOKEN}`, 'Ana');
    older.report({ ...summary, hints_used: 2 });
    await older.idle();
    expect(posted()).toEqual([{ student_id: older.state().student_id, name: 'Ana', ...summary }]);
    expect(older.state().last).toMatchObject({ ok: true, message: /sent to the instructor/ });

    // After the app starts again (the link kept, not set): the health is asked before the first
    // report, once.
    seen.length = 0;
    answer = instructor(['hints_used', 'something_later']);
    const restarted = new ReportingSetup({ dataDir: dir, log });
    restarted.report({ ...summary, hints_used: 3 });
    await restarted.idle();
    restarted.report({ ...summary, exercise: '04-silver', hints_used: 1 });
    await restarted.idle();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/health',
      'POST /api/class/results/report',
      'POST /api/class/results/report',
    ]);
    expect(posted().map((b) => (b as { hints_used?: number }).hints_used)).toEqual([3, 1]);
  });

  it('asks again after a report with hints_used is refused with 400 (another app there now)', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    answer = (req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(req.url === '/api/health' ? '{"class_results":{"accepts":["hints_used"]}}' : '{}');
    await r.start(`${base}/?token=${TOKEN}`, 'Ana');
    // Now an older app answers at the same address, with the same token.
    answer = (req, res) =>
      req.url === '/api/health'
        ? res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
        : res
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"error":"invalid_request","message":"hints_used: unrecognized key"}');
    r.report({ ...summary, hints_used: 2 });
    await r.idle();
    expect(r.state().last).toMatchObject({ ok: false, message: /unrecognized key/ });
    r.report({ ...summary, hints_used: 2 });
    await r.idle();
    // Not retried: the next check asks first and goes without the field.
    const requests = seen.map((s) => `${s.method} ${s.url}`);
    expect(requests.slice(1)).toEqual([
      'POST /api/class/results/report',
      'GET /api/health',
      'POST /api/class/results/report',
    ]);
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).not.toHaveProperty('hints_used');
  });

  it('sends nothing once stopped', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    await r.start(`${base}/?token=${TOKEN}`, 'Ana');
    expect(r.stop()).toMatchObject({ on: false, instructor: null, last: null });
    r.report(summary);
    await r.idle();
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);
  });
});
