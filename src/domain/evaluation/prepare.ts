/**
 * Checks an evaluation model once, as a whole (points that add up, unique ids, tiers without overlaps or
 * gaps, a rule whose own maximum differs from its indicator's points only when it says so), and compiles
 * it into exact rationals. Every issue names its field by a JSON pointer under `base` ("/model" inline).
 */
import { EngineError, Issue, pointer, pointerSegment } from '../../core/errors.js';
import { cmp, dec, eq, exactPlaces, ONE, Q, sum, text, ZERO } from './rational.js';
import { checkTierCoverage, prepareTier } from './tiers.js';
import type {
  AdjustmentSpec,
  Bilingual,
  EvaluationModelSpec,
  GradesSpec,
  IndicatorSpec,
  RoundingSpec,
  RuleSpec,
} from './types.js';

export const TABLE_POINTS = 100n;

export interface PreparedTier {
  readonly min?: Q;
  readonly minInclusive: boolean;
  readonly max?: Q;
  readonly maxInclusive: boolean;
  readonly score: Q;
}

export interface NumericOptions {
  readonly rate: boolean;
  readonly whenDenominatorZero?: 'full' | 'zero';
  readonly unit?: Bilingual;
}

/** A rule with its scale: raw scores run from 0 to `best`, then are scaled to the points (× points / best). */
export type PreparedRule = { readonly best: Q; readonly scaled: boolean } & (
  | ({ readonly kind: 'tiers'; readonly tiers: readonly PreparedTier[] } & NumericOptions)
  | ({ readonly kind: 'linear' | 'proportional'; readonly full: Q; readonly zero: Q } & NumericOptions)
  | { readonly kind: 'deductions' | 'occurrences'; readonly each: Q }
  | { readonly kind: 'yesNo'; readonly award: 'yes' | 'no' }
  | { readonly kind: 'choice'; readonly options: readonly (readonly [string, Q])[] }
  | { readonly kind: 'checklist'; readonly items: readonly PreparedItem[] }
);

export interface PreparedItem {
  readonly id: string;
  readonly title?: Bilingual;
  readonly points: Q;
  readonly rule: PreparedRule;
}

/** An indicator or a bonus/penalty item: what a value in the request is scored by. */
export interface Scorable {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: Q;
  readonly rule: PreparedRule;
  readonly rounding: Required<RoundingSpec>;
  readonly reading?: Bilingual;
  readonly source?: string;
}

export interface PreparedIndicator extends Scorable {
  readonly level: number;
  readonly group: number;
}

export interface PreparedAdjustment extends Scorable {
  readonly type: 'bonus' | 'penalty';
}

export interface PreparedGroup {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: Q;
  readonly indicators: readonly PreparedIndicator[];
}

export interface PreparedLevel {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: Q;
  readonly groups: readonly PreparedGroup[];
}

export interface PreparedGrades {
  readonly basis: 'exact' | 'rounded';
  readonly bands: readonly { readonly grade: string; readonly en: string; readonly min: Q }[];
  readonly source?: string;
}

export interface PreparedEvaluationModel {
  readonly id: string;
  readonly version: string;
  readonly levels: readonly PreparedLevel[];
  readonly indicators: readonly PreparedIndicator[];
  readonly adjustments: readonly PreparedAdjustment[];
  readonly points: Q;
  readonly grades: PreparedGrades;
  readonly totalRounding: { readonly places: number; readonly mode: RoundingSpec['mode'] };
}

export const DEFAULT_ROUNDING: Required<RoundingSpec> = { places: 2, mode: 'halfUp', of: 'score' };

/** Ministry of Finance bands [public]: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60, read as 80 ≤ total < 90 etc. */
export const DEFAULT_GRADES: GradesSpec = {
  basis: 'exact',
  bands: [
    { grade: '优', en: 'excellent', min: '90' },
    { grade: '良', en: 'good', min: '80' },
    { grade: '中', en: 'fair', min: '60' },
    { grade: '差', en: 'poor', min: '0' },
  ],
  source: 'Ministry of Finance grade bands [public], DOMAIN.md §6',
};

class Checker {
  readonly issues: Issue[] = [];
  add(path: string, en: string, zh: string): void {
    this.issues.push({ path, en, zh });
  }
}

export function prepareEvaluationModel(spec: EvaluationModelSpec, base = ''): PreparedEvaluationModel {
  const c = new Checker();
  const at = (...segments: (string | number)[]) => base + pointer(...segments);
  const defaultRounding = { ...DEFAULT_ROUNDING, ...spec.rounding };
  const ids = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const first = ids.get(id);
    if (first !== undefined) c.add(path + '/id', `id "${id}" is used twice (also at ${first}); ids must be unique in the model.`, `编号 "${id}" 重复（另见 ${first}）；模型内编号必须唯一。`);
    else ids.set(id, path);
  };

  const indicators: PreparedIndicator[] = [];
  const levels: PreparedLevel[] = spec.levels.map((level, li) => {
    const lp = at('levels', li);
    claim(level.id, lp);
    const groups: PreparedGroup[] = level.groups.map((group, gi) => {
      const gp = `${lp}/groups/${gi}`;
      claim(group.id, gp);
      const inds = group.indicators.map((ind, ii) => {
        const ip = `${gp}/indicators/${ii}`;
        claim(ind.id, ip);
        const prepared = { ...scorable(c, ind, ip, defaultRounding), level: li, group: gi };
        indicators.push(prepared);
        return prepared;
      });
      const points = positive(c, group.points, gp + '/points');
      addsUp(c, points, inds.map((i) => i.points), gp + '/points', 'indicators', '三级指标');
      return { id: group.id, title: group.title, points, indicators: inds };
    });
    const points = positive(c, level.points, lp + '/points');
    addsUp(c, points, groups.map((g) => g.points), lp + '/points', 'second-level groups', '二级指标');
    return { id: level.id, title: level.title, points, groups };
  });
  const total = sum(levels.map((l) => l.points));
  if (!eq(total, { num: TABLE_POINTS, den: 1n })) {
    c.add(at('levels'), `the first-level indicators add up to ${text(total)} points, not ${TABLE_POINTS}; a table has 100 points (bonus and penalty items go in "adjustments").`, `一级指标分值合计 ${text(total)} 分，不等于 ${TABLE_POINTS} 分；指标表满分须为 100 分（加分、扣分项请放在 "adjustments" 中）。`);
  }

  const adjustments: PreparedAdjustment[] = (spec.adjustments ?? []).map((adj: AdjustmentSpec, ai) => {
    const ap = at('adjustments', ai);
    claim(adj.id, ap);
    return { ...scorable(c, adj, ap, defaultRounding), type: adj.type };
  });

  const grades = prepareGrades(c, spec.grades ?? DEFAULT_GRADES, at('grades'));
  if (c.issues.length > 0) throw new EngineError(c.issues);
  return {
    id: spec.id ?? 'inline',
    version: spec.version ?? '1',
    levels,
    indicators,
    adjustments,
    points: total,
    grades,
    totalRounding: spec.totalRounding ?? { places: 2, mode: 'halfUp' },
  };
}

function scorable(c: Checker, spec: IndicatorSpec | AdjustmentSpec, path: string, fallback: Required<RoundingSpec>): Scorable {
  const points = positive(c, spec.points, path + '/points');
  const rounding = { ...fallback, ...spec.rounding };
  const places = exactPlaces(points) ?? 0;
  if (places > rounding.places) {
    c.add(path + '/rounding/places', `the points ${text(points)} have ${places} decimals but scores are rounded to ${rounding.places}: a rounded score could pass the points; round to at least ${places} places.`, `分值 ${text(points)} 有 ${places} 位小数，而得分只保留 ${rounding.places} 位，舍入后可能超过分值；请至少保留 ${places} 位小数。`);
  }
  return {
    id: spec.id,
    title: spec.title,
    points,
    rule: prepareRule(c, spec.rule, points, path + '/rule'),
    rounding,
    ...(spec.reading ? { reading: spec.reading } : {}),
    ...(spec.source ? { source: spec.source } : {}),
  };
}

function positive(c: Checker, value: string | number, path: string): Q {
  const x = dec(value);
  if (cmp(x, ZERO) <= 0) c.add(path, 'points must be greater than 0.', '分值必须大于 0。');
  return x;
}

function addsUp(c: Checker, points: Q, parts: Q[], path: string, en: string, zh: string): void {
  const s = sum(parts);
  if (!eq(s, points)) {
    c.add(path, `is ${text(points)} but its ${en} add up to ${text(s)}; make the points add up.`, `为 ${text(points)} 分，但其下${zh}分值合计 ${text(s)} 分；请使分值相加一致。`);
  }
}

/** The rule compiled, with the scale its raw scores are on (its `best`) and whether that differs from the points. */
function prepareRule(c: Checker, rule: RuleSpec, points: Q, path: string): PreparedRule {
  const outOf = rule.outOf === undefined ? undefined : dec(rule.outOf);
  if (outOf && cmp(outOf, ZERO) <= 0) c.add(path + '/outOf', 'must be greater than 0.', '必须大于 0。');
  /** tiers, choices and checklists carry their own maximum: it must be the points, or be stated as outOf */
  const own = (natural: Q, what: { en: string; zh: string }) => {
    if (outOf && !eq(outOf, natural)) {
      c.add(path + '/outOf', `is ${text(outOf)} but the ${what.en} give at most ${text(natural)}; outOf states the rule's own maximum.`, `为 ${text(outOf)}，但${what.zh}最高为 ${text(natural)}；outOf 应为规则本身的最高分。`);
    } else if (!outOf && !eq(natural, points)) {
      c.add(path, `the ${what.en} give at most ${text(natural)} but the indicator is worth ${text(points)}: add "outOf": "${text(natural)}" to scale scores to the points (as evaluators do), or fix the ${what.en}.`, `${what.zh}最高为 ${text(natural)} 分，而该指标分值为 ${text(points)} 分：请加上 "outOf": "${text(natural)}" 按分值折算（评价实务做法），或修改${what.zh}。`);
    }
    return { best: natural, scaled: !eq(natural, points) };
  };
  const fixedScale = () => {
    const best = outOf ?? points;
    return { best, scaled: !eq(best, points) };
  };
  const numeric = (r: { rate?: boolean; whenDenominatorZero?: 'full' | 'zero'; unit?: Bilingual }): NumericOptions => {
    if (r.whenDenominatorZero && !r.rate) c.add(path + '/whenDenominatorZero', 'applies to rates only: add "rate": true or drop it.', '只适用于比率：请加上 "rate": true 或删除该字段。');
    return { rate: r.rate ?? false, ...(r.whenDenominatorZero ? { whenDenominatorZero: r.whenDenominatorZero } : {}), ...(r.unit ? { unit: r.unit } : {}) };
  };
  const inRate = (x: Q, p: string, isRate: boolean | undefined) => {
    if (isRate && (cmp(x, ZERO) < 0 || cmp(x, ONE) > 0)) {
      c.add(p, `a rate bound is a fraction between 0 and 1 ("0.85" for 85%); got ${text(x)}.`, `比率的界限应为 0 到 1 之间的小数（85% 写作 "0.85"），实际为 ${text(x)}。`);
    }
  };

  switch (rule.kind) {
    case 'tiers': {
      const report = c.add.bind(c);
      const tiers = rule.tiers.map((t, i) => prepareTier(report, t, `${path}/tiers/${i}`, rule.rate));
      checkTierCoverage(report, tiers, path + '/tiers', rule.rate ?? false);
      const natural = tiers.reduce((m, t) => (cmp(t.score, m) > 0 ? t.score : m), ZERO);
      return { kind: 'tiers', tiers, ...numeric(rule), ...own(natural, { en: 'tiers', zh: '各档' }) };
    }
    case 'linear':
    case 'proportional': {
      const full = dec(rule.full);
      const zero = dec(rule.zero);
      inRate(full, path + '/full', rule.rate);
      inRate(zero, path + '/zero', rule.rate);
      if (rule.kind === 'linear' && eq(full, zero)) c.add(path + '/zero', 'must differ from "full": between them the score runs pro rata.', '必须与 "full" 不同：两者之间按比例计分。');
      if (rule.kind === 'proportional') {
        if (cmp(zero, ZERO) < 0) c.add(path + '/zero', 'must not be negative.', '不能为负数。');
        if (cmp(zero, full) >= 0) c.add(path + '/zero', `must be below "full" (${text(full)}): full marks at or above "full", pro rata from "zero", nothing below it.`, `必须小于 "full"（${text(full)}）：达到 "full" 得满分，"zero" 至 "full" 之间按比例得分，低于 "zero" 不得分。`);
      }
      return { kind: rule.kind, full, zero, ...numeric(rule), ...fixedScale() };
    }
    case 'deductions':
    case 'occurrences': {
      const each = dec(rule.each);
      if (cmp(each, ZERO) <= 0) c.add(path + '/each', 'must be greater than 0.', '必须大于 0。');
      return { kind: rule.kind, each, ...fixedScale() };
    }
    case 'yesNo':
      return { kind: 'yesNo', award: rule.award ?? 'yes', ...fixedScale() };
    case 'choice': {
      const options = Object.entries(rule.options).map(([k, v]) => {
        const x = dec(v);
        if (cmp(x, ZERO) < 0) c.add(`${path}/options/${pointerSegment(k)}`, 'must not be negative.', '不能为负数。');
        return [k, x] as const;
      });
      if (options.length === 0) c.add(path + '/options', 'needs at least one option.', '至少需要一个选项。');
      const natural = options.reduce((m, [, x]) => (cmp(x, m) > 0 ? x : m), ZERO);
      return { kind: 'choice', options, ...own(natural, { en: 'options', zh: '各选项' }) };
    }
    case 'checklist': {
      const seen = new Set<string>();
      const items = rule.items.map((item, i) => {
        const ip = `${path}/items/${i}`;
        if (seen.has(item.id)) c.add(ip + '/id', `item id "${item.id}" is used twice in this checklist.`, `检查项编号 "${item.id}" 在该清单中重复。`);
        seen.add(item.id);
        const itemPoints = positive(c, item.points, ip + '/points');
        return { id: item.id, ...(item.title ? { title: item.title } : {}), points: itemPoints, rule: prepareRule(c, item.rule, itemPoints, ip + '/rule') };
      });
      return { kind: 'checklist', items, ...own(sum(items.map((i) => i.points)), { en: 'items', zh: '各检查项分值合计' }) };
    }
  }
}

function prepareGrades(c: Checker, grades: GradesSpec, path: string): PreparedGrades {
  const bands = grades.bands.map((b) => ({ grade: b.grade, en: b.en, min: dec(b.min) }));
  bands.forEach((b, i) => {
    if (i > 0 && cmp(b.min, bands[i - 1].min) >= 0) c.add(`${path}/bands/${i}/min`, 'bands go from the highest to the lowest "min", each lower than the one before.', '各等级按 "min" 从高到低排列，每一档须低于前一档。');
    if (bands.findIndex((x) => x.grade === b.grade) !== i) c.add(`${path}/bands/${i}/grade`, `grade "${b.grade}" is listed twice.`, `等级 "${b.grade}" 重复。`);
  });
  if (bands.length === 0 || !eq(bands[bands.length - 1].min, ZERO)) {
    c.add(`${path}/bands`, 'the lowest band must start at 0 so every total has a grade.', '最低一档须从 0 分起，使任何总分都有等级。');
  }
  return { basis: grades.basis, bands, ...(grades.source ? { source: grades.source } : {}) };
}
