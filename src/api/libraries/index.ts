/**
 * The project library's routes (issue 15) as one resource: the calculations on projects first — their paths
 * (/v1/libraries/entry-review, /v1/libraries/matching …) must be matched before /v1/libraries/{id} — then the
 * library resource itself.
 *
 * A calculation's own path asked with another method (GET /v1/libraries/matching, PUT …/entry-review) is a 405
 * naming the methods it answers, as every other path is, not a library called "matching" (404) or a write
 * that needs a key (401): no library id is ever one of those names (ids are lib_…).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { message } from '../../messages/index.js';
import { problem } from '../problem.js';
import { libraryCheckRoutes } from './checks.js';
import { matchingRoutes } from './matching.js';
import { libraryRoutes } from './route.js';

export function libraryResource(sub: OpenAPIHono): void {
  libraryCheckRoutes(sub);
  matchingRoutes(sub);
  // the calculations' paths, and the methods each answers, as registered above
  const own = new Map<string, Set<string>>();
  for (const d of sub.openAPIRegistry.definitions) {
    if (d.type !== 'route' || !/^\/v1\/libraries\/[^/{}]+$/.test(d.route.path)) continue;
    const methods = own.get(d.route.path) ?? new Set<string>();
    methods.add(d.route.method.toUpperCase());
    own.set(d.route.path, methods);
  }
  sub.use('/v1/libraries/:name', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const methods = own.get(path);
    const method = c.req.method.toUpperCase();
    if (!methods || methods.has(method) || method === 'OPTIONS' || (method === 'HEAD' && methods.has('GET'))) return next();
    const allowed = [...methods];
    c.header('allow', [...allowed, 'OPTIONS'].join(', '));
    return problem(c, 'method-not-allowed', message('method-not-allowed', { method, path, allowed }));
  });
  libraryRoutes(sub);
}
