/** POST /v1/monitoring — spending progress, red/yellow/green, ranks, alerts, project execution. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { monitoringTable, runMonitoring } from './run.js';
import { MonitoringRequest, MonitoringResponse } from '../../schema/monitoring.js';
import { postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { MONITORING_EXAMPLES } from '../examples.js';

const TABLES = ['regions', 'projects', 'alerts'] as const;
const MonitoringQuery = queryOptions({ rows: 'one table (?table)', tables: TABLES });

export const monitoringRoute = createRoute({
  method: 'post',
  path: '/v1/monitoring',
  tags: ['Monitoring'],
  summary: 'Spending progress against the milestones, red/yellow/green, ranks and alerts (资金支出监测)',
  description: [
    "Per region (city or county), cumulative funds in place and spent by month → progress = spent ÷ in place at the report month, against the milestone in force (default 30% / 50% / 75% / 100% by the end of April / June / September / December, seed 003 §二11); green on or above it, yellow within 10 points below, red further below (the model's thresholds); rank within the level (1-2-2-4 for ties). Each region's reason says why its colour, in English and Chinese; a shown progress or gap that rounding would put onto or across the edge its colour was decided at gets more decimals (0.49998 against 50%: \"49.998\", yellow).",
    "Alerts (seed 003 §二12, §二3): reminder letter for the bottom 5 cities / 20 counties twice in a row; interview notice for a project amount changed by ≥ 20% of the year's investment and for zero city/county funds in place at the end of June; a completed project not paid within 30 days.",
    'Per project: execution rate (paid ÷ budget) and budget deviation ((actual − budget) ÷ budget). Totals: every project (projects, budget) and the projects that report paid (executionProjects, executionBudget); the execution rate is paid ÷ executionBudget, over that set. ?format=csv gives the regions; &table=projects or &table=alerts another table.',
  ].join('\n\n'),
  request: {
    query: MonitoringQuery,
    body: { required: true, content: { 'application/json': { schema: MonitoringRequest, examples: MONITORING_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The report: regions in request order, alerts, projects.', content: tableContent(MonitoringResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
  },
});

export function monitoringRoutes(app: OpenAPIHono): void {
  app.openapi(monitoringRoute, (c) => {
    const { format, table } = readOptions(c.req.valid('query'), TABLES);
    const result = runMonitoring(c.req.valid('json'));
    if (format !== 'json') {
      return c.body(toDelimited(monitoringTable(result, table!), format), 200, { 'content-type': MEDIA_TYPE[format] });
    }
    return c.json(result, 200);
  });
}
