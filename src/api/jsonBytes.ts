/**
 * JSON.stringify(value) as UTF-8 bytes, the same bytes, written in pieces. V8 builds one large JSON text as
 * a rope of parts; the first pass that needs it flat (TextEncoder, hashing) copies the whole text into one
 * large object, a two-byte one as soon as a Chinese name is in it, and those large copies feed the major GC.
 * For a 2,900-region answer (1.1 MB) stringify + encode took ~8 ms that way and ~2.5 ms in pieces. So large
 * arrays near the top (a request's regions, an answer's rows) are written CHUNK elements at a time, each
 * piece encoded into one buffer with encodeInto; everything else is JSON.stringify's own text.
 */

/** Elements of a large array per piece. */
const CHUNK = 64;
/** Levels of plain objects walked to reach the large arrays (the envelope, the request, its body). */
const DEPTH = 3;

const encoder = new TextEncoder();

/**
 * A buffer reused for bytes that are only read during a call (a request's canonical JSON, hashed at once):
 * kept up to KEEP_BYTES; a larger one is dropped.
 */
let scratch = new Uint8Array(1 << 16);
const KEEP_BYTES = 1 << 24;

/** The UTF-8 bytes of JSON.stringify(value) (of "null" where that is undefined), in a fresh buffer. */
export function jsonUtf8(value: unknown): Uint8Array<ArrayBuffer> {
  const parts = pieces(value);
  // a fresh worst-case buffer (its untouched pages cost nothing): the answer's body is handed on, never copied
  const out = new Uint8Array(unitsOf(parts) * 3);
  return out.subarray(0, encodePieces(parts, out));
}

/**
 * The UTF-8 bytes of JSON.stringify(value) handed to `use` as a view of the reused buffer: valid during the
 * call only (hash them). Not re-entrant: `use` must not write JSON bytes itself. No buffer per call: a
 * 2,900-region request's canonical JSON wanted 1.35 MB of fresh external memory, which drives V8's major GC.
 */
export function withJsonUtf8<T>(value: unknown, use: (bytes: Uint8Array<ArrayBuffer>) => T): T {
  const parts = pieces(value);
  const need = unitsOf(parts) * 3; // 3 bytes per UTF-16 unit at most
  let out = scratch;
  if (need > out.length) {
    out = new Uint8Array(Math.max(need, Math.min(KEEP_BYTES, out.length * 2)));
    if (out.length <= KEEP_BYTES) scratch = out;
  }
  return use(out.subarray(0, encodePieces(parts, out)));
}

/** JSON.stringify(value)'s text in pieces. */
function pieces(value: unknown): string[] {
  const parts: string[] = [];
  return write(value, parts, 0) ? parts : [JSON.stringify(value) ?? 'null'];
}

function unitsOf(parts: readonly string[]): number {
  let units = 0;
  for (const p of parts) units += p.length;
  return units;
}

/** Encodes the pieces one after another into `out` (room for 3 bytes per unit); the bytes written. */
function encodePieces(parts: readonly string[], out: Uint8Array): number {
  let written = 0;
  for (const p of parts) written += encoder.encodeInto(p, out.subarray(written)).written;
  return written;
}

/** An object whose JSON is what its toJSON returns: stringify calls it with its key, which pieces would change. */
const hasToJSON = (v: unknown) => v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function';

/**
 * Appends the JSON text of an object or array, pieces for large arrays; false (the caller then stringifies
 * the whole value) where a toJSON would be called with another key than stringify's.
 */
function write(value: unknown, parts: string[], depth: number): boolean {
  if (value === null || typeof value !== 'object' || hasToJSON(value)) return false;
  if (Array.isArray(value)) {
    if (value.length <= CHUNK || depth >= DEPTH) {
      parts.push(JSON.stringify(value));
      return true;
    }
    for (const v of value) if (hasToJSON(v)) return false;
    for (let start = 0; start < value.length; start += CHUNK) {
      const piece = JSON.stringify(value.slice(start, start + CHUNK)); // "[…]": its elements as stringify writes them
      // slices of the piece, not ',' + slice: a concatenation is a cons string that encodeInto flattens (a copy)
      if (start === 0) parts.push(piece.slice(0, -1));
      else parts.push(',', piece.slice(1, -1));
    }
    parts.push(']');
    return true;
  }
  // a plain object, key by key in JSON.stringify's order (Object.keys), leaving out what it leaves out
  const o = value as Record<string, unknown>;
  let open = '{';
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (hasToJSON(v)) return false;
    if (depth + 1 < DEPTH && v !== null && typeof v === 'object') {
      parts.push(open + JSON.stringify(key) + ':');
      if (!write(v, parts, depth + 1)) return false;
    } else {
      const text = JSON.stringify(v);
      if (text === undefined) continue; // undefined, a function, a symbol: no key
      parts.push(open + JSON.stringify(key) + ':' + text);
    }
    open = ',';
  }
  parts.push(open === '{' ? '{}' : '}');
  return true;
}
