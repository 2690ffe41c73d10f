/** proportional: full marks at or above `full`; points × value / full from `zero` up; zero below `zero`. */
import { issue } from '../../../messages/index.js';
import { approx, cmp, div, eq, mul, ONE, Q, sub, text, ZERO } from '../../../core/rational.js';
import { show } from '../text.js';
import { readNumber } from '../values.js';
import type { RuleKind } from './index.js';
import { type NumericOptions, type NumericSpec, numericOptions, type OutOf, fullAndZero } from './numeric.js';

export type ProportionalSpec = { readonly kind: 'proportional'; readonly full: string | number; readonly zero: string | number } & NumericSpec & OutOf;
export type PreparedProportional = { readonly kind: 'proportional'; readonly full: Q; readonly zero: Q } & NumericOptions;

const n = (x: Q) => approx(x);

export const proportional: RuleKind<ProportionalSpec, PreparedProportional> = {
  kind: 'proportional',
  hint: { en: 'the measured value', zh: '实测值' },
  prepare(rule, ctx) {
    const { full, zero } = fullAndZero(rule, ctx);
    if (cmp(zero, ZERO) < 0) ctx.report(issue(ctx.path + '/zero', 'evaluation-negative'));
    if (cmp(zero, full) >= 0) ctx.report(issue(ctx.path + '/zero', 'evaluation-proportional-zero-not-below-full', { full: text(full) }));
    return { kind: 'proportional', full, zero, ...numericOptions(rule, ctx), ...ctx.fixedScale() };
  },
  read: (rule, value, path, ctx) => readNumber(rule, value, path, ctx.issues, false),
  score(rule, m) {
    if (m.kind !== 'number') return undefined;
    const best = rule.best;
    const full = show(rule.full, rule);
    const zero = show(rule.zero, rule);
    if (cmp(m.x, rule.full) >= 0)
      return { raw: best, why: { en: `${m.shown.en} ≥ ${full.en}: full marks, ${n(best)}`, zh: `${m.shown.zh} ≥ ${full.zh}：得满分 ${n(best)} 分` } };
    if (cmp(m.x, rule.zero) < 0) return { raw: ZERO, why: { en: `${m.shown.en} < ${zero.en}: 0`, zh: `${m.shown.zh} < ${zero.zh}：得 0 分` } };
    const raw = div(mul(best, m.x), rule.full);
    const formula = eq(rule.full, ONE) ? `${n(best)} × ${show(m.x, rule).en}` : `${n(best)} × ${show(m.x, rule).en} / ${full.en}`;
    return {
      raw,
      why: {
        en: `${m.shown.en} is between ${zero.en} and ${full.en}: pro rata ${formula} = ${n(raw)}, ${n(sub(best, raw))} short of full marks`,
        zh: `${m.shown.zh} 在 ${zero.zh} 与 ${full.zh} 之间：按比例 ${formula} = ${n(raw)} 分，比满分少 ${n(sub(best, raw))} 分`,
      },
    };
  },
};
