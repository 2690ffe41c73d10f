/**
 * Ranks (排位) for monitoring: competition ranking ("1-2-2-4": equal values share the best of their places,
 * the next value skips as many places as were shared), and who is among the bottom N.
 *
 * The ranks depend only on the values, never on input order. The bottom-N rule follows the points stage of
 * the allocation pipeline: a tie at the group's edge brings every tied region in, and with fewer than 2N
 * regions N shrinks to ⌊n/2⌋ (otherwise "the bottom 5 of 6 cities" would flag nearly everyone). The points
 * stage ranks decimal scores with its own sort; these ranks compare exact rationals (spent ÷ in place).
 */
import { groupSize } from '../allocation/pipeline/points.js';

/** Competition ranks of items ordered best first by `compare` (negative: a ranks before b; 0: a tie). */
export function competitionRanks<T>(items: readonly T[], compare: (a: T, b: T) => number): number[] {
  const order = items.map((_, i) => i).sort((a, b) => compare(items[a], items[b]));
  const ranks = new Array<number>(items.length);
  order.forEach((i, position) => {
    const before = order[position - 1];
    ranks[i] = position > 0 && compare(items[before], items[i]) === 0 ? ranks[before] : position + 1;
  });
  return ranks;
}

/** N as applied to n regions: N itself, or ⌊n/2⌋ when there are fewer than 2N (the points stage's groupSize). */
export function effectiveBottom(n: number, bottom: number): number {
  return groupSize(bottom, n);
}

/**
 * Whether each rank is among the bottom N of its list: fewer than N (effective) entries rank strictly below
 * it, so a tie at the edge brings every tied region in — but never a region nobody beats (rank 1): when all
 * are equal nobody is behind. There is no top group here, so unlike the points stage a tie straddling the
 * middle is in the bottom group. Ranks may come from elsewhere (a previous report): only their order is used.
 */
export function inBottom(ranks: readonly number[], bottom: number): boolean[] {
  const n = ranks.length;
  const cut = effectiveBottom(n, bottom);
  const sorted = [...ranks].sort((a, b) => a - b);
  const best = sorted[0];
  return ranks.map((r) => r !== best && n - upperBound(sorted, r) < cut);
}

/** The number of entries ≤ r in an ascending list. */
function upperBound(sorted: readonly number[], r: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
