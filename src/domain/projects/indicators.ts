/**
 * Indicator checks (绩效指标核查, seed 001 武汉财政局报告 §二(四)1: "核实…项目绩效核心指标异常数据或空白数据,
 * 分析研判产出指标、金额等数值和单位等逻辑性"): the suspicious entries of a library's projects, each a finding
 * a planner checks. Removed projects (移出) are not checked and are no peers.
 *
 *   blank-core         no output indicator at all (indicator null), or a core indicator whose value is 0. The core
 *                      indicators are those marked `core`; where a project marks none, its output indicators.
 *   abnormal           an indicator in % (output or effect) above the model's maxPercent.
 *   unit-mismatch      an output indicator whose unit is not one of its category's outputUnits.
 *   unit-cost-outlier  amount ÷ the output value, outside [median ÷ factor, median × factor] of the unit costs
 *                      of the same category and unit, when at least minPeers projects (this one included) have
 *                      one. A project gives one unit cost per unit: its first output indicator of that unit with
 *                      a value above 0, core ones first; % indicators give none. The bounds themselves are in.
 *   amount-logic       paid > amount (else paid > arranged), arranged > amount, an output indicator in 万元 or 元
 *                      larger than the whole amount (converted to the library's unit).
 *
 * Exact rationals throughout (src/core/rational); unitCost and median are shown exact when they end within 6
 * decimals, else rounded half away from zero to 6.
 */
import type { Unit } from '../../core/money.js';
import { cmp, div, mul, type Ratio, rat, ratio, text } from '../../core/rational.js';
import { type Code, type Messages, message } from '../../messages/index.js';
import type { ProjectRulesModel, StoredIndicator, StoredProject } from '../../schema/projects.js';

export const INDICATOR_CHECKS = ['blank-core', 'abnormal', 'unit-mismatch', 'unit-cost-outlier', 'amount-logic'] as const;
export type IndicatorCheck = (typeof INDICATOR_CHECKS)[number];

export interface IndicatorFinding {
  readonly project: string;
  readonly name: string;
  readonly category: string;
  /** the indicator's name, or null where the finding is about the project (no output, amounts) */
  readonly indicator: string | null;
  readonly check: IndicatorCheck;
  /** the indicator's value as written, or the amount in question (amount-logic) */
  readonly value: string | null;
  /** the indicator's unit, or the library's money unit (万元/元) for amount-logic */
  readonly unit: string | null;
  /** amount ÷ value (unit-cost-outlier only), in the library's unit per the indicator's unit */
  readonly unitCost: string | null;
  /** the median unit cost of the category and unit (unit-cost-outlier only) */
  readonly median: string | null;
  readonly en: string;
  readonly zh: string;
}

export interface IndicatorSummary {
  /** the projects given (removed ones included: they are counted, not checked) */
  readonly projects: number;
  /** projects with at least one finding */
  readonly suspicious: number;
  readonly findings: number;
}

const SHOWN_PLACES = 6;
const PERCENT_UNITS = new Set(['%', '％']);
/** Output units that are money: an output so measured cannot exceed the investment. Value in 元 per unit. */
const MONEY_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['万元', 10_000n],
  ['元', 1n],
]);
const YUAN_PER_UNIT: Readonly<Record<Unit, bigint>> = { wan: 10_000n, yuan: 1n };

/** A catalogue message's words (its code stays out of the row: the row's `check` says what it is). */
export function said<K extends Code>(code: K, ...params: Parameters<Messages[K]>): { en: string; zh: string } {
  const m = message(code, ...params);
  return { en: m.en, zh: m.zh };
}

const moneyWord = (unit: Unit) => (unit === 'yuan' ? '元' : '万元');

/** The indicators a project's core checks read: those marked core, else its output indicators. */
export function coreIndicators(p: Pick<StoredProject, 'targets'>): StoredIndicator[] {
  const all = [...(p.targets?.output ?? []), ...(p.targets?.effect ?? [])];
  const marked = all.filter((i) => i.core === true);
  return marked.length > 0 ? marked : [...(p.targets?.output ?? [])];
}

/** One unit cost a project gives to its category and unit's median. */
interface Point {
  readonly project: StoredProject;
  readonly indicator: StoredIndicator;
  readonly unit: string;
  readonly cost: Ratio;
}

/** A project's unit costs: one per output unit (core indicators first), value > 0, no %. */
function pointsOf(p: StoredProject): Point[] {
  const output = p.targets?.output ?? [];
  const ordered = [...output.filter((i) => i.core === true), ...output.filter((i) => i.core !== true)];
  const out: Point[] = [];
  const seen = new Set<string>();
  const amount = ratio(p.amount);
  for (const i of ordered) {
    const unit = i.unit.trim();
    if (PERCENT_UNITS.has(unit) || seen.has(unit)) continue;
    const value = ratio(i.value);
    if (value.num === 0n) continue;
    seen.add(unit);
    out.push({ project: p, indicator: i, unit, cost: div(amount, value) });
  }
  return out;
}

/** The median of exact values (the mean of the middle two for an even count). */
export function median(values: readonly Ratio[]): Ratio {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort(cmp);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid];
  const a = sorted[mid - 1];
  const b = sorted[mid];
  return rat(a.num * b.den + b.num * a.den, 2n * a.den * b.den);
}

/** Every finding of the projects, in project order, each project's in the order of INDICATOR_CHECKS. */
export function indicatorFindings(projects: readonly StoredProject[], model: ProjectRulesModel, unit: Unit): IndicatorFinding[] {
  const checked = projects.filter((p) => p.status !== 'removed');
  const factor = ratio(model.indicators.unitCostFactor);
  const maxPercent = ratio(model.indicators.maxPercent);

  // unit costs by category and unit, and the medians of the groups with enough projects
  const groups = new Map<string, Point[]>();
  for (const p of checked) {
    for (const point of pointsOf(p)) {
      const key = `${p.category}\u0000${point.unit}`;
      const list = groups.get(key);
      if (list) list.push(point);
      else groups.set(key, [point]);
    }
  }
  const medians = new Map<string, { median: Ratio; peers: number }>();
  for (const [key, points] of groups) {
    if (points.length >= model.indicators.minPeers) medians.set(key, { median: median(points.map((x) => x.cost)), peers: points.length });
  }

  const out: IndicatorFinding[] = [];
  for (const p of checked) {
    const base = { project: p.id, name: p.name, category: p.category };
    const none = { indicator: null, value: null, unit: null, unitCost: null, median: null };
    const category = model.categories.find((c) => c.id === p.category);
    const output = p.targets?.output ?? [];

    // blank-core
    if (output.length === 0) out.push({ ...base, ...none, check: 'blank-core', ...said('indicator-no-output') });
    for (const i of coreIndicators(p)) {
      if (ratio(i.value).num === 0n) {
        out.push({
          ...base,
          ...none,
          indicator: i.name,
          check: 'blank-core',
          value: i.value,
          unit: i.unit,
          ...said('indicator-blank-core', { indicator: i.name, unit: i.unit }),
        });
      }
    }

    // abnormal: a percentage above the model's maximum
    for (const i of [...output, ...(p.targets?.effect ?? [])]) {
      if (PERCENT_UNITS.has(i.unit.trim()) && cmp(ratio(i.value), maxPercent) > 0) {
        out.push({
          ...base,
          ...none,
          indicator: i.name,
          check: 'abnormal',
          value: i.value,
          unit: i.unit,
          ...said('indicator-percent-above', { indicator: i.name, value: i.value, max: model.indicators.maxPercent }),
        });
      }
    }

    // unit-mismatch: an output unit the category does not measure in
    if (category) {
      for (const i of output) {
        if (!category.outputUnits.includes(i.unit.trim())) {
          out.push({
            ...base,
            ...none,
            indicator: i.name,
            check: 'unit-mismatch',
            value: i.value,
            unit: i.unit,
            ...said('indicator-unit-mismatch', {
              indicator: i.name,
              unit: i.unit,
              category: category.en,
              categoryZh: category.zh,
              units: category.outputUnits,
            }),
          });
        }
      }
    }

    // unit-cost-outlier
    for (const point of pointsOf(p)) {
      const group = medians.get(`${p.category}\u0000${point.unit}`);
      if (!group) continue;
      const high = cmp(point.cost, mul(group.median, factor)) > 0;
      const low = cmp(point.cost, div(group.median, factor)) < 0;
      if (!high && !low) continue;
      const unitCost = text(point.cost, SHOWN_PLACES);
      const shownMedian = text(group.median, SHOWN_PLACES);
      out.push({
        ...base,
        indicator: point.indicator.name,
        check: 'unit-cost-outlier',
        value: point.indicator.value,
        unit: point.indicator.unit,
        unitCost,
        median: shownMedian,
        ...said('indicator-unit-cost-outlier', {
          indicator: point.indicator.name,
          unit: point.unit,
          amountUnit: unit,
          unitCost,
          median: shownMedian,
          factor: model.indicators.unitCostFactor,
          peers: group.peers,
          high,
          category: category?.en ?? p.category,
          categoryZh: category?.zh ?? p.category,
        }),
      });
    }

    // amount-logic
    const amount = ratio(p.amount);
    const money = { ...none, unit: moneyWord(unit) };
    const paid = p.paid === undefined ? undefined : ratio(p.paid);
    const arranged = p.arranged === undefined ? undefined : ratio(p.arranged);
    if (paid && cmp(paid, amount) > 0) {
      out.push({
        ...base,
        ...money,
        check: 'amount-logic',
        value: p.paid!,
        ...said('logic-paid-above-amount', { paid: p.paid!, amount: p.amount, unit }),
      });
    } else if (paid && arranged && cmp(paid, arranged) > 0) {
      out.push({
        ...base,
        ...money,
        check: 'amount-logic',
        value: p.paid!,
        ...said('logic-paid-above-arranged', { paid: p.paid!, arranged: p.arranged!, unit }),
      });
    }
    if (arranged && cmp(arranged, amount) > 0) {
      out.push({
        ...base,
        ...money,
        check: 'amount-logic',
        value: p.arranged!,
        ...said('logic-arranged-above-amount', { arranged: p.arranged!, amount: p.amount, unit }),
      });
    }
    for (const i of output) {
      const perUnit = MONEY_UNITS.get(i.unit.trim()); // a Map: a unit written "valueOf" is no money unit
      if (perUnit === undefined) continue;
      // both in 元: value × (元 per its unit) against amount × (元 per the library's unit)
      if (cmp(mul(ratio(i.value), rat(perUnit)), mul(amount, rat(YUAN_PER_UNIT[unit]))) > 0) {
        out.push({
          ...base,
          ...none,
          indicator: i.name,
          check: 'amount-logic',
          value: i.value,
          unit: i.unit,
          ...said('logic-output-above-amount', { indicator: i.name, value: i.value, unit: i.unit, amount: p.amount, amountUnit: unit }),
        });
      }
    }
  }
  return out;
}

/** The summary of a list of findings over the projects given. */
export function indicatorSummary(projects: readonly StoredProject[], findings: readonly IndicatorFinding[]): IndicatorSummary {
  return { projects: projects.length, suspicious: new Set(findings.map((f) => f.project)).size, findings: findings.length };
}
