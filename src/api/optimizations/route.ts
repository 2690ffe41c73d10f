/** POST /v1/optimizations — allocation and project-selection scenarios solved under constraints. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  contradictions,
  FUNDING_TABLES,
  fundingAnswer,
  OPTIMIZATION_TABLES,
  REGIONS_TABLES,
  regionsAnswer,
  runOptimization,
  type OptimizationResult,
} from './run.js';
import { OptimizationRequest, OptimizationResponse, type OptimizationRequestBody } from '../../schema/optimization.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { Problem } from '../../schema/common.js';
import { postProblems, tableContent } from '../common.js';
import { noTraceFor, queryOptions, readOptions } from '../queryOptions.js';
import { respond } from '../respond.js';
import { issue } from '../../messages/index.js';
import { OPTIMIZATION_EXAMPLES } from '../examples.js';

const OptimizationQuery = queryOptions({
  rows: 'the rows (regions, or projects), with a total row; every table of the JSON answer can be had: kind regions ?table=regions|groups, kinds portfolio and sources ?table=projects|sources',
  trace:
    'kind regions solved by the direct method (bounds only): each row opens with the reason for its amount (en/zh: its target, the bound that held, its part of the λ fill), then the classes of equal marginal cost filled in order, λ of the last; &region=<id> narrows the rows to one region. Other kinds and methods have none and answer 422.',
  tables: OPTIMIZATION_TABLES,
  rowsAre: ['regions', 'projects'],
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
    '`kind: "regions"` — amounts closest to the formula targets (weighted absolute or relative deviation) under the total, each region\'s minimum and maximum, hold-harmless, growth caps and group shares; the exact direct algorithm when only per-region bounds apply, an LP otherwise. `rows` are the regions.',
    '`kind: "portfolio"` — which projects of a project library (项目库) to fund from which sources: budgets per source, industry-share floors, negative lists, mandatory projects, town caps, 三个优先 classes served in order; marginal values of binding budgets. `rows` are the projects, `sources` the fund sources.',
    '`kind: "sources"` — for chosen projects, how much each fund source pays so every source meets its floor and pays nothing its negative list forbids. `rows` are the projects, `sources` the fund sources.',
    'Every plan is checked exactly against every rule before it is returned. `summary.status`: optimal, or time_limit (the best plan found, with its gap; with empty `rows` when none was found in time — a 200, not an error). Rules that cannot all hold together (floors above the total, group shares, industry floors no plan can reach) are a 422 with code `constraints-cannot-hold`: one error per rule that must give, at its JSON pointer, saying by how much.',
    "?format=csv|tsv|xlsx|xml gives the rows (with a total row; money columns name the unit); every table of the JSON answer can be had: kind regions ?table=regions (default) or groups, kinds portfolio and sources ?table=projects (default) or sources. The answer holds no wall time (the same request answers the same bytes): the solve's time is the Server-Timing header (`solve;dur=<ms>`).",
  ].join('\n\n'),
  request: {
    query: OptimizationQuery,
    body: { required: true, content: { 'application/json': { schema: OptimizationRequest, examples: OPTIMIZATION_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The plan (or, with status time_limit and empty rows, none found in time).', content: tableContent(OptimizationResponse) },
    ...postProblems(
      'Invalid fields, each named by its JSON pointer; or rules that cannot all hold (code constraints-cannot-hold), each rule that must give at its pointer.',
    ),
    ...problemResponses({ busy: 'Node entry only: every solver thread is busy and the queue is full; try again after Retry-After seconds.' }, Problem),
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
    const query = c.req.valid('query');
    const body = c.req.valid('json');
    // each kind has its own tables (every table of its JSON answer); ?table names one of them
    const tables = body.kind === 'regions' ? REGIONS_TABLES : FUNDING_TABLES;
    const options = readOptions(query, tables);
    if (query.table !== undefined && !(tables as readonly string[]).includes(String(query.table))) {
      return invalid(c, [
        issue('?table', 'optimization-table-for-kind', { table: String(query.table), kind: body.kind, tables: tables.join(', ') }),
      ]) as never;
    }
    if (options.explain && body.kind !== 'regions') return invalid(c, [noTraceFor(UNTRACED_KINDS[body.kind])]) as never;
    if (body.kind === 'regions') {
      if (options.region !== undefined && !body.regions.some((r) => r.id === options.region)) {
        return invalid(c, [issue('?region', 'unknown-region', { id: options.region, known: knownIds(body.regions) })]) as never;
      }
    }
    const signal = c.req.raw.signal;
    let result: OptimizationResult;
    try {
      result = await run(body, { signal, explain: options.explain });
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
    // the wall time: a header, not the answer (the same request answers the same bytes)
    c.header('server-timing', `solve;dur=${result.solve.ms.toFixed(1)}`);
    // rules that cannot all hold: a 422 naming each rule that must give, in JSON and CSV alike
    const contradicted = contradictions(result);
    if (contradicted) return invalid(c, contradicted) as never;
    if (body.kind === 'regions' && result.kind === 'regions') {
      // regions solved by linear programming (groups, weights …) have no trace: say so rather than drop it
      if (options.explain && result.rowTraces === undefined) {
        return invalid(c, [
          noTraceFor({ en: `this problem, solved by method ${result.solve.method},`, zh: `本问题（以 ${result.solve.method} 方法求解）` }),
        ]) as never;
      }
      return respond(c, { route: '/v1/optimizations', body }, regionsAnswer(body, result, options.explain, options.region), options) as never;
    }
    if (body.kind !== 'regions' && result.kind !== 'regions') {
      return respond(c, { route: '/v1/optimizations', body }, fundingAnswer(body, result), options) as never;
    }
    throw new Error(`optimizations: a ${body.kind} request answered as kind ${result.kind}`); // a bug
  });
}

/** The request's region ids, for the unknown-region message (ten at most). */
function knownIds(regions: readonly { id: string }[]): string[] {
  return regions.map((r) => r.id);
}
