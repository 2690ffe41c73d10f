/**
 * Indicator checks (seed 001, 武汉财政局报告 §二(四)1): blank or abnormal core indicators, units that do not fit
 * the category, unit costs far from their category's median, and amounts that contradict each other. Every
 * expected value is worked out by hand in the test (the model: factor 3, 3 peers, 100%).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorFindings, indicatorSummary, median } from '../../src/domain/projects/indicators.js';
import { rat } from '../../src/core/rational.js';
import { output, project, SICHUAN } from './checks-fixtures.js';

const checks = (list: ReturnType<typeof indicatorFindings>) => list.map((f) => [f.project, f.check, f.indicator]);

describe('blank-core and abnormal', () => {
  it('a project without any output indicator: one blank-core finding about the project (indicator null)', () => {
    const found = indicatorFindings([project({ id: 'A', targets: { effect: [{ name: '增收', value: '5', unit: '户' }] } })], SICHUAN, 'wan');
    expect(checks(found)).toEqual([['A', 'blank-core', null]]);
    expect(found[0].en).toMatch(/no output indicator/);
    expect(found[0].zh).toMatch(/产出指标/);
  });

  it('a core indicator of 0 is blank; unmarked, the output indicators are the core ones (an effect of 0 is not)', () => {
    const marked = project({
      id: 'M',
      targets: {
        output: [
          { name: '基地', value: '100', unit: '亩' },
          { name: '冷库', value: '0', unit: '座' },
        ],
        effect: [{ name: '增收户数', value: '0', unit: '户', core: true }],
      },
    });
    const unmarked = project({
      id: 'U',
      targets: { output: [{ name: '基地', value: '0', unit: '亩' }], effect: [{ name: '增收户数', value: '0', unit: '户' }] },
    });
    const found = indicatorFindings([marked, unmarked], SICHUAN, 'wan');
    // M marks one core indicator (the effect): only it counts; the output 冷库 0 is not core there
    expect(checks(found)).toEqual([
      ['M', 'blank-core', '增收户数'],
      ['U', 'blank-core', '基地'],
    ]);
    expect(found[1]).toMatchObject({ value: '0', unit: '亩', unitCost: null, median: null });
  });

  it('a percentage above 100 is abnormal (output or effect, full-width ％ too); exactly 100 is not', () => {
    const p = project({
      id: 'P',
      targets: {
        output: [
          { name: '基地', value: '100', unit: '亩' },
          { name: '成活率', value: '100.01', unit: '%' },
        ],
        effect: [
          { name: '满意度', value: '100', unit: '%' },
          { name: '增收比例', value: '150', unit: '％' },
        ],
      },
    });
    const found = indicatorFindings([p], SICHUAN, 'wan');
    // 成活率 in % is also no output unit of industry: unit-mismatch after abnormal
    expect(checks(found)).toEqual([
      ['P', 'abnormal', '成活率'],
      ['P', 'abnormal', '增收比例'],
      ['P', 'unit-mismatch', '成活率'],
    ]);
    expect(found[0].en).toContain('100.01%');
  });
});

describe('unit-mismatch', () => {
  it("an output unit not in the category's outputUnits is flagged; the same unit in a category that has it is not", () => {
    const road = { name: '硬化道路', value: '3.5', unit: '公里' };
    const found = indicatorFindings(
      [project({ id: 'I', targets: output(road) }), project({ id: 'R', category: 'infrastructure', targets: output(road) })],
      SICHUAN,
      'wan',
    );
    expect(checks(found)).toEqual([['I', 'unit-mismatch', '硬化道路']]);
    expect(found[0]).toMatchObject({ value: '3.5', unit: '公里', category: 'industry' });
    expect(found[0].zh).toContain('产业发展');
  });
});

describe('unit-cost-outlier', () => {
  const base = (id: string, amount: string, mu = '100') => project({ id, amount, targets: output({ name: '基地', value: mu, unit: '亩' }) });

  it('costs 1, 1.2, 0.9, 5 万元/亩: median 1.1, bounds [0.3667, 3.3]: only 5 is out (high)', () => {
    const found = indicatorFindings([base('A', '100'), base('B', '120'), base('C', '90'), base('D', '500')], SICHUAN, 'wan');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ project: 'D', check: 'unit-cost-outlier', indicator: '基地', value: '100', unit: '亩', unitCost: '5', median: '1.1' });
    expect(found[0].en).toMatch(/more than 3 times the median 1\.1 万元\/亩 of the 4 industry/);
    expect(found[0].zh).toContain('超过');
  });

  it('adding 0.3: median 1, bounds [1/3, 3]: 0.3 is out (low) and 5 is out (high)', () => {
    const found = indicatorFindings([base('A', '100'), base('B', '120'), base('C', '90'), base('D', '500'), base('E', '30')], SICHUAN, 'wan');
    expect(found.map((f) => [f.project, f.unitCost, f.median])).toEqual([
      ['D', '5', '1'],
      ['E', '0.3', '1'],
    ]);
    expect(found[1].en).toMatch(/less than 1\/3 of/);
  });

  it('the bounds are in: median 1 (costs 1, 1, 3) and 3 = 3 × 1 is not flagged; 3.01 is', () => {
    expect(indicatorFindings([base('A', '100'), base('B', '100'), base('C', '300')], SICHUAN, 'wan')).toEqual([]);
    const over = indicatorFindings([base('A', '100'), base('B', '100'), base('C', '301')], SICHUAN, 'wan');
    expect(over.map((f) => [f.project, f.unitCost, f.median])).toEqual([['C', '3.01', '1']]);
  });

  it('fewer than 3 projects of a category and unit: no median, nothing flagged however far apart', () => {
    expect(indicatorFindings([base('A', '1'), base('B', '900')], SICHUAN, 'wan')).toEqual([]);
    // two industry + one household project in 亩: still only two peers each
    const h = project({ id: 'H', category: 'household', amount: '5000', targets: output({ name: '到户种植', value: '100', unit: '亩' }) });
    expect(indicatorFindings([base('A', '1'), base('B', '900'), h], SICHUAN, 'wan')).toEqual([]);
  });

  it('a cost that does not end is shown to 6 decimals (100/3 亩 → 33.333333); removed projects are no peers', () => {
    const odd = project({ id: 'X', amount: '100', targets: output({ name: '基地', value: '3', unit: '亩' }) });
    const removed = { ...base('Z', '100'), status: 'removed' as const };
    // A and X are two projects: with Z removed there is no median (counted, Z would make three and flag X)
    expect(indicatorFindings([base('A', '100'), odd, removed], SICHUAN, 'wan')).toHaveLength(0);
    expect(indicatorFindings([base('A', '100'), odd, { ...removed, status: 'reserve' as const }], SICHUAN, 'wan')).toHaveLength(1);
    const found = indicatorFindings([base('A', '100'), base('B', '100'), base('C', '100'), odd], SICHUAN, 'wan');
    // costs 1, 1, 1, 33.33…: median 1; X is above 3
    expect(found.map((f) => [f.project, f.unitCost, f.median])).toEqual([['X', '33.333333', '1']]);
  });

  it('median of an even count is the mean of the middle two, exactly', () => {
    expect(median([rat(1n, 3n), rat(1n, 2n)])).toEqual(rat(5n, 12n));
    expect(median([rat(7n), rat(1n), rat(4n)])).toEqual(rat(4n));
  });
});

describe('amount-logic', () => {
  it('paid above the amount (not also paid above arranged), arranged above the amount', () => {
    const found = indicatorFindings(
      [project({ id: 'P', amount: '100', paid: '150', arranged: '80' }), project({ id: 'A', amount: '100', arranged: '120.5' })],
      SICHUAN,
      'wan',
    );
    expect(found.map((f) => [f.project, f.check, f.value, f.unit])).toEqual([
      ['P', 'amount-logic', '150', '万元'],
      ['A', 'amount-logic', '120.5', '万元'],
    ]);
    expect(found[0].en).toMatch(/paid \(150 万元\) is more than the project's amount \(100 万元\)/);
    expect(found[1].zh).toContain('已安排资金（120.5 万元）超过');
  });

  it('paid above arranged within the amount', () => {
    const found = indicatorFindings(
      [project({ id: 'P', amount: '100', paid: '60', arranged: '50' }), project({ id: 'Q', paid: '50', arranged: '50' })],
      SICHUAN,
      'wan',
    );
    expect(found.map((f) => [f.project, f.value])).toEqual([['P', '60']]);
    expect(found[0].en).toContain('arranged to the project (50 万元)');
  });

  it('an output in 万元 or 元 larger than the amount, converted (a library in 元 too); equal is fine', () => {
    const wan = indicatorFindings(
      [
        project({ id: 'W', amount: '100', targets: output({ name: '基地', value: '10', unit: '亩' }, { name: '产值', value: '200', unit: '万元' }) }),
        project({ id: 'E', amount: '100', targets: output({ name: '基地', value: '10', unit: '亩' }, { name: '产值', value: '1000000', unit: '元' }) }),
        project({ id: 'F', amount: '100', targets: output({ name: '基地', value: '10', unit: '亩' }, { name: '产值', value: '1000000.01', unit: '元' }) }),
      ],
      SICHUAN,
      'wan',
    );
    expect(wan.filter((f) => f.check === 'amount-logic').map((f) => [f.project, f.indicator, f.value, f.unit])).toEqual([
      ['W', '产值', '200', '万元'],
      ['F', '产值', '1000000.01', '元'],
    ]);
    // 元 is not an industry output unit: unit-mismatch too, for E and F
    expect(wan.filter((f) => f.check === 'unit-mismatch').map((f) => f.project)).toEqual(['E', 'F']);
    const yuan = indicatorFindings(
      [
        project({ id: 'Y', amount: '1000000', targets: output({ name: '基地', value: '10', unit: '亩' }, { name: '产值', value: '100', unit: '万元' }) }),
        project({
          id: 'Z',
          amount: '1000000',
          targets: output({ name: '基地', value: '10', unit: '亩' }, { name: '产值', value: '100.0001', unit: '万元' }),
        }),
      ],
      SICHUAN,
      'yuan',
    );
    expect(yuan.map((f) => [f.project, f.check])).toEqual([['Z', 'amount-logic']]);
    expect(yuan[0].zh).toContain('1000000 元');
  });
});

describe('units named like Object.prototype members', () => {
  it('an output unit "valueOf", "toString" or "constructor" is an ordinary unknown unit (unit-mismatch), never money (found by the fuzzer: a 500)', () => {
    for (const unit of ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const found = indicatorFindings(
        [project({ id: 'X', targets: output({ name: '基地', value: '100', unit: '亩' }, { name: '奇怪', value: '5', unit }) })],
        SICHUAN,
        'wan',
      );
      expect(checks(found), unit).toEqual([['X', 'unit-mismatch', '奇怪']]);
    }
  });
});

describe('summary and removed projects', () => {
  it('removed projects are counted, never checked; suspicious counts projects, findings every finding', () => {
    const list = [
      project({ id: 'A', paid: '500', targets: { effect: [{ name: '增收', value: '1', unit: '户' }] } }),
      project({ id: 'B' }),
      project({ id: 'C', status: 'removed', paid: '500' }),
    ];
    const found = indicatorFindings(list, SICHUAN, 'wan');
    expect(checks(found)).toEqual([
      ['A', 'blank-core', null],
      ['A', 'amount-logic', null],
    ]);
    expect(indicatorSummary(list, found)).toEqual({ projects: 3, suspicious: 1, findings: 2 });
  });
});

describe('properties', () => {
  const arbProject = (i: number) =>
    fc
      .record({
        amount: fc.integer({ min: 1, max: 100_000 }),
        value: fc.integer({ min: 0, max: 500 }),
        unit: fc.constantFrom('亩', '个', '公里', '%'),
        category: fc.constantFrom('industry', 'infrastructure'),
        paid: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      })
      .map((r) =>
        project({
          id: `P${i}`,
          category: r.category,
          amount: String(r.amount),
          ...(r.paid !== undefined ? { paid: String(r.paid) } : {}),
          targets: output({ name: '产出', value: String(r.value), unit: r.unit }),
        }),
      );
  const arbList = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbProject(i))));
  const key = (f: ReturnType<typeof indicatorFindings>[number]) => JSON.stringify(f);

  it('findings do not depend on the order of the projects', () => {
    fc.assert(
      fc.property(
        arbList.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        ([list, shuffled]) => {
          const a = indicatorFindings(list, SICHUAN, 'wan').map(key).sort();
          const b = indicatorFindings(shuffled, SICHUAN, 'wan').map(key).sort();
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('unit-cost outliers are the same projects when every amount is ×10 (unit costs and medians scale alike)', () => {
    fc.assert(
      fc.property(arbList, (list) => {
        const outliers = (ps: readonly (typeof list)[number][]) =>
          indicatorFindings(ps, SICHUAN, 'wan')
            .filter((f) => f.check === 'unit-cost-outlier')
            .map((f) => f.project);
        const scaled = list.map((p) => ({ ...p, amount: `${p.amount}0` }));
        expect(outliers(scaled)).toEqual(outliers(list));
      }),
      { numRuns: 150 },
    );
  });

  it('a unit-cost outlier lies outside [m/3, 3m] for m the median computed here with bigint cross-multiplication', () => {
    fc.assert(
      fc.property(arbList, (list) => {
        for (const f of indicatorFindings(list, SICHUAN, 'wan').filter((x) => x.check === 'unit-cost-outlier')) {
          // the oracle: the group's costs a/v as integer pairs, sorted by cross-multiplying, median by hand
          const group = list
            .filter((p) => p.category === f.category && p.targets!.output![0].unit === f.unit && p.targets!.output![0].value !== '0')
            .map((p) => [BigInt(p.amount), BigInt(p.targets!.output![0].value)] as const)
            .sort((x, y) => (x[0] * y[1] < y[0] * x[1] ? -1 : x[0] * y[1] > y[0] * x[1] ? 1 : 0));
          expect(group.length).toBeGreaterThanOrEqual(3);
          const n = group.length;
          // median as num/den
          const [mn, md] =
            n % 2 === 1
              ? group[(n - 1) / 2]
              : [group[n / 2 - 1][0] * group[n / 2][1] + group[n / 2][0] * group[n / 2 - 1][1], 2n * group[n / 2 - 1][1] * group[n / 2][1]];
          const me = list.find((p) => p.id === f.project)!;
          const [a, v] = [BigInt(me.amount), BigInt(me.targets!.output![0].value)];
          const high = a * md > 3n * mn * v;
          const low = 3n * a * md < mn * v;
          expect(high || low).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
