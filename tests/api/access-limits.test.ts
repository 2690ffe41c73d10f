/**
 * Access limits in Node: the CORS allowlist (CORS_ORIGINS) and the rate limit per key and per anonymous
 * client (429 problem+json rate-limited with Retry-After), through the app and through the real Node
 * server (the socket's address is the anonymous bucket, whatever headers the client sends).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { corsAllowlist, corsProblem } from '../../src/api/access/cors.js';
import { memoryRateLimiter, rateLimitFromEnv, WORKERS_RATE_LIMIT } from '../../src/api/access/rateLimit.js';
import { createApp } from '../../src/api/app.js';
import { CSV_METADATA } from '../../src/schema/dataset.js';
import { type NodeServer, startNodeServer } from '../../src/node.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { expectProblem } from './request.js';

const preflight = (app: ReturnType<typeof createApp>, origin: string, method = 'DELETE', headers = 'authorization,if-match,content-type') =>
  app.request('/v1/keys/key_x', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

describe('CORS', () => {
  it('by default allows the local service pages only', async () => {
    const app = createApp();
    for (const origin of ['http://localhost:8787', 'http://127.0.0.1:8787']) {
      const res = await app.request('/health', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toContain('Origin');
    }
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'null']) {
      const res = await app.request('/health', { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('takes an allowlist; an origin not on it gets no Access-Control-Allow-Origin, on a preflight either', async () => {
    const app = createApp({ corsOrigins: ' https://planner.example.gov.cn , https://BI.example.gov.cn:443/ ' });
    const ok = await preflight(app, 'https://planner.example.gov.cn');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://planner.example.gov.cn');
    expect(ok.headers.get('access-control-allow-methods')?.split(',')).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['authorization', 'if-match', 'content-type']),
    );
    // the normalised form of an entry matches what browsers send
    const bi = await app.request('/v1/models', { headers: { origin: 'https://bi.example.gov.cn' } });
    expect(bi.headers.get('access-control-allow-origin')).toBe('https://bi.example.gov.cn');
    expect(bi.headers.get('access-control-expose-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining([
        'etag',
        'retry-after',
        'location',
        'server-timing',
        'x-references',
        'x-cache',
        'link',
        'www-authenticate',
        'content-disposition',
      ]),
    );
    // a page may send conditional requests and a CSV upload's metadata headers
    const upload = await preflight(app, 'https://planner.example.gov.cn', 'POST', 'content-type,if-none-match,dataset-title,dataset-year');
    expect(upload.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['if-none-match', ...CSV_METADATA.map((name) => `dataset-${name}`)]),
    );
    for (const origin of ['http://localhost:8787', 'https://planner.example.gov.cn.evil.example', 'http://planner.example.gov.cn']) {
      const no = await preflight(app, origin);
      expect(no.headers.get('access-control-allow-origin'), origin).toBeNull();
      const get = await app.request('/v1/models', { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it("allows the service's own origin whatever the list", async () => {
    const app = createApp({ corsOrigins: 'https://planner.example.gov.cn' });
    const own = await app.request('https://allocator.example.gov.cn/v1/models', { headers: { origin: 'https://allocator.example.gov.cn' } });
    expect(own.headers.get('access-control-allow-origin')).toBe('https://allocator.example.gov.cn');
    const other = await app.request('https://allocator.example.gov.cn/v1/models', { headers: { origin: 'https://allocator.example.gov.cn:8443' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('"*" allows every origin, when it is said', async () => {
    const app = createApp({ corsOrigins: '*' });
    const res = await preflight(app, 'https://anywhere.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('on Workers reads the env var CORS_ORIGINS', async () => {
    const app = createApp();
    const res = await app.request('/health', { headers: { origin: 'https://from-env.example' } }, { CORS_ORIGINS: 'https://from-env.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://from-env.example');
  });

  it('refuses entries that are not origins, in one line in both languages', () => {
    expect(corsAllowlist('http://a.example, https://b.example/path, b.example, ftp://c.example, *').invalid).toEqual([
      'https://b.example/path',
      'b.example',
      'ftp://c.example',
    ]);
    expect(corsProblem(undefined)).toBeUndefined();
    expect(corsProblem('*')).toBeUndefined();
    const line = corsProblem('https://ok.example,https://x.example/app');
    expect(line).toMatch(/CORS_ORIGINS .*"https:\/\/x\.example\/app".* — .*[\u4e00-\u9fff]/);
    expect(line).not.toContain('\n');
  });
});

describe('the rate limit', () => {
  function limited(limit: number, period = 60) {
    let now = 1_000_000;
    const store = sqliteStore(':memory:');
    const app = createApp({ store, rateLimiter: memoryRateLimiter({ limit, period }, () => now) });
    return { app, store, advance: (ms: number) => (now += ms) };
  }

  it('answers the request over the limit 429 problem+json rate-limited with Retry-After; the window ends, it passes again', async () => {
    const { app, advance } = limited(3);
    for (let i = 0; i < 3; i++) expect((await app.request('/v1/models')).status).toBe(200);
    advance(15_000);
    const res = await app.request('/v1/models', { headers: { origin: 'http://localhost:8787' } });
    const body = await expectProblem(res, 429);
    expect(body.code).toBe('rate-limited');
    expect(res.headers.get('retry-after')).toBe('45');
    expect(body.detail).toContain('3 requests in 60 seconds');
    expect(body.detail).toContain('45 seconds');
    // a browser page may read why and when
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    advance(44_500);
    expect((await app.request('/v1/models')).headers.get('retry-after')).toBe('1');
    advance(500);
    expect((await app.request('/v1/models')).status).toBe(200);
  });

  it('counts each key and each anonymous client apart', async () => {
    const { app, store } = limited(2);
    const a = await createKey(store, { name: 'a', workspace: 'w', scope: 'read' }, 'cli');
    const b = await createKey(store, { name: 'b', workspace: 'w', scope: 'read' }, 'cli');
    const get = (headers: Record<string, string>) => app.request('/v1/models', { headers });
    const keyA = { authorization: `Bearer ${a.secret}` };
    const keyB = { authorization: `Bearer ${b.secret}` };
    const one = { 'x-forwarded-for': '203.0.113.1' };
    const two = { 'x-forwarded-for': '203.0.113.2' };
    for (const who of [keyA, keyA, keyB, one, one, two, keyB, two]) expect((await get(who)).status).toBe(200);
    for (const who of [keyA, keyB, one, two]) expect((await get(who)).status).toBe(429);
  });

  it('counts a request with a bad key (unknown, malformed, revoked) against its address: guessing keys is a 429 after the limit', async () => {
    const { app, store } = limited(3);
    const revoked = await createKey(store, { name: 'old', workspace: 'w', scope: 'read' }, 'cli');
    await app.request('/v1/models'); // the address's own anonymous request counts in the same bucket
    const guess = () => `bfa_${crypto.randomUUID().replace(/-/g, '')}${crypto.randomUUID().replace(/-/g, '')}`;
    const bad = [{ authorization: `Bearer ${guess()}` }, { authorization: 'Basic dXNlcjpwYXNz' }];
    const statuses: number[] = [];
    for (const headers of bad) statuses.push((await app.request('/v1/models', { headers })).status);
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/v1/models', { headers: { authorization: `Bearer ${guess()}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect((await expectProblem(res, 429)).code).toBe('rate-limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429]);
    // the revoked key from the same address is throttled as well; anonymous requests from it too
    await store.db.updateTable('api_keys').set({ revoked_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', revoked.id).execute();
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${revoked.secret}` } })).status).toBe(429);
    expect((await app.request('/v1/models')).status).toBe(429);
    // another address still gets its own 401 (its bucket is not spent), and a valid key its own bucket
    const other = await app.request('/v1/models', { headers: { authorization: `Bearer ${guess()}`, 'x-forwarded-for': '203.0.113.9' } });
    expect((await expectProblem(other, 401)).code).toBe('unknown-key');
    const good = await createKey(store, { name: 'good', workspace: 'w', scope: 'read' }, 'cli');
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${good.secret}` } })).status).toBe(200);
  });

  it('limits /v1 only: /health and the document are not counted', async () => {
    const { app } = limited(1);
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/health')).status).toBe(200);
      expect((await app.request('/openapi.json')).status).toBe(200);
    }
    expect((await app.request('/v1/models')).status).toBe(200);
    expect((await app.request('/v1/models')).status).toBe(429);
  });

  it('an app made without a limiter has none (the Node unit tests send thousands of requests)', async () => {
    const app = createApp();
    for (let i = 0; i < 50; i++) expect((await app.request('/v1/models')).status).toBe(200);
  });

  it('reads RATE_LIMIT and RATE_PERIOD on Node: defaults, 0 = none, anything else refused in one bilingual line', async () => {
    const byDefault = rateLimitFromEnv({});
    expect(byDefault).toMatchObject({ limit: 6000, period: 60 });
    expect(rateLimitFromEnv({ RATE_LIMIT: '10', RATE_PERIOD: '1' })).toMatchObject({ limit: 10, period: 1 });
    expect(rateLimitFromEnv({ RATE_LIMIT: '0' })).toBeUndefined();
    for (const env of [{ RATE_LIMIT: '-1' }, { RATE_LIMIT: '1e3' }, { RATE_LIMIT: 'many' }, { RATE_PERIOD: '0' }, { RATE_PERIOD: '1.5' }]) {
      expect(() => rateLimitFromEnv(env), JSON.stringify(env)).toThrow(/^RATE_(LIMIT|PERIOD)=".*" is not a whole number .* — .*[\u4e00-\u9fff]/);
    }
  });

  it("the Workers limiter's numbers are wrangler.toml's", () => {
    const toml = readFileSync('wrangler.toml', 'utf8');
    const block = /\[\[ratelimits\]\]\s*\nname = "RATE_LIMITER"\s*\nnamespace_id = "\d+"\s*\nsimple = \{ limit = (\d+), period = (\d+) \}/.exec(toml);
    expect(block, 'wrangler.toml has the RATE_LIMITER binding').not.toBeNull();
    expect({ limit: Number(block![1]), period: Number(block![2]) }).toEqual(WORKERS_RATE_LIMIT);
  });
});

describe('the rate limit on the Node server', () => {
  let server: NodeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('counts an anonymous client by its socket: headers it sends do not make it someone else', async () => {
    server = await startNodeServer({ port: 0, pool: { threads: 1 }, databasePath: ':memory:', rateLimiter: memoryRateLimiter({ limit: 2, period: 60 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/v1/models`, { headers: { 'x-forwarded-for': `198.51.100.${i}`, 'cf-connecting-ip': `198.51.100.${i}` } });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('CORS on the Node server', () => {
  let server: NodeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('CORS_ORIGINS unset: the local pages on the port it listens on are allowed, 8787 is not when it listens elsewhere', async () => {
    const saved = process.env.CORS_ORIGINS;
    delete process.env.CORS_ORIGINS;
    try {
      server = await startNodeServer({ port: 0, pool: { threads: 1 }, databasePath: ':memory:', rateLimiter: null });
    } finally {
      if (saved !== undefined) process.env.CORS_ORIGINS = saved;
    }
    expect(server.port).not.toBe(8787);
    const acao = async (origin: string) => {
      const res = await fetch(`${server!.url}/v1/models`, { headers: { origin } });
      await res.arrayBuffer();
      return res.headers.get('access-control-allow-origin');
    };
    for (const origin of [`http://localhost:${server.port}`, `http://127.0.0.1:${server.port}`]) expect(await acao(origin), origin).toBe(origin);
    for (const origin of ['http://localhost:8787', 'https://evil.example']) expect(await acao(origin), origin).toBeNull();
  });
});

describe('the Node entry with a bad access setting', () => {
  it.each([
    [{ CORS_ORIGINS: 'https://ok.example,planner.example.gov.cn' }, /^CORS_ORIGINS holds "planner\.example\.gov\.cn", which is not an origin/],
    [{ RATE_LIMIT: 'lots' }, /^RATE_LIMIT="lots" is not a whole number/],
    [{ RATE_PERIOD: '0' }, /^RATE_PERIOD="0" is not a whole number of at least 1/],
  ])(
    '%j: one line in English and Chinese, exit 2, nothing started',
    (env, text) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: ':memory:', ...env },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(text);
      expect(lines[0]).toMatch(/ — .*[\u4e00-\u9fff]/);
    },
    150_000,
  );
});
