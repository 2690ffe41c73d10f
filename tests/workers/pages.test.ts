/**
 * The pages inside workerd, through the Worker's own fetch (src/worker.ts): /demo and /embed answer the same
 * HTML as on Node, with the versioned script, the escaped query and their CSP; the sample the demo shows is in
 * the Worker's D1. And the widget's bundle through the static-assets router (wrangler.toml [assets], the pool's
 * internal assets-first binding; see tests/workers/worker.test.ts) with public/_headers' headers: CORS * on both
 * copies, immutable on the versioned path, no-cache on the latest. The bundle is built by `npm install`
 * (postinstall) or `npm run build:widget`; without it those two tests fail saying so.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';

const ORIGIN = 'http://allocator.test';
const SCRIPT = `/widget/${pkg.version}/fund-allocator.js`;
const get = (path: string, init?: RequestInit) => exports.default.fetch(ORIGIN + path, init);

/** The one <fund-allocator> start tag's raw attribute text. */
const elementTag = (html: string) => {
  const tags = [...html.matchAll(/<fund-allocator\b([^>]*)>/g)];
  expect(tags).toHaveLength(1);
  return tags[0][1];
};

describe('pages in workerd', () => {
  it('/demo: HTML with the widget on sample-20 and the versioned script; the sample is in D1', async () => {
    const res = await get('/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const html = await res.text();
    expect(elementTag(html)).toBe(' dataset="sample-20" model="sichuan-2024" total="5000" unit="wan" lang="zh"');
    expect(html).toContain(`<script type="module" id="widget-script" src="${SCRIPT}"></script>`);
    expect(html).toContain(`src=&quot;${ORIGIN}${SCRIPT}&quot;`);
    // what the widget will ask first answers here
    const sample = await get('/v1/datasets/sample-20');
    expect(sample.status).toBe(200);
    expect(((await sample.json()) as { rows: unknown[] }).rows).toHaveLength(20);
  });

  it('/embed: the query’s attributes escaped, an unknown one in a note, framable by any site', async () => {
    const res = await get(`/embed?${new URLSearchParams({ dataset: 'sample-20', total: '"><script>alert(1)</script>', onload: 'alert(2)', lang: 'en' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toContain('frame-ancestors');
    const html = await res.text();
    expect(elementTag(html)).toBe(' dataset="sample-20" total="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" lang="en"');
    expect(html).toContain('?onload is not an attribute of &lt;fund-allocator&gt;');
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it('HEAD /embed: the head only; POST /demo: the 405 problem', async () => {
    const head = await get('/embed?dataset=sample-20', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/demo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(405);
    expect(post.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the widget bundle through the static-assets router', () => {
  const assetsFirst = (env as unknown as Record<string, Fetcher | undefined>).__VITEST_POOL_WORKERS_SELF_SERVICE;
  const fetchAsset = async (path: string) => {
    if (!assetsFirst) throw new Error('this vitest-pool-workers has no __VITEST_POOL_WORKERS_SELF_SERVICE binding (see tests/workers/worker.test.ts)');
    const res = await assetsFirst.fetch(ORIGIN + path, { headers: { origin: 'https://portal.example.gov.cn' } });
    if (res.status === 404) throw new Error(`${path} is not in public/: run npm run build:widget (npm install runs it)`);
    return res;
  };

  it(`${SCRIPT}: JavaScript, CORS *, cached a year and immutable`, async () => {
    const res = await fetchAsset(SCRIPT);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(?:text|application)\/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('fund-allocator');
  });

  it('/widget/fund-allocator.js (the latest copy): CORS *, revalidated every time', async () => {
    const res = await fetchAsset('/widget/fund-allocator.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    await res.arrayBuffer();
  });

  it('a file that is not there reaches the Worker: its 404 problem', async () => {
    if (!assetsFirst) throw new Error('no assets-first binding');
    const res = await assetsFirst.fetch(`${ORIGIN}/widget/${pkg.version}/nothing.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
