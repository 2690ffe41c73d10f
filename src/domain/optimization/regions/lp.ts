/**
 * Kind 1 as a MILP for the solver layer (groups need it; `method: "lp"` asks for it):
 *   k_i  integer granules, l_i ≤ k_i ≤ u_i (no cap: T, which Σ k = T and k ≥ 0 imply anyway)
 *   d_i  ≥ 0 with d_i ≥ k_i − t_i and d_i ≥ t_i − k_i           rows region:<id>:over / :under (hard)
 *        and the chord through (⌊t_i⌋, frac t_i), (⌈t_i⌉, 1 − frac t_i)   row region:<id>:rounding (hard)
 *   Σ k_i = T                                                     row total (hard: checked before solving)
 *   Σ_{i∈G} k_i ≥ ⌈minShare·T⌉ / ≤ ⌊maxShare·T⌋ (amounts alike)   rows group:<id>:minShare …
 *   min Σ c_i d_i, c_i per granule in the objective's units (w_i·g, or w_i / t_i for relative deviation)
 * Rows count granules. When it is infeasible, the elastic re-solve (elastic.ts) may move group limits
 * (weight 1 per granule) and the bounds a planner set — min, hold-harmless, max, growth cap — (weight 2, so
 * a group limit gives before the regions' bounds do); never the total, the zero floor (a hard
 * region:<id>:nonNegative row keeps it when the bounds are elastic) or the deviation rows.
 */
import { toText } from '../../../core/money.js';
import { solve } from '../solver/solve.js';
import type { FullSolveResult } from '../solver/solve.js';
import type { LpConstraint, LpProblem, LpTerm, LpVariable } from '../solver/model.js';
import type { Relaxation as ElasticRelaxation } from '../solver/elastic.js';
import { ceil, floor } from '../../../core/rational.js';
import type { RegionProblem } from './input.js';
import type { SolverOptions } from '../problems.js';

export const GROUP_WEIGHT = 1n;
export const BOUND_WEIGHT = 2n;

export function amountVar(p: RegionProblem, i: number): string {
  return `region:${p.ids[i]}`;
}

export function groupRow(id: string, kind: string): string {
  return `group:${id}:${kind}`;
}

/** Per-granule objective coefficients, exact: w_i·g (absolute) or w_i / t_i (relative, t_i in granules). */
export function costsPerGranule(p: RegionProblem): { num: bigint[]; den: bigint[] } {
  const n = p.ids.length;
  const tenW = 10n ** BigInt(p.weightScale);
  if (p.deviation === 'absolute') {
    const den = tenW * 10n ** BigInt(p.granularity.scale);
    return { num: times(p.weightNum, p.granularity.coefficient), den: new Array<bigint>(n).fill(den) };
  }
  return { num: times(p.weightNum, p.targetDen), den: tenW === 1n ? p.targetNum.slice() : times(p.targetNum, tenW) };
}

/** v_i × factor, one product per run of equal v_i (without weights every region has the same one). */
function times(values: readonly bigint[], factor: bigint): bigint[] {
  let last: bigint | undefined;
  let product = 0n;
  return values.map((v) => (v === last ? product : ((last = v), (product = v * factor))));
}

export function buildRegionLp(p: RegionProblem): LpProblem {
  const n = p.ids.length;
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const objective: LpTerm[] = [];
  const unit = `granules of ${toText(p.granularity)} ${p.unit}`;
  const total: LpTerm[] = [];
  const cost = costsPerGranule(p);
  for (let i = 0; i < n; i++) {
    const k = amountVar(p, i);
    const d = `deviation:${p.ids[i]}`;
    const planner = p.lowerBy[i] !== 'zero' || p.upperBy[i] !== 'none';
    variables.push({
      name: k,
      type: 'integer',
      lower: p.lower[i],
      upper: p.upper[i] ?? p.total,
      elastic: planner ? { weight: BOUND_WEIGHT } : false,
    });
    variables.push({ name: d, lower: 0 });
    const t = { num: p.targetNum[i], den: p.targetDen };
    constraints.push({
      name: `region:${p.ids[i]}:over`,
      terms: [
        [d, 1],
        [k, -1],
      ],
      sense: '>=',
      rhs: { num: -t.num, den: t.den },
      unit,
      elastic: false,
    });
    constraints.push({
      name: `region:${p.ids[i]}:under`,
      terms: [
        [d, 1],
        [k, 1],
      ],
      sense: '>=',
      rhs: t,
      unit,
      elastic: false,
    });
    // the chord of |k − t| between ⌊t⌋ and ⌈t⌉: holds at every integer k (a convex function lies above the
    // line through two of its points outside them), and makes the LP relaxation the integer problem's
    // convex envelope, so branch and bound has (almost) nothing left to do
    const fl = t.num / t.den;
    const r = t.num - fl * t.den;
    if (r !== 0n) {
      // d ≥ f + (1 − 2f)(k − ⌊t⌋), f = r/D:  D·d − (D − 2r)·k ≥ r − (D − 2r)·⌊t⌋
      const slope = t.den - 2n * r;
      constraints.push({
        name: `region:${p.ids[i]}:rounding`,
        terms: [
          [d, t.den],
          [k, -slope],
        ],
        sense: '>=',
        rhs: r - slope * fl,
        unit,
        elastic: false,
      });
    }
    if (planner) constraints.push({ name: `region:${p.ids[i]}:nonNegative`, terms: [[k, 1]], sense: '>=', rhs: 0, unit, elastic: false });
    objective.push([d, { num: cost.num[i], den: cost.den[i] }]);
    total.push([k, 1]);
  }
  constraints.unshift({ name: 'total', terms: total, sense: '=', rhs: p.total, unit, elastic: false });
  for (const g of p.groups) {
    for (const limit of g.limits) {
      constraints.push({
        name: groupRow(g.id, limit.kind),
        terms: g.members.map((i) => [amountVar(p, i), 1] as const),
        sense: limit.sense,
        rhs: limit.granules,
        unit,
        elastic: { weight: GROUP_WEIGHT },
      });
    }
  }
  return { name: 'regions', variables, constraints, objective: { sense: 'min', terms: objective } };
}

/**
 * Region MILPs up to this many columns + rows (about 100 regions) go to javascript-lp-solver under `auto`:
 * their rounding rows make the LP relaxation nearly integral, so jslp's branch and bound has little to do,
 * and it answers 50 regions in ~18 ms against HiGHS's ~20–26 ms (bench/optimize.ts), well inside the
 * 50 ms it gets before HiGHS takes over. At 200 regions the two are close and jslp nears that budget.
 */
export const REGION_AUTO_JSLP_MAX_MILP = 650;

export function solveRegionLp(lp: LpProblem, options: SolverOptions = {}): Promise<FullSolveResult> {
  return solve(lp, {
    backend: options.backend ?? 'auto',
    autoJslpMaxMilp: REGION_AUTO_JSLP_MAX_MILP,
    workLimit: options.workLimit,
    timeLimitMs: options.timeLimitMs,
    // exact optimum by default: amounts are compared with the direct algorithm's
    mipRelGap: options.mipRelGap ?? 0,
  });
}

/** A relaxation of the elastic report as whole granules that still work: floors rounded down, caps up. */
export function relaxedGranules(r: ElasticRelaxation): bigint {
  const loosenDown = r.sense === '>=' || r.kind === 'lower';
  return loosenDown ? floor(r.relaxedRhs) : ceil(r.relaxedRhs);
}
