/** occurrences: `each` earned per occurrence, at most the maximum (bonus or penalty items). */
import { issue } from '../../../messages/index.js';
import { approx, cmp, dec, min, mul, q, Q, ZERO } from '../../../core/rational.js';
import { readCount } from '../values.js';
import type { RuleKind } from './index.js';
import type { OutOf } from './numeric.js';

export type OccurrencesSpec = { readonly kind: 'occurrences'; readonly each: string | number } & OutOf;
export type PreparedOccurrences = { readonly kind: 'occurrences'; readonly each: Q };

const n = (x: Q) => approx(x);

export const occurrences: RuleKind<OccurrencesSpec, PreparedOccurrences> = {
  kind: 'occurrences',
  hint: { en: 'the number of findings, 0 if none', zh: '发现的问题数，无则为 0' },
  prepare(rule, ctx) {
    const each = dec(rule.each);
    if (cmp(each, ZERO) <= 0) ctx.report(issue(ctx.path + '/each', 'evaluation-each-not-positive'));
    return { kind: 'occurrences', each, ...ctx.fixedScale() };
  },
  read: (_rule, value, path, ctx) => readCount(value, path, ctx.issues),
  score(rule, m) {
    if (m.kind !== 'count') return undefined;
    const best = rule.best;
    const got = mul(q(m.n), rule.each);
    const raw = min(best, got);
    const cap = cmp(got, best) > 0 ? { en: `, at most ${n(best)}`, zh: `，最多 ${n(best)} 分` } : { en: '', zh: '' };
    return {
      raw,
      why: {
        en: `${m.n} occurrence(s) × ${n(rule.each)} = ${n(got)}${cap.en} → ${n(raw)}`,
        zh: `${m.n} 次 × ${n(rule.each)} = ${n(got)} 分${cap.zh} → ${n(raw)} 分`,
      },
    };
  },
};
