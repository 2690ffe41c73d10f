/** POST /v1/checks/industry-share — the industry share (产业发展比例) of each fund source against its floor. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { industryCheckAnswer, industryShareModelOf } from './run.js';
import { IndustryCheckRequest, IndustryCheckResponse } from '../../schema/industryShare.js';
import { alsoCheck, partsValid, postProblems, tableContent } from '../common.js';
import type { Issue } from '../../core/errors.js';
import { checkInput } from '../../domain/industry-share/check.js';
import { modelIssues } from '../monitoring/route.js';
import type { IndustryCheckRequestBody } from '../../schema/industryShare.js';
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
    'Floors come from the industry-share model (`model`, GET /v1/models?kind=industry-share; the built-in "sichuan" follows 质效双提方案 §二1, central ≥ 60% from 2023 rising each year by `central.step`; provincial ≥ 50% and not below last year\'s share); `overrides` is a JSON merge patch (RFC 7396) of it, e.g. {"central": {"step": "0.01"}}, checked like a whole model. A source\'s own `floor` replaces its policy floor; `combinedFloor` applies to all sources together. `model` is optional, a convenience the other routes do not offer: left out, the built-in "sichuan" is used, and the answer\'s `model` and provenance name it.',
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

/**
 * What the route checks beyond the schema, also on a body that failed it, so independent mistakes come in one
 * 422: the model with its overrides (when /model and /overrides passed), and the sources and categories the
 * request names (duplicate-id, unknown-reference …). An issue the schema already gave at a pointer is not repeated.
 */
export function industryCheckAlsoChecks(body: unknown, failed: readonly Issue[]): Issue[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const issues: Issue[] = [];
  if (partsValid(failed, '/model', '/overrides')) issues.push(...modelIssues(() => industryShareModelOf(body as IndustryCheckRequestBody)));
  issues.push(...checkInput(body as { readonly [key: string]: unknown }));
  const taken = new Set(failed.map((i) => i.path));
  return issues.filter((i) => !taken.has(i.path));
}

export function checkRoutes(app: OpenAPIHono): void {
  alsoCheck(app, 'post', '/v1/checks/industry-share', industryCheckAlsoChecks);
  app.openapi(industryShareRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = industryCheckAnswer(body);
    return respond(c, { route: '/v1/checks/industry-share', body }, answer, readOptions(c.req.valid('query'))) as never;
  });
}
