/**
 * Tiers (value ranges → points): each compiled to exact bounds, and the set checked so that every value falls
 * in exactly one tier — sorted by lower bound they must meet end to end, the shared bound in one of the two —
 * and, for a rate, so that they cover 0% to 100%.
 */
import type { PreparedTier } from './prepare.js';
import { cmp, dec, eq, ONE, Q, text, ZERO } from './rational.js';
import type { TierSpec } from './types.js';

/** Where a model check reports an issue. */
export type Report = (path: string, en: string, zh: string) => void;

export function prepareTier(c: Report, t: TierSpec, path: string, rate: boolean | undefined): PreparedTier {
  const tier: PreparedTier = {
    ...(t.min !== undefined ? { min: dec(t.min) } : {}),
    minInclusive: t.minInclusive ?? true,
    ...(t.max !== undefined ? { max: dec(t.max) } : {}),
    maxInclusive: t.maxInclusive ?? false,
    score: dec(t.score),
  };
  if (cmp(tier.score, ZERO) < 0) c(path + '/score', 'must not be negative.', '不能为负数。');
  for (const side of ['min', 'max'] as const) {
    const x = tier[side];
    if (x && rate && (cmp(x, ZERO) < 0 || cmp(x, ONE) > 0)) {
      c(`${path}/${side}`, `a rate bound is a fraction between 0 and 1 ("0.9" for 90%); got ${text(x)}.`, `比率的界限应为 0 到 1 之间的小数（90% 写作 "0.9"），实际为 ${text(x)}。`);
    }
  }
  if (tier.min && tier.max) {
    const order = cmp(tier.min, tier.max);
    if (order > 0 || (order === 0 && !(tier.minInclusive && tier.maxInclusive))) {
      c(path, 'this tier holds no value: "min" must be below "max" (or equal, with both inclusive).', '该档不含任何取值："min" 须小于 "max"（相等时两端都须包含）。');
    }
  }
  return tier;
}

/** Tiers sorted by their lower bound must meet end to end: no value in two tiers, none in a gap between two. */
export function checkTierCoverage(c: Report, tiers: readonly PreparedTier[], path: string, rate: boolean): void {
  const order = tiers.map((_, i) => i).sort((a, b) => lowerCmp(tiers[a], tiers[b]));
  for (let k = 1; k < order.length; k++) {
    const a = tiers[order[k - 1]];
    const b = tiers[order[k]];
    const where = `${path}/${order[k]}`;
    if (!a.max || !b.min) {
      c(where, 'overlaps another tier; each value must fall in exactly one tier.', '与其他档重叠；每个取值只能落在一档中。');
      continue;
    }
    const o = cmp(a.max, b.min);
    if (o > 0 || (o === 0 && a.maxInclusive && b.minInclusive)) {
      c(where, `overlaps the tier that ends at ${text(a.max)}; each value must fall in exactly one tier (state which side includes the bound).`, `与止于 ${text(a.max)} 的一档重叠；每个取值只能落在一档中（请写明界限归哪一档）。`);
    } else if (o < 0 || (!a.maxInclusive && !b.minInclusive)) {
      c(where, `leaves a gap after the tier that ends at ${text(a.max)}; the tiers must meet (one of them includes the bound).`, `与止于 ${text(a.max)} 的一档之间有空档；各档须首尾相接（界限须归其中一档）。`);
    }
  }
  if (rate && order.length > 0) {
    const first = tiers[order[0]];
    const last = tiers[order[order.length - 1]];
    const fromZero = !first.min || cmp(first.min, ZERO) < 0 || (eq(first.min, ZERO) && first.minInclusive);
    const toOne = !last.max || cmp(last.max, ONE) > 0 || (eq(last.max, ONE) && last.maxInclusive);
    if (!fromZero || !toOne) {
      c(path, 'the tiers of a rate must cover every rate from 0% to 100% inclusive.', '比率的各档须覆盖 0% 至 100%（含两端）的全部取值。');
    }
  }
}

function lowerCmp(a: PreparedTier, b: PreparedTier): number {
  if (!a.min || !b.min) return (a.min ? 1 : 0) - (b.min ? 1 : 0);
  const o = cmp(a.min, b.min);
  if (o !== 0) return o;
  return (a.minInclusive ? 0 : 1) - (b.minInclusive ? 0 : 1);
}

/** Whether x falls in the tier, by its stated inclusive/exclusive bounds. */
export function inTier(t: PreparedTier, x: Q): boolean {
  if (t.min) {
    const o = cmp(x, t.min);
    if (o < 0 || (o === 0 && !t.minInclusive)) return false;
  }
  if (t.max) {
    const o = cmp(x, t.max);
    if (o > 0 || (o === 0 && !t.maxInclusive)) return false;
  }
  return true;
}
