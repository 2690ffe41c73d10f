/**
 * The app factory: web-standard Request/Response only, so the same app runs in workerd (src/worker.ts),
 * in Node (src/node.ts) and in tests through app.request.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { EngineError } from '../core/errors.js';
import { bodyGuard } from './bodyGuard.js';
import { message } from '../messages/index.js';
import { invalid, MALFORMED_JSON, problem, UNSUPPORTED_MEDIA_TYPE } from './problem.js';
import { resourceApp } from './common.js';
import { allocationRoutes } from './allocations/route.js';
import { metaRoutes } from './meta/route.js';
import { modelRoutes } from './models/route.js';
import { optimizationRoutes, type OptimizationRunner } from './optimizations/route.js';
import { allowedMethods } from './methods.js';
import { rankingRoutes } from './rankings/route.js';
import { monitoringRoutes } from './monitoring/route.js';
import { checkRoutes } from './checks/route.js';
import { evaluationRoutes } from './evaluations/route.js';
import { memory, type StoreSource } from './access/principal.js';
import { datasetRoutes } from './datasets/route.js';
import { libraryResource } from './libraries/index.js';
import { savedModels } from './models/saved.js';
import { savedModelRoutes } from './models/savedRoute.js';
import { references } from './references/middleware.js';
import { scenarioRoutes } from './scenarios/route.js';
import { internalFetcher } from './scenarios/result.js';
import { accessCors } from './access/cors.js';
import { documentAccess } from './access/openapi.js';
import { rateLimit, type RateLimiterSource } from './access/rateLimit.js';
import { keyRoutes } from './keys/route.js';
import { tokenRoutes } from './tokens/route.js';
import { auditRoutes } from './audit/route.js';
import { FORM_ROUTES, sheetsDoor } from './sheets/door.js';
import { documentForms } from './sheets/openapi.js';
import { pageRoutes } from './pages/route.js';

/** About 5 MB: ~10,000 regions with a dozen indicators fit; anything larger is not a scenario. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What an entry may replace: the Node entry runs solves in a worker-thread pool; Workers and tests keep the default. */
export interface AppOptions {
  /** Runs POST /v1/optimizations' solve; the default runs it in this isolate. */
  readonly runOptimization?: OptimizationRunner;
  /** The memory (datasets, scenarios, models, keys): a SQLite store on Node; on Workers, the D1 binding DB by default. */
  readonly store?: StoreSource;
  /** Counts requests per key and anonymous client (src/api/access/rateLimit.ts): Node's in-memory window; on Workers the binding RATE_LIMITER by default; none in tests that give none. */
  readonly rateLimiter?: RateLimiterSource;
  /** CORS_ORIGINS as the entry read it (Node: process.env, else the local pages on its port, a function until it listens); on Workers the env var CORS_ORIGINS (src/api/access/cors.ts). */
  readonly corsOrigins?: string | (() => string | undefined);
}

export function createApp(options: AppOptions = {}): OpenAPIHono {
  const app = resourceApp();

  // an allowlist of origins from CORS_ORIGINS: src/api/access/cors.ts
  app.use('*', accessCors(options.corsOrigins));
  // what a spreadsheet sends (GET forms of the calculations, text/plain JSON, table bodies, ?errors=text),
  // turned into the request the routes take and run through the app: src/api/sheets/door.ts
  const remember = memory(options.store, options.rateLimiter);
  const limit = rateLimit(options.rateLimiter);
  const fetcher = internalFetcher(app);
  app.use('/v1/*', sheetsDoor({ fetcher, memory: remember, rateLimit: limit, definitions: () => app.openAPIRegistry.definitions, maxBytes: MAX_BODY_BYTES }));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problem(c, 'body-too-large', message('body-too-large', { megabytes: MAX_BODY_BYTES / 1024 / 1024 })),
    }),
  );
  // parse each JSON body once and refuse too-deep nesting, "__proto__" keys and inexact numbers
  app.use('/v1/*', bodyGuard());
  // the store and the caller (anonymous, or a valid API key) on the context; a bad key is a 401, counted
  // against its address's rate limit (429 once spent): src/api/access/principal.ts
  app.use('/v1/*', remember);
  // per key, else per anonymous client: 429 with Retry-After (src/api/access/rateLimit.ts)
  app.use('/v1/*', limit);
  // a saved model's id in a calculation request becomes the saved model inline: src/api/models/saved.ts
  app.use('/v1/*', savedModels());

  // references instead of inline rows ({"dataset": id, "revision": n}, "lastYear": {"scenario": id}) become the rows: src/api/references/
  app.use('/v1/*', references(fetcher));

  // one sub-app per resource (src/api/<resource>/route.ts), each with the shared validation hook
  const resources: ((sub: OpenAPIHono) => void)[] = [
    modelRoutes,
    savedModelRoutes,
    allocationRoutes,
    (sub) => optimizationRoutes(sub, options.runOptimization),
    rankingRoutes,
    monitoringRoutes,
    checkRoutes,
    evaluationRoutes,
    datasetRoutes,
    libraryResource,
    (sub) => scenarioRoutes(sub, fetcher),
    keyRoutes,
    tokenRoutes,
    auditRoutes,
  ];
  for (const add of resources) {
    const sub = resourceApp();
    add(sub);
    app.route('/', sub);
  }
  // pages for people, outside /v1 and the API document: /demo and /embed (the widget), src/api/pages/
  app.route('/', pageRoutes());
  // the GET forms of the calculation routes, documented beside their POSTs: src/api/sheets/openapi.ts
  documentForms(app.openAPIRegistry);
  // what the access layer does on every route (429, keys for writes, Location/ETag of a 201, 415): src/api/access/openapi.ts
  documentAccess(app.openAPIRegistry.definitions);
  // on the root app: /openapi.json documents every resource's routes, merged above
  metaRoutes(app);

  // an existing path asked with the wrong method is a 405 naming the right ones; only an unknown path is a 404
  const methodsOf = allowedMethods([...app.routes, ...FORM_ROUTES]);
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const allow = methodsOf(path);
    if (allow.length > 0) {
      c.header('allow', allow.join(', '));
      const use = allow.filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
      return problem(c, 'method-not-allowed', message('method-not-allowed', { method: c.req.method, path, allowed: use }));
    }
    return problem(c, 'not-found', message('not-found', { method: c.req.method, path }));
  });

  app.onError((err, c) => {
    if (err instanceof EngineError) return invalid(c, err.issues);
    if (err instanceof HTTPException) {
      if (err.status === 415) return problem(c, 'unsupported-media-type', UNSUPPORTED_MEDIA_TYPE);
      if (err.status === 413) {
        return problem(c, 'body-too-large', message('body-too-large', {}));
      }
      if (err.status === 400) return problem(c, 'malformed-json', MALFORMED_JSON);
    }
    console.error('internal error', err);
    return problem(c, 'internal-error', message('internal-error'));
  });

  return app;
}
