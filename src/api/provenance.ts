/**
 * Provenance: what made an answer, so a saved answer can be traced and a cache can never serve another's.
 * The service version, the model as used (id, version and a hash of its content after overrides) and a
 * hash of the canonical request (route, query, body with object keys sorted). SHA-256 through Web Crypto,
 * which both runtimes have.
 */
import { SERVICE_VERSION } from '../version.js';

/** A model as a route used it: its name, and its whole content (after overrides), which is hashed. */
export interface ModelUsed {
  readonly id: string;
  readonly version: string;
  readonly content: unknown;
}

export interface Provenance {
  service: string;
  model: { id: string; version: string; hash: string } | null;
  request: string;
}

/**
 * JSON with every object's keys in UTF-16 order and no spaces: two requests that differ only in key order
 * or whitespace have one canonical text. Arrays keep their order (it means something: rows, priorities).
 * Native JSON.stringify does the writing; the replacer only reorders keys, with each key list's sorted order
 * remembered (a request's thousands of regions share a handful of shapes): ~3× faster than a hand walk.
 */
export function canonicalJson(value: unknown): string {
  sawIndexKey = false;
  const fast = JSON.stringify(value, sortKeys) ?? 'null';
  // an object with an array-index key ("0", "2024") lists it first whatever the insertion order: walk by hand
  return sawIndexKey ? walk(value) : fast;
}

/** The plain recursive writer, for objects the replacer cannot order. */
function walk(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return walk((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : walk(v))).join(',') + ']';
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined && typeof o[k] !== 'function')
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + walk(o[k])).join(',') + '}';
}

const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const sortedOrders = new Map<string, { order: string[]; index: boolean }>();
let sawIndexKey = false;

function sortKeys(this: unknown, _key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const signature = keys.length + ':' + keys.join('\u0000'); // the count tells {} from {"": …}
  let known = sortedOrders.get(signature);
  if (!known) {
    known = { order: [...keys].sort(), index: keys.some((k) => INDEX_KEY.test(k)) };
    if (sortedOrders.size < 10_000) sortedOrders.set(signature, known);
  }
  if (known.index) sawIndexKey = true;
  const out: Record<string, unknown> = {};
  for (const k of known.order) out[k] = (value as Record<string, unknown>)[k];
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let out = 'sha256:';
  for (const b of digest) out += HEX[b];
  return out;
}

/** Built-in models are the same object on every request: hash each once. */
const modelHashes = new WeakMap<object, Promise<string>>();

export function modelHash(content: unknown): Promise<string> {
  if (content === null || typeof content !== 'object') return sha256(canonicalJson(content));
  let hash = modelHashes.get(content);
  if (!hash) {
    hash = sha256(canonicalJson(content));
    modelHashes.set(content, hash);
  }
  return hash;
}

export async function provenance(route: string, query: Record<string, string>, body: unknown, model: ModelUsed | null): Promise<Provenance> {
  const [request, hash] = await Promise.all([sha256(canonicalJson({ route, query, body })), model ? modelHash(model.content) : undefined]);
  return { service: SERVICE_VERSION, model: model ? { id: model.id, version: model.version, hash: hash! } : null, request };
}
