/**
 * How the OpenAPI document declares API keys: one HTTP bearer scheme, `bearerAuth`, registered on the
 * document by src/api/meta/route.ts, so /docs has an "Authorize" button and "Try it out" sends the key.
 * Routes that need a key say `security: KEY_REQUIRED`; the document's default (`KEY_OPTIONAL`) lets every
 * other route be called with or without one.
 */
import { z } from '@hono/zod-openapi';
import { message } from '../../messages/index.js';
import { Problem } from '../../schema/common.js';
import { problemBody, problemResponses } from '../problem.js';

export const BEARER_SCHEME = 'bearerAuth';

export const BEARER_SECURITY_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'bfa_…',
  description:
    'An API key, sent as `Authorization: Bearer bfa_…`. Made once, shown once: by an admin with POST /v1/keys, or on the server with `npm run keys -- create --name … --scope read|write|admin`. Scopes nest: read < write < admin. Without a key: stateless calculations and public datasets, scenarios and models only. 需要写入或访问私有资源时，请以 Bearer 方式发送 API 密钥。',
};

/** A route that needs a key. */
export const KEY_REQUIRED: Record<string, string[]>[] = [{ [BEARER_SCHEME]: [] }];

/** A route open to anyone that also reads a key when one is sent (private resources, the rate limit's bucket). */
export const KEY_OPTIONAL: Record<string, string[]>[] = [{}, { [BEARER_SCHEME]: [] }];

/**
 * What the access layer and the body guard do on every route, written into each route's OpenAPI entry once
 * the routes are registered (src/api/app.ts), so no route can forget it:
 * - every /v1 route may answer 429 rate-limited (src/api/access/rateLimit.ts);
 * - the memory's writes (datasets, scenarios, saved models, keys: POST, PUT, PATCH, DELETE) need a key;
 * - a 201 names what it made in Location, and a revisioned one (dataset, scenario, saved model) its ETag;
 * - a route with a body answers 415 for a media type it does not take, naming the ones it does.
 * What a route says itself is kept; only what is missing is added.
 */
export function documentAccess(definitions: readonly unknown[]): void {
  for (const d of definitions as { type?: string; route?: RouteEntry }[]) {
    if (d.type !== 'route' || !d.route || !d.route.path.startsWith('/v1/')) continue;
    const route = d.route;
    const responses = (route.responses ??= {});
    if (!responses[429]) responses[429] = problemResponses({ 'too-many-requests': RATE_LIMITED }, Problem)[429];
    const write = WRITE_METHODS.has(route.method) && MEMORY_WRITE.test(route.path);
    if (write && !route.security) route.security = KEY_REQUIRED;
    const created = responses[201];
    if (created) {
      const headers: Record<string, unknown> = isZodObject(created.headers) ? {} : { ...(created.headers ?? {}) };
      const has = (name: string) =>
        Object.keys(headers).some((k) => k.toLowerCase() === name) || (isZodObject(created.headers) && name in created.headers.shape);
      if (!has('location')) headers.Location = { description: 'Where the new resource is read: its address.', schema: { type: 'string' } };
      if (REVISIONED.test(route.path) && !has('etag'))
        headers.ETag = { description: 'Its first revision (version), quoted: "1". Send it back in If-Match to change it.', schema: { type: 'string' } };
      if (!isZodObject(created.headers)) created.headers = headers;
      else if (Object.keys(headers).length > 0) created.headers = (created.headers as z.ZodObject).extend(asZodHeaders(headers));
    }
    const types = Object.keys(route.request?.body?.content ?? {});
    if (types.length > 0) {
      const tables = types.includes('text/csv') || types.includes('text/tab-separated-values');
      const entry = problemResponses({ 'unsupported-media-type': `A body not sent as ${types.join(', ')}.` }, Problem)[415];
      if (tables) {
        // the example says what this route takes, not the JSON-only routes' wording
        const media = entry.content['application/problem+json'];
        media.example = problemBody('unsupported-media-type', message('dataset-media-type', { got: 'text/plain' }));
      }
      if (!responses[415]) responses[415] = entry;
      else if (tables) responses[415] = { ...entry, description: responses[415].description };
    }
  }
}

const RATE_LIMITED = 'Over the rate limit of this key or address (rate-limited, with Retry-After); a request with a bad key counts against its address.';
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
/** The memory's resources, whose writes need a key (calculations are POSTs too, and need none). */
const MEMORY_WRITE = /^\/v1\/(datasets|scenarios|keys|models\/\{kind\})(\/|$)/;
/** Resources with revisions (versions): their 201 carries the first one's ETag. */
const REVISIONED = /^\/v1\/(datasets|scenarios|models\/\{kind\})$/;

interface ResponseEntry {
  description: string;
  headers?: Record<string, unknown> | z.ZodObject;
  content?: Record<string, { schema?: unknown; example?: unknown }>;
}

interface RouteEntry {
  method: string;
  path: string;
  security?: unknown;
  request?: { body?: { content?: Record<string, unknown> } };
  responses?: Record<number | string, ResponseEntry>;
}

const isZodObject = (h: unknown): h is z.ZodObject => typeof h === 'object' && h !== null && 'shape' in h && '_def' in h;

const asZodHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), z.string().openapi({ description: (v as { description: string }).description })]),
  );
