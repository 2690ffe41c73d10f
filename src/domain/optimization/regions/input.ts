/**
 * Kind 1's request, read and checked (regionAllocation.ts solves it). Everything becomes integers:
 * - amounts are whole granules of the granularity g: floors rounded up, caps down (rounding never breaks a
 *   bound), the total exactly (money.granules refuses a total that is not a whole number of granules);
 * - effective bounds: lower l_i = max(⌈minimum_i/g⌉, ⌈holdHarmless·lastYear_i/g⌉, 0),
 *   upper u_i = min(⌊maximum_i/g⌋, ⌊(1 + growthCap)·lastYear_i/g⌋), none when neither applies (a region without
 *   lastYear gets no hold-harmless or growth-cap bound);
 * - targets t_i = targetNum_i / targetDen granules over one common denominator (all targets brought to one
 *   power of ten), weights w_i = weightNum_i·10^-weightScale: the hot loops compare integers, not rationals;
 * - group limits in granules: a share floor holds when the group gets at least minimumShare × total, so
 *   ⌈minimumShare·T⌉; a share cap ⌊maximumShare·T⌋; amounts likewise (up for min, down for max).
 * Every mistake is collected and thrown at once as an EngineError with JSON pointers into the request.
 */
import { EngineError, type Issue, pointer } from '../../../core/errors.js';
import { type Scaled, type Unit, UNITS, granules, parseDecimal, pow10, roundRatio, toText } from '../../../core/money.js';
import type { RegionAllocationInput } from '../problems.js';
import { issue } from '../../../messages/index.js';

export type FloorSource = 'zero' | 'minimum' | 'holdHarmless';
export type CapSource = 'none' | 'maximum' | 'growthCap';
export type GroupLimitKind = 'minimumShare' | 'maximumShare' | 'minimum' | 'maximum';

/** The direct algorithm handles this many regions; the LP path REGION_LP_MAX. */
export const REGION_DIRECT_MAX = 10_000;
export const REGION_LP_MAX = 5_000;

export interface GroupLimit {
  readonly kind: GroupLimitKind;
  readonly sense: '>=' | '<=';
  /** the share or amount as given (normalised decimal text) */
  readonly given: Scaled;
  /** the limit in granules (rounded as the module comment says) */
  readonly granules: bigint;
}

export interface RegionGroup {
  readonly id: string;
  /** indices into the regions */
  readonly members: readonly number[];
  readonly limits: readonly GroupLimit[];
}

export interface RegionProblem {
  readonly unit: Unit;
  readonly granularity: Scaled;
  /** T, in granules */
  readonly total: bigint;
  readonly deviation: 'absolute' | 'relative';
  readonly ids: readonly string[];
  /** the targets as the request wrote them (plain decimals), else normalised */
  readonly targetText: readonly string[];
  /** t_i = targetNum_i / targetDen granules; also target_i = targetNum_i·10^-targetScale in the unit */
  readonly targetNum: readonly bigint[];
  readonly targetDen: bigint;
  readonly targetScale: number;
  /** w_i = weightNum_i·10^-weightScale */
  readonly weightNum: readonly bigint[];
  readonly weightScale: number;
  readonly lower: readonly bigint[];
  readonly lowerBy: readonly FloorSource[];
  readonly upper: readonly (bigint | undefined)[];
  readonly upperBy: readonly CapSource[];
  /** last year's amounts as written (plain decimals), else normalised */
  readonly lastYearText: readonly (string | undefined)[];
  readonly holdHarmless?: Scaled;
  readonly growthCap?: Scaled;
  readonly groups: readonly RegionGroup[];
  readonly method: 'direct' | 'lp';
}

type Sign = 'nonNegative' | 'positive';

const PLAIN = /^\d+(?:\.\d+)?$/;

/** Where a value sits: a JSON pointer, or (region index, field) whose pointer is built only for an issue. */
function where(path: string | number, field: string): string {
  return typeof path === 'string' ? path : pointer('regions', path, field);
}

/** Reads a decimal (text, or a JSON number from a non-API caller); an issue when it is not one or has the wrong sign. */
function decimal(value: unknown, path: string | number, field: string, sign: Sign, issues: Issue[]): Scaled | undefined {
  const x = typeof value === 'string' || typeof value === 'number' ? parseDecimal(value) : undefined;
  if (x && (sign === 'positive' ? x.coefficient > 0n : x.coefficient >= 0n)) return x;
  const shown = JSON.stringify(value) ?? String(value);
  issues.push(issue(where(path, field), sign === 'positive' ? 'optimization-must-be-positive' : 'optimization-must-not-be-negative', { shown }));
  return undefined;
}

function optional(value: unknown, path: string | number, field: string, sign: Sign, issues: Issue[]): Scaled | undefined {
  return value === undefined || value === null ? undefined : decimal(value, path, field, sign, issues);
}

/**
 * x ↦ x × share in granules of g, rounded as asked (x ≥ 0); the constant factors multiplied out once per
 * decimal scale. Thousands of bounds are read per request, so while every integer involved stays below 2^53
 * the quotient is taken in doubles and corrected by its exact remainder; BigInt otherwise.
 */
function granulesBy(g: Scaled, mode: 'up' | 'down', share: { num: bigint; den: bigint }): (x: Scaled) => bigint {
  const mul = share.num * pow10(g.scale);
  const mulNumber = Number(mul);
  const dens: bigint[] = [];
  const denNumbers: number[] = [];
  return (x) => {
    const den = (dens[x.scale] ??= pow10(x.scale) * share.den * g.coefficient);
    const d = (denNumbers[x.scale] ??= Number(den));
    const num = Number(x.coefficient) * mulNumber;
    // num + d ≤ 2^53 − 1: num, d and q·d (≤ num + d for the estimate q) are exact integers
    if (num >= 0 && num + d <= Number.MAX_SAFE_INTEGER) {
      let q = Math.floor(num / d);
      let r = num - q * d;
      if (r < 0) [q, r] = [q - 1, r + d];
      else if (r >= d) [q, r] = [q + 1, r - d];
      return BigInt(mode === 'up' && r > 0 ? q + 1 : q);
    }
    return roundRatio({ num: x.coefficient * mul, den }, mode);
  };
}

const ONE = { num: 1n, den: 1n };

function fraction(x: Scaled): { num: bigint; den: bigint } {
  return { num: x.coefficient, den: pow10(x.scale) };
}

function isShare(x: Scaled): boolean {
  return x.coefficient <= pow10(x.scale);
}

const SHARE_ISSUE = (path: string, v: Scaled): Issue =>
  issue(path, 'optimization-share-out-of-range', { what: { en: 'a group share', zh: '分组占比' }, shown: toText(v) });

export function readRegionProblem(input: RegionAllocationInput): RegionProblem {
  const issues: Issue[] = [];
  const fail = () => {
    throw new EngineError(issues);
  };
  const unit = input.unit;
  if (!UNITS.includes(unit)) issues.push(issue('/unit', 'optimization-unit'));
  const g = decimal(input.granularity, '/granularity', '', 'positive', issues);
  const totalAmount = decimal(input.total, '/total', '', 'nonNegative', issues);
  const deviation = input.deviation ?? 'absolute';
  if (deviation !== 'absolute' && deviation !== 'relative') {
    issues.push(issue('/deviation', 'optimization-deviation'));
  }
  const method = input.method ?? 'auto';
  if (method !== 'auto' && method !== 'direct' && method !== 'lp') {
    issues.push(issue('/method', 'optimization-method'));
  }
  const holdHarmless = optional(input.holdHarmless, '/holdHarmless', '', 'nonNegative', issues);
  if (holdHarmless && !isShare(holdHarmless)) {
    issues.push(
      issue('/holdHarmless', 'optimization-share-out-of-range', {
        what: { en: "hold-harmless (a share of last year's amount)", zh: '保底比例（上年金额的比例）' },
        shown: toText(holdHarmless),
      }),
    );
  }
  const growthCap = optional(input.growthCap, '/growthCap', '', 'nonNegative', issues);
  const regions = Array.isArray(input.regions) ? input.regions : [];
  if (regions.length === 0) issues.push(issue('/regions', 'optimization-no-regions'));
  if (regions.length > REGION_DIRECT_MAX) issues.push(issue('/regions', 'optimization-too-many-regions', { most: REGION_DIRECT_MAX }));
  if (issues.length > 0) fail();
  const gran = g!;
  let total = 0n;
  try {
    total = granules(totalAmount!, gran, '/total');
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    issues.push(...e.issues);
  }

  const n = regions.length;
  const ids: string[] = new Array(n);
  const seen = new Map<string, number>();
  const targets: Scaled[] = new Array(n);
  const weights: (Scaled | undefined)[] = new Array(n);
  const mins: (Scaled | undefined)[] = new Array(n);
  const maxs: (Scaled | undefined)[] = new Array(n);
  const lastYear: (Scaled | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = regions[i];
    if (typeof r?.id !== 'string' || r.id === '') {
      issues.push(issue(pointer('regions', i, 'id'), 'optimization-region-id-missing'));
    } else if (seen.has(r.id)) {
      issues.push(issue(pointer('regions', i, 'id'), 'duplicate-id', { id: JSON.stringify(r.id), first: pointer('regions', seen.get(r.id)!, 'id') }));
    } else seen.set(r.id, i);
    ids[i] = r?.id;
    targets[i] = decimal(r?.target, i, 'target', 'nonNegative', issues)!;
    if (deviation === 'relative' && targets[i]?.coefficient === 0n) {
      issues.push(issue(pointer('regions', i, 'target'), 'optimization-relative-zero-target'));
    }
    weights[i] = optional(r?.weight, i, 'weight', 'positive', issues);
    mins[i] = optional(r?.minimum, i, 'minimum', 'nonNegative', issues);
    maxs[i] = optional(r?.maximum, i, 'maximum', 'nonNegative', issues);
    lastYear[i] = optional(r?.lastYear, i, 'lastYear', 'nonNegative', issues);
  }
  if (issues.length > 0) fail();

  // targets and weights over one power of ten each
  let targetScale = gran.scale;
  let weightScale = 0;
  for (let i = 0; i < n; i++) {
    if (targets[i].scale > targetScale) targetScale = targets[i].scale;
    const w = weights[i];
    if (w && w.scale > weightScale) weightScale = w.scale;
  }
  const targetDen = gran.coefficient * pow10(targetScale - gran.scale);
  const asWritten = (v: unknown, x: Scaled | undefined) => (x === undefined ? undefined : typeof v === 'string' && PLAIN.test(v) ? v : toText(x));
  const targetText = regions.map((r, i) => asWritten(r.target, targets[i])!);
  const lastYearText = regions.map((r, i) => asWritten(r.lastYear, lastYear[i]));
  const targetNum = targets.map((t) => (t.scale === targetScale ? t.coefficient : t.coefficient * pow10(targetScale - t.scale)));
  const one = pow10(weightScale);
  const weightNum = weights.map((w) => (w === undefined ? one : w.coefficient * pow10(weightScale - w.scale)));

  const lower = new Array<bigint>(n).fill(0n);
  const lowerBy = new Array<FloorSource>(n).fill('zero');
  const upper = new Array<bigint | undefined>(n).fill(undefined);
  const upperBy = new Array<CapSource>(n).fill('none');
  const hh = holdHarmless ? fraction(holdHarmless) : undefined;
  const growth = growthCap ? { num: pow10(growthCap.scale) + growthCap.coefficient, den: pow10(growthCap.scale) } : undefined;
  const floorOf = granulesBy(gran, 'up', ONE);
  const capOf = granulesBy(gran, 'down', ONE);
  const holdOf = hh && granulesBy(gran, 'up', hh);
  const growOf = growth && granulesBy(gran, 'down', growth);
  for (let i = 0; i < n; i++) {
    if (mins[i]) {
      const m = floorOf(mins[i]!);
      if (m > 0n) {
        lower[i] = m;
        lowerBy[i] = 'minimum';
      }
    }
    const ly = lastYear[i];
    if (ly && holdOf) {
      const f = holdOf(ly);
      if (f > lower[i]) {
        lower[i] = f;
        lowerBy[i] = 'holdHarmless';
      }
    }
    if (maxs[i]) {
      upper[i] = capOf(maxs[i]!);
      upperBy[i] = 'maximum';
    }
    if (ly && growOf) {
      const c = growOf(ly);
      if (upper[i] === undefined || c < upper[i]!) {
        upper[i] = c;
        upperBy[i] = 'growthCap';
      }
    }
  }

  const problem: Omit<RegionProblem, 'groups' | 'method'> = {
    unit,
    granularity: gran,
    total,
    deviation,
    ids,
    targetText,
    targetNum,
    targetDen,
    targetScale,
    weightNum,
    weightScale,
    lower,
    lowerBy,
    upper,
    upperBy,
    lastYearText,
    holdHarmless,
    growthCap,
  };
  for (let i = 0; i < n; i++) {
    if (upper[i] !== undefined && lower[i] > upper[i]!) issues.push(crossedBounds(problem, i));
  }
  const groups = readGroups(input, problem, seen, issues);
  const limited = groups.some((gr) => gr.limits.length > 0);
  if (method === 'direct' && limited) {
    issues.push(issue('/method', 'optimization-direct-with-groups'));
  }
  const chosen = method === 'lp' || (method === 'auto' && limited) ? 'lp' : 'direct';
  if (chosen === 'lp' && n > REGION_LP_MAX) {
    issues.push(issue('/regions', 'optimization-too-many-regions', { most: REGION_LP_MAX, got: n, lp: { directMost: REGION_DIRECT_MAX } }));
  }
  if (issues.length > 0) fail();
  return { ...problem, groups, method: chosen };
}

/** What set a bound, for messages: "240.00 (minimum)", "270.00 (hold-harmless: 0.9 × last year's 300.00)". */
export function floorReason(p: Pick<RegionProblem, 'lowerBy' | 'lastYearText' | 'holdHarmless'>, i: number): { en: string; zh: string } {
  switch (p.lowerBy[i]) {
    case 'minimum':
      return { en: 'minimum', zh: '最低额' };
    case 'holdHarmless':
      return {
        en: `hold-harmless: ${toText(p.holdHarmless!)} × last year's ${p.lastYearText[i]}`,
        zh: `保底：上年 ${p.lastYearText[i]} × ${toText(p.holdHarmless!)}`,
      };
    default:
      return { en: 'no negative amounts', zh: '不得为负' };
  }
}

export function capReason(p: Pick<RegionProblem, 'upperBy' | 'lastYearText' | 'growthCap'>, i: number): { en: string; zh: string } {
  if (p.upperBy[i] === 'maximum') return { en: 'maximum', zh: '最高额' };
  return {
    en: `growth cap: last year's ${p.lastYearText[i]} × (1 + ${toText(p.growthCap!)})`,
    zh: `增幅上限：上年 ${p.lastYearText[i]} × (1 + ${toText(p.growthCap!)})`,
  };
}

function crossedBounds(p: Omit<RegionProblem, 'groups' | 'method'>, i: number): Issue {
  const g = p.granularity;
  const amount = (x: bigint) => toText({ coefficient: x * g.coefficient, scale: g.scale });
  const lo = floorReason(p, i);
  const hi = capReason(p, i);
  // point at the region's own field that is part of the conflict
  const field = p.lowerBy[i] === 'minimum' ? 'minimum' : p.upperBy[i] === 'maximum' ? 'maximum' : 'lastYear';
  return issue(pointer('regions', i, field), 'optimization-bounds-crossed', {
    id: p.ids[i],
    floor: amount(p.lower[i]),
    floorWhy: lo,
    cap: amount(p.upper[i]!),
    capWhy: hi,
    granularity: toText(g),
  });
}

function readGroups(
  input: RegionAllocationInput,
  p: Omit<RegionProblem, 'groups' | 'method'>,
  indexOf: ReadonlyMap<string, number>,
  issues: Issue[],
): RegionGroup[] {
  if (input.groups === undefined || input.groups === null) return [];
  if (!Array.isArray(input.groups)) {
    issues.push(issue('/groups', 'optimization-groups-not-a-list'));
    return [];
  }
  const ids = new Map<string, number>();
  return input.groups.map((group, k) => {
    const at = (...rest: (string | number)[]) => pointer('groups', k, ...rest);
    if (typeof group?.id !== 'string' || group.id === '') issues.push(issue(at('id'), 'optimization-group-id-missing'));
    else if (ids.has(group.id))
      issues.push(issue(at('id'), 'duplicate-id', { id: JSON.stringify(group.id), first: pointer('groups', ids.get(group.id)!, 'id') }));
    else ids.set(group.id, k);
    const members: number[] = [];
    const names: readonly string[] = Array.isArray(group?.regions) ? group.regions : [];
    if (names.length === 0) issues.push(issue(at('regions'), 'optimization-group-empty'));
    const inGroup = new Map<string, number>();
    names.forEach((name, j) => {
      const i = indexOf.get(name);
      if (i === undefined) {
        issues.push(issue(at('regions', j), 'unknown-reference', { id: name, what: 'region', what_zh: '地区', list: '/regions' }));
      } else if (inGroup.has(name)) {
        issues.push(issue(at('regions', j), 'duplicate-id', { id: JSON.stringify(name), first: at('regions', inGroup.get(name)!) }));
      } else {
        members.push(i);
        inGroup.set(name, j);
      }
    });
    const limits: GroupLimit[] = [];
    const share = (kind: 'minimumShare' | 'maximumShare') => {
      const v = optional(group?.[kind], at(kind), '', 'nonNegative', issues);
      if (!v) return;
      if (!isShare(v)) return void issues.push(SHARE_ISSUE(at(kind), v));
      const rounded = roundRatio({ num: v.coefficient * p.total, den: pow10(v.scale) }, kind === 'minimumShare' ? 'up' : 'down');
      limits.push({ kind, sense: kind === 'minimumShare' ? '>=' : '<=', given: v, granules: rounded });
    };
    const amount = (kind: 'minimum' | 'maximum') => {
      const v = optional(group?.[kind], at(kind), '', 'nonNegative', issues);
      if (v)
        limits.push({
          kind,
          sense: kind === 'minimum' ? '>=' : '<=',
          given: v,
          granules: granulesBy(p.granularity, kind === 'minimum' ? 'up' : 'down', ONE)(v),
        });
    };
    share('minimumShare');
    share('maximumShare');
    amount('minimum');
    amount('maximum');
    const floors = limits.filter((l) => l.sense === '>=');
    const caps = limits.filter((l) => l.sense === '<=');
    for (const f of floors) {
      for (const c of caps) {
        if (f.granules <= c.granules) continue;
        const g = p.granularity;
        const amountText = (x: bigint) => toText({ coefficient: x * g.coefficient, scale: g.scale });
        issues.push(
          issue(at(f.kind), 'optimization-group-limits-crossed', {
            group: group.id,
            floor: f.kind,
            floorGiven: toText(f.given),
            floorAmount: amountText(f.granules),
            cap: c.kind,
            capGiven: toText(c.given),
            capAmount: amountText(c.granules),
          }),
        );
      }
    }
    return { id: group?.id, members, limits };
  });
}
