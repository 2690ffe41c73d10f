/** deductions: `each` deducted per occurrence (finding), not below zero. */
import { issue } from '../../../messages/index.js';
import { approx, cmp, dec, max, mul, q, Q, sub, ZERO } from '../../../core/rational.js';
import { readCount } from '../values.js';
import type { RuleKind } from './index.js';
import type { OutOf } from './numeric.js';

export type DeductionsSpec = { readonly kind: 'deductions'; readonly each: string | number } & OutOf;
export type PreparedDeductions = { readonly kind: 'deductions'; readonly each: Q };

const n = (x: Q) => approx(x);

export const deductions: RuleKind<DeductionsSpec, PreparedDeductions> = {
  kind: 'deductions',
  hint: { en: 'the number of findings, 0 if none', zh: '发现的问题数，无则为 0' },
  prepare(rule, ctx) {
    const each = dec(rule.each);
    if (cmp(each, ZERO) <= 0) ctx.report(issue(ctx.path + '/each', 'evaluation-each-not-positive'));
    return { kind: 'deductions', each, ...ctx.fixedScale() };
  },
  read: (_rule, value, path, ctx) => readCount(value, path, ctx.issues),
  score(rule, m) {
    if (m.kind !== 'count') return undefined;
    const best = rule.best;
    if (m.n === 0n) return { raw: best, why: { en: `no findings: full marks, ${n(best)}`, zh: `未发现问题：得满分 ${n(best)} 分` } };
    const lost = mul(q(m.n), rule.each);
    const raw = max(ZERO, sub(best, lost));
    const floor = cmp(lost, best) > 0 ? { en: ', not below 0', zh: '，扣完为止' } : { en: '', zh: '' };
    return {
      raw,
      why: {
        en: `${m.n} finding(s) × ${n(rule.each)} = ${n(lost)} deducted from ${n(best)}${floor.en} → ${n(raw)}`,
        zh: `发现 ${m.n} 处 × ${n(rule.each)} = 扣 ${n(lost)} 分（满分 ${n(best)} 分${floor.zh}）→ ${n(raw)} 分`,
      },
    };
  },
};
