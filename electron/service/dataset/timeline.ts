// The generator's arithmetic of time, as pure functions of the stored epochs and "now"
// (seconds): which epoch runs, when the next interval closes, where the frontier goes, how
// much a catch-up may produce. The scheduler asks; nothing here reads a clock or a file.
import { type Epoch, epochShape } from '../../engine/plan.ts';
import { type EpochRecord, epochFromRecord } from '../store/state.ts';

/** The epoch that covers `nowS` (an announced one starts later); before any, the first. */
export function activeEpoch(
  records: readonly EpochRecord[],
  nowS: number,
): { index: number; epoch: Epoch } | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i];
    if (record && Date.parse(record.start) / 1000 <= nowS)
      return { index: i, epoch: epochFromRecord(record) };
  }
  const first = records[0];
  return first ? { index: 0, epoch: epochFromRecord(first) } : undefined;
}

/** A preset switch announced for a later interval (the last epoch, starting after now). */
export function pendingSwitch(
  records: readonly EpochRecord[],
  nowS: number,
): { preset: string; at: string } | null {
  const last = records[records.length - 1];
  if (!last || Date.parse(last.start) / 1000 <= nowS) return null;
  return { preset: last.preset, at: last.start };
}

/** The interval start at or before `t` on a grid of `length` seconds. */
export function intervalStart(t: number, length: number): number {
  return Math.floor(t / length) * length;
}

/** When the next driver or company interval closes, or an announced epoch starts. */
export function nextCloseSeconds(
  active: Epoch | undefined,
  pendingAtS: number | undefined,
  nowS: number,
): number | undefined {
  let next = Number.POSITIVE_INFINITY;
  if (active) {
    const shape = epochShape(active);
    for (const len of [shape.driverSeconds, shape.companySeconds])
      next = Math.min(next, intervalStart(nowS, len) + len);
  }
  if (pendingAtS !== undefined) next = Math.min(next, pendingAtS);
  return Number.isFinite(next) ? next : undefined;
}

/** The frontier once everything closed by `nowS` is produced: the earliest still-open interval. */
export function openFrontier(active: Epoch, nowS: number, pendingAtS?: number): number {
  const shape = epochShape(active);
  const open = Math.min(
    intervalStart(nowS, shape.driverSeconds),
    intervalStart(nowS, shape.companySeconds),
  );
  return pendingAtS === undefined ? open : Math.min(open, pendingAtS);
}

/**
 * After a downtime, only the newest `catch_up_limit` closed driver intervals are produced:
 * the rest, [frontier, cutoff), is skipped. Undefined when the gap is within the limit.
 */
export function catchUpCut(
  epoch: Epoch,
  frontier: number,
  nowS: number,
): { skippedIntervals: number; cutoff: number } | undefined {
  const shape = epochShape(epoch);
  const d = shape.driverSeconds;
  const end = Math.min(nowS, epoch.endSeconds ?? Number.POSITIVE_INFINITY);
  const lastClosed = intervalStart(end - d, d);
  const first = Math.max(Math.ceil(frontier / d) * d, shape.firstDriverStart);
  const closed = lastClosed >= first ? Math.floor((lastClosed - first) / d) + 1 : 0;
  const limit = epoch.config.catch_up_limit;
  if (closed <= limit) return undefined;
  return { skippedIntervals: closed - limit, cutoff: lastClosed - (limit - 1) * d };
}

/**
 * A new dataset starts one interval in the past, so its initial fleet and first driver batch
 * can be produced at once without ever producing an interval that is still open.
 */
export function newDatasetStart(driverSeconds: number, nowS: number): number {
  return intervalStart(nowS, driverSeconds) - driverSeconds;
}

/** The parts of [from, to) that fall in each epoch (intervals that started while paused). */
export function rangesByEpoch(
  records: readonly EpochRecord[],
  from: number,
  to: number,
): Array<{ index: number; from: number; to: number }> {
  return records.flatMap((record, index) => {
    const epoch = epochFromRecord(record);
    const a = Math.max(from, epoch.startSeconds);
    const b = Math.min(to, epoch.endSeconds ?? Number.POSITIVE_INFINITY);
    return b > a ? [{ index, from: a, to: b }] : [];
  });
}
