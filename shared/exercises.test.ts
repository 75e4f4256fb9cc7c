// What a course file may say: tiered hints (or the older plain list), streaming, and the two
// parts of a release; and the scorecard's optional count of hints used.
import { describe, expect, it } from 'vitest';
import { exerciseFileSchema, scorecardSchema, tierByPosition } from './exercises.ts';

const file = {
  id: '04-stream-bronze',
  title: 'Stream bronze',
  checker: 'bronze',
  preset: 'quality-injection',
  seed: 42,
  from: new Date('2024-01-01T00:00:00Z'), // YAML reads an unquoted time as a date
  to: '2024-01-01T06:00:00Z',
  table: { path: 'lake/bronze', columns: [{ name: 'raw', type: 'string' }] },
  checks: ['every line once'],
  hints: ['the idea', 'the API', 'the code'],
};

const issues = (value: unknown) => {
  const parsed = exerciseFileSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('exerciseFileSchema', () => {
  it('reads an older file: plain hints tiered by position, one part, not streaming', () => {
    const e = exerciseFileSchema.parse(file);
    expect(e.hints).toEqual([
      { tier: 'idea', text: 'the idea' },
      { tier: 'api', text: 'the API' },
      { tier: 'code', text: 'the code' },
    ]);
    expect(e.streaming).toBe(false);
    expect(e.release).toBeUndefined();
    expect(e.from).toBe('2024-01-01T00:00:00Z');
  });

  it('tiers plain hints: the first an idea, the last code, the rest the API', () => {
    expect([0, 1, 2, 3].map((i) => tierByPosition(i, 4))).toEqual(['idea', 'api', 'api', 'code']);
    expect(tierByPosition(0, 1)).toBe('idea');
    expect([0, 1].map((i) => tierByPosition(i, 2))).toEqual(['idea', 'code']);
  });

  it('reads tiered hints, streaming and a release', () => {
    const hints = [
      { tier: 'idea', text: 'a' },
      { tier: 'idea', text: 'b' },
      { tier: 'api', text: 'c' },
      { tier: 'code', text: 'd' },
    ];
    const e = exerciseFileSchema.parse({
      ...file,
      hints,
      streaming: true,
      release: { mid: new Date('2024-01-01T03:00:00Z') },
    });
    expect(e.hints).toEqual(hints);
    expect(e).toMatchObject({ streaming: true, release: { mid: '2024-01-01T03:00:00Z' } });
  });

  it('wants every tier, in order idea, api, code', () => {
    expect(
      issues({
        ...file,
        hints: [
          { tier: 'idea', text: 'a' },
          { tier: 'code', text: 'b' },
        ],
      }),
    ).toEqual(['hints: needs at least one api hint']);
    expect(
      issues({
        ...file,
        hints: [
          { tier: 'idea', text: 'a' },
          { tier: 'code', text: 'b' },
          { tier: 'api', text: 'c' },
        ],
      }),
    ).toEqual([
      'hints: hint 3 (api) comes after a code hint: write them idea, then api, then code',
    ]);
    expect(issues({ ...file, hints: [{ tier: 'solution', text: 'a' }] })[0]).toMatch(
      /^hints\.0\.tier: /,
    );
    const empty = [
      { tier: 'idea', text: '' },
      { tier: 'api', text: 'b' },
      { tier: 'code', text: 'c' },
    ];
    expect(issues({ ...file, hints: empty })).toEqual([expect.stringMatching(/^hints\.0\.text: /)]);
  });

  it('puts the release strictly inside the range', () => {
    for (const mid of ['2024-01-01T00:00:00Z', '2024-01-01T06:00:00Z', '2024-01-02T00:00:00Z'])
      expect(issues({ ...file, release: { mid } })).toEqual([
        `release.mid: ${mid} must be strictly between from (2024-01-01T00:00:00Z) and to (2024-01-01T06:00:00Z)`,
      ]);
    expect(issues({ ...file, release: { mid: 'noon' } })).toEqual([
      'release.mid: must be an ISO time',
    ]);
    expect(issues({ ...file, to: '2023-12-31T00:00:00Z' })).toEqual([
      'to: must be after from (2024-01-01T00:00:00Z)',
    ]);
  });
});

describe('scorecardSchema', () => {
  const card = {
    exercise: '01-bronze',
    table: '/t',
    format: 'delta',
    rows: 1,
    passed: true,
    checks: [],
    checked_at: '2024-01-01T00:00:00Z',
  };

  it('reads a card without hints_used (older checks) and one with it', () => {
    expect(scorecardSchema.parse(card).hints_used).toBeUndefined();
    expect(scorecardSchema.parse({ ...card, hints_used: 2 }).hints_used).toBe(2);
    expect(scorecardSchema.safeParse({ ...card, hints_used: -1 }).success).toBe(false);
  });
});
