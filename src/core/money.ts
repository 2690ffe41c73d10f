/**
 * Exact money and decimals. An amount is a scaled integer (value = coefficient × 10^-scale), in the manner
 * of dinero.js; splits are done in whole multiples of a granularity by the largest-remainder method, so the
 * parts always add up to the total. No binary float ever touches an amount.
 */
import { EngineError } from './errors.js';

/** 元 or 万元 (10,000 yuan). Every amount travels with its unit. */
export type Unit = 'yuan' | 'wan';
export const UNITS: readonly Unit[] = ['yuan', 'wan'];
const YUAN_PER: Record<Unit, bigint> = { yuan: 1n, wan: 10_000n };

/** An exact decimal: coefficient × 10^-scale. */
export interface Scaled {
  readonly coefficient: bigint;
  readonly scale: number;
}

/** Plain decimal notation with an optional exponent, as JSON numbers and spreadsheets write it. */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

const PLAIN = /^-?\d+(?:\.\d+)?$/;

/** Largest exponent accepted when parsing; beyond it a number is absurd for money or indicators. */
const MAX_EXPONENT = 40;

/** Shares are shown with this many decimals (the exact rational, rounded half away from zero). */
export const SHARE_DECIMALS = 12;

const POW10_NUMBER = Array.from({ length: 16 }, (_, i) => 10 ** i);
const FAST_FORMAT = 4n * 10n ** 15n;

export const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));
export function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

/**
 * Parses a decimal written as a string or a JSON number. Numbers are read through their shortest
 * round-trip text (String(0.1) is "0.1"), i.e. as the decimal the sender wrote, not as the binary float.
 * Returns undefined for anything that is not a finite decimal (NaN, Infinity, "", "1,000", hex, " 100 " …):
 * text is read as written, never trimmed, so what the service computes with is what the sender wrote.
 */
export function parseDecimal(value: string | number): Scaled | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isSafeInteger(value)) return { coefficient: BigInt(value), scale: 0 };
    // String(x) of a finite number is "-?digits.digits" (no trailing zeros) unless it needs an exponent:
    // the decimal c·10^-s the sender wrote. While |c| < 2^50, x·10^s is within 0.01 of c, so rounding
    // the double recovers c exactly without going through BigInt's text parser.
    const shortest = String(value);
    const dot = shortest.indexOf('.');
    if (dot > 0 && !shortest.includes('e')) {
      const scale = shortest.length - dot - 1;
      const scaled = value * 10 ** scale;
      if (scale <= 15 && Math.abs(scaled) < 2 ** 50) return { coefficient: BigInt(Math.round(scaled)), scale };
      return { coefficient: BigInt(shortest.slice(0, dot) + shortest.slice(dot + 1)), scale };
    }
  }
  if (typeof value === 'string' && value.length <= 16) {
    const short = parseShort(value);
    if (short) return short;
  }
  return parseDecimalText(typeof value === 'number' ? String(value) : value);
}

/** parseDecimal's general path, without its shortcuts: the reference the fast paths are tested against. */
export function parseDecimalText(text: string): Scaled | undefined {
  const plain = PLAIN.exec(text);
  if (plain) {
    // the common "12345.67": no exponent, no regex groups to untangle
    const dot = text.indexOf('.');
    if (dot < 0) return { coefficient: BigInt(text), scale: 0 };
    return normalise({ coefficient: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 });
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const sign = m[1] ?? m[5];
  const intPart = m[2] ?? '0';
  const fracPart = m[3] ?? m[6] ?? '';
  const exp = Number(m[4] ?? m[7] ?? '0');
  if (Math.abs(exp) > MAX_EXPONENT) return undefined;
  let coefficient = BigInt(intPart + fracPart);
  let scale = fracPart.length - exp;
  if (scale < 0) {
    coefficient *= pow10(-scale);
    scale = 0;
  }
  return normalise({ coefficient: sign === '-' ? -coefficient : coefficient, scale });
}

/**
 * The common short "-?digits(.digits)?" (at most 15 digits, so the coefficient is an exact double) read
 * in one pass over the characters, normalised, with one BigInt made at the end; anything else (spaces, signs,
 * exponents, longer numbers) is undefined and takes the general path.
 */
function parseShort(text: string): Scaled | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let coefficient = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      coefficient = coefficient * 10 + c;
      digits++;
    } else if (c === -2 && dot < 0 && digits > 0) dot = i; // '.'
    else return undefined;
  }
  if (digits === 0 || digits > 15 || dot === n - 1) return undefined;
  let scale = dot < 0 ? 0 : n - dot - 1;
  while (scale > 0 && coefficient % 10 === 0) {
    coefficient /= 10;
    scale -= 1;
  }
  return { coefficient: BigInt(text.charCodeAt(0) === 45 ? -coefficient : coefficient), scale };
}

/** Drops trailing zeros of the fraction so equal values have equal representations. */
export function normalise(x: Scaled): Scaled {
  let { coefficient, scale } = x;
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale };
}

/** The coefficient of x at a scale at least as large as its own (exact). */
export function atScale(x: Scaled, scale: number): bigint {
  if (scale === x.scale) return x.coefficient;
  if (scale < x.scale) throw new RangeError(`cannot lower scale ${x.scale} to ${scale} exactly`);
  return x.coefficient * pow10(scale - x.scale);
}

export function compareScaled(a: Scaled, b: Scaled): number {
  const s = Math.max(a.scale, b.scale);
  const x = atScale(a, s);
  const y = atScale(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addScaled(a: Scaled, b: Scaled): Scaled {
  const s = Math.max(a.scale, b.scale);
  return normalise({ coefficient: atScale(a, s) + atScale(b, s), scale: s });
}

export function mulScaled(a: Scaled, b: Scaled): Scaled {
  return normalise({ coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale });
}

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

/** formatScaled of an integer count held as a double, |count| < 4·10^15 and scale ≤ 15 (its fast path). */
export function formatCount(count: number, scale: number): string {
  return scale === 0 ? String(count) : (count / POW10_NUMBER[scale]).toFixed(scale);
}

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
 * 1e-15) is used only where it provably rounds the same way as the exact ratio — scaled value below 2^40,
 * so its absolute error is below 1e-3, and not within 1e-2 of a rounding boundary. Every other case takes
 * the exact BigInt path, so the text is always the exact one; tests compare both paths.
 */
export function ratioFormatter(
  denominator: bigint,
  places: number,
  mulNum = 1n,
  mulDen = 1n,
): (numerator: bigint) => string {
  const den = denominator * mulDen;
  const exact = (n: bigint) => exactRatioToText(n * mulNum, den, places);
  if (places > 15 || denominator <= 0n || mulNum <= 0n || mulDen <= 0n) return exact;
  const factor = ((Number(mulNum) / Number(denominator)) / Number(mulDen)) * POW10_NUMBER[places];
  if (!Number.isFinite(factor) || factor === 0) return exact;
  return (n) => {
    if (n >= 0n) {
      const x = Number(n) * factor;
      // ∞ fails this test and falls through to the exact path.
      if (x < FILTER_LIMIT) {
        const floor = Math.floor(x);
        const frac = x - floor;
        if (Math.abs(frac - 0.5) > FILTER_MARGIN) return formatSmall(frac > 0.5 ? floor + 1 : floor, places);
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
    return x === x ? BigInt(x) : exact(n); // x !== x: NaN, the filter could not decide
  };
}

/**
 * ratioCounter's filter alone: the same integer as a double (|x| < 2^40) where the filter decides it, NaN
 * where it cannot — for callers that keep working in doubles and take their exact path on NaN.
 */
export function ratioEstimator(denominator: bigint, mul = 1n): (n: bigint) => number {
  const factor = Number(mul) / Number(denominator);
  if (denominator <= 0n || mul <= 0n || !Number.isFinite(factor) || factor === 0) return () => NaN;
  return (n) => {
    const x = Number(n) * factor;
    const size = Math.abs(x);
    if (size < FILTER_LIMIT) {
      const floor = Math.floor(size);
      const frac = size - floor;
      if (Math.abs(frac - 0.5) > FILTER_MARGIN) {
        const nearest = frac > 0.5 ? floor + 1 : floor;
        return x < 0 ? -nearest : nearest;
      }
    }
    return NaN;
  };
}

const FILTER_LIMIT = 2 ** 40;
const FILTER_MARGIN = 1e-2;

/**
 * A non-negative integer count (< 2^40) of 10^-places, as text. The double nearest count / 10^places is
 * within 1.2e-16 relative of it, far inside half a unit of the last place, so toFixed prints its digits.
 */
function formatSmall(count: number, places: number): string {
  return (count / POW10_NUMBER[places]).toFixed(places);
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

/** An exact rational num/den (den > 0): what a percentage or a linear interpolation of amounts makes. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export function ratioOf(x: Scaled): Ratio {
  return { num: x.coefficient, den: pow10(x.scale) };
}

export type Rounding = 'nearest' | 'up' | 'down';

/** An integer from a rational: nearest (halves away from zero), up (ceiling) or down (floor). */
export function roundRatio(r: Ratio, mode: Rounding): bigint {
  const { num, den } = r;
  const q = num / den; // truncates toward zero
  const rem = num - q * den;
  if (rem === 0n) return q;
  const floor = rem < 0n ? q - 1n : q;
  if (mode === 'down') return floor;
  if (mode === 'up') return floor + 1n;
  const twice = 2n * (num - floor * den); // in (0, 2·den)
  if (twice > den) return floor + 1n;
  if (twice < den) return floor;
  return num < 0n ? floor : floor + 1n;
}

/** An amount in `from` units as granules of `granularity` in `to` units, rounded as asked. */
export function toGranules(amount: Ratio, from: Unit, to: Unit, granularity: Scaled, mode: Rounding): bigint {
  const fromYuan = YUAN_PER[from];
  const toYuan = YUAN_PER[to];
  // amount·fromYuan/toYuan / (g.coefficient·10^-g.scale)
  const num = amount.num * fromYuan * pow10(granularity.scale);
  const den = amount.den * toYuan * granularity.coefficient;
  return roundRatio({ num, den }, mode);
}

/** Converts an amount between 元 and 万元 exactly (万元 → 元 multiplies by 10,000; the reverse adds 4 decimals). */
export function convert(x: Scaled, from: Unit, to: Unit): Scaled {
  if (from === to) return x;
  if (from === 'wan') return normalise({ coefficient: x.coefficient * YUAN_PER.wan, scale: x.scale });
  return normalise({ coefficient: x.coefficient, scale: x.scale + 4 });
}

/**
 * How many whole granules make `amount`; a total that is not a whole number of granules cannot be split
 * into granules that add up to it, so it is an error rather than a silent rounding of the total.
 */
export function granules(amount: Scaled, granularity: Scaled, path: string): bigint {
  const s = Math.max(amount.scale, granularity.scale);
  const a = atScale(amount, s);
  const g = atScale(granularity, s);
  if (a % g !== 0n) {
    throw new EngineError([
      {
        path,
        en: `${toText(amount)} is not a whole multiple of the granularity ${toText(granularity)}; round it or choose a finer granularity.`,
        zh: `${toText(amount)} 不是分配粒度 ${toText(granularity)} 的整数倍；请先取整或选用更细的粒度。`,
      },
    ]);
  }
  return a / g;
}

/** An amount given as a count of granules, back in the unit, with the granularity's decimals. */
export function fromGranules(count: bigint, granularity: Scaled): string {
  return formatScaled(count * granularity.coefficient, granularity.scale);
}

/** Result of a largest-remainder split. */
export interface Apportionment {
  /** granules per part; they add up to the total exactly */
  readonly parts: bigint[];
  /** floor(total × weight / Σweights): what each part gets before the leftover granules are handed out */
  readonly floors: bigint[];
  /** remainder numerators over `denominator` (the fraction of a granule each part was owed beyond its floor) */
  readonly remainders: bigint[];
  readonly denominator: bigint;
  /** indices that received one leftover granule, in the order they received it */
  readonly awarded: number[];
}

/** The stated tie-break, reported in traces and the README. */
export const TIE_BREAK =
  'Leftover granules go one each to the largest remainders; equal remainders go first to the larger exact share, then to the smaller id (UTF-16 code-unit order, as JavaScript compares strings). Input order never matters.';

/**
 * Splits `total` granules in proportion to non-negative integer `weights` (Hamilton / largest-remainder).
 * Deterministic tie-break: remainder, then weight, both descending, then key ascending — so input order
 * never changes any part. Σ parts = total always; Σ weights must be positive.
 */
export function apportion(total: bigint, weights: readonly bigint[], keys: readonly string[]): Apportionment {
  let denominator = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('apportion: negative weight');
    denominator += w;
  }
  if (denominator === 0n) throw new RangeError('apportion: weights sum to zero');
  return apportionOver(total, weights, denominator, keys);
}

/** As apportion, when the caller already knows Σ weights (the hot path of the factor method). */
export function apportionOver(
  total: bigint,
  weights: readonly bigint[],
  denominator: bigint,
  keys: readonly string[],
): Apportionment {
  const n = weights.length;
  const floors = new Array<bigint>(n);
  const remainders = new Array<bigint>(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const owed = total * weights[i];
    const q = owed / denominator;
    floors[i] = q;
    remainders[i] = owed - q * denominator;
    given += q;
  }
  const left = Number(total - given); // < n, since each part lost less than one granule
  const parts = floors.slice();
  const awarded: number[] = [];
  if (left > 0) {
    const order = leftoverOrder(remainders, weights, keys, left);
    for (let j = 0; j < left; j++) {
      parts[order[j]] += 1n;
      awarded.push(order[j]);
    }
  }
  return { parts, floors, remainders, denominator, awarded };
}

/**
 * The parts in the order they receive leftover granules: remainder, then weight, both descending, then key
 * ascending. Two shortcuts, both exact:
 * - Zero remainders sort after every positive one, so when at least `left` remainders are positive only
 *   those need sorting. They always are here: the remainders add up to left × denominator (Σ weights =
 *   denominator) and each is below the denominator, so more than `left` of them are positive.
 * - Number() of a BigInt rounds monotonically, so where the doubles differ they order the BigInts the same
 *   way; only equal doubles need the BigInt comparison. Most steps of the sort compare two doubles.
 */
function leftoverOrder(remainders: readonly bigint[], weights: readonly bigint[], keys: readonly string[], left: number): number[] {
  const n = remainders.length;
  let order: number[] = [];
  for (let i = 0; i < n; i++) if (remainders[i] > 0n) order.push(i);
  if (order.length < left) order = Array.from({ length: n }, (_, i) => i); // Σ weights ≠ denominator: never from this engine
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  for (const i of order) {
    r[i] = Number(remainders[i]);
    w[i] = Number(weights[i]);
  }
  return order.sort((a, b) => {
    if (r[a] !== r[b]) return r[b] - r[a];
    const ra = remainders[a];
    const rb = remainders[b];
    if (ra !== rb) return ra > rb ? -1 : 1;
    if (w[a] !== w[b]) return w[b] - w[a];
    const wa = weights[a];
    const wb = weights[b];
    if (wa !== wb) return wa > wb ? -1 : 1;
    return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
  });
}
