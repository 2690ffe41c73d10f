/**
 * The door every JSON body passes once: parsed a single time, then checked, before any schema, for what
 * a schema cannot see or what would hurt a recursive helper further in.
 *
 * - Nesting deeper than MAX_DEPTH: mergePatch/composePatches recurse, and a merge patch nested ~3,700 levels
 *   overflowed the stack (a 500). The deepest real request (an inline evaluation model) is ~15 levels.
 * - "__proto__" keys: JSON.parse keeps them as own keys, but zod and object spreads drop them silently;
 *   they are refused as unknown fields, wherever they are.
 * - JSON numbers that no double holds exactly (1e-400 → 0, 1e400 → Infinity, 12345678901234567891 → …992):
 *   refused, never rounded. The rule: a number literal is kept when it equals, as a decimal, the shortest
 *   round-trip text of its double (String(Number(literal))). So 0.1 passes (its double prints as 0.1) and
 *   0.1000000000000000055511151231257827 — the exact value of that same double — is refused: the service
 *   would read it as 0.1, a different decimal than the one written. Such numbers go as decimal strings.
 *
 * All walks are iterative: no body can overflow the stack here.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { matchedRoutes } from 'hono/route';
import { pointer, type Issue } from '../engine/errors.js';
import { invalid, unknownField } from './problem.js';

/** Containers nested in one another at most: four times the deepest real request, far below any stack limit. */
export const MAX_DEPTH = 64;

/** Issues reported at most per body: a thousand bad numbers need not be listed one by one. */
const MAX_ISSUES = 20;

/** The media types hono's validator parses as JSON (`application/json`, `application/…+json`). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Middleware for the POST routes: parses the JSON body once, checks it, and hands the parsed value to the
 * route's validator (c.req.json answers from it), so a checked body is never parsed twice. Bodies of other
 * media types, and requests no route of this method takes (404/405), pass through untouched: the route's
 * own media-type gate and the not-found / not-allowed answers stay as they are.
 */
export function bodyGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!takesJson(c)) return next();
    const text = await c.req.text(); // a body over the limit throws here, for bodyLimit to answer 413
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: 'Malformed JSON in request body' }); // → malformed-json
    }
    const issues = checkBody(value, text);
    if (issues.length > 0) return invalid(c, issues);
    c.req.json = <T>() => Promise.resolve(value as T);
    return next();
  };
}

function takesJson(c: Context): boolean {
  const type = c.req.header('content-type');
  if (!type || !JSON_MEDIA_TYPE.test(type.split(';')[0].trim())) return false;
  const method = c.req.method;
  return method !== 'GET' && method !== 'HEAD' && matchedRoutes(c).some((r) => r.method === method);
}

/** Every issue of a parsed body and its text: structure first, then (when the text hints at one) numbers. */
export function checkBody(value: unknown, text: string): Issue[] {
  const issues = checkStructure(value);
  if (issues.length === 0 && mayHoldInexactNumber(text)) issues.push(...inexactNumbers(text));
  return issues;
}

interface Node {
  readonly value: object;
  readonly depth: number;
  readonly parent: Node | undefined;
  readonly key: string | number;
}

const pathOf = (node: Node | undefined): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let n = node; n?.parent; n = n.parent) path.push(n.key);
  return path.reverse();
};

/** Depth and "__proto__" keys, walked with an explicit stack; only containers are pushed. */
export function checkStructure(body: unknown): Issue[] {
  if (typeof body !== 'object' || body === null) return [];
  const issues: Issue[] = [];
  const stack: Node[] = [{ value: body, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const node = stack.pop()!;
    if (node.depth > MAX_DEPTH) {
      issues.push({
        path: pointer(...pathOf(node)),
        en: `the body is nested more than ${MAX_DEPTH} levels deep here; no request needs that many (the limit is ${MAX_DEPTH}): flatten it.`,
        zh: `请求体在此处嵌套超过 ${MAX_DEPTH} 层；正常请求不需要这么深（上限 ${MAX_DEPTH} 层），请减少嵌套。`,
      });
      continue; // one issue per too-deep branch, not one per level below it
    }
    if (Array.isArray(node.value)) {
      const list = node.value;
      for (let i = list.length - 1; i >= 0; i--) {
        const v = list[i];
        if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: node.depth + 1, parent: node, key: i });
      }
      continue;
    }
    const obj = node.value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key === '__proto__') {
        issues.push({ path: pointer(...pathOf(node), key), ...unknownField(key) });
        continue;
      }
      const v = obj[key];
      if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: node.depth + 1, parent: node, key });
    }
  }
  return issues;
}

/**
 * A cheap look at the text: an exponent ("1e-400") or 16+ digits in a row (dots allowed) is where a number
 * may not survive as a double; a body without either holds only numbers of at most 15 significant digits,
 * which every double keeps exactly. Strings that look like this only cost a scan, never a refusal.
 */
const RISKY = /\d[eE]|\d[\d.]{15}/;
export function mayHoldInexactNumber(text: string): boolean {
  return RISKY.test(text);
}

interface Frame {
  readonly array: boolean;
  index: number;
  /** the current key's token (with its quotes), decoded only for a pointer */
  keyStart: number;
  keyEnd: number;
}

/**
 * The number tokens of a JSON text that its double does not hold, each with the JSON pointer of its place.
 * The text has already parsed, so the scanner only tracks strings, containers, keys and indices.
 */
export function inexactNumbers(text: string): Issue[] {
  const issues: Issue[] = [];
  const frames: Frame[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote; remember it when it is a key
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x22) break;
        j += d === 0x5c ? 2 : 1;
      }
      if (expectKey) {
        const top = frames[frames.length - 1];
        top.keyStart = i;
        top.keyEnd = j + 1;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) {
      frames.push({ array: false, index: 0, keyStart: -1, keyEnd: -1 });
      expectKey = true;
    } else if (c === 0x5b) {
      frames.push({ array: true, index: 0, keyStart: -1, keyEnd: -1 });
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = frames[frames.length - 1];
      if (top.array) top.index++;
      else expectKey = true;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const literal = text.slice(i, j);
      const problem = inexact(literal);
      if (problem) {
        const path = frames.map((f) => (f.array ? f.index : (JSON.parse(text.slice(f.keyStart, f.keyEnd)) as string)));
        issues.push({ path: pointer(...path), ...problem });
      }
      i = j - 1;
    }
  }
  return issues;
}

const isNumberChar = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

/** Why a JSON number literal does not survive as a double, or undefined when it does. */
export function inexact(literal: string): { en: string; zh: string } | undefined {
  // up to 15 digits without an exponent: every double holds it
  if (literal.length <= 15 && !/[eE]/.test(literal)) return undefined;
  const read = Number(literal);
  if (Number.isFinite(read) && canonical(literal) === canonical(String(read))) return undefined;
  const shown = literal.length > 40 ? literal.slice(0, 40) + '…' : literal;
  const asRead = Number.isFinite(read) ? String(read) : 'Infinity';
  return {
    en: `the number ${shown} cannot be held exactly: it would be read as ${asRead}. Send it as a decimal string in quotes (e.g. "${shown}") where the field takes one, or round it; numbers are never rounded silently.`,
    zh: `数值 ${shown} 无法精确保存：会被读作 ${asRead}。请在该字段接受字符串时以带引号的十进制字符串发送（如 "${shown}"），或自行取整；本服务不会静默舍入数值。`,
  };
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
