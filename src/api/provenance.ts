/**
 * Provenance: what made an answer, so a saved answer can be traced and a cache can never serve another's.
 * The service version, the model as used (id, version and a hash of its content after overrides) and a
 * hash of the canonical request (route, query, body with object keys sorted). SHA-256 through node:crypto
 * where the runtime has it (Node), else Web Crypto (workerd): the same digest either way.
 */
import { SERVICE_VERSION } from '../version.js';
import { withJsonUtf8 } from './jsonBytes.js';

/** A model as a route used it: its name, and its whole content (after overrides), which is hashed. */
export interface ModelUsed {
  readonly id: string;
  readonly version: string;
  readonly content: unknown;
  /**
   * Where the content is a pure function of a built-in model (the catalogue's object, never changed) and a
   * text (its overrides in canonical JSON): the content's hash is remembered under that pair, so a model
   * used again with the same overrides is not written out and hashed again (the content is a new object on
   * each request). Leave it out where the content is not such a function.
   */
  readonly hashKey?: { readonly base: object; readonly key: string };
}

export interface Provenance {
  service: string;
  model: { id: string; version: string; hash: string } | null;
  request: string;
}

/**
 * JSON with every object's keys in UTF-16 order and no spaces: two requests that differ only in key order
 * or whitespace have one canonical text. Arrays keep their order (it means something: rows, priorities).
 * Native JSON.stringify does the writing, of a copy whose objects hold their keys in sorted order (objects
 * already in that order, and arrays of them, are not copied). Each key list's sorted order is remembered by
 * the list itself (a request's thousands of regions share a handful of shapes), compared key by key, so no
 * signature string is built per object: ~2× faster than a key-sorting replacer, which runs once per value.
 */
export function canonicalJson(value: unknown): string {
  sawSpecial = false;
  const sorted = sortedCopy(value);
  // an object with an array-index key ("0", "2024") lists it first whatever the insertion order, a
  // "__proto__" key cannot be copied by assignment, and a toJSON may return anything: walk those by hand
  return sawSpecial ? walk(value) : (JSON.stringify(sorted) ?? 'null');
}

/** canonicalJson's UTF-8 bytes, the large arrays written in pieces (jsonBytes.ts), in a fresh buffer. */
export function canonicalUtf8(value: unknown): Uint8Array {
  return withCanonicalUtf8(value, (bytes) => bytes.slice());
}

/** canonicalJson's UTF-8 bytes handed to `use` as a view of a reused buffer (valid during the call only). */
function withCanonicalUtf8<T>(value: unknown, use: (bytes: Uint8Array) => T): T {
  sawSpecial = false;
  const sorted = sortedCopy(value);
  return sawSpecial ? use(utf8Bytes(walk(value))) : withJsonUtf8(sorted, use);
}

/** The plain recursive writer, for objects the sorted copy cannot order. */
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
/** One key list met before: its keys in insertion order, and in sorted order (undefined when already sorted). */
interface Shape {
  readonly keys: readonly string[];
  readonly order: readonly string[] | undefined;
}
/** Shapes met so far (the first MAX_SHAPES); a request has a handful. */
const shapes: Shape[] = [];
const MAX_SHAPES = 64;
let sawSpecial = false;

/** The value with every object's keys in sorted order: the value itself where nothing needs reordering. */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || sawSpecial) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = sortedCopy(v);
      if (s !== v) {
        copy ??= value.slice();
        copy[i] = s;
      }
    }
    return copy ?? value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    sawSpecial = true;
    return value;
  }
  const o = value as Record<string, unknown>;
  const shape = shapeOf(o);
  if (shape === undefined) {
    sawSpecial = true;
    return value;
  }
  if (shape.order === undefined) {
    // keys already in order: copy only if a value changes
    let copy: Record<string, unknown> | undefined;
    for (const k of shape.keys) {
      const v = o[k];
      const s = sortedCopy(v);
      if (s !== v) {
        copy ??= { ...o };
        copy[k] = s;
      }
    }
    return copy ?? value;
  }
  const out: Record<string, unknown> = {};
  for (const k of shape.order) out[k] = sortedCopy(o[k]);
  return out;
}

/** The object's own enumerable keys as a known shape, or undefined for an index key or "__proto__" (a copy would set a prototype). */
function shapeOf(o: Record<string, unknown>): Shape | undefined {
  // the two shapes met last first: a request's regions and their indicators alternate
  if (last !== undefined && sameKeys(o, last.keys)) return last;
  if (previous !== undefined && sameKeys(o, previous.keys)) return remember(previous);
  for (const shape of shapes) if (shape !== last && shape !== previous && sameKeys(o, shape.keys)) return remember(shape);
  const keys = Object.keys(o);
  if (keys.some((k) => k === '__proto__' || INDEX_KEY.test(k))) return undefined;
  const sorted = [...keys].sort();
  const shape: Shape = { keys, order: sorted.every((k, i) => k === keys[i]) ? undefined : sorted };
  if (shapes.length < MAX_SHAPES) shapes.push(shape);
  return remember(shape);
}

let last: Shape | undefined;
let previous: Shape | undefined;

function remember(shape: Shape): Shape {
  previous = last;
  last = shape;
  return shape;
}

/** Whether the object's own enumerable keys are exactly `keys`, in that order. */
function sameKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return false;
    if (k !== keys[i++]) return false;
  }
  return i === keys.length;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Node's hashing, where the runtime has it: synchronous. */
interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(encoding: 'hex'): string;
}
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as
  | { createHash(algorithm: 'sha256'): NodeHash }
  | undefined;

const encoder = new TextEncoder();
/** A scratch buffer for the bytes being hashed (node:crypto's path is synchronous, so one is enough). */
let scratch = new Uint8Array(1 << 16);
const MAX_SCRATCH = 1 << 24;

/** The text's UTF-8 bytes, by encodeInto (on Node ~5× faster than encode, which allocates its own buffer). */
function utf8Bytes(text: string): Uint8Array {
  const need = text.length * 3;
  if (need > scratch.length) {
    if (need > MAX_SCRATCH) return encoder.encode(text);
    scratch = new Uint8Array(Math.min(MAX_SCRATCH, Math.max(need, scratch.length * 2)));
  }
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/**
 * SHA-256 of the text's UTF-8 bytes. Web Crypto (workerd, browsers) is asynchronous: on Node it runs in the
 * thread pool and each request waited a turn for it; node:crypto, where present, gives the same digest at once.
 * The text goes in as bytes written by encodeInto: node:crypto's own conversion of a string holding any
 * non-Latin-1 character (a Chinese name) is ~2.5× slower, TextEncoder.encode ~5×.
 */
export function sha256(text: string): Promise<string> {
  return sha256Bytes(utf8Bytes(text));
}

/** SHA-256 of these bytes (read before the promise settles: a scratch buffer may be reused after). */
export async function sha256Bytes(bytes: Uint8Array): Promise<string> {
  if (nodeCrypto) return 'sha256:' + nodeCrypto.createHash('sha256').update(bytes).digest('hex');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  let out = 'sha256:';
  for (const b of digest) out += HEX[b];
  return out;
}

/** Built-in models are the same object on every request: hash each once. */
const modelHashes = new WeakMap<object, Promise<string>>();
/** By built-in model: its contents' hashes by overrides (ModelUsed.hashKey), at most MAX_KEYED per model. */
const keyedHashes = new WeakMap<object, Map<string, Promise<string>>>();
const MAX_KEYED = 64;

/** The hash of a model as used: remembered by its hashKey when it has one, else by its content object. */
export function usedModelHash(model: ModelUsed): Promise<string> {
  if (!model.hashKey) return modelHash(model.content);
  const { base, key } = model.hashKey;
  let known = keyedHashes.get(base);
  if (!known) keyedHashes.set(base, (known = new Map()));
  let hash = known.get(key);
  if (!hash) {
    if (known.size >= MAX_KEYED) known.clear(); // a bounded memory: many different overrides just hash again
    hash = sha256(canonicalJson(model.content));
    known.set(key, hash);
  }
  return hash;
}

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
  // the request's bytes are hashed where they were written (sha256Bytes reads them before it returns)
  const request = withCanonicalUtf8({ route, query, body }, sha256Bytes);
  const [requestHash, hash] = await Promise.all([request, model ? usedModelHash(model) : undefined]);
  return { service: SERVICE_VERSION, model: model ? { id: model.id, version: model.version, hash: hash! } : null, request: requestHash };
}
