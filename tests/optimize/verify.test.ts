/**
 * The exact check: float answers become exact points (integers rounded, bounds snapped, tight rows solved
 * exactly), and an answer that breaks anything is never returned as a solution — fed here through
 * backends that lie.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, RawResult } from '../../src/domain/optimization/solver/backend.js';
import { compile, solve, solveCore, type LpProblem } from '../../src/domain/optimization/index.js';
import { fromFloat, toDecimal } from '../../src/core/rational.js';
import { checkExactly, exactPoint } from '../../src/domain/optimization/solver/verify.js';
import { q, value } from './helpers.js';

/** A backend that answers whatever it is told to, for both names. */
function lying(answer: (n: number) => RawResult): Partial<Record<'jslp' | 'highs', Backend>> {
  const backend = (name: 'jslp' | 'highs'): Backend => ({ name, solve: async (p) => answer(p.nCols) });
  return { jslp: backend('jslp'), highs: backend('highs') };
}

const SPLIT: LpProblem = {
  variables: [{ name: 'a', upper: 500 }, { name: 'b' }, { name: 'c', type: 'integer', upper: 10 }],
  constraints: [
    {
      name: 'total',
      terms: [
        ['a', 3],
        ['b', 3],
      ],
      sense: '=',
      rhs: 1000,
    },
    {
      name: 'cCap',
      terms: [
        ['c', 1],
        ['a', '0.001'],
      ],
      sense: '<=',
      rhs: 7,
    },
  ],
  objective: {
    sense: 'max',
    terms: [
      ['a', 1],
      ['c', 1],
    ],
  },
};

describe('rationals from floats', () => {
  it('recovers simple fractions and keeps other doubles exact', () => {
    expect(fromFloat(1000 / 3, 1e-9)).toEqual(q(1000, 3));
    expect(fromFloat(-18 / 7, 1e-12)).toEqual(q(-18, 7));
    expect(fromFloat(0.1, 1e-12)).toEqual(q(1, 10));
    // nothing simple within 1e-15 of π: the double's own exact value
    const pi = fromFloat(Math.PI, 1e-15);
    expect(Number(pi.num) / Number(pi.den)).toBe(Math.PI);
    expect(toDecimal(q(-2, 3), 4)).toBe('-0.6667');
  });
});

describe('exact points', () => {
  it('round near-integers (0.9999999 → 1), fill in nothing as 0, and solve tight rows exactly', () => {
    const compiled = compile(SPLIT);
    // what jslp gives back: a = 1000/3 − noise, b at zero left out (NaN here), c = 5.9999999
    const point = exactPoint(compiled, [333.33333333333326, Number.NaN, 5.9999999]);
    expect(point.violations).toEqual([]);
    expect(point.x).toEqual([q(1000, 3), q(0), q(6)]);
  });

  it('leave a far-from-integral integer and a broken row as violations', () => {
    const compiled = compile(SPLIT);
    // a is free to move, so `total` is repaired (a = 1000/3); c = 6.5 cannot be
    const repaired = exactPoint(compiled, [100, 0, 6.5]);
    expect(repaired.violations).toEqual([{ kind: 'integer', name: 'c', by: q(1, 2) }]);
    // a and b at their bounds are fixed there: nothing left to move, `total` stays broken by 500
    const fixed = exactPoint(compiled, [500, 0, 7]);
    expect(fixed.violations).toEqual([
      { kind: 'constraint', name: 'total', by: q(500) },
      { kind: 'constraint', name: 'cCap', by: q(1, 2) },
    ]);
    expect(checkExactly(compiled, [q(100), q(0), q(6)])).toEqual([{ kind: 'constraint', name: 'total', by: q(700) }]);
  });
});

describe('answers that break a constraint', () => {
  it('are never returned: status unverified, with what they break in the constraint’s own units', async () => {
    // claims a = 500, b = 0 (total 1500 ≠ 1000, c + a/1000 = 7.5 > 7) is optimal
    const backends = lying(() => ({ status: 'optimal', x: new Float64Array([500, 0, 7]) }));
    const r = await solve(SPLIT, { backend: 'highs', backends });
    expect(r.status).toBe('unverified');
    expect(r.solution).toBeUndefined();
    expect(r.violations).toEqual([
      { kind: 'constraint', name: 'total', by: q(500) },
      { kind: 'constraint', name: 'cCap', by: q(1, 2) },
    ]);
    // a = 400 could be moved to a feasible 1000/3, but that is not the answer given: refused as well
    const movable = await solve(SPLIT, { backend: 'highs', backends: lying(() => ({ status: 'optimal', x: new Float64Array([400, 0, 6]) })) });
    expect(movable.status).toBe('unverified');
    expect(movable.solution).toBeUndefined();
  });

  it('from jslp under auto are asked again of HiGHS', async () => {
    const backends = { jslp: lying(() => ({ status: 'optimal', x: new Float64Array([0, 0, 0]) })).jslp! };
    const r = await solveCore(SPLIT, { backends });
    // jslp's refused answer, HiGHS's, then HiGHS's LP with the integer c fixed (the MILP check)
    expect(r.stats.runs.map((run) => run.backend)).toEqual(['jslp', 'highs', 'highs']);
    expect(r.status).toBe('optimal');
    expect(r.backend).toBe('highs');
    // a = 1000/3 (below its cap of 500), c = 7 − 1/3 rounded down to 6
    expect(value(r, 'a')).toEqual(q(1000, 3));
    expect(value(r, 'c')).toEqual(q(6));
  });

  it('a false "unbounded" is caught: a feasible point and an improving direction are both required', async () => {
    const bounded: LpProblem = {
      variables: [{ name: 'x', upper: 5 }],
      constraints: [],
      objective: { sense: 'max', terms: [['x', 1]] },
    };
    const liar = lying(() => ({ status: 'unbounded' }));
    const r = await solveCore(bounded, {
      backend: 'highs',
      backends: {
        highs: {
          name: 'highs',
          solve: async (p, o) => (p.nRows === 0 ? liar.highs!.solve(p, o) : (await import('../../src/domain/optimization/solver/highs.js')).solveHighs(p, o)),
        },
      },
    });
    // the feasibility check has no rows either, so the liar answers it too: not confirmed
    expect(r.status).toBe('unverified');
    expect(r.solution).toBeUndefined();
    // a MILP whose relaxation is unbounded but which has no integer point: infeasible, not unbounded
    const noInteger: LpProblem = {
      variables: [{ name: 'n', type: 'integer', lower: -10, upper: 10 }, { name: 'y' }],
      constraints: [{ name: 'third', terms: [['n', 3]], sense: '=', rhs: 4 }],
      objective: { sense: 'max', terms: [['y', 1]] },
    };
    for (const backend of ['jslp', 'highs'] as const) {
      const answer = await solveCore(noInteger, { backend });
      expect(answer.status).toBe('infeasible');
    }
    const reallyUnbounded = await solveCore({ ...noInteger, constraints: [{ name: 'third', terms: [['n', 3]], sense: '=', rhs: 6 }] }, { backend: 'jslp' });
    expect(reallyUnbounded.status).toBe('unbounded');
  });

  it('a false "infeasible" from HiGHS’s presolve is asked again without it (found by the oracle test)', async () => {
    // feasible (v0 = 1, the rest 0) and unbounded (v1 = v3 → −∞, v2 = −v3/2); HiGHS 1.15.1 with presolve
    // says infeasible, without presolve unbounded
    const problem: LpProblem = {
      variables: [{ name: 'v0' }, { name: 'v1', lower: null }, { name: 'v2' }, { name: 'v3', lower: null }],
      constraints: [
        {
          name: 'c0',
          terms: [
            ['v3', -1],
            ['v1', 1],
          ],
          sense: '<=',
          rhs: 0,
        },
        { name: 'c1', terms: [['v0', -1]], sense: '<=', rhs: 0 },
        {
          name: 'c2',
          terms: [
            ['v1', -1],
            ['v3', 1],
            ['v0', '-0.3'],
          ],
          sense: '<=',
          rhs: 0,
        },
        { name: 'c3', terms: [['v0', -1]], sense: '<=', rhs: -1 },
        {
          name: 'c4',
          terms: [
            ['v3', '0.5'],
            ['v2', 1],
          ],
          sense: '<=',
          rhs: 0,
        },
      ],
      objective: {
        sense: 'min',
        terms: [
          ['v0', 1],
          ['v1', 1],
          ['v2', -1],
          ['v3', 1],
        ],
      },
    };
    for (const backend of ['highs', 'jslp', 'auto'] as const) expect((await solveCore(problem, { backend })).status).toBe('unbounded');
  });

  it('a MILP "optimal" whose continuous part is unbounded is caught by fixing its integers (found by the oracle test)', async () => {
    // v1 − v2 is held within ±v0 ≤ 1, but v1 + v2 can fall without end: max −v0 − v1 − v2 is unbounded.
    // HiGHS 1.15.1's MIP solver (the binary v3 makes it one) answers "optimal", objective 0.
    const problem: LpProblem = {
      variables: [{ name: 'v0' }, { name: 'v1', lower: null }, { name: 'v2', lower: null }, { name: 'v3', type: 'binary' }],
      constraints: [
        {
          name: 'c0',
          terms: [
            ['v0', 1],
            ['v1', 1],
            ['v2', -1],
          ],
          sense: '>=',
          rhs: 0,
        },
        { name: 'c1', terms: [['v0', 1]], sense: '<=', rhs: 1 },
        {
          name: 'c2',
          terms: [
            ['v1', 1],
            ['v2', -1],
            ['v0', -1],
          ],
          sense: '<=',
          rhs: 0,
        },
      ],
      objective: {
        sense: 'max',
        terms: [
          ['v0', -1],
          ['v1', -1],
          ['v2', -1],
        ],
      },
    };
    for (const backend of ['highs', 'jslp', 'auto'] as const) {
      const r = await solveCore(problem, { backend });
      expect(r.status).toBe('unbounded');
      expect(r.solution).toBeUndefined();
    }
  });

  it('a degenerate vertex with more tight rows than it needs is still recovered exactly (found by the oracle test)', () => {
    // HiGHS's answer to a nearly single-point region breaks c2 by 9e-8; v2 sits on its bound
    const compiled = compile({
      variables: [
        { name: 'v0', lower: null },
        { name: 'v1', upper: 50 },
        { name: 'v2', lower: 2, upper: 6 },
      ],
      constraints: [
        {
          name: 'c0',
          terms: [
            ['v2', { num: 1n, den: 3n }],
            ['v0', 3],
            ['v1', -1],
          ],
          sense: '<=',
          rhs: -10,
        },
        {
          name: 'c1',
          terms: [
            ['v1', '0.9'],
            ['v2', '-0.2'],
            ['v0', '0.9'],
          ],
          sense: '>=',
          rhs: '-0.2285715',
        },
        {
          name: 'c2',
          terms: [
            ['v0', '-0.2'],
            ['v2', '0.5'],
            ['v1', '-0.4'],
          ],
          sense: '>=',
          rhs: '0.4',
        },
        { name: 'conflict', terms: [['v1', 1]], sense: '<=', rhs: '2.809524' },
      ],
      objective: { sense: 'min', terms: [] },
    });
    const point = exactPoint(compiled, [-2.6190475555555555, 2.809524, 2]);
    expect(point.violations).toEqual([]);
    expect(point.x).toEqual([q(-55, 21), q(59, 21), q(2)]);
  });
});
