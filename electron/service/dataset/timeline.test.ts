// The scheduler's time arithmetic, as tables: no clock, no files, no workers.
import { describe, expect, it } from 'vitest';
import { isoSeconds } from '../../engine/format.ts';
import { epochOf, JAN1, presetConfig } from '../../testing/presets.ts';
import type { EpochRecord } from '../store/state.ts';
import {
  activeEpoch,
  catchUpCut,
  newDatasetStart,
  nextCloseSeconds,
  openFrontier,
  pendingSwitch,
  rangesByEpoch,
} from './timeline.ts';

const base = presetConfig('base'); // 15-minute driver batches, hourly onboarding
const fiveSeconds = presetConfig('emulated-5s');

function record(preset: string, startS: number, endS?: number): EpochRecord {
  const config = preset === 'base' ? base : fiveSeconds;
  return {
    start: isoSeconds(startS),
    ...(endS === undefined ? {} : { end: isoSeconds(endS) }),
    seed: 42,
    preset,
    config,
    company_offset: 0,
    skipped: [],
    initial_fleet_committed: true,
  };
}

const H = 3600;
const records = [record('base', JAN1, JAN1 + 2 * H), record('emulated-5s', JAN1 + 2 * H)];

describe('activeEpoch and pendingSwitch', () => {
  it.each([
    ['before any epoch: the first', JAN1 - 60, 0, { preset: 'emulated-5s', at: records[1]?.start }],
    ['inside the first', JAN1 + H, 0, { preset: 'emulated-5s', at: records[1]?.start }],
    ['at the switch', JAN1 + 2 * H, 1, null],
    ['after the switch', JAN1 + 3 * H, 1, null],
  ])('%s', (_, nowS, index, pending) => {
    expect(activeEpoch(records, nowS)?.index).toBe(index);
    expect(pendingSwitch(records, nowS)).toEqual(pending);
  });

  it('has nothing to say about an empty dataset', () => {
    expect(activeEpoch([], JAN1)).toBeUndefined();
    expect(pendingSwitch([], JAN1)).toBeNull();
  });
});

describe('nextCloseSeconds', () => {
  it.each([
    ['15-minute batches, mid-interval', epochOf(base), undefined, JAN1 + 100, JAN1 + 900],
    ['15-minute batches, on a boundary', epochOf(base), undefined, JAN1 + 900, JAN1 + 1800],
    ['5-second batches', epochOf(fiveSeconds), undefined, JAN1 + 7, JAN1 + 10],
    ['an announced switch comes first', epochOf(base), JAN1 + 300, JAN1 + 100, JAN1 + 300],
    ['no epoch, a switch announced', undefined, JAN1 + 300, JAN1, JAN1 + 300],
  ])('%s', (_, epoch, pendingAt, nowS, expected) => {
    expect(nextCloseSeconds(epoch, pendingAt, nowS)).toBe(expected);
  });

  it('is undefined when nothing runs', () => {
    expect(nextCloseSeconds(undefined, undefined, JAN1)).toBeUndefined();
  });
});

describe('openFrontier', () => {
  it.each([
    // Driver batches of 15 min, onboarding hourly: the hour's onboarding interval is still open.
    ['the earlier of the open driver and company intervals', JAN1 + 2000, undefined, JAN1],
    ['on an hour boundary', JAN1 + H, undefined, JAN1 + H],
    ['not past an announced switch', JAN1 + H + 2000, JAN1 + H + 900, JAN1 + H],
  ])('%s', (_, nowS, pendingAt, expected) => {
    expect(openFrontier(epochOf(base), nowS, pendingAt)).toBe(expected);
  });
});

describe('catchUpCut', () => {
  const limited = epochOf({ ...base, catch_up_limit: 4 });
  it.each([
    ['within the limit', JAN1, JAN1 + 4 * 900, undefined],
    ['one interval over', JAN1, JAN1 + 5 * 900, { skippedIntervals: 1, cutoff: JAN1 + 900 }],
    [
      'a day away: only the newest four',
      JAN1,
      JAN1 + 24 * H + 10,
      { skippedIntervals: 92, cutoff: JAN1 + 24 * H - 4 * 900 },
    ],
    ['a frontier inside an interval rounds up', JAN1 + 10, JAN1 + 5 * 900, undefined],
  ])('%s', (_, frontier, nowS, expected) => {
    expect(catchUpCut(limited, frontier, nowS)).toEqual(expected);
  });

  it('does not count intervals after the epoch ended', () => {
    const ended = { ...limited, endSeconds: JAN1 + 3 * 900 };
    expect(catchUpCut(ended, JAN1, JAN1 + 10 * H)).toBeUndefined();
  });
});

describe('newDatasetStart and rangesByEpoch', () => {
  it('starts a new dataset one interval before the current one', () => {
    expect(newDatasetStart(900, JAN1 + 1000)).toBe(JAN1);
    expect(newDatasetStart(5, JAN1 + 12)).toBe(JAN1 + 5);
  });

  it.each([
    [
      'inside the first epoch',
      JAN1 + 10,
      JAN1 + 20,
      [{ index: 0, from: JAN1 + 10, to: JAN1 + 20 }],
    ],
    [
      'across the switch',
      JAN1 + H,
      JAN1 + 3 * H,
      [
        { index: 0, from: JAN1 + H, to: JAN1 + 2 * H },
        { index: 1, from: JAN1 + 2 * H, to: JAN1 + 3 * H },
      ],
    ],
    ['before the dataset', JAN1 - 100, JAN1, []],
  ])('%s', (_, from, to, expected) => {
    expect(rangesByEpoch(records, from, to)).toEqual(expected);
  });
});
