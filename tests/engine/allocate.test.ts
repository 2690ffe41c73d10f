import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { FactorSpec } from '../../src/domain/allocation/model.js';
import { regionsOf, run } from '../helpers.js';

const direct = (id: string, weight = '1'): FactorSpec['indicators'][number] => ({ id, weight, transform: 'direct' });

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.issues;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('factor method, hand-computed', () => {
  it('one direct factor splits in proportion', () => {
    const r = run([{ id: 'need', weight: '1', indicators: [direct('pop')] }], regionsOf({ A: { pop: 1 }, B: { pop: 2 }, C: { pop: 3 } }), '60.00');
    expect(r.rows.map((x) => x.amount)).toEqual(['10.00', '20.00', '30.00']);
    expect(r.rows.map((x) => x.share)).toEqual(['0.166666666667', '0.333333333333', '0.500000000000']);
    expect(r.rows.map((x) => x.formulaShare)).toEqual(['0.166666666667', '0.333333333333', '0.500000000000']);
    expect(r.rows.map((x) => x.sharePercent)).toEqual(['16.67%', '33.33%', '50.00%']);
    expect(r.rows.map((x) => x.rank)).toEqual([3, 2, 1]);
    expect(r.summary).toMatchObject({ sum: '60.00', balanced: true, leftoverGranules: 0 });
  });

  it('population (direct) and income (gapToMax) at 0.5 each: 11/24, 7/24, 6/24', () => {
    // pop 1,1,2 → 1/4,1/4,1/2; income gaps to 300: 200,100,0 → 2/3,1/3,0
    // A = ½·¼ + ½·⅔ = 11/24, B = ½·¼ + ½·⅓ = 7/24, C = ½·½ = 6/24
    const r = run(
      [
        { id: 'population', weight: '0.5', indicators: [direct('pop')] },
        { id: 'income', weight: '0.5', indicators: [{ id: 'inc', weight: '1', transform: 'gapToMax' }] },
      ],
      regionsOf({ A: { pop: 1, inc: 100 }, B: { pop: 1, inc: 200 }, C: { pop: 2, inc: 300 } }),
      '24.00',
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['11.00', '7.00', '6.00']);
    expect(r.rows[0].factors).toEqual({ population: '3.000000', income: '8.000000' });
    expect(r.rows[2].factors.income).toBe('0.000000');
  });

  it('reciprocal: incomes 1, 2, 4 give 4/7, 2/7, 1/7', () => {
    const r = run(
      [{ id: 'income', weight: '1', indicators: [{ id: 'inc', weight: '1', transform: 'reciprocal' }] }],
      regionsOf({ A: { inc: 1 }, B: { inc: 2 }, C: { inc: 4 } }),
      '7',
      { granularity: '1' },
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['4', '2', '1']);
    expect(r.rows[0].share).toBe('0.571428571429');
    expect(r.rows[0].formulaShare).toBe('0.571428571429');
  });

  it('reciprocal is exact over lcm(x): 1/12000 : 1/12000 : 1/10000 = 5 : 5 : 6', () => {
    const r = run(
      [{ id: 'income', weight: '1', indicators: [{ id: 'inc', weight: '1', transform: 'reciprocal' }] }],
      regionsOf({ A: { inc: 12000 }, B: { inc: '12000.00' }, C: { inc: 10000 } }),
      '16',
      { granularity: '1', explain: true },
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['5', '5', '6']);
    expect(r.summary.leftoverGranules).toBe(0);
    expect(r.trace!.indicators[0]).toMatchObject({ exact: true, sum: '0.000266666666667' });
    expect(r.rows[2].trace!.indicators.income.inc.transformed).toBe('0.0001');
  });

  it('reciprocal falls back to 24 significant digits when lcm(x) is huge, and says so', () => {
    // 20 distinct primes near 10^4: their lcm is about 10^80, far beyond the 10^40 limit
    const primes = [
      10007, 10009, 10037, 10039, 10061, 10067, 10069, 10079, 10091, 10093, 10099, 10103, 10111, 10133, 10139, 10141, 10151, 10159, 10163, 10169,
    ];
    const regions = primes.map((p, i) => ({ id: `r${i}`, indicators: { inc: p } }));
    const r = run([{ id: 'income', weight: '1', indicators: [{ id: 'inc', weight: '1', transform: 'reciprocal' }] }], regions, '1000.00', { explain: true });
    expect(r.trace!.indicators[0].exact).toBe(false);
    expect(r.summary.balanced).toBe(true);
    // the truncated value actually used, shown in full: 1/10007 = 0.0000999300489657239932047566703…
    expect(r.rows[0].trace!.indicators.income.inc.transformed).toBe('0.00009993004896572399320475667');
  });

  it('gapToBenchmark floors at zero above the line', () => {
    const r = run(
      [{ id: 'income', weight: '1', indicators: [{ id: 'inc', weight: '1', transform: 'gapToBenchmark', benchmark: '10' }] }],
      regionsOf({ A: { inc: 4 }, B: { inc: '8' }, C: { inc: 12.5 } }),
      '8.00',
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['6.00', '2.00', '0.00']);
  });

  it('coefficients map categories: 1.5, 1.2, 1 of 3.7', () => {
    const r = run(
      [
        {
          id: 'policy',
          weight: '1',
          indicators: [{ id: 'key', weight: '1', transform: 'coefficient', coefficients: { national: '1.5', provincial: '1.2' }, default: '1' }],
        },
      ],
      regionsOf({ A: { key: 'national' }, B: { key: 'provincial' }, C: { key: 'other' } }),
      '37',
      { granularity: '1' },
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['15', '12', '10']);
  });

  it('sub-weights combine indicators within a factor', () => {
    // 0.6 · pop share + 0.4 · mon share: A = 0.6·¼ + 0.4·¾ = 0.45, B = 0.6·¾ + 0.4·¼ = 0.55
    const r = run(
      [{ id: 'population', weight: '1', indicators: [direct('pop', '0.6'), direct('mon', '0.4')] }],
      regionsOf({ A: { pop: 1, mon: 3 }, B: { pop: 3, mon: 1 } }),
      '100.00',
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['45.00', '55.00']);
  });

  it('rounds by largest remainder: 100.00 in three equal parts → the smallest id gets the extra cent', () => {
    const r = run([{ id: 'f', weight: '1', indicators: [direct('x')] }], regionsOf({ c: { x: 1 }, a: { x: 1 }, b: { x: 1 } }), '100.00');
    expect(r.rows.map((x) => [x.id, x.amount])).toEqual([
      ['c', '33.33'],
      ['a', '33.34'],
      ['b', '33.33'],
    ]);
    // rank by amount: a (33.34) first; the equal c and b by formula share (equal), then id
    expect(r.rows.map((x) => x.rank)).toEqual([3, 1, 2]);
    // the share is of the amount, the formula share is the formula's
    expect(r.rows.map((x) => [x.share, x.formulaShare])).toEqual([
      ['0.333300000000', '0.333333333333'],
      ['0.333400000000', '0.333333333333'],
      ['0.333300000000', '0.333333333333'],
    ]);
    expect(r.summary.leftoverGranules).toBe(1);
  });

  it('works in 元 with a coarse granularity', () => {
    const r = run([{ id: 'f', weight: '1', indicators: [direct('x')] }], regionsOf({ a: { x: 1 }, b: { x: 2 } }), '1000', {
      granularity: '100',
      unit: 'yuan',
    });
    expect(r.rows.map((x) => x.amount)).toEqual(['300', '700']);
    expect(r.unit).toBe('yuan');
  });

  it('a factor with weight 0 may be all zero', () => {
    const r = run(
      [
        { id: 'a', weight: '1', indicators: [direct('x')] },
        { id: 'b', weight: '0', indicators: [direct('y')] },
      ],
      regionsOf({ p: { x: 1, y: 0 }, q: { x: 1, y: 0 } }),
      '2',
      { granularity: '1' },
    );
    expect(r.rows.map((x) => x.amount)).toEqual(['1', '1']);
    expect(r.rows[0].factors.b).toBe('0.0000');
  });
});

describe('the trace (explain)', () => {
  it('names every parameter read and every step', () => {
    const r = run(
      [{ id: 'f', weight: '1', indicators: [{ ...direct('x'), source: 'seed 003 §二4' }] }],
      regionsOf({ a: { x: 1 }, b: { x: 1 }, c: { x: 1 } }),
      '1.00',
      { explain: true },
    );
    expect(r.trace!.parameters).toContainEqual({ at: '/factors/0/indicators/0/weight', name: 'f.x.weight', value: '1', source: 'seed 003 §二4' });
    expect(r.trace!.rounding).toMatchObject({ granules: 100, floored: 99, leftover: 1, awardedTo: ['a'] });
    expect(r.trace!.indicators[0]).toMatchObject({ factor: 'f', indicator: 'x', transform: 'direct', sum: '3', exact: true });
    const a = r.rows[0].trace!;
    expect(a.indicators.f.x).toEqual({ raw: '1', transformed: '1', share: '0.333333333333' });
    expect(a.factors.f).toEqual({ share: '0.333333333333', weighted: '0.333333333333' });
    expect(a.steps.map((s) => s.stage)).toEqual(['formula', 'rounding']);
    expect(a.steps[0].amount).toBe('0.333333');
    expect(a.steps[1].note.en).toMatch(/earned one leftover granule/);
    expect(a.steps[1].note.zh).toMatch(/获得一个剩余粒度单位/);
    expect(r.rows[1].trace!.steps[1].note.en).toMatch(/not among the 1 largest/);
    expect(r.rows[1].trace!.steps[1].note.zh).toMatch(/未进入最大的 1 个/);
  });

  it('is absent unless asked for', () => {
    const r = run([{ id: 'f', weight: '1', indicators: [direct('x')] }], regionsOf({ a: { x: 1 } }), '1.00');
    expect(r.trace).toBeUndefined();
    expect(r.rows[0].trace).toBeUndefined();
  });
});

describe('problems the engine reports', () => {
  const f = [{ id: 'f', weight: '1', indicators: [direct('x')] }];

  it('an all-zero weighted indicator is a clear error, never NaN', () => {
    const issues = issuesOf(() => run(f, regionsOf({ a: { x: 0 }, b: { x: 0 } }), '1.00'));
    expect(issues[0].path).toBe('/regions');
    expect(issues[0].en).toMatch(/zero for every region/);
    expect(issues[0].zh).toMatch(/均为 0/);
  });

  it('gapToMax with equal incomes is all zero too', () => {
    const issues = issuesOf(() =>
      run([{ id: 'i', weight: '1', indicators: [{ id: 'x', weight: '1', transform: 'gapToMax' }] }], regionsOf({ a: { x: 5 }, b: { x: 5 } }), '1.00'),
    );
    expect(issues[0].en).toMatch(/gapToMax/);
  });

  it('reports every bad value with its JSON pointer', () => {
    const issues = issuesOf(() =>
      run(
        f,
        [
          { id: 'a', indicators: { x: -1 } },
          { id: 'b', indicators: { x: 'abc' } },
          { id: 'c', indicators: {} },
          { id: 'd', indicators: { x: 'NaN' } },
          { id: 'e', indicators: { x: '1e20' } },
          { id: 'g', indicators: { x: 1, y: 2 } },
        ],
        '1.00',
      ),
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/regions/5/indicators/y',
      '/regions/0/indicators/x',
      '/regions/1/indicators/x',
      '/regions/2/indicators/x',
      '/regions/3/indicators/x',
      '/regions/4/indicators/x',
    ]);
    expect(issues[1].en).toMatch(/negative/);
  });

  it('duplicate ids, a non-positive total, a total too large, a total off the granularity', () => {
    const twice = issuesOf(() => run(f, regionsOf({ a: { x: 1 } }).concat([{ id: 'a', indicators: { x: 1 } }]), '1.00'));
    expect(twice[0].path).toBe('/regions/1/id');
    expect(issuesOf(() => run(f, regionsOf({ a: { x: 1 } }), '0'))[0].path).toBe('/total');
    expect(issuesOf(() => run(f, regionsOf({ a: { x: 1 } }), '1e30'))[0].en).toMatch(/exceeds/);
    expect(issuesOf(() => run(f, regionsOf({ a: { x: 1 } }), '10.005'))[0].en).toMatch(/whole multiple/);
  });

  it('reciprocal of zero, a score above its maximum, an unknown category', () => {
    expect(
      issuesOf(() => run([{ id: 'i', weight: '1', indicators: [{ id: 'x', weight: '1', transform: 'reciprocal' }] }], regionsOf({ a: { x: 0 } }), '1'))[0].en,
    ).toMatch(/positive/);
    expect(
      issuesOf(() =>
        run([{ id: 's', weight: '1', indicators: [{ id: 'x', weight: '1', transform: 'score', maximum: '100' }] }], regionsOf({ a: { x: 101 } }), '1'),
      )[0].en,
    ).toMatch(/maximum/);
    expect(
      issuesOf(() =>
        run(
          [{ id: 'p', weight: '1', indicators: [{ id: 'k', weight: '1', transform: 'coefficient', coefficients: { national: '1.5' } }] }],
          regionsOf({ a: { k: 'county' } }),
          '1',
        ),
      )[0].en,
    ).toMatch(/unknown category "county"/);
  });
});
