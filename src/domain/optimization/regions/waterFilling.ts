/**
 * The direct algorithm of kind 1 (no solver): integer amounts x_i (granules) closest to targets t_i,
 *   minimise Σ c_i |x_i − t_i|  subject to  Σ x_i = T,  l_i ≤ x_i ≤ u_i,
 * with c_i > 0 (w_i for absolute deviation, w_i / t_i for relative).
 *
 * Each term is convex and piecewise linear in whole granules, so the problem is a separable convex one over
 * one sum: start every region at l_i and add the R = T − Σ l_i granules one at a time where the objective
 * rises least. A region's marginal cost per added granule is
 *   −c_i                 from l_i up to clamp(⌊t_i⌋)                                   (towards the target)
 *   c_i·(1 − 2·frac t_i) for the one granule ⌊t_i⌋ → ⌈t_i⌉ when both lie within [l_i, u_i]   (rounding)
 *   +c_i                 from clamp(⌈t_i⌉) up to u_i                                   (past the target)
 * (clamp to [l_i, u_i]): nondecreasing, so filling these segments in ascending cost order is optimal (the
 * greedy algorithm of separable convex resource allocation). Costs are ordered exactly (floatOrder.ts).
 *
 * Every granule of one class (segments of equal cost) costs the same, so how the class where R runs out
 * is shared changes nothing in the objective: any split of it is optimal. The split is made canonical
 * (deterministic, independent of input order, fair):
 * 1. its rounding segments first, one granule each, larger target first, then smaller key;
 * 2. its other segments in proportion to the targets as far as their ranges allow: x_i = clamp(λ·t_i,
 *    start_i, end_i) with one λ for all (an exact breakpoint sweep, proportional.ts); should zero-target
 *    segments be needed beyond what the others can take, the others are filled and the zero-target ones
 *    share the rest by equal additions;
 * 3. whole granules by largest remainder: floors, then one granule each to the largest remainders; equal
 *    remainders go to the larger target, then to the smaller key (money.ts's tie-break). A part is only
 *    raised when its remainder is positive, so no segment's range is ever left.
 */
import { solveBounds } from '../../allocation/pipeline/bounds.js';
import { close, orderExactly } from './floatOrder.js';
import { fillProportionally } from './proportional.js';
import { gcd } from '../../../core/rational.js';

export interface WaterFillingProblem {
  /** t_i = targetNum_i / targetDen granules (≥ 0), over one common denominator */
  readonly targetNum: readonly bigint[];
  readonly targetDen: bigint;
  /** c_i = costNum_i / costDen_i > 0 (costDen omitted: all 1) */
  readonly costNum: readonly bigint[];
  readonly costDen?: readonly bigint[];
  readonly lower: readonly bigint[];
  /** undefined: no cap */
  readonly upper: readonly (bigint | undefined)[];
  /** T, granules */
  readonly total: bigint;
  /** region ids, for the last tie-break */
  readonly keys: readonly string[];
}

export type SegmentKind = 'toward' | 'rounding' | 'past';

/** One class of equal marginal cost, as filled. */
export interface FilledClass {
  /** marginal cost per granule, num/den (den > 0), in the units of costNum/costDen */
  readonly cost: { readonly num: bigint; readonly den: bigint };
  /** how many segments of each kind the class has */
  readonly kinds: Readonly<Record<SegmentKind, number>>;
  /** granules added by this class */
  readonly units: bigint;
  /** R ran out in this class */
  readonly partial: boolean;
}

export interface WaterFillingSolution {
  readonly ok: true;
  readonly amounts: bigint[];
  /** the classes filled, in order (ascending cost); the last one may be partial */
  readonly classes: FilledClass[];
  /** λ of the partial class's proportional split, num/den; null when there was none */
  readonly lambda: { readonly num: bigint; readonly den: bigint } | null;
  /** the partial class needed its zero-target segments (shared by equal additions) */
  readonly zeroTargetsShared: boolean;
}

export interface WaterFillingFailure {
  readonly ok: false;
  /** floors: Σ l_i > T; caps: every region is capped and Σ u_i < T */
  readonly side: 'floors' | 'caps';
  readonly sumLower: bigint;
  /** Σ u_i, when every region has a cap */
  readonly sumUpper: bigint | undefined;
}

const TWO_53 = 2n ** 53n;
const TOWARD = 0;
const ROUNDING = 1;
const PAST = 2;

/** Per region: where its segments start and end (segments are identified by region and kind). */
interface Layout {
  readonly towardEnd: bigint[];
  readonly floorT: bigint[];
  readonly ceilT: bigint[];
  readonly pastStart: bigint[];
  readonly rem: bigint[];
}

export function waterFill(pb: WaterFillingProblem): WaterFillingSolution | WaterFillingFailure {
  const n = pb.lower.length;
  const { lower, upper, targetNum, total } = pb;
  const D = pb.targetDen;
  let sumLower = 0n;
  let sumUpper: bigint | undefined = 0n;
  for (let i = 0; i < n; i++) {
    sumLower += lower[i];
    const u = upper[i];
    sumUpper = u === undefined || sumUpper === undefined ? undefined : sumUpper + u;
  }
  if (sumLower > total) return { ok: false, side: 'floors', sumLower, sumUpper };
  if (sumUpper !== undefined && sumUpper < total) return { ok: false, side: 'caps', sumLower, sumUpper };
  const amounts = lower.slice();
  let left = total - sumLower;
  if (left === 0n) return { ok: true, amounts, classes: [], lambda: null, zeroTargetsShared: false };

  // segments as (region, kind); estimates of their costs as doubles, exact costs only where needed
  const lay: Layout = { towardEnd: new Array(n), floorT: new Array(n), ceilT: new Array(n), pastStart: new Array(n), rem: new Array(n) };
  const segRegion = new Uint32Array(3 * n);
  const segKind = new Uint8Array(3 * n);
  const estimate = new Float64Array(3 * n);
  const dens = pb.costDen;
  const Dn = Number(D);
  const smallD = D < 2n ** 52n;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const lo = lower[i];
    const hi = upper[i];
    const t = targetNum[i];
    const fl = t / D;
    const r = t % D;
    const ce = r === 0n ? fl : fl + 1n;
    const towardEnd = fl < lo ? lo : hi !== undefined && fl > hi ? hi : fl;
    const pastStart = ce < lo ? lo : hi !== undefined && ce > hi ? hi : ce;
    lay.towardEnd[i] = towardEnd;
    lay.floorT[i] = fl;
    lay.ceilT[i] = ce;
    lay.pastStart[i] = pastStart;
    lay.rem[i] = r;
    const c = dens ? Number(pb.costNum[i]) / Number(dens[i]) : Number(pb.costNum[i]);
    if (towardEnd > lo) {
      segRegion[m] = i;
      segKind[m] = TOWARD;
      estimate[m++] = -c;
    }
    if (r !== 0n && lo <= fl && (hi === undefined || ce <= hi)) {
      segRegion[m] = i;
      segKind[m] = ROUNDING;
      // D − 2r exactly before dividing: 1 − 2·frac in doubles would lose the relative precision near 0
      const mid = smallD ? Dn - 2 * Number(r) : Number(D - 2n * r);
      estimate[m++] = c * (mid / Dn);
    }
    if (hi === undefined || hi > pastStart) {
      segRegion[m] = i;
      segKind[m] = PAST;
      estimate[m++] = c;
    }
  }
  const multiplier = (s: number): bigint => {
    const k = segKind[s];
    return k === TOWARD ? -D : k === PAST ? D : D - 2n * lay.rem[segRegion[s]];
  };
  const compare = (a: number, b: number): number => {
    const ia = segRegion[a];
    const ib = segRegion[b];
    const ka = segKind[a];
    const kb = segKind[b];
    const sameCost = pb.costNum[ia] === pb.costNum[ib] && (!dens || dens[ia] === dens[ib]);
    if (ka === kb && ka !== ROUNDING && sameCost) return 0;
    let x = pb.costNum[ia] * multiplier(a);
    let y = pb.costNum[ib] * multiplier(b);
    if (dens && dens[ia] !== dens[ib]) {
      x *= dens[ib];
      y *= dens[ia];
    }
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const order = orderExactly(estimate.subarray(0, m), compare);
  const startOf = (s: number): bigint => {
    const i = segRegion[s];
    const k = segKind[s];
    return k === TOWARD ? lower[i] : k === ROUNDING ? lay.floorT[i] : lay.pastStart[i];
  };
  const endOf = (s: number): bigint | undefined => {
    const i = segRegion[s];
    const k = segKind[s];
    return k === TOWARD ? lay.towardEnd[i] : k === ROUNDING ? lay.ceilT[i] : upper[i];
  };

  // granules the segments order[from..to) hold, or undefined when that is more than `left` (or unbounded).
  // While T ≤ 2^52 the sum is taken in doubles: a segment starts at most at T (the amounts add up to at most
  // T), so one ending beyond 2^53 holds more than `left`, and every sum compared stays an exact integer.
  const smallTotal = total <= 2n ** 52n;
  const classUnits = (from: number, to: number): bigint | undefined => {
    if (smallTotal) {
      const limit = Number(left);
      let sum = 0;
      for (let k = from; k < to; k++) {
        const e = endOf(order[k]);
        if (e === undefined || e > TWO_53) return undefined;
        sum += Number(e) - Number(startOf(order[k]));
        if (sum > limit) return undefined;
      }
      return BigInt(sum);
    }
    let sum = 0n;
    for (let k = from; k < to; k++) {
      const e = endOf(order[k]);
      if (e === undefined) return undefined;
      sum += e - startOf(order[k]);
    }
    return sum;
  };
  // classes as runs of `order` (their starts) and the granules each added; their costs and kinds are only
  // written out when the solution's `classes` are read (a trace): relative deviation has a class per segment
  const starts: number[] = [];
  const added: bigint[] = [];
  let partialEnd = -1;
  let lambda: WaterFillingSolution['lambda'] = null;
  let zeroTargetsShared = false;
  let from = 0;
  while (from < m && left > 0n) {
    // a class: neighbours of exactly equal cost (adjacent, as the order is exact); only close estimates can tie
    let to = from + 1;
    while (to < m && mayTie(estimate[order[from]], estimate[order[to]]) && compare(order[from], order[to]) === 0) to++;
    const units = classUnits(from, to);
    starts.push(from);
    if (units !== undefined && units <= left) {
      for (let k = from; k < to; k++) amounts[segRegion[order[k]]] = endOf(order[k])!;
      left -= units;
      added.push(units);
    } else {
      const members: number[] = [];
      for (let k = from; k < to; k++) members.push(order[k]); // a loop: Array.from would iterate
      const split = fillPartial(pb, members, left, { region: segRegion, kind: segKind, startOf, endOf }, amounts);
      lambda = split.lambda;
      zeroTargetsShared = split.zeroTargetsShared;
      added.push(left);
      partialEnd = to;
      left = 0n;
    }
    from = to;
  }
  if (left !== 0n) throw new Error('waterFill: the segments ran out before the total'); // a bug: Σu ≥ T was checked
  const filledClass = (c: number): FilledClass => {
    const end = c + 1 < starts.length ? starts[c + 1] : partialEnd >= 0 ? partialEnd : from;
    const kinds = { toward: 0, rounding: 0, past: 0 };
    for (let k = starts[c]; k < end; k++) {
      const kind = segKind[order[k]];
      if (kind === TOWARD) kinds.toward++;
      else if (kind === ROUNDING) kinds.rounding++;
      else kinds.past++;
    }
    const s0 = order[starts[c]];
    const cost = { num: pb.costNum[segRegion[s0]] * multiplier(s0), den: (dens ? dens[segRegion[s0]] : 1n) * D };
    return { cost, kinds, units: added[c], partial: partialEnd >= 0 && c === starts.length - 1 };
  };
  let classes: FilledClass[] | undefined;
  return {
    ok: true,
    amounts,
    get classes() {
      return (classes ??= starts.map((_, c) => filledClass(c)));
    },
    lambda,
    zeroTargetsShared,
  };
}

/** Exactly equal costs have estimates this close (or estimates that overflowed). */
function mayTie(a: number, b: number): boolean {
  return !Number.isFinite(a) || !Number.isFinite(b) || close(a, b);
}

interface Segments {
  readonly region: Uint32Array;
  readonly kind: Uint8Array;
  readonly startOf: (s: number) => bigint;
  readonly endOf: (s: number) => bigint | undefined;
}

/** Shares `need` granules over one class canonically (module comment, steps 1–3); writes into `amounts`. */
function fillPartial(pb: WaterFillingProblem, members: number[], need: bigint, seg: Segments, amounts: bigint[]) {
  const rounding = members.filter((s) => seg.kind[s] === ROUNDING).sort((a, b) => byTargetThenKey(pb, seg.region[a], seg.region[b]));
  for (const s of rounding) {
    if (need === 0n) break;
    amounts[seg.region[s]] = seg.endOf(s)!;
    need -= 1n;
  }
  if (need === 0n) return { lambda: null, zeroTargetsShared: false };

  const ranges = members.filter((s) => seg.kind[s] !== ROUNDING);
  const base = ranges.reduce((sum, s) => sum + seg.startOf(s), 0n);
  // x_i = clamp(λ·t_i) with t_i = targetNum_i / D: solved as clamp(μ·targetNum_i) in granules, λ = μ·D
  const proportional = fillProportionally(
    ranges.map((s) => pb.targetNum[seg.region[s]]),
    ranges.map((s) => seg.startOf(s)),
    ranges.map((s) => seg.endOf(s)),
    base + need,
  );
  if (proportional) {
    roundInto(ranges, proportional.finals, proportional.q, base + need, seg, pb, amounts);
    return { lambda: reduce(proportional.p * pb.targetDen, proportional.q), zeroTargetsShared: false };
  }
  // zero targets take no share of λ·t: fill the others, then add equally to the zero-target ones
  const zero = ranges.filter((s) => pb.targetNum[seg.region[s]] === 0n);
  for (const s of ranges) {
    if (pb.targetNum[seg.region[s]] === 0n) continue;
    const e = seg.endOf(s)!; // finite: an uncapped positive-target segment would have absorbed λ·t
    amounts[seg.region[s]] = e;
    need -= e - seg.startOf(s);
  }
  const zeroBase = zero.reduce((sum, s) => sum + seg.startOf(s), 0n);
  const equal = solveBounds({
    a: zero.map((s) => seg.startOf(s)),
    b: zero.map(() => 1n),
    lo: zero.map((s) => seg.startOf(s)),
    hi: zero.map((s) => seg.endOf(s)),
    target: zeroBase + need,
  });
  if (!equal.ok) throw new Error('waterFill: a class could not take what it was measured to hold'); // a bug
  roundInto(zero, equal.finals, equal.q, zeroBase + need, seg, pb, amounts);
  return { lambda: null, zeroTargetsShared: true };
}

function byTargetThenKey(pb: WaterFillingProblem, i: number, j: number): number {
  const ti = pb.targetNum[i];
  const tj = pb.targetNum[j];
  if (ti !== tj) return ti > tj ? -1 : 1;
  const ki = pb.keys[i];
  const kj = pb.keys[j];
  return ki < kj ? -1 : ki > kj ? 1 : 0;
}

/**
 * Whole granules from exact shares finals_k / den that add up to `sum`: floors, then one granule each to
 * the largest remainders (equal ones: larger target, then smaller key), ordered by floatOrder.ts: as doubles,
 * exactly only where the doubles are close.
 */
function roundInto(
  segs: readonly number[],
  finals: readonly bigint[],
  den: bigint,
  sum: bigint,
  seg: Segments,
  pb: WaterFillingProblem,
  amounts: bigint[],
): void {
  const m = segs.length;
  const rems = new Array<bigint>(m);
  let given = 0n;
  for (let k = 0; k < m; k++) {
    const q = finals[k] / den;
    rems[k] = finals[k] % den;
    given += q;
    amounts[seg.region[segs[k]]] = q;
  }
  const leftover = Number(sum - given);
  if (leftover === 0) return;
  const positive: number[] = [];
  for (let k = 0; k < m; k++) if (rems[k] > 0n) positive.push(k);
  // descending remainders; equal ones: larger target, then smaller key
  const est = new Float64Array(positive.length);
  for (let j = 0; j < positive.length; j++) est[j] = -Number(rems[positive[j]]);
  const order = orderExactly(est, (a, b) => {
    const ra = rems[positive[a]];
    const rb = rems[positive[b]];
    if (ra !== rb) return ra > rb ? -1 : 1;
    return byTargetThenKey(pb, seg.region[segs[positive[a]]], seg.region[segs[positive[b]]]);
  });
  // Σ remainders = leftover·den with each remainder < den, so more than `leftover` of them are positive
  for (let j = 0; j < leftover; j++) amounts[seg.region[segs[positive[order[j]]]]] += 1n;
}

function reduce(num: bigint, den: bigint): { num: bigint; den: bigint } {
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}
