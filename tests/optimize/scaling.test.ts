/**
 * Badly scaled input — amounts in raw yuan (~1e9) beside coefficients of 1 and 0.4 — answered correctly
 * because no solver sees raw yuan (scale.ts). The first tests reproduce what issue 4 reports of
 * javascript-lp-solver on raw yuan (a false "infeasible", a MILP answer below the optimum marked optimal)
 * by handing it the unscaled problem directly, then show the scaled pipeline answering as HiGHS does.
 */
import { describe, expect, it } from 'vitest';
import { allocationLp, partialFundingProblem } from '../../bench/optimize-problems.js';
import { compile, solve, type ExactInput, type LpProblem, type SolveResult } from '../../src/domain/optimization/index.js';
import { solveJslp } from '../../src/domain/optimization/solver/jslp.js';
import { div, mul, parseExact, rat } from '../../src/core/rational.js';
import { applyScaling, chooseScaling, toNumeric } from '../../src/domain/optimization/solver/scale.js';
import { expectExactlyFeasible, q, ratio } from './helpers.js';

const OPTIONS = { mipRelGap: 0, timeLimitMs: 10_000 };

/** javascript-lp-solver on the problem exactly as written: what a naive integration would do. */
function rawJslp(problem: LpProblem) {
  return solveJslp(toNumeric(compile(problem)), OPTIONS);
}

function objective(r: SolveResult): number {
  return ratio(r.solution!.objective);
}

describe('javascript-lp-solver on raw yuan, and with scaling', () => {
  it('a one-row LP it calls infeasible (0.3·x1 − 0.4·x2 = 208,326,851 yuan)', async () => {
    const problem: LpProblem = {
      variables: [{ name: 'x0', upper: 356701263 }, { name: 'x1' }, { name: 'x2' }],
      constraints: [
        {
          name: 'c0',
          terms: [
            ['x1', '0.3'],
            ['x2', '-0.4'],
          ],
          sense: '=',
          rhs: 208326851,
        },
      ],
      objective: {
        sense: 'min',
        terms: [
          ['x0', 1],
          ['x1', 1],
        ],
      },
    };
    expect(rawJslp(problem).status).toBe('infeasible');
    // by hand: x0 = x2 = 0, x1 = 208,326,851 / 0.3
    for (const backend of ['jslp', 'highs'] as const) {
      const r = await solve(problem, { ...OPTIONS, backend });
      expect(r.status).toBe('optimal');
      expect(r.solution!.objective).toEqual(q(2083268510, 3));
    }
  });

  it('project MILPs it calls infeasible, or answers below the optimum and calls optimal', async () => {
    const cases = [
      { n: 3, seed: 80, raw: 'infeasible' }, // HiGHS: 317,902,353.86
      { n: 6, seed: 273, raw: 'optimal' }, // raw jslp 0.091% below the optimum
      { n: 5, seed: 62, raw: 'optimal' }, // raw jslp 15.5% below the optimum
    ];
    for (const c of cases) {
      const problem = partialFundingProblem(c.n, c.seed, true);
      const highs = await solve(problem, { ...OPTIONS, backend: 'highs' });
      const jslp = await solve(problem, { ...OPTIONS, backend: 'jslp' });
      expect(highs.status).toBe('optimal');
      expect(jslp.status).toBe('optimal');
      expect(jslp.solution!.objective).toEqual(highs.solution!.objective);
      expectExactlyFeasible(problem, jslp);
      const raw = rawJslp(problem);
      expect(raw.status).toBe(c.raw);
      if (raw.status === 'optimal') expect(raw.objective!).toBeLessThan(objective(highs) * (1 - 5e-4));
    }
  });
});

/** The same problem with every amount in units of `k` yuan: bounds and right-hand sides ÷ k, costs × k. */
function inUnitsOf(problem: LpProblem, k: bigint): LpProblem {
  const K = rat(k);
  const over = (v: ExactInput | null | undefined) => (v === null || v === undefined ? v : div(parseExact(v)!, K));
  return {
    variables: problem.variables.map((v) => (v.type === 'binary' ? v : { ...v, lower: over(v.lower), upper: over(v.upper) })),
    constraints: problem.constraints.map((c) => ({
      ...c,
      // rows with binaries (a ≤ cost·y) keep cost·y in the same units as a
      terms: c.terms.map(([name, a]) => {
        const binary = problem.variables.find((v) => v.name === name)?.type === 'binary';
        return [name, binary ? div(parseExact(a)!, K) : a] as const;
      }),
      rhs: over(c.rhs)!,
    })),
    objective: {
      ...problem.objective,
      terms: problem.objective.terms.map(([name, a]) => {
        const binary = problem.variables.find((v) => v.name === name)?.type === 'binary';
        return [name, binary ? a : mul(parseExact(a)!, K)] as const;
      }),
    },
  };
}

describe('units do not change answers', () => {
  it('the same allocation in yuan and in 万元 has the same optimal objective, exactly, with either backend', async () => {
    for (const seed of [1, 2, 3]) {
      const yuan = allocationLp(30, seed);
      const wan = inUnitsOf(yuan, 10_000n);
      for (const backend of ['jslp', 'highs'] as const) {
        const a = await solve(yuan, { ...OPTIONS, backend });
        const b = await solve(wan, { ...OPTIONS, backend });
        expect(a.status).toBe(b.status);
        if (a.status !== 'optimal') continue;
        expect(a.solution!.objective).toEqual(b.solution!.objective);
        expect(a.solution!.values.get('x0')).toEqual(mul(b.solution!.values.get('x0')!, rat(10_000n)));
      }
    }
  });

  it('projects in yuan and in 万元, as LP and MILP', async () => {
    for (const seed of [12, 55, 273]) {
      for (const integer of [false, true]) {
        const yuan = partialFundingProblem(6, seed, integer);
        const wan = inUnitsOf(yuan, 10_000n);
        const [a, b] = [await solve(yuan, { ...OPTIONS, backend: 'jslp' }), await solve(wan, { ...OPTIONS, backend: 'highs' })];
        expect(a.status).toBe('optimal');
        expect(Math.abs(objective(a) - objective(b))).toBeLessThanOrEqual(1e-9 * Math.abs(objective(b)));
      }
    }
  });

  it('puts yuan amounts in units where bounds are below 1e4 (and sums of 100 of them below 1e6)', () => {
    const compiled = compile(allocationLp(200));
    const scaling = chooseScaling(compiled);
    const scaled = applyScaling(compiled, scaling);
    const bounds = scaled.upper.filter((b) => b !== null).map((b) => Math.abs(ratio(b!)));
    expect(Math.max(...bounds)).toBeLessThan(1e4);
    expect(Math.max(...scaled.rows.map((r) => Math.abs(ratio(r.rhs))))).toBeLessThan(1e6);
    expect(Math.max(...compiled.upper.filter((b) => b !== null).map((b) => ratio(b!)))).toBeGreaterThan(1e7);
    // and every coefficient within a few powers of ten of 1
    const coefficients = scaled.rows.flatMap((r) => r.value.map((v) => Math.abs(ratio(v))));
    expect(Math.max(...coefficients) / Math.min(...coefficients)).toBeLessThan(1e4);
  });
});
