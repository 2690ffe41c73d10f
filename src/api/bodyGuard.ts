/**
 * The door every JSON body passes once: read once, checked, parsed once, before any schema, for what a
 * schema cannot see or what would hurt the service further in.
 *
 * - Nesting deeper than MAX_DEPTH: mergePatch/composePatches recurse, and a merge patch nested ~3,700 levels
 *   overflowed the stack (a 500); and JSON.parse itself spends ~3 µs per level, so 5 MB of "[[[[…" held the
 *   event loop for seconds. Depth is measured on the text, before JSON.parse. The deepest real request (an
 *   inline evaluation model) is ~15 levels. A too-deep body is refused as such even if it is also malformed.
 * - "__proto__" keys: JSON.parse keeps them as own keys, but zod and object spreads drop them silently;
 *   they are refused as unknown fields, wherever they are.
 * - JSON numbers that no double holds exactly (1e-400 → 0, 1e400 → Infinity, 12345678901234567891 → …000):
 *   refused, never rounded. The rule: a number literal is kept when it equals, as a decimal, the shortest
 *   round-trip text of its double (String(Number(literal))). So 0.1 passes (its double prints as 0.1) and
 *   0.1000000000000000055511151231257827 — the exact value of that same double — is refused: the service
 *   would read it as 0.1, a different decimal than the one written. Such numbers go as decimal strings.
 *
 * All walks are iterative: no body can overflow the stack here. The hot path (a 2,900-region request) pays
 * one pass over the text (~0.8 ms for 450 kB); the walks for "__proto__" and numbers run only when the text
 * holds what they look for.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { matchedRoutes } from 'hono/route';
import { pointer, type Issue } from '../core/errors.js';
import { issue, message } from '../messages/index.js';
import { invalid, unknownField } from './problem.js';

/** Containers nested in one another at most: four times the deepest real request, far below any stack limit. */
export const MAX_DEPTH = 64;

/** Issues reported at most per body: a thousand bad numbers need not be listed one by one. */
const MAX_ISSUES = 20;

/** The media types hono's validator parses as JSON (`application/json`, `application/…+json`). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Middleware for the POST routes: reads the JSON body once, checks it, parses it once and hands the value
 * to the route's validator (c.req.json answers from it). Bodies of other media types, and requests no route
 * of this method takes (404/405), pass through untouched: the route's own media-type gate and the
 * not-found / not-allowed answers stay as they are.
 */
export function bodyGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!takesJson(c)) return next();
    // a body over the limit throws here, for bodyLimit to answer 413
    const { text, escaped } = jsonText(new Uint8Array(await c.req.arrayBuffer()));
    let body: ReturnType<typeof checkBody>;
    try {
      body = checkBody(text, escaped);
    } catch (e) {
      if (e instanceof SyntaxError) throw new HTTPException(400, { message: 'Malformed JSON in request body' }); // → malformed-json
      throw e;
    }
    if (body.issues.length > 0) return invalid(c, body.issues);
    c.req.json = <T>() => Promise.resolve(body.value as T);
    return next();
  };
}

function takesJson(c: Context): boolean {
  const type = c.req.header('content-type');
  if (!type || !JSON_MEDIA_TYPE.test(type.split(';')[0].trim())) return false;
  const method = c.req.method;
  return method !== 'GET' && method !== 'HEAD' && matchedRoutes(c).some((r) => r.method === method);
}

/**
 * A body text's issues, and its value parsed once: depth on the text first (so JSON.parse never meets a
 * deep one), then "__proto__" keys and inexact numbers, each walk only when the text hints at it.
 * A text that is not JSON throws JSON.parse's SyntaxError.
 */
export function checkBody(text: string, escaped = false): { issues: Issue[]; value: unknown } {
  const { tooDeep, risky } = scanText(text);
  if (tooDeep) return { issues: [tooDeepIssue(text)], value: undefined };
  const value: unknown = JSON.parse(text);
  const issues = (escaped ? text.includes('__proto__') : mayHoldProtoKey(text)) ? protoKeys(value) : [];
  if (issues.length === 0 && risky) issues.push(...inexactNumbers(text));
  return { issues, value };
}

const utf8 = new TextDecoder(); // as Request.text(): a leading BOM dropped, malformed bytes read as U+FFFD
const HEX_DIGITS = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/**
 * The body's text for JSON.parse, as Request.text() reads it, except that every character beyond ASCII is
 * written as its JSON escape (\uXXXX; a surrogate pair beyond U+FFFF): the same JSON value, in a text of
 * one byte per character. V8 decodes UTF-8 holding any non-ASCII character at ~7 ns a byte (3.3 ms for a
 * 2,900-region request with Chinese names) and every later pass then reads a two-byte string; ASCII decodes
 * at memory speed. The escape means the same only inside a JSON string, and a non-ASCII character anywhere
 * else is a syntax error either way. `escaped` says the text was rewritten: its "\u" escapes are then all
 * ours (a body that wrote one itself is read as it came), so a "__proto__" key can only be spelt out.
 * Bytes that are not well-formed UTF-8 take Request.text()'s path (U+FFFD for each bad sequence).
 */
export function jsonText(bytes: Uint8Array): { text: string; escaped: boolean } {
  const n = bytes.length;
  const plain = () => ({ text: utf8.decode(bytes), escaped: false });
  // whole words of ASCII without a backslash are skipped four bytes at a time
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, n >> 2) : undefined;
  const starts: number[] = []; // where each non-ASCII character's bytes start
  let extra = 0;
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // the BOM TextDecoder drops
  while (i < n) {
    if (words !== undefined && (i & 3) === 0) {
      let w = i >> 2;
      for (; w < words.length; w++) {
        const x = words[w];
        const y = x ^ 0x5c5c5c5c; // a zero byte where x holds a backslash
        if ((x & 0x80808080) !== 0 || ((y - 0x01010101) & ~y & 0x80808080) !== 0) break;
      }
      i = w << 2;
      if (i >= n) break;
    }
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x5c && bytes[i + 1] === 0x75) return plain(); // a "\u" of the sender's own
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) return plain();
    starts.push(i);
    extra += (length === 4 ? 12 : 6) - length;
    i += length;
  }
  if (starts.length === 0) return plain();
  // the rewritten bytes are decoded at once: one buffer serves every request (a fresh one per request was
  // half a megabyte of external memory at 2,900 regions, which drives V8's major collections)
  let out = rewritten;
  if (out.length < n + extra) {
    out = new Uint8Array(Math.max(n + extra, Math.min(KEEP_BYTES, out.length * 2)));
    if (out.length <= KEEP_BYTES) rewritten = out;
  }
  let o = 0;
  let run = 0; // start of the ASCII run not yet copied
  for (const at of starts) {
    out.set(bytes.subarray(run, at), o);
    o += at - run;
    const b = bytes[at];
    if (b < 0xe0) {
      o = writeEscape(out, o, ((b & 0x1f) << 6) | (bytes[at + 1] & 0x3f));
      run = at + 2;
    } else if (b < 0xf0) {
      o = writeEscape(out, o, ((b & 0x0f) << 12) | ((bytes[at + 1] & 0x3f) << 6) | (bytes[at + 2] & 0x3f));
      run = at + 3;
    } else {
      const cp = ((b & 0x07) << 18) | ((bytes[at + 1] & 0x3f) << 12) | ((bytes[at + 2] & 0x3f) << 6) | (bytes[at + 3] & 0x3f);
      o = writeEscape(out, o, 0xd800 + ((cp - 0x10000) >> 10));
      o = writeEscape(out, o, 0xdc00 + ((cp - 0x10000) & 0x3ff));
      run = at + 4;
    }
  }
  out.set(bytes.subarray(run, n), o);
  return { text: utf8.decode(out.subarray(0, n + extra)), escaped: true };
}

/** jsonText's buffer for the rewritten bytes, kept up to KEEP_BYTES. */
let rewritten = new Uint8Array(1 << 16);
const KEEP_BYTES = 1 << 24;

/** "\uXXXX" (lower-case hex, as JSON.parse reads either) at o; the index after it. */
function writeEscape(out: Uint8Array, o: number, unit: number): number {
  out[o] = 0x5c;
  out[o + 1] = 0x75;
  out[o + 2] = HEX_DIGITS[unit >> 12];
  out[o + 3] = HEX_DIGITS[(unit >> 8) & 15];
  out[o + 4] = HEX_DIGITS[(unit >> 4) & 15];
  out[o + 5] = HEX_DIGITS[unit & 15];
  return o + 6;
}

/** The length of the well-formed UTF-8 sequence (Unicode table 3-7) that starts at i, or 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const c1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return c1 >= 0x80 && c1 <= 0xbf ? 2 : 0;
  const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (!(c1 >= lo && c1 <= hi)) return 0;
  const c2 = bytes[i + 2];
  if (!(c2 >= 0x80 && c2 <= 0xbf)) return 0;
  if (b >= 0xe0 && b <= 0xef) return 3;
  const c3 = bytes[i + 3];
  return b >= 0xf0 && b <= 0xf4 && c3 >= 0x80 && c3 <= 0xbf ? 4 : 0;
}

/** The index after the string token that opens at `i` (a quote); escaped quotes are skipped. */
function stringEnd(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (j > 0 && text.charCodeAt(j - 1) === 0x5c) {
    let k = j - 1;
    while (text.charCodeAt(k) === 0x5c) k--;
    if ((j - 1 - k) % 2 === 0) break; // an even run of backslashes escapes only itself
    j = text.indexOf('"', j + 1);
  }
  return j < 0 ? text.length : j + 1;
}

/**
 * One pass over the text, strings skipped: is it nested deeper than MAX_DEPTH (stops there), and does it
 * hold a number token with an exponent or more than 15 digits — the only numbers a double may not keep
 * (any decimal of at most 15 significant digits survives as a double)?
 */
export function scanText(text: string): { tooDeep: boolean; risky: boolean } {
  const n = text.length;
  let depth = 0;
  let risky = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i) - 1;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return { tooDeep: true, risky };
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c >= 0x30 && c <= 0x39 && !risky) {
      let j = i;
      let digits = 0;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d >= 0x30 && d <= 0x39) digits++;
        else if (d !== 0x2e) break;
      }
      const after = text.charCodeAt(j);
      risky = digits > 15 || after === 0x65 || after === 0x45;
      i = j - 1;
    }
  }
  return { tooDeep: false, risky };
}

interface Frame {
  readonly array: boolean;
  index: number;
  /** the current key's token (with its quotes), decoded only for a pointer */
  keyStart: number;
  keyEnd: number;
}

/**
 * Walks the tokens of a JSON text keeping the path to each: `visit` gets each container opening (`open`)
 * and each number token, with the frames of the containers around it; returning true stops the walk.
 */
function walkTokens(text: string, visit: (kind: 'open' | 'number', start: number, end: number, frames: readonly Frame[]) => boolean): void {
  const frames: Frame[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey && frames.length > 0) {
        const top = frames[frames.length - 1];
        top.keyStart = i;
        top.keyEnd = end;
      }
      expectKey = false;
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (visit('open', i, i + 1, frames)) return;
      frames.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = frames[frames.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      if (visit('number', i, j, frames)) return;
      i = j - 1;
    }
  }
}

const isNumberChar = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

/** The JSON pointer of the place the frames lead to (keys decoded; a malformed key is taken as written). */
function pointerOf(text: string, frames: readonly Frame[]): string {
  return pointer(
    ...frames.map((f) => {
      if (f.array) return f.index;
      const raw = text.slice(f.keyStart, f.keyEnd);
      try {
        return JSON.parse(raw) as string;
      } catch {
        return raw.slice(1, -1);
      }
    }),
  );
}

/** The issue for a text nested deeper than MAX_DEPTH, at the first container that is one level too deep. */
function tooDeepIssue(text: string): Issue {
  let path = '';
  walkTokens(text, (kind, _start, _end, frames) => {
    if (kind !== 'open' || frames.length < MAX_DEPTH) return false;
    path = pointerOf(text, frames);
    return true;
  });
  return issue(path, 'too-deep', { depth: MAX_DEPTH });
}

interface Container {
  readonly value: object;
  readonly parent: Container | undefined;
  readonly key: string | number;
}

function pathOf(container: Container): (string | number)[] {
  const path: (string | number)[] = [];
  for (let c: Container | undefined = container; c?.parent; c = c.parent) path.push(c.key);
  return path.reverse();
}

/** Only a text holding "__proto__" as written, or a \u escape (which may spell it), can hold the key. */
export function mayHoldProtoKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

/** "__proto__" keys anywhere in a parsed body (at most MAX_DEPTH deep), walked with an explicit stack. */
export function protoKeys(body: unknown): Issue[] {
  if (typeof body !== 'object' || body === null) return [];
  const issues: Issue[] = [];
  const stack: Container[] = [{ value: body, parent: undefined, key: '' }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const container = stack.pop()!;
    if (Array.isArray(container.value)) {
      const items = container.value as unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        const v = items[i];
        if (typeof v === 'object' && v !== null) stack.push({ value: v, parent: container, key: i });
      }
      continue;
    }
    const fields = container.value as Record<string, unknown>;
    const keys = Object.keys(fields);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key === '__proto__') issues.push({ path: pointer(...pathOf(container), key), ...unknownField(key) });
      const v = fields[key];
      if (typeof v === 'object' && v !== null) stack.push({ value: v, parent: container, key });
    }
  }
  return issues;
}

/** The number tokens of a JSON text that its double does not hold, each with the JSON pointer of its place. */
export function inexactNumbers(text: string): Issue[] {
  const issues: Issue[] = [];
  walkTokens(text, (kind, start, end, frames) => {
    if (kind !== 'number') return false;
    const problem = inexact(text.slice(start, end));
    if (problem) issues.push({ path: pointerOf(text, frames), ...problem });
    return issues.length >= MAX_ISSUES;
  });
  return issues;
}

/** Why a JSON number literal does not survive as a double, or undefined when it does. */
export function inexact(literal: string): { code: string; en: string; zh: string } | undefined {
  // up to 15 digits without an exponent: every double holds it
  if (literal.length <= 15 && !/[eE]/.test(literal)) return undefined;
  const read = Number(literal);
  if (Number.isFinite(read) && canonical(literal) === canonical(String(read))) return undefined;
  const shown = literal.length > 40 ? literal.slice(0, 40) + '…' : literal;
  const asRead = Number.isFinite(read) ? String(read) : 'Infinity';
  return message('inexact-number', { shown, read: asRead });
}

/** A decimal literal as sign, significant digits and exponent ("-1.50e2" → "-15e1"), to compare values. */
function canonical(text: string): string {
  let i = 0;
  let sign = '';
  if (text[0] === '-') (sign = '-'), (i = 1);
  const e = text.search(/[eE]/);
  const mantissa = text.slice(i, e < 0 ? undefined : e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? '' : mantissa.slice(dot + 1);
  let digits = (dot < 0 ? mantissa : mantissa.slice(0, dot)) + fraction;
  exponent -= fraction.length;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  return `${sign}${digits.slice(0, digits.length - trailing)}e${exponent + trailing}`;
}
