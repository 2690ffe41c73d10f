/**
 * One indicator (or bonus/penalty item) scored: the rule's raw score, scaled to the indicator's points when
 * the rule's own maximum differs (the seed's reading), then rounded as the indicator states — the score
 * itself, or the points deducted (seed 004: 0.4896 deducted is written 0.5).
 */
import type { Issue } from '../../core/errors.js';
import type { Scorable } from './prepare.js';
import { approx, div, eq, mul, Q, round, sub } from '../../core/rational.js';
import { readValue, scoreRule } from './rules/index.js';
import { join, roundingText } from './text.js';
import type { Bilingual } from './types.js';

export interface Scored {
  /** rounded: what the table shows and the subtotals add */
  readonly score: Q;
  /** before rounding (after scaling) */
  readonly exact: Q;
  readonly rounded: boolean;
  readonly reason: Bilingual;
}

const n = (x: Q) => approx(x);

export function scoreIndicator(ind: Scorable, value: unknown, path: string, issues: Issue[]): Scored | undefined {
  const measured = readValue(ind.rule, value, path, issues);
  if (!measured) return undefined;
  const out = scoreRule(ind.rule, measured, path, issues);
  if (!out) return undefined;
  const parts: Bilingual[] = [out.why];
  let exact = out.raw;
  if (ind.rule.scaled) {
    exact = div(mul(out.raw, ind.points), ind.rule.best);
    parts.push({
      en: `the rule gives at most ${n(ind.rule.best)}, scaled to the indicator's ${n(ind.points)} points: ${n(out.raw)} × ${n(ind.points)} / ${n(ind.rule.best)} = ${n(exact)}`,
      zh: `规则最高 ${n(ind.rule.best)} 分，按指标分值 ${n(ind.points)} 分折算：${n(out.raw)} × ${n(ind.points)} / ${n(ind.rule.best)} = ${n(exact)} 分`,
    });
  }
  const { places, mode, of } = ind.rounding;
  const how = roundingText({ places, mode });
  let score: Q;
  if (of === 'deduction') {
    const lost = sub(ind.points, exact);
    const lostRounded = round(lost, places, mode);
    score = sub(ind.points, lostRounded);
    if (!eq(lost, lostRounded)) {
      parts.push({
        en: `the deduction ${n(lost)} ${how.en} is ${n(lostRounded)}: ${n(ind.points)} − ${n(lostRounded)} = ${n(score)}`,
        zh: `扣分 ${n(lost)} ${how.zh}为 ${n(lostRounded)}：${n(ind.points)} − ${n(lostRounded)} = ${n(score)} 分`,
      });
    }
  } else {
    score = round(exact, places, mode);
    if (!eq(score, exact)) parts.push({ en: `${n(exact)} ${how.en} is ${n(score)}`, zh: `${n(exact)} ${how.zh}为 ${n(score)} 分` });
  }
  const why = join(parts);
  return {
    score,
    exact,
    rounded: !eq(score, exact),
    reason: { en: `${why.en}. Score ${n(score)} of ${n(ind.points)}.`, zh: `${why.zh}。得 ${n(score)} 分（满分 ${n(ind.points)} 分）。` },
  };
}
