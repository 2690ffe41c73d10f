/**
 * Splitting a whole number of granules in proportion to weights by the largest-remainder (Hamilton) method,
 * so the parts always add up to the total; the tie-break is stated and input order never matters.
 */

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
export function apportionOver(total: bigint, weights: readonly bigint[], denominator: bigint, keys: readonly string[]): Apportionment {
  return filteredApportion(total, weights, denominator, keys) ?? exactApportion(total, weights, denominator, keys);
}

/** apportionOver all in BigInts: the reference of the filtered path (and its fallback). */
export function exactApportion(total: bigint, weights: readonly bigint[], denominator: bigint, keys: readonly string[]): Apportionment {
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

/** Relative error allowed for a double estimate of total × w / D: 2^-50, twice the at most 4.01 roundings of 2^-53 it has. */
const ESTIMATE_ERROR = 2 ** -50;
const FAST_TOTAL = 2 ** 51;
/** Below this an estimate's error is no longer relative (subnormal doubles): such parts (zero weights among them) take BigInts. */
const TINY = 2 ** -900;

/**
 * apportionOver with doubles deciding wherever they provably decide, the same result as exactApportion.
 * Each part's share total × w_i / D is estimated as Number(w_i) × (total / Number(D)): at most 4 roundings of
 * 2^-53 each (Number(w_i), Number(D), the quotient, the product; total is an exact double below 2^51), so the
 * estimate e_i is within e_i · 2^-50 of the exact value. Where the fraction of e_i is farther than that from 0
 * and 1, floor(e_i) is the exact floor and the fraction estimates the exact remainder ÷ D to the same error;
 * elsewhere that part takes BigInts. The leftover order compares two fractions as doubles only where they are
 * farther apart than their two errors, else the exact remainders (made on demand): every comparison answers
 * as the exact one does, so the sort is the exact sort. The remainders themselves, read only by traces, are
 * made when first read. Undefined (the caller takes the exact path) for a total that is no small
 * non-negative integer, a denominator that is no positive finite double, or a negative weight.
 */
function filteredApportion(total: bigint, weights: readonly bigint[], denominator: bigint, keys: readonly string[]): Apportionment | undefined {
  const t = Number(total);
  const d = Number(denominator);
  if (!(t >= 0 && t < FAST_TOTAL) || !(d > 0 && d < Infinity)) return undefined;
  const ratio = t / d;
  const n = weights.length;
  const floorOf = new Float64Array(n);
  const fraction = new Float64Array(n);
  const error = new Float64Array(n);
  const w = new Float64Array(n);
  /** exact remainders of the parts whose floor the doubles could not decide (Infinity error) */
  const exactRemainder = new Map<number, bigint>();
  let given = 0;
  for (let i = 0; i < n; i++) {
    const wi = Number(weights[i]);
    if (wi < 0) return undefined;
    w[i] = wi;
    const e = wi * ratio;
    const err = e * ESTIMATE_ERROR;
    const floor = Math.floor(e);
    const frac = e - floor;
    if (e < FAST_TOTAL && e > TINY && frac > err && frac < 1 - err) {
      floorOf[i] = floor;
      fraction[i] = frac;
      error[i] = err;
    } else {
      const owed = total * weights[i];
      const q = owed / denominator;
      const r = owed - q * denominator;
      floorOf[i] = Number(q); // ≤ total: exact
      fraction[i] = e - floor;
      error[i] = Infinity;
      exactRemainder.set(i, r);
    }
    given += floorOf[i];
  }
  const left = t - given; // integers below 2^51: exact
  const remainderOf = (i: number): bigint => {
    let r = exactRemainder.get(i);
    if (r === undefined) {
      r = total * weights[i] - BigInt(floorOf[i]) * denominator;
      exactRemainder.set(i, r);
    }
    return r;
  };
  const floors = new Array<bigint>(n);
  for (let i = 0; i < n; i++) floors[i] = BigInt(floorOf[i]);
  const parts = floors.slice();
  const awarded: number[] = [];
  if (left > 0) {
    let order: number[] = [];
    // positive remainders: a decided fraction is above its error, so above 0
    for (let i = 0; i < n; i++) if (error[i] !== Infinity || remainderOf(i) > 0n) order.push(i);
    if (order.length < left) order = Array.from({ length: n }, (_, i) => i); // Σ weights ≠ denominator: never from this engine
    order.sort((a, b) => {
      const fa = fraction[a];
      const fb = fraction[b];
      if (fa - fb > error[a] + error[b]) return -1;
      if (fb - fa > error[a] + error[b]) return 1;
      const ra = remainderOf(a);
      const rb = remainderOf(b);
      if (ra !== rb) return ra > rb ? -1 : 1;
      if (w[a] !== w[b]) return w[b] - w[a];
      const wa = weights[a];
      const wb = weights[b];
      if (wa !== wb) return wa > wb ? -1 : 1;
      return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
    });
    for (let j = 0; j < left; j++) {
      const i = order[j];
      parts[i] = BigInt(floorOf[i] + 1);
      awarded.push(i);
    }
  }
  let remainders: bigint[] | undefined;
  return {
    parts,
    floors,
    get remainders(): bigint[] {
      remainders ??= Array.from({ length: n }, (_, i) => remainderOf(i));
      return remainders;
    },
    denominator,
    awarded,
  };
}
