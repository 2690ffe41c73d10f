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
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson((value as Record<string, unknown>)[k])).join(',') + '}';
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
