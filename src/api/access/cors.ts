/**
 * CORS: which web pages (origins) may call the service from a browser. An allowlist from configuration,
 * CORS_ORIGINS, comma-separated: `https://planner.example.gov.cn,https://bi.example.gov.cn`, or `*` for
 * every origin (said explicitly, never the default). Workers read it from the env (wrangler.toml `[vars]`,
 * or the dashboard); the Node entry passes process.env.CORS_ORIGINS through createApp's `corsOrigins`.
 * Unset: the local service's own pages, http://localhost:8787 and http://127.0.0.1:8787.
 *
 * An allowed origin gets Access-Control-Allow-Origin (its own origin echoed, with Vary: Origin); any other
 * gets none, so the browser keeps the answer from the page. The request itself is answered as usual: CORS
 * protects the browser's user, not the service (the rate limit and the keys do that).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { message } from '../../messages/index.js';

export const DEFAULT_CORS_ORIGINS = 'http://localhost:8787,http://127.0.0.1:8787';

export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const CORS_REQUEST_HEADERS = ['Content-Type', 'Accept', 'Authorization', 'If-Match'];
export const CORS_EXPOSED_HEADERS = ['ETag', 'Retry-After', 'Location', 'Server-Timing'];

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

/**
 * The CORS middleware. `configured` is the CORS_ORIGINS value the entry read (Node); without it, the
 * Worker's env var CORS_ORIGINS; without that, the local default.
 */
export function accessCors(configured?: string): MiddlewareHandler {
  return cors({
    origin: (origin: string, c: Context) => {
      if (!origin) return null;
      const raw = configured ?? (c.env as { CORS_ORIGINS?: unknown } | undefined)?.CORS_ORIGINS;
      const list = allowlistFor(typeof raw === 'string' ? raw : undefined);
      if (list.any) return '*';
      return list.origins.has(origin) ? origin : null;
    },
    allowMethods: CORS_METHODS,
    allowHeaders: CORS_REQUEST_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 86400,
  });
}
