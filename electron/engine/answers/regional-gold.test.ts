// Regional gold per local day against a direct computation (each row's date in its region's
// zone through Intl), across the 2024 changes in Chicago and Berlin: the local date, not the
// UTC one, and the 23- and 25-hour days.
import { describe, expect, it } from 'vitest';
import { Xor128 } from '../random.ts';
import { RegionalGold } from './regional-gold.ts';

const ZONES: Record<string, string> = {
  US: 'America/Chicago',
  EU: 'Europe/Berlin',
  AUS: 'Australia/Sydney',
};
const TYPES = ['start driving', 'stopped driving', 'delivered'];
const HOUR = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();
function localDate(zone: string, ms: number): string {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(zone, f);
  }
  return f.format(ms);
}

describe('regional gold per local day', () => {
  it('groups rows by the local date of their region, with the hours of that day', () => {
    const rng = new Xor128(11, 98, 7, 1);
    const rows: { region: string; driver_id: string; event_type: string; ms: number }[] = [];
    // Three days around each 2024 change in the US and the EU, a row every few minutes.
    for (const from of [
      '2024-03-09T00:00:00Z',
      '2024-03-30T00:00:00Z',
      '2024-11-02T00:00:00Z',
      '2024-10-26T00:00:00Z',
    ]) {
      const start = Date.parse(from);
      for (let t = start; t < start + 72 * HOUR; t += 60_000 + rng.below(600_000)) {
        const region = (['US', 'EU', 'AUS'] as const)[rng.below(3)] as string;
        rows.push({
          region,
          driver_id: `d${rng.below(40)}`,
          event_type: TYPES[rng.below(3)] as string,
          ms: t,
        });
      }
    }
    const gold = new RegionalGold(['US', 'EU', 'SA', 'AUS']);
    for (const r of rows) gold.add(r.region, ZONES[r.region] as string, r);
    const got = gold.rows();

    const expected = new Map<string, { events: number; delivered: number; drivers: Set<string> }>();
    for (const r of rows) {
      const k = `${r.region} ${localDate(ZONES[r.region] as string, r.ms)}`;
      const e = expected.get(k) ?? { events: 0, delivered: 0, drivers: new Set<string>() };
      e.events++;
      if (r.event_type === 'delivered') e.delivered++;
      e.drivers.add(r.driver_id);
      expected.set(k, e);
    }
    expect(got.length).toBe(expected.size);
    for (const g of got) {
      const e = expected.get(`${g.region} ${g.local_date}`);
      expect(e, `${g.region} ${g.local_date}`).toBeDefined();
      expect([g.events, g.delivered, g.active_drivers]).toEqual([
        e?.events,
        e?.delivered,
        e?.drivers.size,
      ]);
      expect(g.start_driving + g.stopped_driving + g.delivered).toBe(g.events);
      expect(g.time_zone).toBe(ZONES[g.region]);
    }
    const hours = (region: string, date: string) =>
      got.find((g) => g.region === region && g.local_date === date)?.hours_in_day;
    expect([
      hours('US', '2024-03-10'),
      hours('US', '2024-03-11'),
      hours('US', '2024-11-03'),
    ]).toEqual([23, 24, 25]);
    expect([
      hours('EU', '2024-03-31'),
      hours('EU', '2024-10-27'),
      hours('EU', '2024-03-30'),
    ]).toEqual([23, 25, 24]);
    // Listed by region in the order given, then by local date.
    const order = got.map((g) => `${['US', 'EU', 'SA', 'AUS'].indexOf(g.region)} ${g.local_date}`);
    expect(order).toEqual([...order].sort());
  });

  it('puts a row of 03:00 UTC on 11 March in Chicago’s 10 March, a 23-hour day', () => {
    const gold = new RegionalGold();
    gold.add('US', 'America/Chicago', {
      driver_id: 'd',
      event_type: 'delivered',
      ms: Date.parse('2024-03-11T03:00:00Z'),
    });
    gold.add('US', 'America/Chicago', {
      driver_id: 'd',
      event_type: 'delivered',
      ms: Date.parse('2024-03-11T05:00:00Z'),
    });
    expect(gold.rows().map((r) => [r.local_date, r.hours_in_day, r.events])).toEqual([
      ['2024-03-10', 23, 1],
      ['2024-03-11', 24, 1],
    ]);
  });

  it('forgets the drivers of a day once the horizon has passed it, and refuses it a row after', () => {
    const gold = new RegionalGold();
    const zone = 'Europe/Berlin';
    gold.add('EU', zone, {
      driver_id: 'a',
      event_type: 'delivered',
      ms: Date.parse('2024-03-30T12:00:00Z'),
    });
    gold.add('EU', zone, {
      driver_id: 'b',
      event_type: 'delivered',
      ms: Date.parse('2024-03-30T13:00:00Z'),
    });
    gold.close(Date.parse('2024-03-30T23:00:00Z')); // Berlin's 30 March ends at 23:00 UTC
    expect(() =>
      gold.add('EU', zone, {
        driver_id: 'c',
        event_type: 'delivered',
        ms: Date.parse('2024-03-30T14:00:00Z'),
      }),
    ).toThrow(/closed already/);
    expect(gold.rows().map((r) => [r.local_date, r.active_drivers])).toEqual([['2024-03-30', 2]]);
  });
});
