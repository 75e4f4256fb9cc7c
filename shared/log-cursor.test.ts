import { describe, expect, it } from 'vitest';
import { compareCursorText, formatCursor, parseCursor } from './log-cursor.ts';

describe('log cursors', () => {
  it.each([
    // An entry's cursor: the millisecond, and n as microseconds.
    ['2026-11-26T08:19:55.754002Z', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 2 }],
    // The earlier forms, and the rare n >= 1000.
    ['2026-11-26T08:19:55.754Z#2', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 2 }],
    ['2026-11-26T08:19:55.754Z_1500', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 1500 }],
    // Plain times, as earlier clients and people type them.
    ['2026-11-26T08:19:55Z', 'since', { ts: '2026-11-26T08:19:55.000Z', n: 0 }],
    ['2026-11-26T08:19:55', 'since', { ts: '2026-11-26T08:19:55.000Z', n: 0 }],
    ['2026-11-26 08:19', 'since', { ts: '2026-11-26T08:19:00.000Z', n: 0 }],
    ['2026-11-26', 'before', { ts: '2026-11-26T00:00:00.000Z', n: 0 }],
    ['2026-11-26T09:19:55.5+01:00', 'since', { ts: '2026-11-26T08:19:55.500Z', n: 0 }],
    // Python's isoformat(), its `+` arriving as a space when not escaped.
    ['2026-11-26T09:19:55.754321 01:00', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 321 }],
    ['2026-11-26T08:19:55.754321+0000', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 321 }],
    // Nanoseconds: since truncates, before rounds up, both meaning "strictly after/before".
    ['2026-11-26T08:19:55.754321500Z', 'since', { ts: '2026-11-26T08:19:55.754Z', n: 321 }],
    ['2026-11-26T08:19:55.754321500Z', 'before', { ts: '2026-11-26T08:19:55.754Z', n: 322 }],
    ['2026-11-26T08:19:55.999999001Z', 'before', { ts: '2026-11-26T08:19:56.000Z', n: 0 }],
  ] as const)('reads %s (%s)', (text, side, cursor) => {
    expect(parseCursor(text, side)).toEqual(cursor);
  });

  it.each([
    'yesterday',
    '',
    '2024-13-45T00:00:00Z',
    '2024-01-01T00:00:00Z#x',
    '2024-01-01T00:00:00.000123Z#3',
    '1700000000',
  ])('refuses %j', (text) => {
    expect(parseCursor(text, 'since')).toBeUndefined();
  });

  it('writes cursors that need no escaping and read back the same', () => {
    for (const c of [
      { ts: '2026-11-26T08:19:55.754Z', n: 0 },
      { ts: '2026-11-26T08:19:55.754Z', n: 999 },
      { ts: '2026-11-26T08:19:55.754Z', n: 1000 },
    ]) {
      const text = formatCursor(c);
      expect(encodeURIComponent(text)).toBe(text.replaceAll(':', '%3A'));
      expect(text).not.toMatch(/[#&+% ]/);
      expect(parseCursor(text, 'since')).toEqual(c);
    }
    expect(formatCursor({ ts: '2026-11-26T08:19:55.754Z', n: 7 })).toBe(
      '2026-11-26T08:19:55.754007Z',
    );
  });

  it('orders by time, then by n as a number', () => {
    const ordered = [
      '2026-11-26T08:19:55.754Z#9',
      '2026-11-26T08:19:55.754010Z',
      '2026-11-26T08:19:55.754999Z',
      '2026-11-26T08:19:55.754Z_1000',
      '2026-11-26T08:19:55.755000Z',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareCursorText(ordered[i - 1] as string, ordered[i] as string)).toBeLessThan(0);
    }
  });
});

describe('impossible times', () => {
  it.each([
    '2024-02-30T00:00:00Z',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:61Z',
    '2024-01-01T10:00:00+25:00',
  ])('refuses %s rather than rolling it over', (text) => {
    expect(parseCursor(text, 'before')).toBeUndefined();
  });

  it('takes the last day of February in a leap year', () => {
    expect(parseCursor('2024-02-29', 'since')).toEqual({ ts: '2024-02-29T00:00:00.000Z', n: 0 });
  });
});
