/** POST /v1/checks/industry-share — the industry share (产业发展比例) of each fund source against its floor. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { industryCheckAnswer } from './run.js';
import { IndustryCheckRequest, IndustryCheckResponse } from '../../schema/industryShare.js';
import { postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { respond } from '../respond.js';
import { INDUSTRY_CHECK_EXAMPLES } from '../examples.js';

const IndustryCheckQuery = queryOptions({ rows: 'one row per source and a total row for all sources' });

export const industryShareRoute = createRoute({
  method: 'post',
  path: '/v1/checks/industry-share',
  tags: ['Checks'],
  summary: 'Industry share of each fund source against its floor (产业发展比例)',
  description: [
    "Amounts by category and fund source → per source (a row) the industry amount, the base (all categories but the excluded ones), the share, the floor, pass/fail, the margin in points, the gap in money and a reason in English and Chinese; `summary` holds all sources together and `passed`. The same definition as the optimizer's industry floors (src/core/shares.ts).",
    'Floors come from the industry-share model (`model`, default "sichuan", GET /v1/models?kind=industry-share: 质效双提方案 §二1, central ≥ 60% from 2023 rising each year by `central.step`; provincial ≥ 50% and not below last year\'s share); `overrides` is a JSON merge patch (RFC 7396) of it, e.g. {"central": {"step": "0.01"}}, checked like a whole model. A source\'s own `floor` replaces its policy floor; `combinedFloor` applies to all sources together.',
    'A share that rounding would carry onto or across its floor gets more decimals ("59.998%", fail). ?format=csv or tsv gives the rows and a total row for all sources. The route has no trace: ?explain=true is a 422.',
  ].join('\n\n'),
  request: {
    query: IndustryCheckQuery,
    body: { required: true, content: { 'application/json': { schema: IndustryCheckRequest, examples: INDUSTRY_CHECK_EXAMPLES } } },
  },
  responses: {
    200: { description: 'One row per source in request order; all sources together in summary.', content: tableContent(IndustryCheckResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
  },
});

export function checkRoutes(app: OpenAPIHono): void {
  app.openapi(industryShareRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = industryCheckAnswer(body);
    return respond(c, { route: '/v1/checks/industry-share', body }, answer, readOptions(c.req.valid('query'))) as never;
  });
}
