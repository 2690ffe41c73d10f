/**
 * Industry-share check (产业发展比例): amounts by category and fund source (planned or actual) → per source
 * the industry amount, the base, the share, the floor, pass or fail and by how much; and all sources
 * together. Built on shares.ts — the one definition the optimizer uses — so a plan the optimizer returns
 * passes this check by construction.
 *
 * Floors: the policy's (an industry-share model, e.g. Sichuan's: central funds ≥ 60% from 2023, rising each
 * year by a step; provincial funds ≥ 50%; the request changes it through `overrides`); provincial funds never
 * below last year's share; other sources and all sources together only when a floor is given. A floor given
 * for a source replaces its policy floor.
 *
 * Shown beside pass/fail, a share never contradicts it: where rounding would carry it onto or across its
 * floor (0.59998 against 60%), it gets more decimals ("59.998%"), as monitoring's progress does.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { textOnItsSide } from '../monitoring/shown.js';
import type { Ratio, Unit } from '../../core/money.js';
import { SHARE_DECIMALS } from '../../core/money.js';
import { amountText, cmp, mul, percentText, ratio, shareText, sub, ZERO } from '../../core/rational.js';
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
import { duplicateIds, idsOf } from '../monitoring/references.js';

type Decimalish = string | number;

export interface IndustryCheckInput {
  readonly year: number;
  readonly unit: Unit;
  /** what the amounts are: the plan (下达/计划) or what was actually used */
  readonly basis: 'planned' | 'actual';
  readonly industryCategories?: readonly string[];
  readonly excludedCategories?: readonly string[];
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
  /** industry ÷ base, 12 decimals (more where rounding would cross the floor); null when the base is 0 */
  readonly share: string | null;
  /** 2 decimals and the sign (more where rounding would cross the floor) */
  readonly sharePercent: string | null;
  readonly floor: string | null;
  readonly floorPercent: string | null;
  readonly floorFrom: FloorFrom;
  /** share ≥ floor exactly; null without a floor (a source with nothing in its base meets every floor) */
  readonly pass: boolean | null;
  /** share − floor in percentage points, 2 decimals (more where rounding would cross 0), no sign */
  readonly marginPoints: string | null;
  /** industry − floor × base: above (+) or short of (−) the floor, in the unit */
  readonly gap: string | null;
  /** pass or fail, by how many points and how much money, in English and Chinese */
  readonly reason: { readonly en: string; readonly zh: string };
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

/** `policy`: the floors that apply where a source gives none (the industry-share model's, after overrides). */
export function checkIndustryShare(input: IndustryCheckInput, policy: IndustrySharePolicy): IndustryCheckResult {
  const rule: IndustryShareRule = {
    industryCategories: input.industryCategories ?? DEFAULT_INDUSTRY_RULE.industryCategories,
    excludedCategories: input.excludedCategories ?? DEFAULT_INDUSTRY_RULE.excludedCategories,
  };
  const issues = checkInput(input as unknown as { readonly [key: string]: unknown });
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
    const floor = centralFloor(policy.central, input.year);
    return [floor, floor ? 'centralPolicy' : null];
  }
  if (s.id === 'provincial') {
    const base = policy.provincial;
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
  // the edge pass/fail was decided at: shown numbers stay on their side of it
  const edges = floor === null ? [] : [floor];
  const sharePercent = s.share && textOnItsSide(s.share, edges, 2, 100n) + '%';
  const marginPoints = margin && textOnItsSide(margin, [ZERO], 2, 100n);
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    industry: amountText(s.industry),
    base: amountText(s.base),
    share: s.share && textOnItsSide(s.share, edges, SHARE_DECIMALS),
    sharePercent,
    floor: floor && shareText(floor),
    floorPercent: floor && percentText(floor),
    floorFrom,
    pass,
    marginPoints,
    gap: gap && amountText(gap),
    reason: sentence(input.unit, id, name, s.industry, s.base, s.share, sharePercent, marginPoints, floor, gap),
  };
}

function sentence(
  unit: Unit,
  id: string,
  name: string | undefined,
  industry: Ratio,
  base: Ratio,
  share: Ratio | null,
  sharePercent: string | null,
  marginPoints: string | null,
  floor: Ratio | null,
  gap: Ratio | null,
) {
  const who = own(SOURCE_NAMES, id) ?? { en: `"${id}" funds`, zh: `资金来源 "${id}"` };
  const label = name === undefined ? who : { en: `${who.en} (${name})`, zh: `${who.zh}（${name}）` };
  const u = unit === 'wan' ? { en: '万元', zh: '万元' } : { en: 'yuan', zh: '元' };
  const [i, b] = [amountText(industry), amountText(base)];
  if (share === null) {
    return {
      en: `${label.en}: nothing counted in the base, so no share (every floor is met).`,
      zh: `${label.zh}：计入分母的金额为 0，无比例（视为满足下限）。`,
    };
  }
  const head = {
    en: `${label.en}: ${i} of ${b} ${u.en} to industry = ${sharePercent}`,
    zh: `${label.zh}：产业发展 ${i} / ${b} ${u.zh} = ${sharePercent}`,
  };
  if (floor === null || gap === null || marginPoints === null) return { en: `${head.en}; no floor applies.`, zh: `${head.zh}；无比例下限。` };
  const f = amountText(mul(floor, { num: 100n, den: 1n }), 0);
  const points = marginPoints.replace(/^-/, '');
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

/**
 * What the schema cannot see: ids unique in their lists (duplicate-id), every source an amount names and every
 * category a rule names listed (unknown-reference), "all" kept for the total, last year's share for provincial
 * funds only, no category both industry and excluded. Read loosely — any part may be malformed — so the route
 * runs it on a body that failed its schema too, and these mistakes come with the others in one 422.
 */
export function checkInput(input: { readonly [key: string]: unknown }): Issue[] {
  const issues: Issue[] = [];
  const sources = Array.isArray(input.sources) ? (input.sources as unknown[]) : [];
  const categories = Array.isArray(input.categories) ? (input.categories as unknown[]) : [];
  issues.push(...duplicateIds('sources', sources));
  const sourceIds = new Set(idsOf(sources).map(([, id]) => id));
  sources.forEach((s, i) => {
    if (s === null || typeof s !== 'object') return;
    const { id, lastYearShare } = s as { id?: unknown; lastYearShare?: unknown };
    if (id === 'all') issues.push(issue(pointer('sources', i, 'id'), 'industry-share-source-all'));
    if (lastYearShare !== undefined && typeof id === 'string' && id !== 'provincial') {
      issues.push(issue(pointer('sources', i, 'lastYearShare'), 'industry-share-last-year-not-provincial'));
    }
  });
  issues.push(...duplicateIds('categories', categories));
  const categoryIds = new Set(idsOf(categories).map(([, id]) => id));
  categories.forEach((c, i) => {
    const amounts = c !== null && typeof c === 'object' ? (c as { amounts?: unknown }).amounts : undefined;
    if (amounts === null || typeof amounts !== 'object' || Array.isArray(amounts)) return;
    for (const s of Object.keys(amounts)) {
      if (!sourceIds.has(s)) issues.push(issue(pointer('categories', i, 'amounts', s), 'unknown-reference', { id: s, ...SOURCE }));
    }
  });
  const listed = (field: 'industryCategories' | 'excludedCategories'): string[] =>
    Array.isArray(input[field]) ? (input[field] as unknown[]).filter((c): c is string => typeof c === 'string') : [];
  for (const field of ['industryCategories', 'excludedCategories'] as const) {
    if (!Array.isArray(input[field])) continue;
    (input[field] as unknown[]).forEach((c, k) => {
      if (typeof c === 'string' && !categoryIds.has(c)) issues.push(issue(pointer(field, k), 'unknown-reference', { id: c, ...CATEGORY }));
    });
  }
  const rule: IndustryShareRule = {
    industryCategories: input.industryCategories === undefined ? DEFAULT_INDUSTRY_RULE.industryCategories : listed('industryCategories'),
    excludedCategories: input.excludedCategories === undefined ? DEFAULT_INDUSTRY_RULE.excludedCategories : listed('excludedCategories'),
  };
  for (const c of ruleConflicts(rule)) {
    issues.push(issue(pointer('excludedCategories', rule.excludedCategories.indexOf(c)), 'industry-share-category-conflict', { category: c }));
  }
  return issues;
}

const SOURCE = { what: 'source', what_zh: '资金来源', list: 'sources' } as const;
const CATEGORY = { what: 'category', what_zh: '支出类别', list: 'categories' } as const;
