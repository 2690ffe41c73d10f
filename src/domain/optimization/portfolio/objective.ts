/**
 * The objective of a project portfolio (kind 2): value_p = Σ_m weight_m × benefit_pm (or the cost for
 * `amount`, 1 for `count`), times the funded fraction; and its stages — one per priority class present
 * ("三个优先", seed 002) when lexicographic, else one — with what each stage maximises.
 */
import { pointer } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { parseDecimal, pow10, ratioOf, toText, type Ratio, type Scaled } from '../../../core/money.js';
import type { Issues, Library, Project } from '../funding/input.js';
import { valueTerm, type Amounts } from '../funding/model.js';
import type { Words } from '../funding/result.js';
import { unitName } from '../funding/result.js';
import type { LpTerm } from '../solver/model.js';
import type { PortfolioInput } from '../problems.js';
import { type Rational, Sum, ZERO, mul, rat } from '../../../core/rational.js';

export type PriorityClass = 1 | 2 | 3 | null;
export const CLASSES: readonly PriorityClass[] = [1, 2, 3, null];

export interface Objective {
  /** value_p by project index */
  readonly value: Rational[];
  readonly mode: 'lexicographic' | 'weighted' | 'none';
  readonly classWeight: (c: PriorityClass) => Rational;
  /** what one unit of the objective is, for marginal values */
  readonly measure: Words;
}

export function readObjective(input: PortfolioInput, issues: Issues): Omit<Objective, 'value'> & { weights: Map<string, Ratio> | 'amount' | 'count' } {
  const o = input.objective;
  const unit = unitName(input.unit);
  let weights: Map<string, Ratio> | 'amount' | 'count';
  let measure: Words;
  if (o.maximize === 'amount' || o.maximize === 'count') {
    weights = o.maximize;
    measure = o.maximize === 'amount' ? { en: `${unit.en} of funded projects`, zh: `${unit.zh}项目资金` } : { en: 'project equivalents', zh: '折算项目数' };
  } else {
    weights = new Map();
    const known = new Set(input.projects.flatMap((p) => Object.keys(p.benefits ?? {})));
    const entries = Object.entries(o.maximize ?? {});
    if (entries.length === 0) {
      issues.add(issue('/objective/maximize', 'optimization-maximize-empty'));
    }
    for (const [m, w] of entries) {
      const at = pointer('objective', 'maximize', m);
      const d = issues.decimal(w, at, { en: `the weight of "${m}"`, zh: `指标 "${m}" 的权重` });
      if (!known.has(m)) {
        issues.add(issue(at, 'optimization-measure-unknown', { measure: m }));
      }
      if (d) weights.set(m, ratioOf(d));
    }
    const record = o.maximize;
    const pairs = [...weights];
    const part = (lang: 'en' | 'zh') =>
      pairs.map(([m, w]) => {
        const name = measureName(input.measures, m)[lang];
        return w.num === w.den ? name : `${toText(parseDecimal(record[m])!)} × ${name}`;
      });
    const en = part('en');
    const zh = part('zh');
    measure =
      weights.size === 1 && [...weights.values()][0].num === [...weights.values()][0].den
        ? { en: en[0], zh: zh[0] }
        : { en: `objective points (${en.join(' + ')})`, zh: `目标值（${zh.join(' + ')}）` };
  }
  const mode = o.priorities ?? 'lexicographic';
  if (mode !== 'lexicographic' && mode !== 'weighted' && mode !== 'none') {
    issues.add(issue('/objective/priorities', 'optimization-priorities', { shown: JSON.stringify(mode) ?? String(mode) }));
  }
  const classWeights = new Map<PriorityClass, Ratio>();
  for (const [key, w] of Object.entries(o.priorityWeights ?? {})) {
    const at = pointer('objective', 'priorityWeights', key);
    if (key !== '1' && key !== '2' && key !== '3') {
      issues.add(issue(at, 'optimization-priority-weight-class', { key }));
      continue;
    }
    const d = issues.decimal(w, at, { en: `the weight of priority class ${key}`, zh: `优先级 ${key} 的权重` });
    if (d) classWeights.set(Number(key) as 1 | 2 | 3, ratioOf(d));
  }
  return { weights, mode, classWeight: (c) => (mode === 'weighted' ? (classWeights.get(c) ?? rat(1n)) : rat(1n)), measure };
}

/** Names of common benefit measures, where the request names none. */
const MEASURE_NAMES: Readonly<Record<string, Words>> = {
  beneficiaries: { en: 'beneficiaries', zh: '受益人数' },
  monitoredHouseholds: { en: 'monitored households', zh: '监测户数' },
};

/**
 * What a benefit measure is called in each language: the request's `measures`, else a common measure's
 * name, else its id (quoted “…” in Chinese text, so no bare English word sits in a Chinese sentence).
 */
export function measureName(named: PortfolioInput['measures'], id: string): Words {
  const given = named && Object.hasOwn(named, id) ? named[id] : undefined;
  const known = Object.hasOwn(MEASURE_NAMES, id) ? MEASURE_NAMES[id] : undefined;
  return { en: given?.en ?? known?.en ?? id, zh: given?.zh ?? known?.zh ?? `“${id}”` };
}

/** A whole project's value; `amount` is its cost in the request's unit (costs are held in granules). */
export function projectValue(p: Project, weights: Map<string, Ratio> | 'amount' | 'count', granularity: Scaled): Rational {
  if (weights === 'amount') return rat(p.cost * granularity.coefficient, pow10(granularity.scale));
  if (weights === 'count') return rat(1n);
  const v = new Sum();
  for (const [m, w] of weights) {
    const b = p.benefits.get(m);
    if (b) v.addProduct(b, w);
  }
  return v.value();
}

/** Which projects a stage maximises over: one priority class, or all (`undefined`). */
export type StageKey = PriorityClass | undefined;

export function stageValue(objective: Objective, p: Project, key: StageKey): Rational {
  return key !== undefined && p.priority !== key ? ZERO : mul(objective.value[p.index], objective.classWeight(p.priority));
}

/** A stage's objective terms: value × funded fraction of its projects, priority-weighted. */
export function stageTerms(lib: Library, objective: Objective, key: StageKey, amounts: Amounts, only?: (p: Project) => boolean): LpTerm[] {
  const terms: LpTerm[] = [];
  for (const p of lib.projects) {
    if (p.eligible.length === 0 || (only && !only(p))) continue;
    const v = stageValue(objective, p, key);
    if (v.num !== 0n) terms.push(valueTerm(p, v, amounts));
  }
  return terms;
}

/** The most a stage can reach: every project of its class funded in full. */
export function stageUpper(lib: Library, objective: Objective, key: StageKey): Rational | undefined {
  if (key === undefined) return undefined;
  const sum = new Sum();
  for (const p of lib.projects) if (p.eligible.length > 0) sum.add(stageValue(objective, p, key));
  return sum.value();
}

const rank = (c: PriorityClass) => c ?? 4;

/**
 * Projects a lexicographic stage may leave out: those of later classes that can only use up money (they
 * are not in the stage's objective or its keep rows, and funding them never helps a budget, cap or floor
 * unless they are industry projects a floored source may pay for). Leaving them out (funded 0) changes no
 * stage optimum and makes the early stages smaller; the last stage has them all.
 */
export function idleIn(lib: Library, key: StageKey): Set<number> | undefined {
  if (key === undefined) return undefined;
  const helps = (p: Project) => p.share === 'industry' && p.eligible.some((s) => lib.sources[s].floor !== null);
  return new Set(lib.projects.filter((p) => !p.mandatory && rank(p.priority) > rank(key) && !helps(p)).map((p) => p.index));
}

export const stageName = (key: StageKey) => (key === undefined ? 'all' : `priority${key ?? 'None'}`);
