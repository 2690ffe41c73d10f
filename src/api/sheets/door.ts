/**
 * The spreadsheet door (docs/contract.md § The spreadsheet door): what a spreadsheet can send, turned into
 * the request the routes already take, run through the app itself, so it is validated, resolved and
 * answered exactly as that request would be.
 *
 * - GET/HEAD of a calculation route: the query is the request (formQuery.ts) → POST <route> as JSON;
 *   ?key=<read key> becomes its Authorization (marked x-key-from-query: the access layer lets only a read
 *   key through). A 200 carries a strong ETag (SHA-256 of its bytes) and Cache-Control: no-cache;
 *   If-None-Match naming it is a 304.
 * - POST as text/plain whose text is JSON (Office.js custom functions send simple-CORS requests, without
 *   a preflight): the same body as application/json.
 * - POST of a table (CSV, TSV, an .xlsx) to a calculation route: its rows go to the route's first row spot
 *   (or ?rows=regions|projects), read as a dataset upload reads them; the rest of the request from the query.
 *   A body labelled application/octet-stream or application/vnd.ms-excel is read as .xlsx when its bytes
 *   start as a zip (PK\x03\x04: browsers and some clients label an .xlsx so) or as an old .xls (D0 CF 11 E0,
 *   answered with the reader's "save it as .xlsx"); any other bytes under those labels are the 415.
 * - POST to a calculation route in any other media type (not JSON — application/json, application/…+json,
 *   text/plain JSON — nor one of the tables): the 415 naming every type the route takes, before its query is
 *   read (its query is a table's request, which the JSON route would call unknown parameters).
 * - ?errors=text on any GET/HEAD (`text` in any case, blanks around it ignored: it only dresses the error):
 *   a 4xx answers 200 text/plain, one line a cell can show.
 *
 * It runs before the body limit and the caller's key are read, so each request is counted once by the
 * rate limit (by the request it becomes) and it caps the bodies it reads itself.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Issue } from '../../core/errors.js';
import { issue, message } from '../../messages/index.js';
import { KEY_FROM_QUERY_HEADER } from '../access/principal.js';
import { readCapped } from '../../core/bytes.js';
import { lookupOf, readRowsTable, tableTypeOf } from '../datasets/table.js';
import { invalid, problem, problemResponse, invalidBody } from '../problem.js';
import { sha256Bytes } from '../provenance.js';
import { CALCULATION_ROUTES, getAt, isObject, REFERENCE_SPOTS, type RowsKind, setAt } from '../references/resolve.js';
import type { Fetcher } from '../scenarios/result.js';
import { formBody, INNER_OPTIONS } from './formQuery.js';

export interface DoorOptions {
  /** The app's own fetch (internalFetcher). */
  readonly fetcher: Fetcher;
  /** memory() as the app mounts it: run here before reading a table, whose headers may be a saved model's the caller sees. */
  readonly memory: MiddlewareHandler;
  /** rateLimit() as the app mounts it: the door's own problems are counted as any request is (what it re-sends is counted there). */
  readonly rateLimit: MiddlewareHandler;
  /** The routes' OpenAPI definitions (read once they are all registered): which POST routes take JSON. */
  readonly definitions: () => readonly unknown[];
  /** The largest body read (the app's body limit). */
  readonly maxBytes: number;
}

/** What a GET form's inner request carries of the caller's headers besides its key. */
const FORWARDED = ['cf-connecting-ip', 'x-forwarded-for', 'origin'];

const essence = (type: string | undefined) => (type ?? '').split(';')[0].trim().toLowerCase();

/** The media types read as JSON (as hono's validator and the body guard read them). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;
/** Labels a workbook comes under besides its own type (a browser's or a client's guess). */
const WORKBOOK_LABELS = ['application/octet-stream', 'application/vnd.ms-excel'];
/** A zip's local file header (an .xlsx) or an OLE compound file's signature (an old .xls). */
const looksLikeWorkbook = (b: Uint8Array) =>
  b.length >= 4 && ((b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) || (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0));

/** ?errors as the door reads it: `text` in any case, blanks around it ignored. */
const isText = (value: string) => value.trim().toLowerCase() === 'text';

export function sheetsDoor(options: DoorOptions): MiddlewareHandler {
  const takesJson = jsonRoutes(options.definitions);
  return async (c, next) => {
    // Hono answers HEAD by routing it as GET (and dropping the body), but c.req.method still says HEAD
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') {
      const url = new URL(c.req.url);
      const errors = url.searchParams.getAll('errors');
      if (errors.length > 0 && !(errors.length === 1 && isText(errors[0]))) {
        const bad =
          errors.length > 1 ? issue('?errors', 'query-name-repeated', { name: 'errors' }) : issue('?errors', 'errors-option-invalid', { shown: errors[0] });
        return gated(c, [options.memory, options.rateLimit], async () => invalid(c, [bad]));
      }
      const text = errors.length === 1;
      if (text && errors[0] !== 'text') {
        // the routes' own query schemas take errors=text as written: they see it so
        url.searchParams.set('errors', 'text');
        c.req.raw = new Request(url, c.req.raw);
      }
      if (CALCULATION_ROUTES.includes(c.req.path)) {
        const res = await form(c, options);
        return text ? asText(res) : res;
      }
      await next();
      if (text) {
        const out = await asText(c.res);
        if (out !== c.res) {
          c.res = undefined; // replaced whole: the problem's headers (content-type) are not the line's
          c.res = out;
        }
      }
      return;
    }
    if (method !== 'POST') return next();
    const type = essence(c.req.header('content-type'));
    const calculation = CALCULATION_ROUTES.includes(c.req.path);
    const spots = REFERENCE_SPOTS[c.req.path]?.rows ?? [];
    if (type === 'text/plain' && takesJson(c.req.path)) {
      // read from a copy: text that is no JSON goes on as it came, and the route's 415 names the media types it takes
      const read = await readBody(c, options.maxBytes, c.req.raw.clone().body);
      if (read instanceof Response) return read;
      if (!looksLikeJson(read)) return calculation ? unsupported(c, options, spots.length > 0) : next();
      return dispatch(c, options.fetcher, c.req.url, headersOf(c, 'application/json'), read);
    }
    let table = tableTypeOf(type);
    let body: Uint8Array | undefined;
    if (calculation && (table ? spots.length === 0 : type !== '' && !JSON_TYPE.test(type))) {
      if (table || spots.length === 0 || !WORKBOOK_LABELS.includes(type)) return unsupported(c, options, spots.length > 0);
      const read = await readBody(c, options.maxBytes);
      if (read instanceof Response) return read;
      if (!looksLikeWorkbook(read)) return unsupported(c, options, true);
      table = 'xlsx';
      body = read;
    }
    if (table && spots.length > 0) {
      const read = body ?? (await readBody(c, options.maxBytes));
      if (read instanceof Response) return read;
      // the caller first (a bad key is its 401 here), for the vocabularies it may read
      return gated(c, [options.memory], async () => {
        const made = await tableRequest(c, read, table);
        if (made instanceof Response) return gated(c, [options.rateLimit], async () => made);
        return dispatch(c, options.fetcher, made.url, headersOf(c, 'application/json'), made.body);
      });
    }
    return next();
  };
}

/** The 415 of a calculation route, naming every media type it takes (JSON, text/plain JSON, and its tables). */
function unsupported(c: Context, options: DoorOptions, tables: boolean): Promise<Response> {
  const got = (c.req.header('content-type') ?? '').slice(0, 200);
  return gated(c, [options.memory, options.rateLimit], async () => problem(c, 'unsupported-media-type', message('unsupported-media-type', { got, tables })));
}

/** The paths the app answers GET forms on besides its own routes (for the 405's Allow). */
export const FORM_ROUTES = CALCULATION_ROUTES.map((path) => ({ method: 'GET', path }));

/** GET/HEAD of a calculation route: the query as the POST it writes. */
async function form(c: Context, options: DoorOptions): Promise<Response> {
  const url = new URL(c.req.url);
  const route = c.req.path;
  const read = formBody(route, [...url.searchParams]);
  if (read.issues.length > 0) return gated(c, [options.memory, options.rateLimit], async () => problemResponse(invalidBody(read.issues)));
  const key = read.options.key;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const authorization = c.req.header('authorization');
  if (key !== undefined) {
    if (authorization !== undefined) {
      return gated(c, [options.memory, options.rateLimit], async () => problem(c, 'bad-request', message('two-keys'), [issue('?key', 'two-keys')]));
    }
    headers.authorization = `Bearer ${key}`;
    headers[KEY_FROM_QUERY_HEADER] = '1'; // the access layer lets only a read key through
  } else if (authorization !== undefined) headers.authorization = authorization;
  for (const name of FORWARDED) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  const inner = innerUrl(url, read.options);
  const res = await dispatch(c, options.fetcher, inner, new Headers(headers), new TextEncoder().encode(JSON.stringify(read.body)));
  if (res.status !== 200) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const etag = `"${(await sha256Bytes(bytes)).slice('sha256:'.length)}"`;
  const out = new Headers(res.headers);
  out.set('etag', etag);
  out.set('cache-control', 'no-cache');
  if (noneMatch(c.req.header('if-none-match'), etag)) {
    const kept = new Headers({ etag, 'cache-control': 'no-cache' });
    for (const [k, v] of out) if (k.startsWith('access-control-') || k === 'vary' || k === 'x-references') kept.set(k, v);
    return new Response(null, { status: 304, headers: kept });
  }
  return new Response(bytes, { status: 200, headers: out });
}

/** The inner POST's address: the route, with the options it reads (and ?key on a POST, for the access layer to refuse). */
function innerUrl(url: URL, options: Readonly<Record<string, string>>, keepKey = false): string {
  const inner = new URL(url.pathname, url);
  for (const name of INNER_OPTIONS) if (options[name] !== undefined) inner.searchParams.set(name, options[name]);
  if (keepKey && options.key !== undefined) inner.searchParams.set('key', options.key);
  return inner.toString();
}

/** Does If-None-Match name this strong tag (weak comparison, RFC 9110 §13.1.2), or `*`? */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const s = t.trim();
    return s === '*' || s === etag || s === `W/${etag}`;
  });
}

/** A POST of a table: its rows in the route's row spot, the rest of the request from the query. */
async function tableRequest(
  c: Context,
  bytes: Uint8Array,
  type: NonNullable<ReturnType<typeof tableTypeOf>>,
): Promise<Response | { url: string; body: Uint8Array }> {
  const url = new URL(c.req.url);
  const route = c.req.path;
  const spots = REFERENCE_SPOTS[route].rows;
  const asked = url.searchParams.get('rows');
  const spot = spots.find((s) => s.kind === (asked ?? spots[0].kind));
  const read = formBody(route, [...url.searchParams], { rowsTaken: spot?.kind });
  const issues: Issue[] = [...read.issues];
  if (!spot) return invalid(c, issues); // ?rows names no spot of this route: formBody said so
  const body = read.body;
  const parent = getAt(body, spot.path.slice(0, -1));
  const model = isObject(parent) && typeof parent.model === 'string' ? parent.model : null;
  if (issues.length === 0 && getAt(body, spot.path) !== undefined) {
    issues.push(issue(`?${spot.path.join('.')}`, 'rows-given-twice', { name: spot.path.join('.') }));
  }
  const table = await readRowsTable(bytes, type, spot.kind as RowsKind, model, lookupOf(c));
  if (!table.ok) issues.push(...table.issues.map((i) => (i.path.startsWith('/rows') ? { ...i, path: `/${spot.path.join('/')}${i.path.slice(5)}` } : i)));
  if (issues.length > 0 || !table.ok) return invalid(c, issues);
  const withRows = setAt(body, spot.path, table.rows);
  return { url: innerUrl(url, read.options, true), body: new TextEncoder().encode(JSON.stringify(withRows)) };
}

/**
 * `answer` behind the given middlewares (memory, the rate limit), as if it were the route they lead to: a bad
 * key is their 401, a spent limit their 429, and what the door answers itself is counted as any request is.
 */
async function gated(c: Context, gate: readonly MiddlewareHandler[], answer: () => Promise<Response>): Promise<Response> {
  let out: Response | undefined;
  const run = async (i: number): Promise<Response | undefined> => {
    if (i === gate.length) {
      out = await answer();
      return out;
    }
    const refused = await gate[i](c, async () => {
      out ??= await run(i + 1); // a deeper middleware's own answer (a 429) too
    });
    return refused ?? out;
  };
  const refused = await run(0);
  return out ?? refused ?? problem(c, 'internal-error', message('internal-error'));
}

/** The caller's headers for a re-sent request, with another content type when given. */
function headersOf(c: Context, contentType: string | undefined): Headers {
  const headers = new Headers(c.req.raw.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  if (contentType) headers.set('content-type', contentType);
  return headers;
}

/** Runs a POST through the app; its answer with the outer request's CORS left to the outer middleware. */
async function dispatch(c: Context, fetcher: Fetcher, url: string, headers: Headers, body: Uint8Array): Promise<Response> {
  const res = await fetcher(new Request(url, { method: 'POST', headers, body }), c);
  const vary = res.headers.get('vary');
  if (vary === null) return res;
  // the outer CORS middleware adds its own Vary: Origin
  const rest = vary
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && v.toLowerCase() !== 'origin');
  const out = new Headers(res.headers);
  if (rest.length > 0) out.set('vary', rest.join(', '));
  else out.delete('vary');
  return new Response(res.body, { status: res.status, headers: out });
}

/** The body's bytes, at most maxBytes (a larger one is the 413 the body limit would give). */
async function readBody(c: Context, maxBytes: number, stream = c.req.raw.body): Promise<Uint8Array | Response> {
  const tooLarge = () => problem(c, 'body-too-large', message('body-too-large', { megabytes: maxBytes / 1024 / 1024 }));
  const length = Number(c.req.header('content-length'));
  if (Number.isFinite(length) && length > maxBytes) return tooLarge();
  if (!stream) return new Uint8Array(0);
  const read = await readCapped(stream, maxBytes);
  return read === 'too-large' ? tooLarge() : read;
}

/** Text whose first character (after a BOM and blanks) opens a JSON object or list: sent as JSON. */
function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** Which POST paths take a JSON body, from the routes' definitions (read on first use, when all are registered). */
function jsonRoutes(definitions: () => readonly unknown[]): (path: string) => boolean {
  let patterns: RegExp[] | undefined;
  return (path) => {
    patterns ??= (definitions() as { type?: string; route?: { method: string; path: string; request?: { body?: { content?: Record<string, unknown> } } } }[])
      .filter((d) => d.type === 'route' && d.route?.method === 'post' && d.route.request?.body?.content?.['application/json'] !== undefined)
      .map((d) => new RegExp(`^${d.route!.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`));
    return patterns.some((p) => p.test(path));
  };
}

/**
 * ?errors=text: a 4xx problem as 200 text/plain, the one line a cell shows:
 * `#ERROR <status> <code>: <where>: <English> / <where>：<Chinese>`, ` (+N more)` when it lists more.
 */
export async function asText(res: Response): Promise<Response> {
  if (res.status < 400 || res.status >= 500) return res;
  if (essence(res.headers.get('content-type') ?? undefined) !== 'application/problem+json') return res;
  const headers = new Headers(res.headers);
  headers.set('content-type', 'text/plain; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  headers.delete('content-length');
  return new Response(errorLine((await res.json()) as ProblemLike), { status: 200, headers });
}

interface ProblemLike {
  status: number;
  type?: string;
  code?: string;
  detail?: string;
  detail_zh?: string;
  errors?: { pointer: string; code: string; detail: string; detail_zh: string }[];
}

/** The problem as one line (newlines in a detail become spaces). */
export function errorLine(p: ProblemLike): string {
  const one = (s: string | undefined) => (s ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const first = p.errors?.[0];
  const more = p.errors && p.errors.length > 1 ? ` (+${p.errors.length - 1} more)` : '';
  if (first) return `#ERROR ${p.status} ${first.code}: ${first.pointer}: ${one(first.detail)} / ${first.pointer}：${one(first.detail_zh)}${more}`;
  const code = p.code ?? p.type?.replace(/^\/problems\//, '') ?? 'error';
  return `#ERROR ${p.status} ${code}: ${one(p.detail)} / ${one(p.detail_zh)}`;
}
