// Gold per company and TRUE interval, and arrivals per true interval, across batches. A valid
// row counts in the interval containing its timestamp (floor(ts / step) * step on the UTC
// grid), whichever batch delivered it: a late arrival of batch b counts in an earlier
// interval. Without late arrivals every valid row lies in its own batch's interval, so this is
// the per-batch gold exactly. An interval is final once no remaining batch can deliver into it
// (the caller names that horizon), and is handed out then: memory holds only open intervals.
import { batchIdOf, isoSeconds } from '../format.ts';

/** One gold row: a company's valid events in one (true) interval. */
export interface GoldRow {
  company_id: string;
  /** The true interval's id (its start, like a batch id). */
  batch_id: string;
  interval_start: string;
  interval_end: string;
  events: number;
  start_driving: number;
  stopped_driving: number;
  delivered: number;
  active_drivers: number;
}

/** Valid rows of one true interval delivered `intervals_late` intervals late (0: on time). */
export interface ArrivalRow {
  true_batch_id: string;
  intervals_late: number;
  events: number;
}

/** The fields of a valid event the aggregates read. */
export interface GoldEvent {
  company_id: string;
  driver_id: string;
  event_type: string;
  /** ms since 1970 (UTC). */
  ms: number;
}

export const TYPE_COLUMN: Record<string, 'start_driving' | 'stopped_driving' | 'delivered'> = {
  'start driving': 'start_driving',
  'stopped driving': 'stopped_driving',
  delivered: 'delivered',
};

interface OpenGold {
  row: GoldRow;
  drivers: Set<string>;
}

interface OpenInterval {
  startS: number;
  byCompany: Map<string, OpenGold>;
  /** Rows by intervals late. */
  arrivals: Map<number, number>;
}

export interface ClosedIntervals {
  gold: GoldRow[];
  arrivals: ArrivalRow[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class IntervalGold {
  private readonly open = new Map<number, OpenInterval>();
  /** Intervals starting before this are closed: a row for one is an engine error. */
  private closedBefore = Number.NEGATIVE_INFINITY;

  /** Adds a valid row delivered by the batch starting at `arrivalS` on a grid of `stepS`. */
  add(event: GoldEvent, arrivalS: number, stepS: number): void {
    const startS = Math.floor(event.ms / (stepS * 1000)) * stepS;
    if (startS < this.closedBefore)
      throw new Error(
        `a row of batch ${batchIdOf(arrivalS)} (${event.company_id}, ${new Date(event.ms).toISOString()}) falls in interval ${batchIdOf(startS)}, closed already`,
      );
    let interval = this.open.get(startS);
    if (!interval) {
      interval = { startS, byCompany: new Map(), arrivals: new Map() };
      this.open.set(startS, interval);
    }
    const late = Math.round((arrivalS - startS) / stepS);
    interval.arrivals.set(late, (interval.arrivals.get(late) ?? 0) + 1);
    let gold = interval.byCompany.get(event.company_id);
    if (!gold) {
      gold = {
        row: {
          company_id: event.company_id,
          batch_id: batchIdOf(startS),
          interval_start: isoSeconds(startS),
          interval_end: isoSeconds(startS + stepS),
          events: 0,
          start_driving: 0,
          stopped_driving: 0,
          delivered: 0,
          active_drivers: 0,
        },
        drivers: new Set(),
      };
      interval.byCompany.set(event.company_id, gold);
    }
    gold.row.events++;
    const column = TYPE_COLUMN[event.event_type];
    if (column) gold.row[column]++;
    gold.drivers.add(event.driver_id);
  }

  /**
   * Hands out the intervals starting before `horizonS` (no batch still to come can deliver
   * into them), oldest first, companies by id; all of them when omitted.
   */
  close(horizonS = Number.POSITIVE_INFINITY): ClosedIntervals {
    const due = [...this.open.keys()].filter((s) => s < horizonS).sort((a, b) => a - b);
    const out: ClosedIntervals = { gold: [], arrivals: [] };
    for (const startS of due) {
      const interval = this.open.get(startS) as OpenInterval;
      this.open.delete(startS);
      const rows = [...interval.byCompany.values()]
        .map(({ row, drivers }) => ({ ...row, active_drivers: drivers.size }))
        .sort((a, b) => byText(a.company_id, b.company_id));
      for (const row of rows) out.gold.push(row);
      const trueId = batchIdOf(startS);
      for (const late of [...interval.arrivals.keys()].sort((a, b) => a - b))
        out.arrivals.push({
          true_batch_id: trueId,
          intervals_late: late,
          events: interval.arrivals.get(late) as number,
        });
    }
    if (horizonS > this.closedBefore) this.closedBefore = horizonS;
    return out;
  }
}
