/**
 * CORS: which web pages (origins) may call the service from a browser. An allowlist from configuration,
 * CORS_ORIGINS, comma-separated: `https://planner.example.gov.cn,https://bi.example.gov.cn`, or `*` for
 * every origin (said explicitly, never the default). Workers read it from the env (wrangler.toml `[vars]`,
 * or the dashboard); the Node entry passes process.env.CORS_ORIGINS through createApp's `corsOrigins`.
 * Unset: the local service's own pages, http://localhost:<port> and http://127.0.0.1:<port> — on Node the port
 * it listens on (src/node.ts passes localOrigins(port)), on Workers 8787 (wrangler dev's port; a deployed
 * Worker sets CORS_ORIGINS). Whatever the list, the service's own origin (the scheme, host and port a request
 * was addressed to) is always allowed: its own pages (/docs) may call it, which the browser would allow anyway.
 *
 * An allowed origin gets Access-Control-Allow-Origin (its own origin echoed, with Vary: Origin); any other
 * gets none, so the browser keeps the answer from the page. The request itself is answered as usual: CORS
 * protects the browser's user, not the service (the rate limit and the keys do that).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { message } from '../../messages/index.js';
import { CSV_METADATA } from '../../schema/dataset.js';

/** The local service's pages on `port`: the default allowlist (CORS_ORIGINS unset). */
export const localOrigins = (port: number): string => `http://localhost:${port},http://127.0.0.1:${port}`;

export const DEFAULT_CORS_ORIGINS = localOrigins(8787);

export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** What a page may send: a CSV upload's metadata headers (Dataset-Title …) and conditional requests too. */
export const CORS_REQUEST_HEADERS = [
  'Content-Type',
  'Accept',
  'Authorization',
  'If-Match',
  'If-None-Match',
  ...CSV_METADATA.map((name) => `Dataset-${name[0].toUpperCase()}${name.slice(1)}`),
];
/**
 * What a page may read: revisions (ETag), new resources (Location), the rate limit (Retry-After), the
 * key challenge (WWW-Authenticate), a table answer's references (X-References) and file name
 * (Content-Disposition), a scenario result's cache (X-Cache), the audit CSV's next page (Link), timings.
 */
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'WWW-Authenticate',
  'X-References',
  'X-Cache',
  'Link',
  'Content-Disposition',
  'Server-Timing',
];

export interface CorsAllowlist {
  /** `*` was listed: every origin. */
  readonly any: boolean;
  /** The origins, as a browser sends them (scheme://host[:port], lower case, no default port). */
  readonly origins: ReadonlySet<string>;
  /** Entries that are not an origin (a path, no scheme …), with why: refused at the Node entry's start. */
  readonly invalid: readonly string[];
}

/** Reads a CORS_ORIGINS value; unset or blank is the local default. */
export function corsAllowlist(raw: string | undefined): CorsAllowlist {
  const text = raw === undefined || raw.trim() === '' ? DEFAULT_CORS_ORIGINS : raw;
  const origins = new Set<string>();
  const invalid: string[] = [];
  let any = false;
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    if (entry === '*') {
      any = true;
      continue;
    }
    const origin = originOf(entry);
    if (origin) origins.add(origin);
    else invalid.push(entry);
  }
  return { any, origins, invalid };
}

/** `https://Example.org:443/` → `https://example.org`; undefined when the entry is not just an origin. */
function originOf(entry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  return url.origin;
}

/** The one-line bilingual reason a CORS_ORIGINS value is refused (Node's start), or undefined when it is fine. */
export function corsProblem(raw: string | undefined): string | undefined {
  const { invalid } = corsAllowlist(raw);
  if (invalid.length === 0) return undefined;
  const m = message('cors-origin-invalid', { shown: invalid.map((e) => JSON.stringify(e)) });
  return `${m.en} — ${m.zh}`;
}

/** The allowlist each configured value gives, read once per isolate (Workers read the env per request). */
const PARSED = new Map<string, CorsAllowlist>();

function allowlistFor(raw: string | undefined): CorsAllowlist {
  const key = raw ?? '';
  let list = PARSED.get(key);
  if (!list) {
    list = corsAllowlist(raw);
    if (list.invalid.length > 0) console.error(corsProblem(raw));
    PARSED.set(key, list);
  }
  return list;
}

/** The origin a request was addressed to (its URL's scheme, host and port). */
function ownOrigin(c: Context): string | undefined {
  try {
    return new URL(c.req.url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The CORS middleware. `configured` is the CORS_ORIGINS value the entry read (Node; a function when it is
 * known only once the server listens); without it, the Worker's env var CORS_ORIGINS; without that, the
 * local default. The service's own origin is allowed whatever the list.
 */
export function accessCors(configured?: string | (() => string | undefined)): MiddlewareHandler {
  return cors({
    origin: (origin: string, c: Context) => {
      if (!origin) return null;
      const given = typeof configured === 'function' ? configured() : configured;
      const raw = given ?? (c.env as { CORS_ORIGINS?: unknown } | undefined)?.CORS_ORIGINS;
      const list = allowlistFor(typeof raw === 'string' ? raw : undefined);
      if (list.any) return '*';
      return list.origins.has(origin) || origin === ownOrigin(c) ? origin : null;
    },
    allowMethods: CORS_METHODS,
    allowHeaders: CORS_REQUEST_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 86400,
  });
}
