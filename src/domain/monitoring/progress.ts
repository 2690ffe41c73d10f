/**
 * Spending progress (支出进度) per region at the report month, against the milestone in force (序时进度),
 * with its red/yellow/green status and its rank among the regions of its level (全省拉通排位: cities among
 * cities, counties among counties).
 *
 * Figures are cumulative from January. Spending cannot exceed the funds in place and cumulative spending
 * cannot fall (a fall usually means a monthly figure was sent); funds in place may fall (funds withdrawn).
 */
import { Issue, pointer } from '../../core/errors.js';
import { SHARE_DECIMALS, type Ratio } from '../../core/money.js';
import { milestoneAt, type Milestone, type PreparedMonitoringModel } from './model.js';
import { amountText, cmp, div, mul, ratio, sub, ZERO } from '../../core/rational.js';
import { competitionRanks } from './ranks.js';
import { colourReason } from './reasons.js';
import { textOnItsSide } from './shown.js';
import type { Level, MonitoringInput, MonthFigures, RegionRow, RegionSeries, Status } from './types.js';

export const LEVELS: readonly Level[] = ['city', 'county'];

/** What the schemas cannot see in the regions: ids, month order, the report month, spent vs in place. */
export function checkRegions(input: MonitoringInput): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  input.regions.forEach((r, i) => {
    if (seen.has(r.id)) {
      issues.push({ path: pointer('regions', i, 'id'), en: `region id "${r.id}" is used twice.`, zh: `地区编号 "${r.id}" 重复。` });
    }
    seen.add(r.id);
    if (input.model.progressBase === 'allocated' && r.allocated === undefined) {
      issues.push({
        path: pointer('regions', i, 'allocated'),
        en: "the model measures progress against the year's allocated funds: give the region's allocated amount.",
        zh: '该模型以全年下达资金为支出进度的分母：请填写该地区的全年下达资金。',
      });
    }
    issues.push(...checkSeries(r, i, input.month));
  });
  return issues;
}

function checkSeries(r: RegionSeries, i: number, reportMonth: number): Issue[] {
  const issues: Issue[] = [];
  const at = (k: number, field: string) => pointer('regions', i, 'months', k, field);
  let before: { month: number; spent: Ratio } | undefined;
  r.months.forEach((m, k) => {
    const { inPlace, spent, ownInPlace } = figures(m);
    if (before && m.month === before.month) {
      issues.push({ path: at(k, 'month'), en: `month ${m.month} is given twice.`, zh: `第 ${m.month} 月重复出现。` });
    } else if (before && m.month < before.month) {
      issues.push({
        path: at(k, 'month'),
        en: `list the months in order: month ${m.month} comes after month ${before.month}.`,
        zh: `请按月份先后排列：第 ${m.month} 月排在第 ${before.month} 月之后。`,
      });
    } else if (m.month > reportMonth) {
      issues.push({
        path: at(k, 'month'),
        en: `month ${m.month} is after the report month ${reportMonth}; leave later months out.`,
        zh: `第 ${m.month} 月晚于报告月份第 ${reportMonth} 月，请删除报告月份之后的数据。`,
      });
    }
    if (cmp(spent, inPlace) > 0) {
      issues.push({
        path: at(k, 'spent'),
        en: `spent (${m.spent}) is more than the funds in place (${m.inPlace}) at the end of month ${m.month}; money cannot be spent before it arrives.`,
        zh: `第 ${m.month} 月末支出（${m.spent}）大于到位资金（${m.inPlace}）；资金到位前不能支出。`,
      });
    }
    if (ownInPlace && cmp(ownInPlace, inPlace) > 0) {
      issues.push({
        path: at(k, 'ownInPlace'),
        en: `own funds in place (${m.ownInPlace}) are part of the funds in place (${m.inPlace}) and cannot exceed them.`,
        zh: `本级到位资金（${m.ownInPlace}）是到位资金（${m.inPlace}）的一部分，不能大于后者。`,
      });
    }
    if (before && m.month > before.month && cmp(spent, before.spent) < 0) {
      issues.push({
        path: at(k, 'spent'),
        en: `figures are cumulative from January: spent cannot fall from month ${before.month} to month ${m.month} (was this a monthly figure?).`,
        zh: `数据为自1月起的累计数：支出不能从第 ${before.month} 月到第 ${m.month} 月减少（是否填写了当月数？）。`,
      });
    }
    before = { month: m.month, spent };
  });
  if (!r.months.some((m) => m.month === reportMonth)) {
    issues.push({
      path: pointer('regions', i, 'months'),
      en: `no figures for the report month ${reportMonth}; add them.`,
      zh: `缺少报告月份第 ${reportMonth} 月的数据，请补充。`,
    });
  }
  return issues;
}

export function figuresAt(r: RegionSeries, month: number): MonthFigures | undefined {
  return r.months.find((m) => m.month === month);
}

/** A month's figures as exact ratios. */
export interface Figures {
  readonly inPlace: Ratio;
  readonly spent: Ratio;
  readonly ownInPlace?: Ratio;
}

export function figures(m: MonthFigures): Figures {
  return { inPlace: ratio(m.inPlace), spent: ratio(m.spent), ...(m.ownInPlace !== undefined ? { ownInPlace: ratio(m.ownInPlace) } : {}) };
}

/** spent ÷ base at the end of `month`; null when the base is zero (nothing to spend yet). */
export function progressAt(r: RegionSeries, month: number, model: PreparedMonitoringModel): Ratio | null {
  const f = figuresAt(r, month);
  if (!f) return null;
  const { inPlace, spent } = figures(f);
  const base = model.progressBase === 'allocated' ? ratio(r.allocated!) : inPlace;
  return base.num === 0n ? null : div(spent, base);
}

/**
 * green: on or above the milestone; yellow: below it by at most `yellowWithin` points; red: further below.
 * With nothing in place, red once a milestone is due (nothing can have been spent), green before.
 */
export function statusOf(progress: Ratio | null, milestone: Milestone | null, yellowWithin: Ratio): Status {
  const target: Ratio = milestone?.target ?? { num: 0n, den: 1n };
  if (progress === null) return target.num > 0n ? 'red' : 'green';
  if (cmp(progress, target) >= 0) return 'green';
  return cmp(progress, sub(target, yellowWithin)) >= 0 ? 'yellow' : 'red';
}

/** Best progress first; equal progress (exactly) shares a rank; no progress (nothing in place) ranks last. */
export function rankByProgress(progress: readonly (Ratio | null)[]): number[] {
  return competitionRanks(progress, (a, b) => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return cmp(b, a);
  });
}

export interface Standings {
  /** progress by region index (null: nothing in the base) */
  readonly progress: readonly (Ratio | null)[];
  /** rank within the level, by region index */
  readonly ranks: readonly number[];
  readonly counts: Readonly<Record<Level, number>>;
}

/** Progress at `month` and the ranks it gives, level by level; regions without figures that month are left out. */
export function standingsAt(input: MonitoringInput, month: number): { progress: (Ratio | null)[]; ranks: (number | null)[]; complete: Record<Level, boolean> } {
  const progress = input.regions.map((r) => progressAt(r, month, input.model));
  const ranks = new Array<number | null>(input.regions.length).fill(null);
  const complete: Record<Level, boolean> = { city: true, county: true };
  for (const level of LEVELS) {
    const members = input.regions.flatMap((r, i) => (r.level === level && figuresAt(r, month) ? [i] : []));
    complete[level] = members.length === input.regions.filter((r) => r.level === level).length;
    rankByProgress(members.map((i) => progress[i])).forEach((rank, k) => (ranks[members[k]] = rank));
  }
  return { progress, ranks, complete };
}

/** The standings at the report month, where every region has figures (checkRegions saw to it). */
export function standings(input: MonitoringInput): Standings {
  const { progress, ranks } = standingsAt(input, input.month);
  const counts: Record<Level, number> = { city: 0, county: 0 };
  for (const r of input.regions) counts[r.level] += 1;
  return { progress, ranks: ranks as number[], counts };
}

/** The regions' rows at the report month, in request order. */
export function regionRows(
  input: MonitoringInput,
  now: Standings,
  previousRanks: readonly (number | null)[],
  bottom: readonly boolean[],
): RegionRow[] {
  const { model, month } = input;
  const milestone = milestoneAt(model, month);
  const target = milestone?.target ?? ZERO;
  const yellowFloor = sub(target, model.yellowWithin);
  // the edges a colour is decided at: shown numbers stay on their side of them (./shown.ts)
  const progressEdges = milestone ? [target, yellowFloor] : [];
  const gapEdges = milestone ? [ZERO, sub(ZERO, model.yellowWithin)] : [];
  const shownMilestone = milestone && { month: milestone.month, target: amountText(milestone.target, 0), targetPercent: amountText(mul(milestone.target, HUNDRED)) };
  const yellowPoints = amountText(mul(model.yellowWithin, HUNDRED), 0);
  const firstMonth = model.milestones[0]?.month ?? null;
  return input.regions.map((r, i) => {
    const f = figures(figuresAt(r, month)!);
    const p = now.progress[i];
    const base = model.progressBase === 'allocated' ? ratio(r.allocated!) : f.inPlace;
    const status = statusOf(p, milestone, model.yellowWithin);
    const progressPercent = p === null ? null : textOnItsSide(p, progressEdges, 2, 100n);
    const gapPoints = p === null ? null : textOnItsSide(sub(p, target), gapEdges, 2, 100n);
    const spent = amountText(f.spent);
    const baseText = amountText(base);
    return {
      id: r.id,
      ...(r.name !== undefined ? { name: r.name } : {}),
      level: r.level,
      month,
      inPlace: amountText(f.inPlace),
      spent,
      base: baseText,
      progress: p === null ? null : textOnItsSide(p, progressEdges, SHARE_DECIMALS),
      progressPercent,
      milestone: shownMilestone,
      gapPoints,
      status,
      reason: colourReason({ status, progressBase: model.progressBase, spent, base: baseText, progressPercent, gapPoints, milestone: shownMilestone, firstMonth, yellowPoints }),
      rank: now.ranks[i],
      of: now.counts[r.level],
      previousRank: previousRanks[i],
      bottom: bottom[i],
    };
  });
}

const HUNDRED: Ratio = { num: 100n, den: 1n };
