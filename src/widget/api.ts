/**
 * The widget's calls to the service. Nothing here throws: every failure comes back as a Problem value (the
 * service's problem+json in both languages, a network failure naming the address, an answer that is not the
 * expected JSON), so the element always has something to say instead of an empty box.
 */

export interface Text2 {
  readonly en: string;
  readonly zh: string;
}

export type Problem =
  /** fetch itself rejected: the service is down, unreachable, or CORS refused it */
  | { readonly kind: 'network'; readonly api: string }
  /** the service answered with an error status; detail from its problem+json when it sent one */
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly code?: string;
      readonly detail?: Text2;
      readonly errors: readonly (Text2 & { readonly pointer?: string })[];
    }
  /** 2xx, but not what was asked for (not JSON, wrong shape) */
  | { readonly kind: 'bad-answer'; readonly what: string }
  /** cancelled by the widget (a newer request replaced it) */
  | { readonly kind: 'aborted' };

export type Fetched<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

export interface DatasetAnswer {
  readonly id: string;
  readonly revision: number;
  readonly title?: string;
  readonly model?: string;
  readonly rows: readonly Record<string, unknown>[];
}

export interface ScenarioAnswer {
  readonly id: string;
  readonly revision: number;
  readonly title?: string;
  readonly route: string;
  readonly request: Record<string, unknown>;
}

export interface Download {
  readonly blob: Blob;
  readonly filename: string;
}

const JSON_ACCEPT = { accept: 'application/json' };

/** The service's problem+json (or any error body) as a Problem. */
export async function problemOf(res: Response): Promise<Problem> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const detailEn = str(b.detail) ?? str(b.title);
  const detail = detailEn ? { en: detailEn, zh: str(b.detail_zh) ?? str(b.title_zh) ?? detailEn } : undefined;
  const errors = Array.isArray(b.errors)
    ? b.errors
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({ pointer: str(e.pointer), en: str(e.detail) ?? '', zh: str(e.detail_zh) ?? str(e.detail) ?? '' }))
        .filter((e) => e.en !== '')
    : [];
  return { kind: 'http', status: res.status, code: str(b.code), detail, errors };
}

async function call(url: string, init: RequestInit, api: string): Promise<{ ok: true; res: Response } | { ok: false; problem: Problem }> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return { ok: false, problem: { kind: 'aborted' } };
    return { ok: false, problem: { kind: 'network', api } };
  }
  if (!res.ok) return { ok: false, problem: await problemOf(res) };
  return { ok: true, res };
}

/**
 * A read (a GET, or a calculation POST that writes nothing). With a save token at hand it goes with the token
 * first: the token reads its own workspace's private data (the dataset read, the server check and the downloads
 * alike), and a private read never fails anonymously first. Only when the token itself is refused (401: expired,
 * revoked, unknown; or 403) is the read tried once more without it, so an expired token does not hide public data.
 * Without a token: anonymous.
 */
async function read(url: string, init: RequestInit, api: string, token?: string): ReturnType<typeof call> {
  if (!token) return call(url, init, api);
  const r = await call(url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } }, api);
  if (r.ok || r.problem.kind !== 'http' || ![401, 403].includes(r.problem.status)) return r;
  return call(url, init, api);
}

async function json<T>(url: string, init: RequestInit, api: string, what: string, check: (v: unknown) => v is T, token?: string): Promise<Fetched<T>> {
  const r = await read(url, init, api, token);
  if (!r.ok) return r;
  let value: unknown;
  try {
    value = await r.res.json();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return { ok: false, problem: { kind: 'aborted' } };
    return { ok: false, problem: { kind: 'bad-answer', what } };
  }
  return check(value) ? { ok: true, value } : { ok: false, problem: { kind: 'bad-answer', what } };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isDataset = (v: unknown): v is DatasetAnswer => isObject(v) && Array.isArray(v.rows);
const isScenario = (v: unknown): v is ScenarioAnswer => isObject(v) && typeof v.route === 'string' && isObject(v.request);
const isModel = (v: unknown): v is Record<string, unknown> & { factors: unknown[] } => isObject(v) && Array.isArray(v.factors);
const isAnswer = (v: unknown): v is Record<string, unknown> & { rows: unknown[]; summary: unknown } => isObject(v) && Array.isArray(v.rows) && 'summary' in v;

const join = (api: string, path: string): string => api.replace(/\/+$/, '') + path;

/** GET /v1/datasets/{id}[/revisions/{n}] as JSON. */
export function getDataset(api: string, id: string, revision?: number, token?: string): Promise<Fetched<DatasetAnswer>> {
  const path = `/v1/datasets/${encodeURIComponent(id)}` + (revision === undefined ? '' : `/revisions/${revision}`);
  return json(join(api, path), { headers: JSON_ACCEPT }, api, path, isDataset, token);
}

/** GET /v1/models/allocation/{id}: the model object (for a saved model, sent inline to the bundled engine). */
export async function getModel(api: string, id: string, token?: string): Promise<Fetched<Record<string, unknown> & { factors: unknown[] }>> {
  const path = `/v1/models/allocation/${encodeURIComponent(id)}`;
  const got = await json(join(api, path), { headers: JSON_ACCEPT }, api, path, isObject, token);
  if (!got.ok) return got;
  // a saved model may come wrapped ({model: {…}, version, hash}) or as the model itself
  const inner = got.value.model;
  if (isModel(inner)) return { ok: true, value: inner };
  if (isModel(got.value)) return { ok: true, value: got.value };
  return { ok: false, problem: { kind: 'bad-answer', what: path } };
}

/** GET /v1/scenarios/{id}: the saved request and its route. */
export function getScenario(api: string, id: string, token?: string): Promise<Fetched<ScenarioAnswer>> {
  const path = `/v1/scenarios/${encodeURIComponent(id)}`;
  return json(join(api, path), { headers: JSON_ACCEPT }, api, path, isScenario, token);
}

/** POST /v1/allocations (JSON): the server's own answer, to compare with the browser's. */
export function postAllocation(
  api: string,
  request: unknown,
  signal?: AbortSignal,
  token?: string,
): Promise<Fetched<Record<string, unknown> & { rows: unknown[]; summary: unknown }>> {
  const init: RequestInit = { method: 'POST', headers: { ...JSON_ACCEPT, 'content-type': 'application/json' }, body: JSON.stringify(request), signal };
  return json(join(api, '/v1/allocations'), init, api, 'POST /v1/allocations', isAnswer, token);
}

/** POST /v1/allocations?format=csv|xlsx: the file, named by the service's Content-Disposition when it sends one. */
export async function downloadAllocation(
  api: string,
  request: unknown,
  format: 'csv' | 'xlsx',
  fallbackName: string,
  token?: string,
): Promise<Fetched<Download>> {
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) };
  const r = await read(join(api, `/v1/allocations?format=${format}`), init, api, token);
  if (!r.ok) return r;
  try {
    const blob = await r.res.blob();
    return { ok: true, value: { blob, filename: filenameOf(r.res.headers.get('content-disposition')) ?? `${fallbackName}.${format}` } };
  } catch {
    return { ok: false, problem: { kind: 'bad-answer', what: `POST /v1/allocations?format=${format}` } };
  }
}

/** POST /v1/scenarios with the save token: the new scenario's id. */
export async function saveScenario(api: string, token: string, body: { title: string; route: string; request: unknown }): Promise<Fetched<{ id: string }>> {
  const init: RequestInit = {
    method: 'POST',
    headers: { ...JSON_ACCEPT, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  };
  return json(join(api, '/v1/scenarios'), init, api, 'POST /v1/scenarios', (v): v is { id: string } => isObject(v) && typeof v.id === 'string');
}

/** The file name of a Content-Disposition header (filename*=UTF-8'' first, then filename="…"). */
export function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = plain ? (plain[1] ?? plain[2])?.trim() : undefined;
  return name || undefined;
}

/** allocation-<dataset or "regions">-<YYYY-MM-DD>.<csv|xlsx>: one name for both downloads of the same figures. */
export function downloadName(source: string | undefined, format: 'csv' | 'xlsx', now: Date = new Date()): string {
  const base = (source && source !== 'allocation' ? source : 'regions').replace(/[^A-Za-z0-9._-]+/g, '_');
  const d = now;
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `allocation-${base}-${date}.${format}`;
}
