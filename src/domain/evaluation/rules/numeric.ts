/** What the numeric rule kinds (tiers, linear, proportional) share: rate options, and bounds of a rate. */
import type { Issue } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { cmp, dec, div, HUNDRED, ONE, Q, text, ZERO } from '../../../core/rational.js';
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

/**
 * A bound as written: a decimal, or on a rate rule a percentage ("85%" is 0.85, exactly; the schema has
 * checked its form). A percentage on a rule that is not a rate is refused at its pointer and read as its number.
 */
export function readBound(x: string | number, path: string, rate: boolean | undefined, report: (i: Issue) => void): Q {
  if (typeof x !== 'string' || !x.endsWith('%')) return dec(x);
  if (!rate) report(issue(path, 'evaluation-percent-bound-not-rate', { given: JSON.stringify(x) }));
  return div(dec(x.slice(0, -1)), HUNDRED);
}

/** A bound of a rate rule is a fraction 0..1 ("0.85"). */
export function rateBound(x: Q, path: string, isRate: boolean | undefined, ctx: PrepareContext): void {
  if (isRate && (cmp(x, ZERO) < 0 || cmp(x, ONE) > 0)) ctx.report(issue(path, 'evaluation-rate-bound', { given: text(x) }));
}

/** A linear or proportional rule's two points: `full` and `zero`, each read (a "%" only on a rate) and, on a rate, kept within 0…1. */
export function fullAndZero(rule: { full: string | number; zero: string | number; rate?: boolean }, ctx: PrepareContext): { full: Q; zero: Q } {
  const full = readBound(rule.full, ctx.path + '/full', rule.rate, ctx.report);
  const zero = readBound(rule.zero, ctx.path + '/zero', rule.rate, ctx.report);
  rateBound(full, ctx.path + '/full', rule.rate, ctx);
  rateBound(zero, ctx.path + '/zero', rule.rate, ctx);
  return { full, zero };
}
