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
