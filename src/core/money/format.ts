/**
 * Writing exact values as decimal text: an amount with its own decimals, and exact rationals (shares,
 * unrounded quotas) to a fixed number of places, rounded half away from zero — never pretending they are
 * finite decimals. The fast paths go through doubles only where that provably prints the exact digits.
 */
import { roundRatio } from '../rational/rounding.js';
import { pow10, type Scaled } from './decimal.js';

/** Shares are shown with this many decimals (the exact rational, rounded half away from zero). */
export const SHARE_DECIMALS = 12;

const POW10_NUMBER = Array.from({ length: 16 }, (_, i) => 10 ** i);
const FAST_FORMAT = 4n * 10n ** 15n;

/** Formats coefficient × 10^-scale with exactly `scale` decimals ("1134.00"). */
export function formatScaled(coefficient: bigint, scale: number): string {
  // Below 4·10^15 the double nearest c / 10^scale prints back as exactly c's digits (its error is under
  // 10^-16 relative, far inside half a unit of the last place), and toFixed is much cheaper than BigInt text.
  if (coefficient < FAST_FORMAT && coefficient > -FAST_FORMAT && scale <= 15) return formatCount(Number(coefficient), scale);
  const negative = coefficient < 0n;
  const digits = (negative ? -coefficient : coefficient).toString();
  if (scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  return (negative ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
}

/**
 * formatScaled of an integer count held as a double, |count| < 4·10^15 and scale ≤ 15 (its fast path).
 * Integer arithmetic only, no toFixed (several times slower): below 2^53 every step is exact — count / 10^s
 * is correctly rounded and stays below the next integer (10^s · k − 1 over 10^s cannot round up to k while
 * the count is below 2^53), so its floor is the whole part and count − whole · 10^s the exact fraction.
 */
export function formatCount(count: number, scale: number): string {
  if (scale === 0) return '' + count;
  if (count < 0) return '-' + formatDigits(-count, scale);
  return formatDigits(count, scale);
}

/** A non-negative integer count (< 2^53) of 10^-places, places ≥ 1, as "whole.fraction". */
function formatDigits(count: number, places: number): string {
  const unit = POW10_NUMBER[places];
  const whole = Math.floor(count / unit);
  const fraction = '' + (count - whole * unit);
  const pad = places - fraction.length;
  return (whole === 0 ? ZERO_POINT_ZEROS[pad] : whole + POINT_ZEROS[pad]) + fraction;
}

/** ".", ".0", ".00" …: the point and the zeros a fraction of fewer digits than its places is padded with. */
const POINT_ZEROS = Array.from({ length: 17 }, (_, i) => '.' + '0'.repeat(i));
/** "0.", "0.0" …: the same after a whole part of 0 (every share), one string fewer to build. */
const ZERO_POINT_ZEROS = POINT_ZEROS.map((p) => '0' + p);

export function toText(x: Scaled): string {
  return formatScaled(x.coefficient, x.scale);
}

/**
 * (numerator × mulNum) / (denominator × mulDen) written with `places` decimals, rounded half away from zero.
 * Used to show exact rationals (shares, unrounded quotas) without pretending they are finite decimals.
 */
export function ratioToText(numerator: bigint, denominator: bigint, places: number, mulNum = 1n, mulDen = 1n): string {
  return ratioFormatter(denominator, places, mulNum, mulDen)(numerator);
}

/**
 * A formatter of n ↦ (n × mulNum) / (denominator × mulDen) to `places` decimals, for many numerators over
 * one denominator (a column of shares).
 *
 * A floating-point filter keeps it cheap: a double estimate (at most 8 roundings, so relative error below
 * 2^-50) is used only where it provably rounds the same way as the exact ratio — scaled value x below 2^40
 * (its fraction exact in the double), and not within x · 2^-48 of a rounding boundary (FILTER_MARGIN). Every other case takes
 * the exact BigInt path, so the text is always the exact one; tests compare both paths.
 */
export function ratioFormatter(denominator: bigint, places: number, mulNum = 1n, mulDen = 1n): (numerator: bigint, asDouble?: number) => string {
  const den = denominator * mulDen;
  const exact = (n: bigint) => exactRatioToText(n * mulNum, den, places);
  if (places > 15 || denominator <= 0n || mulNum <= 0n || mulDen <= 0n) return exact;
  const factor = (Number(mulNum) / Number(denominator) / Number(mulDen)) * POW10_NUMBER[places];
  // a subnormal quotient has lost relative precision: only normal ones (≥ 2^-1000, so is every step before) are filtered
  if (!Number.isFinite(factor) || !(factor / POW10_NUMBER[places] >= NORMAL)) return exact;
  // asDouble: Number(n), when the caller already has it (one conversion of a long BigInt for two texts)
  return (n, asDouble) => {
    const y = asDouble ?? Number(n);
    if (y >= 0) {
      // Number(n) has n's sign: a negative n takes the exact path
      const x = y * factor;
      // ∞ fails this test and falls through to the exact path.
      if (x < FILTER_LIMIT) {
        const floor = Math.floor(x);
        const frac = x - floor;
        if (Math.abs(frac - 0.5) > x * FILTER_MARGIN) return formatSmall(frac > 0.5 ? floor + 1 : floor, places);
      }
    }
    return exact(n);
  };
}

/**
 * n ↦ the integer nearest n · mul / denominator (halves away from zero), for many n over one denominator;
 * the same floating-point filter as ratioFormatter, with the exact path where it cannot decide.
 */
export function ratioCounter(denominator: bigint, mul = 1n): (n: bigint) => bigint {
  const exact = (n: bigint) => roundRatio({ num: n * mul, den: denominator }, 'nearest');
  const estimate = ratioEstimator(denominator, mul);
  return (n) => {
    const x = estimate(n);
    return Number.isNaN(x) ? exact(n) : BigInt(x); // NaN: the filter could not decide
  };
}

/**
 * ratioCounter's filter alone: the same integer as a double (|x| < 2^40) where the filter decides it, NaN
 * where it cannot — for callers that keep working in doubles and take their exact path on NaN.
 */
export function ratioEstimator(denominator: bigint, mul = 1n): (n: bigint) => number {
  const factor = Number(mul) / Number(denominator);
  if (denominator <= 0n || mul <= 0n || !Number.isFinite(factor) || !(factor >= NORMAL)) return () => NaN;
  return (n) => {
    const x = Number(n) * factor;
    const size = Math.abs(x);
    if (size < FILTER_LIMIT) {
      const floor = Math.floor(size);
      const frac = size - floor;
      if (Math.abs(frac - 0.5) > size * FILTER_MARGIN) {
        const nearest = frac > 0.5 ? floor + 1 : floor;
        return x < 0 ? -nearest : nearest;
      }
    }
    return NaN;
  };
}

const FILTER_LIMIT = 2 ** 40;
/** Quotients below this may be subnormal-adjacent: the filter is not used for them. */
const NORMAL = 2 ** -1000;
/**
 * The filter's margin, relative to the estimate: an estimate is at most 8 roundings of 2^-53 (the factor's
 * conversions and quotients, Number(n), the product) from the exact value, within x · 2^-50; the margin is
 * four times that. A fixed margin (it was 10^-2) sent one value in fifty to the exact BigInt path.
 */
const FILTER_MARGIN = 2 ** -48;

/**
 * A non-negative integer count (< 2^40) of 10^-places, as text (formatCount's integer arithmetic).
 */
function formatSmall(count: number, places: number): string {
  return places === 0 ? '' + count : formatDigits(count, places);
}

/** The exact path of ratioToText (also its reference in tests). */
export function exactRatioToText(numerator: bigint, denominator: bigint, places: number): string {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const n = (negative ? -numerator : numerator) * pow10(places);
  let q = n / denominator;
  if ((n - q * denominator) * 2n >= denominator) q += 1n;
  return formatScaled(negative ? -q : q, places);
}
