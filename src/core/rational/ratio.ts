/**
 * Exact rationals: what a percentage, a pro-rata score (6 × 91.84%), a rescaled total (97 × 100 / 95), an LP
 * vertex or a linear interpolation of amounts makes. Never a float. One `{ num, den }` shape (den > 0)
 * everywhere: money's Ratio, the evaluation's Q and the optimizer's Rational are this type.
 *
 * Every function here that builds a rational returns it reduced, except `ratioOf` (and the `ratio` reader),
 * which keep a decimal's power-of-ten denominator: a cheap, valid, unreduced value. So `eq` compares values
 * (cross-multiplied), never fields.
 */
import { pow10, type Scaled } from '../money/decimal.js';

/** An exact rational num/den (den > 0). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** Greatest common divisor, ≥ 0 (gcd(0, 0) = 0); signs are ignored. The one copy. */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den reduced, den > 0; a zero denominator is a RangeError. */
export function rat(num: bigint, den = 1n): Ratio {
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

/** The decimal's own value, den = 10^scale, not reduced (see the module comment). */
export function ratioOf(x: Scaled): Ratio {
  return { num: x.coefficient, den: pow10(x.scale) };
}

export const ZERO: Ratio = { num: 0n, den: 1n };
export const ONE: Ratio = { num: 1n, den: 1n };
export const HUNDRED: Ratio = { num: 100n, den: 1n };

export function add(a: Ratio, b: Ratio): Ratio {
  if (a.den === b.den) return a.den === 1n ? { num: a.num + b.num, den: 1n } : rat(a.num + b.num, a.den);
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Ratio, b: Ratio): Ratio {
  return add(a, neg(b));
}

export function mul(a: Ratio, b: Ratio): Ratio {
  if (a.num === 0n || b.num === 0n) return ZERO;
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  return rat(a.num * b.num, a.den * b.den);
}

/** a / b; b = 0 is a RangeError. */
export function div(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rat(a.num * b.den, a.den * b.num);
}

export function neg(a: Ratio): Ratio {
  return { num: -a.num, den: a.den };
}

export function abs(a: Ratio): Ratio {
  return a.num < 0n ? neg(a) : a;
}

export function cmp(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Equal values (2/4 equals 1/2: unreduced inputs compare by value). */
export function eq(a: Ratio, b: Ratio): boolean {
  return (a.num === b.num && a.den === b.den) || a.num * b.den === b.num * a.den;
}

export function sign(a: Ratio): number {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}

export function isZero(a: Ratio): boolean {
  return a.num === 0n;
}

/** Whether a is a whole number (any denominator dividing its numerator). */
export function isInteger(a: Ratio): boolean {
  return a.den === 1n || a.num % a.den === 0n;
}

export const min = (a: Ratio, b: Ratio): Ratio => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Ratio, b: Ratio): Ratio => (cmp(a, b) >= 0 ? a : b);
export const clamp = (x: Ratio, lo: Ratio, hi: Ratio): Ratio => max(lo, min(hi, x));
export const sum = (xs: readonly Ratio[]): Ratio => xs.reduce(add, ZERO);

/** a × 10^k, exact for any integer k. */
export function times10(a: Ratio, k: number): Ratio {
  if (k === 0) return a;
  return k > 0 ? rat(a.num * pow10(k), a.den) : rat(a.num, a.den * pow10(-k));
}

/** Accumulates Σ coefficient × value over a common denominator: one reduction at the end, not per term. */
export class Sum {
  private num = 0n;
  private den = 1n;
  addProduct(a: Ratio, b: Ratio): void {
    if (a.num === 0n || b.num === 0n) return;
    this.addFraction(a.num * b.num, a.den * b.den);
  }
  add(a: Ratio): void {
    if (a.num !== 0n) this.addFraction(a.num, a.den);
  }
  private addFraction(n: bigint, d: bigint): void {
    if (d === this.den) this.num += n;
    else if (this.den % d === 0n) this.num += n * (this.den / d);
    else if (d % this.den === 0n) {
      this.num = this.num * (d / this.den) + n;
      this.den = d;
    } else {
      const g = gcd(this.den, d);
      const l = (this.den / g) * d;
      this.num = this.num * (l / this.den) + n * (l / d);
      this.den = l;
    }
  }
  value(): Ratio {
    return rat(this.num, this.den);
  }
}
