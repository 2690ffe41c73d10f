/**
 * The solver layer on small problems solved by hand: LPs with fractional vertices (recovered exactly),
 * a knapsack, a transportation problem, bounds of every kind, infeasible and unbounded models, each with
 * both backends and `auto`.
 */
import { describe, expect, it } from 'vitest';
import { LpModelError, compile, solve, solveCore, type LpProblem } from '../../src/domain/optimization/index.js';
import { BACKENDS, expectExactlyFeasible, q, value } from './helpers.js';

/** max x + y s.t. 3x + 2y ≤ 12, x + 3y ≤ 9: the vertex (18/7, 15/7), objective 33/7. */
const FRACTIONAL: LpProblem = {
  variables: [{ name: 'x' }, { name: 'y' }],
  constraints: [
    {
      name: 'a',
      terms: [
        ['x', 3],
        ['y', 2],
      ],
      sense: '<=',
      rhs: 12,
    },
    {
      name: 'b',
      terms: [
        ['x', 1],
        ['y', 3],
      ],
      sense: '<=',
      rhs: 9,
    },
  ],
  objective: {
    sense: 'max',
    terms: [
      ['x', 1],
      ['y', 1],
    ],
  },
};

/** Capacity 50; (value, weight) = (60, 10), (100, 20), (120, 30): take items 2 and 3, value 220 (LP bound 240). */
const KNAPSACK: LpProblem = {
  variables: [
    { name: 'item1', type: 'binary' },
    { name: 'item2', type: 'binary' },
    { name: 'item3', type: 'binary' },
  ],
  constraints: [
    {
      name: 'capacity',
      terms: [
        ['item1', 10],
        ['item2', 20],
        ['item3', 30],
      ],
      sense: '<=',
      rhs: 50,
    },
  ],
  objective: {
    sense: 'max',
    terms: [
      ['item1', 60],
      ['item2', 100],
      ['item3', 120],
    ],
  },
};

/**
 * Supplies S1 = 20, S2 = 30; demands D1 = 10, D2 = 25, D3 = 15; unit costs S1 → (2, 4, 5), S2 → (3, 1, 7).
 * By hand: S2→D2 25, S1→D3 15, S1→D1 5, S2→D1 5, cost 125; duals u = (0, 1), v = (2, 0, 5) leave every
 * reduced cost ≥ 0 (S1→D2: 4, S2→D3: 1), so it is optimal.
 */
function transportation(integer: boolean): LpProblem {
  const supply = { S1: 20, S2: 30 };
  const demand = { D1: 10, D2: 25, D3: 15 };
  const cost: Record<string, number[]> = { S1: [2, 4, 5], S2: [3, 1, 7] };
  const variables = Object.keys(supply).flatMap((s) =>
    Object.keys(demand).map((d) => ({ name: `${s}-${d}`, type: integer ? ('integer' as const) : ('continuous' as const) })),
  );
  return {
    variables,
    constraints: [
      ...Object.entries(supply).map(([s, amount]) => ({
        name: `supply ${s}`,
        terms: Object.keys(demand).map((d) => [`${s}-${d}`, 1] as const),
        sense: '=' as const,
        rhs: amount,
      })),
      ...Object.entries(demand).map(([d, amount]) => ({
        name: `demand ${d}`,
        terms: Object.keys(supply).map((s) => [`${s}-${d}`, 1] as const),
        sense: '>=' as const,
        rhs: amount,
      })),
    ],
    objective: {
      sense: 'min',
      terms: Object.keys(supply).flatMap((s) => Object.keys(demand).map((d, k) => [`${s}-${d}`, cost[s][k]] as const)),
    },
  };
}

describe.each([...BACKENDS, 'auto'] as const)('backend %s', (backend) => {
  it('recovers a fractional LP vertex exactly (18/7, 15/7)', async () => {
    const r = await solve(FRACTIONAL, { backend });
    expect(r.status).toBe('optimal');
    expect(value(r, 'x')).toEqual(q(18, 7));
    expect(value(r, 'y')).toEqual(q(15, 7));
    expect(r.solution!.objective).toEqual(q(33, 7));
    expect(r.solution!.binding).toEqual(['a', 'b']);
    expectExactlyFeasible(FRACTIONAL, r);
  });

  it('solves the knapsack: items 2 and 3, value 220', async () => {
    const r = await solve(KNAPSACK, { backend });
    expect(r.status).toBe('optimal');
    expect([value(r, 'item1'), value(r, 'item2'), value(r, 'item3')]).toEqual([q(0), q(1), q(1)]);
    expect(r.solution!.objective).toEqual(q(220));
    expect(r.gap).toBeLessThanOrEqual(1e-6);
  });

  it('solves the transportation problem at cost 125, as an LP and with integer shipments', async () => {
    for (const integer of [false, true]) {
      const problem = transportation(integer);
      const r = await solve(problem, { backend });
      expect(r.status).toBe('optimal');
      expect(r.solution!.objective).toEqual(q(125));
      expect(value(r, 'S2-D2')).toEqual(q(25));
      expect(value(r, 'S1-D3')).toEqual(q(15));
      expectExactlyFeasible(problem, r);
    }
  });

  it('reports every variable, those at zero included', async () => {
    const r = await solve(KNAPSACK, { backend });
    expect([...r.solution!.values.keys()]).toEqual(['item1', 'item2', 'item3']);
  });

  it('honours negative, free, fixed and upper-only bounds', async () => {
    const problem: LpProblem = {
      variables: [
        { name: 'free', lower: null },
        { name: 'negative', lower: '-7.5', upper: '-2.25' },
        { name: 'fixed', lower: '3.125', upper: '3.125' },
        { name: 'upperOnly', lower: null, upper: 4 },
      ],
      constraints: [
        { name: 'freeFloor', terms: [['free', 1]], sense: '>=', rhs: '-5.5' },
        {
          name: 'link',
          terms: [
            ['upperOnly', 1],
            ['negative', -1],
          ],
          sense: '>=',
          rhs: 1,
        },
      ],
      // min free + negative − fixed + upperOnly: free = −5.5, negative = −7.5, upperOnly ≥ −6.5
      objective: {
        sense: 'min',
        terms: [
          ['free', 1],
          ['negative', 1],
          ['fixed', -1],
          ['upperOnly', 1],
        ],
        constant: 10,
      },
    };
    const r = await solve(problem, { backend });
    expect(r.status).toBe('optimal');
    expect(value(r, 'free')).toEqual(q(-11, 2));
    expect(value(r, 'negative')).toEqual(q(-15, 2));
    expect(value(r, 'fixed')).toEqual(q(25, 8));
    expect(value(r, 'upperOnly')).toEqual(q(-13, 2));
    // −5.5 − 7.5 − 3.125 − 6.5 + 10
    expect(r.solution!.objective).toEqual(q(-101, 8));
  });

  it('reads exact decimals, bigints and rationals as coefficients', async () => {
    const problem: LpProblem = {
      variables: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      constraints: [
        {
          name: 'total',
          terms: [
            ['a', '0.1'],
            ['b', 1n],
            ['c', { num: 1n, den: 3n }],
          ],
          sense: '=',
          rhs: '0.3',
        },
        { name: 'capB', terms: [['b', 1]], sense: '<=', rhs: { num: 1n, den: 7n } },
      ],
      objective: {
        sense: 'max',
        terms: [
          ['b', 1],
          ['c', '0.5'],
        ],
      },
    };
    // per unit of the row, c earns 0.5 / (1/3) = 1.5, b earns 1, a nothing: all of it to c = 0.9
    const r = await solve(problem, { backend });
    expect(r.status).toBe('optimal');
    expect([value(r, 'a'), value(r, 'b'), value(r, 'c')]).toEqual([q(0), q(0), q(9, 10)]);
    expect(r.solution!.objective).toEqual(q(9, 20));
    // with c capped at 3/7, b takes the rest: b = 1/7 (its cap), then a = (0.3 − 1/7 − 1/7)·10 = 1/7
    const capped = await solve({ ...problem, variables: [{ name: 'a' }, { name: 'b' }, { name: 'c', upper: { num: 3n, den: 7n } }] }, { backend });
    expect([value(capped, 'a'), value(capped, 'b'), value(capped, 'c')]).toEqual([q(1, 7), q(1, 7), q(3, 7)]);
  });

  it('says infeasible, and explains which constraint must give and by how much', async () => {
    const problem: LpProblem = {
      variables: [{ name: 'x' }, { name: 'y' }],
      constraints: [
        {
          name: 'budget',
          terms: [
            ['x', 1],
            ['y', 1],
          ],
          sense: '<=',
          rhs: 100,
          unit: 'wan',
        },
        { name: 'floorX', terms: [['x', 1]], sense: '>=', rhs: 70, unit: 'wan', elastic: false },
        { name: 'floorY', terms: [['y', 1]], sense: '>=', rhs: 50, unit: 'wan', elastic: false },
      ],
      objective: { sense: 'min', terms: [['x', 1]] },
    };
    const r = await solve(problem, { backend });
    expect(r.status).toBe('infeasible');
    expect(r.solution).toBeUndefined();
    expect(r.infeasibility).toMatchObject({ verified: true, hardConflict: false });
    expect(r.infeasibility!.relaxations).toEqual([
      { kind: 'constraint', name: 'budget', sense: '<=', unit: 'wan', rhs: q(100), by: q(20), direction: 'raise', relaxedRhs: q(120) },
    ]);
  });

  it('says unbounded', async () => {
    const problem: LpProblem = {
      variables: [{ name: 'x' }, { name: 'y' }],
      constraints: [
        {
          name: 'c',
          terms: [
            ['x', 1],
            ['y', -1],
          ],
          sense: '<=',
          rhs: 5,
        },
      ],
      objective: { sense: 'max', terms: [['x', 1]] },
    };
    const r = await solve(problem, { backend });
    expect(r.status).toBe('unbounded');
    expect(r.solution).toBeUndefined();
  });

  it('handles a problem with no constraints, and one with no variables', async () => {
    const bounded: LpProblem = {
      variables: [{ name: 'x', upper: 3 }],
      constraints: [],
      objective: { sense: 'max', terms: [['x', 2]] },
    };
    const r = await solve(bounded, { backend });
    expect(r.status).toBe('optimal');
    expect(r.solution!.objective).toEqual(q(6));
    const empty = await solve({ variables: [], constraints: [], objective: { sense: 'min', terms: [], constant: 4 } }, { backend });
    expect(empty.status).toBe('optimal');
    expect(empty.solution!.objective).toEqual(q(4));
  });
});

describe('without a solver', () => {
  it('finds crossed bounds and impossible empty rows infeasible at once', async () => {
    const crossed = await solve(
      { variables: [{ name: 'x', lower: 5, upper: 2, elastic: true }], constraints: [], objective: { sense: 'min', terms: [] } },
      { backend: 'highs' },
    );
    expect(crossed.status).toBe('infeasible');
    expect(crossed.stats.runs).toEqual([]);
    // the bounds themselves may give: the cheapest fix is to move one bound by 3
    expect(crossed.infeasibility?.verified).toBe(true);
    expect(crossed.infeasibility?.relaxations.map((r) => r.by)).toEqual([q(3)]);

    const emptyRow = await solve(
      { variables: [{ name: 'x' }], constraints: [{ name: 'nothing', terms: [], sense: '>=', rhs: 1 }], objective: { sense: 'min', terms: [] } },
      { backend: 'jslp' },
    );
    expect(emptyRow.status).toBe('infeasible');
    expect(emptyRow.infeasibility?.relaxations).toMatchObject([{ name: 'nothing', by: q(1), relaxedRhs: q(0) }]);
  });

  it('rounds the bounds of integer variables inward, and treats binaries as [0, 1]', () => {
    const c = compile({
      variables: [
        { name: 'i', type: 'integer', lower: '0.5', upper: '7.9' },
        { name: 'b', type: 'binary', upper: 5 },
      ],
      constraints: [],
      objective: { sense: 'min', terms: [] },
    });
    expect(c.lower).toEqual([q(1), q(0)]);
    expect(c.upper).toEqual([q(7), q(1)]);
  });

  it('refuses a badly built problem with every mistake listed', () => {
    const bad = {
      variables: [{ name: 'x' }, { name: 'x' }, { name: 'y', lower: 'ten' }],
      constraints: [
        { name: 'c', terms: [['z', 1]], sense: '<=', rhs: 1 },
        { name: 'c', terms: [['x', 'NaN']], sense: '<', rhs: 1 },
      ],
      objective: { sense: 'min', terms: [] },
    } as unknown as LpProblem;
    expect(() => compile(bad)).toThrow(LpModelError);
    try {
      compile(bad);
    } catch (e) {
      expect((e as LpModelError).problems).toEqual([
        'variable "x" is defined twice',
        'variable "y", lower: ten is not a finite exact number',
        'constraint "c": unknown variable "z"',
        'constraint "c" is defined twice',
        'constraint "c": sense must be <=, >= or =, not <',
        'constraint "c", coefficient of "x": NaN is not a finite exact number',
      ]);
    }
  });
});

describe('results', () => {
  it('give shadow prices (HiGHS, LP) as d objective / d rhs, in the problem’s own units', async () => {
    // min 2x + 3y s.t. x + y ≥ 10 (yuan), x ≤ 4: x = 4, y = 6; one more yuan of demand costs 3
    const problem: LpProblem = {
      variables: [{ name: 'x', upper: 4 }, { name: 'y' }],
      constraints: [
        {
          name: 'demand',
          terms: [
            ['x', 1],
            ['y', 1],
          ],
          sense: '>=',
          rhs: 10,
        },
        { name: 'spare', terms: [['x', 1]], sense: '<=', rhs: 100 },
      ],
      objective: {
        sense: 'min',
        terms: [
          ['x', 2],
          ['y', 3],
        ],
      },
    };
    const r = await solve(problem, { duals: true });
    expect(r.backend).toBe('highs');
    expect(r.solution!.shadowPrices!.get('demand')).toBeCloseTo(3, 9);
    expect(r.solution!.shadowPrices!.get('spare')).toBeCloseTo(0, 9);
    // the same at yuan scale ~1e9: scaling must not change a marginal value
    const big: LpProblem = {
      ...problem,
      variables: [{ name: 'x', upper: 4e9 }, { name: 'y' }],
      constraints: problem.constraints.map((c) => ({ ...c, rhs: Number(c.rhs) * 1e9 })),
    };
    const rb = await solve(big, { backend: 'highs' });
    expect(rb.solution!.shadowPrices!.get('demand')).toBeCloseTo(3, 9);
    // and for a maximisation: max 3x + 2y s.t. x + y ≤ 4 (binding, price 3), x ≤ 10
    const max = await solve(
      {
        variables: [{ name: 'x' }, { name: 'y' }],
        constraints: [
          {
            name: 'cap',
            terms: [
              ['x', 1],
              ['y', 1],
            ],
            sense: '<=',
            rhs: 4,
          },
        ],
        objective: {
          sense: 'max',
          terms: [
            ['x', 3],
            ['y', 2],
          ],
        },
      },
      { backend: 'highs' },
    );
    expect(max.solution!.shadowPrices!.get('cap')).toBeCloseTo(3, 9);
  });

  it('stop at the time limit with the best answer found, checked, and its gap', async () => {
    const { portfolioMilp } = await import('../../bench/optimize-problems.js');
    const problem = portfolioMilp(400, 7);
    const r = await solveCore(problem, { backend: 'highs', timeLimitMs: 150, mipRelGap: 0 });
    // a fast machine may prove optimality in time; either way the answer is checked
    expect(['time_limit', 'optimal']).toContain(r.status);
    if (r.status === 'time_limit' && r.solution) {
      expect(r.gap).toBeGreaterThanOrEqual(0);
      expect(r.bound).toBeGreaterThanOrEqual(Number(r.solution.objective.num) / Number(r.solution.objective.den) - 1e-6);
      expectExactlyFeasible(problem, r);
    }
  });

  it('refuse an LP too large for javascript-lp-solver when it is forced, instead of running past the limit', async () => {
    const { allocationLp } = await import('../../bench/optimize-problems.js');
    const r = await solveCore(allocationLp(1000), { backend: 'jslp' });
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/too large for javascript-lp-solver/);
    const auto = await solveCore(allocationLp(1000));
    expect(auto.status).toBe('optimal');
    expect(auto.backend).toBe('highs');
  });

  it('stop at a work limit, which holds where clocks stand still (deployed Workers)', async () => {
    const { allocationLp, hardKnapsack } = await import('../../bench/optimize-problems.js');
    // one node leaves a gap, and the plan found is checked like any other
    const knapsack = hardKnapsack(40);
    const r = await solveCore(knapsack, { workLimit: { mipNodes: 1 }, mipRelGap: 0 });
    expect(r.backend).toBe('highs'); // auto: jslp has no work limits
    expect(r.status).toBe('time_limit');
    expect(r.message).toMatch(/node limit/);
    expect(r.gap).toBeGreaterThan(0);
    expectExactlyFeasible(knapsack, r);
    expect(r.solution).toBeDefined();

    // an LP stopped by its iteration limit before any feasible point: time_limit, no plan, and why
    const lp = await solveCore(allocationLp(300), { workLimit: { simplexIterations: 3 } });
    expect(lp).toMatchObject({ status: 'time_limit', backend: 'highs' });
    expect(lp.solution).toBeUndefined();
    expect(lp.message).toMatch(/iteration limit/);

    // forcing javascript-lp-solver with a work limit is refused, not run without it
    const jslp = await solveCore(KNAPSACK, { backend: 'jslp', workLimit: { mipNodes: 10 } });
    expect(jslp.status).toBe('error');
    expect(jslp.message).toMatch(/no work limits/);
  });
});
