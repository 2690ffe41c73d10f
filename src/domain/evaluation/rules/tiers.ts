/** tiers: value ranges → points ("80% ≤ x < 90% → 2"); every value must fall in exactly one tier. */
import { issue } from '../../../messages/index.js';
import { approx, cmp, ZERO } from '../../../core/rational.js';
import { tierLabel } from '../text.js';
import { checkTierCoverage, inTier, type PreparedTier, prepareTier, type TierSpec } from '../tiers.js';
import { readNumber } from '../values.js';
import type { RuleKind } from './index.js';
import { type NumericOptions, type NumericSpec, numericOptions, type OutOf } from './numeric.js';

export type TiersSpec = { readonly kind: 'tiers'; readonly tiers: readonly TierSpec[] } & NumericSpec & OutOf;
export type PreparedTiers = { readonly kind: 'tiers'; readonly tiers: readonly PreparedTier[] } & NumericOptions;

export const tiers: RuleKind<TiersSpec, PreparedTiers> = {
  kind: 'tiers',
  hint: { en: 'the measured value', zh: '实测值' },
  prepare(rule, ctx) {
    const list = rule.tiers.map((t, i) => prepareTier(ctx.report, t, `${ctx.path}/tiers/${i}`, rule.rate));
    checkTierCoverage(ctx.report, list, ctx.path + '/tiers', rule.rate ?? false);
    const natural = list.reduce((m, t) => (cmp(t.score, m) > 0 ? t.score : m), ZERO);
    return { kind: 'tiers', tiers: list, ...numericOptions(rule, ctx), ...ctx.own(natural, { en: 'tiers', zh: '各档' }) };
  },
  read: (rule, value, path, ctx) => readNumber(rule, value, path, ctx.issues, false),
  score(rule, m, path, ctx) {
    if (m.kind !== 'number') return undefined;
    const tier = rule.tiers.find((t) => inTier(t, m.x));
    if (!tier) {
      const labels = rule.tiers.map((t) => tierLabel(t, rule));
      ctx.issues.push(
        issue(path, 'evaluation-value-not-in-tiers', {
          value: m.shown.en,
          valueZh: m.shown.zh,
          tiers: labels.map((l) => l.en).join('; '),
          tiersZh: labels.map((l) => l.zh).join('；'),
        }),
      );
      return undefined;
    }
    const label = tierLabel(tier, rule);
    const n = approx(tier.score);
    return { raw: tier.score, why: { en: `${m.shown.en} is in the tier ${label.en} → ${n}`, zh: `${m.shown.zh} 属于 ${label.zh} 档 → ${n} 分` } };
  },
};
