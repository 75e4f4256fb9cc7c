// The class's results as the instructor's dashboard lives with them: the changed rows on the
// event stream (never on the class link's), and Clean, which keeps them unless asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classResultsEventSchema,
  classResultsViewSchema,
  cleanResultSchema,
  type ResultReport,
} from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { CLASS_RESULTS_COALESCE_MS } from './stream.ts';

const CLASS = 'class-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const lan = { host: 'generator.lan:18000' };
const local = { remoteAddress: '127.0.0.1' };

const report = (id: string, passed: number): ResultReport => ({
  student_id: `student-${id.padStart(12, '0')}`,
  name: `Student ${id}`,
  exercise: '01-bronze',
  passed,
  total: 3,
  checked_at: '2024-01-01T11:59:00Z',
});

/** An event stream in-process, its text collected as it comes. */
async function follow(api: InProcessApi, token: string) {
  const response = await api.app.request('/api/stream', {
    headers: { ...lan, authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const state = { text: '' };
  const done = (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      state.text += decoder.decode(chunk.value);
    }
  })();
  const events = (name: string) =>
    state.text
      .split('\n\n')
      .filter((block) => block.startsWith(`event: ${name}\n`))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]?.split('\n')[0] ?? 'null'));
  const close = async () => {
    await reader.cancel();
    await done;
  };
  return { events, close };
}

describe('the class results, live and through Clean', () => {
  let api: InProcessApi;
  const send = (body: ResultReport) =>
    api.call('/api/class/results/report', {
      method: 'POST',
      json: body,
      remoteAddress: '192.0.2.20',
      headers: { ...lan, authorization: `Bearer ${CLASS}` },
    });
  beforeAll(async () => {
    api = startInProcessApi({ preset: 'emulated-5s', token: CLASS, adminToken: ADMIN });
    const on = await api.call('/api/class/results/collect', {
      method: 'POST',
      json: { on: true },
      ...local,
    });
    expect(on.status).toBe(200);
  });
  afterAll(() => api.stop());

  it('sends the changed rows once a second to the instructor, and nothing to the class link', async () => {
    const instructor = await follow(api, ADMIN);
    const classLink = await follow(api, CLASS);
    for (let i = 1; i <= 5; i++) expect((await send(report(String(i), i % 4))).status).toBe(200);
    await send(report('1', 3)); // the same student again: one row, its last check
    const started = Date.now();
    for (;;) {
      if (instructor.events('class_results').length > 0) break;
      if (Date.now() - started > 5000) throw new Error('no class_results event');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(CLASS_RESULTS_COALESCE_MS / 2);
    const [event] = instructor
      .events('class_results')
      .map((e) => parsed(classResultsEventSchema, e));
    expect(event).toMatchObject({ collecting: true, students: 5, reset: false });
    expect(event?.changed.map((s) => s.name).sort()).toEqual(
      [1, 2, 3, 4, 5].map((i) => `Student ${i}`),
    );
    expect(event?.changed.find((s) => s.name === 'Student 1')?.cells['01-bronze']?.passed).toBe(3);
    // The class link's stream had its health event, and no one's results (given the time
    // the instructor's took to arrive, again).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(classLink.events('health').length).toBeGreaterThan(0);
    expect(classLink.events('class_results')).toEqual([]);
    await instructor.close();
    await classLink.close();
  });

  it('keeps the results through a Clean without the box ticked, deletes them with it', async () => {
    expect((await api.call('/api/pause', { method: 'POST', ...local })).status).toBe(200);
    // An earlier client: plain POST, no body.
    const plain = parsed(
      cleanResultSchema,
      (await api.call('/api/clean', { method: 'POST', ...local })).body,
    );
    expect(plain.class_results).toEqual({ deleted: false, students: 5 });
    const kept = parsed(classResultsViewSchema, (await api.call('/api/class/results', local)).body);
    expect(kept.students).toHaveLength(5);
    const asked = await api.call('/api/clean', {
      method: 'POST',
      json: { class_results: true },
      ...local,
    });
    expect(parsed(cleanResultSchema, asked.body).class_results).toEqual({
      deleted: true,
      students: 5,
    });
    const after = parsed(
      classResultsViewSchema,
      (await api.call('/api/class/results', local)).body,
    );
    expect(after.students).toEqual([]);
    // Collecting goes on: the class's next checks fill a fresh grid.
    expect(after.collecting).toBe(true);
    expect((await send(report('9', 1))).status).toBe(200);
    expectDocumented((await api.call('/api/openapi.json', local)).body, api.seen);
  });
});
