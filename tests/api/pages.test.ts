/**
 * The pages for people, through app.request: /demo and /embed answer HTML that loads the versioned widget
 * script (the version read from package.json here, not from the code under test); /embed writes only the
 * element's own attributes from the query, escaped (a value of `"><script>` stays a value), names any other
 * parameter in a note without writing it into the element, and never takes a token, key or api from the
 * address; HEAD answers the head of GET; another method is a 405 problem; the API's middleware leaves the pages
 * alone (a bad ?key is no 401 here); /embed may be framed by any site, /demo by its own pages only.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { app, expectProblem } from './request.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const SCRIPT = `/widget/${VERSION}/fund-allocator.js`;
const ATTRIBUTES = ['dataset', 'revision', 'scenario', 'model', 'total', 'unit', 'weights', 'lang', 'region'];

const UNESCAPE: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
const unescape = (s: string) => s.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => UNESCAPE[e]);

/** The one <fund-allocator> start tag's attributes, unescaped, in order; fails unless there is exactly one. */
function element(html: string): [string, string][] {
  const tags = [...html.matchAll(/<fund-allocator\b([^>]*)>/g)];
  expect(tags).toHaveLength(1);
  const inside = tags[0][1];
  const pairs = [...inside.matchAll(/\s([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], unescape(m[2])] as [string, string]);
  // nothing in the tag besides name="value" pairs (an injected attribute or a stray quote would remain)
  expect(inside.replace(/\s([a-z-]+)="([^"]*)"/g, '')).toBe('');
  return pairs;
}

/** Every <script> start tag of a page. */
const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);

async function page(path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { res, html: await res.text() };
}

describe('GET /demo', () => {
  it('HTML in Chinese and English, the widget on sample-20 (5000 万元), the versioned script, the snippets for the origin asked', async () => {
    const { res, html } = await page('http://allocator.example:8080/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(html).toContain('Embed it in a page');
    expect(Object.fromEntries(element(html))).toEqual({ dataset: 'sample-20', model: 'sichuan-2024', total: '5000', unit: 'wan', lang: 'zh' });
    expect(scripts(html)).toContainEqual(`<script type="module" id="widget-script" src="${SCRIPT}">`);
    // the one-tag snippet, shown escaped, names this origin's versioned script
    expect(html).toContain(`&lt;script type=&quot;module&quot; src=&quot;http://allocator.example:8080${SCRIPT}&quot;&gt;&lt;/script&gt;`);
    expect(html).toContain(`src=&quot;http://allocator.example:8080/embed?dataset=sample-20`);
    // the token note: how a host page gets one, and never a key in a page
    expect(html).toContain('/v1/tokens');
    expect(html).toContain('fund-allocator:token');
    expect(html).toContain('Never put an API key in a page');
  });

  it('?lang=en starts the widget in English; anything else is named in a note, escaped, not refused', async () => {
    expect(Object.fromEntries(element((await page('/demo?lang=en')).html)).lang).toBe('en');
    const { res, html } = await page(`/demo?${new URLSearchParams({ '"><script>alert(1)</script>': 'x', lang: 'fr' })}`);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(element(html)).lang).toBe('zh');
    expect(html).toContain('id="page-notes"');
    expect(html).toContain('?&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; is not an option of this page');
    expect(html).toContain('?lang=fr is not a language of the widget');
    expect(html).not.toContain('<script>alert(1)');
    expect(scripts(html)).toHaveLength(2);
  });

  it('a CSP on a nonce that only the page’s own inline script carries; framed by its own pages only', async () => {
    const { res, html } = await page('/demo');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("connect-src 'self'");
    const inline = scripts(html).filter((s) => !s.includes('src='));
    expect(inline).toEqual([`<script nonce="${nonce}">`]);
    // a fresh nonce per answer
    const again = (await app.request('/demo')).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('every script and link is the service’s own (no CDN)', async () => {
    const { html } = await page('/demo');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(2);
    expect(refs.filter((r) => /^(?:[a-z]+:)?\/\//i.test(r))).toEqual([]);
  });
});

describe('GET /embed', () => {
  it('one <fund-allocator> with the attributes of the query, in the element’s order, and the versioned script', async () => {
    const query =
      'lang=en&total=5000&dataset=sample-20&weights=policy:40%25,population:30%25,income:25%25,performance:5%25&region=B&unit=wan&model=sichuan-2024';
    const { res, html } = await page(`/embed?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<html lang="en">/);
    expect(element(html)).toEqual([
      ['dataset', 'sample-20'],
      ['model', 'sichuan-2024'],
      ['total', '5000'],
      ['unit', 'wan'],
      ['weights', 'policy:40%,population:30%,income:25%,performance:5%'],
      ['lang', 'en'],
      ['region', 'B'],
    ]);
    expect(scripts(html)).toContainEqual(`<script type="module" id="widget-script" src="${SCRIPT}">`);
    expect(html).not.toContain('id="embed-notes"');
    // the height to the parent, the token from the parent only
    expect(html).toContain("type: 'fund-allocator:height'");
    expect(html).toContain("data.type !== 'fund-allocator:token'");
    expect(html).toContain('event.source !== window.parent');
  });

  it('a value of `"><script>` stays the value of its attribute: escaped, no new element or script', async () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const { html } = await page(`/embed?${new URLSearchParams({ dataset: 'sample-20', total: evil, region: "B' onload='alert(3)" })}`);
    expect(Object.fromEntries(element(html))).toEqual({ dataset: 'sample-20', total: evil, region: "B' onload='alert(3)" });
    expect(html).toContain('total="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img');
    expect(scripts(html)).toHaveLength(2);
  });

  it('any value of any attribute comes back as itself, and the page keeps its two scripts (generated values)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ATTRIBUTES), fc.string({ unit: 'grapheme', maxLength: 40 }), async (name, value) => {
        const { html } = await page(`/embed?${new URLSearchParams({ [name]: value })}`);
        expect(element(html)).toEqual([[name, value]]);
        expect(scripts(html)).toHaveLength(2);
      }),
      { numRuns: 150 },
    );
  });

  it('an unknown parameter is named in a note (escaped), never written into the element', async () => {
    const { res, html } = await page(`/embed?${new URLSearchParams({ dataset: 'sample-20', onload: 'alert(1)', '<b>x</b>': 'y', style: 'display:none' })}`);
    expect(res.status).toBe(200);
    expect(element(html).map(([n]) => n)).toEqual(['dataset']);
    expect(html).toContain('id="embed-notes"');
    expect(html).toContain('?onload 不是 &lt;fund-allocator&gt; 的属性');
    expect(html).toContain('?&lt;b&gt;x&lt;/b&gt; 不是');
    expect(html).toContain('?style 不是');
    expect(html).not.toContain('<b>x</b>');
    // in English when the widget is
    expect((await page('/embed?lang=en&colour=red')).html).toContain('?colour is not an attribute of &lt;fund-allocator&gt; and was not used');
  });

  it('token, key and api are never taken from the address, each with its reason; a repeated parameter uses its first value', async () => {
    const { html } = await page('/embed?dataset=sample-20&token=bft_secret&key=bfa_secret&api=https://elsewhere.example&total=1&total=2');
    expect(Object.fromEntries(element(html))).toEqual({ dataset: 'sample-20', total: '1' });
    expect(html).not.toContain('bft_secret');
    expect(html).not.toContain('bfa_secret');
    expect(html).not.toContain('elsewhere.example');
    expect(html).toContain('token 不能写在网址中');
    expect(html).toContain('API 密钥不得写入页面');
    expect(html).toContain('api：本页面始终使用提供它的服务');
    expect(html).toContain('?total 出现了 2 次：使用第一个值 &quot;1&quot;');
  });

  it('a bad ?key is no 401 here (the API’s keys, rate limit and door are for /v1), and any site may frame the page', async () => {
    const { res } = await page('/embed?dataset=sample-20&key=bfa_nonsense', { headers: { origin: 'https://portal.example.gov.cn' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('frame-ancestors');
    expect(csp).toContain("default-src 'none'");
    // same origin: no CORS grant to another site is needed or given
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the pages and HTTP', () => {
  it('HEAD answers the head of GET with no body', async () => {
    for (const path of ['/demo', '/embed?dataset=sample-20']) {
      const res = await app.request(path, { method: 'HEAD' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBeTruthy();
      expect(await res.text()).toBe('');
    }
  });

  it('another method is a 405 problem naming GET; a path below is a 404 problem', async () => {
    for (const path of ['/demo', '/embed']) {
      const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await expectProblem(res, 405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
    await expectProblem(await app.request('/embed/x'), 404);
  });

  it('the service’s index and /docs link /demo', async () => {
    const index = (await (await app.request('/')).json()) as { links: Record<string, string> };
    expect(index.links.demo).toBe('/demo');
    expect(await (await app.request('/docs')).text()).toContain('href="/demo"');
  });
});
