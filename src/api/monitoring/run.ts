/**
 * POST /v1/monitoring: the validated body handed to the engine (model resolved, overrides applied and
 * checked), and the answer's tables for a spreadsheet.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { monitor, prepareMonitoringModel, type MonitoringModel, type MonitoringResult, type PreparedMonitoringModel } from '../../domain/monitoring/monitor.js';
import { mergePatch } from '../../domain/allocation/overrides.js';
import type { Unit } from '../../core/money.js';
import { DEFAULT_MONITORING_MODEL, monitoringModel, unknownModel } from '../models/catalog.js';
import { InlineMonitoringModel, type MonitoringRequestBody } from '../../schema/monitoring.js';
import { fromZod } from '../problem.js';

export function runMonitoring(body: MonitoringRequestBody): MonitoringResult {
  return monitor({
    model: resolveModel(body),
    year: body.year,
    month: body.month,
    reportDate: body.reportDate,
    unit: body.unit as Unit,
    regions: body.regions ?? [],
    previous: body.previous,
    projects: body.projects ?? [],
  });
}

function resolveModel(body: MonitoringRequestBody): PreparedMonitoringModel {
  const ref = body.model ?? DEFAULT_MONITORING_MODEL;
  let model: MonitoringModel;
  if (typeof ref === 'string') {
    const found = monitoringModel(ref);
    if (!found) throw new EngineError([unknownModel('monitoring', ref)]);
    model = found;
  } else model = ref as MonitoringModel;
  if (!body.overrides) return prepareMonitoringModel(model, '/model');
  // The patched model is checked like an inline one; its problems are reported in the patch where it has them.
  const patched = InlineMonitoringModel.safeParse(mergePatch(model, body.overrides));
  if (!patched.success) throw new EngineError(fromZod(patched.error.issues).map((i) => inPatch(i, body.overrides!)));
  return prepareMonitoringModel(patched.data as MonitoringModel, '/overrides');
}

/** An issue of the patched model, located at /overrides/… as far as the patch reaches down its path. */
function inPatch(issue: Issue, patch: Record<string, unknown>): Issue {
  const segments = issue.path.split('/').slice(1);
  const reached: string[] = [];
  let node: unknown = patch;
  for (const s of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, s)) break;
    reached.push(s);
    node = (node as Record<string, unknown>)[s];
  }
  return { ...issue, path: pointer('overrides', ...reached.map(unescape)) };
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** One table of the answer: the regions (default), the projects or the alerts. */
export function monitoringTable(result: MonitoringResult, table: 'regions' | 'projects' | 'alerts'): string[][] {
  if (table === 'projects') {
    const header = ['id', 'name', 'region', 'budget', 'adjusted', 'actual', 'paid', 'executionPercent', 'deviation', 'deviationPercent', 'completed', 'paidOn', 'paymentDays', 'executionRate'];
    return [
      header,
      ...result.projects.map((p) => [
        p.id,
        p.name ?? '',
        p.region ?? '',
        p.budget,
        p.adjusted ?? '',
        p.actual ?? '',
        p.paid ?? '',
        p.executionPercent ?? '',
        p.deviation ?? '',
        p.deviationPercent ?? '',
        p.completed ?? '',
        p.paidOn ?? '',
        p.paymentDays === null ? '' : String(p.paymentDays),
        p.executionRate ?? '',
      ]),
    ];
  }
  if (table === 'alerts') {
    const header = ['rule', 'notice', 'kind', 'id', 'name', 'level', 'source', 'numbers', 'en', 'zh'];
    return [
      header,
      ...result.alerts.map((a) => [
        a.rule,
        a.notice,
        a.subject.kind,
        a.subject.id,
        a.subject.name ?? '',
        a.subject.level ?? '',
        a.source,
        Object.entries(a.numbers)
          .map(([k, v]) => `${k}=${v ?? ''}`)
          .join('; '),
        a.en,
        a.zh,
      ]),
    ];
  }
  const header = ['level', 'id', 'name', 'month', 'inPlace', 'spent', 'base', 'progressPercent', 'milestonePercent', 'gapPoints', 'status', 'rank', 'of', 'previousRank', 'bottom', 'progress', 'reason_en', 'reason_zh'];
  return [
    header,
    ...result.regions.map((r) => [
      r.level,
      r.id,
      r.name ?? '',
      String(r.month),
      r.inPlace,
      r.spent,
      r.base,
      r.progressPercent ?? '',
      r.milestone?.targetPercent ?? '',
      r.gapPoints ?? '',
      r.status,
      String(r.rank),
      String(r.of),
      r.previousRank === null ? '' : String(r.previousRank),
      String(r.bottom),
      r.progress ?? '',
      r.reason.en,
      r.reason.zh,
    ]),
  ];
}
