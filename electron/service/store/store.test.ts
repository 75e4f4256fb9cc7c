import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../testing/presets.ts';
import { StoreError } from '../kernel/errors.ts';
import { createLogger, type LogEntry } from '../logs/logger.ts';
import { generateRange } from '../production/generate.ts';
import { dataPaths } from './paths.ts';
import { DataStore } from './store.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

function recordingLog() {
  const entries: LogEntry[] = [];
  return {
    entries,
    log: createLogger({ dir: undefined, component: 'test', listeners: [(e) => entries.push(e)] }),
  };
}

async function dataset(preset = 'quality-injection'): Promise<string> {
  const dir = join(scratch, `d${n++}`);
  await generateRange({
    dataDir: dir,
    config: presetConfig(preset),
    fromMs: Date.UTC(2024, 0, 1),
    toMs: Date.UTC(2024, 0, 1, 6),
    workers: 1,
    log: recordingLog().log,
  });
  return dir;
}

function openError(dir: string): StoreError {
  try {
    DataStore.open(dir, { log: recordingLog().log });
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected DataStore.open to fail');
}

describe('DataStore start-up repair', () => {
  it('cuts a torn companies.jsonl tail back to the committed length and logs it', async () => {
    const dir = await dataset();
    const paths = dataPaths(dir);
    const committed = readFileSync(paths.companies);
    appendFileSync(paths.companies, '{"company_id":"0b4c');
    const { entries, log } = recordingLog();
    DataStore.open(dir, { log });
    expect(readFileSync(paths.companies)).toEqual(committed);
    expect(
      entries.find((e) => e.level === 'WARN' && /torn tail/.test(e.message))?.metadata,
    ).toMatchObject({
      removed_bytes: 19,
    });
  });

  it('refuses a companies.jsonl shorter than its committed length', async () => {
    const dir = await dataset();
    const paths = dataPaths(dir);
    truncateSync(paths.companies, statSync(paths.companies).size - 10);
    expect(openError(dir).code).toBe('companies_truncated');
  });

  it('removes unfinished batch folders left by a crash', async () => {
    const dir = await dataset('base');
    const tmp = join(dataPaths(dir).events, '.tmp-20240101T060000Z-abcd1234');
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'events.jsonl'), '{"event_id":');
    const { entries, log } = recordingLog();
    DataStore.open(dir, { log });
    expect(() => statSync(tmp)).toThrow();
    expect(entries.some((e) => /unfinished batch folder/.test(e.message))).toBe(true);
  });

  it('counts batches committed after the last state write', async () => {
    const dir = await dataset('base');
    const paths = dataPaths(dir);
    const state = JSON.parse(readFileSync(paths.state, 'utf8'));
    const full = structuredClone(state.drivers);
    // As if the process died between the last rename and its state write.
    state.drivers.batches -= 1;
    state.drivers.last_batch_id = '20240101T053000Z';
    const lastMeta = JSON.parse(
      readFileSync(join(paths.events, '20240101T054500Z', 'batch_meta.json'), 'utf8'),
    );
    state.drivers.events -= lastMeta.event_count;
    state.drivers.records -= lastMeta.record_count;
    state.drivers.corrupted -= lastMeta.corrupted_count;
    writeFileSync(paths.state, JSON.stringify(state));
    const store = DataStore.open(dir, { log: recordingLog().log });
    expect(store.state?.drivers.batches).toBe(full.batches);
    expect(store.state?.drivers.events).toBe(full.events);
    expect(store.state?.drivers.last_batch_id).toBe('20240101T054500Z');
  });

  it('reports a damaged state file instead of starting over', async () => {
    const dir = await dataset('base');
    writeFileSync(dataPaths(dir).state, '{"format":1,"seed":"x"}');
    expect(openError(dir)).toMatchObject({ code: 'state_invalid' });
    writeFileSync(dataPaths(dir).state, '{"format":');
    expect(openError(dir).code).toBe('state_unreadable');
  });

  it('refuses generated data without a state file', async () => {
    const dir = await dataset('base');
    rmSync(dataPaths(dir).state);
    expect(openError(dir).message).toMatch(
      /holds generated data but no manifests\/generator_state\.json/,
    );
  });

  it('keeps state and manifests consistent with what is on disk', async () => {
    const dir = await dataset();
    const store = DataStore.open(dir, { log: recordingLog().log });
    const paths = dataPaths(dir);
    expect(store.state?.companies.bytes).toBe(statSync(paths.companies).size);
    expect(store.state?.companies.quality_bytes).toBe(statSync(paths.companiesQuality).size);
    const lines = readFileSync(paths.companies, 'utf8').trimEnd().split('\n');
    expect(store.state?.companies.lines).toBe(lines.length);
    for (const q of readFileSync(paths.companiesQuality, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))) {
      expect(lines[q.line - 1]).toContain(
        q.issue === 'missing_field' && q.field === 'company_id' ? '"geography"' : q.company_id,
      );
    }
  });
});
