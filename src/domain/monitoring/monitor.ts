/**
 * Spending monitoring (资金支出监测): per region, progress against the milestone in force, its colour and
 * rank; the alerts of seed 003 §二12 / §二3; per project, execution rate and budget deviation. Pure: the
 * answer is a function of the input (no clock: the report date is the input's or the report month's end).
 *
 * The pieces live in ./monitoring/: model (milestones, thresholds, rules), progress (regions), ranks,
 * previous (the previous report's ranks), projects, alerts, dates, reasons (why a colour), shown (numbers
 * that keep to their colour's side).
 */
import { EngineError } from '../../core/errors.js';
import { alertsOf } from './alertList.js';
import { dayNumber, monthEnd } from './dates.js';
import { bottomOf, checkPrevious, previousRanks } from './previous.js';
import { checkRegions, regionRows, standings, LEVELS } from './progress.js';
import { referenceIssues } from './references.js';
import { checkProjects, projectRow, projectTotals, totalsNote } from './projects.js';
import type { Level, MonitoringInput, MonitoringResult, RegionRow } from './types.js';

export type * from './types.js';
export { prepareMonitoringModel, type MonitoringModel, type PreparedMonitoringModel } from './model.js';

export const MAX_MONITORED_REGIONS = 10_000;
export const MAX_MONITORED_PROJECTS = 10_000;

export function monitor(input: MonitoringInput): MonitoringResult {
  const reportDay = reportDayOf(input);
  const reportDate = input.reportDate ?? monthEnd(input.year, input.month);
  const issues = [...referenceIssues(input), ...checkRegions(input), ...checkPrevious(input), ...checkProjects(input, reportDay)];
  if (issues.length > 0) throw new EngineError(issues);

  const rule = input.model.model.alerts.reminderLetter;
  const n: Record<Level, number> = { city: rule?.bottomCities ?? 0, county: rule?.bottomCounties ?? 0 };
  const now = standings(input);
  const previous = previousRanks(input);
  const bottomNow = bottomOf(input, now.ranks, n);
  const bottomBefore = bottomOf(input, previous.ranks, n);
  const regions = regionRows(input, now, previous.ranks, bottomNow);
  const { alerts, notes } = alertsOf(input, { now, previous, bottomNow, bottomBefore, reportDate, reportDay });
  const totals = projectTotals(input.projects);

  return {
    model: { id: input.model.model.id ?? 'inline', version: input.model.model.version ?? 'inline' },
    year: input.year,
    month: input.month,
    reportDate,
    unit: input.unit,
    regions,
    levels: levels(regions),
    previous: { month: previous.month, from: previous.from },
    alerts,
    projects: input.projects.map((p) => projectRow(p, reportDay)),
    totals,
    notes: [...(rule ? previous.notes : []), ...notes, ...totalsNote(totals)],
  };
}

/** The day late payments are counted to: the request's reportDate, else the last day of the report month. */
export function reportDayOf(input: { readonly year: number; readonly month: number; readonly reportDate?: string }): number {
  return dayNumber(input.reportDate ?? monthEnd(input.year, input.month))!;
}

function levels(rows: readonly RegionRow[]): MonitoringResult['levels'] {
  const out = {} as Record<Level, { regions: number; green: number; yellow: number; red: number }>;
  for (const level of LEVELS) out[level] = { regions: 0, green: 0, yellow: 0, red: 0 };
  for (const r of rows) {
    out[r.level].regions += 1;
    out[r.level][r.status] += 1;
  }
  return out;
}
