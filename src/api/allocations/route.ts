/** POST /v1/allocations — the factor-method split of a total among regions. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { fastAllocationRequest } from './fastPath.js';
import { type CompareOutcome, compareChecks, runCompare } from './compare.js';
import { compareTable } from './tables.js';
import { alsoCheck, postProblems, tableContent } from '../common.js';
import { type QueryOptions, queryOptions, readOptions } from '../queryOptions.js';
import { type Answer, respond } from '../respond.js';
import { allocationAnswer } from './answer.js';
import { allocationChecks, runAllocation } from './run.js';
import { AllocationRequest, type AllocationRequestBody, AllocationResponse, CompareRequest, CompareResponse } from '../../schema/allocation.js';
import { ALLOCATION_EXAMPLES, COMPARE_EXAMPLES } from '../examples.js';

const AllocationQuery = queryOptions({
  rows: 'the rows (with a total row)',
  rowsAre: ['regions'],
  trace:
    'each row opens with the reason for its amount (en/zh), then every step and every model parameter read; &region=<id> narrows rows and trace to one region.',
});
const CompareQuery = queryOptions({ rows: 'one row per region with every variant (with a total row)', rowsAre: ['regions'] });

/** Runs a validated allocation request and answers it as JSON, CSV or TSV. */
function answer(c: Context, body: AllocationRequestBody, options: QueryOptions) {
  const region = options.region;
  // ?region=: only that region's trace is built (by id at any depth, or "city/county")
  const only = region === undefined ? undefined : (path: readonly string[]) => path[path.length - 1] === region || path.join('/') === region;
  const { result, model } = runAllocation(body, options.explain, undefined, only);
  return respond(c, { route: '/v1/allocations', body }, allocationAnswer(result, model, options.region), options);
}

/** A comparison as the one envelope: rows per region, the summary, then each variant's model and summary. */
function compareAnswer(result: CompareOutcome): Answer {
  return {
    model: result.model,
    unit: result.unit,
    summary: result.summary,
    rows: result.rows,
    extra: { variants: result.variants },
    tables: () => ({ rows: compareTable(result) }),
  };
}

/** AllocationQuery's reading of an empty query (readOptions only reads it). */
let NO_QUERY: ReturnType<typeof AllocationQuery.safeParse> | undefined;

/** The media types the fast path reads; other JSON types (and their 415s) are left to the route's own gate. */
const PLAIN_JSON = /^application\/json(;\s*charset=utf-8)?$/i;

/**
 * The common valid request answered before the zod validators run (allocationFastPath.ts: ~10× cheaper than
 * zod at 2,900 regions); whatever it is not sure of goes on to them, and they alone write error reports.
 */
const fastPath: MiddlewareHandler = async (c, next) => {
  if (!PLAIN_JSON.test(c.req.header('content-type') ?? '')) return next();
  // the query as hono's validator reads it, checked by the route's own schema (no query: its reading, once)
  const queries = c.req.queries();
  let query: ReturnType<typeof AllocationQuery.safeParse>;
  if (Object.keys(queries).length === 0) query = NO_QUERY ??= AllocationQuery.safeParse({});
  else query = AllocationQuery.safeParse(Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v.length === 1 ? v[0] : v])));
  if (!query.success) return next();
  let body: unknown;
  try {
    body = await c.req.json(); // parsed once by the body guard
  } catch {
    return next(); // the validator answers malformed JSON
  }
  const request = fastAllocationRequest(body);
  return request ? answer(c, request, readOptions(query.data)) : next();
};

export const allocateRoute = createRoute({
  method: 'post',
  path: '/v1/allocations',
  middleware: fastPath,
  tags: ['Allocation'],
  summary: 'Split a total among regions by the factor method (因素法)',
  description:
    "amount_i = total × Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk, then the model's pipeline (set-asides, points, grades, negative list, floors and caps), rounded to the granularity by the largest-remainder method; the amounts add up to the total exactly. Each row: amount, share (of the total) and sharePercent, formulaShare, rank by amount. Add ?explain=true for the trace (each row opens with the reason for its amount, in English and Chinese; JSON only) and &region=<id> for one region's; ?format=csv|tsv|xlsx|xml for a spreadsheet (money columns name the unit, a total row), ?format=value&column=amount&region=<id> for one cell (without ?region: the total row's). Floors above the money are a 422 constraints-cannot-hold.",
  request: {
    query: AllocationQuery,
    body: { required: true, content: { 'application/json': { schema: AllocationRequest, examples: ALLOCATION_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The allocation, rows in request order.', content: tableContent(AllocationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer.'),
  },
});

export const compareRoute = createRoute({
  method: 'post',
  path: '/v1/allocations/compare',
  tags: ['Allocation'],
  summary: 'What-if: a baseline and named variants, side by side',
  description:
    "Each variant is the baseline with changes: overrides (weights, indicator parameters, a pipeline patch, stages switched off), another total, or changed region data. Answers per region and variant: baseline, amount, change and changePercent; `variants` lists each variant's model and summary. ?format=csv|tsv|xlsx|xml for a spreadsheet (money columns name the unit, a total row), ?format=value&column=<id>&region=<id> for one cell.",
  request: {
    query: CompareQuery,
    body: { required: true, content: { 'application/json': { schema: CompareRequest, examples: COMPARE_EXAMPLES } } },
  },
  responses: {
    200: { description: 'Baseline and variants per region.', content: tableContent(CompareResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer (under /baseline or /variants/{k}).'),
  },
});

export function allocationRoutes(app: OpenAPIHono): void {
  app.openapi(compareRoute, (c) => {
    const body = c.req.valid('json');
    return respond(c, { route: '/v1/allocations/compare', body }, compareAnswer(runCompare(body)), readOptions(c.req.valid('query'))) as never;
  });

  app.openapi(allocateRoute, (c) => answer(c, c.req.valid('json'), readOptions(c.req.valid('query'))) as never);
  // a body that fails its schema still gets the model's and the regions' checks of the parts that passed
  alsoCheck(app, 'post', '/v1/allocations', (body, failed) => allocationChecks(body, failed));
  alsoCheck(app, 'post', '/v1/allocations/compare', compareChecks);
}
