/** POST /v1/checks/industry-share — the industry share (产业发展比例) of each fund source against its floor. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { industryCheckTable, runIndustryCheck } from './run.js';
import { IndustryCheckRequest, IndustryCheckResponse } from '../../schema/industryShare.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { INDUSTRY_CHECK_EXAMPLES } from '../examples.js';

const IndustryCheckQuery = queryOptions({ rows: 'one row per source and one for all sources' });

export const industryShareRoute = createRoute({
  method: 'post',
  path: '/v1/checks/industry-share',
  tags: ['Checks'],
  summary: 'Industry share of each fund source against its floor (产业发展比例)',
  description:
    "Amounts by category and fund source → per source the industry amount, the base (all categories but the excluded ones), the share, the floor, pass/fail, the margin in points and the gap in money; and all sources together. Floors (seed 003 §二1): central ≥ 60% from 2023, rising each year by `centralFloor.step`; provincial ≥ 50% and not below last year's share; others when given. The same definition as the optimizer's industry floors (src/core/shares.ts). ?format=csv for a spreadsheet.",
  request: {
    query: IndustryCheckQuery,
    body: { required: true, content: { 'application/json': { schema: IndustryCheckRequest, examples: INDUSTRY_CHECK_EXAMPLES } } },
  },
  responses: {
    200: { description: 'One row per source in request order, then all sources together.', content: tableContent(IndustryCheckResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
  },
});

export function checkRoutes(app: OpenAPIHono): void {
  app.openapi(industryShareRoute, (c) => {
    const result = runIndustryCheck(c.req.valid('json'));
    const { format } = readOptions(c.req.valid('query'));
    if (format !== 'json') return c.body(toDelimited(industryCheckTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
    return c.json(result, 200);
  });
}
