/** Composite points from scored events, periods, and the groups of the shared points ranking, against hand-computed numbers. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { parseDecimal, toText } from '../../src/core/money.js';
import { isIsoDate, periodSpan, within } from '../../src/core/periods.js';
import { compositeScores, rankRegions, RankingModel, ScoredEvent } from '../../src/domain/ranking/ranking.js';
import { rankAndScore } from '../../src/domain/allocation/pipeline/points.js';

const d = (x: string) => parseDecimal(x)!;

const model: RankingModel = {
  id: 'test',
  version: '1',
  unit: 'wan',
  base: '100',
  kinds: [
    { id: 'check', minimum: '-10' },
    { id: 'visit', weight: '2' },
    { id: 'bulletin', points: '-5', minimum: '-12' },
    { id: 'dispatch', maximum: '3' },
  ],
  bottom: { count: 1, amount: { fixed: '300' } },
  top: { count: 1, amount: { fixed: '100' } },
};
const regions = [{ id: 'A' }, { id: 'B' }, { id: 'C' }];

function issuesOf(f: () => unknown): { path: string; code?: string; en: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof EngineError) return e.issues.map((i) => ({ path: i.path, code: i.code, en: i.en }));
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('compositeScores: composite = base + Σ_kinds clamp(weight × Σ points, minimum, maximum)', () => {
  it('adds each kind to the base, weighted and capped, with the breakdown per kind', () => {
    const events: ScoredEvent[] = [
      { region: 'A', kind: 'check', points: '-4' },
      { region: 'A', kind: 'check', points: '-8' }, // Σ −12 → at most 10 off: −10
      { region: 'A', kind: 'visit', points: '1.5' }, // × 2 = 3
      { region: 'B', kind: 'bulletin' }, // standard −5
      { region: 'B', kind: 'bulletin', points: '2' }, // its own points: a commendation
      { region: 'B', kind: 'dispatch', points: 4 }, // 4 → at most 3
      { region: 'A', kind: 'bulletin' },
      { region: 'A', kind: 'bulletin' },
      { region: 'A', kind: 'bulletin' }, // −15 → at most 12 off
    ];
    const [a, b, c] = compositeScores(model, regions, events);
    expect(toText(a.composite)).toBe('81'); // 100 − 10 + 3 − 12
    expect(a.events).toBe(6);
    expect(a.kinds.map((k) => [k.events, toText(k.points), toText(k.counted), k.capped])).toEqual([
      [2, '-12', '-10', true],
      [1, '1.5', '3', false],
      [3, '-15', '-12', true],
      [0, '0', '0', false],
    ]);
    expect(toText(b.composite)).toBe('100'); // 100 − 5 + 2 + 3
    expect(b.kinds[3]).toMatchObject({ capped: true, events: 1 });
    expect(toText(c.composite)).toBe('100');
    expect(c.events).toBe(0);
  });

  it('is exact: 0.1 + 0.2 points are 0.3, however many events', () => {
    const events: ScoredEvent[] = [
      { region: 'A', kind: 'dispatch', points: 0.1 },
      { region: 'A', kind: 'dispatch', points: '0.2' },
      ...Array.from({ length: 1000 }, () => ({ region: 'B', kind: 'visit', points: '0.001' })),
    ];
    const [a, b] = compositeScores(model, regions, events);
    expect(toText(a.composite)).toBe('100.3');
    expect(toText(b.composite)).toBe('102'); // 1000 × 0.001 × 2
  });

  it('a weight of 0 counts a kind out; minimum and maximum alone bound one side', () => {
    const m: RankingModel = {
      ...model,
      base: '0',
      kinds: [
        { id: 'x', weight: '0' },
        { id: 'y', maximum: '1' },
      ],
    };
    const [a] = compositeScores(
      m,
      [{ id: 'A' }],
      [
        { region: 'A', kind: 'x', points: '50' },
        { region: 'A', kind: 'y', points: '-7' },
      ],
    );
    expect(toText(a.composite)).toBe('-7');
  });

  it('names every reference problem at once, each by its JSON pointer', () => {
    const issues = issuesOf(() =>
      compositeScores(
        model,
        [{ id: 'A' }, { id: 'B' }, { id: 'A' }],
        [
          { region: 'Z', kind: 'check', points: '1' },
          { region: 'A', kind: 'audit', points: '1' },
          { region: 'A', kind: 'check' },
          { region: 'A', kind: 'check', points: '1', date: '2024-01-01', period: '2024' },
          { region: 'A', kind: 'check', points: 'abc' },
        ],
      ),
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/regions/2/id',
      '/events/0/region',
      '/events/1/kind',
      '/events/2/points',
      '/events/3/period',
      '/events/4/points',
    ]);
    expect(issues.map((i) => i.code)).toEqual([
      'duplicate-id',
      'unknown-reference',
      'unknown-reference',
      'ranking-points-missing',
      'ranking-date-and-period',
      'ranking-points-not-decimal',
    ]);
    expect(issues[2].en).toContain('check, visit, bulletin, dispatch');
    expect(issues[3].en).toContain('no standard points');
  });

  it('with a period, every event is dated inside it', () => {
    const period = { from: '2024-01-01', to: '2024-06-30' };
    const issues = issuesOf(() =>
      compositeScores(
        model,
        regions,
        [
          { region: 'A', kind: 'check', points: '1', date: '2024-06-30' },
          { region: 'A', kind: 'check', points: '1', period: '2024-Q2' },
          { region: 'A', kind: 'check', points: '1', date: '2024-07-01' },
          { region: 'A', kind: 'check', points: '1', period: '2024' },
          { region: 'A', kind: 'check', points: '1' },
          { region: 'A', kind: 'check', points: '1', date: '2024-02-30' },
          { region: 'A', kind: 'check', points: '1', period: '2024-Q5' },
        ],
        period,
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['/events/2/date', '/events/3/period', '/events/4/date', '/events/5/date', '/events/6/period']);
    expect(issues.map((i) => i.code)).toEqual([
      'ranking-event-outside-period',
      'ranking-event-outside-period',
      'ranking-event-undated',
      'ranking-date-invalid',
      'ranking-period-invalid',
    ]);
    // without a period an undated event is fine
    expect(() => compositeScores(model, regions, [{ region: 'A', kind: 'check', points: '1' }])).not.toThrow();
  });
});

describe('periods', () => {
  it('reads dates and the period forms as spans of days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024/05/01')).toBe(false);
    expect(isIsoDate('2024-5-1')).toBe(false);
    expect(periodSpan('2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodSpan('2024-H2')).toEqual({ from: '2024-07-01', to: '2024-12-31' });
    expect(periodSpan('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodSpan('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodSpan('2023-02')?.to).toBe('2023-02-28');
    for (const bad of ['2024-13', '2024-Q0', '2024-H3', '24', '2024-00', 'Q1-2024', '']) expect(periodSpan(bad), bad).toBeUndefined();
    expect(within({ from: '2024-04-01', to: '2024-06-30' }, { from: '2024-01-01', to: '2024-06-30' })).toBe(true);
    expect(within({ from: '2024-04-01', to: '2024-07-01' }, { from: '2024-01-01', to: '2024-06-30' })).toBe(false);
  });
});

describe('rankRegions: composites through the shared points ranking', () => {
  it('ranks composites and pays the groups in the request’s unit and granularity', () => {
    const out = rankRegions({
      model,
      regions,
      events: [
        { region: 'A', kind: 'check', points: '-1' },
        { region: 'C', kind: 'dispatch', points: '2' },
      ],
      unit: 'yuan',
      granularity: d('1000'),
    });
    expect(out.scores.map((s) => toText(s.composite))).toEqual(['99', '100', '102']);
    expect(out.ranked.map((r) => [r.rank, r.rankFromBottom, r.group, r.penalty, r.reward])).toEqual([
      [3, 1, 'bottom', 3000n, 0n], // 300万元 = 3,000,000 元 = 3,000 granules of 1,000 元
      [2, 2, 'none', 0n, 0n],
      [1, 3, 'top', 0n, 1000n],
    ]);
    expect(out.size).toEqual({ bottom: 1, top: 1 });
  });
});

describe('rankAndScore groups', () => {
  const toG = (r: { num: bigint; den: bigint }) => r.num / r.den;

  it('says which group each region is in, also when its amount is 0', () => {
    const ranked = rankAndScore(
      ['9', '5', '1'].map(d),
      { bottom: { count: 1, amount: { fixed: d('0') } }, top: { count: 1, amount: { fixed: d('7') } } },
      toG,
    );
    expect(ranked.map((r) => [r.group, r.penalty, r.reward])).toEqual([
      ['top', 0n, 7n],
      ['none', 0n, 0n],
      ['bottom', 0n, 0n],
    ]);
  });

  it('a tie across the middle is in neither group, whatever the amounts', () => {
    const ranked = rankAndScore(
      ['9', '5', '5', '5', '1'].map(d),
      { bottom: { count: 2, amount: { fixed: d('0') } }, top: { count: 2, amount: { fixed: d('7') } } },
      toG,
    );
    expect(ranked.map((r) => r.group)).toEqual(['top', 'none', 'none', 'none', 'bottom']);
    expect(ranked.map((r) => r.reward)).toEqual([7n, 0n, 0n, 0n, 0n]);
  });

  it('negative scores rank like any others', () => {
    const ranked = rankAndScore(['-3', '0', '-10.5'].map(d), {}, toG);
    expect(ranked.map((r) => [r.rank, r.group])).toEqual([
      [2, 'none'],
      [1, 'none'],
      [3, 'none'],
    ]);
  });
});
