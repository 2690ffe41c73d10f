/**
 * Which methods a path answers, read from the app's own registered routes (never a hand-kept table), so a
 * wrong method on an existing path is answered 405 with `Allow` and only an unknown path 404.
 */
import { PatternRouter } from 'hono/router/pattern-router';

interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

/** Middleware is registered for ALL methods; it does not make a path exist. */
const MIDDLEWARE = 'ALL';

/**
 * A function from a path to the methods registered for it, in `Allow` order: GET (and HEAD, which Hono
 * answers from the GET route), then the others, then OPTIONS (the CORS middleware answers it everywhere).
 * Empty when no route matches the path. Built once from `routes` as they stand when first asked, and
 * rebuilt if routes were added since.
 */
export function allowedMethods(routes: readonly RegisteredRoute[]): (path: string) => string[] {
  let router: PatternRouter<string> | undefined;
  let built = -1;
  return (path) => {
    if (built !== routes.length) {
      router = new PatternRouter<string>();
      // Hono's own path matcher: every route is added for every method, carrying its method as the handler
      for (const r of routes) if (r.method !== MIDDLEWARE) router.add(MIDDLEWARE, r.path, r.method.toUpperCase());
      built = routes.length;
    }
    const methods = new Set(router!.match('GET', path)[0].map(([method]) => method));
    if (methods.size === 0) return [];
    if (methods.has('GET')) methods.add('HEAD');
    methods.delete('OPTIONS');
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
    return [...order.filter((m) => methods.has(m)), ...[...methods].filter((m) => !order.includes(m)).sort(), 'OPTIONS'];
  };
}
