/** choice: a category → points ("executed" → 1). */
import { pointerSegment } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { approx, cmp, dec, Q, ZERO } from '../../../core/rational.js';
import type { RuleKind } from './index.js';
import type { OutOf } from './numeric.js';

export type ChoiceSpec = { readonly kind: 'choice'; readonly options: Readonly<Record<string, string | number>> } & OutOf;
export type PreparedChoice = { readonly kind: 'choice'; readonly options: readonly (readonly [string, Q])[] };

export const choice: RuleKind<ChoiceSpec, PreparedChoice> = {
  kind: 'choice',
  hint: { en: 'one of its options', zh: '选项之一' },
  prepare(rule, ctx) {
    const options = Object.entries(rule.options).map(([k, v]) => {
      const x = dec(v);
      if (cmp(x, ZERO) < 0) ctx.report(issue(`${ctx.path}/options/${pointerSegment(k)}`, 'evaluation-negative'));
      return [k, x] as const;
    });
    if (options.length === 0) ctx.report(issue(ctx.path + '/options', 'evaluation-choice-empty'));
    const natural = options.reduce((m, [, x]) => (cmp(x, m) > 0 ? x : m), ZERO);
    return { kind: 'choice', options, ...ctx.own(natural, { en: 'options', zh: '各选项' }) };
  },
  read(rule, value, path, ctx) {
    if (typeof value === 'string' && rule.options.some(([k]) => k === value)) return { kind: 'option', key: value };
    const keys = rule.options.map(([k]) => JSON.stringify(k));
    ctx.issues.push(issue(path, 'evaluation-choice-unknown', { keys: keys.join(', '), keysZh: keys.join('、'), given: JSON.stringify(value) }));
    return undefined;
  },
  score(rule, m) {
    if (m.kind !== 'option') return undefined;
    const raw = rule.options.find(([k]) => k === m.key)![1];
    return { raw, why: { en: `"${m.key}" → ${approx(raw)}`, zh: `"${m.key}" → ${approx(raw)} 分` } };
  },
};
