/** yesNo: full marks for yes (or for no, with award "no"). */
import { approx, ZERO } from '../../../core/rational.js';
import { readBool } from '../values.js';
import type { RuleKind } from './index.js';
import type { OutOf } from './numeric.js';

export type YesNoSpec = { readonly kind: 'yesNo'; readonly award?: 'yes' | 'no' } & OutOf;
export type PreparedYesNo = { readonly kind: 'yesNo'; readonly award: 'yes' | 'no' };

export const yesNo: RuleKind<YesNoSpec, PreparedYesNo> = {
  kind: 'yesNo',
  hint: { en: 'true or false', zh: 'true 或 false' },
  prepare: (rule, ctx) => ({ kind: 'yesNo', award: rule.award ?? 'yes', ...ctx.fixedScale() }),
  read: (_rule, value, path, ctx) => readBool(value, path, ctx.issues),
  score(rule, m) {
    if (m.kind !== 'bool') return undefined;
    const earns = m.yes === (rule.award === 'yes');
    const said = m.yes ? { en: 'yes', zh: '是' } : { en: 'no', zh: '否' };
    const got = earns ? approx(rule.best) : '0';
    return { raw: earns ? rule.best : ZERO, why: { en: `${said.en} → ${got}`, zh: `${said.zh} → ${got} 分` } };
  },
};
