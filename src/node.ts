/**
 * Node entry, for offices that host the service themselves: `npm run start:node` (PORT, default 8787; HOST,
 * default 127.0.0.1; SOLVER_THREADS and SOLVER_QUEUE size the solver pool, see src/node/solvePool.ts).
 *
 * What Node adds to the app: /docs/assets from ./public, solves in a worker-thread pool (the app's
 * `runOptimization`, stopped when the client goes), and an oversized body read to its end before its 413.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp, MAX_BODY_BYTES } from './api/app.js';
import { createSolvePool, solvePoolOptionsFromEnv, type SolvePool, type SolvePoolOptions } from './node/solvePool.js';
import { declaredLength, discardBody } from './node/oversizedBody.js';

/** How much of an oversized body is read and dropped before its 413 (see src/node/oversizedBody.ts). */
const DISCARD_LIMITS = { maxBytes: 4 * MAX_BODY_BYTES, maxMs: 30_000 };

export interface NodeServerOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly hostname?: string;
  readonly pool?: SolvePoolOptions;
}

export interface NodeServer {
  readonly url: string;
  readonly port: number;
  readonly pool: SolvePool;
  /** Stops accepting connections, ends open ones and the solver threads. */
  close(): Promise<void>;
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<NodeServer> {
  const pool = createSolvePool(options.pool);
  const app = createApp({ runOptimization: pool.run });
  // registered after the routes, it only sees what no route answered; a missing file falls through to 404
  app.use('/docs/assets/*', serveStatic({ root: './public' }));

  const fetch = async (req: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const declared = declaredLength(req.headers);
    if (declared === undefined || declared <= MAX_BODY_BYTES) return app.fetch(req, env);
    await discardBody(env.incoming, DISCARD_LIMITS);
    const res = await app.fetch(req, env); // the 413 (or 404/405): the body is never read
    const closing = new Response(res.body, res);
    closing.headers.set('connection', 'close');
    return closing;
  };

  const hostname = options.hostname ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch, port: options.port ?? 8787, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    port,
    pool,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await pool.close();
    },
  };
}

// Run as a program (not imported by a test): start, and stop cleanly on Ctrl-C or a service manager's TERM.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startNodeServer({
    port: Number(process.env.PORT ?? 8787),
    hostname: process.env.HOST ?? '127.0.0.1',
    pool: solvePoolOptionsFromEnv(),
  });
  console.log(
    `bridging-fund allocator on ${server.url} (docs at /docs); ${server.pool.threads} solver thread(s), up to ${server.pool.maxQueue} solves waiting`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}
