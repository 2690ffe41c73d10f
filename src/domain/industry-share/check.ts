/**
 * Industry-share check (产业发展比例): amounts by category and fund source (planned or actual) → per source
 * the industry amount, the base, the share, the floor, pass or fail and by how much; and all sources
 * together. Built on shares.ts — the one definition the optimizer uses — so a plan the optimizer returns
 * passes this check by construction.
 *
 * Floors: the policy's (an industry-share model, e.g. Sichuan's: central funds ≥ 60% from 2023, rising each
 * year by a step; provincial funds ≥ 50%) unless the input gives its own; provincial funds never below last
 * year's share; other sources and all sources together only when a floor is given. A floor given for a
 * source replaces its policy floor.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import type { Ratio, Unit } from '../../core/money.js';
import { amountText, cmp, mul, percentText, ratio, shareText, sub } from '../../core/rational.js';
import {
  centralFloor,
  DEFAULT_INDUSTRY_RULE,
  floorGap,
  industryShare,
  meetsFloor,
  provincialFloor,
  ruleConflicts,
  type IndustryShareRule,
  type IndustrySharePolicy,
} from '../../core/shares.js';
import { own } from '../../core/records.js';

type Decimalish = string | number;

export interface IndustryCheckInput {
  readonly year: number;
  readonly unit: Unit;
  /** what the amounts are: the plan (下达/计划) or what was actually used */
  readonly basis: 'planned' | 'actual';
  readonly industryCategories?: readonly string[];
  readonly excludedCategories?: readonly string[];
  readonly centralFloor?: { readonly start?: Decimalish; readonly startYear?: number; readonly step?: Decimalish; readonly cap?: Decimalish };
  /** the provincial base floor (default 0.5) */
  readonly provincialFloor?: Decimalish;
  /** a floor for all sources together (none by default) */
  readonly combinedFloor?: Decimalish;
  readonly sources: readonly { readonly id: string; readonly name?: string; readonly floor?: Decimalish; readonly lastYearShare?: Decimalish }[];
  readonly categories: readonly { readonly id: string; readonly name?: string; readonly amounts: Readonly<Record<string, Decimalish>> }[];
}

/** Where a floor came from. */
export type FloorFrom = 'given' | 'centralPolicy' | 'provincialBase' | 'provincialLastYear' | null;

export interface ShareCheck {
  readonly id: string;
  readonly name?: string;
  /** Σ amounts in industry categories */
  readonly industry: string;
  /** Σ amounts counted in the denominator (all but the excluded categories) */
  readonly base: string;
  /** industry ÷ base, 12 decimals; null when the base is 0 */
  readonly share: string | null;
  readonly sharePercent: string | null;
  readonly floor: string | null;
  readonly floorPercent: string | null;
  readonly floorFrom: FloorFrom;
  /** share ≥ floor exactly; null without a floor (a source with nothing in its base meets every floor) */
  readonly pass: boolean | null;
  /** share − floor in percentage points, 2 decimals */
  readonly marginPoints: string | null;
  /** industry − floor × base: above (+) or short of (−) the floor, in the unit */
  readonly gap: string | null;
  readonly en: string;
  readonly zh: string;
}

export interface IndustryCheckResult {
  readonly year: number;
  readonly unit: Unit;
  readonly basis: 'planned' | 'actual';
  readonly rule: { readonly industryCategories: readonly string[]; readonly excludedCategories: readonly string[] };
  readonly sources: readonly ShareCheck[];
  /** all sources together */
  readonly all: ShareCheck;
  /** every floor that applies is met */
  readonly passed: boolean;
}

const SOURCE_NAMES: Record<string, { en: string; zh: string }> = {
  central: { en: 'central funds', zh: '中央资金' },
  provincial: { en: 'provincial funds', zh: '省级资金' },
  city: { en: 'city funds', zh: '市级资金' },
  county: { en: 'county funds', zh: '县级资金' },
  all: { en: 'all sources', zh: '全部资金' },
};

/** `policy`: the floors that apply where the input gives none (an industry-share model's). */
export function checkIndustryShare(input: IndustryCheckInput, policy: IndustrySharePolicy): IndustryCheckResult {
  const rule: IndustryShareRule = {
    industryCategories: input.industryCategories ?? DEFAULT_INDUSTRY_RULE.industryCategories,
    excludedCategories: input.excludedCategories ?? DEFAULT_INDUSTRY_RULE.excludedCategories,
  };
  const issues = checkInput(input, rule);
  if (issues.length > 0) throw new EngineError(issues);

  const amountsOf = (source: string | null) =>
    input.categories.flatMap((c) =>
      Object.entries(c.amounts)
        .filter(([s]) => source === null || s === source)
        .map(([, v]) => [c.id, ratio(v)] as const),
    );
  const sources = input.sources.map((s) => {
    const [floor, from] = floorOf(input, policy, s);
    return shareCheck(input, s.id, s.name, amountsOf(s.id), rule, floor, from);
  });
  const combined = input.combinedFloor === undefined ? null : ratio(input.combinedFloor);
  const all = shareCheck(input, 'all', undefined, amountsOf(null), rule, combined, combined ? 'given' : null);
  return {
    year: input.year,
    unit: input.unit,
    basis: input.basis,
    rule: { industryCategories: rule.industryCategories, excludedCategories: rule.excludedCategories },
    sources,
    all,
    passed: [...sources, all].every((c) => c.pass !== false),
  };
}

function floorOf(input: IndustryCheckInput, policy: IndustrySharePolicy, s: IndustryCheckInput['sources'][number]): [Ratio | null, FloorFrom] {
  if (s.floor !== undefined) return [ratio(s.floor), 'given'];
  if (s.id === 'central') {
    const c = input.centralFloor ?? {};
    const central = {
      start: c.start === undefined ? policy.central.start : ratio(c.start),
      startYear: c.startYear ?? policy.central.startYear,
      step: c.step === undefined ? policy.central.step : ratio(c.step),
      ...(c.cap !== undefined ? { cap: ratio(c.cap) } : policy.central.cap ? { cap: policy.central.cap } : {}),
    };
    const floor = centralFloor(central, input.year);
    return [floor, floor ? 'centralPolicy' : null];
  }
  if (s.id === 'provincial') {
    const base = input.provincialFloor === undefined ? policy.provincial : ratio(input.provincialFloor);
    const last = s.lastYearShare === undefined ? undefined : ratio(s.lastYearShare);
    const floor = provincialFloor(base, last);
    return [floor, floor === base ? 'provincialBase' : 'provincialLastYear'];
  }
  return [null, null];
}

function shareCheck(
  input: IndustryCheckInput,
  id: string,
  name: string | undefined,
  amounts: readonly (readonly [string, Ratio])[],
  rule: IndustryShareRule,
  floor: Ratio | null,
  floorFrom: FloorFrom,
): ShareCheck {
  const s = industryShare(rule, amounts);
  const pass = floor === null ? null : meetsFloor(s.share, floor);
  const margin = floor === null || s.share === null ? null : sub(s.share, floor);
  const gap = floor === null ? null : floorGap(s, floor);
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    industry: amountText(s.industry),
    base: amountText(s.base),
    share: s.share && shareText(s.share),
    sharePercent: s.share && percentText(s.share),
    floor: floor && amountText(floor, 0),
    floorPercent: floor && percentText(floor),
    floorFrom,
    pass,
    marginPoints: margin && percentText(margin),
    gap: gap && amountText(gap),
    ...sentence(input.unit, id, name, s.industry, s.base, s.share, floor, gap),
  };
}

function sentence(unit: Unit, id: string, name: string | undefined, industry: Ratio, base: Ratio, share: Ratio | null, floor: Ratio | null, gap: Ratio | null) {
  const who = own(SOURCE_NAMES, id) ?? { en: `"${id}" funds`, zh: `资金来源 "${id}"` };
  const label = name === undefined ? who : { en: `${who.en} (${name})`, zh: `${who.zh}（${name}）` };
  const u = unit === 'wan' ? { en: '万元', zh: '万元' } : { en: 'yuan', zh: '元' };
  const [i, b] = [amountText(industry), amountText(base)];
  if (share === null) {
    return { en: `${label.en}: nothing counted in the base, so no share (every floor is met).`, zh: `${label.zh}：计入分母的金额为 0，无比例（视为满足下限）。` };
  }
  const head = {
    en: `${label.en}: ${i} of ${b} ${u.en} to industry = ${percentText(share)}%`,
    zh: `${label.zh}：产业发展 ${i} / ${b} ${u.zh} = ${percentText(share)}%`,
  };
  if (floor === null || gap === null) return { en: `${head.en}; no floor applies.`, zh: `${head.zh}；无比例下限。` };
  const f = amountText(mul(floor, { num: 100n, den: 1n }), 0);
  const points = percentText(sub(share, floor)).replace(/^-/, '');
  const amount = amountText(gap.num < 0n ? { num: -gap.num, den: gap.den } : gap);
  if (cmp(share, floor) < 0) {
    return {
      en: `${head.en}, below the ${f}% floor by ${points} points: ${amount} ${u.en} more for industry (from other uses) would meet it.`,
      zh: `${head.zh}，低于 ${f}% 的下限 ${points} 个百分点：需从其他用途调整 ${amount} ${u.zh} 用于产业发展方可达标。`,
    };
  }
  return {
    en: `${head.en}, meets the ${f}% floor (${points} points, ${amount} ${u.en} above it).`,
    zh: `${head.zh}，达到 ${f}% 的下限（高出 ${points} 个百分点，${amount} ${u.zh}）。`,
  };
}

function checkInput(input: IndustryCheckInput, rule: IndustryShareRule): Issue[] {
  const issues: Issue[] = [];
  const sourceIds = new Set<string>();
  input.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) issues.push({ path: pointer('sources', i, 'id'), en: `source "${s.id}" is listed twice.`, zh: `资金来源 "${s.id}" 重复。` });
    sourceIds.add(s.id);
    if (s.id === 'all') {
      issues.push({ path: pointer('sources', i, 'id'), en: '"all" names all sources together in the answer; use another id.', zh: '"all" 在结果中表示全部资金合计，请改用其他编号。' });
    }
    if (s.lastYearShare !== undefined && s.id !== 'provincial') {
      issues.push({
        path: pointer('sources', i, 'lastYearShare'),
        en: 'last year\'s share sets the floor of provincial funds only ("not below last year"); give "floor" for this source.',
        zh: '上年度占比只用于省级资金的下限（"不低于上年度占比"）；其他来源请填写 "floor"。',
      });
    }
  });
  const categoryIds = new Set<string>();
  input.categories.forEach((c, i) => {
    if (categoryIds.has(c.id)) issues.push({ path: pointer('categories', i, 'id'), en: `category "${c.id}" is listed twice.`, zh: `支出类别 "${c.id}" 重复。` });
    categoryIds.add(c.id);
    for (const s of Object.keys(c.amounts)) {
      if (!sourceIds.has(s)) {
        issues.push({
          path: pointer('categories', i, 'amounts', s),
          en: `no source "${s}" in "sources"; list it there or correct the key (sources: ${[...sourceIds].join(', ')}).`,
          zh: `"sources" 中没有资金来源 "${s}"；请在其中列出或更正（现有：${[...sourceIds].join('、')}）。`,
        });
      }
    }
  });
  for (const field of ['industryCategories', 'excludedCategories'] as const) {
    (input[field] ?? []).forEach((c, k) => {
      if (!categoryIds.has(c)) {
        issues.push({
          path: pointer(field, k),
          en: `no category "${c}" in "categories" (categories: ${[...categoryIds].join(', ')}).`,
          zh: `"categories" 中没有类别 "${c}"（现有：${[...categoryIds].join('、')}）。`,
        });
      }
    });
  }
  for (const c of ruleConflicts(rule)) {
    issues.push({
      path: pointer('excludedCategories', rule.excludedCategories.indexOf(c)),
      en: `"${c}" is both an industry category and excluded from the base; a category is one or the other.`,
      zh: `"${c}" 既是产业类别又被排除在分母之外，二者只能选其一。`,
    });
  }
  return issues;
}
