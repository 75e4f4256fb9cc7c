// Gold per company and true interval across batches: a late row counts in the interval of its
// timestamp, arrivals are counted by how late they came, and an interval is handed out only
// once the horizon has passed it (a row for a closed interval is an error, never a second row).
import { describe, expect, it } from 'vitest';
import { type GoldEvent, IntervalGold } from './interval-gold.ts';

const STEP = 900;
const at = (iso: string) => Date.parse(iso);
const ev = (company_id: string, driver: string, event_type: string, iso: string): GoldEvent => ({
  company_id,
  driver_id: `DRV-${company_id}-${driver}`,
  event_type,
  ms: at(iso),
});
const s = (iso: string) => at(iso) / 1000;

describe('gold per true interval', () => {
  it('is the per-batch gold when nothing is late, companies by id', () => {
    const gold = new IntervalGold();
    gold.add(
      ev('b', '001', 'delivered', '2024-01-01T00:01:00.000Z'),
      s('2024-01-01T00:00:00Z'),
      STEP,
    );
    gold.add(
      ev('a', '001', 'start driving', '2024-01-01T00:02:00.000Z'),
      s('2024-01-01T00:00:00Z'),
      STEP,
    );
    gold.add(
      ev('a', '002', 'delivered', '2024-01-01T00:14:59.999Z'),
      s('2024-01-01T00:00:00Z'),
      STEP,
    );
    gold.add(
      ev('a', '001', 'delivered', '2024-01-01T00:03:00.000Z'),
      s('2024-01-01T00:00:00Z'),
      STEP,
    );
    const first = gold.close(s('2024-01-01T00:15:00Z'));
    expect(first.gold).toEqual([
      {
        company_id: 'a',
        batch_id: '20240101T000000Z',
        interval_start: '2024-01-01T00:00:00Z',
        interval_end: '2024-01-01T00:15:00Z',
        events: 3,
        start_driving: 1,
        stopped_driving: 0,
        delivered: 2,
        active_drivers: 2,
      },
      {
        company_id: 'b',
        batch_id: '20240101T000000Z',
        interval_start: '2024-01-01T00:00:00Z',
        interval_end: '2024-01-01T00:15:00Z',
        events: 1,
        start_driving: 0,
        stopped_driving: 0,
        delivered: 1,
        active_drivers: 1,
      },
    ]);
    expect(first.arrivals).toEqual([
      { true_batch_id: '20240101T000000Z', intervals_late: 0, events: 4 },
    ]);
    expect(gold.close()).toEqual({ gold: [], arrivals: [] });
  });

  it('counts a late row in the interval of its timestamp, and by how late it came', () => {
    const gold = new IntervalGold();
    const b0 = s('2024-01-01T00:00:00Z');
    const b1 = s('2024-01-01T00:15:00Z');
    const b2 = s('2024-01-01T00:30:00Z');
    const m = 2 * STEP; // late by up to two intervals
    gold.add(ev('a', '001', 'delivered', '2024-01-01T00:05:00.000Z'), b0, STEP);
    // Nothing is final while a later batch may still deliver into it.
    expect(gold.close(b1 - m).gold).toEqual([]);
    gold.add(ev('a', '002', 'stopped driving', '2024-01-01T00:16:00.000Z'), b1, STEP);
    gold.add(ev('a', '002', 'start driving', '2024-01-01T00:07:00.000Z'), b1, STEP); // late by 1
    expect(gold.close(b2 - m).gold).toEqual([]);
    gold.add(ev('a', '003', 'delivered', '2024-01-01T00:00:00.000Z'), b2, STEP); // late by 2
    gold.add(ev('a', '001', 'delivered', '2024-01-01T00:20:00.000Z'), b2, STEP); // late by 1
    // After b2 no batch comes: everything is final.
    const closed = gold.close();
    expect(closed.gold.map((g) => [g.batch_id, g.events, g.active_drivers, g.delivered])).toEqual([
      ['20240101T000000Z', 3, 3, 2],
      ['20240101T001500Z', 2, 2, 1],
    ]);
    expect(closed.arrivals).toEqual([
      { true_batch_id: '20240101T000000Z', intervals_late: 0, events: 1 },
      { true_batch_id: '20240101T000000Z', intervals_late: 1, events: 1 },
      { true_batch_id: '20240101T000000Z', intervals_late: 2, events: 1 },
      { true_batch_id: '20240101T001500Z', intervals_late: 0, events: 1 },
      { true_batch_id: '20240101T001500Z', intervals_late: 1, events: 1 },
    ]);
  });

  it('hands out the intervals before the horizon only, and refuses a row for one of them', () => {
    const gold = new IntervalGold();
    gold.add(
      ev('a', '001', 'delivered', '2024-01-01T00:05:00.000Z'),
      s('2024-01-01T00:00:00Z'),
      STEP,
    );
    gold.add(
      ev('a', '001', 'delivered', '2024-01-01T00:20:00.000Z'),
      s('2024-01-01T00:15:00Z'),
      STEP,
    );
    const closed = gold.close(s('2024-01-01T00:15:00Z'));
    expect(closed.gold.map((g) => g.batch_id)).toEqual(['20240101T000000Z']);
    expect(() =>
      gold.add(
        ev('a', '001', 'delivered', '2024-01-01T00:14:00.000Z'),
        s('2024-01-01T00:30:00Z'),
        STEP,
      ),
    ).toThrow(/falls in interval 20240101T000000Z, closed already/);
    expect(gold.close().gold.map((g) => g.batch_id)).toEqual(['20240101T001500Z']);
  });
});
