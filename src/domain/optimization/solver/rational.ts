/**
 * Exact rationals for the optimizer: what every solver answer is re-checked in. A rational is the same
 * `{ num, den }` shape as money.ts's `Ratio` (den > 0, always reduced here), so money's rounding applies.
 * Floats only ever enter through `fromFloat` (a solver's answer) and leave through `toFloat` (a solver's input).
 */
import { parseDecimal, pow10, type Ratio } from '../../../core/money.js';

export type Rational = Ratio;

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den reduced, den > 0. */
export function rat(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return a.den === 1n ? { num: a.num + b.num, den: 1n } : rat(a.num + b.num, a.den);
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}
export function mul(a: Rational, b: Rational): Rational {
  if (a.num === 0n || b.num === 0n) return ZERO;
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  return rat(a.num * b.num, a.den * b.den);
}
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rat(a.num * b.den, a.den * b.num);
}
export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}
export function abs(a: Rational): Rational {
  return a.num < 0n ? neg(a) : a;
}
export function cmp(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
export function sign(a: Rational): number {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}
export function isZero(a: Rational): boolean {
  return a.num === 0n;
}
export function isInteger(a: Rational): boolean {
  return a.den === 1n;
}
export function eq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}
/** a × 10^k, exact for any integer k. */
export function times10(a: Rational, k: number): Rational {
  if (k === 0) return a;
  return k > 0 ? rat(a.num * pow10(k), a.den) : rat(a.num, a.den * pow10(-k));
}
export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}
export function ceil(a: Rational): bigint {
  return -floor(neg(a));
}

/** Accumulates Σ coefficient × value over a common denominator: one reduction at the end, not per term. */
export class Sum {
  private num = 0n;
  private den = 1n;
  addProduct(a: Rational, b: Rational): void {
    if (a.num === 0n || b.num === 0n) return;
    this.addFraction(a.num * b.num, a.den * b.den);
  }
  add(a: Rational): void {
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
  value(): Rational {
    return rat(this.num, this.den);
  }
}

/**
 * The decimal (or bigint, or rational) a caller wrote, exactly. A JS number is read as the decimal it
 * prints as (0.1 is 1/10), the same rule as money.parseDecimal. Returns undefined for anything else.
 */
export function parseExact(value: string | number | bigint | Rational): Rational | undefined {
  if (typeof value === 'bigint') return { num: value, den: 1n };
  if (typeof value === 'object' && value !== null) {
    if (typeof value.num !== 'bigint' || typeof value.den !== 'bigint' || value.den === 0n) return undefined;
    return rat(value.num, value.den);
  }
  const d = parseDecimal(value);
  return d ? rat(d.coefficient, pow10(d.scale)) : undefined;
}

/** The nearest double (correctly rounded for ordinary magnitudes; used only to feed solvers). */
export function toFloat(a: Rational): number {
  if (a.den === 1n) return Number(a.num);
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d) && Math.abs(n) < 2 ** 53 && d < 2 ** 53) return n / d;
  // big parts: divide with 20 significant digits in BigInt, then let Number() round the decimal text
  const negative = a.num < 0n;
  const num = negative ? -a.num : a.num;
  const shift = Math.max(0, 20 - (num / a.den).toString().length);
  const q = (num * pow10(shift)) / a.den;
  const x = Number(`${q}e-${shift}`);
  return negative ? -x : x;
}

/** The exact value of a finite double (a dyadic rational). */
export function exactFloat(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return { num: BigInt(x), den: 1n };
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return rat(BigInt(v), den);
}

/**
 * A simple rational within `tolerance` of x: the first continued-fraction convergent that close, if its
 * denominator stays at or below maxDen; else the double's exact value. LP vertices are often simple
 * fractions (1000/3), which this recovers from 333.33333333333337.
 */
export function fromFloat(x: number, tolerance: number, maxDen = 1_000_000): Rational {
  if (Number.isInteger(x)) return { num: BigInt(x), den: 1n };
  const negative = x < 0;
  const target = Math.abs(x);
  let h0 = 0;
  let h1 = 1;
  let k0 = 1;
  let k1 = 0;
  let r = target;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(r);
    const h2 = a * h1 + h0;
    const k2 = a * k1 + k0;
    if (k2 > maxDen || !Number.isSafeInteger(h2)) break;
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    if (Math.abs(target - h1 / k1) <= tolerance) {
      const q = rat(BigInt(h1), BigInt(k1));
      return negative ? neg(q) : q;
    }
    const frac = r - a;
    if (frac < 1e-300) break;
    r = 1 / frac;
  }
  return exactFloat(x);
}

/** Exact decimal text when the rational has one with at most `places` decimals, else rounded half away from zero. */
export function toDecimal(a: Rational, places = 12): string {
  const negative = a.num < 0n;
  const num = negative ? -a.num : a.num;
  const scale = pow10(places);
  let q = (num * scale) / a.den;
  const rem = num * scale - q * a.den;
  if (2n * rem >= a.den && rem !== 0n) q += 1n;
  let text = q.toString().padStart(places + 1, '0');
  if (places > 0) {
    text = `${text.slice(0, -places)}.${text.slice(-places)}`.replace(/0+$/, '').replace(/\.$/, '');
  }
  return negative && q !== 0n ? `-${text}` : text;
}

/** A decimal at least as large as a (rounded toward +∞) with `places` decimals. */
export function toDecimalUp(a: Rational, places: number): Rational {
  const scale = pow10(places);
  return rat(ceil(rat(a.num * scale, a.den)), scale);
}
