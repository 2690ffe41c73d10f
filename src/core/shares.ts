/**
 * Industry share (产业发展比例): the one definition the optimizer's industry floors and the industry-share
 * check use, so a plan the optimizer returns passes the check by construction.
 *
 *   share(source) = Σ amounts of the source in industry categories / Σ amounts of the source in every
 *                   category not excluded from the denominator
 *
 * The denominator varies in practice (all funds, or without 以工代赈, the management fee …; DOMAIN.md §4), so
 * exclusions are part of the rule. Floors: central funds ≥ 60% from 2023, rising each year by a step the
 * caller sets; provincial funds ≥ 50% and not below last year's share (seed 003 §1).
 *
 * As a linear constraint (the optimizer's form): share ≥ f  ⇔  Σ_c coefficient(c) · amount_c ≥ 0 with
 * coefficient(c) = [c is industry] − f · [c is counted in the denominator]. Exact rationals throughout.
 */
import type { Ratio } from './money.js';
import { add as plus, reduce } from './rational.js';

export interface IndustryShareRule {
  /** Categories that count as industry (产业发展). */
  readonly industryCategories: readonly string[];
  /** Categories left out of the denominator (e.g. 以工代赈, management fee). Never industry. */
  readonly excludedCategories: readonly string[];
}

export const DEFAULT_INDUSTRY_RULE: IndustryShareRule = { industryCategories: ['industry'], excludedCategories: [] };

export function isIndustry(rule: IndustryShareRule, category: string): boolean {
  return rule.industryCategories.includes(category);
}

export function countsInBase(rule: IndustryShareRule, category: string): boolean {
  return !rule.excludedCategories.includes(category);
}

/** Categories listed both as industry and as excluded: a rule that cannot mean anything. */
export function ruleConflicts(rule: IndustryShareRule): string[] {
  return rule.industryCategories.filter((c) => rule.excludedCategories.includes(c));
}

export interface IndustryShare {
  /** Σ amounts in industry categories */
  readonly industry: Ratio;
  /** Σ amounts in categories counted in the denominator */
  readonly base: Ratio;
  /** industry / base; null when the base is 0 */
  readonly share: Ratio | null;
}

/** The industry share of one source's amounts by category, exactly. */
export function industryShare(rule: IndustryShareRule, amounts: Iterable<readonly [category: string, amount: Ratio]>): IndustryShare {
  let industry: Ratio = { num: 0n, den: 1n };
  let base: Ratio = { num: 0n, den: 1n };
  for (const [category, amount] of amounts) {
    if (isIndustry(rule, category)) industry = plus(industry, amount);
    if (countsInBase(rule, category)) base = plus(base, amount);
  }
  const share = base.num === 0n ? null : reduce(industry.num * base.den, industry.den * base.num);
  return { industry, base, share };
}

/**
 * The coefficient of an amount in category `category` in the linear form of "share ≥ floor" (see the
 * module comment): 1 − floor for industry, −floor for other counted categories, 0 for excluded ones.
 */
export function floorCoefficient(rule: IndustryShareRule, floor: Ratio, category: string): Ratio {
  const industry = isIndustry(rule, category) ? 1n : 0n;
  const counted = countsInBase(rule, category) ? 1n : 0n;
  return reduce(industry * floor.den - counted * floor.num, floor.den);
}

/** Whether a share meets a floor, exactly (a source with nothing in its base meets every floor). */
export function meetsFloor(share: Ratio | null, floor: Ratio): boolean {
  return share === null || share.num * floor.den >= floor.num * share.den;
}

export interface CentralFloorPolicy {
  /** The floor in the first year (0.6 in 2023 in Sichuan's plan). */
  readonly start: Ratio;
  readonly startYear: number;
  /** How much it rises each year after (the seed says "rising every year" without a number: configurable). */
  readonly step: Ratio;
  /** It never rises above this (default 1). */
  readonly cap?: Ratio;
}

/**
 * The floors that apply when a check names none: policy numbers, so they are data (the industry-share model,
 * models/industry-share/*.json), never constants here.
 */
export interface IndustrySharePolicy {
  readonly central: CentralFloorPolicy;
  /** the provincial base floor (never below last year's share) */
  readonly provincial: Ratio;
}

/** The central-funds floor in `year`: start + step × (year − startYear), never above the cap; null before startYear. */
export function centralFloor(policy: CentralFloorPolicy, year: number): Ratio | null {
  if (year < policy.startYear) return null;
  const years = BigInt(year - policy.startYear);
  const value = reduce(policy.start.num * policy.step.den + years * policy.step.num * policy.start.den, policy.start.den * policy.step.den);
  const cap = policy.cap ?? { num: 1n, den: 1n };
  return value.num * cap.den > cap.num * value.den ? cap : value;
}

/** The provincial-funds floor: the larger of the base floor (50%) and last year's share, when known. */
export function provincialFloor(base: Ratio, lastYearShare: Ratio | null | undefined): Ratio {
  if (!lastYearShare) return base;
  return lastYearShare.num * base.den > base.num * lastYearShare.den ? lastYearShare : base;
}

/**
 * How far a source's industry amount is above (+) or below (−) what the floor asks of the same base:
 * industry − floor × base. Below the floor, −gap is the amount that would have to move from other uses to
 * industry (the base unchanged) to meet it; at the floor it is 0.
 */
export function floorGap(share: IndustryShare, floor: Ratio): Ratio {
  return plus(share.industry, reduce(-floor.num * share.base.num, floor.den * share.base.den));
}
