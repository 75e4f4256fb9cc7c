import { describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../shared/api.ts';
import { dayPart, eventsByRegion, localTime } from './region-time.ts';

describe('localTime', () => {
  it("formats the zone's local time, across its daylight-saving offset", () => {
    // 2024-07-01 12:30 UTC: Chicago CDT (-5), Berlin CEST (+2), São Paulo (-3), Sydney AEST (+10).
    const summer = Date.UTC(2024, 6, 1, 12, 30);
    expect(localTime('America/Chicago', summer)).toEqual({
      clock: '07:30',
      hour: 7,
      part: 'morning',
    });
    expect(localTime('Europe/Berlin', summer).clock).toBe('14:30');
    expect(localTime('America/Sao_Paulo', summer).clock).toBe('09:30');
    expect(localTime('Australia/Sydney', summer)).toEqual({
      clock: '22:30',
      hour: 22,
      part: 'night',
    });
    // January: Chicago CST (-6), Berlin CET (+1), Sydney AEDT (+11).
    const winter = Date.UTC(2024, 0, 15, 23, 5);
    expect(localTime('America/Chicago', winter).clock).toBe('17:05');
    expect(localTime('Europe/Berlin', winter)).toEqual({ clock: '00:05', hour: 0, part: 'night' });
    expect(localTime('Australia/Sydney', winter).clock).toBe('10:05');
  });

  it('names the part of the day by the local hour', () => {
    expect([0, 5, 6, 11, 12, 17, 18, 21, 22, 23].map(dayPart)).toEqual([
      'night',
      'night',
      'morning',
      'morning',
      'afternoon',
      'afternoon',
      'evening',
      'evening',
      'night',
      'night',
    ]);
  });
});

describe('eventsByRegion', () => {
  const b = (id: string, byRegion?: BatchMeta['events_by_region']) =>
    ({ batch_id: id, events_by_region: byRegion }) as BatchMeta;

  it('sums the newest batches that have regions', () => {
    const list = [
      b('3', { US: 5, EU: 1, SA: 0, AUS: 2 }),
      b('2', { US: 3, EU: 4, SA: 1, AUS: 0 }),
      b('1', { US: 100, EU: 100, SA: 100, AUS: 100 }),
    ];
    expect(eventsByRegion(list, 2)).toEqual({
      totals: { US: 8, EU: 5, SA: 1, AUS: 2 },
      batches: 2,
    });
  });

  it('is null when no batch has regions', () => {
    expect(eventsByRegion([b('1'), b('2')], 40)).toBeNull();
  });
});
