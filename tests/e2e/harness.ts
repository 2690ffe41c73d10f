/**
 * What the end-to-end tests share: `wrangler dev` (the edge build: the same Worker, static assets and D1 as a
 * deploy) on free ports, each server with its own local D1 state in a temporary folder, migrated before it
 * starts (so the shipped sample dataset is there), and API keys made in that state; bounded waits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migratedD1Files } from '../../src/keys.js';
import { createKey } from '../../src/store/keys.js';
import type { Scope } from '../../src/store/schema.js';
import { sqliteStore } from '../../src/store/sqlite.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI set (and not "false"/"0"): a missing browser or spreadsheet is a failure there, a skip elsewhere. */
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
/** Debian's Chromium, headless, with nothing of its own that would phone home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** The hosts a page may ask: this machine only. */
export const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
/** wrangler offline and quiet: no telemetry, no Cloudflare lookups, no colours in the logs we keep. */
const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0' };

/** `n` distinct ports nobody listens on right now (the OS picks them; all held open until each is known). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (typeof address === 'object' && address) resolve(address.port);
            else reject(new Error('no port'));
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after `ms` with a message, so no step can hang the suite. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A fresh local D1 state in `dir` with migrations/ applied, as `npm run migrate:local` does for the default
 * state (stdin from /dev/null: wrangler asks nothing). About 6 s here.
 */
export async function migrateLocalD1(dir: string, ms = 120_000): Promise<void> {
  await runToEnd(
    [WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    `wrangler d1 migrations apply --persist-to ${dir}`,
    ms,
    WRANGLER_ENV,
  );
}

/**
 * Runs `node <args>` from the root to its end within `ms` (killed past it); resolves to the tail of its output,
 * rejects with that tail when it exits other than 0. `what` names it in the errors.
 */
async function runToEnd(args: string[], what: string, ms: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const code = await within(ms, what, exited).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${output}`);
  return output;
}

/** The SQLite file of the DB binding inside a `--persist-to` folder (the one holding api_keys). */
export function d1File(persistDir: string): string {
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const migrated = migratedD1Files(dir);
  if (migrated.length !== 1) throw new Error(`expected one migrated D1 file in ${dir}, found ${migrated.length}`);
  return join(dir, migrated[0]);
}

/**
 * `wrangler dev` in its own process group, started from wrangler's own bin (not npx), so that the group's
 * id is known: stopping it signals the group, which holds wrangler's node processes and workerd.
 * Its D1 lives in its own temporary folder (`--persist-to`), migrated first and removed by stop(): tests never
 * share or touch the developer's .wrangler/state.
 *
 *   const server = await WranglerDev.start();        // free ports, migrated state, /health answered
 *   const key = await server.createKey('read');       // the secret, for Authorization: Bearer or ?key=
 *   …; await server.stop();
 */
export class WranglerDev {
  readonly origin: string;
  /** The `--persist-to` folder of this server's local D1. */
  readonly persistDir: string;
  private readonly child: ChildProcess;
  private output = '';
  private exited: Promise<number | null>;

  /**
   * Starts on `port` with the (migrated) state in `persistDir`; WranglerDev.start() makes both and waits for /health.
   * `vars` are the Worker's variables for this run (wrangler's --var NAME:VALUE, over wrangler.toml's [vars]).
   */
  constructor(port: number, inspectorPort: number, persistDir: string, vars: Readonly<Record<string, string>> = {}) {
    this.origin = `http://127.0.0.1:${port}`;
    this.persistDir = persistDir;
    this.child = spawn(
      process.execPath,
      [
        WRANGLER,
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(inspectorPort),
        '--persist-to',
        this.persistDir,
        '--show-interactive-dev-session=false',
        '--log-level',
        'warn',
        ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      ],
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: WRANGLER_ENV },
    );
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-8000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    // If the test process dies before afterAll, take the server down with it.
    process.once('exit', this.killNow);
  }

  /** A server on free ports with its own migrated D1, answering /health (within `readyMs`). */
  static async start(readyMs = 90_000, vars: Readonly<Record<string, string>> = {}): Promise<WranglerDev> {
    const persistDir = mkdtempSync(join(tmpdir(), 'e2e-d1-'));
    await migrateLocalD1(persistDir);
    const [port, inspectorPort] = await freePorts(2);
    const server = new WranglerDev(port, inspectorPort, persistDir, vars);
    try {
      await server.ready(readyMs);
    } catch (err) {
      await server.stop().catch(() => undefined);
      throw err;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.output;
  }

  /**
   * An API key in this server's D1 (written to its SQLite file by the store's own createKey, the same hash and
   * audit row as `npm run keys -- create`); resolves to the secret. Usable at once: D1 reads the file per query.
   */
  async createKey(scope: Scope, name = `e2e ${scope}`, workspace = 'default'): Promise<string> {
    const store = sqliteStore(d1File(this.persistDir));
    try {
      return (await createKey(store, { name, scope, workspace }, 'cli')).secret;
    } finally {
      await store.close();
    }
  }

  /** Polls /health until it answers 200; fails early if wrangler exits. */
  async ready(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`wrangler dev exited (code ${exitCode}) before serving:\n${this.output}`);
      try {
        const res = await fetch(this.origin + '/health', { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`wrangler dev did not answer /health within ${ms / 1000} s:\n${this.output}`);
  }

  private readonly killNow = () => {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  /**
   * SIGTERM to the group, SIGKILL after a grace period; resolves once no process of the group is left and
   * nothing answers on the port any more; then removes the state folder.
   */
  async stop(): Promise<void> {
    process.removeListener('exit', this.killNow);
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-this.pid, sig);
      } catch {
        // the group is gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 15_000;
    while (groupAlive(this.pid) && Date.now() < deadline) {
      if (Date.now() > deadline - 10_000) signal('SIGKILL');
      await sleep(100);
    }
    if (groupAlive(this.pid)) throw new Error(`wrangler dev process group ${this.pid} still alive after SIGKILL`);
    const still = await fetch(this.origin + '/health', { signal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    );
    if (still) throw new Error(`${this.origin} still answers after wrangler dev was stopped`);
    rmSync(this.persistDir, { recursive: true, force: true });
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The service's version (package.json's, which src/version.ts repeats): the widget's versioned path. */
export function serviceVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The newest modification time of the files under `dir` (recursively), 0 for none. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/**
 * The widget bundle `public/widget/<version>/fund-allocator.js` (and its latest copy) as `npm ci`'s postinstall
 * builds it with scripts/build-widget.mjs: built again when missing or older than a file under src/ (the
 * element and the engine it bundles) or than the build script itself, so a test never runs a stale widget.
 * Resolves to the bundle's path; rejects with the build's output when it fails.
 */
export async function ensureWidgetBundle(ms = 120_000): Promise<string> {
  const bundle = join(ROOT, 'public', 'widget', serviceVersion(), 'fund-allocator.js');
  const script = join(ROOT, 'scripts', 'build-widget.mjs');
  if (!existsSync(script)) throw new Error(`${script} is missing: nothing builds the widget bundle`);
  const sources = Math.max(newestMtime(join(ROOT, 'src')), statSync(script).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return bundle;
  const output = await runToEnd([script], 'node scripts/build-widget.mjs', ms);
  if (!existsSync(bundle)) throw new Error(`node scripts/build-widget.mjs succeeded but ${bundle} is not there:\n${output}`);
  return bundle;
}
