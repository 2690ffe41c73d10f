/**
 * The widget's bundle on Node, served as Workers static assets serve it: /widget/* from ./public/widget, before
 * the app (a path with no file falls through to the app's 404 problem), with the headers public/_headers gives
 * (scripts/build-widget.mjs writes it: Access-Control-Allow-Origin: * on both copies, a year and immutable on the
 * versioned path, no-cache on the latest), read here rather than repeated so the two runtimes cannot drift.
 * GET and HEAD answer the file (ETag, 304 on If-None-Match); OPTIONS answers 204 with what may be asked (a
 * module script never needs a preflight, but a page's fetch() of the file with a custom header would); any
 * other method is a 405 problem naming GET, HEAD and OPTIONS. A client that takes gzip gets the file gzipped
 * (once per file version, kept): the bundle is ~1.2 MB, ~0.37 MB gzipped, as Workers sends it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, resolve, sep } from 'node:path';
import { message } from '../messages/index.js';
import { problemBody, problemResponse } from '../api/problem.js';

/** One rule of a _headers file: a URL pattern (`*` a splat, `:name` one segment) and the headers it sets or detaches. */
export interface HeaderRule {
  readonly pattern: RegExp;
  readonly set: readonly (readonly [string, string])[];
  readonly detach: readonly string[];
}

/** Reads Cloudflare's _headers format: an unindented URL pattern, then indented `Name: value` or `! Name` lines; `#` comments. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: { pattern: RegExp; set: [string, string][]; detach: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      const source = line
        .split(/(\*|:[A-Za-z]\w*)/)
        .map((part) => (part === '*' ? '(.*)' : part.startsWith(':') && part.length > 1 ? '([^/]+)' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      rules.push({ pattern: new RegExp(`^${source}$`), set: [], detach: [] });
      continue;
    }
    const rule = rules[rules.length - 1];
    if (!rule) continue;
    if (line.startsWith('!')) {
      rule.detach.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) rule.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers the rules give a path: every matching rule applies; a header two rules set is joined with ", " (as Cloudflare does). */
export function headersFor(rules: readonly HeaderRule[], pathname: string): Headers {
  const headers = new Headers();
  for (const rule of rules) {
    if (!rule.pattern.test(pathname)) continue;
    for (const [name, value] of rule.set) headers.append(name, value);
    for (const name of rule.detach) headers.delete(name);
  }
  return headers;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const ALLOWED = 'GET, HEAD, OPTIONS';

/**
 * A handler for `public` (the folder public/_headers and public/widget/ are in): a Response for a /widget/* file,
 * undefined for anything else (the app answers it).
 */
export function widgetAssets(publicDir: string): (req: Request) => Promise<Response | undefined> {
  const root = resolve(publicDir);
  const widgetRoot = join(root, 'widget');
  let cached: { mtimeMs: number; rules: HeaderRule[] } | undefined;
  const etags = new Map<string, { mtimeMs: number; size: number; etag: string }>();
  const gzipped = new Map<string, { etag: string; bytes: Uint8Array }>();
  const rules = async (): Promise<HeaderRule[]> => {
    const file = join(root, '_headers');
    try {
      const { mtimeMs } = await stat(file);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, rules: parseHeadersFile(await readFile(file, 'utf8')) };
      return cached.rules;
    } catch {
      return [];
    }
  };

  return async (req) => {
    const { pathname } = new URL(req.url);
    if (!pathname.startsWith('/widget/')) return undefined;
    let segments: string[];
    try {
      segments = pathname.slice('/widget/'.length).split('/').map(decodeURIComponent);
    } catch {
      return undefined; // a malformed escape: no such file
    }
    if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\/\0]/.test(s))) return undefined;
    const file = join(widgetRoot, ...segments);
    if (!file.startsWith(widgetRoot + sep)) return undefined;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;

    const headers = headersFor(await rules(), pathname);
    if (req.method === 'OPTIONS') {
      headers.set('allow', ALLOWED);
      headers.set('access-control-allow-methods', ALLOWED);
      const asked = req.headers.get('access-control-request-headers');
      if (asked) headers.set('access-control-allow-headers', asked);
      headers.set('access-control-max-age', '86400');
      return new Response(null, { status: 204, headers });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const body = problemBody('method-not-allowed', message('method-not-allowed', { method: req.method, path: pathname, allowed: ['GET', 'HEAD'] }));
      return problemResponse(body, { allow: ALLOWED });
    }
    const bytes = await readFile(file);
    const known = etags.get(file);
    const etag =
      known?.mtimeMs === info.mtimeMs && known.size === info.size ? known.etag : `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
    etags.set(file, { mtimeMs: info.mtimeMs, size: info.size, etag });
    // the gzipped form is another representation: its own tag, so a cache never mixes the two
    const gzip = /\bgzip\b/i.test(req.headers.get('accept-encoding') ?? '');
    const shown = gzip ? `${etag.slice(0, -1)}-gzip"` : etag;
    headers.set('etag', shown);
    headers.set('vary', 'accept-encoding');
    headers.set('x-content-type-options', 'nosniff');
    const match = req.headers.get('if-none-match');
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === shown)) return new Response(null, { status: 304, headers });
    headers.set('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    let body: Uint8Array = bytes;
    if (gzip) {
      let kept = gzipped.get(file);
      if (kept?.etag !== etag) {
        kept = { etag, bytes: gzipSync(bytes, { level: 9 }) };
        gzipped.set(file, kept);
      }
      body = kept.bytes;
      headers.set('content-encoding', 'gzip');
    }
    headers.set('content-length', String(body.byteLength));
    return new Response(req.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
