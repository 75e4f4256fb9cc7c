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

  it('sends nothing once stopped', async () => {
    const r = new ReportingSetup({ dataDir: dir, log });
    await r.start(`${base}/?token=${TOKEN}`, 'Ana');
    expect(r.stop()).toMatchObject({ on: false, instructor: null, last: null });
    r.report(summary);
    await r.idle();
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);
  });
});
