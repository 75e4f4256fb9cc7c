// The regions' side of the Overview: each region's events over the recent batches (their
// metas' events_by_region) and its current local time, from its IANA zone.
import type { BatchMeta } from '../../../shared/api.ts';
import { REGIONS, type Region } from '../../../shared/world-config.ts';

export type DayPart = 'night' | 'morning' | 'afternoon' | 'evening';

export interface LocalTime {
  /** 24-hour "HH:MM". */
  clock: string;
  hour: number;
  part: DayPart;
}

/** Night 22–6, morning 6–12, afternoon 12–18, evening 18–22 (local hours). */
export function dayPart(hour: number): DayPart {
  if (hour < 6 || hour >= 22) return 'night';
  if (hour < 12) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

/** The local time at `nowMs` in the IANA `zone`. */
export function localTime(zone: string, nowMs: number): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(nowMs));
  const hh = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const mm = parts.find((p) => p.type === 'minute')?.value ?? '00';
  const hour = Number(hh) % 24;
  return { clock: `${hh}:${mm}`, hour, part: dayPart(hour) };
}

/** Events by region summed over the newest `limit` batches; null when none has them. */
export function eventsByRegion(
  newestFirst: readonly BatchMeta[],
  limit: number,
): { totals: Record<Region, number>; batches: number } | null {
  const withRegions = newestFirst.slice(0, limit).filter((b) => b.events_by_region);
  if (withRegions.length === 0) return null;
  const totals = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;
  for (const b of withRegions) for (const r of REGIONS) totals[r] += b.events_by_region?.[r] ?? 0;
  return { totals, batches: withRegions.length };
}
