/** Pieces every POST route shares: its answer's content types and the problems it may answer. */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { Issue } from '../core/errors.js';
import { fromZod, invalid, problemResponses } from './problem.js';
import { Problem } from '../schema/common.js';

/** The JSON answer, or one of its tables for a spreadsheet (CSV, TSV, XML, XLSX), or one cell (format=value). */
export function tableContent(json: z.ZodType) {
  const text = { schema: { type: 'string' as const } };
  return {
    'application/json': { schema: json },
    'text/csv': text,
    'text/tab-separated-values': text,
    'application/xml': text,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string' as const, format: 'binary' } },
    // format=value: one cell, bare
    'text/plain': text,
  };
}

/** What a POST with a JSON body can answer besides 200. */
export function postProblems(invalid: string) {
  return problemResponses(
    {
      'malformed-json': 'Malformed JSON.',
      'body-too-large': 'Body larger than 5 MB.',
      'unsupported-media-type': 'Body not sent as application/json.',
      'invalid-request': invalid,
    },
    Problem,
  );
}

/**
 * A check a route runs on a body that failed its schema, over the parts that passed (the named model with its
 * overrides, while `total` was bad): its issues join the schema's, so independent mistakes come in one 422.
 * `failed` are the schema's issues; use partsValid(failed, …) to see whether the parts the check reads passed.
 */
export type AlsoCheck = (body: unknown, failed: readonly Issue[]) => readonly Issue[];

const ALSO_CHECKS = new WeakMap<OpenAPIHono, Map<string, AlsoCheck>>();

/** Registers `check` for the body of `method path` on a resource app made by resourceApp(). */
export function alsoCheck(app: OpenAPIHono, method: string, path: string, check: AlsoCheck): void {
  const checks = ALSO_CHECKS.get(app);
  if (!checks) throw new Error('alsoCheck: the app was not made by resourceApp()');
  checks.set(`${method.toUpperCase()} ${path}`, check);
}

/** Do the parts (JSON pointers: '/model', '/overrides') hold none of the issues? */
export function partsValid(failed: readonly Issue[], ...parts: string[]): boolean {
  return !failed.some((i) => i.path === '' || i.path === '/' || parts.some((p) => i.path === p || i.path.startsWith(p + '/')));
}

/** OpenAPI's "/v1/models/{kind}" as Hono writes it, "/v1/models/:kind". */
const honoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

/**
 * The body's own issues, for a request whose query failed: the query is validated first, and the body would
 * otherwise be read only in a second round. Only a JSON body the route takes is read (the body guard has
 * parsed it once already); a body that is not JSON is left to the route's own answer (400, 415).
 */
async function bodyIssues(app: OpenAPIHono, c: Context): Promise<Issue[]> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.-]+\+)?json$/i.test(type.split(';')[0].trim())) return [];
  const path = routePath(c);
  const method = c.req.method.toLowerCase();
  const route = app.openAPIRegistry.definitions.find((d) => d.type === 'route' && d.route.method === method && honoPath(d.route.path) === path);
  if (route?.type !== 'route') return [];
  const media = route.route.request?.body?.content?.['application/json'] as { schema?: unknown } | undefined;
  const schema = media?.schema;
  if (!schema || typeof schema !== 'object' || !('safeParse' in schema)) return [];
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return [];
  }
  const parsed = (schema as z.ZodType).safeParse(body);
  if (parsed.success) return [];
  const issues = fromZod(parsed.error.issues);
  const check = ALSO_CHECKS.get(app)?.get(`${c.req.method} ${path}`);
  return check ? [...issues, ...check(body, issues)] : issues;
}

/**
 * A resource's Hono app (and the root app): a request that fails its schema is a 422 listing every issue,
 * query parameters named "?name", body fields by their JSON pointer. Every independent issue comes at once:
 * a bad query also reports the body's issues, and a bad body also the route's checks of the parts that
 * passed (alsoCheck).
 */
export function resourceApp(): OpenAPIHono {
  const app: OpenAPIHono = new OpenAPIHono({
    defaultHook: async (result, c) => {
      if (result.success) return;
      const issues = fromZod(result.error.issues);
      if (result.target === 'query') {
        return invalid(c, [...issues.map((i) => ({ ...i, path: '?' + i.path.slice(1) })), ...(await bodyIssues(app, c))]);
      }
      if (result.target === 'json') {
        const check = ALSO_CHECKS.get(app)?.get(`${c.req.method} ${routePath(c)}`);
        if (check) return invalid(c, [...issues, ...check((result as { data?: unknown }).data, issues)]);
      }
      return invalid(c, issues);
    },
  });
  ALSO_CHECKS.set(app, new Map());
  return app;
}
