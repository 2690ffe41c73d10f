/** POST /v1/allocations — the factor-method split of a total among regions. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { fastAllocationRequest } from './fastPath.js';
import { runCompare } from './compare.js';
import { allocationTable, compareTable, MEDIA_TYPE, toDelimited } from '../format.js';
import { postProblems, tableContent } from '../common.js';
import { type QueryOptions, queryOptions, readOptions } from '../queryOptions.js';
import { runRequest } from './run.js';
import { AllocationRequest, type AllocationRequestBody, AllocationResponse, CompareRequest, CompareResponse } from '../../schema/allocation.js';
import { ALLOCATION_EXAMPLES, COMPARE_EXAMPLES } from '../examples.js';

const AllocationQuery = queryOptions({ rows: 'the rows', trace: 'every step and every model parameter read.' });
const CompareQuery = queryOptions({ rows: 'one row per region with every variant' });

/** Runs a validated allocation request and answers it as JSON, CSV or TSV. */
function answer(c: Context, body: AllocationRequestBody, { format, explain }: QueryOptions) {
  const result = runRequest(body, explain);
  if (format !== 'json') {
    return c.body(toDelimited(allocationTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
  }
  return c.json(result, 200);
}

/** The media types the fast path reads; other JSON types (and their 415s) are left to the route's own gate. */
const PLAIN_JSON = /^application\/json(;\s*charset=utf-8)?$/i;

/**
 * The common valid request answered before the zod validators run (allocationFastPath.ts: ~10× cheaper than
 * zod at 2,900 regions); whatever it is not sure of goes on to them, and they alone write error reports.
 */
const fastPath: MiddlewareHandler = async (c, next) => {
  if (!PLAIN_JSON.test(c.req.header('content-type') ?? '')) return next();
  // the query as hono's validator reads it, checked by the route's own schema
  const query = AllocationQuery.safeParse(Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v])));
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
    'amount_i = total × Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk, rounded to the granularity by the largest-remainder method; the amounts add up to the total exactly. Add ?explain=true for the trace (JSON only), ?format=csv for a spreadsheet.',
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
    'Each variant is the baseline with changes: overrides (weights, indicator parameters, a pipeline patch, stages switched off), another total, or changed region data. Answers per region and variant: baseline, variant, Δ and Δ%. ?format=csv for a spreadsheet.',
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
    const result = runCompare(c.req.valid('json'));
    const { format } = readOptions(c.req.valid('query'));
    if (format !== 'json') return c.body(toDelimited(compareTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
    return c.json(result, 200);
  });

  app.openapi(allocateRoute, (c) => answer(c, c.req.valid('json'), readOptions(c.req.valid('query'))));
}
