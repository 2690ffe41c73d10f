/**
 * Kind 1's request, read and checked (regionAllocation.ts solves it). Everything becomes integers:
 * - amounts are whole granules of the granularity g: floors rounded up, caps down (rounding never breaks a
 *   bound), the total exactly (money.granules refuses a total that is not a whole number of granules);
 * - effective bounds: lower l_i = max(⌈min_i/g⌉, ⌈holdHarmless·lastYear_i/g⌉, 0),
 *   upper u_i = min(⌊max_i/g⌋, ⌊(1 + growthCap)·lastYear_i/g⌋), none when neither applies (a region without
 *   lastYear gets no hold-harmless or growth-cap bound);
 * - targets t_i = targetNum_i / targetDen granules over one common denominator (all targets brought to one
 *   power of ten), weights w_i = weightNum_i·10^-weightScale: the hot loops compare integers, not rationals;
 * - group limits in granules: a share floor holds when the group gets at least minShare × total, so
 *   ⌈minShare·T⌉; a share cap ⌊maxShare·T⌋; amounts likewise (up for min, down for max).
 * Every mistake is collected and thrown at once as an EngineError with JSON pointers into the request.
 */
import { EngineError, type Issue, pointer } from '../../../core/errors.js';
import { type Scaled, type Unit, UNITS, granules, parseDecimal, pow10, roundRatio, toText } from '../../../core/money.js';
import type { RegionAllocationInput } from '../problems.js';

export type FloorSource = 'zero' | 'min' | 'holdHarmless';
export type CapSource = 'none' | 'max' | 'growthCap';
export type GroupLimitKind = 'minShare' | 'maxShare' | 'minAmount' | 'maxAmount';

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
  issues.push(
    sign === 'positive'
      ? { path: where(path, field), en: `must be a number above 0, got ${JSON.stringify(value)}.`, zh: `必须是大于 0 的数，实际为 ${JSON.stringify(value)}。` }
      : { path: where(path, field), en: `must be a number of at least 0, got ${JSON.stringify(value)}.`, zh: `必须是不小于 0 的数，实际为 ${JSON.stringify(value)}。` },
  );
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

const SHARE_ISSUE = (path: string, v: Scaled): Issue => ({
  path,
  en: `must be a share between 0 and 1 (e.g. "0.3" for 30%), got ${toText(v)}.`,
  zh: `必须是 0 到 1 之间的比例（如 30% 写作 "0.3"），实际为 ${toText(v)}。`,
});

export function readRegionProblem(input: RegionAllocationInput): RegionProblem {
  const issues: Issue[] = [];
  const fail = () => {
    throw new EngineError(issues);
  };
  const unit = input.unit;
  if (!UNITS.includes(unit)) issues.push({ path: '/unit', en: 'must be "yuan" or "wan".', zh: '必须是 "yuan"（元）或 "wan"（万元）。' });
  const g = decimal(input.granularity, '/granularity', '', 'positive', issues);
  const totalAmount = decimal(input.total, '/total', '', 'nonNegative', issues);
  const deviation = input.deviation ?? 'absolute';
  if (deviation !== 'absolute' && deviation !== 'relative') {
    issues.push({ path: '/deviation', en: 'must be "absolute" or "relative".', zh: '必须是 "absolute"（绝对偏差）或 "relative"（相对偏差）。' });
  }
  const method = input.method ?? 'auto';
  if (method !== 'auto' && method !== 'direct' && method !== 'lp') {
    issues.push({ path: '/method', en: 'must be "auto", "direct" or "lp".', zh: '必须是 "auto"、"direct" 或 "lp"。' });
  }
  const holdHarmless = optional(input.holdHarmless, '/holdHarmless', '', 'nonNegative', issues);
  if (holdHarmless && !isShare(holdHarmless)) {
    issues.push({
      path: '/holdHarmless',
      en: `is a share of last year's amount between 0 and 1 (e.g. "0.9"), got ${toText(holdHarmless)}.`,
      zh: `是上年金额的比例，须在 0 到 1 之间（如 "0.9"），实际为 ${toText(holdHarmless)}。`,
    });
  }
  const growthCap = optional(input.growthCap, '/growthCap', '', 'nonNegative', issues);
  const regions = Array.isArray(input.regions) ? input.regions : [];
  if (regions.length === 0) issues.push({ path: '/regions', en: 'give at least one region.', zh: '请至少提供一个地区。' });
  if (regions.length > REGION_DIRECT_MAX) {
    issues.push({ path: '/regions', en: `at most ${REGION_DIRECT_MAX} regions per request.`, zh: `每次请求最多 ${REGION_DIRECT_MAX} 个地区。` });
  }
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
      issues.push({ path: pointer('regions', i, 'id'), en: 'a region needs an id (non-empty text).', zh: '地区需要一个 id（非空文本）。' });
    } else if (seen.has(r.id)) {
      issues.push({
        path: pointer('regions', i, 'id'),
        en: `region id "${r.id}" is used twice (also by region ${seen.get(r.id)}); ids must be unique.`,
        zh: `地区 id "${r.id}" 重复（第 ${seen.get(r.id)} 个地区也用它）；id 必须唯一。`,
      });
    } else seen.set(r.id, i);
    ids[i] = r?.id;
    targets[i] = decimal(r?.target, i, 'target', 'nonNegative', issues)!;
    if (deviation === 'relative' && targets[i]?.coefficient === 0n) {
      issues.push({
        path: pointer('regions', i, 'target'),
        en: 'relative deviation divides by the target, so every target must be above 0; use absolute deviation or give this region a target.',
        zh: '相对偏差要除以目标额，所以每个目标额都必须大于 0；请改用绝对偏差，或为该地区给出目标额。',
      });
    }
    weights[i] = optional(r?.weight, i, 'weight', 'positive', issues);
    mins[i] = optional(r?.min, i, 'min', 'nonNegative', issues);
    maxs[i] = optional(r?.max, i, 'max', 'nonNegative', issues);
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
        lowerBy[i] = 'min';
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
      upperBy[i] = 'max';
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
    issues.push({
      path: '/method',
      en: 'the direct method handles per-region bounds and the total only; group limits need "lp" (or "auto").',
      zh: '直接算法只处理各地区的上下限和总额；分组限制需要 "lp"（或 "auto"）。',
    });
  }
  const chosen = method === 'lp' || (method === 'auto' && limited) ? 'lp' : 'direct';
  if (chosen === 'lp' && n > REGION_LP_MAX) {
    issues.push({
      path: '/regions',
      en: `the LP handles at most ${REGION_LP_MAX} regions (got ${n}); remove the group limits (and method "lp") to use the direct algorithm, which handles ${REGION_DIRECT_MAX}.`,
      zh: `线性规划最多处理 ${REGION_LP_MAX} 个地区（实际 ${n} 个）；去掉分组限制（及 method "lp"）即可使用直接算法，最多 ${REGION_DIRECT_MAX} 个。`,
    });
  }
  if (issues.length > 0) fail();
  return { ...problem, groups, method: chosen };
}

/** What set a bound, for messages: "240.00 (minimum)", "270.00 (hold-harmless: 0.9 × last year's 300.00)". */
export function floorReason(p: Pick<RegionProblem, 'lowerBy' | 'lastYearText' | 'holdHarmless'>, i: number): { en: string; zh: string } {
  switch (p.lowerBy[i]) {
    case 'min':
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
  if (p.upperBy[i] === 'max') return { en: 'maximum', zh: '最高额' };
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
  const field = p.lowerBy[i] === 'min' ? 'min' : p.upperBy[i] === 'max' ? 'max' : 'lastYear';
  return {
    path: pointer('regions', i, field),
    en: `region "${p.ids[i]}": its floor ${amount(p.lower[i])} (${lo.en}) is above its cap ${amount(p.upper[i]!)} (${hi.en}), in whole granules of ${toText(g)}; lower the floor or raise the cap.`,
    zh: `地区 "${p.ids[i]}"：下限 ${amount(p.lower[i])}（${lo.zh}）高于上限 ${amount(p.upper[i]!)}（${hi.zh}）（按粒度 ${toText(g)} 取整）；请降低下限或提高上限。`,
  };
}

function readGroups(
  input: RegionAllocationInput,
  p: Omit<RegionProblem, 'groups' | 'method'>,
  indexOf: ReadonlyMap<string, number>,
  issues: Issue[],
): RegionGroup[] {
  if (input.groups === undefined || input.groups === null) return [];
  if (!Array.isArray(input.groups)) {
    issues.push({ path: '/groups', en: 'must be a list of groups.', zh: '必须是分组列表。' });
    return [];
  }
  const ids = new Set<string>();
  return input.groups.map((group, k) => {
    const at = (...rest: (string | number)[]) => pointer('groups', k, ...rest);
    if (typeof group?.id !== 'string' || group.id === '') issues.push({ path: at('id'), en: 'a group needs an id.', zh: '分组需要一个 id。' });
    else if (ids.has(group.id)) issues.push({ path: at('id'), en: `group id "${group.id}" is used twice.`, zh: `分组 id "${group.id}" 重复。` });
    ids.add(group?.id);
    const members: number[] = [];
    const names: readonly string[] = Array.isArray(group?.regions) ? group.regions : [];
    if (names.length === 0) issues.push({ path: at('regions'), en: 'a group needs at least one region.', zh: '分组至少需要一个地区。' });
    const inGroup = new Set<string>();
    names.forEach((name, j) => {
      const i = indexOf.get(name);
      if (i === undefined) {
        issues.push({
          path: at('regions', j),
          en: `group "${group.id}" names region "${name}", which is not among the regions.`,
          zh: `分组 "${group.id}" 列出的地区 "${name}" 不在地区列表中。`,
        });
      } else if (inGroup.has(name)) {
        issues.push({ path: at('regions', j), en: `region "${name}" is listed twice in group "${group.id}".`, zh: `地区 "${name}" 在分组 "${group.id}" 中重复出现。` });
      } else members.push(i);
      inGroup.add(name);
    });
    const limits: GroupLimit[] = [];
    const share = (kind: 'minShare' | 'maxShare') => {
      const v = optional(group?.[kind], at(kind), '', 'nonNegative', issues);
      if (!v) return;
      if (!isShare(v)) return void issues.push(SHARE_ISSUE(at(kind), v));
      const rounded = roundRatio({ num: v.coefficient * p.total, den: pow10(v.scale) }, kind === 'minShare' ? 'up' : 'down');
      limits.push({ kind, sense: kind === 'minShare' ? '>=' : '<=', given: v, granules: rounded });
    };
    const amount = (kind: 'minAmount' | 'maxAmount') => {
      const v = optional(group?.[kind], at(kind), '', 'nonNegative', issues);
      if (v) limits.push({ kind, sense: kind === 'minAmount' ? '>=' : '<=', given: v, granules: granulesBy(p.granularity, kind === 'minAmount' ? 'up' : 'down', ONE)(v) });
    };
    share('minShare');
    share('maxShare');
    amount('minAmount');
    amount('maxAmount');
    const floors = limits.filter((l) => l.sense === '>=');
    const caps = limits.filter((l) => l.sense === '<=');
    for (const f of floors) {
      for (const c of caps) {
        if (f.granules <= c.granules) continue;
        const g = p.granularity;
        const amountText = (x: bigint) => toText({ coefficient: x * g.coefficient, scale: g.scale });
        issues.push({
          path: at(f.kind),
          en: `group "${group.id}": its ${f.kind} ${toText(f.given)} needs at least ${amountText(f.granules)}, above its ${c.kind} ${toText(c.given)} (at most ${amountText(c.granules)}); no amount meets both.`,
          zh: `分组 "${group.id}"：${f.kind} ${toText(f.given)} 要求至少 ${amountText(f.granules)}，高于 ${c.kind} ${toText(c.given)}（至多 ${amountText(c.granules)}）；没有金额能同时满足。`,
        });
      }
    }
    return { id: group?.id, members, limits };
  });
}
