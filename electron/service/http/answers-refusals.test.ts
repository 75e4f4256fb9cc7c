// GET /api/answers on a folder whose dataset cannot answer: the AnswersError goes out through
// the API's one error handler as a 409 with its code, like every other refusal of the service.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startInProcessApi } from '../../testing/in-process-api.ts';
import { dataPaths } from '../store/paths.ts';

describe('GET /api/answers refusals', () => {
  const api = startInProcessApi({ startPaused: true });
  afterAll(() => api.stop());

  it('answers 409 state_invalid when the state file is damaged', async () => {
    const state = dataPaths(api.dir).state;
    mkdirSync(dirname(state), { recursive: true });
    writeFileSync(state, '{"epochs": "not a list"}\n');
    const r = await api.call('/api/answers');
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      error: 'state_invalid',
      message: expect.stringContaining(`${state} is damaged`),
    });
  });
});
