/**
 * Checks an evaluation model once, as a whole (points that add up, unique ids, tiers without overlaps or
 * gaps, a rule whose own maximum differs from its indicator's points only when it says so), and compiles
 * it into exact rationals. Every issue names its field by a JSON pointer under `base` ("/model" inline).
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { cmp, dec, eq, exactPlaces, Q, sum, text, ZERO } from '../../core/rational.js';
import { type PrepareContext, type PreparedRule, ruleKind, type RuleSpec, type Scale } from './rules/index.js';
import type { AdjustmentSpec, Bilingual, EvaluationModelSpec, GradesSpec, IndicatorSpec, RoundingSpec } from './types.js';

export const TABLE_POINTS = 100n;

export type { PreparedTier } from './tiers.js';
export type { NumericOptions } from './rules/numeric.js';
export type { PreparedRule } from './rules/index.js';
export type { PreparedItem } from './rules/checklist.js';

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
    { grade: '优', en: 'excellent', minimum: '90' },
    { grade: '良', en: 'good', minimum: '80' },
    { grade: '中', en: 'fair', minimum: '60' },
    { grade: '差', en: 'poor', minimum: '0' },
  ],
  source: 'Ministry of Finance grade bands [public], DOMAIN.md §6',
};

class Checker {
  readonly issues: Issue[] = [];
  readonly add = (i: Issue): void => {
    this.issues.push(i);
  };
}

export function prepareEvaluationModel(spec: EvaluationModelSpec, base = ''): PreparedEvaluationModel {
  const c = new Checker();
  const at = (...segments: (string | number)[]) => base + pointer(...segments);
  const defaultRounding = { ...DEFAULT_ROUNDING, ...spec.rounding };
  // the common duplicate-id; where the id came first is not said: the model may sit at /model, under
  // /overrides or be a file, and its checks run where that is not known (src/schema/evaluation.ts)
  const ids = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const first = ids.get(id);
    if (first !== undefined) c.add(issue(path + '/id', 'duplicate-id', { id: JSON.stringify(id) }));
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
      addsUp(
        c,
        points,
        inds.map((i) => i.points),
        gp + '/points',
        { en: 'indicators', zh: '三级指标' },
      );
      return { id: group.id, title: group.title, points, indicators: inds };
    });
    const points = positive(c, level.points, lp + '/points');
    addsUp(
      c,
      points,
      groups.map((g) => g.points),
      lp + '/points',
      { en: 'second-level groups', zh: '二级指标' },
    );
    return { id: level.id, title: level.title, points, groups };
  });
  const total = sum(levels.map((l) => l.points));
  if (!eq(total, { num: TABLE_POINTS, den: 1n })) {
    c.add(issue(at('levels'), 'evaluation-table-not-100', { total: text(total), points: String(TABLE_POINTS) }));
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
    version: spec.version ?? 'inline',
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
    c.add(issue(path + '/rounding/places', 'evaluation-points-places', { points: text(points), places, rounded: rounding.places }));
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
  if (cmp(x, ZERO) <= 0) c.add(issue(path, 'evaluation-points-not-positive'));
  return x;
}

function addsUp(c: Checker, points: Q, parts: Q[], path: string, what: Bilingual): void {
  const s = sum(parts);
  if (!eq(s, points)) c.add(issue(path, 'evaluation-points-do-not-add-up', { points: text(points), sum: text(s), parts: what.en, partsZh: what.zh }));
}

/** The rule compiled by its kind (rules/<kind>.ts), with the scale its raw scores are on (its `best`). */
function prepareRule(c: Checker, rule: RuleSpec, points: Q, path: string): PreparedRule {
  const outOf = rule.outOf === undefined ? undefined : dec(rule.outOf);
  if (outOf && cmp(outOf, ZERO) <= 0) c.add(issue(path + '/outOf', 'evaluation-out-of-not-positive'));
  const ctx: PrepareContext = {
    points,
    path,
    report: c.add,
    own(natural, what): Scale {
      if (outOf && !eq(outOf, natural)) {
        c.add(issue(path + '/outOf', 'evaluation-out-of-mismatch', { outOf: text(outOf), natural: text(natural), what: what.en, whatZh: what.zh }));
      } else if (!outOf && !eq(natural, points)) {
        c.add(issue(path, 'evaluation-rule-maximum-not-points', { natural: text(natural), points: text(points), what: what.en, whatZh: what.zh }));
      }
      return { best: natural, scaled: !eq(natural, points) };
    },
    fixedScale(): Scale {
      const best = outOf ?? points;
      return { best, scaled: !eq(best, points) };
    },
    positive: (value, p) => positive(c, value, p),
    prepareRule: (r, pts, p) => prepareRule(c, r, pts, p),
  };
  return ruleKind(rule.kind).prepare(rule, ctx) as PreparedRule;
}

function prepareGrades(c: Checker, grades: GradesSpec, path: string): PreparedGrades {
  const bands = grades.bands.map((b) => ({ grade: b.grade, en: b.en, min: dec(b.minimum) }));
  bands.forEach((b, i) => {
    if (i > 0 && cmp(b.min, bands[i - 1].min) >= 0) c.add(issue(`${path}/bands/${i}/minimum`, 'evaluation-grade-order'));
    if (bands.findIndex((x) => x.grade === b.grade) !== i) c.add(issue(`${path}/bands/${i}/grade`, 'evaluation-grade-duplicate', { grade: b.grade }));
  });
  if (bands.length === 0 || !eq(bands[bands.length - 1].min, ZERO)) c.add(issue(`${path}/bands`, 'evaluation-grade-no-zero'));
  return { basis: grades.basis, bands, ...(grades.source ? { source: grades.source } : {}) };
}
