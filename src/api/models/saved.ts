/**
 * Saved models in calculation requests: wherever a route takes `model` (an id or the model inline), the id of
 * a saved model (`"guangyuan-2025"`, its latest version) or a pinned version of it (`"guangyuan-2025@2"`)
 * is replaced, before the route reads the body, by the saved model inline. Each route's inline-model path
 * then does everything else (overrides, checks, provenance): the saved body holds its own `id` and
 * `version` ("2"), so the answer's provenance names the saved model, its version and the hash it was saved
 * with (the hash of its canonical JSON, as provenance computes a model's).
 *
 * A built-in id is never looked up (no database read for requests that use built-in models). An id that is
 * neither built-in nor a saved model the caller may see is left as it is: the route answers its one
 * `unknown-model` problem, whose list of known ids this middleware completes with the saved ones the caller
 * may use.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Issue } from '../../core/errors.js';
import type { Principal } from '../access/principal.js';
import { visibleTo } from '../access/principal.js';
import { invalidBody, problemResponse, type ProblemBody } from '../problem.js';
import { canonicalJson, sha256 } from '../provenance.js';
import { latestModel, latestModels, modelVersion, type SavedModelRow } from '../../store/models.js';
import type { Store } from '../../store/store.js';
import { findModel, listModels, type ModelKind } from './catalog.js';
import { issue } from '../../messages/index.js';

/** A reference to a saved model: its id, and a pinned version ("id@3") or none (the latest). */
export interface SavedRef {
  readonly id: string;
  readonly version?: number;
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

const REF = /^([a-z0-9][a-z0-9-]{0,63})(?:@([1-9]\d{0,8}))?$/;

/** "id" or "id@n" as a reference, or undefined when the text is neither. */
export function parseRef(text: string): SavedRef | undefined {
  const m = REF.exec(text);
  if (!m) return undefined;
  return m[2] === undefined ? { id: m[1] } : { id: m[1], version: Number(m[2]) };
}

/** The hash of a model as provenance writes it ("sha256:…" of its canonical JSON). */
export const savedModelHash = (body: unknown): Promise<string> => sha256(canonicalJson(body));

/** Is this row (the model's latest: it carries the model's visibility) readable by `who`? */
const readable = (who: Principal | undefined, row: SavedModelRow): boolean => who !== undefined && visibleTo(who, row);

/**
 * The saved model a reference names, as the caller may see it: the latest version (not deleted), or the pinned
 * one (a deleted model's pinned versions stay readable, so saved answers re-run). Undefined when there is none.
 */
export async function resolveSaved(store: Store, who: Principal | undefined, kind: ModelKind, ref: SavedRef): Promise<SavedModelRow | undefined> {
  const latest = await latestModel(store.db, kind, ref.id);
  if (!latest || !readable(who, latest)) return undefined;
  if (ref.version === undefined) return latest.deleted_at ? undefined : latest;
  if (ref.version === latest.version) return latest;
  return modelVersion(store.db, kind, ref.id, ref.version);
}

/** The ids a caller may name for a kind: the built-in ones, then the saved ones it may see. */
export async function knownIds(store: Store | undefined, who: Principal | undefined, kind: ModelKind): Promise<string[]> {
  const builtIn = listModels(kind).map((m) => m.id);
  if (!store) return builtIn;
  const saved = (await latestModels(store.db, kind)).filter((r) => readable(who, r)).map((r) => r.id);
  return [...builtIn, ...saved];
}

/** A place in a request body that holds a model reference: the object, its key, the pointer, the kind. */
interface Slot {
  readonly holder: Record<string, unknown>;
  readonly key: string;
  readonly pointer: string;
  readonly kind: ModelKind;
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** An allocation request's model slots: its own, and each city's (二次分配). */
function allocationSlots(body: unknown, at: string): Slot[] {
  if (!isRecord(body)) return [];
  const slots: Slot[] = [{ holder: body, key: 'model', pointer: `${at}/model`, kind: 'allocation' }];
  if (Array.isArray(body.regions)) {
    body.regions.forEach((r, i) => {
      if (isRecord(r)) slots.push({ holder: r, key: 'model', pointer: `${at}/regions/${i}/model`, kind: 'allocation' });
    });
  }
  return slots;
}

const topModel =
  (kind: ModelKind) =>
  (body: unknown): Slot[] =>
    isRecord(body) ? [{ holder: body, key: 'model', pointer: '/model', kind }] : [];

/** Every calculation route that takes a model, and where its body holds one. */
const ROUTES: Record<string, (body: unknown) => Slot[]> = {
  '/v1/allocations': (body) => allocationSlots(body, ''),
  '/v1/allocations/compare': (body) => (isRecord(body) ? allocationSlots(body.baseline, '/baseline') : []),
  '/v1/evaluations': topModel('evaluation'),
  '/v1/monitoring': topModel('monitoring'),
  '/v1/rankings': topModel('points'),
  '/v1/checks/industry-share': topModel('industry-share'),
};

/** The route paths whose `model` may name a saved model (for the README and tests). */
export const ROUTES_WITH_MODELS = Object.keys(ROUTES);

/** Middleware (after memory()): saved model ids in a calculation request's body become the saved models inline. */
export function savedModels(): MiddlewareHandler {
  return async (c, next) => {
    const slotsOf = c.req.method === 'POST' ? ROUTES[c.req.path] : undefined;
    // only a JSON body (the body guard parsed it once); any other is left to the route's own answer (415)
    if (!slotsOf || !JSON_MEDIA_TYPE.test((c.req.header('content-type') ?? '').split(';')[0].trim())) return next();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next(); // malformed: the route's own answer (400)
    }
    const refs = slotsOf(body).filter((s) => {
      const v = s.holder[s.key];
      return typeof v === 'string' && !findModel(s.kind, v);
    });
    if (refs.length === 0) return next();
    const store = c.get('store');
    const who = c.get('principal');
    const unresolved: Slot[] = [];
    for (const slot of refs) {
      const ref = parseRef(slot.holder[slot.key] as string);
      const row = ref && store ? await resolveSaved(store, who, slot.kind, ref) : undefined;
      if (row) slot.holder[slot.key] = JSON.parse(row.body);
      else unresolved.push(slot);
    }
    c.req.json = <T>() => Promise.resolve(body as T);
    await next();
    if (unresolved.length > 0 && c.res.status === 422) await completeKnown(c, unresolved, store, who);
  };
}

/**
 * The route's unknown-model issues at the unresolved references, their lists of known ids completed with the
 * saved models the caller may use (the route's catalogue knows only the built-in ones).
 */
async function completeKnown(c: Context, unresolved: readonly Slot[], store: Store | undefined, who: Principal | undefined): Promise<void> {
  let problem: ProblemBody;
  try {
    problem = (await c.res.clone().json()) as ProblemBody;
  } catch {
    return;
  }
  if (!problem.errors) return;
  const at = new Map(unresolved.map((s) => [s.pointer, s]));
  const known = new Map<ModelKind, string[]>();
  let changed = false;
  const issues: Issue[] = [];
  for (const e of problem.errors) {
    const slot = e.code === 'unknown-model' ? at.get(e.pointer) : undefined;
    if (!slot) {
      issues.push({ path: e.pointer, code: e.code, en: e.detail, zh: e.detail_zh });
      continue;
    }
    if (!known.has(slot.kind)) known.set(slot.kind, await knownIds(store, who, slot.kind));
    issues.push(issue(slot.pointer, 'unknown-model', { kind: slot.kind, id: String(slot.holder[slot.key]), known: known.get(slot.kind)! }));
    changed = true;
  }
  if (!changed) return;
  const headers: Record<string, string> = {};
  c.res.headers.forEach((v, k) => {
    if (k !== 'content-length') headers[k] = v;
  });
  const body = invalidBody(issues);
  c.res = undefined as never; // hono: clear before replacing, so the old response's headers are not merged in
  c.res = problemResponse(body, headers);
}
