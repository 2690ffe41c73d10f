/**
 * A monitoring model (监测模型): the time-phased spending milestones (序时进度), the red/yellow/green
 * thresholds and the alert rules, as data with their sources (models/monitoring/*.json). Preparing one checks
 * what a schema cannot (months in order, targets that do not fall) and turns the decimals into exact ratios.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import type { Ratio } from '../../core/money.js';
import { cmp, ratio } from '../../core/rational.js';

export type ProgressBase = 'inPlace' | 'allocated';

export interface MonitoringModel {
  readonly id?: string;
  readonly version?: string;
  /** spent ÷ funds in place (到位, default) or spent ÷ the year's allocated funds (全年下达) */
  readonly progressBase?: ProgressBase;
  /** cumulative share spent by the end of each month listed, e.g. 30% by April (seed 003 §二11) */
  readonly milestones: readonly { readonly month: number; readonly target: string | number; readonly source?: string }[];
  /** yellow: below the milestone by at most this many points (a share, "0.10" = 10 points); red: further below */
  readonly status: { readonly yellowWithin: string | number; readonly source?: string };
  readonly alerts: {
    /** 提醒敦促函: among the bottom N cities / counties at this report and the previous one */
    readonly reminderLetter?: { readonly bottomCities: number; readonly bottomCounties: number; readonly source?: string };
    /** 约谈通知书: a project's amount changed by at least this share of its year's investment */
    readonly amountChange?: { readonly threshold: string | number; readonly source?: string };
    /** 约谈通知书: the city's or county's own funds in place still zero at the end of this month */
    readonly zeroInPlace?: { readonly month: number; readonly source?: string };
    /** a completed project not paid within this many days */
    readonly latePayment?: { readonly days: number; readonly source?: string };
  };
}

export interface Milestone {
  readonly month: number;
  readonly target: Ratio;
  readonly source?: string;
}

export interface PreparedMonitoringModel {
  readonly model: MonitoringModel;
  readonly progressBase: ProgressBase;
  readonly milestones: readonly Milestone[];
  readonly yellowWithin: Ratio;
  readonly amountChange?: Ratio;
}

/** Checks a monitoring model; `base` is where it sits in the request ("" for a model file, "/model" inline). */
export function prepareMonitoringModel(model: MonitoringModel, base = ''): PreparedMonitoringModel {
  const issues: Issue[] = [];
  const milestones = model.milestones.map((m) => ({ month: m.month, target: ratio(m.target), source: m.source }));
  milestones.forEach((m, i) => {
    if (i === 0) return;
    const before = milestones[i - 1];
    if (m.month <= before.month) {
      issues.push(issue(base + pointer('milestones', i, 'month'), 'monitoring-milestones-out-of-order', { month: m.month, before: before.month }));
    } else if (cmp(m.target, before.target) < 0) {
      issues.push(issue(base + pointer('milestones', i, 'target'), 'monitoring-milestones-falling', { month: m.month, before: before.month }));
    }
  });
  if (issues.length > 0) throw new EngineError(issues);
  return {
    model,
    progressBase: model.progressBase ?? 'inPlace',
    milestones,
    yellowWithin: ratio(model.status.yellowWithin),
    amountChange: model.alerts.amountChange ? ratio(model.alerts.amountChange.threshold) : undefined,
  };
}

/** The milestone in force at the end of `month`: the latest one due by then (none before the first). */
export function milestoneAt(model: PreparedMonitoringModel, month: number): Milestone | null {
  let found: Milestone | null = null;
  for (const m of model.milestones) if (m.month <= month) found = m;
  return found;
}
