/**
 * Performance evaluation (绩效评价): an indicator table and the measured values → each indicator's score
 * with its reason, subtotals per level and group, the total (rescaled to 100 when indicators do not apply),
 * bonus and penalty points, and the grade. Exact throughout: scores are rationals until each indicator's
 * stated rounding, and the subtotals and total are exact sums of the rounded scores.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { grade, GradeResult } from './grade.js';
import { scoreIndicator } from './indicator.js';
import type { PreparedEvaluationModel, PreparedRule, Scorable } from './prepare.js';
import { approx, Q, sub, sum, text, ZERO } from '../../core/rational.js';
import { total } from './total.js';
import type { Bilingual, RoundingSpec } from './types.js';
import { isNotApplicable } from './values.js';
import { issue } from '../../messages/index.js';
import { own } from '../../core/records.js';

export { prepareEvaluationModel } from './prepare.js';
export type { PreparedEvaluationModel } from './prepare.js';
export type { EvaluationModelSpec } from './types.js';

export interface EvaluationInput {
  readonly model: PreparedEvaluationModel;
  /** indicator or bonus/penalty id → measured value; null or "n/a" when an indicator does not apply */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface RoundingApplied extends Required<RoundingSpec> {
  /** whether rounding changed the score */
  readonly applied: boolean;
}

export interface IndicatorResult {
  readonly id: string;
  readonly name: Bilingual;
  /** ids from the top: the first-level indicator, the second-level group */
  readonly path: readonly string[];
  readonly points: string;
  readonly applicable: boolean;
  readonly value: unknown;
  /** null when the indicator does not apply */
  readonly score: string | null;
  readonly deducted: string | null;
  /** the score before rounding (after scaling), when rounding changed it */
  readonly unrounded?: string;
  readonly rule: PreparedRule['kind'];
  readonly rounding: RoundingApplied;
  readonly reason: Bilingual;
  readonly reading?: Bilingual;
  readonly source?: string;
}

export interface AdjustmentResult {
  readonly id: string;
  readonly name: Bilingual;
  readonly type: 'bonus' | 'penalty';
  readonly points: string;
  readonly value: unknown;
  readonly score: string;
  readonly unrounded?: string;
  readonly rule: PreparedRule['kind'];
  readonly rounding: RoundingApplied;
  readonly reason: Bilingual;
  readonly reading?: Bilingual;
  readonly source?: string;
}

export interface Subtotal {
  readonly id: string;
  readonly name: Bilingual;
  readonly points: string;
  /** points of the indicators that apply */
  readonly applicablePoints: string;
  readonly score: string;
  readonly deducted: string;
}

export interface LevelResult extends Subtotal {
  readonly groups: readonly Subtotal[];
}

export interface EvaluationResult {
  readonly model: { readonly id: string; readonly version: string };
  readonly indicators: readonly IndicatorResult[];
  /** subtotals per first-level indicator (一级指标) and its groups: the indicator table's sections */
  readonly sections: readonly LevelResult[];
  readonly adjustments: readonly AdjustmentResult[];
  readonly points: string;
  readonly applicablePoints: string;
  /** Σ indicator scores (exact: each score is already rounded) */
  readonly sum: string;
  /** when indicators do not apply: sum × 100 / applicable points */
  readonly rescaled?: { readonly total: string; readonly exact: string; readonly reason: Bilingual };
  readonly bonus: string;
  readonly penalty: string;
  /** (rescaled) sum + bonus − penalty, not below 0, shown with the model's total rounding */
  readonly total: string;
  readonly totalReason: Bilingual;
  readonly grade: GradeResult;
}

const MAX_LISTED = 12;

export function evaluate(input: EvaluationInput): EvaluationResult {
  const { model, values } = input;
  const issues: Issue[] = [];
  unknownKeys(model, values, issues);

  const scores = new Map<string, { score: Q; exact: Q; rounded: boolean; reason: Bilingual } | null>();
  for (const ind of model.indicators) {
    const path = pointer('values', ind.id);
    if (!Object.hasOwn(values, ind.id)) {
      issues.push(issue(path, 'evaluation-value-missing', { en: ind.title.en, zh: ind.title.zh }));
      continue;
    }
    const value = values[ind.id];
    if (isNotApplicable(value)) scores.set(ind.id, null);
    else {
      const s = scoreIndicator(ind, value, path, issues);
      if (s) scores.set(ind.id, s);
    }
  }
  const adjustments = model.adjustments.map((adj) => {
    const has = Object.hasOwn(values, adj.id) && !isNotApplicable(values[adj.id]);
    return { adj, scored: has ? scoreIndicator(adj, values[adj.id], pointer('values', adj.id), issues) : undefined, has };
  });
  const applicable = model.indicators.filter((i) => scores.get(i.id) !== null);
  if (model.indicators.length > 0 && applicable.length === 0) {
    issues.push(issue('/values', 'evaluation-nothing-applies'));
  }
  if (issues.length > 0) throw new EngineError(issues);

  const indicators: IndicatorResult[] = model.indicators.map((ind) => {
    const s = scores.get(ind.id)!;
    const level = model.levels[ind.level];
    const group = level.groups[ind.group];
    return {
      id: ind.id,
      name: ind.title,
      path: [level.id, group.id],
      points: text(ind.points),
      applicable: s !== null,
      value: echo(ind.rule, values[ind.id]),
      score: s ? text(s.score) : null,
      deducted: s ? text(sub(ind.points, s.score)) : null,
      ...(s?.rounded ? { unrounded: approx(s.exact) } : {}),
      rule: ind.rule.kind,
      rounding: { ...ind.rounding, applied: s?.rounded ?? false },
      reason: s
        ? s.reason
        : {
            en: `not applicable (value ${JSON.stringify(values[ind.id])}): left out, and its ${text(ind.points)} points leave the applicable total.`,
            zh: `不适用（取值 ${JSON.stringify(values[ind.id])}）：不计分，其 ${text(ind.points)} 分不计入应得总分。`,
          },
      ...(ind.reading ? { reading: ind.reading } : {}),
      ...(ind.source ? { source: ind.source } : {}),
    };
  });

  const subtotal = (id: string, title: Bilingual, points: Q, inds: readonly Scorable[]): Subtotal => {
    const scored = inds.map((i) => scores.get(i.id)).filter((s) => s) as { score: Q }[];
    const appl = sum(inds.filter((i) => scores.get(i.id) !== null).map((i) => i.points));
    const score = sum(scored.map((s) => s.score));
    return { id, name: title, points: text(points), applicablePoints: text(appl), score: text(score), deducted: text(sub(appl, score)) };
  };
  const sections: LevelResult[] = model.levels.map((l) => ({
    ...subtotal(
      l.id,
      l.title,
      l.points,
      l.groups.flatMap((g) => g.indicators),
    ),
    groups: l.groups.map((g) => subtotal(g.id, g.title, g.points, g.indicators)),
  }));

  const adjResults: AdjustmentResult[] = adjustments.map(({ adj, scored, has }) => ({
    id: adj.id,
    name: adj.title,
    type: adj.type,
    points: text(adj.points),
    value: has ? echo(adj.rule, values[adj.id]) : null,
    score: text(scored?.score ?? ZERO),
    ...(scored?.rounded ? { unrounded: approx(scored.exact) } : {}),
    rule: adj.rule.kind,
    rounding: { ...adj.rounding, applied: scored?.rounded ?? false },
    reason: scored
      ? scored.reason
      : { en: `no value given: no ${adj.type === 'bonus' ? 'bonus' : 'penalty'}.`, zh: `未提供取值：不${adj.type === 'bonus' ? '加' : '扣'}分。` },
    ...(adj.reading ? { reading: adj.reading } : {}),
    ...(adj.source ? { source: adj.source } : {}),
  }));
  const bonus = sum(adjustments.filter((a) => a.adj.type === 'bonus').map((a) => a.scored?.score ?? ZERO));
  const penalty = sum(adjustments.filter((a) => a.adj.type === 'penalty').map((a) => a.scored?.score ?? ZERO));
  const applicablePoints = sum(applicable.map((i) => i.points));
  const scoreSum = sum(applicable.map((i) => (scores.get(i.id) as { score: Q }).score));
  const t = total({
    points: model.points,
    applicablePoints,
    sum: scoreSum,
    notApplicable: model.indicators.length - applicable.length,
    bonus,
    penalty,
    rounding: model.totalRounding,
  });

  return {
    model: { id: model.id, version: model.version },
    indicators,
    sections,
    adjustments: adjResults,
    points: text(model.points),
    applicablePoints: text(applicablePoints),
    sum: text(scoreSum),
    ...(t.rescaled ? { rescaled: t.rescaled } : {}),
    bonus: text(bonus),
    penalty: text(penalty),
    total: text(t.shown),
    totalReason: t.reason,
    grade: grade(model.grades, model.grades.basis, t.exact, t.shown),
  };
}

function unknownKeys(model: PreparedEvaluationModel, values: Readonly<Record<string, unknown>>, issues: Issue[]): void {
  const known = new Set([...model.indicators.map((i) => i.id), ...model.adjustments.map((a) => a.id)]);
  const containers = new Map<string, string>();
  for (const l of model.levels) {
    containers.set(l.id, l.title.zh);
    for (const g of l.groups) containers.set(g.id, g.title.zh);
  }
  const list = [...known].slice(0, MAX_LISTED).join(', ') + (known.size > MAX_LISTED ? ', …' : '');
  for (const key of Object.keys(values)) {
    if (known.has(key)) continue;
    const container = containers.get(key);
    issues.push(
      container !== undefined
        ? issue(pointer('values', key), 'evaluation-value-is-container', { key, title: container })
        : // the common code of an id that refers to nothing, as on every route
          issue(pointer('values', key), 'unknown-reference', { id: key, what: 'indicator', what_zh: '指标', list: `${model.id} (${list})` }),
    );
  }
}

/** The value as read: a checklist's items in the model's order, so key order in the request never shows. */
function echo(rule: PreparedRule, value: unknown): unknown {
  if (rule.kind !== 'checklist' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  return Object.fromEntries(rule.items.map((i) => [i.id, echo(i.rule, own(v, i.id))]));
}
