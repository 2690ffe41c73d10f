/**
 * Exact rationals for scores: a pro-rata score (6 × 91.84%) or a rescaled total (97 × 100 / 95) is a
 * fraction, never a float. Same `{ num, den }` shape as money.ts's Ratio (den > 0, reduced), so
 * money.roundRatio rounds it.
 */
import { parseDecimal, pow10, Ratio, roundRatio } from '../../core/money.js';

export type Q = Ratio;

export const ZERO: Q = { num: 0n, den: 1n };
export const ONE: Q = { num: 1n, den: 1n };
export const HUNDRED: Q = { num: 100n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function q(num: bigint, den = 1n): Q {
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g <= 1n ? { num, den } : { num: num / g, den: den / g };
}

/** A decimal the schemas have already checked ("0.85", 6, "1134.00"). */
export function dec(text: string | number): Q {
  const x = parseDecimal(text);
  if (!x) throw new RangeError(`not a decimal: ${text}`);
  return q(x.coefficient, pow10(x.scale));
}

export const add = (a: Q, b: Q): Q => q(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Q, b: Q): Q => q(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Q, b: Q): Q => q(a.num * b.num, a.den * b.den);
export const div = (a: Q, b: Q): Q => q(a.num * b.den, a.den * b.num);
export const cmp = (a: Q, b: Q): number => {
  const x = a.num * b.den;
  const y = b.num * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
};
export const eq = (a: Q, b: Q) => cmp(a, b) === 0;
export const min = (a: Q, b: Q) => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Q, b: Q) => (cmp(a, b) >= 0 ? a : b);
export const sum = (xs: readonly Q[]) => xs.reduce(add, ZERO);
export const clamp = (x: Q, lo: Q, hi: Q) => max(lo, min(hi, x));

export type RoundMode = 'halfUp' | 'down' | 'up';

/** x rounded to `places` decimals: half away from zero, floor or ceiling. */
export function round(x: Q, places: number, mode: RoundMode): Q {
  const scale = pow10(places);
  const n = roundRatio({ num: x.num * scale, den: x.den }, mode === 'halfUp' ? 'nearest' : mode);
  return q(n, scale);
}

/** Decimals needed to write x exactly, or undefined when its expansion does not end (1/3). */
export function exactPlaces(x: Q): number | undefined {
  let d = x.den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return d === 1n ? Math.max(twos, fives) : undefined;
}

/** x written with `places` decimals, half away from zero ("5.5104"). */
export function fixed(x: Q, places: number): string {
  const r = round(x, places, 'halfUp');
  const n = r.num * (pow10(places) / r.den);
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(places + 1, '0');
  const cut = digits.length - places;
  return (neg ? '-' : '') + digits.slice(0, cut) + (places > 0 ? '.' + digits.slice(cut) : '');
}

/** x as short decimal text without trailing zeros ("5.5", "97"): exact when it ends within `places`. */
export function text(x: Q, places = 6): string {
  const p = exactPlaces(x);
  const shown = fixed(x, p !== undefined && p <= places ? p : places);
  return shown.includes('.') ? shown.replace(/0+$/, '').replace(/\.$/, '') : shown;
}

/** As `text`, with "≈" in front when the value had to be rounded to be shown. */
export function approx(x: Q, places = 6): string {
  const p = exactPlaces(x);
  return (p !== undefined && p <= places ? '' : '≈') + text(x, places);
}

/** A rate as a percentage ("91.84%", "≈91.8413%"). */
export function percent(x: Q, places = 4): string {
  return approx(mul(x, HUNDRED), places) + '%';
}
