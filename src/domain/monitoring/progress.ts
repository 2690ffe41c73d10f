/**
 * Spending progress (支出进度) per region at the report month, against the milestone in force (序时进度),
 * with its red/yellow/green status and its rank among the regions of its level (全省拉通排位: cities among
 * cities, counties among counties).
 *
 * Figures are cumulative from January. Spending cannot exceed the funds in place and cumulative spending
 * cannot fall (a fall usually means a monthly figure was sent); funds in place may fall (funds withdrawn).
 */
import { Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { SHARE_DECIMALS, type Ratio } from '../../core/money.js';
import { milestoneAt, type Milestone, type PreparedMonitoringModel, type ProgressBase } from './model.js';
import { amountText, cmp, div, mul, ratio, shareText, sub, ZERO } from '../../core/rational.js';
import { competitionRanks } from './ranks.js';
import { colourReason } from './reasons.js';
import { textOnItsSide } from './shown.js';
import type { Level, MonitoringInput, MonthFigures, RegionRow, RegionSeries, Status } from './types.js';

export const LEVELS: readonly Level[] = ['city', 'county'];

/** What the schemas cannot see in the regions: month order, the report month, spent vs in place (ids: ./references.ts). */
export function checkRegions(input: MonitoringInput): Issue[] {
  return input.regions.flatMap((r, i) => checkRegion(r, i, input.month, input.model.progressBase));
}

/** One region's checks (the `i`th of the request), on its own: the route runs it on each region that passed its schema. */
export function checkRegion(r: RegionSeries, i: number, reportMonth: number, progressBase: ProgressBase | undefined): Issue[] {
  const issues: Issue[] = [];
  if (progressBase === 'allocated' && r.allocated === undefined) {
    issues.push(issue(pointer('regions', i, 'allocated'), 'monitoring-allocated-missing'));
  }
  return [...issues, ...checkSeries(r, i, reportMonth)];
}

function checkSeries(r: RegionSeries, i: number, reportMonth: number): Issue[] {
  const issues: Issue[] = [];
  const at = (k: number, field: string) => pointer('regions', i, 'months', k, field);
  let before: { month: number; spent: Ratio } | undefined;
  r.months.forEach((m, k) => {
    const { inPlace, spent, ownInPlace } = figures(m);
    if (before && m.month === before.month) {
      issues.push(issue(at(k, 'month'), 'monitoring-month-twice', { month: m.month }));
    } else if (before && m.month < before.month) {
      issues.push(issue(at(k, 'month'), 'monitoring-months-out-of-order', { month: m.month, before: before.month }));
    } else if (m.month > reportMonth) {
      issues.push(issue(at(k, 'month'), 'monitoring-month-after-report', { month: m.month, report: reportMonth }));
    }
    if (cmp(spent, inPlace) > 0) {
      issues.push(issue(at(k, 'spent'), 'monitoring-spent-above-in-place', { month: m.month, spent: m.spent, inPlace: m.inPlace }));
    }
    if (ownInPlace && cmp(ownInPlace, inPlace) > 0) {
      issues.push(issue(at(k, 'ownInPlace'), 'monitoring-own-above-in-place', { ownInPlace: m.ownInPlace!, inPlace: m.inPlace }));
    }
    if (before && m.month > before.month && cmp(spent, before.spent) < 0) {
      issues.push(issue(at(k, 'spent'), 'monitoring-spent-falling', { month: m.month, before: before.month }));
    }
    before = { month: m.month, spent };
  });
  if (!r.months.some((m) => m.month === reportMonth)) {
    issues.push(issue(pointer('regions', i, 'months'), 'monitoring-report-month-missing', { month: reportMonth }));
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
export function standingsAt(
  input: MonitoringInput,
  month: number,
): { progress: (Ratio | null)[]; ranks: (number | null)[]; complete: Record<Level, boolean> } {
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
export function regionRows(input: MonitoringInput, now: Standings, previousRanks: readonly (number | null)[], bottom: readonly boolean[]): RegionRow[] {
  const { model, month } = input;
  const milestone = milestoneAt(model, month);
  const target = milestone?.target ?? ZERO;
  const yellowFloor = sub(target, model.yellowWithin);
  // the edges a colour is decided at: shown numbers stay on their side of them (./shown.ts)
  const progressEdges = milestone ? [target, yellowFloor] : [];
  const gapEdges = milestone ? [ZERO, sub(ZERO, model.yellowWithin)] : [];
  const shownMilestone = milestone && {
    month: milestone.month,
    target: shareText(milestone.target),
    targetPercent: amountText(mul(milestone.target, HUNDRED)) + '%',
  };
  const yellowPoints = amountText(mul(model.yellowWithin, HUNDRED), 0);
  const firstMonth = model.milestones[0]?.month ?? null;
  return input.regions.map((r, i) => {
    const f = figures(figuresAt(r, month)!);
    const p = now.progress[i];
    const base = model.progressBase === 'allocated' ? ratio(r.allocated!) : f.inPlace;
    const status = statusOf(p, milestone, model.yellowWithin);
    const progressPercent = p === null ? null : textOnItsSide(p, progressEdges, 2, 100n) + '%';
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
      reason: colourReason({
        status,
        progressBase: model.progressBase,
        spent,
        base: baseText,
        progressPercent,
        gapPoints,
        milestone: shownMilestone,
        firstMonth,
        yellowPoints,
      }),
      rank: now.ranks[i],
      of: now.counts[r.level],
      previousRank: previousRanks[i],
      bottom: bottom[i],
    };
  });
}

const HUNDRED: Ratio = { num: 100n, den: 1n };
