/**
 * The widget's bundle on Node (src/node/staticAssets.ts in startNodeServer), over a real socket: served from
 * the public folder with the headers its _headers file gives, as Workers static assets serve it (CORS * on both
 * copies, immutable on the versioned path, no-cache on the latest); ETag and 304; HEAD; an OPTIONS preflight
 * answered 204 with CORS *; another method a 405 problem; a missing file, or a path that climbs out of
 * public/widget, the app's 404 problem. The bundle is built into a temporary folder by scripts/build-widget.mjs.
 * And the _headers reader itself: splats, placeholders, several rules on one path, detached headers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../scripts/build-widget.mjs';
import { headersFor, parseHeadersFile } from '../../src/node/staticAssets.js';
import { type NodeServer, startNodeServer } from '../../src/node.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const VERSIONED = `/widget/${VERSION}/fund-allocator.js`;
const LATEST = '/widget/fund-allocator.js';

let dir: string;
let server: NodeServer;
let bundle: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'w2-assets-'));
  const built = await buildWidget({ outdir: join(dir, 'public') });
  if (!built) throw new Error('esbuild is not installed');
  bundle = readFileSync(built.versioned);
  server = await startNodeServer({ port: 0, databasePath: ':memory:', rateLimiter: null, publicDir: join(dir, 'public'), pool: { threads: 1 } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (path: string, init?: RequestInit) => fetch(server.url + path, init);

describe('/widget/* on Node', () => {
  it('the versioned bundle: JavaScript, CORS * (asked from another origin), cached a year and immutable', async () => {
    const res = await ask(VERSIONED, { headers: { origin: 'https://portal.example.gov.cn' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(bundle)).toBe(true);
  });

  it('the latest copy: CORS *, no-cache, and a 304 for its ETag', async () => {
    const res = await ask(LATEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}(-gzip)?"$/); // fetch asks for gzip
    await res.arrayBuffer();
    const again = await ask(LATEST, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-type')).toBeNull();
    expect(again.headers.get('cache-control')).toBe('no-cache');
    expect(await again.text()).toBe('');
    expect((await ask(LATEST, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('gzipped for a client that takes it (its own ETag, Vary), the same bytes once unzipped; plain otherwise', async () => {
    const { request } = await import('node:http');
    const { gunzipSync } = await import('node:zlib');
    const raw = (encoding?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(server.url + VERSIONED, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    const zipped = await raw('gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.body.byteLength).toBeLessThan(bundle.byteLength / 2);
    expect(gunzipSync(zipped.body).equals(bundle)).toBe(true);
    const plain = await raw();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(bundle)).toBe(true);
    expect(plain.headers.etag).not.toBe(zipped.headers.etag);
  });

  it('HEAD: the headers and length of GET, no body', async () => {
    const res = await ask(VERSIONED, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bundle.byteLength));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('');
  });

  it('OPTIONS (a preflight from another origin): 204, CORS *, GET/HEAD/OPTIONS allowed', async () => {
    const res = await ask(VERSIONED, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.gov.cn', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-requested-with' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-requested-with');
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('POST: a 405 problem with Allow', async () => {
    const res = await ask(LATEST, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { detail_zh: string }).detail_zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a missing file, or a path out of public/widget, is the app’s 404 problem', async () => {
    for (const path of [`/widget/${VERSION}/nothing.js`, '/widget/%2e%2e/_headers', '/widget/..%2f_headers', '/widget/0.0.0/fund-allocator.js', '/widget/']) {
      const res = await ask(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('application/problem+json; charset=utf-8');
      await res.arrayBuffer();
    }
  });

  it('the pages on Node load that very path', async () => {
    const html = await (await ask('/demo')).text();
    expect(html).toContain(`src="${VERSIONED}"`);
  });
});

describe('the _headers reader', () => {
  const rules = parseHeadersFile(`# a comment
/widget/*
  Access-Control-Allow-Origin: *
  X-Extra: one
/widget/:version/fund-allocator.js
  Cache-Control: immutable
  X-Extra: two
  ! Access-Control-Allow-Origin
/exact.txt
  Content-Language: zh
`);

  it('a splat matches any rest of the path, a placeholder one segment; headers two rules set are joined', () => {
    const h = headersFor(rules, '/widget/0.2.0/fund-allocator.js');
    expect(h.get('cache-control')).toBe('immutable');
    expect(h.get('x-extra')).toBe('one, two');
    // detached by the later rule
    expect(h.get('access-control-allow-origin')).toBeNull();
    const latest = headersFor(rules, '/widget/fund-allocator.js');
    expect(latest.get('access-control-allow-origin')).toBe('*');
    expect(latest.get('cache-control')).toBeNull();
    expect(headersFor(rules, '/widget/a/b/fund-allocator.js').get('cache-control')).toBeNull();
  });

  it('an exact path only itself; a dot is no wildcard', () => {
    expect(headersFor(rules, '/exact.txt').get('content-language')).toBe('zh');
    expect(headersFor(rules, '/exactXtxt').get('content-language')).toBeNull();
    expect(headersFor(rules, '/exact.txt/more').get('content-language')).toBeNull();
  });
});
