// Local days of an IANA time zone: the local date an instant falls on, and the UTC instants
// where that date starts and ends. Around a daylight-saving change a local day lasts 23 or 25
// hours (Lord Howe's half-hour change: 23.5 or 24.5), which is why a day is two instants and
// never "24 hours after midnight". Pure: the time zone rules come from Intl (ICU), no clock.

export interface LocalDay {
  /** The local date, YYYY-MM-DD. */
  date: string;
  /** First instant (ms since 1970, UTC) whose local date is `date`. */
  startMs: number;
  /** First instant of the next local date. */
  endMs: number;
}

const HOUR_MS = 3_600_000;
/** Local midnight lies within this of UTC midnight of the same date (offsets are -12..+14 h). */
const SEARCH_MS = 36 * HOUR_MS;
/** Days remembered, for rows of one batch that straddle a local midnight or arrive late. */
const REMEMBERED = 8;

/** The hours a local day lasts: 24, or 23 / 25 on a daylight-saving change. */
export function hoursInDay(day: LocalDay): number {
  return (day.endMs - day.startMs) / HOUR_MS;
}

/** The date after `date` (YYYY-MM-DD), on the proleptic Gregorian calendar. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export class LocalDays {
  private readonly format: Intl.DateTimeFormat;
  private readonly days: LocalDay[] = [];

  /** Throws a RangeError for a zone Intl does not know. */
  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  /** The local date (YYYY-MM-DD) of an instant. */
  dateOf(ms: number): string {
    let y = '';
    let m = '';
    let d = '';
    for (const part of this.format.formatToParts(ms)) {
      if (part.type === 'year') y = part.value;
      else if (part.type === 'month') m = part.value;
      else if (part.type === 'day') d = part.value;
    }
    return `${y.padStart(4, '0')}-${m}-${d}`;
  }

  /** The first instant (ms) whose local date is `date` or later: a binary search to the ms. */
  startOf(date: string): number {
    let lo = Date.parse(`${date}T00:00:00Z`) - SEARCH_MS; // local date before `date`
    let hi = lo + 2 * SEARCH_MS; // local date `date` or after
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.dateOf(mid) < date) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** The local day containing an instant (the last few are remembered). */
  dayOf(ms: number): LocalDay {
    for (const day of this.days) if (ms >= day.startMs && ms < day.endMs) return day;
    const date = this.dateOf(ms);
    const day = { date, startMs: this.startOf(date), endMs: this.startOf(nextDate(date)) };
    this.days.unshift(day);
    if (this.days.length > REMEMBERED) this.days.pop();
    return day;
  }
}
