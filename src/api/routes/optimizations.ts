/** POST /v1/optimizations — allocation and project-selection scenarios solved under constraints. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { hasPlan, optimizationTable, runOptimization, withoutTrace } from '../optimize.js';
import { OptimizationQuery, OptimizationRequest, OptimizationResponse } from '../optimizationSchemas.js';
import { problem, problemResponses } from '../problem.js';
import { Problem } from '../schemas.js';
import { postProblems, tableContent } from './common.js';

export const optimizeRoute = createRoute({
  method: 'post',
  path: '/v1/optimizations',
  tags: ['Optimization'],
  summary: 'The best plan that meets every rule: regions, a project portfolio, or fund sources',
  description: [
    '`kind: "regions"` — amounts closest to the formula targets (weighted absolute or relative deviation) under the total, floors, caps, hold-harmless, growth caps and group shares; the exact direct algorithm when only per-region bounds apply, an LP otherwise.',
    '`kind: "portfolio"` — which projects of a project library (项目库) to fund from which sources: budgets per source, industry-share floors, negative lists, mandatory projects, town caps, 三个优先 classes served in order; marginal values of binding budgets.',
    '`kind: "sources"` — for chosen projects, how much each fund source pays so every source meets its floor and pays nothing its negative list forbids.',
    'Every answer is checked exactly against every constraint before it is returned. `solve.status`: optimal, time_limit (best found, with its gap), infeasible (with what must give, in the planner’s terms). ?format=csv gives the rows (regions or projects) for a spreadsheet.',
  ].join('\n\n'),
  request: {
    query: OptimizationQuery,
    body: { required: true, content: { 'application/json': { schema: OptimizationRequest } } },
  },
  responses: {
    200: { description: 'The plan (or, with status infeasible, what must give).', content: tableContent(OptimizationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
    ...problemResponses({ 'no-plan': 'CSV/TSV asked for, but there is no plan (infeasible, or stopped before finding one).' }, Problem),
  },
});

export function optimizationRoutes(app: OpenAPIHono): void {
  app.openapi(optimizeRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await runOptimization(c.req.valid('json'));
    const format = query.format ?? 'json';
    if (format === 'json') {
      const explain = query.explain === 'true' || query.explain === '1';
      return c.json(explain ? result : withoutTrace(result), 200);
    }
    if (!hasPlan(result)) {
      const why = result.infeasibility ?? { en: result.solve.message ?? 'no plan was found.', zh: result.solve.message ?? '未找到方案。' };
      return problem(c, 'no-plan', {
        en: `status ${result.solve.status}: ${why.en} Ask for JSON to see the details.`,
        zh: `状态 ${result.solve.status}：${why.zh} 以 JSON 格式请求可查看详情。`,
      }) as never;
    }
    return c.body(toDelimited(optimizationTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
  });
}
