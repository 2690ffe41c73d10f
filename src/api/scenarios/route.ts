/**
 * /v1/scenarios — saved calculation requests with a stable, shareable id, and their cached results.
 *
 *   POST   /v1/scenarios                 save {title, route, query, request, visibility} (write scope)
 *   GET    /v1/scenarios?route=&page=&pageSize=  the scenarios the caller may see, newest first, by page
 *   GET    /v1/scenarios/{id}            one (?revision=n), ETag "<revision>"
 *   PUT    /v1/scenarios/{id}            a new revision (If-Match: "<head>"; missing 428, stale 412)
 *   DELETE /v1/scenarios/{id}            soft (If-Match optional; stale 412)
 *   GET    /v1/scenarios/{id}/result     the answer (?format=csv|tsv|xlsx|xml|value, ?revision=n), X-Cache: hit|miss
 *
 * A request is checked by running it (through the app, as the caller): one that answers a problem is not
 * saved, and its problem's issues come back under /request (query parameters under /query). Saving pins what
 * the answer depends on: every dataset and last-year reference gets the revision it names now, and the
 * model the answer used is kept as {id, version, hash} (src/api/scenarios/result.ts refuses to answer with
 * another). Every write is one batch with its audit row.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import { issue, message, zodMessage } from '../../messages/index.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { FORMATS_SAID, strictQuery, tableQuery } from '../queryOptions.js';
import { today } from '../respond.js';
import { checkIfMatch, type Kept, noContent, noneMatch, notModified, PAGE_QUERY, pageFrom, pageOf, staleResponse } from '../revisions.js';
import { actorOf, requireScope, storeOr503, visibleTo, workspaceOf, writableBy } from '../access/principal.js';
import { Problem } from '../../schema/common.js';
import { AllocationResponse, CompareResponse } from '../../schema/allocation.js';
import { EvaluationResponse } from '../../schema/evaluation.js';
import { IndustryCheckResponse } from '../../schema/industryShare.js';
import { MonitoringResponse } from '../../schema/monitoring.js';
import { OptimizationResponse } from '../../schema/optimization.js';
import { RankingResponse } from '../../schema/ranking.js';
import {
  DatasetReference,
  LastYearReference,
  Scenario,
  ScenarioInput,
  type ScenarioInputBody,
  ScenarioList,
  SCENARIO_EXAMPLE_REQUEST,
} from '../../schema/scenario.js';
import {
  createScenario,
  deleteScenario,
  findScenario,
  listScenarios,
  type ModelPin,
  type ScenarioContent,
  type ScenarioRevision,
  scenarioRevision,
  updateScenario,
} from '../../store/scenarios.js';
import { isUniqueViolation, type Store } from '../../store/store.js';
import type { ScenarioTable } from '../../store/schema.js';
import { pinReferences, savedReferences } from '../references/resolve.js';
import { inUseResponse } from '../references/inUse.js';
import { isReferenceGuardFailure } from '../../store/references.js';
import { asScenarioProblem, referenceIssues } from './references.js';
import { findModel, type ModelKind } from '../models/catalog.js';
import { cacheResult, type Caller, MAX_CACHED_BYTES, callerOf, type Fetcher, queryFor, resultKey, runSaved } from './result.js';

const Id = z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'sc_k4x2m7q9a1b3c5d7e9f1g3h5j7' });
const RevisionParam = z
  .string()
  .superRefine((v, ctx) => {
    // in words, both languages (a regex's own issue keeps neither our code nor Chinese)
    if (!/^[1-9]\d{0,8}$/.test(v)) ctx.addIssue({ code: 'custom', ...zodMessage('scenario-revision-param') });
  })
  .optional()
  .openapi({ description: 'A revision (default the newest): a whole number from 1.', example: '1', pattern: '^[1-9]\\d{0,8}$' });
const IfMatch = z.object({
  'if-match': z.string().optional().openapi({ description: 'The revision you changed, as its ETag: "3".', example: '"1"' }),
});

const EXAMPLE_SCENARIO = {
  id: 'sc_k4x2m7q9a1b3c5d7e9f1g3h5j7',
  revision: 1,
  head: 1,
  title: '2025 衔接资金分配（初稿）',
  route: '/v1/allocations',
  query: {},
  request: { ...SCENARIO_EXAMPLE_REQUEST, lastYear: { scenario: 'sc_2023final', revision: 2 } },
  model: { id: 'sichuan-2024', version: '2024.2', hash: 'sha256:5f1c…' },
  visibility: 'private',
  workspace: 'sichuan-finance',
  hash: 'sha256:0b7e…',
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'key_3kq9',
  updatedAt: '2026-03-02T08:15:00.000Z',
  updatedBy: 'key_3kq9',
  result: '/v1/scenarios/sc_k4x2m7q9a1b3c5d7e9f1g3h5j7/result',
};

/** A result is the answer of the saved request's route: one of theirs. */
const ANY_ANSWER = z
  .union([AllocationResponse, CompareResponse, OptimizationResponse, MonitoringResponse, RankingResponse, EvaluationResponse, IndustryCheckResponse])
  .openapi({ description: "The answer of the scenario's route, as that route documents it." });

const ETAG = { ETag: { schema: { type: 'string' as const }, description: 'The revision, quoted: "1".' } };
const one = (description: string) => ({
  description,
  headers: ETAG,
  content: { 'application/json': { schema: Scenario, example: EXAMPLE_SCENARIO } },
});

const readProblems = {
  'invalid-request': 'An unknown query parameter, or a revision that is not a whole number.',
  unauthorized: 'A key that is not valid.',
  'not-found': 'No such scenario, deleted, private to another workspace, or no such revision.',
  'storage-unavailable': 'This deployment has no database.',
} as const;

const writeProblems = {
  'invalid-request':
    "A field of the scenario is wrong, or its request does not run: the route's own problems, each under /request (query parameters under /query).",
  unauthorized: 'No API key, or not a valid one.',
  forbidden: 'A key without the write scope, or of another workspace.',
  'storage-unavailable': 'This deployment has no database.',
} as const;

const postRoute = createRoute({
  method: 'post',
  path: '/v1/scenarios',
  tags: ['Scenarios'],
  summary: 'Save a calculation request as a scenario with a shareable id',
  description:
    'The request is run once to check it (its problems answered under /request, nothing saved). Saved: every dataset and lastYear reference pinned to its revision now, the model pinned by id, version and hash, so the result re-runs byte for byte. Private by default (keys of your workspace); public scenarios may be read by anyone, and may not use private datasets. A write key saves; so does a save token with the grant save-scenario (POST /v1/tokens: what a page that embeds the widget is given), the scenario then belonging to the token’s workspace with createdBy its id.',
  request: {
    query: strictQuery({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ScenarioInput,
          example: { title: '2025 衔接资金分配（初稿）', route: '/v1/allocations', request: SCENARIO_EXAMPLE_REQUEST, visibility: 'private' },
        },
      },
    },
  },
  responses: {
    201: one('Saved as revision 1; Location is its address.'),
    ...problemResponses(writeProblems, Problem),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/scenarios',
  tags: ['Scenarios'],
  summary: 'The saved scenarios you may see (public ones, and your workspace’s private ones), newest first, by page',
  request: {
    query: strictQuery({
      route: z.string().optional().openapi({ description: 'Only scenarios of this calculation route.', example: '/v1/allocations' }),
      ...PAGE_QUERY,
    }),
  },
  responses: {
    200: {
      description: 'Newest first.',
      content: {
        'application/json': {
          schema: ScenarioList,
          example: {
            scenarios: [
              {
                id: EXAMPLE_SCENARIO.id,
                revision: 1,
                title: EXAMPLE_SCENARIO.title,
                route: '/v1/allocations',
                visibility: 'private',
                workspace: 'sichuan-finance',
                createdAt: EXAMPLE_SCENARIO.createdAt,
                updatedAt: EXAMPLE_SCENARIO.updatedAt,
              },
            ],
            page: 1,
            pageSize: 50,
            total: 1,
            next: null,
          },
        },
      },
    },
    ...problemResponses(
      {
        'invalid-request': readProblems['invalid-request'],
        unauthorized: readProblems.unauthorized,
        'storage-unavailable': readProblems['storage-unavailable'],
      },
      Problem,
    ),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/scenarios/{id}',
  tags: ['Scenarios'],
  summary: 'One saved scenario (its newest revision, or ?revision=n)',
  request: { params: z.object({ id: Id }), query: strictQuery({ revision: RevisionParam }) },
  responses: {
    200: one('The scenario at that revision; ETag is the revision.'),
    304: { description: 'If-None-Match named that revision: unchanged (no body).' },
    ...problemResponses(readProblems, Problem),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/scenarios/{id}',
  tags: ['Scenarios'],
  summary: 'Save a new revision of a scenario (If-Match with the revision you changed)',
  description: 'The whole scenario, as for POST; checked and pinned the same way. Older revisions stay readable (?revision=n).',
  request: {
    params: z.object({ id: Id }),
    headers: IfMatch,
    query: strictQuery({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ScenarioInput,
          example: { title: '2025 衔接资金分配（二稿）', route: '/v1/allocations', request: { ...SCENARIO_EXAMPLE_REQUEST, total: '1200.00' } },
        },
      },
    },
  },
  responses: {
    200: one('The new revision; ETag is its number.'),
    ...problemResponses(
      {
        ...writeProblems,
        'not-found': readProblems['not-found'],
        'precondition-failed': 'If-Match is not the newest revision: someone saved one since you read it.',
        'precondition-required': 'No If-Match.',
        conflict: 'Made private while a public scenario or another workspace’s takes last year’s amounts from it (scenario-private-in-use, naming them).',
      },
      Problem,
    ),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/v1/scenarios/{id}',
  tags: ['Scenarios'],
  summary: 'Delete a scenario (softly: its revisions stay in the audit trail; If-Match optional)',
  request: { params: z.object({ id: Id }), headers: IfMatch, query: strictQuery({}) },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(
      {
        unauthorized: writeProblems.unauthorized,
        forbidden: writeProblems.forbidden,
        'not-found': readProblems['not-found'],
        'precondition-failed': 'If-Match is not the newest revision.',
        conflict: 'A saved scenario (not deleted) takes last year’s amounts from it: delete or re-point those first (scenario-in-use, naming them).',
        'storage-unavailable': readProblems['storage-unavailable'],
      },
      Problem,
    ),
  },
});

const resultRoute = createRoute({
  method: 'get',
  path: '/v1/scenarios/{id}/result',
  tags: ['Scenarios'],
  summary: 'The saved scenario’s result: the route’s own answer, cached (a short GET for a spreadsheet: ?format=csv)',
  description:
    'Runs the saved request as you (your key sees the datasets it names) and answers exactly what its route answers, from the cache when it holds it: the cache key is the SHA-256 of the service version, route, query, the request with each reference as its content hash, and the model’s hash, so it never serves an answer of another model or dataset revision. X-Cache says hit or miss. In Excel/WPS: =WEBSERVICE("https://…/v1/scenarios/<id>/result?format=csv"). A problem of the saved request (a dataset no longer visible to you, a model changed since the scenario was saved: 422 scenario-model-changed) is answered as its route answers it, and not cached.',
  request: {
    params: z.object({ id: Id }),
    query: tableQuery(`json (default), or the answer's first table as ${FORMATS_SAID}. XLSX is made each time (never cached: it names its day).`, {
      revision: RevisionParam,
    }),
  },
  responses: {
    200: {
      description: "The route's answer (JSON envelope, or its table as CSV/TSV).",
      headers: {
        'X-Cache': { schema: { type: 'string' as const, enum: ['hit', 'miss'] }, description: 'hit: served from the cache; miss: computed now and cached.' },
      },
      content: {
        'application/json': { schema: ANY_ANSWER },
        'text/csv': { schema: { type: 'string' as const }, example: '\uFEFFid,name,amount (wan),…\r\n' },
        'text/tab-separated-values': { schema: { type: 'string' as const } },
        'application/xml': { schema: { type: 'string' as const } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string' as const, format: 'binary' } },
        'text/plain': { schema: { type: 'string' as const }, example: '530.23' },
      },
    },
    ...problemResponses(
      {
        ...readProblems,
        'invalid-request': 'A bad query parameter, or the saved request no longer runs (its problems, as its route answers them, under /request).',
        conflict:
          'A dataset or scenario the saved request names no longer resolves for you (deleted before references were kept, or no longer visible to your key): scenario-reference-gone at /request/…',
      },
      Problem,
    ),
  },
});

// ── helpers ──

const etag = (revision: number) => `"${revision}"`;

function represent(s: ScenarioRevision) {
  return {
    id: s.id,
    revision: s.revision,
    head: s.head,
    title: s.title,
    route: s.route,
    query: s.query,
    request: s.request as Record<string, unknown>,
    model: s.model,
    visibility: s.visibility,
    workspace: s.workspace,
    hash: s.hash,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
    result: `/v1/scenarios/${s.id}/result`,
  };
}

/** The scenario as the caller may see it, or its 404. */
async function visibleScenario(c: Context, store: Store, id: string): Promise<ScenarioTable | Response> {
  const row = await findScenario(store, id);
  if (!row || row.deleted_at !== null || !visibleTo(c.get('principal'), row)) return problem(c, 'not-found', message('unknown-scenario', { id }));
  return row;
}

async function revisionOr404(c: Context, store: Store, row: ScenarioTable, revision: string | undefined): Promise<ScenarioRevision | Response> {
  const n = revision === undefined ? row.head : Number(revision);
  const saved = n <= row.head ? await scenarioRevision(store, row, n) : undefined;
  if (!saved) return problem(c, 'not-found', message('unknown-scenario-revision', { id: row.id, revision: n, head: row.head }));
  return saved;
}

/** A problem answered by the saved request's route, as issues of the scenario (under /request, or /query). */
async function requestIssues(response: Response, body: string): Promise<Issue[] | undefined> {
  if (response.status !== 422 && response.status !== 400) return undefined;
  let parsed: { errors?: { pointer: string; code: string; detail: string; detail_zh: string }[]; detail?: string; detail_zh?: string; code?: string };
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const under = (p: string) => (p.startsWith('?') ? `/query/${p.slice(1)}` : p === '/' ? '/request' : `/request${p}`);
  if (parsed.errors && parsed.errors.length > 0) return parsed.errors.map((e) => ({ path: under(e.pointer), code: e.code, en: e.detail, zh: e.detail_zh }));
  return [issue('/request', 'scenario-request-failed', { status: response.status, detail: parsed.detail ?? '', detail_zh: parsed.detail_zh ?? '' })];
}

/**
 * The scenario as it will be saved: the request's references pinned, checked by running it as the caller,
 * the model pinned from the answer's provenance. The answer warms the cache. A problem is the Response.
 */
async function prepare(c: Context, caller: Caller, input: ScenarioInputBody): Promise<ScenarioContent | Response> {
  const query = input.query ?? {};
  const issues: Issue[] = [];
  if (Object.hasOwn(query, 'format')) issues.push(issue('/query/format', 'scenario-query-format'));
  const visibility = input.visibility ?? 'private';
  const pinned = await pinReferences(
    {
      store: caller.store,
      principal: caller.principal,
      scenario: async (id) => {
        const row = await findScenario(caller.store, id);
        return row && row.deleted_at === null && visibleTo(caller.principal, row) ? row : undefined;
      },
    },
    input.route,
    input.request,
  );
  if (visibility === 'public') {
    for (const d of pinned.datasets) if (d.visibility !== 'public') issues.push(issue(`/request${d.pointer}/dataset`, 'scenario-private-data', { id: d.id }));
    for (const s of pinned.scenarios)
      if (s.visibility !== 'public') issues.push(issue(`/request${s.pointer}/scenario`, 'scenario-private-last-year', { id: s.id }));
  }
  const size = new TextEncoder().encode(JSON.stringify(pinned.body)).length;
  if (size > MAX_CACHED_BYTES) {
    const mb = (n: number) => (n / 1_000_000).toFixed(1);
    issues.push(issue('/request', 'scenario-request-too-large', { megabytes: mb(size), maximum: mb(MAX_CACHED_BYTES) }));
  }
  if (issues.length > 0) return invalid(c, issues);
  const response = await caller.dispatch(input.route, query, pinned.body);
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: false }).decode(await response.arrayBuffer());
  if (response.status !== 200) {
    const found = await requestIssues(response, text);
    if (found) return invalid(c, found);
    return new Response(text, { status: response.status, headers: response.headers });
  }
  const used = (JSON.parse(text) as { provenance?: { model?: ModelPin | null } }).provenance?.model;
  const model = used ? { id: used.id, version: used.version, hash: used.hash } : null;
  const content: ScenarioContent = { title: input.title, route: input.route, query, request: pinSavedModel(input.route, pinned.body, model), model };
  const key = await resultKey(caller, content, queryFor(query, 'json'));
  if (key !== undefined) await cacheResult(caller.store, key, response.headers.get('content-type') ?? 'application/json', text);
  return content;
}

const encoder = new TextEncoder();
/** The answer as UTF-8 bytes (a string body is copied once more by undici before it is encoded). */
function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length * 3);
  return bytes.subarray(0, encoder.encodeInto(text, bytes).written);
}

/** Where each route names its model, and of which kind. */
const MODEL_AT: Readonly<Record<string, { readonly path: readonly string[]; readonly kind: ModelKind }>> = {
  '/v1/allocations': { path: ['model'], kind: 'allocation' },
  '/v1/allocations/compare': { path: ['baseline', 'model'], kind: 'allocation' },
  '/v1/evaluations': { path: ['model'], kind: 'evaluation' },
  '/v1/monitoring': { path: ['model'], kind: 'monitoring' },
  '/v1/rankings': { path: ['model'], kind: 'points' },
  '/v1/checks/industry-share': { path: ['model'], kind: 'industry-share' },
};

/**
 * A saved model named by its plain id (its latest version) is pinned to the version the answer used,
 * "<id>@<n>" (src/api/models/saved.ts), so a later version of it does not change the scenario; a built-in
 * model is pinned by its hash (ScenarioContent.model) and the result refuses another.
 */
function pinSavedModel(route: string, request: unknown, used: ModelPin | null): unknown {
  const at = MODEL_AT[route];
  if (!at || !used || !/^[1-9]\d{0,8}$/.test(used.version)) return request;
  const [first, second] = at.path;
  const holder = (second === undefined ? request : (request as Record<string, unknown> | undefined)?.[first]) as Record<string, unknown> | undefined;
  const key = second ?? first;
  const named = holder?.[key];
  if (typeof named !== 'string' || named !== used.id || findModel(at.kind, named)) return request;
  const pinnedModel = { ...holder, [key]: `${named}@${used.version}` };
  return second === undefined ? pinnedModel : { ...(request as Record<string, unknown>), [first]: pinnedModel };
}

const kept = (row: { id: string; head: number }): Kept => ({ resource: 'scenario', id: row.id, head: row.head });

export function scenarioRoutes(app: OpenAPIHono, fetcher: Fetcher): void {
  // the reference forms every calculation route takes (resolved by src/api/references/ before its schema)
  app.openAPIRegistry.register('DatasetReference', DatasetReference);
  app.openAPIRegistry.register('LastYearReference', LastYearReference);
  app.openapi(postRoute, async (c) => {
    const denied = requireScope(c, 'write', 'Saving a scenario (保存方案)', 'save-scenario');
    if (denied) return denied as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const { store } = got;
    const input = c.req.valid('json');
    const who = c.get('principal');
    const content = await prepare(c, callerOf(c, store, fetcher), input);
    if (content instanceof Response) return content as never;
    // what it names is kept with it, each row guarded against a delete meanwhile (src/store/references.ts)
    const refs = savedReferences(content.route, content.request);
    let id: string;
    try {
      ({ id } = await createScenario(store, { actor: actorOf(who), workspace: workspaceOf(who) ?? '' }, content, input.visibility ?? 'private', {
        list: refs,
        admin: who.kind === 'key' && who.scope === 'admin',
      }));
    } catch (e) {
      if (!isReferenceGuardFailure(e)) throw e;
      return invalid(c, await referenceIssues(callerOf(c, store, fetcher), refs, input.visibility ?? 'private')) as never;
    }
    const row = (await findScenario(store, id))!;
    const saved = (await scenarioRevision(store, row))!;
    c.header('etag', etag(saved.revision));
    c.header('location', `/v1/scenarios/${id}`);
    return c.json(represent(saved) as never, 201);
  });

  app.openapi(listRoute, async (c) => {
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const who = c.get('principal');
    const q = c.req.valid('query');
    const page = pageFrom(q);
    const found = await listScenarios(got.store, {
      workspace: who.kind === 'key' ? who.workspace : null,
      admin: who.kind === 'key' && who.scope === 'admin',
      route: q.route,
      ...page,
    });
    return c.json({ scenarios: found.scenarios, ...pageOf('/v1/scenarios', { route: q.route }, page, found.total) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const row = await visibleScenario(c, got.store, c.req.valid('param').id);
    if (row instanceof Response) return row as never;
    const saved = await revisionOr404(c, got.store, row, c.req.valid('query').revision);
    if (saved instanceof Response) return saved as never;
    if (noneMatch(c, saved.revision)) return notModified(saved.revision) as never;
    c.header('etag', etag(saved.revision));
    return c.json(represent(saved) as never, 200);
  });

  app.openapi(putRoute, async (c) => {
    const denied = requireScope(c, 'write', 'Changing a scenario (修改方案)');
    if (denied) return denied as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const { store } = got;
    const who = c.get('principal');
    const row = await visibleScenario(c, store, c.req.valid('param').id);
    if (row instanceof Response) return row as never;
    if (!writableBy(who, row))
      return problem(c, 'forbidden', message('other-workspace', { resource: 'scenario', id: row.id, workspace: workspaceOf(who) ?? '' })) as never;
    const matched = checkIfMatch(c, kept(row), true)!;
    if ('response' in matched) return matched.response as never;
    const sent = matched.expected;
    const input = c.req.valid('json');
    const content = await prepare(c, callerOf(c, store, fetcher), input);
    if (content instanceof Response) return content as never;
    const visibility = input.visibility ?? row.visibility;
    const inUse = visibility === 'private' ? await inUseResponse(c, store, 'scenario', row.id, row.workspace) : undefined;
    if (inUse) return inUse as never;
    const refs = savedReferences(content.route, content.request);
    try {
      await updateScenario(store, { actor: actorOf(who), workspace: workspaceOf(who) }, row, sent, content, visibility, {
        list: refs,
        admin: who.kind === 'key' && who.scope === 'admin',
      });
    } catch (e) {
      if (isReferenceGuardFailure(e)) {
        const inUse = visibility === 'private' ? await inUseResponse(c, store, 'scenario', row.id, row.workspace) : undefined;
        return (inUse ?? invalid(c, await referenceIssues(callerOf(c, store, fetcher), refs, visibility))) as never;
      }
      if (!isUniqueViolation(e)) throw e;
      const head = (await findScenario(store, row.id))?.head ?? sent + 1;
      return staleResponse(c, { ...kept(row), head }, c.req.header('if-match')) as never;
    }
    const now = (await findScenario(store, row.id))!;
    const saved = (await scenarioRevision(store, now, sent + 1))!;
    c.header('etag', etag(saved.revision));
    return c.json(represent(saved) as never, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const denied = requireScope(c, 'write', 'Deleting a scenario (删除方案)');
    if (denied) return denied as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const who = c.get('principal');
    const row = await visibleScenario(c, got.store, c.req.valid('param').id);
    if (row instanceof Response) return row as never;
    if (!writableBy(who, row))
      return problem(c, 'forbidden', message('other-workspace', { resource: 'scenario', id: row.id, workspace: workspaceOf(who) ?? '' })) as never;
    const matched = checkIfMatch(c, kept(row), false);
    if (matched && 'response' in matched) return matched.response as never;
    // not while a live scenario takes last year's amounts from it (409 naming them; its guard covers a save meanwhile)
    const inUse = await inUseResponse(c, got.store, 'scenario', row.id);
    if (inUse) return inUse as never;
    try {
      await deleteScenario(got.store, { actor: actorOf(who) }, row);
    } catch (e) {
      if (!isReferenceGuardFailure(e)) throw e;
      return ((await inUseResponse(c, got.store, 'scenario', row.id)) ??
        problem(c, 'conflict', message('scenario-in-use', { id: row.id, users: { shown: [], hidden: 0 } }))) as never;
    }
    return noContent() as never;
  });

  app.openapi(resultRoute, async (c) => {
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const row = await visibleScenario(c, got.store, c.req.valid('param').id);
    if (row instanceof Response) return row as never;
    const query = c.req.valid('query');
    const saved = await revisionOr404(c, got.store, row, query.revision);
    if (saved instanceof Response) return saved as never;
    // a problem of the saved request is the scenario's: under /request, a reference gone a 409 (./references.ts)
    const cell: Record<string, string> = {};
    for (const name of ['column', 'region', 'project'] as const) if (query[name] !== undefined) cell[name] = query[name];
    const ran = await runSaved(callerOf(c, got.store, fetcher), saved, query.format ?? 'json', cell);
    const result = asScenarioProblem(saved.id, saved.request, ran, new Set(['format', ...Object.keys(cell)]));
    c.header('content-type', result.contentType);
    if (result.cache !== 'none') c.header('x-cache', result.cache);
    c.header('x-scenario-revision', String(saved.revision));
    if (result.bytes) {
      c.header('content-disposition', `attachment; filename="${saved.id}-${saved.revision}-${today()}.xlsx"`);
      return c.body(result.bytes, result.status as 200) as never;
    }
    return c.body(utf8Bytes(result.body), result.status as 200) as never;
  });
}
