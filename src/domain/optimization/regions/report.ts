/**
 * Kind 1's answer from integer amounts, whichever method found them: rows, the objective, group totals,
 * binding constraints and infeasibility, in the planner's words (English and Chinese). The objective is
 * recomputed here from the amounts for both methods, so the two are compared on the same exact number.
 */
import { pointer } from '../../../core/errors.js';
import { formatScaled, fromGranules, pow10, ratioToText, toText, type Scaled } from '../../../core/money.js';
import type { BindingConstraint, Infeasibility, Relaxation, RegionAllocationRow } from '../problems.js';
import type { InfeasibilityReport } from '../solver/elastic.js';
import { toDecimal } from '../../../core/rational.js';
import { capReason, floorReason, type GroupLimit, type RegionGroup, type RegionProblem } from './input.js';
import { relaxedGranules } from './lp.js';

const PLACES = 12;
const POW10_NUMBERS = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A safe non-negative integer c as c · 10^-scale (scale ≤ 15): the integer part through String (V8 caches
 * those) and the fraction from a table filled as it is used — thousands of rows, few distinct fractions.
 * `trim` drops trailing zeros (and the point).
 */
function decimalText(c: number, scale: number, trim: boolean): string {
  const p = POW10_NUMBERS[scale];
  let int = Math.floor(c / p);
  let frac = c - int * p;
  if (frac < 0) [int, frac] = [int - 1, frac + p]; // c / p rounded up to the next integer
  return String(int) + fraction(frac, scale, trim);
}

const FRACTIONS: string[][][] = [[], []];

function fraction(frac: number, scale: number, trim: boolean): string {
  if (scale > 4) return fractionText(frac, scale, trim);
  const table = (FRACTIONS[trim ? 1 : 0][scale] ??= new Array<string>(POW10_NUMBERS[scale]));
  return (table[frac] ??= fractionText(frac, scale, trim));
}

function fractionText(frac: number, scale: number, trim: boolean): string {
  if (scale === 0) return '';
  const digits = String(frac).padStart(scale, '0');
  const kept = trim ? digits.replace(/0+$/, '') : digits;
  return kept === '' ? '' : `.${kept}`;
}

/** num · 10^-scale as text with at most 12 decimals (exact when it has no more; else half away from zero), trailing zeros dropped. */
export function exactText(num: bigint, scale: number): string {
  if (scale > PLACES) return toDecimal({ num, den: pow10(scale) }, PLACES);
  const c = Number(num);
  if (Number.isSafeInteger(c)) return c < 0 ? '-' + decimalText(-c, scale, true) : decimalText(c, scale, true);
  const text = formatScaled(num, scale);
  return scale === 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}

/** Granules as text in the unit with the granularity's decimals (money.fromGranules), through doubles where exact. */
function granuleFormatter(g: Scaled): (x: bigint) => string {
  const G = Number(g.coefficient);
  const s = g.scale;
  if (s > 15 || !Number.isSafeInteger(G)) return (x) => fromGranules(x, g);
  return (x) => {
    const c = Number(x) * G; // exact while it is a safe integer
    return c >= 0 && Number.isSafeInteger(c) ? decimalText(c, s, false) : fromGranules(x, g);
  };
}

const formatters = new WeakMap<RegionProblem, (x: bigint) => string>();

/** fromGranules for this problem's granularity. */
export function amount(p: RegionProblem, x: bigint): string {
  let f = formatters.get(p);
  if (!f) formatters.set(p, (f = granuleFormatter(p.granularity)));
  return f(x);
}

/** dev / target × 100 with 2 decimals, half away from zero (money.ratioToText), through doubles where they decide. */
export function percentText(dev: bigint, target: bigint): string {
  const d = Number(dev);
  const t = Number(target);
  let q: number | undefined;
  if (Number.isSafeInteger(d * 10_000) && Number.isSafeInteger(t)) {
    // one rounding: relative error ≤ 2^-53, so below 2^40 the absolute error is far inside the 0.01 margin
    const x = (Math.abs(d) * 10_000) / t;
    if (x < 2 ** 40) {
      const fl = Math.floor(x);
      const frac = x - fl;
      if (Math.abs(frac - 0.5) > 0.01) q = frac > 0.5 ? fl + 1 : fl;
    }
  }
  if (q === undefined) return ratioToText(dev * 100n, target, 2);
  return d < 0 && q > 0 ? '-' + decimalText(q, 2, false) : decimalText(q, 2, false);
}

function withCommas(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  if (int.length <= 3) return text;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (dot < 0 ? '' : body.slice(dot));
}

/** "10,230.00万元" / "10,230.00 yuan" / "10,230.00元". */
export function money(p: RegionProblem, granules: bigint, lang: 'en' | 'zh'): string {
  const text = withCommas(amount(p, granules));
  return p.unit === 'wan' ? `${text}万元` : lang === 'en' ? `${text} yuan` : `${text}元`;
}

/** A share as a percentage: 0.3 → "30%", 0.274 → "27.4%". */
function percent(share: Scaled): string {
  const text = share.scale >= 2 ? exactText(share.coefficient, share.scale - 2) : exactText(share.coefficient * pow10(2 - share.scale), 0);
  return `${text}%`;
}

/** granules / T as a share with 6 decimals, rounded down (a floor that still works) or up (a cap). */
function shareOf(granules: bigint, total: bigint, mode: 'down' | 'up'): Scaled {
  if (total === 0n) return { coefficient: 0n, scale: 6 };
  const num = granules * 1_000_000n;
  let q = num / total;
  if (mode === 'up' && q * total < num) q += 1n;
  return { coefficient: q, scale: 6 };
}

export interface Evaluation {
  readonly rows: RegionAllocationRow[];
  readonly objective: string;
  readonly groups: { id: string; amount: string; share: string; sharePercent: string; binding: boolean }[];
  readonly binding: BindingConstraint[];
}

/** Decimals of unrounded money (targets, deviations) and of the objective: docs/contract.md § Numbers. */
export const UNROUNDED_PLACES = 6;

/** num · 10^-scale with exactly 6 decimals, half away from zero (exact when it has no more). */
export function unrounded(num: bigint, scale: number): string {
  return scale <= UNROUNDED_PLACES ? formatScaled(num * pow10(UNROUNDED_PLACES - scale), UNROUNDED_PLACES) : ratioToText(num, pow10(scale), UNROUNDED_PLACES);
}

/**
 * Σ c_i |x_i − t_i| as text with exactly 6 decimals (half away from zero): absolute in the unit (one common
 * denominator), relative dimensionless.
 */
export function objectiveText(p: RegionProblem, x: readonly bigint[], devs?: readonly bigint[]): string {
  const D = p.targetDen;
  const n = x.length;
  if (p.deviation === 'absolute') {
    // w_i |x_i g − target_i| = W_i |x_i D − N_i| · 10^-(weightScale + targetScale)
    let sum = 0n;
    for (let i = 0; i < n; i++) {
      const dev = devs ? devs[i] : x[i] * D - p.targetNum[i];
      if (dev !== 0n) sum += p.weightNum[i] * (dev < 0n ? -dev : dev);
    }
    return unrounded(sum, p.weightScale + p.targetScale);
  }
  // relative: Σ W_i |x_i D − N_i| / (10^ws N_i), denominators all different. Each term is taken down to P
  // places; the exact sum lies in [L, L + k) ulps (k inexact terms). If both ends round alike to 6
  // places, that is the exact sum's text; otherwise sum exactly.
  const P = UNROUNDED_PLACES + String(n).length + 3;
  const scale = pow10(P);
  const tenW = pow10(p.weightScale);
  // without weights every W_i is 10^ws, so W_i·10^P / 10^ws is one constant (fewer temporaries per region)
  const unweighted = p.weightNum.every((w) => w === tenW);
  let low = 0n;
  let inexact = 0;
  for (let i = 0; i < n; i++) {
    const dev = devs ? devs[i] : x[i] * D - p.targetNum[i];
    if (dev === 0n) continue;
    const abs = dev < 0n ? -dev : dev;
    const num = unweighted ? abs * scale : p.weightNum[i] * abs * scale;
    const den = unweighted ? p.targetNum[i] : tenW * p.targetNum[i];
    low += num / den;
    if (num % den !== 0n) inexact++;
  }
  const a = ratioToText(low, scale, UNROUNDED_PLACES);
  if (inexact === 0) return a;
  if (ratioToText(low + BigInt(inexact), scale, UNROUNDED_PLACES) === a) return a;
  let num = 0n;
  let den = 1n;
  for (let i = 0; i < n; i++) {
    const dev = x[i] * D - p.targetNum[i];
    if (dev === 0n) continue;
    const tn = p.weightNum[i] * (dev < 0n ? -dev : dev);
    const td = tenW * p.targetNum[i];
    num = num * td + tn * den;
    den *= td;
  }
  return ratioToText(num, den, UNROUNDED_PLACES);
}

function groupSums(p: RegionProblem, x: readonly bigint[]): bigint[] {
  return p.groups.map((g) => g.members.reduce((s, i) => s + x[i], 0n));
}

function limitWords(p: RegionProblem, limit: GroupLimit): { en: string; zh: string } {
  const amount = (lang: 'en' | 'zh') => money(p, limit.granules, lang);
  switch (limit.kind) {
    case 'minimumShare':
      return { en: `its minimum share ${percent(limit.given)} (${amount('en')})`, zh: `最低占比 ${percent(limit.given)}（${amount('zh')}）` };
    case 'maximumShare':
      return { en: `its maximum share ${percent(limit.given)} (${amount('en')})`, zh: `最高占比 ${percent(limit.given)}（${amount('zh')}）` };
    case 'minimum':
      return { en: `its minimum ${amount('en')}`, zh: `最低额 ${amount('zh')}` };
    case 'maximum':
      return { en: `its maximum ${amount('en')}`, zh: `最高额 ${amount('zh')}` };
  }
}

type BoundRule = 'minimum' | 'holdHarmless' | 'maximum' | 'growthCap';
const BOUND_RULES: readonly BoundRule[] = ['minimum', 'holdHarmless', 'maximum', 'growthCap'];
/** Ids named in a binding sentence; the entry's `regions` lists them all. */
const NAMED = 10;

/**
 * One binding entry per bound rule that holds regions at their floor or cap ("312 regions are at their
 * hold-harmless floor …"), listing them: with thousands of regions one sentence per region would bury the
 * total and the group limits, and each row already says its bound, the rule behind it and whether it is at it.
 */
function ruleBinding(p: RegionProblem, rule: BoundRule, regions: readonly string[]): BindingConstraint {
  const n = regions.length;
  const one = n === 1;
  const shown = regions.slice(0, NAMED);
  const more = n - shown.length;
  const en = shown.join(', ') + (more > 0 ? ` and ${more.toLocaleString('en')} more` : '');
  const zh = shown.join('、') + (more > 0 ? ` 等另外 ${more} 个` : '');
  const hh = p.holdHarmless ? toText(p.holdHarmless) : '';
  const gc = p.growthCap ? toText(p.growthCap) : '';
  const count = one ? '1 region is' : `${n.toLocaleString('en')} regions are`;
  const their = one ? 'its' : 'their';
  const words: Record<BoundRule, { en: string; zh: string }> = {
    minimum: { en: `${count} at ${their} minimum: ${en}`, zh: `${n} 个地区处于最低额：${zh}` },
    holdHarmless: {
      en: `${count} at ${their} hold-harmless floor (${hh} × last year's amount): ${en}`,
      zh: `${n} 个地区处于保底下限（上年金额 × ${hh}）：${zh}`,
    },
    maximum: { en: `${count} at ${their} maximum: ${en}`, zh: `${n} 个地区处于最高额：${zh}` },
    growthCap: {
      en: `${count} at ${their} growth cap (last year's amount × (1 + ${gc})): ${en}`,
      zh: `${n} 个地区处于增幅上限（上年金额 × (1 + ${gc})）：${zh}`,
    },
  };
  return { id: `regions:${rule}`, ...words[rule], regions };
}

/** Rows, objective, groups and binding constraints of feasible amounts (checked here exactly). */
export function evaluate(p: RegionProblem, x: readonly bigint[]): Evaluation {
  check(p, x);
  const n = x.length;
  const D = p.targetDen;
  const rows: RegionAllocationRow[] = new Array(n);
  const binding: BindingConstraint[] = [
    { id: 'total', en: `the regions add up to the total ${money(p, p.total, 'en')}`, zh: `各地区合计等于总额 ${money(p, p.total, 'zh')}` },
  ];
  const devs = new Array<bigint>(n);
  const atBound: Record<BoundRule, string[]> = { minimum: [], holdHarmless: [], maximum: [], growthCap: [] };
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const dev = (devs[i] = xi * D - p.targetNum[i]); // in the unit: dev · 10^-targetScale
    const lower = p.lower[i];
    const upper = p.upper[i];
    const lowerBy = p.lowerBy[i];
    const upperBy = p.upperBy[i];
    const atFloor = xi === lower;
    const atCap = upper !== undefined && xi === upper;
    const text = amount(p, xi);
    rows[i] = {
      id: p.ids[i],
      // unrounded money (docs/contract.md § Numbers): 6 decimals, half away from zero ("416.400000", "-51.600000")
      target: unrounded(p.targetNum[i], p.targetScale),
      amount: text,
      deviation: unrounded(dev, p.targetScale),
      deviationPercent: p.targetNum[i] === 0n ? null : percentText(dev, p.targetNum[i]) + '%',
      minimum: atFloor ? text : amount(p, lower),
      maximum: upper === undefined ? null : atCap ? text : amount(p, upper),
      minimumBy: lowerBy === 'zero' ? null : lowerBy,
      maximumBy: upperBy === 'none' ? null : upperBy,
      at: atFloor ? 'minimum' : atCap ? 'maximum' : null,
    };
    if (atFloor && lowerBy !== 'zero') atBound[lowerBy].push(p.ids[i]);
    if (atCap && upperBy !== 'none') atBound[upperBy].push(p.ids[i]);
  }
  for (const rule of BOUND_RULES) if (atBound[rule].length > 0) binding.push(ruleBinding(p, rule, atBound[rule]));
  const sums = groupSums(p, x);
  const groups = p.groups.map((gr, k) => {
    const at = gr.limits.filter((l) => l.granules === sums[k]);
    for (const l of at) {
      const words = limitWords(p, l);
      binding.push({ id: `group:${gr.id}:${l.kind}`, en: `group ${gr.id} gets exactly ${words.en}`, zh: `分组 ${gr.id} 恰好达到${words.zh}` });
    }
    return {
      id: gr.id,
      amount: amount(p, sums[k]),
      share: p.total === 0n ? '0.000000000000' : ratioToText(sums[k], p.total, 12),
      sharePercent: p.total === 0n ? '0.00%' : ratioToText(sums[k], p.total, 2, 100n) + '%',
      binding: at.length > 0,
    };
  });
  return { rows, objective: objectiveText(p, x, devs), groups, binding };
}

/** Σ = T, every bound, every group limit, exactly: a failure here is a bug, never input. */
function check(p: RegionProblem, x: readonly bigint[]): void {
  let sum = 0n;
  x.forEach((v, i) => {
    sum += v;
    if (v < p.lower[i] || (p.upper[i] !== undefined && v > p.upper[i]!)) throw new Error(`regions: ${p.ids[i]} = ${v} breaks its bounds`);
  });
  if (sum !== p.total) throw new Error(`regions: the amounts add up to ${sum}, not ${p.total} granules`);
  groupSums(p, x).forEach((s, k) => {
    for (const l of p.groups[k].limits) {
      if (l.sense === '>=' ? s < l.granules : s > l.granules) throw new Error(`regions: group ${p.groups[k].id} breaks its ${l.kind}`);
    }
  });
}

/** The floors exceed the total, or the caps fall short of it: said without a solver. */
export function boundsInfeasibility(p: RegionProblem, side: 'floors' | 'caps', sumLower: bigint, sumUpper: bigint | undefined): Infeasibility {
  const T = p.total;
  const m = (x: bigint, lang: 'en' | 'zh') => money(p, x, lang);
  const named = (which: 'floors' | 'caps') => {
    const n = p.ids.length;
    const idx = [...Array(n).keys()].filter((i) => (which === 'floors' ? p.lowerBy[i] !== 'zero' : true));
    const value = (i: number) => (which === 'floors' ? p.lower[i] : p.upper[i]!);
    idx.sort((a, b) => (value(a) === value(b) ? (p.ids[a] < p.ids[b] ? -1 : 1) : value(a) > value(b) ? -1 : 1));
    const top = idx.slice(0, 5);
    const more = idx.length - top.length;
    const why = (i: number) => (which === 'floors' ? floorReason(p, i) : capReason(p, i));
    return {
      en: top.map((i) => `${p.ids[i]} ${m(value(i), 'en')} (${why(i).en})`).join(', ') + (more > 0 ? ` and ${more} more` : ''),
      zh: top.map((i) => `${p.ids[i]} ${m(value(i), 'zh')}（${why(i).zh}）`).join('、') + (more > 0 ? ` 等另外 ${more} 个` : ''),
    };
  };
  if (side === 'floors') {
    const gap = sumLower - T;
    const who = named('floors');
    const relaxation: Relaxation = {
      id: 'total',
      path: '/total',
      asked: fromGranules(T, p.granularity),
      reachable: fromGranules(sumLower, p.granularity),
      measure: 'amount',
      en: `the total must be at least ${m(sumLower, 'en')}, the sum of the floors (or the floors must come down by ${m(gap, 'en')})`,
      zh: `总额至少须为各地区下限之和 ${m(sumLower, 'zh')}（或将下限合计降低 ${m(gap, 'zh')}）`,
    };
    return {
      relaxations: [relaxation],
      verified: true,
      en: `the floors add up to ${m(sumLower, 'en')}, ${m(gap, 'en')} more than the total ${m(T, 'en')}: lower floors by at least that or raise the total. Largest floors: ${who.en}.`,
      zh: `各地区下限合计 ${m(sumLower, 'zh')}，比总额 ${m(T, 'zh')} 多 ${m(gap, 'zh')}：请将下限合计至少降低这么多，或提高总额。最大的下限：${who.zh}。`,
    };
  }
  const gap = T - sumUpper!;
  const who = named('caps');
  const relaxation: Relaxation = {
    id: 'total',
    path: '/total',
    asked: fromGranules(T, p.granularity),
    reachable: fromGranules(sumUpper!, p.granularity),
    measure: 'amount',
    en: `the total can be at most ${m(sumUpper!, 'en')}, the sum of the caps (or the caps must rise by ${m(gap, 'en')})`,
    zh: `总额至多为各地区上限之和 ${m(sumUpper!, 'zh')}（或将上限合计提高 ${m(gap, 'zh')}）`,
  };
  return {
    relaxations: [relaxation],
    verified: true,
    en: `every region is capped and the caps add up to ${m(sumUpper!, 'en')}, ${m(gap, 'en')} less than the total ${m(T, 'en')}: raise caps by at least that or lower the total. Largest caps: ${who.en}.`,
    zh: `每个地区都有上限，上限合计 ${m(sumUpper!, 'zh')}，比总额 ${m(T, 'zh')} 少 ${m(gap, 'zh')}：请将上限合计至少提高这么多，或降低总额。最大的上限：${who.zh}。`,
  };
}

/** The elastic report of an infeasible LP, in planner words. */
export function lpInfeasibility(p: RegionProblem, report: InfeasibilityReport | undefined, message: string | undefined): Infeasibility {
  if (!report || report.relaxations.length === 0) {
    const why = report?.message ?? message ?? 'the solver found the rules contradictory';
    return {
      relaxations: [],
      verified: false,
      en: `the rules cannot all hold together: ${why}`,
      zh: `各项规则无法同时满足：${why}`,
    };
  }
  const byVar = new Map(p.ids.map((id, i) => [`region:${id}`, i]));
  const byRow = new Map<string, { group: RegionGroup; limit: GroupLimit }>();
  for (const group of p.groups) for (const limit of group.limits) byRow.set(`group:${group.id}:${limit.kind}`, { group, limit });
  const relaxations: Relaxation[] = [];
  for (const r of report.relaxations) {
    const reach = relaxedGranules(r);
    if (r.kind === 'constraint') {
      const found = byRow.get(r.name);
      if (!found) continue; // only group rows are elastic
      relaxations.push(groupRelaxation(p, found.group, found.limit, reach));
    } else {
      const i = byVar.get(r.name);
      // only bounds a planner set can give (the zero floor and an absent cap are never needed)
      if (i === undefined || (r.kind === 'lower' ? p.lowerBy[i] === 'zero' : p.upperBy[i] === 'none')) continue;
      relaxations.push(r.kind === 'lower' ? floorRelaxation(p, i, reach) : capRelaxation(p, i, reach));
    }
  }
  return {
    relaxations,
    verified: report.verified,
    en: `the rules cannot all hold together; the smallest change found: ${relaxations.map((r) => r.en).join('; ')}.`,
    zh: `各项规则无法同时满足；找到的最小调整：${relaxations.map((r) => r.zh).join('；')}。`,
  };
}

function groupRelaxation(p: RegionProblem, group: RegionGroup, limit: GroupLimit, reach: bigint): Relaxation {
  const id = `group:${group.id}:${limit.kind}`;
  const path = pointer('groups', p.groups.indexOf(group), limit.kind);
  const m = (x: bigint, lang: 'en' | 'zh') => money(p, x, lang);
  const isMin = limit.sense === '>=';
  if (limit.kind === 'minimumShare' || limit.kind === 'maximumShare') {
    const share = shareOf(reach, p.total, isMin ? 'down' : 'up');
    return {
      id,
      path,
      asked: toText(limit.given),
      reachable: exactText(share.coefficient, share.scale),
      measure: 'share',
      en: isMin
        ? `group ${group.id} must get at least ${percent(limit.given)} (${m(limit.granules, 'en')}) but at most ${percent(share)} (${m(reach, 'en')}) is reachable with the other rules`
        : `group ${group.id} may get at most ${percent(limit.given)} (${m(limit.granules, 'en')}) but needs at least ${percent(share)} (${m(reach, 'en')}) under the other rules`,
      zh: isMin
        ? `分组 ${group.id} 须至少占 ${percent(limit.given)}（${m(limit.granules, 'zh')}），但在其他规则下至多能达到 ${percent(share)}（${m(reach, 'zh')}）`
        : `分组 ${group.id} 至多占 ${percent(limit.given)}（${m(limit.granules, 'zh')}），但在其他规则下至少需要 ${percent(share)}（${m(reach, 'zh')}）`,
    };
  }
  return {
    id,
    path,
    asked: fromGranules(limit.granules, p.granularity),
    reachable: fromGranules(reach, p.granularity),
    measure: 'amount',
    en: isMin
      ? `group ${group.id} must get at least ${m(limit.granules, 'en')} but at most ${m(reach, 'en')} is reachable with the other rules`
      : `group ${group.id} may get at most ${m(limit.granules, 'en')} but needs at least ${m(reach, 'en')} under the other rules`,
    zh: isMin
      ? `分组 ${group.id} 须至少获得 ${m(limit.granules, 'zh')}，但在其他规则下至多能达到 ${m(reach, 'zh')}`
      : `分组 ${group.id} 至多获得 ${m(limit.granules, 'zh')}，但在其他规则下至少需要 ${m(reach, 'zh')}`,
  };
}

function floorRelaxation(p: RegionProblem, i: number, reach: bigint): Relaxation {
  const why = floorReason(p, i);
  const id = p.ids[i];
  return {
    id: `region:${id}:${p.lowerBy[i]}`,
    path: pointer('regions', i, p.lowerBy[i] === 'minimum' ? 'minimum' : 'lastYear'),
    asked: fromGranules(p.lower[i], p.granularity),
    reachable: fromGranules(reach, p.granularity),
    measure: 'amount',
    en: `region ${id}'s floor ${money(p, p.lower[i], 'en')} (${why.en}) must come down to ${money(p, reach, 'en')}`,
    zh: `地区 ${id} 的下限 ${money(p, p.lower[i], 'zh')}（${why.zh}）须降至 ${money(p, reach, 'zh')}`,
  };
}

function capRelaxation(p: RegionProblem, i: number, reach: bigint): Relaxation {
  const why = capReason(p, i);
  const id = p.ids[i];
  return {
    id: `region:${id}:${p.upperBy[i]}`,
    path: pointer('regions', i, p.upperBy[i] === 'maximum' ? 'maximum' : 'lastYear'),
    asked: fromGranules(p.upper[i]!, p.granularity),
    reachable: fromGranules(reach, p.granularity),
    measure: 'amount',
    en: `region ${id}'s cap ${money(p, p.upper[i]!, 'en')} (${why.en}) must rise to ${money(p, reach, 'en')}`,
    zh: `地区 ${id} 的上限 ${money(p, p.upper[i]!, 'zh')}（${why.zh}）须提高到 ${money(p, reach, 'zh')}`,
  };
}
