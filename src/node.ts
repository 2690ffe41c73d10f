/**
 * Node entry, for offices that host the service themselves: `npm run start:node -- [--port N] [--host H]`
 * (or PORT, default 8787, and HOST, default 127.0.0.1; the flags win; SOLVER_THREADS and SOLVER_QUEUE size
 * the solver pool, see src/node/solvePool.ts; DATABASE_PATH is the SQLite file, default ./data/allocator.sqlite,
 * migrated on start; RATE_LIMIT / RATE_PERIOD the requests per key and anonymous client, default 6000 per 60 s,
 * RATE_LIMIT=0 none; CORS_ORIGINS the browser origins allowed, see src/api/access/). A bad access setting exits 2. A port already taken is one line in English and Chinese, exit 1.
 *
 * What Node adds to the app: /docs/assets and the widget's bundle (/widget/*, with public/_headers' headers) from ./public, solves in a worker-thread pool (the app's
 * `runOptimization`, stopped when the client goes), an oversized body read to its end before its 413, a
 * reason for what Node's HTTP parser refuses (a URL not percent-encoded, a head over 32 KB: src/node/clientError.ts),
 * and no Content-Type on a 304.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp, MAX_BODY_BYTES } from './api/app.js';
import { createSolvePool, solvePoolOptionsFromEnv, type SolvePool, type SolvePoolOptions } from './node/solvePool.js';
import { declaredLength, discardBody } from './node/oversizedBody.js';
import { answerClientError, MAX_HEADER_BYTES, noTypeWithoutBody } from './node/clientError.js';
import { type SqliteStore, sqliteStore } from './store/sqlite.js';
import { type RateLimiter, RateLimitConfigError, rateLimitFromEnv } from './api/access/rateLimit.js';
import { corsProblem, localOrigins } from './api/access/cors.js';
import { databasePathFromEnv } from './store/databasePath.js';
import { widgetAssets } from './node/staticAssets.js';

/** How much of an oversized body is read and dropped before its 413 (see src/node/oversizedBody.ts). */
const DISCARD_LIMITS = { maxBytes: 4 * MAX_BODY_BYTES, maxMs: 30_000 };

export interface NodeServerOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly hostname?: string;
  readonly pool?: SolvePoolOptions;
  /** The SQLite file of the memory (datasets, scenarios, models, keys); default DATABASE_PATH, else ./data/allocator.sqlite. */
  readonly databasePath?: string;
  /** Requests per key and anonymous client; default from RATE_LIMIT / RATE_PERIOD (6000 per 60 s); null: no limit. */
  readonly rateLimiter?: RateLimiter | null;
  /** The CORS allowlist, as CORS_ORIGINS writes it (default: CORS_ORIGINS, else localhost and 127.0.0.1 on the port it listens on). */
  readonly corsOrigins?: string;
  /** The folder of the static files (/docs/assets, the widget's bundle and _headers); default ./public. */
  readonly publicDir?: string;
}

export interface NodeServer {
  readonly url: string;
  readonly port: number;
  readonly pool: SolvePool;
  readonly store: SqliteStore;
  /** Stops accepting connections, ends open ones and the solver threads. */
  close(): Promise<void>;
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<NodeServer> {
  const rateLimiter = options.rateLimiter === undefined ? rateLimitFromEnv(process.env) : (options.rateLimiter ?? undefined);
  const store = sqliteStore(options.databasePath ?? databasePathFromEnv(process.env));
  const pool = createSolvePool(options.pool);
  // CORS_ORIGINS unset: the local pages on the port this server listens on (known once it listens)
  let listening: number | undefined;
  const configuredCors = options.corsOrigins ?? (process.env.CORS_ORIGINS?.trim() ? process.env.CORS_ORIGINS : undefined);
  const corsOrigins = configuredCors ?? (() => localOrigins(listening ?? options.port ?? 8787));
  const app = createApp({ runOptimization: pool.run, store, rateLimiter, corsOrigins });
  // registered after the routes, it only sees what no route answered; a missing file falls through to 404
  app.use('/docs/assets/*', serveStatic({ root: options.publicDir ?? './public' }));
  // the widget's bundle, before the app as Workers static assets are, with public/_headers' headers: src/node/staticAssets.ts
  const widget = widgetAssets(options.publicDir ?? './public');

  const fetch = async (req: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const asset = await widget(req);
    if (asset) return asset;
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
    const s = serve({ fetch, port: options.port ?? 8787, hostname, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }, () => resolve(s));
    s.once('error', reject);
    // before @hono/node-server's own listener, which writes the answer
    s.prependListener('request', (_req, res) => noTypeWithoutBody(res as import('node:http').ServerResponse));
    s.on('clientError', answerClientError);
  });
  const port = (server.address() as AddressInfo).port;
  listening = port;
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    port,
    pool,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await pool.close();
      await store.close();
    },
  };
}

/** DATABASE_PATH, else ./data/allocator.sqlite (relative to where the service is started): src/store/databasePath.ts, which npm run keys reads too. */
export { databasePathFromEnv };

const USAGE = 'usage: npm run start:node -- [--port N] [--host H]   (or PORT=N HOST=H; defaults 8787, 127.0.0.1)';

/** `--port N` / `--host H` over PORT / HOST; a one-line bilingual reason for anything else. */
export function listenOptions(argv: string[], env: NodeJS.ProcessEnv): { port: number; hostname: string } | { error: string } {
  let flags: { port?: string; host?: string };
  try {
    flags = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    const what = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { error: `${what} — 参数无法识别，可用参数为 --port 与 --host` };
  }
  const raw = flags.port ?? env.PORT ?? '8787';
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    return { error: `port "${raw}" is not a port number 0–65535 — 端口 "${raw}" 不是 0–65535 之间的端口号` };
  }
  return { port: Number(raw), hostname: flags.host ?? env.HOST ?? '127.0.0.1' };
}

/** Why listening failed, in one line a person can act on (EADDRINUSE, EACCES, a host that is not here). */
function listenFailure(err: NodeJS.ErrnoException, port: number, hostname: string): string {
  const where = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  if (err.code === 'EADDRINUSE') {
    return `${where} is already in use by another program: stop it or choose another port with --port N — 端口 ${where} 已被占用：请先停止占用它的程序，或用 --port N 换一个端口`;
  }
  if (err.code === 'EACCES') {
    return `${where} may not be opened by this user (ports below 1024 need privileges): choose another with --port N — 当前用户无权使用 ${where}（1024 以下端口需要特权）：请用 --port N 换一个端口`;
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return `${hostname} is not an address of this machine: use --host 127.0.0.1 or 0.0.0.0 — ${hostname} 不是本机地址：请使用 --host 127.0.0.1 或 0.0.0.0`;
  }
  return `cannot listen on ${where}: ${err.message} — 无法在 ${where} 上监听：${err.code ?? err.message}`;
}

// Run as a program (not imported by a test): start, and stop cleanly on Ctrl-C or a service manager's TERM.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const listen = listenOptions(process.argv.slice(2), process.env);
  if ('error' in listen) {
    console.error(listen.error);
    console.error(USAGE);
    process.exit(2);
  }
  // the access settings (src/api/access/): a bad one is said in one line, exit 2, before anything starts
  const accessProblem = (() => {
    try {
      rateLimitFromEnv(process.env);
    } catch (err) {
      if (err instanceof RateLimitConfigError) return err.message;
      throw err;
    }
    return corsProblem(process.env.CORS_ORIGINS);
  })();
  if (accessProblem) {
    console.error(accessProblem);
    process.exit(2);
  }
  let server: NodeServer;
  try {
    server = await startNodeServer({ ...listen, pool: solvePoolOptionsFromEnv() });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(typeof e?.code === 'string' ? listenFailure(e, listen.port, listen.hostname) : String(err));
    process.exit(1);
  }
  console.log(
    `bridging-fund allocator on ${server.url} (docs at /docs, the widget at /demo); ${server.pool.threads} solver thread(s), up to ${server.pool.maxQueue} solves waiting`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}
