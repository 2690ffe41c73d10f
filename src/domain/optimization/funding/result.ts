/**
 * The answer of kinds 2 and 3 from a plan (funded amount per project, amounts per project and source, in
 * granules): rows in request order, per-source books, totals, binding constraints in the planner's words,
 * and the solve report.
 */
import { fromGranules, ratioToText, type Ratio, type Unit } from '../../../core/money.js';
import type { Library } from './input.js';
import { sourceShare } from './model.js';
import type { BindingConstraint, ProjectRow, SolveReport, SourceRow } from '../problems.js';
import { type Rational, Sum, rat, times10, toDecimal } from '../../../core/rational.js';
import type { SolveResult } from '../solver/core.js';
import { dict, own } from '../../../core/records.js';

export interface Plan {
  /** granules by project index */
  readonly funded: readonly bigint[];
  /** granules by project index, then source index */
  readonly amounts: readonly (readonly bigint[])[];
}

export interface Words {
  readonly en: string;
  readonly zh: string;
}

export function unitName(unit: Unit): Words {
  return unit === 'wan' ? { en: '万元', zh: '万元' } : { en: 'yuan', zh: '元' };
}

const SOURCE_NAMES: Record<string, Words> = {
  central: { en: 'central funds', zh: '中央资金' },
  provincial: { en: 'provincial funds', zh: '省级资金' },
  city: { en: 'city funds', zh: '市级资金' },
  county: { en: 'county funds', zh: '县级资金' },
};

export function sourceName(id: string): Words {
  return own(SOURCE_NAMES, id) ?? { en: `"${id}" funds`, zh: `资金来源 "${id}"` };
}

/** A share as a percentage: exact up to 4 decimals ("60", "57.5"), or rounded down to `places` with `down`. */
export function percent(share: Ratio, down?: number): string {
  const p = times10(rat(share.num, share.den), 2);
  if (down === undefined) return toDecimal(p, 4);
  const scale = 10n ** BigInt(down);
  const n = p.num * scale;
  const q = n / p.den - (n < 0n && n % p.den !== 0n ? 1n : 0n);
  return toDecimal(rat(q, scale), down);
}

export function money(lib: Library, granules: bigint): string {
  return fromGranules(granules, lib.granularity);
}

export function projectRows(lib: Library, plan: Plan): ProjectRow[] {
  return lib.projects.map((p) => {
    const amount = plan.funded[p.index];
    const bySource = dict<string>(); // keyed by source id
    plan.amounts[p.index].forEach((a, s) => {
      if (a > 0n) bySource[lib.sources[s].id] = money(lib, a);
    });
    return {
      id: p.id,
      chosen: amount > 0n,
      amount: money(lib, amount),
      share: ratioToText(amount, p.cost, 12),
      sharePercent: ratioToText(amount, p.cost, 2, 100n) + '%',
      bySource,
      category: p.category,
      priority: p.priority,
      town: p.town,
      drawingReview: p.drawingReview,
    };
  });
}

export function sourceRows(lib: Library, plan: Plan): SourceRow[] {
  return lib.sources.map((s) => {
    let used = 0n;
    for (const row of plan.amounts) used += row[s.index];
    const share = sourceShare(lib, plan.amounts, s.index);
    const floor = s.floor;
    const onFloor = !!floor && share.share !== null && share.share.num * floor.den === floor.num * share.share.den;
    return {
      id: s.id,
      budget: money(lib, s.budget),
      used: money(lib, used),
      unused: money(lib, s.budget - used),
      industry: money(lib, share.industry.num / share.industry.den),
      industryShare: share.share === null ? null : ratioToText(share.share.num, share.share.den, 12),
      industrySharePercent: share.share === null ? null : ratioToText(share.share.num, share.share.den, 2, 100n) + '%',
      floor: floor ? ratioToText(floor.num, floor.den, 12) : null,
      floorPercent: floor ? ratioToText(floor.num, floor.den, 2, 100n) + '%' : null,
      budgetBinding: used === s.budget,
      floorBinding: onFloor,
    };
  });
}

/**
 * Σ benefit × funded fraction per measure (names in code-unit order, 6 decimals), then `amount`, `count`
 * (projects funded, in full or in part: a whole number) and `fundedProjectEquivalents` (Σ funded ÷ cost, 6
 * decimals: what maximize "count" maximises; a project funded in part counts as that part, so 2.7 is not a count).
 */
export function totals(lib: Library, plan: Plan): Record<string, string> {
  const measures = [...new Set(lib.projects.flatMap((p) => [...p.benefits.keys()]))].sort();
  const out = dict<string>(); // keyed by benefit measure
  for (const m of measures) {
    const sum = new Sum();
    for (const p of lib.projects) {
      const b = p.benefits.get(m);
      if (b && plan.funded[p.index] > 0n) sum.addProduct(b, rat(plan.funded[p.index], p.cost));
    }
    out[m] = fixed6(sum.value());
  }
  let amount = 0n;
  let chosen = 0;
  const count = new Sum();
  for (const p of lib.projects) {
    amount += plan.funded[p.index];
    if (plan.funded[p.index] > 0n) chosen++;
    count.add(rat(plan.funded[p.index], p.cost));
  }
  out.amount = money(lib, amount);
  out.count = String(chosen);
  out.fundedProjectEquivalents = fixed6(count.value());
  return out;
}

/** A measure, an objective value: 6 decimals, always written (half away from zero). */
export function fixed6(a: { readonly num: bigint; readonly den: bigint }): string {
  return ratioToText(a.num, a.den, 6);
}

/** Constraints that hold with equality, in the planner's words, in a stable order. */
export function bindingConstraints(lib: Library, plan: Plan, sources: readonly SourceRow[], mandatory: boolean): BindingConstraint[] {
  const unit = unitName(lib.unit);
  const out: BindingConstraint[] = [];
  sources.forEach((row, i) => {
    const name = sourceName(row.id);
    if (row.budgetBinding && lib.sources[i].budget > 0n) {
      out.push({
        id: `source:${row.id}:budget`,
        en: `${name.en} are used in full (${row.budget} ${unit.en})`,
        zh: `${name.zh}已全部安排（${row.budget} ${unit.zh}）`,
      });
    }
    if (row.floorBinding) {
      const pct = percent(lib.sources[i].floor!);
      out.push({
        id: `source:${row.id}:floor`,
        en: `${name.en} sit exactly on their ${pct}% industry floor`,
        zh: `${name.zh}产业发展比例恰好为下限 ${pct}%`,
      });
    }
  });
  const towns = new Map<string, bigint>();
  for (const p of lib.projects) if (p.town !== null) towns.set(p.town, (towns.get(p.town) ?? 0n) + plan.funded[p.index]);
  for (const [town, cap] of [...lib.townCaps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (towns.get(town) !== cap) continue;
    const c = money(lib, cap);
    out.push({ id: `town:${town}:cap`, en: `town "${town}" is at its cap of ${c} ${unit.en}`, zh: `乡镇 "${town}" 已达上限 ${c} ${unit.zh}` });
  }
  if (mandatory) {
    for (const p of lib.projects) {
      if (!p.mandatory) continue;
      out.push({
        id: `project:${p.id}:mandatory`,
        en: `project "${p.id}" is funded in full because it is mandatory`,
        zh: `项目 "${p.id}" 为必须安排项目，已全额安排`,
      });
    }
  }
  return out;
}

/** value_p × funded fraction summed over projects, exactly. */
export function planValue(lib: Library, plan: Plan, value: readonly Rational[]): Rational {
  const sum = new Sum();
  for (const p of lib.projects) if (plan.funded[p.index] > 0n) sum.addProduct(value[p.index], rat(plan.funded[p.index], p.cost));
  return sum.value();
}

/** One report for several solves (stages): the worst status, every backend, the largest gap. */
export function solveReport(runs: readonly SolveResult[], started: number, verified: boolean, status?: SolveReport['status'], message?: string): SolveReport {
  const backends: string[] = [];
  for (const r of runs) for (const x of r.stats.runs) if (!backends.includes(x.backend)) backends.push(x.backend);
  // With a checked plan the answer is optimal or time_limit: a stage that ended infeasible, unverified or in
  // error was either solved again (fundingStages.ts) or left the plan of the stages before it standing, which
  // disproves its "infeasible"; the caller passes time_limit and says which stage stopped.
  const worst = verified
    ? runs.some((r) => r.status === 'time_limit')
      ? 'time_limit'
      : 'optimal'
    : (runs.find((r) => r.status !== 'optimal')?.status ?? 'optimal');
  const gaps = runs.map((r) => r.gap).filter((g): g is number => g !== undefined && Number.isFinite(g));
  const last = runs[runs.length - 1];
  const integers = runs.some((r) => r.stats.integers > 0);
  return {
    status: status ?? worst,
    method: integers ? 'milp' : 'lp',
    backends,
    gap: gaps.length > 0 ? Math.max(...gaps) : undefined,
    verified,
    ms: performance.now() - started,
    message: message ?? runs.map((r) => r.message).find((m) => m !== undefined),
    size: last ? { variables: last.stats.variables, integers: last.stats.integers, constraints: last.stats.constraints } : undefined,
  };
}

/** Why lexicographic stages stopped early: a stage that found nothing, or the time. */
export function stoppedMessage(runs: readonly SolveResult[], before: string, kept: string): string {
  const failed = runs.find((r) => !r.solution);
  const why = failed ? `a stage ended ${failed.status}${failed.message ? ` (${failed.message})` : ''}` : 'the time ran out';
  return `${why} before ${before}; ${kept}`;
}
