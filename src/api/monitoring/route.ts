/** POST /v1/monitoring — spending progress, red/yellow/green, ranks, alerts, project execution. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { MONITORING_TABLES, monitoringAnswer, monitoringModelOf } from './run.js';
import { MonitoringRequest, MonitoringResponse } from '../../schema/monitoring.js';
import { alsoCheck, partsValid, postProblems, tableContent } from '../common.js';
import { EngineError, type Issue } from '../../core/errors.js';
import { referenceIssues } from '../../domain/monitoring/references.js';
import { reportDayOf, type MonitoringModel } from '../../domain/monitoring/monitor.js';
import { checkRegion } from '../../domain/monitoring/progress.js';
import { checkPrevious } from '../../domain/monitoring/previous.js';
import { checkProject } from '../../domain/monitoring/projects.js';
import type { MonitoringRequestBody } from '../../schema/monitoring.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { respond } from '../respond.js';
import { MONITORING_EXAMPLES } from '../examples.js';

const MonitoringQuery = queryOptions({ rows: 'one table (?table) with a total row', tables: MONITORING_TABLES, rowsAre: ['regions', 'projects'] });

export const monitoringRoute = createRoute({
  method: 'post',
  path: '/v1/monitoring',
  tags: ['Monitoring'],
  summary: 'Spending progress against the milestones, red/yellow/green, ranks and alerts (资金支出监测)',
  description: [
    'Per region (city or county: `level`, the administrative level), cumulative funds in place and spent by month → progress = spent ÷ in place at the report month, against the milestone in force (default 30% / 50% / 75% / 100% by the end of April / June / September / December, 质效双提方案 §二11); green on or above it, yellow within 10 points below, red further below (the model\'s thresholds); rank within the level (1-2-2-4 for ties). Each region\'s reason says why its colour, in English and Chinese; a shown progress or gap that rounding would put onto or across the edge its colour was decided at gets more decimals (0.49998 against 50%: "49.998%", yellow).',
    "Alerts (质效双提方案 §二12, §二3): reminder letter for the bottom 5 cities / 20 counties twice in a row; interview notice for a project amount changed by ≥ 20% of the year's investment and for zero city/county funds in place at the end of June; a completed project not paid within 30 days.",
    '`model` is a monitoring model id (GET /v1/models?kind=monitoring) or one inline. `model` is optional, a convenience the other routes do not offer: left out, the built-in "default" is used, and the answer\'s `model` (and provenance) names it; `overrides` is a JSON merge patch (RFC 7396) of it, checked like a whole model, its problems named under /overrides.',
    'The answer: `summary` holds the totals — every project (projects, budget) and the projects that report paid (executionProjects, executionBudget); the execution rate is paid ÷ executionBudget, over that set — the colours per level, the previous report and notes; `rows` are the regions, then `projects` and `alerts`. ?format=csv gives the regions; &table=projects or &table=alerts another table; each ends with a total row (money summed; a rate there is the overall rate, not a sum). The route has no trace: ?explain=true is a 422.',
  ].join('\n\n'),
  request: {
    query: MonitoringQuery,
    body: { required: true, content: { 'application/json': { schema: MonitoringRequest, examples: MONITORING_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The report: summary, regions in request order as rows, projects, alerts.', content: tableContent(MonitoringResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
  },
});

/**
 * What the route checks beyond the schema, also on a body that failed it, so independent mistakes come in one
 * 422: the model with its overrides (when /model and /overrides passed), the ids (duplicate-id,
 * unknown-reference), and the engine's checks of each region, the previous report and each project whose own
 * fields (and the report month and date they are read against) passed. An issue the schema already gave at the
 * same pointer is not repeated.
 */
export function monitoringAlsoChecks(body: unknown, failed: readonly Issue[]): Issue[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const b = body as MonitoringRequestBody;
  const issues: Issue[] = [];
  let model: MonitoringModel | undefined;
  if (partsValid(failed, '/model', '/overrides')) issues.push(...modelIssues(() => (model = monitoringModelOf(b))));
  issues.push(...referenceIssues(body));
  // each region, the previous report and each project that passed its schema, checked as the engine would
  if (partsValid(failed, '/month')) {
    const progressBase = model?.progressBase;
    (Array.isArray(b.regions) ? b.regions : []).forEach((r, i) => {
      if (partsValid(failed, `/regions/${i}`)) issues.push(...checkRegion(r, i, b.month, progressBase));
    });
    if (b.previous && partsValid(failed, '/previous')) issues.push(...checkPrevious({ previous: b.previous, month: b.month }));
  }
  if (partsValid(failed, '/year', '/month', '/reportDate')) {
    const reportDay = reportDayOf(b);
    (Array.isArray(b.projects) ? b.projects : []).forEach((p, i) => {
      if (partsValid(failed, `/projects/${i}`)) issues.push(...checkProject(p, i, reportDay));
    });
  }
  const taken = new Set(failed.map((i) => i.path));
  return issues.filter((i) => !taken.has(i.path));
}

/** The issues `resolve` throws (an unknown model, a patch that breaks the model). */
export function modelIssues(resolve: () => unknown): Issue[] {
  try {
    resolve();
    return [];
  } catch (e) {
    if (e instanceof EngineError) return [...e.issues];
    throw e;
  }
}

export function monitoringRoutes(app: OpenAPIHono): void {
  alsoCheck(app, 'post', '/v1/monitoring', monitoringAlsoChecks);
  app.openapi(monitoringRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = monitoringAnswer(body);
    return respond(c, { route: '/v1/monitoring', body }, answer, readOptions(c.req.valid('query'), MONITORING_TABLES)) as never;
  });
}
