/**
 * The reference page in a real browser: the edge build under `wrangler dev` (the same Worker and static
 * assets as a deploy), /docs opened in Debian's Chromium through playwright-core. Proves that Swagger UI
 * loads from the service itself, renders the API from the service's own /openapi.json, can call the API
 * ("Try it out"), and that the page asks no host but the service (no CDN: intranets cannot reach one).
 *
 * Without Chromium (apt-get install chromium) the test is skipped, or fails when CI is set.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Request as PwRequest } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, IN_CI, LOCAL_HOSTS, WranglerDev, within } from './harness.js';

const NO_CHROMIUM = `Chromium not found at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`;

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && IN_CI) {
  it('Chromium is installed (required when CI is set)', () => {
    throw new Error(`${NO_CHROMIUM}. CI must run the browser test, so this is a failure, not a skip.`);
  });
} else if (!haveChromium) {
  it('reference page in a real browser', (ctx) => {
    console.warn(`[e2e] skipped: ${NO_CHROMIUM}.`);
    ctx.skip(`${NO_CHROMIUM}.`);
  });
} else {
  describe('reference page /docs in Chromium, served by wrangler dev', () => {
    let server: WranglerDev | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      server = await WranglerDev.start(90_000);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    });

    afterAll(async () => {
      const problems: unknown[] = [];
      if (browser) await within(15_000, 'closing Chromium', browser.close()).catch((e) => problems.push(e));
      // stop() also fails when anything still answers on the port once the group is gone.
      if (server) await server.stop().catch((e) => problems.push(e));
      if (problems.length > 0) throw problems[0];
    });

    it('solves with HiGHS under wrangler dev (real workerd, no nodejs_compat): the wasm the Worker imports', async () => {
      const res = await fetch(server!.origin + '/v1/optimizations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'sources',
          unit: 'wan',
          solver: { backend: 'highs' },
          sources: [
            { id: 'central', budget: '200.00', floor: '0.6' },
            { id: 'county', budget: '200.00' },
          ],
          projects: [
            { id: 'P01', cost: '150.00', category: 'industry' },
            { id: 'P02', cost: '100.00', category: 'infrastructure' },
          ],
        }),
        signal: AbortSignal.timeout(30_000),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.summary).toMatchObject({ kind: 'sources', status: 'optimal', verified: true });
      expect(body.summary.backends).toContain('highs');
      // central first: all 200 万元 of it (the split between the projects is one of several optima), the county the rest
      expect(body.sources.map((s: any) => [s.id, s.used])).toEqual([
        ['central', '200.00'],
        ['county', '50.00'],
      ]);
      expect(Number(body.sources[0].industryShare)).toBeGreaterThanOrEqual(0.6);
    });

    it('renders the API from the service’s own /openapi.json, calls it, and asks no other host', async () => {
      const origin = server!.origin;
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
      context.setDefaultTimeout(20_000);
      context.setDefaultNavigationTimeout(30_000);
      try {
        const requests: string[] = [];
        const external: string[] = [];
        // Record every request; never let one leave the machine (abort it, and fail below).
        await context.route('**/*', (route) => {
          const url = route.request().url();
          if (isLocal(url)) return route.continue();
          external.push(url);
          return route.abort('blockedbyclient');
        });
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('request', (r: PwRequest) => requests.push(`${r.method()} ${r.url()}`));
        page.on('pageerror', (e) => pageErrors.push(String(e)));

        const specResponse = page.waitForResponse((r) => r.url() === origin + '/openapi.json', { timeout: 30_000 });
        const bundleResponse = page.waitForResponse((r) => r.url() === origin + '/docs/assets/swagger-ui-bundle.js', {
          timeout: 30_000,
        });
        // Awaited below; if an earlier step fails, closing the page must not turn them into unhandled rejections.
        for (const pending of [specResponse, bundleResponse]) pending.catch(() => undefined);
        const docs = await page.goto(origin + '/docs', { waitUntil: 'load' });
        expect(docs?.status()).toBe(200);

        // Swagger UI's script came from the service (workers static assets), not a CDN.
        const bundle = await bundleResponse;
        expect(bundle.status()).toBe(200);
        expect(bundle.headers()['content-type']).toMatch(/javascript/);

        // The document Swagger UI rendered is the one the service serves.
        const spec = await specResponse;
        expect(spec.status()).toBe(200);
        const doc = (await spec.json()) as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
        expect(doc.openapi).toMatch(/^3\.1\./);

        // Rendered: the title from the document and the allocation operation.
        await expect.poll(() => page.locator('.swagger-ui .info .title').innerText(), { timeout: 20_000 }).toContain('Bridging-fund allocation API');
        const operation = page.locator('.opblock.opblock-post').filter({
          has: page.locator('.opblock-summary-path[data-path="/v1/allocations"]'),
        });
        await operation.waitFor({ state: 'visible' });
        await expect.poll(() => operation.locator('.opblock-summary-path').innerText()).toContain('/v1/allocations');
        for (const path of Object.keys(doc.paths)) {
          await page.locator(`.opblock-summary-path[data-path="${path}"]`).first().waitFor({ state: 'visible' });
        }

        const shots = mkdtempSync(join(tmpdir(), 'docs-e2e-'));
        await page.screenshot({ path: join(shots, 'docs-top.png'), timeout: 20_000 });

        // Try it out (enabled by default on this page): the example body as is, Execute, a 200 with the rows.
        await operation.locator('.opblock-summary').first().click();
        const call = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/allocations', { timeout: 30_000 });
        call.catch(() => undefined);
        await operation.locator('button.execute').click();
        const answer = await call;
        expect(new URL(answer.url()).origin).toBe(origin);
        expect(answer.status()).toBe(200);
        const result = (await answer.json()) as { summary: { balanced: boolean }; rows: { name?: string }[] };
        expect(result.summary.balanced).toBe(true);
        expect(result.rows.map((r) => r.name)).toEqual(['甲县', '乙县', '丙县']);
        const shown = operation.locator('.live-responses-table tbody .response-col_status').first();
        await expect.poll(() => shown.innerText(), { timeout: 20_000 }).toContain('200');
        await expect.poll(() => operation.locator('.live-responses-table .microlight').first().innerText()).toContain('甲县');

        await page.screenshot({ path: join(shots, 'docs-executed.png'), fullPage: true, timeout: 20_000 });
        await operation
          .locator('.live-responses-table')
          .first()
          .screenshot({ path: join(shots, 'docs-response.png'), timeout: 20_000 });
        console.log(`[e2e] screenshots in ${shots}: docs-top.png, docs-executed.png (full page), docs-response.png`);

        expect(external, 'requests to hosts other than the service').toEqual([]);
        expect(requests.filter((r) => !isLocal(r.slice(r.indexOf(' ') + 1)))).toEqual([]);
        expect(requests).toContain(`GET ${origin}/openapi.json`);
        expect(pageErrors).toEqual([]);
      } finally {
        await within(15_000, 'closing the browser context', context.close()).catch(() => undefined);
      }
    });
  });
}
