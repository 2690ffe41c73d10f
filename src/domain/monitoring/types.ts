/** What the monitoring engine reads and answers (POST /v1/monitoring). Amounts are decimal text in `unit`. */
import type { Unit } from '../../core/money.js';
import type { PreparedMonitoringModel } from './model.js';

export type Level = 'city' | 'county';
export type Status = 'green' | 'yellow' | 'red';

/** A region's figures at the end of a month, cumulative from January (截至当月末累计). */
export interface MonthFigures {
  readonly month: number;
  /** funds in place (到位) */
  readonly inPlace: string | number;
  /** funds spent (支出) */
  readonly spent: string | number;
  /** the region's own-level funds in place (市级 for a city, 县级 for a county), part of inPlace */
  readonly ownInPlace?: string | number;
}

export interface RegionSeries {
  readonly id: string;
  readonly name?: string;
  readonly level: Level;
  /** the year's allocated funds (全年下达), the base when the model's progressBase is "allocated" */
  readonly allocated?: string | number;
  readonly months: readonly MonthFigures[];
}

export interface ProjectInput {
  readonly id: string;
  readonly name?: string;
  /** id of the region it belongs to (checked against the regions when there are any) */
  readonly region?: string;
  /** the year's planned investment (计划资金 / 当年投资额) */
  readonly budget: string | number;
  /** the amount after an adjustment (调整后金额) */
  readonly adjusted?: string | number;
  /** what was actually used (实际使用资金) */
  readonly actual?: string | number;
  /** what has been paid (拨付) */
  readonly paid?: string | number;
  /** completion date (完工), YYYY-MM-DD */
  readonly completed?: string;
  /** the date payment was completed, YYYY-MM-DD; absent: not yet paid in full */
  readonly paidOn?: string;
}

export interface PreviousReport {
  /** the month of the previous report, read from the regions' own figures (default: the month before) */
  readonly month?: number;
  /** or its ranks, as published (region id → rank within its level) */
  readonly ranks?: Readonly<Record<string, number>>;
}

export interface MonitoringInput {
  readonly model: PreparedMonitoringModel;
  readonly year: number;
  /** the report month: figures are read at its end */
  readonly month: number;
  /** the day late payments are counted to (default: the last day of the report month) */
  readonly reportDate?: string;
  readonly unit: Unit;
  readonly regions: readonly RegionSeries[];
  readonly previous?: PreviousReport;
  readonly projects: readonly ProjectInput[];
}

export interface Words {
  readonly en: string;
  readonly zh: string;
}

export interface RegionRow {
  readonly id: string;
  readonly name?: string;
  readonly level: Level;
  readonly month: number;
  readonly inPlace: string;
  readonly spent: string;
  /** the denominator of progress: inPlace, or allocated */
  readonly base: string;
  /**
   * spent ÷ base, 12 decimals; null when the base is zero. Like progressPercent and gapPoints, it has more
   * decimals where rounding would put it onto or across an edge its colour was decided at (./shown.ts).
   */
  readonly progress: string | null;
  /** 2 decimals, or more as progress */
  readonly progressPercent: string | null;
  /** targetPercent is exact, with at least 2 decimals */
  readonly milestone: { readonly month: number; readonly target: string; readonly targetPercent: string } | null;
  /** progress − milestone in percentage points, 2 decimals or more as progress (negative: behind) */
  readonly gapPoints: string | null;
  readonly status: Status;
  /** why the colour, with the row's own numbers */
  readonly reason: Words;
  /** competition rank within the level (1 = best progress) */
  readonly rank: number;
  /** regions ranked at this level */
  readonly of: number;
  readonly previousRank: number | null;
  /** among the bottom N of the level now (N of the reminder-letter rule) */
  readonly bottom: boolean;
}

export interface LevelCount {
  readonly regions: number;
  readonly green: number;
  readonly yellow: number;
  readonly red: number;
}

export type AlertRule = 'reminderLetter' | 'amountChange' | 'zeroInPlace' | 'latePayment';
/** 提醒敦促函, 约谈通知书, or a warning (预警) where the seed names no notice */
export type Notice = 'reminderLetter' | 'interviewNotice' | 'warning';

export interface Alert {
  readonly rule: AlertRule;
  readonly notice: Notice;
  readonly subject: { readonly kind: 'region' | 'project'; readonly id: string; readonly name?: string; readonly level?: Level };
  /** the figures the rule read, as text */
  readonly numbers: Readonly<Record<string, string | number | null>>;
  /** the seed (or model source) the rule encodes */
  readonly source: string;
  readonly en: string;
  readonly zh: string;
}

export interface ProjectRow {
  readonly id: string;
  readonly name?: string;
  readonly region?: string;
  readonly budget: string;
  readonly adjusted?: string;
  readonly actual?: string;
  readonly paid?: string;
  /** paid ÷ budget, 12 decimals; null without paid */
  readonly executionRate: string | null;
  readonly executionRatePercent: string | null;
  /** actual − budget; null without actual */
  readonly deviation: string | null;
  /** (actual − budget) ÷ budget as a percentage, 2 decimals */
  readonly deviationPercent: string | null;
  readonly completed?: string;
  readonly paidOn?: string;
  /** days from completion to payment (or to the report date while unpaid); null without a completion date */
  readonly paymentDays: number | null;
}

export interface MonitoringResult {
  readonly model: { readonly id: string; readonly version: string };
  readonly year: number;
  readonly month: number;
  readonly reportDate: string;
  readonly unit: Unit;
  readonly regions: readonly RegionRow[];
  /** per level: the regions ranked there and how many are green, yellow, red */
  readonly levels: Readonly<Record<Level, LevelCount>>;
  readonly previous: { readonly month: number | null; readonly from: 'ranks' | 'figures' | null };
  readonly alerts: readonly Alert[];
  readonly projects: readonly ProjectRow[];
  /**
   * Two sets, each named: every project (projects, budget), and the projects that report paid, which the
   * execution rate is over (executionProjects, executionBudget). A project without paid is not yet
   * reported, not 0; it adds nothing to paid, so paid is the same over both sets.
   */
  readonly totals: {
    /** every project */
    readonly projects: number;
    /** Σ budget of every project */
    readonly budget: string;
    /** Σ paid */
    readonly paid: string;
    /** the projects that report paid */
    readonly executionProjects: number;
    /** Σ budget of the projects that report paid: the base of the execution rate */
    readonly executionBudget: string;
    /** paid ÷ executionBudget; null when no project reports paid */
    readonly executionRate: string | null;
    readonly executionRatePercent: string | null;
  };
  /** rules that could not be applied, and sets narrowed (the execution rate's), and why */
  readonly notes: readonly Words[];
}
