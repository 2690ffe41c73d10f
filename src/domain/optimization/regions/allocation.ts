/**
 * Kind 1 of issue 4: region allocation under constraints (约束条件下的地区分配). Amounts in whole granules
 * closest to the regions' targets (e.g. the factor-method amounts):
 *   minimise Σ c_i |x_i − t_i|,  c_i = w_i (absolute) or w_i / t_i (relative),
 *   Σ x_i = T,  l_i ≤ x_i ≤ u_i (min, max, hold-harmless, growth cap),  group shares and amounts.
 * regionInput.ts reads the request into granules (bounds rounded inward), then:
 * - no group limits (`auto`, or `direct`): the exact direct algorithm, no solver (waterFilling.ts): optimal,
 *   deterministic, independent of region order; floors above the total or caps below it are answered
 *   `infeasible` with the gap, in planner terms;
 * - group limits, or `method: "lp"`: a MILP through the verified solver layer (regionLp.ts), mipRelGap 0
 *   unless the request sets one; infeasibility explained by the elastic re-solve.
 * regionReport.ts turns the amounts into rows, objective, group totals and binding constraints.
 */
import { fromGranules, toText } from '../../../core/money.js';
import type {
  Infeasibility,
  RegionAllocationInput,
  RegionAllocationResult,
  RegionAllocationTrace,
  RegionRowTrace,
  SolveReport,
  SolverOptions,
} from '../problems.js';
import { rowReasons } from './explain.js';
import { toDecimal } from '../../../core/rational.js';
import { readRegionProblem, type RegionProblem } from './input.js';
import { amountVar, buildRegionLp, costsPerGranule, solveRegionLp } from './lp.js';
import { boundsInfeasibility, evaluate, lpInfeasibility } from './report.js';
import { waterFill, type WaterFillingProblem, type WaterFillingSolution } from './waterFilling.js';

export async function optimizeRegions(input: RegionAllocationInput): Promise<RegionAllocationResult> {
  const started = performance.now();
  const p = readRegionProblem(input);
  return p.method === 'direct' ? direct(p, started) : viaLp(p, input.solver ?? {}, started);
}

function head(p: RegionProblem) {
  return { kind: 'regions' as const, unit: p.unit, granularity: toText(p.granularity), total: fromGranules(p.total, p.granularity) };
}

function noAnswer(p: RegionProblem, solve: SolveReport, infeasibility?: Infeasibility): RegionAllocationResult {
  return { ...head(p), solve, objective: null, rows: [], groups: [], binding: [], ...(infeasibility ? { infeasibility } : {}) };
}

/** The direct algorithm's input for a read region problem (its costs per granule worked out). */
export function waterFillingProblem(p: RegionProblem): WaterFillingProblem {
  const costs = costsPerGranule(p);
  return {
    targetNum: p.targetNum,
    targetDen: p.targetDen,
    costNum: costs.num,
    costDen: costs.den,
    lower: p.lower,
    upper: p.upper,
    total: p.total,
    keys: p.ids,
  };
}

function direct(p: RegionProblem, started: number): RegionAllocationResult {
  const s = waterFill(waterFillingProblem(p));
  const report = (status: SolveReport['status']): SolveReport => ({
    status,
    method: 'direct',
    backends: [],
    verified: true,
    ms: performance.now() - started,
  });
  if (!s.ok) return noAnswer(p, report('infeasible'), boundsInfeasibility(p, s.side, s.sumLower, s.sumUpper));
  const e = evaluate(p, s.amounts);
  let trace: RegionAllocationTrace | undefined;
  let rowTraces: RegionRowTrace[] | undefined;
  return {
    ...head(p),
    solve: report('optimal'),
    objective: e.objective,
    rows: e.rows,
    groups: e.groups,
    binding: e.binding,
    // written out only when read: a relative-deviation trace can have a class per segment
    get trace() {
      return (trace ??= traceOf(p, s));
    },
    get rowTraces() {
      return (rowTraces ??= rowReasons(p, s.amounts, s.lambda));
    },
  };
}

function traceOf(p: RegionProblem, s: WaterFillingSolution): RegionAllocationTrace {
  const g = p.granularity;
  const floors = p.lower.reduce((a, b) => a + b, 0n);
  const last = s.classes[s.classes.length - 1];
  const parts: { en: string; zh: string }[] = !last?.partial
    ? [{ en: 'every class filled whole; the total ran out at a class boundary', zh: '各类均整类填满；总额恰在类的边界用完' }]
    : [
        ...(last.kinds.rounding > 0
          ? [
              {
                en: 'rounding granules of the last class first, larger target first, then smaller id',
                zh: '最后一类先分配取整粒度，目标额大者优先，其次 id 小者优先',
              },
            ]
          : []),
        ...(s.zeroTargetsShared
          ? [{ en: 'the other segments filled, then zero-target regions given equal additions', zh: '其他区段填满后，目标额为 0 的地区平均增加' }]
          : s.lambda
            ? [{ en: 'its other segments at clamp(λ × target) within their ranges', zh: '其他区段按 λ × 目标额分配（限于各自区间）' }]
            : []),
        {
          en: 'whole granules by largest remainder; equal remainders to the larger target, then the smaller id',
          zh: '按最大余数法取整；余数相同时目标额大者优先，其次 id 小者优先',
        },
      ];
  const rule = { en: parts.map((x) => x.en).join('; '), zh: parts.map((x) => x.zh).join('；') };
  return {
    method: 'direct',
    floors: fromGranules(floors, g),
    added: fromGranules(p.total - floors, g),
    classes: s.classes.map((c) => ({
      marginalCost: toDecimal(c.cost, 12),
      toward: c.kinds.toward,
      rounding: c.kinds.rounding,
      past: c.kinds.past,
      granules: Number(c.units), // a count (docs/contract.md § Numbers): a JSON number
      amount: fromGranules(c.units, g),
      partial: c.partial,
    })),
    lambda: s.lambda ? toDecimal(s.lambda, 12) : null,
    rule,
  };
}

async function viaLp(p: RegionProblem, options: SolverOptions, started: number): Promise<RegionAllocationResult> {
  const base = { method: 'milp' as const };
  // floors above the total or caps below it: said without a solver, as the direct method does
  let sumLower = 0n;
  let sumUpper: bigint | undefined = 0n;
  p.lower.forEach((l, i) => {
    sumLower += l;
    sumUpper = sumUpper === undefined || p.upper[i] === undefined ? undefined : sumUpper + p.upper[i]!;
  });
  const side = sumLower > p.total ? 'floors' : sumUpper !== undefined && sumUpper < p.total ? 'caps' : undefined;
  if (side) {
    const solve: SolveReport = { ...base, status: 'infeasible', backends: [], verified: true, ms: performance.now() - started };
    return noAnswer(p, solve, boundsInfeasibility(p, side, sumLower, sumUpper));
  }
  const lp = buildRegionLp(p);
  const r = await solveRegionLp(lp, options);
  const backends = r.stats.runs.map((run) => run.backend).filter((b, k, all) => k === 0 || all[k - 1] !== b);
  const report = (verified: boolean): SolveReport => ({
    ...base,
    status: r.status,
    backends,
    ...(r.gap !== undefined ? { gap: r.gap } : {}),
    verified,
    ms: performance.now() - started,
    ...(r.message ? { message: r.message } : {}),
    size: { variables: r.stats.variables, integers: r.stats.integers, constraints: r.stats.constraints },
  });
  if (r.solution && (r.status === 'optimal' || r.status === 'time_limit')) {
    const values = r.solution.values;
    const x = p.ids.map((_, i) => {
      const v = values.get(amountVar(p, i))!;
      if (v.den !== 1n) throw new Error(`regions: the checked solution has a fractional amount for ${p.ids[i]}`); // a bug
      return v.num;
    });
    const e = evaluate(p, x);
    return { ...head(p), solve: report(true), objective: e.objective, rows: e.rows, groups: e.groups, binding: e.binding };
  }
  if (r.status === 'infeasible') {
    const infeasibility = lpInfeasibility(p, r.infeasibility, r.message);
    return noAnswer(p, report(infeasibility.verified), infeasibility);
  }
  return noAnswer(p, report(false));
}
