/** The monitoring engine piece by piece: ranks, bottom groups, milestones, colours, dates, the report. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { monitor, prepareMonitoringModel, type MonitoringInput, type MonitoringModel } from '../../src/domain/monitoring/monitor.js';
import { dayNumber, monthEnd } from '../../src/domain/monitoring/dates.js';
import { milestoneAt } from '../../src/domain/monitoring/model.js';
import { rankByProgress, statusOf } from '../../src/domain/monitoring/progress.js';
import { competitionRanks, effectiveBottom, inBottom } from '../../src/domain/monitoring/ranks.js';
import { amountText, percentText } from '../../src/core/rational.js';
import defaultModel from '../../models/monitoring/default.json';

const MODEL = prepareMonitoringModel(defaultModel as MonitoringModel);
const r = (num: bigint, den = 1n) => ({ num, den });

function input(partial: Partial<MonitoringInput>): MonitoringInput {
  return { model: MODEL, year: 2024, month: 6, unit: 'wan', regions: [], projects: [], ...partial };
}

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof EngineError) return e.issues.map((i) => i.path);
    throw e;
  }
  return [];
}

describe('ranks', () => {
  it('competition ranking: equal values share the best place, the next skips (1-2-2-4)', () => {
    expect(competitionRanks([70, 50, 50, 20], (a, b) => b - a)).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([20, 50, 70, 50], (a, b) => b - a)).toEqual([4, 2, 1, 2]);
    expect(competitionRanks([], (a: number, b: number) => b - a)).toEqual([]);
  });

  it('progress: larger first, exact (1/3 vs 0.333333333333), nothing in place last', () => {
    const third = r(1n, 3n);
    const almost = r(333_333_333_333n, 1_000_000_000_000n);
    expect(rankByProgress([almost, null, third, r(1n, 3n)])).toEqual([3, 4, 1, 1]);
    expect(rankByProgress([null, null])).toEqual([1, 1]);
  });

  it('bottom N: a tie at the edge brings all in; all equal puts nobody in; fewer than 2N shrinks N to ⌊n/2⌋', () => {
    // 10 ranks, bottom 5: the three tied at 5 have 3 below them
    expect(inBottom([1, 2, 3, 4, 5, 5, 5, 8, 9, 10], 5)).toEqual([false, false, false, false, true, true, true, true, true, true]);
    expect(inBottom([1, 1, 1, 1], 2)).toEqual([false, false, false, false]);
    expect(effectiveBottom(6, 20)).toBe(3);
    expect(effectiveBottom(40, 20)).toBe(20);
    expect(effectiveBottom(1, 5)).toBe(0);
    expect(inBottom([1, 2, 3, 4, 5, 6], 20)).toEqual([false, false, false, true, true, true]);
    expect(inBottom([7], 5)).toEqual([false]);
    // ranks from elsewhere: only their order counts
    expect(inBottom([10, 30, 20, 40], 1)).toEqual([false, false, false, true]);
  });
});

describe('milestones and colours', () => {
  it('the milestone in force is the latest one due by the report month; none before April', () => {
    expect(milestoneAt(MODEL, 3)).toBeNull();
    expect(milestoneAt(MODEL, 4)?.target).toEqual(r(3n, 10n));
    expect(milestoneAt(MODEL, 5)?.month).toBe(4);
    expect(milestoneAt(MODEL, 8)?.month).toBe(6);
    expect(milestoneAt(MODEL, 12)?.target).toEqual(r(1n));
  });

  it('green on or above the milestone, yellow within 10 points below it, red further below', () => {
    const june = milestoneAt(MODEL, 6);
    const ten = r(1n, 10n);
    expect(statusOf(r(1n, 2n), june, ten)).toBe('green');
    expect(statusOf(r(4999n, 10000n), june, ten)).toBe('yellow');
    expect(statusOf(r(2n, 5n), june, ten)).toBe('yellow');
    expect(statusOf(r(3999n, 10000n), june, ten)).toBe('red');
    expect(statusOf(null, june, ten)).toBe('red');
    expect(statusOf(null, null, ten)).toBe('green');
    expect(statusOf(r(0n), null, ten)).toBe('green');
  });

  it('a model with milestones out of order or falling is refused, each at its field', () => {
    const bad = {
      ...(defaultModel as MonitoringModel),
      milestones: [
        { month: 6, target: '0.5' },
        { month: 6, target: '0.6' },
        { month: 9, target: '0.4' },
      ],
    };
    expect(issuesOf(() => prepareMonitoringModel(bad, '/model'))).toEqual(['/model/milestones/1/month', '/model/milestones/2/target']);
  });
});

describe('dates', () => {
  it('reads real calendar dates only and counts whole days', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-02')! - dayNumber('2024-02-01')!).toBe(30);
    expect(dayNumber('2023-03-02')! - dayNumber('2023-02-01')!).toBe(29);
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-6-1', '20240601', '', '2024-06-31']) expect(dayNumber(bad), bad).toBeUndefined();
    expect(monthEnd(2024, 2)).toBe('2024-02-29');
    expect(monthEnd(2023, 2)).toBe('2023-02-28');
    expect(monthEnd(2024, 12)).toBe('2024-12-31');
  });
});

describe('exact numbers', () => {
  it('amounts are exact decimals with at least 2 places; percentages round half away from zero', () => {
    expect(amountText(r(1041_48n, 100n))).toBe('1041.48');
    expect(amountText(r(-1014n, 100n))).toBe('-10.14');
    expect(amountText(r(3n, 8n))).toBe('0.375');
    expect(amountText(r(1n, 3n))).toBe('0.333333333333');
    expect(percentText(r(735n, 800n))).toBe('91.88%');
    expect(percentText(r(-101_4n, 1700n))).toBe('-59.65%');
  });
});

describe('monitor', () => {
  const region = (id: string, level: 'city' | 'county', months: [number, string, string][]) => ({
    id,
    level,
    months: months.map(([month, inPlace, spent]) => ({ month, inPlace, spent })),
  });

  it("progress against the year's allocated funds when the model says so", () => {
    const model = prepareMonitoringModel({ ...(defaultModel as MonitoringModel), progressBase: 'allocated' });
    const result = monitor(input({ model, regions: [{ ...region('A', 'city', [[6, '400', '300']]), allocated: '1000' }] }));
    expect(result.regions[0]).toMatchObject({ base: '1000.00', progressPercent: '30.00%', status: 'red', gapPoints: '-20.00' });
    expect(issuesOf(() => monitor(input({ model, regions: [region('A', 'city', [[6, '400', '300']])] })))).toEqual(['/regions/0/allocated']);
  });

  it('cities and counties are ranked separately', () => {
    const result = monitor(
      input({
        regions: [
          region('C1', 'city', [[6, '100', '10']]),
          region('K1', 'county', [[6, '100', '90']]),
          region('C2', 'city', [[6, '100', '20']]),
          region('K2', 'county', [[6, '100', '95']]),
        ],
      }),
    );
    expect(result.regions.map((x) => [x.id, x.rank, x.of])).toEqual([
      ['C1', 2, 2],
      ['K1', 2, 2],
      ['C2', 1, 2],
      ['K2', 1, 2],
    ]);
    expect(result.levels).toEqual({ city: { regions: 2, green: 0, yellow: 0, red: 2 }, county: { regions: 2, green: 2, yellow: 0, red: 0 } });
  });

  it('January has no previous report: a note, no reminder letters', () => {
    const result = monitor(input({ month: 1, regions: [region('A', 'city', [[1, '100', '0']]), region('B', 'city', [[1, '100', '1']])] }));
    expect(result.previous).toEqual({ month: null, from: null });
    expect(result.alerts).toEqual([]);
    expect(result.notes.map((n) => n.en)).toEqual([expect.stringContaining('January')]);
  });

  it('published previous ranks: regions without one cannot be twice in a row, and a note says how many', () => {
    const regions = [
      region('A', 'city', [[6, '100', '10']]),
      region('B', 'city', [[6, '100', '20']]),
      region('C', 'city', [[6, '100', '90']]),
      region('D', 'city', [[6, '100', '80']]),
    ];
    const result = monitor(input({ regions, previous: { ranks: { A: 4, C: 1, D: 2 } } }));
    expect(result.previous).toEqual({ month: null, from: 'ranks' });
    expect(result.regions.map((x) => [x.id, x.rank, x.previousRank, x.bottom])).toEqual([
      ['A', 4, 4, true],
      ['B', 3, null, true],
      ['C', 1, 1, false],
      ['D', 2, 2, false],
    ]);
    // bottom 5 of 4 cities is ⌊4/2⌋ = 2 now (A, B); of the 3 ranked before, ⌊3/2⌋ = 1 (A)
    expect(result.alerts.map((a) => a.subject.id)).toEqual(['A']);
    expect(result.notes.map((n) => n.en)).toContain('1 region(s) have no previous rank: they cannot be twice in a row.');
  });

  it('a switched-off rule raises nothing', () => {
    const model = prepareMonitoringModel({ ...(defaultModel as MonitoringModel), alerts: {} });
    const result = monitor(
      input({
        model,
        regions: [region('A', 'county', [[6, '0', '0']])],
        projects: [{ id: 'P', budget: '10', adjusted: '1', completed: '2024-01-01' }],
      }),
    );
    expect(result.alerts).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('refuses completion or payment dates after the report date', () => {
    const projects = [{ id: 'P', budget: '10', completed: '2024-07-01', paidOn: '2024-07-02' }];
    expect(issuesOf(() => monitor(input({ projects })))).toEqual(['/projects/0/completed', '/projects/0/paidOn']);
    expect(issuesOf(() => monitor(input({ projects, reportDate: '2024-07-15' })))).toEqual([]);
  });

  it('refuses a previous report month that is not before the report month, and duplicate ids', () => {
    const regions = [region('A', 'city', [[6, '100', '50']]), region('A', 'city', [[6, '100', '50']])];
    expect(issuesOf(() => monitor(input({ regions, previous: { month: 6 } })))).toEqual(['/regions/1/id', '/previous/month']);
    expect(
      issuesOf(() =>
        monitor(
          input({
            projects: [
              { id: 'P', budget: '1' },
              { id: 'P', budget: '2' },
            ],
          }),
        ),
      ),
    ).toEqual(['/projects/1/id']);
    try {
      monitor(input({ regions, previous: { month: 6 } }));
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).issues.map((i) => i.code)).toEqual(['duplicate-id', 'monitoring-previous-not-before']);
    }
  });

  it('the answer does not depend on the order of the regions', () => {
    const regions = [
      region('A', 'city', [
        [5, '100', '20'],
        [6, '100', '30'],
      ]),
      region('B', 'city', [
        [5, '100', '10'],
        [6, '100', '30'],
      ]),
      region('C', 'city', [
        [5, '100', '40'],
        [6, '100', '60'],
      ]),
    ];
    const one = monitor(input({ regions }));
    const two = monitor(input({ regions: [regions[2], regions[0], regions[1]] }));
    const byId = (rows: readonly { id: string }[]) => Object.fromEntries(rows.map((x) => [x.id, x]));
    expect(byId(two.regions)).toEqual(byId(one.regions));
    expect(new Set(two.alerts.map((a) => a.subject.id))).toEqual(new Set(one.alerts.map((a) => a.subject.id)));
  });
});
