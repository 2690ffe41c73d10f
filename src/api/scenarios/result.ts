/**
 * Running a saved request, and the result cache.
 *
 * A saved request runs through the app itself (an internal request to its route, with the caller's own
 * Authorization), so it is validated, resolved and answered exactly as if the caller had sent it. Its answer
 * is cached in `results` under a key that is the SHA-256 of everything that makes it:
 *   the cache format, the service version, the route, the query (with ?format), the request with each
 *   reference replaced by the content it names (a dataset revision's hash, a last-year scenario's own key),
 *   and the hash of the model the scenario was saved with.
 * An answer is cached only when it is a 200 and — JSON — its provenance names that very model hash (else the
 * model changed since the scenario was saved: the answer is a 422 scenario-model-changed, never cached);
 * CSV/TSV/XML/value are cached only after the JSON of the same request passed that check. So every cached
 * answer was made by the model and the data its key names, and a key names nothing else. An XLSX answer is
 * bytes, not text (the cache holds text), and names its day in its summary sheet: it is made each time
 * (from the JSON's check, which is cached) and never cached.
 */
import type { Context } from 'hono';
import { SERVICE_VERSION } from '../../version.js';
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { invalidBody } from '../problem.js';
import { canonicalJson, sha256 } from '../provenance.js';
import { type Principal, visibleTo } from '../access/principal.js';
import type { Store } from '../../store/store.js';
import { findScenario, type ModelPin, scenarioRevision } from '../../store/scenarios.js';
import { readResult, writeResult } from '../../store/results.js';
import { hashReferences, type LastYearAmounts, type Resolver } from '../references/resolve.js';

/** The app's own fetch, for internal requests. */
export type Fetcher = (request: Request, c: Context) => Promise<Response>;

export function internalFetcher(app: { fetch(request: Request, env?: unknown, ctx?: never): Response | Promise<Response> }): Fetcher {
  return async (request, c) => {
    let ctx: unknown;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined; // Node and app.request have none
    }
    return app.fetch(request, c.env, ctx as never);
  };
}

/** How deep saved scenarios may refer to one another (last year's amounts of last year's amounts …). */
export const MAX_REFERENCE_DEPTH = 8;
const DEPTH_HEADER = 'x-reference-depth';
/** The caller's headers an internal request carries: who it is (the key), and where from (the rate limit). */
const FORWARDED = ['authorization', 'cf-connecting-ip', 'x-forwarded-for'];

/** The request's caller, able to run requests through the app as itself. */
export interface Caller {
  readonly store: Store;
  readonly principal: Principal;
  readonly depth: number;
  dispatch(route: string, query: Readonly<Record<string, string>>, body: unknown): Promise<Response>;
}

export function callerOf(c: Context, store: Store, fetcher: Fetcher): Caller {
  const depth = Math.min(Math.max(Number.parseInt(c.req.header(DEPTH_HEADER) ?? '0', 10) || 0, 0), MAX_REFERENCE_DEPTH + 1);
  const headers: Record<string, string> = { 'content-type': 'application/json', [DEPTH_HEADER]: String(depth + 1) };
  for (const name of FORWARDED) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  return {
    store,
    principal: c.get('principal'),
    depth,
    dispatch(route, query, body) {
      const url = new URL(route, c.req.url);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      return fetcher(new Request(url, { method: 'POST', headers, body: JSON.stringify(body) }), c);
    },
  };
}

/** What makes a saved answer: the route, its query and request (references pinned), the model pinned. */
export interface Runnable {
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
  readonly request: unknown;
  readonly model: ModelPin | null;
}

export interface RunResult {
  readonly status: number;
  readonly contentType: string;
  /** The answer's text, a CSV's byte-order mark kept: served as UTF-8 it gives the same bytes ('' for bytes). */
  readonly body: string;
  /** The answer's bytes where it is not text (an XLSX workbook): served as they are. */
  readonly bytes?: Uint8Array<ArrayBuffer>;
  /** hit: from the cache; miss: computed and cached; none: computed, not cacheable (a problem). */
  readonly cache: 'hit' | 'miss' | 'none';
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: false });

/** The query a format asks: the saved one, and ?format unless JSON (with format=value's ?column, ?region, ?project). */
export function queryFor(saved: Readonly<Record<string, string>>, format: string, cell: Readonly<Record<string, string>> = {}): Record<string, string> {
  const query = { ...saved };
  delete query.format;
  if (format !== 'json') query.format = format;
  if (format === 'value') Object.assign(query, cell);
  return query;
}

/** Media types whose answers are text (cached as text); anything else is bytes. */
const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml)\b)/i;

/** The resolver of references for this caller: datasets it may see, saved scenarios' amounts through the cache. */
export function resolverOf(caller: Caller): Resolver {
  return {
    store: caller.store,
    principal: caller.principal,
    lastYear: (id, revision, at) => lastYearFrom(caller, id, revision, at),
    scenarioKey: async (id, revision) => {
      if (caller.depth >= MAX_REFERENCE_DEPTH) return undefined;
      const saved = await visibleRevision(caller, id, revision);
      if (!saved || 'issues' in saved) return undefined;
      return resultKey({ ...caller, depth: caller.depth + 1 }, saved, queryFor(saved.query, 'json'));
    },
  };
}

/** The cache key of the answer to `run` with `query`, or undefined when a reference names nothing the caller can see. */
export async function resultKey(caller: Caller, run: Runnable, query: Readonly<Record<string, string>>): Promise<string | undefined> {
  const request = await hashReferences(resolverOf(caller), run.route, run.request);
  if (request === undefined) return undefined;
  return sha256(canonicalJson({ cache: 1, service: SERVICE_VERSION, route: run.route, query, request, model: run.model?.hash ?? null }));
}

/** Runs `run` through the app as the caller, in `format`; from the cache when it holds the answer. */
export async function runSaved(caller: Caller, run: Runnable, format: string, cell: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  const query = queryFor(run.query, format, cell);
  const key = await resultKey(caller, run, query);
  if (key !== undefined) {
    const cached = await readResult(caller.store, key);
    if (cached) return { status: cached.status, contentType: cached.content_type, body: cached.body, cache: 'hit' };
  }
  if (format !== 'json' && run.model) {
    // a table does not name its model: the JSON answer (cached or not) shows it is still the one pinned
    const json = await runSaved(caller, run, 'json');
    if (json.status !== 200) return json;
  }
  const response = await caller.dispatch(run.route, query, run.request);
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  const raw = new Uint8Array(await response.arrayBuffer());
  // a workbook's bytes decoded as UTF-8 would be mangled (and re-encoded larger): kept as bytes, not cached
  if (response.status === 200 && !TEXT_TYPE.test(contentType)) return { status: 200, contentType, body: '', bytes: raw, cache: 'none' };
  const body = decoder.decode(raw);
  if (response.status !== 200) return { status: response.status, contentType, body, cache: 'none' };
  if (format === 'json' && run.model) {
    const used = (JSON.parse(body) as { provenance?: { model?: { id: string; version: string; hash: string } | null } }).provenance?.model;
    if (!used || used.hash !== run.model.hash) {
      const problem = invalidBody([
        issue(pointerOfModel(run.route), 'scenario-model-changed', {
          ...run.model,
          now: used?.hash ?? 'none',
          nowVersion: used ? `${used.id} ${used.version}` : 'none',
        }),
      ]);
      return { status: 422, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(problem), cache: 'none' };
    }
  }
  if (key !== undefined) await cacheResult(caller.store, key, contentType, body);
  return { status: 200, contentType, body, cache: 'miss' };
}

/**
 * The largest answer kept (UTF-8 bytes): D1 takes a row of at most 2 MB; a larger answer (a 2,900-region
 * allocation with its trace) is computed each time, and says so (X-Cache: miss).
 */
export const MAX_CACHED_BYTES = 1_800_000;

/** Keeps a 200 answer under its key. The cache only saves work: an answer too large, or a failed write, is not kept, and the answer still goes out. */
export async function cacheResult(store: Store, key: string, contentType: string, body: string): Promise<boolean> {
  if (body.length > MAX_CACHED_BYTES || new TextEncoder().encode(body).length > MAX_CACHED_BYTES) return false;
  try {
    await writeResult(store, key, { status: 200, content_type: contentType, body });
    return true;
  } catch (e) {
    console.warn('result cache: write failed', e);
    return false;
  }
}

const pointerOfModel = (route: string) => (route === '/v1/allocations/compare' ? '/baseline/model' : '/model');

/** A saved scenario's revision the caller may see (head when undefined), or the problem at `at`. */
async function visibleRevision(caller: Caller, id: string, revision: number | undefined, at = '') {
  const scenario = await findScenario(caller.store, id);
  if (!scenario || scenario.deleted_at !== null || !visibleTo(caller.principal, scenario)) {
    return { issues: [issue(`${at}/scenario`, 'unknown-scenario', { id })] };
  }
  const n = revision ?? scenario.head;
  const saved = n >= 1 && n <= scenario.head ? await scenarioRevision(caller.store, scenario, n) : undefined;
  if (!saved) return { issues: [issue(`${at}/revision`, 'unknown-scenario-revision', { id, revision: n, head: scenario.head })] };
  return saved;
}

/** Each region's amount in a saved scenario's answer (by id; "city/county" for a second-level row). */
async function lastYearFrom(caller: Caller, id: string, revision: number | undefined, at: string): Promise<LastYearAmounts> {
  if (caller.depth >= MAX_REFERENCE_DEPTH) return { issues: [issue(at, 'references-too-deep', { depth: MAX_REFERENCE_DEPTH })] };
  const saved = await visibleRevision(caller, id, revision, at);
  if ('issues' in saved) return saved;
  const result = await runSaved(caller, saved, 'json');
  if (result.status !== 200) {
    const problem = safeJson(result.body) as { detail?: string; detail_zh?: string } | undefined;
    const failed: Issue = issue(`${at}/scenario`, 'last-year-scenario-failed', {
      id,
      status: result.status,
      detail: problem?.detail ?? '',
      detail_zh: problem?.detail_zh ?? problem?.detail ?? '',
    });
    return { issues: [failed] };
  }
  const answer = JSON.parse(result.body) as { unit?: unknown; rows?: unknown };
  const amounts = new Map<string, string>();
  if (Array.isArray(answer.rows)) {
    for (const row of answer.rows as { id?: unknown; amount?: unknown; path?: unknown; depth?: unknown }[]) {
      if (typeof row?.id !== 'string' || typeof row.amount !== 'string') continue;
      const key = Array.isArray(row.path) && row.path.length > 1 ? row.path.join('/') : row.id;
      amounts.set(key, row.amount);
    }
  }
  if (amounts.size === 0) return { issues: [issue(`${at}/scenario`, 'last-year-scenario-no-amounts', { id, route: saved.route })] };
  // the hash of what was read: the answer's bytes, as GET /v1/scenarios/{id}/result?revision=n serves them
  return { amounts, unit: typeof answer.unit === 'string' ? answer.unit : null, revision: saved.revision, hash: await sha256(result.body) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
