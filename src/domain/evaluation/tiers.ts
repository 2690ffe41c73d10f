/**
 * Tiers (value ranges → points): each compiled to exact bounds, and the set checked so that every value falls
 * in exactly one tier — sorted by lower bound they must meet end to end, the shared bound in one of the two —
 * and, for a rate, so that they cover 0% to 100%.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { cmp, dec, eq, ONE, Q, text, ZERO } from '../../core/rational.js';
import { readBound } from './rules/numeric.js';

/** A value range → points. Bounds are inclusive at `minimum` and exclusive at `maximum` unless stated. */
export interface TierSpec {
  readonly minimum?: string | number;
  readonly minimumInclusive?: boolean;
  readonly maximum?: string | number;
  readonly maximumInclusive?: boolean;
  readonly score: string | number;
}

export interface PreparedTier {
  readonly min?: Q;
  readonly minInclusive: boolean;
  readonly max?: Q;
  readonly maxInclusive: boolean;
  readonly score: Q;
}

/** Where a model check reports an issue. */
export type Report = (issue: Issue) => void;

export function prepareTier(report: Report, t: TierSpec, path: string, rate: boolean | undefined): PreparedTier {
  const tier: PreparedTier = {
    ...(t.minimum !== undefined ? { min: readBound(t.minimum, path + '/minimum', rate, report) } : {}),
    minInclusive: t.minimumInclusive ?? true,
    ...(t.maximum !== undefined ? { max: readBound(t.maximum, path + '/maximum', rate, report) } : {}),
    maxInclusive: t.maximumInclusive ?? false,
    score: dec(t.score),
  };
  if (cmp(tier.score, ZERO) < 0) report(issue(path + '/score', 'evaluation-negative'));
  for (const [side, field] of [
    ['min', 'minimum'],
    ['max', 'maximum'],
  ] as const) {
    const x = tier[side];
    if (x && rate && (cmp(x, ZERO) < 0 || cmp(x, ONE) > 0)) report(issue(`${path}/${field}`, 'evaluation-rate-bound', { given: text(x) }));
  }
  if (tier.min && tier.max) {
    const order = cmp(tier.min, tier.max);
    if (order > 0 || (order === 0 && !(tier.minInclusive && tier.maxInclusive))) report(issue(path, 'evaluation-tier-empty'));
  }
  return tier;
}

/** Tiers sorted by their lower bound must meet end to end: no value in two tiers, none in a gap between two. */
export function checkTierCoverage(report: Report, tiers: readonly PreparedTier[], path: string, rate: boolean): void {
  const order = tiers.map((_, i) => i).sort((a, b) => lowerCmp(tiers[a], tiers[b]));
  for (let k = 1; k < order.length; k++) {
    const a = tiers[order[k - 1]];
    const b = tiers[order[k]];
    const where = `${path}/${order[k]}`;
    if (!a.max || !b.min) {
      report(issue(where, 'evaluation-tier-overlap', {}));
      continue;
    }
    const o = cmp(a.max, b.min);
    if (o > 0 || (o === 0 && a.maxInclusive && b.minInclusive)) report(issue(where, 'evaluation-tier-overlap', { end: text(a.max) }));
    else if (o < 0 || (!a.maxInclusive && !b.minInclusive)) report(issue(where, 'evaluation-tier-gap', { end: text(a.max) }));
  }
  if (rate && order.length > 0) {
    const first = tiers[order[0]];
    const last = tiers[order[order.length - 1]];
    const fromZero = !first.min || cmp(first.min, ZERO) < 0 || (eq(first.min, ZERO) && first.minInclusive);
    const toOne = !last.max || cmp(last.max, ONE) > 0 || (eq(last.max, ONE) && last.maxInclusive);
    if (!fromZero || !toOne) report(issue(path, 'evaluation-tiers-rate-coverage'));
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
