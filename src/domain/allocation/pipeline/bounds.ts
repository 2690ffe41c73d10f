/**
 * Floors and caps with redistribution, solved exactly.
 *
 * Each region's amount is x_i(λ) = a_i + λ·b_i: a fixed part a_i (set-aside, rewards, penalties) plus its
 * formula part b_i ≥ 0 scaled by one factor λ ≥ 0 that all regions share. The stage finds the λ for which
 *   Σ_i clamp(x_i(λ), lo_i, hi_i) = B
 * (`unit` is the λ that means "no redistribution": 1 when b_i is the formula amount itself, 1/D when b_i is
 * the formula amount times D — which keeps every other number a plain count of granules).
 * — money taken to lift regions to their floors, or freed by capping others, is spread over the free
 * regions in proportion to their formula amounts (ratable reduction, as in formula grants).
 *
 * g(λ) = Σ clamp(…) is nondecreasing and piecewise linear, with a breakpoint where a region leaves its floor
 * (λ = (lo − a)/b) or reaches its cap ((hi − a)/b). A sweep over the breakpoints in exact order (sort.ts)
 * finds the segment where g crosses B, and λ* = (B − C)/S there: one pass, exact rationals, no iteration to
 * a tolerance. All amounts are integers over one common denominator supplied by the caller.
 */
import { sortExactly } from '../../../core/sort.js';

export interface BoundsProblem {
  /** fixed parts a_i */
  readonly a: readonly bigint[];
  /** formula parts b_i ≥ 0, scaled by λ */
  readonly b: readonly bigint[];
  /** floors lo_i (at least 0) */
  readonly lo: readonly bigint[];
  /** caps hi_i ≥ lo_i, or undefined for none */
  readonly hi: readonly (bigint | undefined)[];
  /** what the regions must add up to */
  readonly target: bigint;
  /** the λ of "no redistribution" (default 1): where `initially` and `cascade` start from */
  readonly unit?: { readonly num: bigint; readonly den: bigint };
}

export type BoundState = 'floor' | 'cap' | 'free';

export interface CascadeEvent {
  readonly index: number;
  readonly bound: 'floor' | 'cap';
  /** λ at which the region meets the bound, as num/den */
  readonly lambda: { num: bigint; den: bigint };
}

export interface BoundsSolution {
  readonly ok: true;
  /** λ* = p/q */
  readonly p: bigint;
  readonly q: bigint;
  /** final amounts, numerators over (common denominator · q) */
  readonly finals: bigint[];
  readonly state: BoundState[];
  /** regions already outside their bounds at λ = unit (before any redistribution) */
  readonly initially: { floor: number[]; cap: number[] };
  /** regions reaching a bound as λ moves from unit to λ*, in order: the cascade of redistribution */
  readonly cascade: CascadeEvent[];
}

export interface BoundsFailure {
  readonly ok: false;
  /** floors: even with every formula amount at 0 the floors and fixed parts exceed the target;
   *  caps: even at every cap the regions cannot absorb the target */
  readonly kind: 'floors' | 'caps';
  /** by how much (over the common denominator) */
  readonly gap: bigint;
  /** the regions whose bounds bind in that extreme */
  readonly binding: number[];
}

interface Event {
  readonly index: number;
  readonly kind: 'leaveFloor' | 'reachCap';
  readonly num: bigint;
  readonly den: bigint;
}

export function solveBounds(pb: BoundsProblem): BoundsSolution | BoundsFailure {
  const n = pb.a.length;
  const { a, b, lo, hi, target } = pb;
  let C = 0n; // Σ of clamped values and free intercepts on the current segment
  let S = 0n; // Σ of b over free regions on the current segment
  const events: Event[] = [];
  const floorAtZero: number[] = [];
  for (let i = 0; i < n; i++) {
    const cap = hi[i];
    if (b[i] === 0n) {
      C += clamp(a[i], lo[i], cap);
      if (a[i] < lo[i]) floorAtZero.push(i);
      continue;
    }
    if (cap !== undefined && a[i] >= cap) {
      C += cap;
      continue;
    }
    if (a[i] < lo[i]) {
      C += lo[i];
      floorAtZero.push(i);
      events.push({ index: i, kind: 'leaveFloor', num: lo[i] - a[i], den: b[i] });
    } else {
      C += a[i];
      S += b[i];
    }
    if (cap !== undefined) events.push({ index: i, kind: 'reachCap', num: cap - a[i], den: b[i] });
  }
  if (C > target) return { ok: false, kind: 'floors', gap: C - target, binding: floorAtZero };

  const order = sortExactly(
    events.length,
    (k) => Number(events[k].num) / Number(events[k].den),
    (x, y) => {
      const d = events[x].num * events[y].den - events[y].num * events[x].den;
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    },
  );
  let p: bigint | undefined;
  let q = 1n;
  let last = { num: 0n, den: 1n };
  for (const k of order) {
    const e = events[k];
    if (S > 0n ? (target - C) * e.den <= e.num * S : C === target) {
      if (S > 0n) [p, q] = [target - C, S];
      else [p, q] = [last.num, last.den];
      break;
    }
    if (e.kind === 'leaveFloor') {
      C += a[e.index] - lo[e.index];
      S += b[e.index];
    } else {
      C += hi[e.index]! - a[e.index];
      S -= b[e.index];
    }
    last = e;
  }
  if (p === undefined) {
    if (S > 0n) [p, q] = [target - C, S];
    else if (C === target) [p, q] = [last.num, last.den];
    else {
      const binding = [...Array(n).keys()].filter((i) => hi[i] !== undefined);
      return { ok: false, kind: 'caps', gap: target - C, binding };
    }
  }

  const finals = new Array<bigint>(n);
  const state = new Array<BoundState>(n);
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const x = a[i] * q + p * b[i];
    const floor = lo[i] * q;
    const cap = hi[i];
    let final = x;
    let at: BoundState = 'free';
    if (x < floor) {
      final = floor;
      at = 'floor';
    } else if (cap !== undefined && x > cap * q) {
      final = cap * q;
      at = 'cap';
    }
    finals[i] = final;
    state[i] = at;
    sum += final;
  }
  if (sum !== target * q) throw new Error(`bounds: the solution adds up to ${sum}/${q}, not ${target}`); // a bug, never input

  // the cascade is for the trace only: worked out when first read, not on every allocation (it reads pb
  // then, so callers leave pb's arrays as they were)
  let story: ReturnType<typeof cascadeOf> | undefined;
  const told = () => (story ??= cascadeOf(pb, events, p, q));
  return {
    ok: true,
    p,
    q,
    finals,
    state,
    get initially() {
      return told().initially;
    },
    get cascade() {
      return told().cascade;
    },
  };
}

function clamp(x: bigint, lo: bigint, hi: bigint | undefined): bigint {
  if (x < lo) return lo;
  if (hi !== undefined && x > hi) return hi;
  return x;
}

/**
 * How the redistribution unfolded, for the trace: who was outside their bounds before it (λ = 1), and who
 * reached a bound as λ moved from 1 to λ*, nearest to 1 first.
 */
function cascadeOf(pb: BoundsProblem, events: readonly Event[], p: bigint, q: bigint) {
  const u = pb.unit ?? { num: 1n, den: 1n };
  const initially = { floor: [] as number[], cap: [] as number[] };
  pb.a.forEach((ai, i) => {
    // x at λ = u.num/u.den, times u.den
    const x = ai * u.den + pb.b[i] * u.num;
    if (x < pb.lo[i] * u.den) initially.floor.push(i);
    else if (pb.hi[i] !== undefined && x > pb.hi[i]! * u.den) initially.cap.push(i);
  });
  // λ* below the unit: money is taken from the free regions, so more of them fall to their floors as λ goes
  // down; above it: money is spread over them, so more of them reach their caps as λ goes up.
  const down = p * u.den < u.num * q;
  const belowUnit = (e: Event) => e.num * u.den < u.num * e.den;
  const aboveUnit = (e: Event) => e.num * u.den > u.num * e.den;
  const crossed = events.filter((e) =>
    down ? e.kind === 'leaveFloor' && belowUnit(e) && e.num * q > p * e.den : e.kind === 'reachCap' && aboveUnit(e) && e.num * q < p * e.den,
  );
  crossed.sort((x, y) => {
    const d = x.num * y.den - y.num * x.den; // < 0 when x's λ is smaller
    const ascending = d < 0n ? -1 : d > 0n ? 1 : 0;
    return down ? -ascending : ascending;
  });
  const cascade: CascadeEvent[] = crossed.map((e) => ({
    index: e.index,
    bound: e.kind === 'leaveFloor' ? 'floor' : 'cap',
    lambda: { num: e.num, den: e.den },
  }));
  return { initially, cascade };
}
