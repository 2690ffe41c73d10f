/**
 * Points ranking (计分制): composite scores rank the regions; the bottom N lose money next year, the top N
 * gain (seed 003 §二6: the bottom 10 counties lose 200–400万元). One implementation for the allocation's
 * points stage and for POST /v1/rankings (whose composites come from scored events: ../ranking.ts).
 *
 * Ties: equal scores share a rank (competition ranking, 1-2-2-4), counted from the best for the top group
 * and from the worst for the bottom group. A group is every region whose position is within N, so a tie
 * straddling the boundary brings all tied regions in (nobody is left out by input order). When fewer than
 * 2N regions are ranked, N shrinks to ⌊n/2⌋; a tie across the middle that still reaches into both groups
 * leaves its regions in neither (membership decides, not whether an amount is above 0).
 */
import { apportion, atScale, parseDecimal, Ratio, ratioOf, Scaled, toGranules, Unit } from '../../../core/money.js';
import type { RankAmountSpec } from '../model.js';

/** How a position in a group maps to an amount: one fixed amount, or linear from the extreme to the Nth. */
export interface RankAmount {
  readonly fixed?: Scaled;
  /** amount at position 1 (the worst for penalties, the best for rewards) */
  readonly from?: Scaled;
  /** amount at position N */
  readonly to?: Scaled;
}

export interface GroupRule {
  readonly count: number;
  readonly amount: RankAmount;
}

/** Which group a region falls in: the top N (rewarded), the bottom N (penalised), or neither. */
export type RankGroup = 'top' | 'bottom' | 'none';

export interface Ranked {
  /** 1 = best score; equal scores share a rank */
  readonly rank: number;
  /** 1 = worst score; equal scores share it */
  readonly rankFromBottom: number;
  readonly group: RankGroup;
  /** granules lost (bottom group) or gained (top group); 0 otherwise */
  readonly penalty: bigint;
  readonly reward: bigint;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export const POINTS_TIE_RULE =
  'Equal scores share a rank (1-2-2-4), counted from the best for rewards and from the worst for penalties; a tie at the edge of a group brings every tied region in. With fewer than 2N regions, N shrinks to ⌊n/2⌋; a region that ties into both groups (all scores equal) is in neither.';

export const POINTS_TIE_RULE_ZH =
  '得分相同者名次相同（1-2-2-4），奖励从高分往下数、扣减从低分往上数；并列跨越分组边界时，并列者全部纳入该组。参与排名的地区少于 2N 个时，N 取 ⌊n/2⌋；因并列同时落入两组的地区（如全部得分相同）两组均不计入。';

/** How many regions a group of `count` may hold among n: at most ⌊n/2⌋, so the groups never overlap. */
export function groupSize(count: number, n: number): number {
  return Math.max(0, Math.min(count, Math.floor(n / 2)));
}

export interface PointsGroups {
  readonly bottom?: { readonly count: number; readonly amount: RankAmountSpec };
  readonly top?: { readonly count: number; readonly amount: RankAmountSpec };
}

/** A model's group rules (decimal amounts as written) as the rules rankAndScore reads. */
export function groupRules(spec: PointsGroups): { bottom?: GroupRule; top?: GroupRule } {
  const p = (x: string | number | undefined) => (x === undefined ? undefined : parseDecimal(x));
  const rule = (g: { count: number; amount: RankAmountSpec } | undefined): GroupRule | undefined =>
    g ? { count: g.count, amount: { fixed: p(g.amount.fixed), from: p(g.amount.from), to: p(g.amount.to) } } : undefined;
  return { bottom: rule(spec.bottom), top: rule(spec.top) };
}

/**
 * The points ranking as a model writes it: its groups' amounts (in the model's unit) become the request's
 * granules, rounded to the nearest. The allocation pipeline's points stage and POST /v1/rankings both
 * rank through here, so the same scores always give the same amounts.
 */
export function rankByModel(scores: readonly Scaled[], groups: PointsGroups, units: { model: Unit; unit: Unit; granularity: Scaled }): Ranked[] {
  return rankAndScore(scores, groupRules(groups), (r) => toGranules(r, units.model, units.unit, units.granularity, 'nearest'));
}

/** Ranks by score (exact decimals, larger is better) and applies the group rules, in granules. */
export function rankAndScore(scores: readonly Scaled[], rules: { bottom?: GroupRule; top?: GroupRule }, toGranules: (x: Ratio) => bigint): Ranked[] {
  const n = scores.length;
  const scale = Math.max(0, ...scores.map((s) => s.scale));
  const values = scores.map((s) => atScale(s, scale));
  const { rank, rankFromBottom } = competitionRanks(values);
  const bottomN = rules.bottom ? groupSize(rules.bottom.count, n) : 0;
  const topN = rules.top ? groupSize(rules.top.count, n) : 0;
  // each distinct position's amount is converted once, not once per region
  const penaltyAt = amountsByPosition(rules.bottom, bottomN, toGranules);
  const rewardAt = amountsByPosition(rules.top, topN, toGranules);
  const out = new Array<Ranked>(n);
  for (let i = 0; i < n; i++) {
    const inBottom = rankFromBottom[i] <= bottomN;
    const inTop = rank[i] <= topN;
    // a tie across the middle (e.g. all scores equal) can bring a region into both groups: it is in neither
    const group: RankGroup = inBottom === inTop ? 'none' : inBottom ? 'bottom' : 'top';
    out[i] = {
      rank: rank[i],
      rankFromBottom: rankFromBottom[i],
      group,
      penalty: group === 'bottom' ? penaltyAt(rankFromBottom[i]) : 0n,
      reward: group === 'top' ? rewardAt(rank[i]) : 0n,
    };
  }
  return out;
}

/**
 * Competition ranks both ways from one ascending sort: a run of equal values at positions [start, end)
 * has rank n − end + 1 from the best (1 + how many are larger) and start + 1 from the worst.
 */
function competitionRanks(values: readonly bigint[]): { rank: number[]; rankFromBottom: number[] } {
  const n = values.length;
  const order = ascendingOrder(values);
  const rank = new Array<number>(n);
  const rankFromBottom = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    for (let k = start; k < end; k++) {
      rank[order[k]] = n - end + 1;
      rankFromBottom[order[k]] = start + 1;
    }
    start = end;
  }
  return { rank, rankFromBottom };
}

/**
 * Indices in ascending order of value (ties in any order: they share a rank). Scores are small decimals:
 * when every |v|·n + n stays below 2^53, the doubles v·n + i are exact integers that order by (v, i), so a
 * native sort of a Float64Array orders the indices without a comparator call per step, and i comes back
 * as (v·n + i) mod n. Otherwise an exact sort of the BigInts.
 */
function ascendingOrder(values: readonly bigint[]): ArrayLike<number> {
  const n = values.length;
  let largest = 0n;
  for (const v of values) {
    const size = v < 0n ? -v : v;
    if (size > largest) largest = size;
  }
  if (largest > MAX_SAFE || Number(largest) * n + n >= 2 ** 53) {
    return values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Number(values[i]) * n + i;
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = ((keys[k] % n) + n) % n;
  return order;
}

/** The granules at each position 1..count of a group, computed once per position (many regions share one). */
function amountsByPosition(rule: GroupRule | undefined, count: number, toGranules: (x: Ratio) => bigint): (position: number) => bigint {
  const memo = new Map<number, bigint>();
  return (position) => {
    if (!rule || position > count) return 0n;
    let v = memo.get(position);
    if (v === undefined) memo.set(position, (v = toGranules(amountAt(rule.amount, position, count))));
    return v;
  };
}

/** The amount at position p of N: fixed, or from + (to − from)·(p − 1)/(N − 1), exact. */
export function amountAt(amount: RankAmount, p: number, count: number): Ratio {
  if (amount.fixed) return ratioOf(amount.fixed);
  const from = ratioOf(amount.from!);
  const to = ratioOf(amount.to ?? amount.from!);
  if (count === 1) return from;
  // from = a/d, to = b/e: (a·e·(N−1) + (b·d − a·e)·(p−1)) / (d·e·(N−1))
  const n1 = BigInt(count - 1);
  const num = from.num * to.den * n1 + (to.num * from.den - from.num * to.den) * BigInt(p - 1);
  return { num, den: from.den * to.den * n1 };
}

/**
 * Pays `wanted` granules per region out of `available` granules: in full when there is enough, else pro
 * rata by largest remainder (same tie-break as every split). Returns what each region receives.
 */
export function payOut(wanted: readonly bigint[], available: bigint, keys: readonly string[]): bigint[] {
  let total = 0n;
  for (const w of wanted) total += w;
  if (total <= available) return wanted.slice();
  if (available <= 0n) return wanted.map(() => 0n);
  return apportion(available, wanted, keys).parts;
}
