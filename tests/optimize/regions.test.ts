/**
 * Kind 1 (region allocation under constraints) on small cases worked out by hand: the cut and the surplus
 * spread in proportion to the targets, weights and relative deviation steering them, hold-harmless and
 * growth caps binding, rounding equal to the largest-remainder split, infeasibility explained, a group
 * share through the LP, and bad input answered with the field's JSON pointer.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { apportion, fromGranules, parseDecimal } from '../../src/core/money.js';
import type { RegionAllocationInput, RegionAllocationResult, RegionInput } from '../../src/domain/optimization/problems.js';
import { optimizeRegions } from '../../src/domain/optimization/regions/allocation.js';
import { REGION_AUTO_JSLP_MAX_MILP } from '../../src/domain/optimization/regions/lp.js';
import { readRegionProblem } from '../../src/domain/optimization/regions/input.js';
import { objectiveText } from '../../src/domain/optimization/regions/report.js';

function input(regions: RegionInput[], total: string, extra: Partial<RegionAllocationInput> = {}): RegionAllocationInput {
  return { unit: 'wan', granularity: '1', total, deviation: 'absolute', regions, ...extra };
}

function amounts(r: RegionAllocationResult): Record<string, string> {
  return Object.fromEntries(r.rows.map((row) => [row.id, row.amount]));
}

async function engineError(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

const abc = (a: string, b: string, c: string): RegionInput[] => [
  { id: 'A', target: a },
  { id: 'B', target: b },
  { id: 'C', target: c },
];

describe('direct method: the cut and the surplus', () => {
  it('cuts in proportion to the targets with equal weights (600/300/100 → 900)', async () => {
    const r = await optimizeRegions(input(abc('600', '300', '100'), '900'));
    expect(r.solve).toMatchObject({ status: 'optimal', method: 'direct', backends: [], verified: true });
    expect(amounts(r)).toEqual({ A: '540', B: '270', C: '90' });
    // the objective and unrounded money (targets, deviations): exactly 6 decimals (docs/contract.md § Numbers)
    expect(r.objective).toBe('100.000000');
    expect(r.rows.map((row) => row.deviation)).toEqual(['-60.000000', '-30.000000', '-10.000000']);
    expect(r.rows.map((row) => row.target)).toEqual(['600.000000', '300.000000', '100.000000']);
    expect(r.rows.map((row) => row.deviationPercent)).toEqual(['-10.00%', '-10.00%', '-10.00%']);
    expect(r.trace).toMatchObject({ floors: '0', added: '900', lambda: '0.9' });
    expect(r.trace!.classes).toEqual([{ marginalCost: '-1', toward: 3, rounding: 0, past: 0, granules: 900, amount: '900', partial: true }]);
  });

  it('spreads a surplus in proportion to the targets (→ 1100)', async () => {
    const r = await optimizeRegions(input(abc('600', '300', '100'), '1100'));
    expect(amounts(r)).toEqual({ A: '660', B: '330', C: '110' });
    expect(r.objective).toBe('100.000000');
    // the class towards the targets is filled whole first, then the one past them
    expect(r.trace!.classes.map((c) => [c.marginalCost, c.granules, c.partial])).toEqual([
      ['-1', 1000, false],
      ['1', 100, true],
    ]);
    expect(r.trace!.lambda).toBe('1.1');
  });

  it('rounds the proportional cut by largest remainder (3/2/2 → 6: λ = 6/7)', async () => {
    // 18/7 = 2.571, 12/7 = 1.714, 1.714: floors 2+1+1, the two granules left go to the remainders .714
    const r = await optimizeRegions(input(abc('3', '2', '2'), '6'));
    expect(amounts(r)).toEqual({ A: '2', B: '2', C: '2' });
    expect(r.trace!.lambda).toBe('0.857142857143');
    expect(r.objective).toBe('1.000000');
  });

  it('lets weights steer the cut and the surplus', async () => {
    const regions = [
      { id: 'A', target: '500', weight: '2' },
      { id: 'B', target: '500' },
    ];
    // a granule taken from A costs 2, from B 1: B bears the whole cut …
    const cut = await optimizeRegions(input(regions, '900'));
    expect(amounts(cut)).toEqual({ A: '500', B: '400' });
    expect(cut.objective).toBe('100.000000');
    // … and receives the whole surplus
    const surplus = await optimizeRegions(input(regions, '1100'));
    expect(amounts(surplus)).toEqual({ A: '500', B: '600' });
  });

  it('relative deviation cuts where a granule is the smallest share of the target', async () => {
    // per granule: A loses 1/100 of its target, B 1/400: B bears the cut; absolute splits it 80/320
    const regions = [
      { id: 'A', target: '100' },
      { id: 'B', target: '400' },
    ];
    const relative = await optimizeRegions(input(regions, '400', { deviation: 'relative' }));
    expect(amounts(relative)).toEqual({ A: '100', B: '300' });
    expect(relative.objective).toBe('0.250000');
    const absolute = await optimizeRegions(input(regions, '400'));
    expect(amounts(absolute)).toEqual({ A: '80', B: '320' });
  });

  it('holds the hold-harmless floor and the growth cap, and names them as binding', async () => {
    // A: floor 0.9 × 200 = 180; C: cap 1.2 × 50 = 60. 120 left for B (≤ 100) and C (≤ 60) at cost −1
    // each: λ·100 for both, λ = 0.6, which is exactly C's cap
    const regions = [
      { id: 'A', target: '100', lastYear: '200' },
      { id: 'B', target: '100' },
      { id: 'C', target: '100', lastYear: '50' },
    ];
    const r = await optimizeRegions(input(regions, '300', { holdHarmless: '0.9', growthCap: '0.2' }));
    expect(amounts(r)).toEqual({ A: '180', B: '60', C: '60' });
    expect(r.rows.map((row) => [row.minimum, row.minimumBy, row.maximum, row.maximumBy, row.at])).toEqual([
      ['180', 'holdHarmless', '240', 'growthCap', 'minimum'],
      ['0', null, null, null, null],
      ['45', 'holdHarmless', '60', 'growthCap', 'maximum'],
    ]);
    expect(r.binding.map((b) => [b.id, b.regions])).toEqual([
      ['total', undefined],
      ['regions:holdHarmless', ['A']],
      ['regions:growthCap', ['C']],
    ]);
    expect(r.binding[1].en).toBe("1 region is at its hold-harmless floor (0.9 × last year's amount): A");
    expect(r.binding[2].zh).toBe('1 个地区处于增幅上限（上年金额 × (1 + 0.2)）：C');
    expect(r.objective).toBe('160.000000');
  });

  it('names every region at a bound under its rule, ten of them in the sentence', async () => {
    // 14 regions held by their minimum, 1 by hold-harmless, 2 capped by their maximum: the rest takes the cut
    const regions = [
      ...Array.from({ length: 14 }, (_, k) => ({ id: `m${String(k).padStart(2, '0')}`, target: '10', minimum: '20' })),
      { id: 'h', target: '100', lastYear: '300' },
      { id: 'x1', target: '100', maximum: '5' },
      { id: 'x2', target: '100', maximum: '5' },
      { id: 'free', target: '1000' },
    ];
    const r = await optimizeRegions(input(regions, '1000', { holdHarmless: '0.9' }));
    expect(r.solve.status).toBe('optimal');
    const byId = Object.fromEntries(r.binding.map((b) => [b.id, b]));
    expect(Object.keys(byId)).toEqual(['total', 'regions:minimum', 'regions:holdHarmless', 'regions:maximum']);
    expect(byId['regions:minimum'].regions).toEqual(regions.slice(0, 14).map((g) => g.id));
    expect(byId['regions:minimum'].en).toBe('14 regions are at their minimum: m00, m01, m02, m03, m04, m05, m06, m07, m08, m09 and 4 more');
    expect(byId['regions:minimum'].zh).toBe('14 个地区处于最低额：m00、m01、m02、m03、m04、m05、m06、m07、m08、m09 等另外 4 个');
    expect(byId['regions:maximum'].regions).toEqual(['x1', 'x2']);
    // each row says the same: at its bound, and the rule that set it
    for (const row of r.rows) {
      const rule = row.at === 'minimum' ? row.minimumBy : row.at === 'maximum' ? row.maximumBy : null;
      if (rule) expect(byId[`regions:${rule}`].regions).toContain(row.id);
    }
    expect(r.rows.filter((row) => row.at !== null).length).toBe(17);
  });

  it('rounds floors up and caps down to the granularity', async () => {
    const r = await optimizeRegions({
      unit: 'wan',
      granularity: '0.1',
      total: '10',
      deviation: 'absolute',
      holdHarmless: '0.9',
      growthCap: '0.1',
      regions: [
        { id: 'A', target: '5', lastYear: '3.33' }, // floor 2.997 → 3.0, cap 3.663 → 3.6
        { id: 'B', target: '5', minimum: '1.01', maximum: '9.99' }, // floor 1.1, cap 9.9
      ],
    });
    expect(r.rows.map((row) => [row.minimum, row.maximum])).toEqual([
      ['3.0', '3.6'],
      ['1.1', '9.9'],
    ]);
    expect(amounts(r)).toEqual({ A: '3.6', B: '6.4' });
  });

  it('equals the largest-remainder split when the targets add up to the total', async () => {
    // granules 100.5, 200.5, 300.5, 398.5: every remainder is .5, so the two granules left over go to the
    // largest targets (money.ts's tie-break), exactly as apportion gives them
    const targets = ['1.005', '2.005', '3.005', '3.985'];
    const regions = targets.map((target, k) => ({ id: `r${k}`, target }));
    const r = await optimizeRegions(input(regions, '10.00', { granularity: '0.01' }));
    expect(r.rows.map((row) => row.amount)).toEqual(['1.00', '2.00', '3.01', '3.99']);
    const g = parseDecimal('0.01')!;
    const split = apportion(
      1000n,
      [100500n, 200500n, 300500n, 398500n],
      regions.map((x) => x.id),
    );
    expect(split.parts.map((p) => fromGranules(p, g))).toEqual(r.rows.map((row) => row.amount));
  });

  it('matches apportion on uneven remainders, whatever the region order', async () => {
    const targets = ['33.3333', '33.3333', '33.3334', '0.0000', '12.34567', '87.65433'];
    const regions = targets.map((target, k) => ({ id: `r${k}`, target }));
    const r = await optimizeRegions(input(regions, '200.00', { granularity: '0.01' }));
    const g = parseDecimal('0.01')!;
    const weights = targets.map((t) => parseDecimal(t)!).map((x) => x.coefficient * 10n ** BigInt(5 - x.scale));
    const split = apportion(
      20000n,
      weights,
      regions.map((x) => x.id),
    );
    expect(r.rows.map((row) => row.amount)).toEqual(split.parts.map((p) => fromGranules(p, g)));
    const reversed = await optimizeRegions(input([...regions].reverse(), '200.00', { granularity: '0.01' }));
    expect(amounts(reversed)).toEqual(amounts(r));
  });

  it('gives a zero-target region nothing until the others are full, then equal additions', async () => {
    const regions = [
      { id: 'A', target: '10', maximum: '12' },
      { id: 'B', target: '0' },
      { id: 'C', target: '0' },
    ];
    // past the targets every granule costs 1; A takes 2 (to its cap), B and C share the other 4
    const r = await optimizeRegions(input(regions, '16'));
    expect(amounts(r)).toEqual({ A: '12', B: '2', C: '2' });
    expect(r.rows[1].deviationPercent).toBeNull();
    const odd = await optimizeRegions(input(regions, '17'));
    expect(amounts(odd)).toEqual({ A: '12', B: '3', C: '2' }); // equal remainders: the smaller id
  });
});

describe('the objective as text', () => {
  it('is exact when the terms of a relative deviation straddle a rounding boundary', () => {
    // 5e-7 / 3 + 10e-7 / 3 = 5e-7 exactly, half of the 6th decimal: rounds up. Each term alone is a
    // repeating decimal, so the sum of their truncations lies just below the half and must not decide it.
    const p = readRegionProblem(
      input(
        [
          { id: 'A', target: '3' },
          { id: 'B', target: '3' },
        ],
        '6',
        { deviation: 'relative', granularity: '0.0000001' },
      ),
    );
    expect(objectiveText(p, [30_000_005n, 30_000_010n])).toBe('0.000001');
    expect(objectiveText(p, [30_000_004n, 30_000_010n])).toBe('0.000000'); // 14e-7 / 3 = 4.67e-7
  });
});

describe('direct method: infeasible bounds, explained', () => {
  it('floors above the total', async () => {
    const regions = [
      { id: 'A', target: '500', minimum: '600' },
      { id: 'B', target: '500', minimum: '500' },
    ];
    const r = await optimizeRegions(input(regions, '1000.00', { granularity: '0.01' }));
    expect(r.solve).toMatchObject({ status: 'infeasible', method: 'direct', verified: true });
    expect(r.rows).toEqual([]);
    expect(r.objective).toBeNull();
    expect(r.infeasibility!.en).toContain('the floors add up to 1,100.00万元, 100.00万元 more than the total 1,000.00万元');
    expect(r.infeasibility!.en).toContain('A 600.00万元 (minimum), B 500.00万元 (minimum)');
    expect(r.infeasibility!.zh).toContain('各地区下限合计 1,100.00万元');
    expect(r.infeasibility!.relaxations).toEqual([expect.objectContaining({ id: 'total', asked: '1000.00', reachable: '1100.00', measure: 'amount' })]);
  });

  it('caps below the total', async () => {
    const regions = [
      { id: 'A', target: '500', maximum: '300' },
      { id: 'B', target: '500', lastYear: '350' },
    ];
    const r = await optimizeRegions(input(regions, '1000', { unit: 'yuan', growthCap: '0.2' }));
    expect(r.solve.status).toBe('infeasible');
    expect(r.infeasibility!.en).toContain('the caps add up to 720 yuan, 280 yuan less than the total 1,000 yuan');
    expect(r.infeasibility!.relaxations[0]).toMatchObject({ id: 'total', reachable: '720' });
  });

  it('an uncapped region can always take the rest', async () => {
    const regions = [
      { id: 'A', target: '500', maximum: '300' },
      { id: 'B', target: '500' },
    ];
    const r = await optimizeRegions(input(regions, '1000'));
    expect(amounts(r)).toEqual({ A: '300', B: '700' });
  });
});

describe('LP method: group shares', () => {
  const regions = abc('400', '400', '200');

  it('auto gives small region MILPs to javascript-lp-solver and larger ones to HiGHS', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `r${String(i).padStart(3, '0')}`,
        target: String(100 + ((i * 37) % 90)),
        lastYear: String(90 + ((i * 53) % 70)),
      }));
    const request = (n: number) => {
      const rs = many(n);
      const total = String(rs.reduce((sum, r) => sum + Number(r.target), 0));
      return input(rs, total, {
        holdHarmless: '0.9',
        groups: [{ id: 'key', regions: rs.filter((_, i) => i % 3 === 0).map((r) => r.id), minimumShare: '0.36' }],
      });
    };
    const small = await optimizeRegions(request(12));
    expect(small.solve.status).toBe('optimal');
    expect(small.solve.backends[0]).toBe('jslp'); // first choice (HiGHS would follow only past jslp's 50 ms)
    expect(small.solve.size!.variables + small.solve.size!.constraints).toBeLessThanOrEqual(REGION_AUTO_JSLP_MAX_MILP);
    const large = await optimizeRegions(request(150));
    expect(large.solve).toMatchObject({ status: 'optimal', backends: ['highs'] });
    expect(large.solve.size!.variables + large.solve.size!.constraints).toBeGreaterThan(REGION_AUTO_JSLP_MAX_MILP);
    // the same answer either way
    const forced = await optimizeRegions({ ...request(12), solver: { backend: 'highs' } });
    expect(forced.objective).toBe(small.objective);
  });

  it('meets a group share floor, rounded up to whole granules', async () => {
    const r = await optimizeRegions(input(regions, '1000', { groups: [{ id: 'key', regions: ['C'], minimumShare: '0.3' }] }));
    expect(r.solve).toMatchObject({ status: 'optimal', method: 'milp', verified: true });
    expect(r.rows.find((row) => row.id === 'C')!.amount).toBe('300');
    const [a, b] = ['A', 'B'].map((id) => Number(r.rows.find((row) => row.id === id)!.amount));
    expect(a + b).toBe(700);
    expect(r.objective).toBe('200.000000'); // C +100, A and B −100 together
    expect(r.groups).toEqual([{ id: 'key', amount: '300', share: '0.300000000000', sharePercent: '30.00%', binding: true }]);
    expect(r.binding.map((x) => x.id)).toEqual(expect.arrayContaining(['total', 'group:key:minimumShare']));
    // 0.3 × 999 = 299.7 → at least 300
    const odd = await optimizeRegions(input(regions, '999', { groups: [{ id: 'key', regions: ['C'], minimumShare: '0.3' }] }));
    expect(odd.rows.find((row) => row.id === 'C')!.amount).toBe('300');
  });

  it('agrees with the direct method when the group does not bind', async () => {
    const groups = [{ id: 'ab', regions: ['A', 'B'], maximum: '900' }];
    const lp = await optimizeRegions(input(regions, '1100', { groups }));
    const direct = await optimizeRegions(input(regions, '1100'));
    expect(lp.objective).toBe(direct.objective);
    // the optimum is not unique (880 for A and B is the direct method's; 900 costs the same)
    expect(Number(lp.groups[0].amount)).toBeLessThanOrEqual(900);
  });

  it('explains an unreachable group share in planner terms', async () => {
    const capped = [...abc('400', '400', '200').slice(0, 2), { id: 'C', target: '200', maximum: '250' }];
    const r = await optimizeRegions(input(capped, '1000', { groups: [{ id: 'key', regions: ['C'], minimumShare: '0.3' }] }));
    expect(r.solve.status).toBe('infeasible');
    expect(r.rows).toEqual([]);
    const inf = r.infeasibility!;
    expect(inf.verified).toBe(true);
    // the group limit gives before the region's cap does
    expect(inf.relaxations).toEqual([expect.objectContaining({ id: 'group:key:minimumShare', asked: '0.3', reachable: '0.25', measure: 'share' })]);
    expect(inf.en).toContain('group key must get at least 30% (300万元) but at most 25% (250万元) is reachable');
  });

  it('says so without a solver when the floors exceed the total', async () => {
    const r = await optimizeRegions(
      input(
        [
          { id: 'A', target: '1', minimum: '800' },
          { id: 'B', target: '1', minimum: '300' },
        ],
        '1000',
        {
          groups: [{ id: 'g', regions: ['A'], maximumShare: '0.9' }],
        },
      ),
    );
    expect(r.solve).toMatchObject({ status: 'infeasible', method: 'milp', backends: [] });
    expect(r.infeasibility!.relaxations[0]).toMatchObject({ id: 'total', reachable: '1100' });
  });

  it('a group without limits only reports its total: the direct method still applies', async () => {
    const r = await optimizeRegions(input(regions, '900', { groups: [{ id: 'ab', regions: ['A', 'B'] }] }));
    expect(r.solve.method).toBe('direct');
    expect(amounts(r)).toEqual({ A: '360', B: '360', C: '180' });
    expect(r.groups).toEqual([{ id: 'ab', amount: '720', share: '0.800000000000', sharePercent: '80.00%', binding: false }]);
  });

  it('method "lp" without groups finds the direct method\'s optimum', async () => {
    const lp = await optimizeRegions(input(abc('3', '2', '2'), '6', { method: 'lp', solver: { backend: 'highs' } }));
    expect(lp.solve.backends).toEqual(['highs']);
    expect(lp.objective).toBe('1.000000');
  });
});

describe('bad input answers an EngineError naming the field', () => {
  const cases: [string, RegionAllocationInput, string[]][] = [
    [
      'unknown region in a group',
      input(abc('1', '1', '1'), '3', { groups: [{ id: 'g', regions: ['A', 'Z'], minimumShare: '0.5' }] }),
      ['/groups/0/regions/1'],
    ],
    ['a region twice in a group', input(abc('1', '1', '1'), '3', { groups: [{ id: 'g', regions: ['A', 'A'] }] }), ['/groups/0/regions/1']],
    ['a group share above 1', input(abc('1', '1', '1'), '3', { groups: [{ id: 'g', regions: ['A'], minimumShare: '1.2' }] }), ['/groups/0/minimumShare']],
    [
      'a group floor above its cap',
      input(abc('1', '1', '1'), '10', { groups: [{ id: 'g', regions: ['A'], minimumShare: '0.5', maximum: '4' }] }),
      ['/groups/0/minimumShare'],
    ],
    ['min above max', input([{ id: 'A', target: '1', minimum: '240', maximum: '230' }], '235'), ['/regions/0/minimum']],
    [
      'hold-harmless above the growth cap of the same region',
      input([{ id: 'A', target: '1', lastYear: '100', maximum: '80' }], '90', { holdHarmless: '0.9' }),
      ['/regions/0/maximum'],
    ],
    [
      'duplicate ids',
      input(
        [
          { id: 'A', target: '1' },
          { id: 'A', target: '2' },
        ],
        '3',
      ),
      ['/regions/1/id'],
    ],
    ['negative target', input([{ id: 'A', target: '-1' }], '3'), ['/regions/0/target']],
    [
      'relative deviation with a zero target',
      input(
        [
          { id: 'A', target: '0' },
          { id: 'B', target: '1' },
        ],
        '1',
        { deviation: 'relative' },
      ),
      ['/regions/0/target'],
    ],
    ['zero weight', input([{ id: 'A', target: '1', weight: '0' }], '1'), ['/regions/0/weight']],
    ['total off the granularity', input([{ id: 'A', target: '1' }], '1.5'), ['/total']],
    ['hold-harmless above 1', input([{ id: 'A', target: '1' }], '1', { holdHarmless: '1.5' }), ['/holdHarmless']],
    ['no regions', input([], '1'), ['/regions']],
    [
      'direct with group limits',
      input(abc('1', '1', '1'), '3', { method: 'direct', groups: [{ id: 'g', regions: ['A'], minimumShare: '0.5' }] }),
      ['/method'],
    ],
  ];
  it.each(cases)('%s', async (_name, request, pointers) => {
    const e = await engineError(optimizeRegions(request));
    expect(e.issues.map((i) => i.path)).toEqual(pointers);
    for (const issue of e.issues) {
      expect(issue.en.length).toBeGreaterThan(10);
      expect(issue.zh.length).toBeGreaterThan(5);
    }
  });

  it('names both bounds of a region whose floor is above its cap', async () => {
    const e = await engineError(optimizeRegions(input([{ id: 'C', target: '1', minimum: '240.00', maximum: '230.00' }], '235.00', { granularity: '0.01' })));
    expect(e.issues[0].en).toContain('region "C": its floor 240.00 (minimum) is above its cap 230.00 (maximum)');
  });

  it('refuses more than 5,000 regions for the LP, and suggests the direct method', async () => {
    const regions = Array.from({ length: 5_001 }, (_, i) => ({ id: `r${i}`, target: '1' }));
    const e = await engineError(optimizeRegions(input(regions, '5001', { groups: [{ id: 'g', regions: ['r0'], minimumShare: '0.1' }] })));
    expect(e.issues.map((i) => i.path)).toEqual(['/regions']);
    expect(e.issues[0].en).toContain('remove the group limits');
    // the same regions without groups: direct
    const r = await optimizeRegions(input(regions, '5001'));
    expect(r.solve.method).toBe('direct');
    expect(r.rows.every((row) => row.amount === '1')).toBe(true);
  });
});
