// Regional gold per local day: valid rows by their company's region and the date of their
// timestamp in that region's time zone (not the UTC date), with the hours that local day lasts
// (23 or 25 on a daylight-saving change). A day's distinct drivers are kept until no batch
// still to come can deliver into it (the caller names that horizon); its counts until the end.
import { TYPE_COLUMN } from './interval-gold.ts';
import { hoursInDay, type LocalDay, LocalDays } from './local-days.ts';

export interface RegionalGoldRow {
  region: string;
  time_zone: string;
  local_date: string;
  hours_in_day: number;
  events: number;
  start_driving: number;
  stopped_driving: number;
  delivered: number;
  active_drivers: number;
}

interface OpenDay {
  row: RegionalGoldRow;
  endMs: number;
  drivers: Set<string> | null;
}

export class RegionalGold {
  private readonly zones = new Map<string, LocalDays>();
  private readonly days = new Map<string, OpenDay>();
  private readonly open = new Set<OpenDay>();
  /** The day of the last row: rows come grouped by driver, so mostly the next row's too. */
  private last: { region: string; zone: string; startMs: number; day: OpenDay } | undefined;

  /** `order`: the regions in the order rows are listed (others after them, by name). */
  constructor(private readonly order: readonly string[] = []) {}

  add(
    region: string,
    zone: string,
    event: { driver_id: string; event_type: string; ms: number },
  ): void {
    const last = this.last;
    const hit =
      last &&
      last.region === region &&
      last.zone === zone &&
      event.ms >= last.startMs &&
      event.ms < last.day.endMs
        ? last.day
        : undefined;
    const open = hit ?? this.dayOf(region, zone, event.ms);
    if (!open.drivers)
      throw new Error(`local day ${open.row.local_date} of ${region} is closed already`);
    open.row.events++;
    const column = TYPE_COLUMN[event.event_type];
    if (column) open.row[column]++;
    open.drivers.add(event.driver_id);
  }

  private dayOf(region: string, zone: string, ms: number): OpenDay {
    let days = this.zones.get(zone);
    if (!days) {
      days = new LocalDays(zone);
      this.zones.set(zone, days);
    }
    const day: LocalDay = days.dayOf(ms);
    const key = `${region}\u0000${zone}\u0000${day.date}`;
    let open = this.days.get(key);
    if (!open) {
      open = {
        row: {
          region,
          time_zone: zone,
          local_date: day.date,
          hours_in_day: hoursInDay(day),
          events: 0,
          start_driving: 0,
          stopped_driving: 0,
          delivered: 0,
          active_drivers: 0,
        },
        endMs: day.endMs,
        drivers: new Set(),
      };
      this.days.set(key, open);
      this.open.add(open);
    }
    this.last = { region, zone, startMs: day.startMs, day: open };
    return open;
  }

  /** Counts the drivers of the local days that end by `horizonMs`, and forgets who they were. */
  close(horizonMs: number): void {
    for (const day of this.open) {
      if (day.endMs > horizonMs || !day.drivers) continue;
      day.row.active_drivers = day.drivers.size;
      day.drivers = null;
      this.open.delete(day);
    }
  }

  /** Every row, by region (in `order`), time zone and local date. */
  rows(): RegionalGoldRow[] {
    this.close(Number.POSITIVE_INFINITY);
    const rank = (r: string) => {
      const i = this.order.indexOf(r);
      return i === -1 ? this.order.length : i;
    };
    const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.days.values()]
      .map((d) => d.row)
      .sort(
        (a, b) =>
          rank(a.region) - rank(b.region) ||
          text(a.region, b.region) ||
          text(a.time_zone, b.time_zone) ||
          text(a.local_date, b.local_date),
      );
  }
}
