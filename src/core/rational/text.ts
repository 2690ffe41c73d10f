/**
 * Rationals as text, every one rounded half away from zero from the exact value; comparisons are made on the
 * exact values, never on the rounded text. Two families:
 * - the answers' fixed forms: a share to 12 decimals (`shareText`), a percentage to 2 with the sign
 *   (`percentText`: every `…Percent` field), an amount as the exact decimal it is (`amountText`);
 * - short forms for reasons and reports: `text` / `toDecimal` (exact when the value ends within `places`
 *   decimals, trailing zeros dropped), `approx` (the same with "≈" when rounded), `percent` (approx of ×100).
 */
import { exactRatioToText, ratioToText, SHARE_DECIMALS } from '../money/format.js';
import { gcd, HUNDRED, mul, type Ratio } from './ratio.js';

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
  const places = exactPlaces(r);
  return ratioToText(r.num, r.den, places !== undefined && places <= 40 ? Math.max(minPlaces, places) : SHARE_DECIMALS);
}

/** Decimals needed to write x exactly, or undefined when its expansion does not end (1/3). */
export function exactPlaces(x: Ratio): number | undefined {
  let d = x.den / (gcd(x.num, x.den) || 1n); // an unreduced 10/100 needs 1 decimal, not 2
  if (d < 0n) d = -d;
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

/** x written with exactly `places` decimals, half away from zero ("5.5104"). */
export function fixed(x: Ratio, places: number): string {
  return exactRatioToText(x.num, x.den, places);
}

/**
 * x as short decimal text without trailing zeros ("5.5", "97"): exact when it ends within `places`
 * decimals, else rounded half away from zero to `places`. (Rounding to `places` and dropping the zeros is
 * exact whenever the value ends within them, so one rounding serves both cases.)
 */
export function text(x: Ratio, places = 6): string {
  const shown = fixed(x, places);
  return places > 0 ? shown.replace(/0+$/, '').replace(/\.$/, '') : shown;
}

/** `text` with the optimizer's default of 12 decimals: the same function under the name the optimizer uses. */
export function toDecimal(a: Ratio, places = 12): string {
  return text(a, places);
}

/** As `text`, with "≈" in front when the value had to be rounded to be shown. */
export function approx(x: Ratio, places = 6): string {
  const p = exactPlaces(x);
  return (p !== undefined && p <= places ? '' : '≈') + text(x, places);
}

/** A rate as a percentage ("91.84%", "≈91.8413%"); the answers' fixed 2-decimal form is `percentText`. */
export function percent(x: Ratio, places = 4): string {
  return approx(mul(x, HUNDRED), places) + '%';
}
