/**
 * The Worker inside workerd (vitest.workers.config.ts: the pool builds it from wrangler.toml, as deploy does).
 * Requests go to the real entry, src/worker.ts, through `exports.default.fetch` — the app's fetch handler
 * with the runtime's own Request/Response, not app.request in Node.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';

const ORIGIN = 'http://allocator.test';

function get(path: string): Promise<Response> {
  return exports.default.fetch(ORIGIN + path);
}

function post(path: string, body: string, contentType = 'application/json'): Promise<Response> {
  return exports.default.fetch(ORIGIN + path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

/** The AllocationRequest example in src/schema/allocation.ts: model sichuan-2024, 1000.00 万元, three counties. */
const EXAMPLE = { model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01', regions: EXAMPLE_REGIONS };

/** "490.80" → 49080n: amounts compared as whole cents (granules of 0.01), never as binary floats. */
function cents(amount: string): bigint {
  const m = /^(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`not an amount with two decimals: ${JSON.stringify(amount)}`);
  return BigInt(m[1]) * 100n + BigInt(m[2]);
}

interface Row {
  id: string;
  name?: string;
  amount: string;
  trace?: { reason?: { en: string; zh: string }; steps?: unknown[] };
}
interface Allocation {
  unit: string;
  summary: { total: string; sum: string; balanced: boolean; regions: number };
  rows: Row[];
  trace?: { formula?: { en: string; zh: string }; parameters?: unknown[] };
  provenance: { service: string; model: { id: string; hash: string }; request: string };
}
interface ProblemJson {
  type: string;
  status: number;
  detail: string;
  detail_zh: string;
  errors?: { pointer: string; detail: string; detail_zh: string }[];
}

describe('Worker in workerd', () => {
  it('GET /health answers ok', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { status: string; version: string; models: number };
    expect(body.status).toBe('ok');
    expect(body.models).toBeGreaterThanOrEqual(1);
  });

  it('GET /v1/models lists every kind of bundled model; the dated Sichuan file gives its 2023 and 2024 editions', async () => {
    const res = await get('/v1/models');
    expect(res.status).toBe(200);
    const { models } = (await res.json()) as { models: { kind: string; id: string; file: string }[] };
    expect([...new Set(models.map((m) => m.kind))]).toEqual(['allocation', 'evaluation', 'monitoring', 'points', 'industry-share', 'projects']);
    expect(models.filter((m) => m.file === 'models/allocation/sichuan.json').map((m) => m.id)).toEqual(['sichuan-2023', 'sichuan-2024']);
    const one = await get('/v1/models/allocation/sichuan-2023');
    const model = (await one.json()) as { factors: { weight: string }[] };
    expect(model.factors.map((f) => f.weight)).toEqual(['0.30', '0.30', '0.30', '0.10']);
    const floors = (await (await get('/v1/models/industry-share/sichuan')).json()) as { central: { start: string } };
    expect(floors.central.start).toBe('0.6');
    const missing = await get('/v1/models/points/atlantis');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ProblemJson).detail).toContain('GET /v1/models?kind=points');
  });

  it('POST /v1/allocations splits the total so the amounts add up to the cent', async () => {
    const res = await post('/v1/allocations', JSON.stringify(EXAMPLE));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Allocation;
    expect(body.unit).toBe('wan');
    expect(body.rows.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    for (const row of body.rows) {
      expect(row.amount).toMatch(/^\d+\.\d{2}$/);
      expect(cents(row.amount)).toBeGreaterThan(0n);
    }
    const sum = body.rows.reduce((acc, r) => acc + cents(r.amount), 0n);
    expect(sum).toBe(cents(EXAMPLE.total));
    expect(cents(body.summary.total)).toBe(cents(EXAMPLE.total));
    expect(body.summary).toMatchObject({ balanced: true, regions: 3 });
    expect(cents(body.summary.sum)).toBe(cents(EXAMPLE.total));
    // Web Crypto's SHA-256 in workerd: the provenance hashes the model and the request
    expect(body.provenance.model).toMatchObject({ id: 'sichuan-2024', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(body.provenance.request).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Tracing is opt-in: none without ?explain.
    expect(body.trace).toBeUndefined();
    expect(body.rows.every((r) => r.trace === undefined)).toBe(true);
  });

  it('?explain=true adds the trace, with the same amounts', async () => {
    const plain = (await (await post('/v1/allocations', JSON.stringify(EXAMPLE))).json()) as Allocation;
    const res = await post('/v1/allocations?explain=true', JSON.stringify(EXAMPLE));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Allocation;
    expect(body.trace).toBeDefined();
    expect(body.trace!.formula).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(body.trace!.parameters!.length).toBeGreaterThan(0);
    for (const row of body.rows) {
      expect(row.trace?.steps?.length).toBeGreaterThan(0);
      expect(row.trace?.reason?.en).toContain(`gets ${row.amount} 万元`);
      expect(row.trace?.reason?.zh).toContain(`分得 ${row.amount} 万元`);
    }
    expect(body.rows.map((r) => r.amount)).toEqual(plain.rows.map((r) => r.amount));
  });

  it('?format=csv is UTF-8 CSV with a BOM, Chinese names and amounts that add up', async () => {
    const res = await post('/v1/allocations?format=csv', JSON.stringify(EXAMPLE));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // Check the BOM on the raw bytes: TextDecoder (and so res.text()) would silently strip it.
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['id', 'name', 'amount (wan)']);
    expect(lines.at(-1)!.startsWith('total · 合计,,1000.00,1.000000000000,100.00%,')).toBe(true);
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows.map((r) => r[1])).toEqual(['甲县', '乙县', '丙县']);
    expect(rows.reduce((acc, r) => acc + cents(r[2]), 0n)).toBe(cents(EXAMPLE.total));
  });

  it('a malformed JSON body is a 400 problem+json', async () => {
    const res = await post('/v1/allocations', '{"model": "sichuan-2024", "total": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as ProblemJson;
    expect(body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
    expect(body.detail).toEqual(expect.any(String));
    expect(body.detail_zh).toEqual(expect.any(String));
  });

  it('an unknown model is a 422 pointing at /model', async () => {
    const res = await post('/v1/allocations', JSON.stringify({ ...EXAMPLE, model: 'atlantis-2099' }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as ProblemJson;
    expect(body.status).toBe(422);
    expect(body.errors?.[0].pointer).toBe('/model');
    expect(body.errors?.[0].detail).toContain('atlantis-2099');
    expect(body.errors?.[0].detail_zh).toContain('atlantis-2099');
  });

  it('an unknown path is a 404 problem+json', async () => {
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as ProblemJson;
    expect(body).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect(body.detail_zh).toContain('/v1/nothing-here');
  });

  it.each([
    ['PUT', '/v1/allocations', 'GET, HEAD, POST, OPTIONS'],
    ['DELETE', '/health', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/v1/models/allocation/sichuan-2024', 'GET, HEAD, PUT, DELETE, OPTIONS'],
  ])('%s %s is a 405 problem+json with Allow: %s', async (method, path, allow) => {
    const res = await exports.default.fetch(ORIGIN + path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as ProblemJson;
    expect(body).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
    expect(body.detail).toContain(method);
    expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a CORS preflight on a POST route is still answered', async () => {
    const res = await exports.default.fetch(ORIGIN + '/v1/allocations', {
      method: 'OPTIONS',
      headers: { origin: 'https://office.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('GET /openapi.json is an OpenAPI 3.1 document with /v1/allocations', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.paths['/v1/allocations']).toBeDefined();
    expect(doc.paths['/v1/allocations'].post).toBeDefined();
  });

  it('GET /docs is the self-hosted reference page (no CDN)', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect(html).toContain('/openapi.json');
    // Every script and stylesheet is the service's own: no absolute URL to another host.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => /^(?:[a-z]+:)?\/\//i.test(r))).toEqual([]);
  });

  /*
   * Static assets. In @cloudflare/vitest-pool-workers 0.15.1, `exports.default` (and the deprecated `SELF`,
   * now a proxy of it) is the Worker's own loopback: it skips the static-assets router, so
   * /docs/assets/* reaches the app and gets its 404 — the Worker itself never serves those files. The pool
   * does build the assets router from wrangler.toml [assets], but only the internal service binding
   * `__VITEST_POOL_WORKERS_SELF_SERVICE` goes through it (assets first, then the Worker), as a deployed
   * Worker does. That binding is undocumented; the pool is pinned, and if an upgrade removes it this test
   * fails with a message saying so. The browser test (tests/e2e/docs.test.ts, wrangler dev) proves the same
   * files load on a real page.
   */
  describe('static assets (wrangler.toml [assets] ./public)', () => {
    const assetsFirst = (env as unknown as Record<string, Fetcher | undefined>).__VITEST_POOL_WORKERS_SELF_SERVICE;

    it('the Worker alone does not serve /docs/assets (the assets router does)', async () => {
      const res = await get('/docs/assets/swagger-ui-bundle.js');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('GET /docs/assets/swagger-ui-bundle.js through the assets router is JavaScript', async () => {
      if (!assetsFirst) {
        throw new Error('this vitest-pool-workers has no __VITEST_POOL_WORKERS_SELF_SERVICE binding: find how it now routes requests through static assets');
      }
      const res = await assetsFirst.fetch(ORIGIN + '/docs/assets/swagger-ui-bundle.js');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^(?:text|application)\/javascript/);
      const js = await res.text();
      expect(js.length).toBeGreaterThan(100_000);
      expect(js).toContain('SwaggerUIBundle');
      // The same binding still reaches the Worker for everything else.
      const health = await assetsFirst.fetch(ORIGIN + '/health');
      expect(health.status).toBe(200);
    });
  });
});
