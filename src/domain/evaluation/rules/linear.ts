/**
 * linear: full marks at `full`, zero at `zero`, pro rata between (either direction); a value may come as
 * amount-weighted tranches (按资金量和时长加权), each scored on its own and weighted by its amount.
 */
import { issue } from '../../../messages/index.js';
import { approx, clamp, cmp, div, eq, mul, ONE, percent, Q, sub, sum, ZERO } from '../../../core/rational.js';
import { join, show } from '../text.js';
import type { Bilingual } from '../types.js';
import { readNumber } from '../values.js';
import type { Outcome, RuleKind } from './index.js';
import { type NumericOptions, type NumericSpec, numericOptions, type OutOf, fullAndZero } from './numeric.js';

export type LinearSpec = { readonly kind: 'linear'; readonly full: string | number; readonly zero: string | number } & NumericSpec & OutOf;
export type PreparedLinear = { readonly kind: 'linear'; readonly full: Q; readonly zero: Q } & NumericOptions;

const n = (x: Q) => approx(x);

export const linear: RuleKind<LinearSpec, PreparedLinear> = {
  kind: 'linear',
  hint: { en: 'the measured value', zh: '实测值' },
  prepare(rule, ctx) {
    const { full, zero } = fullAndZero(rule, ctx);
    if (eq(full, zero)) ctx.report(issue(ctx.path + '/zero', 'evaluation-linear-full-equals-zero'));
    return { kind: 'linear', full, zero, ...numericOptions(rule, ctx), ...ctx.fixedScale() };
  },
  read: (rule, value, path, ctx) => readNumber(rule, value, path, ctx.issues, true),
  score(rule, m) {
    const best = rule.best;
    if (m.kind === 'number') return pro(rule, best, m.x, m.shown);
    if (m.kind !== 'tranches') return undefined;
    const parts = m.parts.map((p) => ({ ...p, out: pro(rule, best, p.x, p.shown) }));
    const weight = sum(parts.map((p) => p.amount));
    const raw = div(sum(parts.map((p) => mul(p.amount, p.out.raw))), weight);
    const each = join(
      parts.map((p) => ({ en: `${n(p.amount)} at ${p.shown.en} → ${n(p.out.raw)}`, zh: `${n(p.amount)}（${p.shown.zh}）→ ${n(p.out.raw)}` })),
    );
    return {
      raw,
      why: {
        en: `weighted by amount over ${parts.length} tranche(s) [${each.en}]: Σ amount × score / Σ amount = ${n(raw)}`,
        zh: `按资金量加权，共 ${parts.length} 笔［${each.zh}］：Σ 金额 × 得分 / Σ 金额 = ${n(raw)}`,
      },
    };
  },
};

/** Full marks at `full`, zero at `zero`, pro rata between; `full` may lie above or below `zero`. */
function pro(rule: PreparedLinear, best: Q, x: Q, shown: Bilingual): Outcome {
  const full = show(rule.full, rule);
  const zero = show(rule.zero, rule);
  const rising = cmp(rule.full, rule.zero) > 0;
  const towardFull = rising ? cmp(x, rule.full) >= 0 : cmp(x, rule.full) <= 0;
  const towardZero = rising ? cmp(x, rule.zero) <= 0 : cmp(x, rule.zero) >= 0;
  const op = rising ? { full: '≥', zero: '≤' } : { full: '≤', zero: '≥' };
  if (towardFull)
    return {
      raw: best,
      why: { en: `${shown.en} ${op.full} ${full.en}: full marks, ${n(best)}`, zh: `${shown.zh} ${op.full} ${full.zh}：得满分 ${n(best)} 分` },
    };
  if (towardZero) return { raw: ZERO, why: { en: `${shown.en} ${op.zero} ${zero.en}: 0`, zh: `${shown.zh} ${op.zero} ${zero.zh}：得 0 分` } };
  const raw = clamp(div(mul(best, sub(rule.zero, x)), sub(rule.zero, rule.full)), ZERO, best);
  const b = (y: Q) => (rule.rate ? percent(y) : n(y));
  const formula =
    rule.zero.num !== 0n
      ? `${n(best)} × (${b(rule.zero)} − ${b(x)}) / (${b(rule.zero)} − ${b(rule.full)})`
      : rule.rate && eq(rule.full, ONE)
        ? `${n(best)} × ${b(x)}`
        : `${n(best)} × ${b(x)} / ${b(rule.full)}`;
  return {
    raw,
    why: {
      en: `${shown.en} lies between ${full.en} (full marks) and ${zero.en} (zero): pro rata ${formula} = ${n(raw)}`,
      zh: `${shown.zh} 介于 ${full.zh}（满分）与 ${zero.zh}（0 分）之间：按比例 ${formula} = ${n(raw)} 分`,
    },
  };
}
