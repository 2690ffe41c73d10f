/**
 * Exact rationals as the monitoring and check answers show them: a share to 12 decimals, a percentage to 2 (both
 * rounded half away from zero from the exact value), an amount as the exact decimal it is. Comparisons are
 * made on the exact values, never on the rounded text.
 */
import { parseDecimal, pow10, ratioOf, ratioToText, SHARE_DECIMALS, type Ratio, type Scaled } from './money.js';

/** A decimal the schemas have already checked. */
export function decimal(text: string | number): Scaled {
  const x = parseDecimal(text);
  if (x === undefined) throw new RangeError(`not a decimal: ${text}`);
  return x;
}

export function ratio(text: string | number): Ratio {
  return ratioOf(decimal(text));
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function reduce(num: bigint, den: bigint): Ratio {
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

export const ZERO: Ratio = { num: 0n, den: 1n };

export function add(a: Ratio, b: Ratio): Ratio {
  return reduce(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Ratio, b: Ratio): Ratio {
  return reduce(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return reduce(a.num * b.num, a.den * b.den);
}

/** a / b; b must not be zero. */
export function div(a: Ratio, b: Ratio): Ratio {
  return reduce(a.num * b.den, a.den * b.num);
}

export function cmp(a: Ratio, b: Ratio): number {
  const x = a.num * b.den - b.num * a.den;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
}

export function abs(a: Ratio): Ratio {
  return a.num < 0n ? { num: -a.num, den: a.den } : a;
}

/** A share (0.918412698413): 12 decimals, as the allocation answers show shares. */
export function shareText(r: Ratio): string {
  return ratioToText(r.num, r.den, SHARE_DECIMALS);
}

/** A share as a percentage with 2 decimals and the sign (0.91841… → "91.84%"): every `…Percent` field. */
export function percentText(r: Ratio): string {
  return ratioToText(r.num, r.den, 2, 100n) + '%';
}

/**
 * An amount: the exact decimal when it has one (sums and differences of decimals, a decimal share of a
 * decimal always do) with at least `minPlaces` decimals; otherwise 12 decimals.
 */
export function amountText(r: Ratio, minPlaces = 2): string {
  for (let places = minPlaces; places <= 40; places++) {
    if (pow10(places) % r.den === 0n) return ratioToText(r.num, r.den, places);
  }
  return ratioToText(r.num, r.den, SHARE_DECIMALS);
}
