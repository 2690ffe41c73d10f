/**
 * examples/office-js/functions.js in a real browser, as Excel runs a custom function: a page served from ANOTHER
 * origin than the service (a node:http server here), opened in Debian's Chromium, calls allocation(…) against the
 * edge build under `wrangler dev` (its own D1, migrations and the shipped sample-20 applied). Between the page and
 * the service sits a counting proxy: it must see only the POSTs — no OPTIONS preflight, since the function sends
 * a simple request (Content-Type: text/plain) — and the service must answer them with Access-Control-Allow-Origin
 * for the page (CORS_ORIGINS lists it). A control request with Content-Type: application/json does make the
 * browser preflight, so the proxy would see one if the function caused it. No request leaves the machine.
 *
 * CORS_ORIGINS (the page's origin) is given to the Worker as a variable of this run (--var).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, freePorts, IN_CI, LOCAL_HOSTS, ROOT, WranglerDev, within } from './harness.js';

const EXAMPLE = join(ROOT, 'examples', 'office-js');
/** Without Chromium the test is skipped, as the /docs test is; with CI set it runs, and fails to launch. */
const SKIP = !existsSync(CHROMIUM) && !IN_CI;

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(`http://127.0.0.1:${address.port}`);
      else reject(new Error('no port'));
    });
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Serves the example's folder: the page and its script, nothing else. */
function pageServer(): Server {
  const files: Record<string, [string, string]> = {
    '/test.html': ['text/html; charset=utf-8', readFileSync(join(EXAMPLE, 'test.html'), 'utf8')],
    '/functions.js': ['text/javascript; charset=utf-8', readFileSync(join(EXAMPLE, 'functions.js'), 'utf8')],
  };
  return createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status?: number;
  answerHeaders?: IncomingHttpHeaders;
}

/** Forwards every request to `target` unchanged (Host too, so the Worker sees the origin the page addressed) and records it. */
function countingProxy(target: () => string, seen: Seen[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: Seen = { method: req.method!, path: req.url!, headers: req.headers, body: body.toString('utf8') };
      seen.push(entry);
      const upstream = new URL(req.url!, target());
      const forward = httpRequest(upstream, { method: req.method, headers: req.headers, agent: false }, (answer) => {
        entry.status = answer.statusCode;
        entry.answerHeaders = answer.headers;
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (err) => res.writeHead(502).end(String(err)));
      forward.end(body);
    });
  });
}

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

describe.skipIf(SKIP)('examples/office-js: allocation() from another origin in Chromium, a simple CORS POST', () => {
  let server: WranglerDev | undefined;
  let browser: Browser | undefined;
  const page = pageServer();
  const seen: Seen[] = [];
  const proxy = countingProxy(() => server!.origin, seen);
  let pageOrigin = '';
  let proxyOrigin = '';

  beforeAll(async () => {
    pageOrigin = await listen(page);
    proxyOrigin = await listen(proxy);
    server = await WranglerDev.start(90_000, { CORS_ORIGINS: pageOrigin });
    // every request leaves through a proxy that is not there, except the loopback ones Chromium sends direct
    const [deadPort] = await freePorts(1);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Chromium's own flags (Playwright's proxy option would send loopback through the proxy too)
      args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${deadPort}`, '--proxy-bypass-list=127.0.0.1;localhost;[::1]'],
      timeout: 30_000,
    });
  }, 180_000);

  afterAll(async () => {
    const problems: unknown[] = [];
    if (browser) await within(15_000, 'closing Chromium', browser.close()).catch((e) => problems.push(e));
    if (server) await server.stop().catch((e) => problems.push(e));
    await close(page);
    await close(proxy);
    if (problems.length > 0) throw problems[0];
  });

  it('answers the POST’s amounts, and the proxy saw only POSTs (no preflight) from the page’s origin', async () => {
    // the same request, straight to the service from Node: what the function must show
    const direct = await fetch(`${server!.origin}/v1/allocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
    });
    expect(direct.status, await direct.clone().text()).toBe(200);
    const posted = (await direct.json()) as { summary: { sum: string }; rows: { id: string; amount: string }[] };
    expect(posted.rows).toHaveLength(20);
    const region = posted.rows[3];

    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ serviceWorkers: 'block' });
    context.setDefaultTimeout(20_000);
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      tab.on('request', (r) => requests.push(r.url()));
      tab.on('pageerror', (e) => errors.push(String(e)));
      const opened = await tab.goto(`${pageOrigin}/test.html?service=${encodeURIComponent(proxyOrigin)}`, { waitUntil: 'load' });
      expect(opened?.status()).toBe(200);
      seen.length = 0;

      // one region's amount, by calling the function as Excel would
      const amount = await tab.evaluate(
        ([origin, id]) => (globalThis as unknown as { allocation: (...a: unknown[]) => Promise<number> }).allocation(origin, 'sample-20', 5000, id),
        [proxyOrigin, region.id] as const,
      );
      expect(amount).toBe(Number(region.amount));

      // the total allocated, through the page's form
      await tab.locator('button[type=submit]').click();
      await expect.poll(() => tab.locator('#result').innerText(), { timeout: 30_000 }).toBe(String(Number(posted.summary.sum)));
      expect(posted.summary.sum).toBe('5000.00');

      // an unknown region: the function's reason, not a number
      const refused = await tab.evaluate(
        ([origin]) =>
          (globalThis as unknown as { allocation: (...a: unknown[]) => Promise<number> })
            .allocation(origin, 'sample-20', 5000, 'nowhere')
            .then(String, (e: Error) => e.message),
        [proxyOrigin] as const,
      );
      expect(refused).toMatch(/^#ERROR unknown-region: nowhere/);

      expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(Array(3).fill('POST /v1/allocations'));
      for (const s of seen) {
        expect(s.headers.origin).toBe(pageOrigin);
        expect(s.headers['content-type']).toMatch(/^text\/plain(;|$)/);
        expect(JSON.parse(s.body)).toEqual({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } });
        expect(s.status).toBe(200);
        // the service let the page read its answer
        expect(s.answerHeaders?.['access-control-allow-origin']).toBe(pageOrigin);
      }

      // control: a JSON content type is not simple, and the browser does preflight it through the same proxy
      seen.length = 0;
      const status = await tab.evaluate(
        ([origin]) =>
          fetch(`${origin}/v1/allocations`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
          }).then((r) => r.status),
        [proxyOrigin] as const,
      );
      expect(status).toBe(200);
      expect(seen.map((s) => s.method)).toEqual(['OPTIONS', 'POST']);

      expect(
        requests.filter((u) => !isLocal(u)),
        'requests to hosts other than this machine',
      ).toEqual([]);
      expect(requests.some((u) => u.startsWith(proxyOrigin))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await within(15_000, 'closing the browser context', context.close()).catch(() => undefined);
    }
  });
});
