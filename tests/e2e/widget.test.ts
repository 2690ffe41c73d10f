/**
 * The widget <fund-allocator> in a real browser, embedded as a portal would: a page served from ANOTHER origin
 * (a node:http server on this machine) loads the versioned bundle /widget/<version>/fund-allocator.js from the
 * edge build under `wrangler dev` (its own D1, migrations, the shipped sample-20) with one script tag and one
 * element. Debian's Chromium through playwright-core.
 *
 * What it proves: the table (20 rows, the totals row exactly the total, every amount the string a POST
 * /v1/allocations of the same request answers) and the chart render; a weight slider moved with the keyboard
 * and by a drag-like input keeps the sliders at 100% and the amounts at the total to the cent (BigInt cents)
 * and byte-identical to the service's answer for the same weights; English labels after the language switch;
 * a save with a short-lived token (POST /v1/tokens, as a host page's server gets one) makes a scenario holding
 * the chosen weights; an unknown dataset, weights that do not sum and a server that is down each show a message
 * (never a blank box); /embed in an iframe reports its height by postMessage; axe-core finds no serious or
 * critical violation (zh, en, 375 px); and no request leaves the machine (Chromium's proxy is a closed port for
 * every host but loopback, and every request the browser makes is recorded and checked).
 *
 * Screenshots go to a temporary folder; with E2E_UPDATE_DOCS=1 they are also copied to docs/widget.png (about
 * 1000 px wide, zh) and docs/widget-375.png, which the README shows.
 *
 * Without Chromium the test is skipped, or fails when CI is set.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Response as PwResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureWidgetBundle, freePorts, IN_CI, LOCAL_HOSTS, ROOT, serviceVersion, WranglerDev, within } from './harness.js';

const NO_CHROMIUM = `Chromium not found at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`;
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const SCRIPT_PATH = `/widget/${serviceVersion()}/fund-allocator.js`;
const MODEL = 'sichuan-2024';
const DATASET = 'sample-20';
const TOTAL = '5000';
const BAD_WEIGHTS = 'policy:50%,population:30%,income:30%,performance:5%';
/** This helper's ports: the host page's server listens on the first free one, the "down" service is one nobody listens on. */
const OWN_PORTS = [8831, 8832, 8833, 8834, 8835, 8836, 8837, 8838, 8839];

interface Factor {
  id: string;
  title: { zh: string; en: string };
  weight: string | number;
}
interface AnswerRow {
  id: string;
  amount: string;
}
interface Answer {
  summary: { total: string; sum: string; balanced: boolean };
  rows: AnswerRow[];
}
interface Problem {
  status: number;
  code?: string;
  detail: string;
  detail_zh: string;
  errors?: { pointer: string; code: string; detail: string; detail_zh: string }[];
}

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:' || u.protocol === 'chrome-error:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Does anything accept a TCP connection on 127.0.0.1:`port`? */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Listens on the first of `ports` that is free. */
async function listenOnOneOf(server: Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    const ok = await new Promise<boolean>((resolve) => {
      const fail = () => resolve(false);
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.removeListener('error', fail);
        resolve(true);
      });
    });
    if (ok) return port;
  }
  throw new Error(`none of the ports ${ports.join(', ')} is free for the host page`);
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The host page: a portal's page of its own, with the widget's one script tag and one element. */
function hostPage(serviceOrigin: string, attributes: Readonly<Record<string, string>>): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>县级衔接资金测算 · County fund planning (host page)</title>
<script type="module" src="${serviceOrigin}${SCRIPT_PATH}"></script>
<style>body { margin: 0; font-family: "Noto Sans CJK SC", sans-serif; } main { padding: 8px; }</style>
</head>
<body>
<main>
<h1>衔接资金分配测算</h1>
<fund-allocator${attrs}></fund-allocator>
</main>
<script>
  // what a host page would listen to; kept for the test
  window.__events = [];
  const widget = document.querySelector('fund-allocator');
  for (const type of ['fund-allocator:recomputed', 'fund-allocator:saved']) {
    widget.addEventListener(type, (e) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }));
  }
</script>
</body>
</html>`;
}

/** A portal page that strips scripts from its content but may hold an iframe of /embed, sized by its messages. */
function framePage(serviceOrigin: string): string {
  const src = `${serviceOrigin}/embed?dataset=${DATASET}&total=${TOTAL}&unit=wan&lang=zh`;
  return `<!doctype html>
<html lang="zh">
<head><meta charset="utf-8"><title>嵌入框架 · iframe host</title></head>
<body>
<main>
<h1>衔接资金分配（iframe）</h1>
<iframe id="widget" title="衔接资金分配测算" src="${escapeHtml(src)}" style="width: 100%; border: 0" height="150"></iframe>
</main>
<script>
  window.__heights = [];
  const frame = document.getElementById('widget');
  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || !e.data || e.data.type !== 'fund-allocator:height') return;
    window.__heights.push({ origin: e.origin, height: e.data.height });
    frame.style.height = e.data.height + 'px';
  });
</script>
</body>
</html>`;
}

/** Serves the pages registered in `pages` by path (text/html), nothing else. */
function pageServer(pages: Map<string, string>): Server {
  return createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  });
}

/** "0.45" for 45: a whole percent as the engine's fraction with two decimals, exactly. */
function fraction(percent: number): string {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new Error(`not a whole percent: ${percent}`);
  return `${Math.floor(percent / 100)}.${String(percent % 100).padStart(2, '0')}`;
}

/** An amount string with two decimals as BigInt cents ("422.87" → 42287n); anything else throws. */
function cents(amount: string): bigint {
  if (!/^-?\d+\.\d{2}$/.test(amount)) throw new Error(`not an amount with two decimals: ${JSON.stringify(amount)}`);
  return BigInt(amount.replace('.', ''));
}

const sumCents = (amounts: readonly string[]) => amounts.reduce((s, a) => s + cents(a), 0n);

/** A DOM object inside a page function (this file is type-checked without the DOM library, as Node code). */
type Dom = any;

const HAS_CJK = /[\u3400-\u9fff]/;

const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && IN_CI) {
  it('Chromium is installed (required when CI is set)', () => {
    throw new Error(`${NO_CHROMIUM}. CI must run the browser test, so this is a failure, not a skip.`);
  });
} else if (!haveChromium) {
  it('the widget in a real browser', (ctx) => {
    console.warn(`[e2e] skipped: ${NO_CHROMIUM}.`);
    ctx.skip(`${NO_CHROMIUM}.`);
  });
} else {
  describe('<fund-allocator> embedded on a page of another origin, in Chromium, against wrangler dev', () => {
    let server: WranglerDev | undefined;
    let browser: Browser | undefined;
    const pages = new Map<string, string>();
    const host = pageServer(pages);
    let hostOrigin = '';
    let deadPort = 0;
    /** Every request any page of any context made: "METHOD url". */
    const requests: string[] = [];
    const contexts: BrowserContext[] = [];
    const shots = mkdtempSync(join(tmpdir(), 'widget-e2e-'));
    let factors: Factor[] = [];
    let defaults: Record<string, number> = {};
    let writeKey = '';

    const origin = () => server!.origin;
    /** A save token as a host page's server gets one: POST /v1/tokens with its write key (ttl: the service's default when left out). */
    const saveToken = async (ttlSeconds?: number): Promise<{ token: string; id: string }> => {
      const res = await fetch(`${origin()}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(ttlSeconds === undefined ? { grants: ['save-scenario'] } : { grants: ['save-scenario'], ttlSeconds }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { token: string; id: string };
    };

    /** POST /v1/allocations from Node (not the browser): what the widget must show for these weights. */
    async function post(weights?: Readonly<Record<string, number>>): Promise<Answer> {
      const body: Record<string, unknown> = { model: MODEL, total: TOTAL, unit: 'wan', regions: { dataset: DATASET } };
      if (weights) body.overrides = { weights: Object.fromEntries(Object.entries(weights).map(([id, p]) => [id, fraction(p)])) };
      const res = await fetch(`${origin()}/v1/allocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as Answer;
    }

    /** `bypassCSP`: only to inject axe-core into a page of the service (its CSP allows no inline script). */
    async function newContext(viewport: { width: number; height: number }, bypassCSP = false): Promise<BrowserContext> {
      const context = await browser!.newContext({ viewport, serviceWorkers: 'block', locale: 'zh-CN', bypassCSP });
      context.setDefaultTimeout(20_000);
      context.setDefaultNavigationTimeout(30_000);
      // context level: every page, every frame (the /embed iframe too)
      context.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
      contexts.push(context);
      return context;
    }

    /** A page of the host origin at `path` (registered with `html`); its own requests and uncaught errors kept. */
    async function open(context: BrowserContext, path: string, html: string) {
      pages.set(path, html);
      const page = await context.newPage();
      const own: string[] = [];
      const errors: string[] = [];
      const posts: { url: string; body: string }[] = [];
      page.on('request', (r) => {
        own.push(`${r.method()} ${r.url()}`);
        if (r.method() === 'POST') posts.push({ url: r.url(), body: r.postData() ?? '' });
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      const script = page.waitForResponse((r) => r.url() === origin() + SCRIPT_PATH, { timeout: 30_000 });
      script.catch(() => undefined);
      const opened = await page.goto(hostOrigin + path, { waitUntil: 'load' });
      expect(opened?.status()).toBe(200);
      return { page, own, posts, errors, script };
    }

    const state = (page: Page) => page.locator('fund-allocator').first().getAttribute('data-state');

    async function waitForState(page: Page, wanted: readonly string[], ms = 30_000): Promise<string> {
      await expect
        .poll(() => state(page), { timeout: ms, message: `data-state one of ${wanted.join('|')}` })
        .toSatisfy((s: unknown) => typeof s === 'string' && wanted.includes(s));
      return (await state(page))!;
    }

    const sliders = (page: Page): Promise<Record<string, number>> =>
      page
        .locator('fund-allocator input[type="range"][data-factor]')
        .evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as Dom).dataset.factor!, Number((e as Dom).value)])));

    const tableRows = (page: Page) =>
      page.locator('fund-allocator [data-part="table"] tbody tr[data-region]').evaluateAll((rows) =>
        rows.map((r) => ({
          id: (r as Dom).dataset.region!,
          amount: r.querySelector('td[data-column="amount"]')?.textContent?.trim() ?? '',
        })),
      );

    const footSum = (page: Page) => page.locator('fund-allocator [data-part="table"] tfoot td[data-column="amount"]').first().innerText();

    /** The table equals the service's answer: every row's amount string, the totals row, and the cents add up. */
    async function expectTableIs(page: Page, answer: Answer): Promise<void> {
      const expected = Object.fromEntries(answer.rows.map((r) => [r.id, r.amount]));
      await expect.poll(async () => Object.fromEntries((await tableRows(page)).map((r) => [r.id, r.amount])), { timeout: 10_000 }).toEqual(expected);
      expect((await footSum(page)).trim()).toBe(answer.summary.sum);
      const shown = await tableRows(page);
      expect(shown).toHaveLength(20);
      expect(sumCents(shown.map((r) => r.amount))).toBe(cents(`${TOTAL}.00`));
      expect(cents((await footSum(page)).trim())).toBe(cents(`${TOTAL}.00`));
    }

    /** The sliders: every factor of the model, whole percents, summing to exactly 100, "100%" shown. */
    async function expectSlidersSum(page: Page): Promise<Record<string, number>> {
      const weights = await sliders(page);
      expect(Object.keys(weights).sort()).toEqual(factors.map((f) => f.id).sort());
      for (const v of Object.values(weights)) expect(Number.isInteger(v) && v >= 0 && v <= 100, `slider value ${v}`).toBe(true);
      expect(Object.values(weights).reduce((s, v) => s + v, 0)).toBe(100);
      await expect.poll(() => page.locator('fund-allocator [data-part="weights-sum"]').first().innerText()).toMatch(/^\s*100\s*%\s*$/);
      return weights;
    }

    /** axe-core in the page (it reads open shadow roots): the serious and critical violations, described. */
    async function seriousViolations(page: Page): Promise<unknown[]> {
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
        const result = await axe.run((globalThis as Dom).document, { resultTypes: ['violations'] });
        return (result.violations as any[]).map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: (v.nodes as any[]).slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
        }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    }

    /** A screenshot that shows something: over 20 KB and many distinct colours (decoded by the browser). */
    async function expectNotBlank(page: Page, file: string): Promise<void> {
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(statSync(file).size, `${file} is too small to show a widget`).toBeGreaterThan(20_000);
      const stats = await page.evaluate(async (b64) => {
        const img = new (globalThis as Dom).Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = (globalThis as Dom).document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set<number>();
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          if (data[i] + data[i + 1] + data[i + 2] < 300) dark++;
        }
        return { width: canvas.width, height: canvas.height, colours: colours.size, darkShare: dark / (data.length / 4) };
      }, png.toString('base64'));
      expect(stats.width).toBeGreaterThan(300);
      expect(stats.height).toBeGreaterThan(300);
      expect(stats.colours, 'distinct colours in the screenshot').toBeGreaterThan(50);
      // text and bars: some dark pixels, but not a black box
      expect(stats.darkShare).toBeGreaterThan(0.005);
      expect(stats.darkShare).toBeLessThan(0.9);
    }

    beforeAll(async () => {
      // a fresh clone after `npm ci` has it; after an edit of src/ it is rebuilt here
      await ensureWidgetBundle();
      await listenOnOneOf(host, OWN_PORTS.slice(0, -1));
      const address = host.address();
      if (typeof address !== 'object' || !address) throw new Error('host page server has no address');
      hostOrigin = `http://127.0.0.1:${address.port}`;
      deadPort = OWN_PORTS[OWN_PORTS.length - 1];
      if (await answers(deadPort)) [deadPort] = await freePorts(1);
      server = await WranglerDev.start(90_000, { CORS_ORIGINS: hostOrigin });
      writeKey = await server.createKey('write');
      // every request leaves through a proxy that is not there, except the loopback ones Chromium sends direct
      const [noProxy] = await freePorts(1);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${noProxy}`, '--proxy-bypass-list=127.0.0.1;localhost;[::1]'],
        timeout: 30_000,
      });
      const model = await fetch(`${origin()}/v1/models/allocation/${MODEL}`, { signal: AbortSignal.timeout(20_000) });
      expect(model.status).toBe(200);
      factors = ((await model.json()) as { factors: Factor[] }).factors;
      expect(factors.length).toBeGreaterThan(1);
      defaults = Object.fromEntries(factors.map((f) => [f.id, Math.round(Number(f.weight) * 100)]));
    }, 240_000);

    afterAll(async () => {
      const problems: unknown[] = [];
      for (const context of contexts) await within(15_000, 'closing a browser context', context.close()).catch(() => undefined);
      if (browser) await within(15_000, 'closing Chromium', browser.close()).catch((e) => problems.push(e));
      if (server) await server.stop().catch((e) => problems.push(e));
      await close(host);
      console.log(`[e2e] widget screenshots in ${shots}`);
      // every request of every test, whatever failed before
      const away = requests.filter((r) => !isLocal(r.slice(r.indexOf(' ') + 1)));
      if (away.length > 0) problems.push(new Error(`requests to hosts other than this machine:\n${away.join('\n')}`));
      if (problems.length > 0) throw problems[0];
    });

    // one page through the main flow: render → sliders → English → save
    let main: Awaited<ReturnType<typeof open>> | undefined;

    it('renders the table and chart from the versioned bundle on another origin, each amount the service’s', async () => {
      const context = await newContext({ width: 1000, height: 900 });
      main = await open(context, '/main.html', hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh' }));
      const { page } = main;
      expect(new URL(hostOrigin).origin).not.toBe(origin());

      // the script came from the service's versioned path, readable cross-origin, cacheable for good
      const script: PwResponse = await main.script;
      expect(script.status()).toBe(200);
      expect(script.headers()['content-type']).toMatch(/javascript/);
      expect(script.headers()['access-control-allow-origin']).toBe('*');
      expect(script.headers()['cache-control']).toMatch(/immutable/);

      await waitForState(page, ['ready', 'checked']);
      const baseline = await post();
      expect(baseline.summary.sum).toBe(`${TOTAL}.00`);
      await expectTableIs(page, baseline);
      // the service's check of the same request agreed
      await waitForState(page, ['checked'], 20_000);

      // the widget asked the service at its script's origin, which let the host page read the answers
      expect(main.own).toContain(`GET ${origin()}/v1/datasets/${DATASET}`);
      expect(main.own).toContain(`POST ${origin()}/v1/allocations`);

      // the chart: an svg or canvas with a size, with marks in it
      const chart = page.locator('fund-allocator [data-part="chart"]').first();
      await chart.waitFor({ state: 'visible' });
      const drawing = page.locator('fund-allocator [data-part="chart"] svg, fund-allocator [data-part="chart"] canvas').first();
      await drawing.waitFor({ state: 'visible' });
      const box = await drawing.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(100);
      const marks = await drawing.evaluate((el) => {
        if (el.namespaceURI === 'http://www.w3.org/2000/svg') return el.querySelectorAll('path, rect').length;
        const canvas = el as Dom;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) return 0;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return colours.size;
      });
      expect(marks, 'bars (svg paths) or colours (canvas) in the chart').toBeGreaterThanOrEqual(20);
      // for a screen reader: an image with a summary in words
      const label = await chart.evaluate((el) => {
        const img = el.getAttribute('role') === 'img' ? el : el.querySelector('[role="img"]');
        return img?.getAttribute('aria-label') ?? '';
      });
      expect(label.trim().length, 'the chart is role="img" with an aria-label').toBeGreaterThan(5);

      // nothing said to be wrong
      const message = page.locator('fund-allocator [data-part="message"]');
      if ((await message.count()) > 0) expect((await message.first().innerText()).trim()).toBe('');
      expect(main.errors).toEqual([]);
    });

    it('sorts the table by amount with the button in its header (aria-sort), both ways', async () => {
      if (!main) throw new Error('no page: the first test failed');
      const { page } = main;
      // the amount column's header: the <th> at the position of the amount cells
      const index = await page
        .locator('fund-allocator [data-part="table"] tbody tr[data-region]')
        .first()
        .evaluate((row: Dom) => Array.from(row.children as ArrayLike<Dom>).findIndex((c) => c.dataset?.column === 'amount'));
      expect(index).toBeGreaterThanOrEqual(0);
      const th = page.locator('fund-allocator [data-part="table"] thead tr').last().locator('th').nth(index);
      const order = async () => (await tableRows(page)).map((r) => cents(r.amount));
      const sorted = (xs: bigint[], dir: string) => xs.every((x, i) => i === 0 || (dir === 'ascending' ? xs[i - 1] <= x : xs[i - 1] >= x));
      const seen = new Set<string>();
      for (let i = 0; i < 2; i++) {
        await th.locator('button').click();
        await expect.poll(() => th.getAttribute('aria-sort')).toMatch(/^(ascending|descending)$/);
        const dir = (await th.getAttribute('aria-sort'))!;
        // a money column: largest first on the first click (audit #13)
        if (i === 0) expect(dir).toBe('descending');
        seen.add(dir);
        await expect.poll(async () => sorted(await order(), dir), { message: `rows by amount, ${dir}` }).toBe(true);
      }
      expect([...seen].sort()).toEqual(['ascending', 'descending']);
      expect(await order()).toHaveLength(20);
    });

    it('moves a slider by keyboard and by a drag: sliders sum to 100, amounts to the total, as the service answers', async () => {
      if (!main) throw new Error('no page: the first test failed');
      const { page } = main;
      const before = await expectSlidersSum(page);
      expect(before).toEqual(defaults);
      const eventsBefore = await page.evaluate(() => (globalThis as Dom).__events.length as number);

      // keyboard: focus the first factor's slider, ArrowRight five times (one step of 1% each)
      const first = factors[0].id;
      const slider = page.locator(`fund-allocator input[type="range"][data-factor="${first}"]`);
      await slider.focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await sliders(page))[first]).toBe(defaults[first] + 5);
      const afterKeys = await expectSlidersSum(page);
      // the others gave way, none grew
      for (const f of factors.slice(1)) expect(afterKeys[f.id]).toBeLessThanOrEqual(defaults[f.id]);
      expect(await slider.getAttribute('aria-valuetext')).toBe(`${afterKeys[first]}%`);
      const keyed = await post(afterKeys);
      await expectTableIs(page, keyed);

      // a drag: the value set and input dispatched, as a pointer moving the thumb does (then change on release)
      const dragged = factors[factors.length - 2].id;
      await page.locator(`fund-allocator input[type="range"][data-factor="${dragged}"]`).evaluate((el) => {
        const input = el as Dom;
        for (const v of [Number(input.value) - 3, 10]) {
          input.value = String(v);
          input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        }
        input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      });
      await expect.poll(async () => (await sliders(page))[dragged]).toBe(10);
      const afterDrag = await expectSlidersSum(page);
      const draggedAnswer = await post(afterDrag);
      await expectTableIs(page, draggedAnswer);
      const baseline = await post();
      expect(draggedAnswer.rows.map((r) => r.amount)).not.toEqual(baseline.rows.map((r) => r.amount));

      // the widget told the host page, with the weights it computed with and a time
      const events = await page.evaluate(() => (globalThis as Dom).__events as { type: string; detail: any }[]);
      const recomputed = events.slice(eventsBefore).filter((e) => e.type === 'fund-allocator:recomputed');
      expect(recomputed.length).toBeGreaterThanOrEqual(6);
      const last = recomputed[recomputed.length - 1].detail;
      expect(typeof last.ms).toBe('number');
      expect(Number(last.total)).toBe(Number(TOTAL));
      expect(last.weights).toBeDefined();

      // and the service's check of the new weights agreed (a POST with them, then "checked")
      const sent = Object.fromEntries(Object.entries(afterDrag).map(([id, p]) => [id, fraction(p)]));
      await expect
        .poll(() => main!.posts.filter((p) => p.url === `${origin()}/v1/allocations`).map((p) => JSON.parse(p.body)?.overrides?.weights), {
          timeout: 15_000,
          message: 'a POST /v1/allocations with the weights the sliders show',
        })
        .toContainEqual(sent);
      await waitForState(page, ['checked'], 20_000);
      expect(main.errors).toEqual([]);
    });

    it('switches to English: labels from the model’s English titles, column headers in English', async () => {
      if (!main) throw new Error('no page: the first test failed');
      const { page } = main;
      const labels = () =>
        page.locator('fund-allocator input[type="range"][data-factor]').evaluateAll((els) =>
          Object.fromEntries(
            els.map((e) => [
              (e as Dom).dataset.factor!,
              Array.from((e as Dom).labels ?? [])
                .map((l: Dom) => l.textContent ?? '')
                .join(' '),
            ]),
          ),
        );
      const headers = () => page.locator('fund-allocator [data-part="table"] thead th').allInnerTexts();
      const zh = await labels();
      for (const f of factors) expect(zh[f.id], `label of ${f.id} in Chinese`).toContain(f.title.zh);
      expect((await headers()).join(' ')).toMatch(HAS_CJK);

      await page.locator('fund-allocator button[data-action="lang"]').click();
      await expect.poll(() => page.locator('fund-allocator').getAttribute('lang')).toBe('en');
      await expect.poll(async () => (await labels())[factors[0].id]).toContain(factors[0].title.en);
      const en = await labels();
      for (const f of factors) expect(en[f.id], `label of ${f.id} in English`).toContain(f.title.en);
      const th = await headers();
      expect(th.join(' ')).not.toMatch(HAS_CJK);
      expect(th.join(' ')).toMatch(/[A-Za-z]{3}/);
      expect(main.errors).toEqual([]);
    });

    it('has no serious or critical axe violation in zh and in en', async () => {
      if (!main) throw new Error('no page: the first test failed');
      const context = await newContext({ width: 1000, height: 900 });
      const zh = await open(context, '/axe-zh.html', hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh' }));
      await waitForState(zh.page, ['ready', 'checked']);
      await waitForState(zh.page, ['checked'], 20_000);
      expect(await seriousViolations(zh.page), 'zh').toEqual([]);
      // the main page is in English now, its sliders moved (what-if mode)
      expect(await main.page.locator('fund-allocator').getAttribute('lang')).toBe('en');
      expect(await seriousViolations(main.page), 'en').toEqual([]);
    });

    it('saves the variant with a short-lived token the host page’s server got; the scenario holds the weights', async () => {
      if (!main) throw new Error('no page: the first test failed');
      const { page } = main;
      const save = page.locator('fund-allocator button[data-action="save"]');
      // without a token: off, and says why
      await expect.poll(() => save.isDisabled()).toBe(true);
      const why = await save.evaluate((button) => {
        const ids = (button.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        const root = button.getRootNode() as Dom;
        return ids.map((id: string) => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
      });
      expect(why.length, 'the disabled save button is described (aria-describedby)').toBeGreaterThan(5);

      // the host page's server asks for a token with its write key, and hands it to the page
      const { token } = await saveToken(900);
      expect(token).toMatch(/^bft_[A-Za-z0-9_-]{43}$/);
      await page.locator('fund-allocator').evaluate((el, t) => {
        (el as Dom).token = t;
      }, token);
      await expect.poll(() => save.isDisabled()).toBe(false);

      const weights = await expectSlidersSum(page);
      const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${origin()}/v1/scenarios`, { timeout: 20_000 });
      saved.catch(() => undefined);
      await save.click();
      const answer = await saved;
      expect(answer.status(), await answer.text()).toBe(201);
      expect(await answer.request().headerValue('authorization')).toBe(`Bearer ${token}`);
      await expect.poll(() => page.locator('fund-allocator').getAttribute('data-saved-id'), { timeout: 15_000 }).toMatch(/\S/);
      const id = (await page.locator('fund-allocator').getAttribute('data-saved-id'))!;
      await waitForState(page, ['saved'], 10_000);
      const events = await page.evaluate(() => (globalThis as Dom).__events as { type: string; detail: any }[]);
      expect(events.filter((e) => e.type === 'fund-allocator:saved').map((e) => e.detail?.id)).toContain(id);

      // it is there, for the workspace's key, holding the chosen weights
      const got = await fetch(`${origin()}/v1/scenarios/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${writeKey}` },
        signal: AbortSignal.timeout(20_000),
      });
      expect(got.status, await got.clone().text()).toBe(200);
      const scenario = (await got.json()) as { id: string; route: string; request: any };
      expect(scenario.id).toBe(id);
      expect(scenario.route).toBe('/v1/allocations');
      expect(scenario.request.model).toBe(MODEL);
      expect(Number(scenario.request.total)).toBe(Number(TOTAL));
      expect(scenario.request.regions.dataset).toBe(DATASET);
      expect(scenario.request.overrides.weights).toEqual(Object.fromEntries(Object.entries(weights).map(([f, p]) => [f, fraction(p)])));
      // a second save of the same unchanged variant makes no duplicate: it says where it is (audit #12)
      const scenarioPosts = () => main!.posts.filter((p) => p.url === `${origin()}/v1/scenarios`).length;
      const before = scenarioPosts();
      await save.click();
      await expect.poll(() => page.locator('fund-allocator [data-part="status"]').first().innerText()).toContain(id);
      expect(await page.locator('fund-allocator [data-part="status"]').first().innerText()).toMatch(/已保存为 |Already saved as /);
      expect(await page.locator('fund-allocator').getAttribute('data-saved-id')).toBe(id);
      expect(scenarioPosts()).toBe(before);
      // a new change allows saving again: a new scenario
      const slider = page.locator('fund-allocator input[type="range"][data-factor]').first();
      await slider.focus();
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.locator('fund-allocator').getAttribute('data-saved-id')).toBeNull();
      const again = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${origin()}/v1/scenarios`, { timeout: 20_000 });
      again.catch(() => undefined);
      await save.click();
      expect((await again).status()).toBe(201);
      await expect.poll(() => page.locator('fund-allocator').getAttribute('data-saved-id'), { timeout: 15_000 }).toMatch(/\S/);
      expect(await page.locator('fund-allocator').getAttribute('data-saved-id')).not.toBe(id);
      expect(scenarioPosts()).toBe(before + 1);
      // the token never went into a URL
      expect(requests.filter((r) => r.includes(token))).toEqual([]);
      expect(main.errors).toEqual([]);
    });

    it('takes the token as an attribute too; a revoked token’s save is refused with a message, nothing saved', async () => {
      const { token, id } = await saveToken(600);
      const context = await newContext({ width: 1000, height: 900 });
      const { page, errors, posts } = await open(
        context,
        '/revoked.html',
        hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh', token }),
      );
      await waitForState(page, ['ready', 'checked']);
      const save = page.locator('fund-allocator button[data-action="save"]');
      await expect.poll(() => save.isDisabled()).toBe(false);

      const revoked = await fetch(`${origin()}/v1/tokens/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${writeKey}` },
        signal: AbortSignal.timeout(20_000),
      });
      expect(revoked.status).toBe(204);
      const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${origin()}/v1/scenarios`, { timeout: 20_000 });
      refused.catch(() => undefined);
      await save.click();
      const answer = await refused;
      expect(answer.status()).toBe(401);
      const problem = (await answer.json()) as Problem;
      // the service's reason (revoked: the host page must get a new token), in the widget's language
      const message = page.locator('fund-allocator [data-part="message"]').first();
      await message.waitFor({ state: 'visible' });
      expect(await message.innerText()).toContain(problem.detail_zh);
      expect(await page.locator('fund-allocator').getAttribute('data-saved-id')).toBeNull();
      expect(posts.filter((p) => p.url === `${origin()}/v1/scenarios`)).toHaveLength(1);
      expect(errors).toEqual([]);
    });

    it('a private dataset read with a token: the check and the CSV/XLSX downloads send the token too (audit #7, #25)', async () => {
      const sample = await fetch(`${origin()}/v1/datasets/${DATASET}`, { signal: AbortSignal.timeout(20_000) });
      expect(sample.status).toBe(200);
      const { rows } = (await sample.json()) as { rows: unknown[] };
      const made = await fetch(`${origin()}/v1/datasets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'e2e private', jurisdiction: 'e2e', year: 2024, kind: 'regions', model: MODEL, rows }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(made.status, await made.clone().text()).toBe(201);
      const { id: privateId } = (await made.json()) as { id: string };
      // private: an anonymous read does not find it
      expect((await fetch(`${origin()}/v1/datasets/${encodeURIComponent(privateId)}`, { signal: AbortSignal.timeout(20_000) })).status).toBe(404);
      const { token } = await saveToken(600);
      const context = await newContext({ width: 1000, height: 900 });
      const refused: string[] = [];
      context.on('response', (r) => {
        if (r.url().startsWith(origin()) && r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      });
      const { page, errors } = await open(context, '/private.html', hostPage(origin(), { dataset: privateId, total: TOTAL, unit: 'wan', lang: 'en', token }));
      // the service's check by reference agreed: it could read the private dataset
      await waitForState(page, ['checked', 'mismatch', 'error'], 30_000);
      expect(await state(page)).toBe('checked');
      const names: string[] = [];
      for (const format of ['csv', 'xlsx'] as const) {
        const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${origin()}/v1/allocations?format=${format}`, {
          timeout: 20_000,
        });
        answered.catch(() => undefined);
        const download = page.waitForEvent('download', { timeout: 20_000 });
        download.catch(() => undefined);
        await page.locator(`fund-allocator button[data-action="${format}"]`).click();
        const answer = await answered;
        expect(answer.status(), `${format}: ${await answer.text().catch(() => '')}`).toBe(200);
        expect(await answer.request().headerValue('authorization')).toBe(`Bearer ${token}`);
        names.push((await download).suggestedFilename());
      }
      // one name for both formats (audit #11)
      expect(names[0]).toMatch(/^allocation-.+-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(names[0]).toContain(privateId.replace(/[^A-Za-z0-9._-]+/g, '_'));
      expect(names[1]).toBe(names[0].replace(/\.csv$/, '.xlsx'));
      // no anonymous first try that was bound to fail (no 404/422 before the token was sent)
      expect(refused).toEqual([]);
      const message = page.locator('fund-allocator [data-part="message"]');
      if ((await message.count()) > 0) expect((await message.first().innerText()).trim()).toBe('');
      expect(errors).toEqual([]);
    });

    it('region naming a region not in the table: a note in each language, and the first row’s waterfall (audit #22)', async () => {
      const context = await newContext({ width: 1000, height: 900 });
      const { page, errors } = await open(
        context,
        '/region.html',
        hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh', region: 'ZZZ' }),
      );
      await waitForState(page, ['ready', 'checked']);
      // the answer's first row (the service's order), as the widget's default
      const firstId = (await post()).rows[0]?.id;
      expect(firstId).toBeTruthy();
      const note = page.locator('fund-allocator [data-part="region-note"]');
      await note.waitFor({ state: 'visible' });
      expect(await note.innerText()).toContain('ZZZ');
      expect(await note.innerText()).toMatch(/[\u4e00-\u9fff]/);
      const waterfall = page.locator('fund-allocator [data-part="waterfall"]');
      await waterfall.waitFor({ state: 'visible' });
      expect(await waterfall.getAttribute('aria-label')).toContain(firstId!);
      await expect.poll(() => page.locator('fund-allocator [data-part="reason"]').innerText()).toMatch(/\S/);
      await page.locator('fund-allocator button[data-action="lang"]').click();
      await expect.poll(() => note.innerText()).toMatch(/ZZZ.*not in this table/);
      // no token here: the save button is off and does not look like the main action (audit #15)
      const save = page.locator('fund-allocator button[data-action="save"]');
      expect(await save.isDisabled()).toBe(true);
      const look = await save.evaluate((b) => {
        const g = globalThis as Dom;
        const csv = (b.getRootNode() as Dom).querySelector('button[data-action="csv"]');
        return {
          background: g.getComputedStyle(b).backgroundColor,
          accent: g.getComputedStyle(csv).borderTopColor,
          page: g.getComputedStyle(csv).backgroundColor,
        };
      });
      expect(look.background).not.toBe(look.accent);
      expect(look.background).toBe(look.page);
      expect(errors).toEqual([]);
    });

    it('an unknown lang value: a message naming it, and Chinese (audit #3)', async () => {
      const context = await newContext({ width: 1000, height: 900 });
      const { page, errors } = await open(context, '/lang.html', hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'xx' }));
      await waitForState(page, ['ready', 'checked']);
      const note = page.locator('fund-allocator [data-part="lang-note"]');
      await note.waitFor({ state: 'visible' });
      expect(await note.innerText()).toContain('xx');
      expect(await note.innerText()).toMatch(/[\u4e00-\u9fff]/);
      expect(await page.locator('fund-allocator button[data-action="lang"]').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
      expect(errors).toEqual([]);
    });

    it('a long region name is cut with an ellipsis: the amounts stay in view, the chart keeps its height at 375 px (audit #9)', async () => {
      const sample = await fetch(`${origin()}/v1/datasets/${DATASET}`, { signal: AbortSignal.timeout(20_000) });
      const { rows } = (await sample.json()) as { rows: { id: string; name: string }[] };
      const long = `${'很长的地区名称'.repeat(12)}县`;
      const regions = rows.map((r, i) => (i === 0 ? { ...r, name: long } : r));
      const context = await newContext({ width: 375, height: 800 });
      const { page, errors } = await open(context, '/long.html', hostPage(origin(), { total: TOTAL, unit: 'wan', lang: 'zh', model: MODEL }));
      await page.locator('fund-allocator').evaluate((el, r) => {
        (el as Dom).regions = r;
      }, regions);
      await waitForState(page, ['ready', 'checked']);
      const row = page.locator(`fund-allocator tbody tr[data-region="${rows[0].id}"]`);
      const cut = await row.locator('.name').evaluate((el: Dom) => ({ text: el.textContent, scroll: el.scrollWidth, client: el.clientWidth }));
      expect(cut.text).toBe(long);
      expect(cut.scroll, 'the name is cut (ellipsis)').toBeGreaterThan(cut.client);
      expect(await row.locator('button.pick').getAttribute('title')).toContain(long);
      // the amount cell starts within the first 375 px of the table (not pushed out by the name)
      const amount = await row.locator('td[data-column="amount"]').boundingBox();
      const table = await page.locator('fund-allocator [data-part="table"]').boundingBox();
      expect(amount!.x - table!.x).toBeLessThan(375);
      const chart = await page.locator('fund-allocator [data-part="chart"]').boundingBox();
      expect(chart!.height).toBeGreaterThan(200);
      expect(errors).toEqual([]);
    });

    describe('bad attributes and a server that is down: a message, never a blank box', () => {
      async function expectMessage(page: Page): Promise<string> {
        await waitForState(page, ['error']);
        const message = page.locator('fund-allocator [data-part="message"]').first();
        await message.waitFor({ state: 'visible' });
        expect(await message.getAttribute('role')).toBe('alert');
        const text = (await message.innerText()).trim();
        expect(text.length).toBeGreaterThan(5);
        const box = await message.boundingBox();
        expect(box?.height ?? 0).toBeGreaterThan(10);
        return text;
      }

      it('an unknown dataset: the service’s not-found detail in Chinese', async () => {
        const context = await newContext({ width: 1000, height: 900 });
        const { page, errors } = await open(context, '/unknown.html', hostPage(origin(), { dataset: 'no-such-dataset', total: TOTAL, lang: 'zh' }));
        const text = await expectMessage(page);
        const res = await fetch(`${origin()}/v1/datasets/no-such-dataset`, { signal: AbortSignal.timeout(20_000) });
        expect(res.status).toBe(404);
        const problem = (await res.json()) as Problem;
        expect(text).toContain(problem.detail_zh);
        expect(errors).toEqual([]);
      });

      it('weights that do not sum: the engine’s weights-not-one message', async () => {
        const context = await newContext({ width: 1000, height: 900 });
        const { page, errors } = await open(
          context,
          '/weights.html',
          hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh', weights: BAD_WEIGHTS }),
        );
        const text = await expectMessage(page);
        // the service says the same of the same weights
        const res = await fetch(`${origin()}/v1/allocations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: MODEL,
            total: TOTAL,
            unit: 'wan',
            regions: { dataset: DATASET },
            overrides: { weights: { policy: '0.50', population: '0.30', income: '0.30', performance: '0.05' } },
          }),
          signal: AbortSignal.timeout(20_000),
        });
        expect(res.status).toBe(422);
        const problem = (await res.json()) as Problem;
        const notOne = problem.errors?.find((e) => e.code === 'weights-not-one');
        expect(notOne, JSON.stringify(problem)).toBeDefined();
        // the same words; a weight may be written 0.5 or 0.50 (compared by value)
        const byValue = (t: string) => t.replace(/\d+\.\d+/g, (n) => String(Number(n)));
        expect(byValue(text)).toContain(byValue(notOne!.detail_zh));
        expect(errors).toEqual([]);
      });

      it('a server that is down: says it cannot reach the service at api, offers a retry', async () => {
        expect(await answers(deadPort)).toBe(false);
        const api = `http://127.0.0.1:${deadPort}`;
        const context = await newContext({ width: 1000, height: 900 });
        const { page, errors } = await open(context, '/down.html', hostPage(origin(), { dataset: DATASET, total: TOTAL, lang: 'zh', api }));
        const text = await expectMessage(page);
        expect(text).toContain(`127.0.0.1:${deadPort}`);
        // another origin than the page: down, or this page's origin not in CORS_ORIGINS (audit #16)
        expect(text).toContain('CORS_ORIGINS');
        expect(text).toContain(hostOrigin);
        const retry = page.locator('fund-allocator button[data-action="retry"]');
        await retry.waitFor({ state: 'visible' });
        await retry.click();
        await expectMessage(page);
        expect(errors).toEqual([]);
      });
    });

    it('/embed in an iframe on the other origin reports its height by postMessage and takes a token', async () => {
      const context = await newContext({ width: 1000, height: 900 });
      const { page, errors } = await open(context, '/frame.html', framePage(origin()));
      const frame = page.frameLocator('#widget');
      await expect
        .poll(() => frame.locator('fund-allocator').getAttribute('data-state'), { timeout: 30_000 })
        .toSatisfy((s: unknown) => s === 'ready' || s === 'checked');
      await expect.poll(() => frame.locator('fund-allocator [data-part="table"] tbody tr[data-region]').count()).toBe(20);
      await expect.poll(() => page.evaluate(() => (globalThis as Dom).__heights.length as number), { timeout: 15_000 }).toBeGreaterThan(0);
      // the last height reported covers the widget, and came from the service's origin
      await expect
        .poll(
          async () => {
            const heights = await page.evaluate(() => (globalThis as Dom).__heights as { origin: string; height: number }[]);
            const bottom = await frame.locator('fund-allocator').evaluate((el) => Math.ceil(el.getBoundingClientRect().bottom));
            const last = heights[heights.length - 1];
            return last.origin === origin() && typeof last.height === 'number' && last.height >= bottom && last.height > 300;
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      const frameHeight = await page.locator('#widget').evaluate((el) => el.getBoundingClientRect().height);
      expect(frameHeight).toBeGreaterThan(300);

      // the host page hands a token to the iframe: its save button turns on
      const { token } = await saveToken();
      const save = frame.locator('fund-allocator button[data-action="save"]');
      await expect.poll(() => save.isDisabled()).toBe(true);
      await page.evaluate(
        ([t, target]) =>
          ((globalThis as Dom).document.getElementById('widget') as Dom).contentWindow!.postMessage({ type: 'fund-allocator:token', token: t }, target),
        [token, origin()] as const,
      );
      await expect.poll(() => save.isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    });

    it('at 375 px: fits the width (the table scrolls in its own box), no serious axe violation', async () => {
      const narrow = await newContext({ width: 375, height: 812 });
      const small = await open(narrow, '/narrow.html', hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh' }));
      await waitForState(small.page, ['checked'], 30_000);
      expect(await small.page.evaluate(() => (globalThis as Dom).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const widgetBox = await small.page.locator('fund-allocator').boundingBox();
      expect(widgetBox!.x + widgetBox!.width).toBeLessThanOrEqual(375);
      // the table's own box scrolls, or the table fits in it
      const table = await small.page
        .locator('fund-allocator [data-part="table"]')
        .first()
        .evaluate((el: Dom) => {
          const g = globalThis as Dom;
          let box = el.parentElement;
          while (box && !/auto|scroll/.test(g.getComputedStyle(box).overflowX)) box = box.parentElement;
          return { width: el.getBoundingClientRect().width as number, scroller: box ? (box.getBoundingClientRect().right as number) : null };
        });
      if (table.width > 375) {
        expect(table.scroller, 'the wide table scrolls in a box of its own').not.toBeNull();
        expect(table.scroller!).toBeLessThanOrEqual(375);
      }
      expect(await seriousViolations(small.page), '375 px').toEqual([]);
      expect(small.errors).toEqual([]);
    });

    it('screenshots (~1000 px in zh, 375 px) that show a widget, into a temporary folder', async () => {
      const shotsOf: { width: number; height: number; file: string }[] = [
        { width: 1000, height: 900, file: 'widget.png' },
        { width: 375, height: 812, file: 'widget-375.png' },
      ];
      for (const shot of shotsOf) {
        const context = await newContext({ width: shot.width, height: shot.height });
        const { page, errors } = await open(
          context,
          `/shot-${shot.width}.html`,
          hostPage(origin(), { dataset: DATASET, total: TOTAL, unit: 'wan', lang: 'zh' }),
        );
        await waitForState(page, ['checked'], 30_000);
        await page.evaluate(() => (globalThis as Dom).document.fonts.ready.then(() => undefined));
        await page.waitForTimeout(1500); // the charts' entry animation
        const file = join(shots, shot.file);
        await page.locator('fund-allocator').screenshot({ path: file, timeout: 20_000 });
        await expectNotBlank(page, file);
        if (process.env.E2E_UPDATE_DOCS === '1') copyFileSync(file, join(ROOT, 'docs', shot.file));
        expect(errors).toEqual([]);
      }
    });

    it('/demo shows the widget on sample-20 from the service itself, checked, with no serious axe violation', async () => {
      const context = await newContext({ width: 1000, height: 900 }, true);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const opened = await page.goto(`${origin()}/demo`, { waitUntil: 'load' });
      expect(opened?.status()).toBe(200);
      await waitForState(page, ['checked'], 30_000);
      expect(await page.locator('fund-allocator').first().getAttribute('dataset')).toBe(DATASET);
      await expectTableIs(page, await post());
      expect(await seriousViolations(page), '/demo').toEqual([]);
      expect(errors).toEqual([]);
    });

    it('the README’s two snippets work as written (the one tag, the iframe with its height listener)', async () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const start = readme.indexOf('\n## The widget · 嵌入式组件\n');
      expect(start, 'README has the section "The widget · 嵌入式组件"').toBeGreaterThan(0);
      const section = readme.slice(start, readme.indexOf('\n## ', start + 10));
      const blocks = [...section.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1].replaceAll('https://allocator.example.gov.cn', origin()));
      const tag = blocks.find((b) => b.includes('<fund-allocator'));
      const frame = blocks.find((b) => b.includes('<iframe'));
      expect(tag, 'the one-tag snippet').toBeDefined();
      expect(frame, 'the iframe snippet').toBeDefined();
      expect(tag).toContain(SCRIPT_PATH);
      const wrap = (body: string) =>
        `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>README</title></head><body><main><h1>README</h1>\n${body}\n</main></body></html>`;

      const context = await newContext({ width: 1000, height: 900 });
      const one = await open(context, '/readme-tag.html', wrap(tag!));
      await waitForState(one.page, ['checked'], 30_000);
      await expectTableIs(one.page, await post());
      expect(one.errors).toEqual([]);

      const framed = await open(context, '/readme-iframe.html', wrap(frame!));
      const iframe = framed.page.locator('iframe').first();
      await expect.poll(() => framed.page.frameLocator('iframe').locator('fund-allocator').getAttribute('data-state'), { timeout: 30_000 }).toBe('checked');
      // the listener of the snippet sized the frame to the page inside
      await expect.poll(() => iframe.evaluate((el: Dom) => el.getBoundingClientRect().height as number), { timeout: 15_000 }).toBeGreaterThan(300);
      expect(framed.errors).toEqual([]);
    });

    it('no request of any page left the machine', () => {
      expect(requests.length).toBeGreaterThan(10);
      expect(requests.filter((r) => !isLocal(r.slice(r.indexOf(' ') + 1)))).toEqual([]);
      expect(requests.some((r) => r.startsWith(`GET ${hostOrigin}/`))).toBe(true);
      expect(requests.some((r) => r.startsWith(`GET ${origin()}${SCRIPT_PATH}`))).toBe(true);
    });
  });
}
