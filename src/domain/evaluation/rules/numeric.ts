/** What the numeric rule kinds (tiers, linear, proportional) share: rate options, and bounds of a rate. */
import { issue } from '../../../messages/index.js';
import { cmp, ONE, Q, text, ZERO } from '../rational.js';
import type { Bilingual } from '../types.js';
import type { PrepareContext } from './index.js';

/** What a measured number is, for reasons ("45 days", "45 日"); rates are shown as percentages. */
export interface NumericSpec {
  /** the value is a rate: a fraction 0..1, "91.84%", or { numerator, denominator }; above 100% is refused */
  readonly rate?: boolean;
  /** how a rate of 0 / 0 scores (e.g. no project needed tendering → full); absent: refused, mark it n/a */
  readonly whenDenominatorZero?: 'full' | 'zero';
  readonly unit?: Bilingual;
}

export interface NumericOptions {
  readonly rate: boolean;
  readonly whenDenominatorZero?: 'full' | 'zero';
  readonly unit?: Bilingual;
}

/** The rule's own maximum, as written in the source, when it differs from the indicator's points. */
export interface OutOf {
  readonly outOf?: string | number;
}

export function numericOptions(r: NumericSpec, ctx: PrepareContext): NumericOptions {
  if (r.whenDenominatorZero && !r.rate) ctx.report(issue(ctx.path + '/whenDenominatorZero', 'evaluation-denominator-zero-not-rate'));
  return { rate: r.rate ?? false, ...(r.whenDenominatorZero ? { whenDenominatorZero: r.whenDenominatorZero } : {}), ...(r.unit ? { unit: r.unit } : {}) };
}

/** A bound of a rate rule is a fraction 0..1 ("0.85"). */
export function rateBound(x: Q, path: string, isRate: boolean | undefined, ctx: PrepareContext): void {
  if (isRate && (cmp(x, ZERO) < 0 || cmp(x, ONE) > 0)) ctx.report(issue(path, 'evaluation-rate-bound', { given: text(x) }));
}
