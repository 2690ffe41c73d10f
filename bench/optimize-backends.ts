/**
 * One-off measurement behind the `auto` backend threshold (src/domain/optimization/solver/core.ts): javascript-lp-solver
 * against HiGHS on the same instances, through the whole checked pipeline (scaling and exact verification
 * included, as a request would pay them). Not part of `npm run bench`; run it by hand:
 *
 *   npx tsx bench/optimize-backends.ts            # LP n = 50, 200, 1000; MILP n = 20, 50, 100, 200
 *   npx tsx bench/optimize-backends.ts --quick    # skips the slow jslp runs (LP 1000, MILP 200)
 *
 * LP: an allocation-shaped problem (n/2 regions: amount x_i in [floor, cap], deviation d_i ≥ |x_i − t_i|,
 * Σ x = total in yuan ~1e9, two group-share rows), n variables. MILP: a project-selection knapsack with
 * n binary projects, two budgets and a category floor. Medians of interleaved runs, HiGHS loaded first.
 */
import { compile, solveCore, type LpProblem } from '../src/domain/optimization/index.js';
import { getHighs, solveHighs } from '../src/domain/optimization/solver/highs.js';
import { solveJslp } from '../src/domain/optimization/solver/jslp.js';
import { applyScaling, chooseScaling, toNumeric } from '../src/domain/optimization/solver/scale.js';
import { allocationLp, portfolioMilp } from './optimize-problems.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const OPTIONS = { timeLimitMs: 120_000, mipRelGap: 1e-6 };

async function main() {
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  await getHighs();
  console.log(`HiGHS load (compile + instantiate wasm, once per isolate): ${(performance.now() - t0).toFixed(1)} ms`);
  const cases: { kind: string; n: number; problem: LpProblem; reps: number; slowJslp: boolean }[] = [
    ...[50, 100, 150, 200, 400, 1000].map((n) => ({ kind: 'LP', n, problem: allocationLp(n), reps: n >= 1000 ? 3 : 15, slowJslp: n >= 1000 })),
    ...[20, 30, 50, 100, 200].map((n) => ({ kind: 'MILP', n, problem: portfolioMilp(n), reps: n >= 100 ? 5 : 15, slowJslp: n >= 200 })),
  ];
  console.log('backend = the solver call alone on the scaled problem; pipeline = solveCore with `auto` (scale, solve, exact check)');
  console.log('kind  n      jslp ms   highs ms  jslp/highs  auto picks  auto pipeline ms  (verify ms)  objective');
  for (const c of cases) {
    const numeric = toNumeric(applyScaling(compile(c.problem), chooseScaling(compile(c.problem))));
    const j: number[] = [];
    const h: number[] = [];
    const a: number[] = [];
    const v: number[] = [];
    let picked = '';
    let objective = '';
    for (let k = 0; k < c.reps; k++) {
      let t = performance.now();
      const hr = await solveHighs(numeric, OPTIONS);
      h.push(performance.now() - t);
      if (!(quick && c.slowJslp)) {
        t = performance.now();
        const jr = solveJslp(numeric, OPTIONS, Infinity);
        j.push(performance.now() - t);
        if (jr.status !== hr.status) console.log(`  (statuses differ: jslp ${jr.status}, highs ${hr.status})`);
      }
      const r = await solveCore(c.problem, { backend: 'auto', timeLimitMs: OPTIONS.timeLimitMs });
      a.push(r.stats.totalMs);
      v.push(r.stats.verifyMs);
      picked = r.stats.runs.map((run) => run.backend).join('+');
      objective = r.solution ? (Number(r.solution.objective.num) / Number(r.solution.objective.den)).toPrecision(10) : r.status;
    }
    const jm = j.length ? median(j) : NaN;
    const hm = median(h);
    console.log(
      [
        c.kind.padEnd(5),
        String(c.n).padEnd(6),
        (j.length ? jm.toFixed(1) : 'skip').padStart(8),
        hm.toFixed(1).padStart(9),
        (j.length ? (jm / hm).toFixed(2) : '-').padStart(10),
        picked.padStart(11),
        median(a).toFixed(1).padStart(17),
        `(${median(v).toFixed(1)})`.padStart(12),
        ` ${objective}`,
      ].join(' '),
    );
  }
}

await main();
