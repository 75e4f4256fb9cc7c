import { describe, expect, it } from 'vitest';
import { generateCompanyBatch } from '../../engine/companies.ts';
import { loadPreset } from '../dataset/presets.ts';
import { ChangeTally, changesInText } from './change-tally.ts';

const at = (iso: string) => Date.parse(iso);

describe('ChangeTally', () => {
  it('counts changes in [from, to), by kind', () => {
    const tally = new ChangeTally();
    tally.add({
      deactivated: [at('2024-01-01T00:10:00Z'), at('2024-01-01T00:00:00Z')],
      reactivated: [at('2024-01-01T00:14:59.999Z')],
    });
    tally.add({ deactivated: [at('2024-01-01T00:15:00Z')] });
    expect(tally.count(at('2024-01-01T00:00:00Z'), at('2024-01-01T00:15:00Z'))).toEqual({
      deactivated_count: 2,
      reactivated_count: 1,
    });
    expect(tally.count(at('2024-01-01T00:15:00Z'), at('2024-01-01T00:30:00Z'))).toEqual({
      deactivated_count: 1,
      reactivated_count: 0,
    });
    tally.clear();
    expect(tally.count(0, Number.MAX_SAFE_INTEGER).deactivated_count).toBe(0);
  });
});

describe('changesInText', () => {
  it('reads change records and skips onboarding records and broken lines', () => {
    const text = [
      '{"company_id":"a","change":"onboarded","effective_at":"2024-01-01T00:00:00.000Z"}',
      '{"company_id":"a","change":"deactivated","effective_at":"2024-01-02T13:41:20.518Z"}',
      '{"company_id":"a","change":"deactivated","effective_at":',
      '{"company_id":"a","change":"reactivated","effective_at":"2024-01-04T08:02:11.007Z"}',
      '{"company_id":"b","change":"reactivated","effective_at":"not a time"}',
      '',
    ].join('\n');
    expect(changesInText(text)).toEqual({
      deactivated: [at('2024-01-02T13:41:20.518Z')],
      reactivated: [at('2024-01-04T08:02:11.007Z')],
    });
  });

  it("agrees with the engine's change times for the company batches it wrote", () => {
    const parsed = loadPreset('world');
    if (!parsed.ok) throw new Error('world preset does not parse');
    const config = parsed.config;
    const start = Date.parse('2024-03-01T00:00:00Z') / 1000;
    const epoch = { config, seed: 42, startSeconds: start, companyOffset: 0, skipped: [] };
    let changes = 0;
    // A week of hourly company batches: the world preset's rates give some changes.
    for (let h = 1; h <= 24 * 7; h++) {
      const result = generateCompanyBatch(epoch, {
        kind: 'onboarding',
        startSeconds: start + h * 3600,
      });
      const fromText = changesInText(result.text);
      expect(fromText.deactivated).toEqual(result.changeTimes.deactivated);
      expect(fromText.reactivated).toEqual(result.changeTimes.reactivated);
      changes += result.changes;
      expect(result.changeTimes.deactivated.length + result.changeTimes.reactivated.length).toBe(
        result.changes,
      );
    }
    expect(changes).toBeGreaterThan(0);
  });
});
