// Local days across the 2024 daylight-saving changes: the spring-forward day has 23 hours, the
// fall-back day 25 (Lord Howe's half-hour change 23.5 and 24.5), every other day 24; each day
// ends where the next begins, so none is skipped or doubled.
import { describe, expect, it } from 'vitest';
import { hoursInDay, LocalDays, nextDate } from './local-days.ts';

const HOUR = 3_600_000;

/** The whole UTC hours whose local date is `date`, counted one by one (a second way). */
function hoursCounted(days: LocalDays, date: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  let n = 0;
  for (let t = midnight - 36 * HOUR; t < midnight + 36 * HOUR; t += HOUR / 2)
    if (days.dateOf(t) === date) n += 0.5;
  return n;
}

describe('local days', () => {
  it.each([
    ['America/Chicago', '2024-03-10', 23],
    ['America/Chicago', '2024-11-03', 25],
    ['Europe/Berlin', '2024-03-31', 23],
    ['Europe/Berlin', '2024-10-27', 25],
    ['Australia/Sydney', '2024-10-06', 23],
    ['Australia/Sydney', '2024-04-07', 25],
    ['Australia/Lord_Howe', '2024-10-06', 23.5],
    ['Australia/Lord_Howe', '2024-04-07', 24.5],
    ['America/Sao_Paulo', '2024-11-03', 24],
  ])('%s %s lasts %d hours', (zone, date, hours) => {
    const days = new LocalDays(zone);
    const day = days.dayOf(days.startOf(date) + HOUR);
    expect(day.date).toBe(date);
    expect(hoursInDay(day)).toBe(hours);
    expect(hoursCounted(days, date)).toBe(hours);
  });

  it('starts a day at its first local instant: the one before is the previous date', () => {
    for (const zone of ['America/Chicago', 'Europe/Berlin', 'Australia/Sydney', 'UTC']) {
      const days = new LocalDays(zone);
      for (const date of ['2024-03-10', '2024-03-31', '2024-10-06', '2024-11-03']) {
        const start = days.startOf(date);
        expect(days.dateOf(start)).toBe(date);
        expect(days.dateOf(start - 1) < date).toBe(true);
      }
    }
  });

  it('tiles a year with no gap and no overlap: 2024 has 366 local days of 8784 hours in all', () => {
    for (const zone of [
      'America/Chicago',
      'Europe/Berlin',
      'Australia/Sydney',
      'America/Sao_Paulo',
    ]) {
      const days = new LocalDays(zone);
      let date = '2024-01-01';
      let day = days.dayOf(days.startOf(date));
      let hours = 0;
      let count = 0;
      const lengths = new Map<number, number>();
      while (date < '2025-01-01') {
        expect(day.date).toBe(date);
        hours += hoursInDay(day);
        lengths.set(hoursInDay(day), (lengths.get(hoursInDay(day)) ?? 0) + 1);
        count++;
        const next = days.dayOf(day.endMs);
        expect(next.startMs).toBe(day.endMs);
        date = nextDate(date);
        day = next;
      }
      expect(count).toBe(366);
      expect(hours).toBe(366 * 24);
      // One 23-hour and one 25-hour day where the zone changes its clocks in 2024.
      const changes = zone === 'America/Sao_Paulo' ? 0 : 1;
      expect([lengths.get(23) ?? 0, lengths.get(25) ?? 0]).toEqual([changes, changes]);
    }
  });

  it('names the date of an instant in the zone, not in UTC', () => {
    const chicago = new LocalDays('America/Chicago');
    // 03:00 UTC on 11 March is 22:00 on 10 March in Chicago (CDT, UTC-5).
    expect(chicago.dateOf(Date.parse('2024-03-11T03:00:00Z'))).toBe('2024-03-10');
    expect(chicago.dateOf(Date.parse('2024-03-11T05:00:00Z'))).toBe('2024-03-11');
    const sydney = new LocalDays('Australia/Sydney');
    expect(sydney.dateOf(Date.parse('2024-10-05T14:00:00Z'))).toBe('2024-10-06');
    expect(nextDate('2024-02-28')).toBe('2024-02-29');
    expect(nextDate('2024-12-31')).toBe('2025-01-01');
  });
});
