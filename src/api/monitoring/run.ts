/**
 * POST /v1/monitoring between schema and engine: the model resolved (a built-in one of models/monitoring/ or
 * inline, then the request's `overrides`, a JSON merge patch checked like a whole model), the request handed
 * to the domain (src/domain/monitoring/), and its answer mapped onto the one envelope and its three tables.
 */
import { EngineError } from '../../core/errors.js';
import type { Ratio, Unit } from '../../core/money.js';
import { add, amountText, div, percentText, ratio, shareText, ZERO } from '../../core/rational.js';
import { monitor, prepareMonitoringModel, type MonitoringModel, type MonitoringResult } from '../../domain/monitoring/monitor.js';
import { issue } from '../../messages/index.js';
import { DEFAULT_MONITORING_MODEL, listModels, monitoringModel } from '../models/catalog.js';
import { withOverrides } from '../overrides.js';
import type { ModelUsed } from '../provenance.js';
import type { Answer, Column, Table } from '../respond.js';
import { InlineMonitoringModel, type MonitoringRequestBody } from '../../schema/monitoring.js';

export const MONITORING_TABLES = ['regions', 'projects', 'alerts'] as const;

/** The model as used: found or inline, then overridden (checked like a whole model, problems under /overrides). */
export function monitoringModelOf(body: MonitoringRequestBody): MonitoringModel {
  const ref = body.model ?? DEFAULT_MONITORING_MODEL;
  let model: MonitoringModel;
  if (typeof ref === 'string') {
    const found = monitoringModel(ref);
    if (!found) {
      const known = listModels('monitoring').map((m) => m.id);
      throw new EngineError([issue('/model', 'unknown-model', { kind: 'monitoring', id: ref, known })]);
    }
    model = found;
  } else model = ref as MonitoringModel;
  return withOverrides(InlineMonitoringModel, model, body.overrides) as MonitoringModel;
}

/** The engine's answer (the domain's shape), for tests and callers below the envelope. */
export function runMonitoring(body: MonitoringRequestBody): MonitoringResult {
  return runMonitoringWith(body, monitoringModelOf(body));
}

/** The answer in the one envelope: the totals in summary, the regions as rows, then projects and alerts. */
export function monitoringAnswer(body: MonitoringRequestBody): Answer {
  const model = monitoringModelOf(body);
  const result = runMonitoringWith(body, model);
  const used: ModelUsed = { id: result.model.id, version: result.model.version, content: model };
  const t = result.totals;
  return {
    model: used,
    unit: result.unit,
    summary: {
      year: result.year,
      month: result.month,
      reportDate: result.reportDate,
      projects: t.projects,
      budget: t.budget,
      executionProjects: t.executionProjects,
      executionBudget: t.executionBudget,
      paid: t.paid,
      executionRate: t.executionRate,
      executionRatePercent: t.executionRatePercent,
      levels: result.levels,
      previous: result.previous,
      notes: result.notes,
    },
    rows: result.regions,
    extra: { projects: result.projects, alerts: result.alerts },
    tables: () => ({ regions: regionsTable(result), projects: projectsTable(result), alerts: alertsTable(result) }),
  };
}

function runMonitoringWith(body: MonitoringRequestBody, model: MonitoringModel): MonitoringResult {
  return monitor({
    model: prepareMonitoringModel(model, body.overrides ? '/overrides' : '/model'),
    year: body.year,
    month: body.month,
    reportDate: body.reportDate,
    unit: body.unit as Unit,
    regions: body.regions ?? [],
    previous: body.previous,
    projects: body.projects ?? [],
  });
}

const cell = (v: string | number | boolean | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Σ of the texts, exactly (null and absent add nothing). */
function sum(values: readonly (string | undefined | null)[]): Ratio {
  return values.reduce<Ratio>((s, v) => (v === undefined || v === null ? s : add(s, ratio(v))), ZERO);
}

/**
 * The regions: money columns (inPlace, spent, base) summed in the total row, written as every amount is
 * ("0.00" with no regions); progress there is the overall rate, Σ spent ÷ Σ base (not a sum of rates); the
 * colour columns count the regions of each colour. The reason in English (`reason`) and Chinese (`reason_zh`).
 */
export function regionsTable(result: MonitoringResult): Table {
  const columns: Column[] = [
    { id: 'level' },
    { id: 'id' },
    { id: 'name' },
    { id: 'month' },
    { id: 'inPlace', money: true },
    { id: 'spent', money: true },
    { id: 'base', money: true },
    { id: 'progress' },
    { id: 'progressPercent' },
    { id: 'milestonePercent' },
    { id: 'gapPoints' },
    { id: 'status' },
    { id: 'rank' },
    { id: 'of' },
    { id: 'previousRank' },
    { id: 'bottom' },
    { id: 'reason' },
    { id: 'reason_zh' },
  ];
  const rows = result.regions.map((r) => [
    r.level,
    r.id,
    cell(r.name),
    String(r.month),
    r.inPlace,
    r.spent,
    r.base,
    cell(r.progress),
    cell(r.progressPercent),
    cell(r.milestone?.targetPercent),
    cell(r.gapPoints),
    r.status,
    String(r.rank),
    String(r.of),
    cell(r.previousRank),
    String(r.bottom),
    r.reason.en,
    r.reason.zh,
  ]);
  const base = sum(result.regions.map((r) => r.base));
  const overall = base.num === 0n ? null : div(sum(result.regions.map((r) => r.spent)), base);
  const colours = (['green', 'yellow', 'red'] as const).map((s) => `${s} ${result.regions.filter((r) => r.status === s).length}`).join(' · ');
  return {
    columns,
    rows,
    total: {
      inPlace: amountText(sum(result.regions.map((r) => r.inPlace))),
      spent: amountText(sum(result.regions.map((r) => r.spent))),
      base: amountText(base),
      progress: overall ? shareText(overall) : '',
      progressPercent: overall ? percentText(overall) : '',
      status: colours,
      of: String(result.regions.length),
    },
  };
}

/**
 * The projects: every money column summed (budget, adjusted, actual, paid, deviation; a project without the
 * figure adds nothing); the execution rate in the total row is the summary's (paid ÷ the budget of the
 * projects that report paid), and deviationPercent is Σ deviation ÷ the budget of the projects that report
 * actual:
 * overall rates, not sums of rates.
 */
export function projectsTable(result: MonitoringResult): Table {
  const columns: Column[] = [
    { id: 'id' },
    { id: 'name' },
    { id: 'region' },
    { id: 'budget', money: true },
    { id: 'adjusted', money: true },
    { id: 'actual', money: true },
    { id: 'paid', money: true },
    { id: 'executionRate' },
    { id: 'executionRatePercent' },
    { id: 'deviation', money: true },
    { id: 'deviationPercent' },
    { id: 'completed' },
    { id: 'paidOn' },
    { id: 'paymentDays' },
  ];
  const rows = result.projects.map((p) => [
    p.id,
    cell(p.name),
    cell(p.region),
    p.budget,
    cell(p.adjusted),
    cell(p.actual),
    cell(p.paid),
    cell(p.executionRate),
    cell(p.executionRatePercent),
    cell(p.deviation),
    cell(p.deviationPercent),
    cell(p.completed),
    cell(p.paidOn),
    cell(p.paymentDays),
  ]);
  const t = result.totals;
  const withActual = result.projects.filter((p) => p.deviation !== null);
  const deviation = sum(withActual.map((p) => p.deviation));
  const deviationBase = sum(withActual.map((p) => p.budget));
  return {
    columns,
    rows,
    total: {
      budget: t.budget,
      adjusted: amountText(sum(result.projects.map((p) => p.adjusted))),
      actual: amountText(sum(result.projects.map((p) => p.actual))),
      paid: t.paid,
      executionRate: cell(t.executionRate),
      executionRatePercent: cell(t.executionRatePercent),
      deviation: amountText(deviation),
      deviationPercent: deviationBase.num === 0n ? '' : percentText(div(deviation, deviationBase)),
    },
  };
}

/**
 * The alerts, rule by rule, the sentence in English (`reason`) and Chinese (`reason_zh`); the total row counts
 * them in `numbers`, as the rows give their figures there ("alerts=3"), and leaves every id column blank.
 */
export function alertsTable(result: MonitoringResult): Table {
  const columns: Column[] = [
    { id: 'rule' },
    { id: 'notice' },
    { id: 'kind' },
    { id: 'id' },
    { id: 'name' },
    { id: 'level' },
    { id: 'source' },
    { id: 'numbers' },
    { id: 'reason' },
    { id: 'reason_zh' },
  ];
  const rows = result.alerts.map((a) => [
    a.rule,
    a.notice,
    a.subject.kind,
    a.subject.id,
    cell(a.subject.name),
    cell(a.subject.level),
    a.source,
    Object.entries(a.numbers)
      .map(([k, v]) => `${k}=${v ?? ''}`)
      .join('; '),
    a.en,
    a.zh,
  ]);
  return { columns, rows, total: { numbers: `alerts=${result.alerts.length}` } };
}
