/**
 * Rationals and doubles. Floats only ever enter through `fromFloat` (a solver's answer) and leave through
 * `toFloat` (a solver's input); every solver answer is re-checked exactly.
 */
import { pow10 } from '../money/decimal.js';
import { neg, type Ratio, rat } from './ratio.js';

/** The nearest double (correctly rounded for ordinary magnitudes; used only to feed solvers). */
export function toFloat(a: Ratio): number {
  if (a.den === 1n) return Number(a.num);
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d) && Math.abs(n) < 2 ** 53 && d < 2 ** 53) return n / d;
  // big parts: divide with 20 significant digits in BigInt, then let Number() round the decimal text
  const negative = a.num < 0n;
  const num = negative ? -a.num : a.num;
  // below 1 the integer part has no digits to count: shift by the difference in length instead, or a tiny
  // quotient (2^60 / 10^40) would keep too few digits, or none, and come back as 0
  const shift = num >= a.den ? Math.max(0, 20 - (num / a.den).toString().length) : 20 + a.den.toString().length - num.toString().length;
  const q = (num * pow10(shift)) / a.den;
  const x = Number(`${q}e-${shift}`);
  return negative ? -x : x;
}

/** The exact value of a finite double (a dyadic rational). */
export function exactFloat(x: number): Ratio {
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
export function fromFloat(x: number, tolerance: number, maxDen = 1_000_000): Ratio {
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
