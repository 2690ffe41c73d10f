/** POST /v1/optimizations — allocation and project-selection scenarios solved under constraints. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { hasPlan, optimizationTable, runOptimization, withoutTrace, type OptimizationResult } from './run.js';
import { OptimizationRequest, OptimizationResponse, type OptimizationRequestBody } from '../../schema/optimization.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { Problem } from '../../schema/common.js';
import { postProblems, tableContent } from '../common.js';
import { noTraceFor, queryOptions, readOptions } from '../queryOptions.js';
import { OPTIMIZATION_EXAMPLES } from '../examples.js';

const OptimizationQuery = queryOptions({
  rows: 'the rows (regions, or projects)',
  trace: 'kind regions solved by the direct method (bounds only): the classes of equal marginal cost filled in order, λ of the last; other kinds and methods have none and answer 422.',
});

/** Problem kinds whose solve never writes a trace: ?explain=true is refused before solving. */
const UNTRACED_KINDS = {
  portfolio: { en: 'a portfolio optimization (kind portfolio)', zh: '项目组合优化（kind portfolio）' },
  sources: { en: 'a fund-source optimization (kind sources)', zh: '资金来源优化（kind sources）' },
} as const;

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
    body: { required: true, content: { 'application/json': { schema: OptimizationRequest, examples: OPTIMIZATION_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The plan (or, with status infeasible, what must give).', content: tableContent(OptimizationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
    ...problemResponses(
      {
        'no-plan': 'CSV/TSV asked for, but there is no plan (infeasible, or stopped before finding one).',
        busy: 'Node entry only: every solver thread is busy and the queue is full; try again after Retry-After seconds.',
      },
      Problem,
    ),
  },
});

/**
 * Runs one solve. `signal` fires when the client has gone away; `explain` says whether the trace is read
 * (a runner that copies the result may leave it out). The default runs in this isolate (Workers, tests);
 * the Node entry runs solves in worker threads that the signal stops (src/node/solvePool.ts).
 */
export type OptimizationRunner = (
  body: OptimizationRequestBody,
  options: { readonly signal: AbortSignal; readonly explain: boolean },
) => Promise<OptimizationResult>;

/** Thrown by a runner whose solvers are all busy and whose queue is full: answered 503 with Retry-After. */
export class SolversBusy extends Error {
  constructor(
    readonly running: number,
    readonly waiting: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`every solver is busy and ${waiting} solves are waiting`);
    this.name = 'SolversBusy';
  }
}

const inThisIsolate: OptimizationRunner = (body) => runOptimization(body);

export function optimizationRoutes(app: OpenAPIHono, run: OptimizationRunner = inThisIsolate): void {
  app.openapi(optimizeRoute, async (c) => {
    const { format, explain } = readOptions(c.req.valid('query'));
    const body = c.req.valid('json');
    if (explain && body.kind !== 'regions') return invalid(c, [noTraceFor(UNTRACED_KINDS[body.kind])]) as never;
    const signal = c.req.raw.signal;
    let result: OptimizationResult;
    try {
      result = await run(body, { signal, explain });
    } catch (err) {
      if (err instanceof SolversBusy) {
        c.header('retry-after', String(err.retryAfterSeconds));
        return problem(c, 'busy', {
          en: `all ${err.running} solver threads are busy and ${err.waiting} solves are waiting; try again in ${err.retryAfterSeconds} seconds.`,
          zh: `${err.running} 个求解线程都在运行，另有 ${err.waiting} 个求解在排队；请 ${err.retryAfterSeconds} 秒后重试。`,
        }) as never;
      }
      // the client has gone and its solve was stopped: no one reads this answer (499: client closed request)
      if (signal.aborted) return new Response(null, { status: 499 }) as never;
      throw err;
    }
    if (format === 'json') {
      // regions solved by linear programming (groups, weights …) have no trace: say so rather than drop it
      if (explain && hasPlan(result) && !('trace' in result)) {
        return invalid(c, [noTraceFor({ en: `this problem, solved by method ${result.solve.method},`, zh: `本问题（以 ${result.solve.method} 方法求解）` })]) as never;
      }
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
