/**
 * The spreadsheet door (src/api/sheets/door.ts): a calculation asked as a URL answers byte for byte what
 * its POST answers; HEAD, ETag and 304; text/plain JSON; a CSV, TSV or .xlsx of rows as the body;
 * ?errors=text; and no query, however bad, is a 5xx.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/universal';
import { memoryRateLimiter } from '../../src/api/access/rateLimit.js';
import { createApp } from '../../src/api/app.js';
import {
  ALLOCATION_EXAMPLES,
  COMPARE_EXAMPLES,
  EVALUATION_EXAMPLES,
  INDUSTRY_CHECK_EXAMPLES,
  MONITORING_EXAMPLES,
  OPTIMIZATION_EXAMPLES,
  RANKING_EXAMPLES,
} from '../../src/api/examples.js';
import { CALCULATION_ROUTES } from '../../src/api/references/resolve.js';
import { errorLine } from '../../src/api/sheets/door.js';
import { formQuery } from '../../src/api/sheets/formQuery.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { gbk } from '../fixtures/datasets/gbk.js';
import { expectProblem } from './request.js';

const app = createApp();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EXAMPLES: [string, string, Record<string, unknown>][] = (
  [
    ['/v1/allocations', ALLOCATION_EXAMPLES],
    ['/v1/allocations/compare', COMPARE_EXAMPLES],
    ['/v1/optimizations', OPTIMIZATION_EXAMPLES],
    ['/v1/rankings', RANKING_EXAMPLES],
    ['/v1/monitoring', MONITORING_EXAMPLES],
    ['/v1/checks/industry-share', INDUSTRY_CHECK_EXAMPLES],
    ['/v1/evaluations', EVALUATION_EXAMPLES],
  ] as const
).flatMap(([route, examples]) =>
  Object.entries(examples).map(([name, e]): [string, string, Record<string, unknown>] => [route, name, e.value as Record<string, unknown>]),
);

const urlOf = (route: string, body: Record<string, unknown>, options: Record<string, string> = {}) =>
  `${route}?${new URLSearchParams(formQuery(route, body, options)).toString()}`;
const postJson = (a: typeof app, route: string, body: unknown, query = '', headers: Record<string, string> = {}) =>
  a.request(`${route}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GET forms: the same answer as the POST', () => {
  it('covers every calculation route', () => {
    expect([...new Set(EXAMPLES.map(([route]) => route))].sort()).toEqual([...CALCULATION_ROUTES].sort());
  });

  it.each(EXAMPLES)('%s (example %s): JSON and CSV, byte for byte, provenance request hash included', async (route, _, body) => {
    for (const format of ['json', 'csv']) {
      const options: Record<string, string> = format === 'json' ? {} : { format };
      // an optimization's solve has a time limit, so on a loaded machine even two POSTs may differ: a pair
      // (POST, GET) that differs is asked again, up to three times; the same request must give the same bytes
      let text = '';
      let got = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        const post = await postJson(app, route, body, format === 'json' ? '' : `?format=${format}`);
        const get = await app.request(urlOf(route, body, options));
        text = await post.text();
        expect(get.status, `${format}: ${text.slice(0, 300)}`).toBe(post.status);
        expect(get.headers.get('content-type')).toBe(post.headers.get('content-type'));
        got = await get.text();
        if (format === 'json' && post.status === 200) {
          const request = JSON.parse(text).provenance.request;
          expect(request).toMatch(/^sha256:/);
          expect(JSON.parse(got).provenance.request).toBe(request);
        }
        if (got === text || route !== '/v1/optimizations') break;
      }
      if (got !== text) {
        const at = [...text].findIndex((ch, i) => ch !== got[i]);
        expect(got.slice(Math.max(0, at - 300), at + 100)).toBe(text.slice(Math.max(0, at - 300), at + 100));
      }
    }
  });

  it('a URL of the README kind: options, the weights alias and a number written as a string', async () => {
    const get = await app.request(
      `/v1/allocations?model=sichuan-2024&total=1000.00&unit=wan&weights.policy=0.40&weights.performance=0&${new URLSearchParams(formQuery('/v1/allocations', { regions: EXAMPLE_REGIONS }))}`,
    );
    const post = await postJson(app, '/v1/allocations', {
      model: 'sichuan-2024',
      total: '1000.00',
      unit: 'wan',
      overrides: { weights: { policy: '0.40', performance: 0 } },
      regions: EXAMPLE_REGIONS,
    });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe(await post.text());
  });

  it('HEAD: the status and headers of the GET, no body; a HEAD that is a 422 is a 422', async () => {
    const url = urlOf('/v1/allocations', ALLOCATION_EXAMPLES.sichuan2024.value as Record<string, unknown>);
    const get = await app.request(url);
    const head = await app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect([...head.headers]).toEqual([...get.headers]);
    expect(await head.text()).toBe('');
    const bad = await app.request('/v1/allocations?model=sichuan-2024&total=5,000&unit=wan', { method: 'HEAD' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await bad.text()).toBe('');
  });

  it('ETag is the SHA-256 of the bytes, Cache-Control no-cache; If-None-Match (strong, weak, a list, *) → 304 without a body', async () => {
    const url = urlOf('/v1/allocations', ALLOCATION_EXAMPLES.sichuan2024.value as Record<string, unknown>, { format: 'csv' });
    const get = await app.request(url);
    const bytes = new Uint8Array(await get.arrayBuffer());
    const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;
    expect(get.headers.get('etag')).toBe(etag);
    expect(get.headers.get('cache-control')).toBe('no-cache');
    for (const sent of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await app.request(url, { headers: { 'if-none-match': sent } });
      expect(again.status, sent).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('no-cache');
      expect(await again.text()).toBe('');
    }
    const changed = await app.request(url.replace('total=1000.00', 'total=1001.00'), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // a POST is not a GET form: no ETag
    expect((await postJson(app, '/v1/allocations', ALLOCATION_EXAMPLES.sichuan2024.value)).headers.get('etag')).toBeNull();
  });

  it("a missing total, or total=5,000: the route's own 422 naming /total (never a 5xx)", async () => {
    const rest = new URLSearchParams(formQuery('/v1/allocations', { model: 'sichuan-2024', unit: 'wan', regions: EXAMPLE_REGIONS })).toString();
    const missing = await expectProblem(await app.request(`/v1/allocations?${rest}`), 422, ['/total']);
    expect(missing.errors.find((e: { pointer: string }) => e.pointer === '/total').code).toBe('required');
    const separated = await expectProblem(await app.request(`/v1/allocations?${rest}&total=5,000`), 422, ['/total']);
    expect(separated.errors[0]).toMatchObject({ pointer: '/total', code: 'thousands-separator' });
  });

  it('a bad form is a 422 naming the query names', async () => {
    const body = await expectProblem(await app.request('/v1/allocations?total=1&total=2&a.b=1&a=2'), 422, ['?total', '?a']);
    expect(body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['query-name-repeated', 'query-names-conflict']);
  });

  it('both an Authorization header and ?key: 400 two-keys', async () => {
    const res = await app.request('/v1/allocations?key=bfa_x&total=1', { headers: { authorization: 'Bearer bfa_y' } });
    const body = await expectProblem(res, 400);
    expect(body.code).toBe('two-keys');
  });

  it('405 on the calculation routes names GET now; /openapi.json documents a GET beside every calculation POST', async () => {
    const put = await app.request('/v1/allocations', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, any>> };
    for (const route of CALCULATION_ROUTES) {
      const get = doc.paths[route].get;
      expect(get, route).toBeDefined();
      expect(get.description).toContain('Example: `' + route + '?');
      const names = get.parameters.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['format', 'key', 'errors']));
      expect(get.responses['304']).toBeDefined();
      expect(get.responses['200'].headers.ETag).toBeDefined();
    }
    expect(doc.paths['/v1/allocations'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['dataset', 'revision', 'regions', 'lastYear']),
    );
  });
});

describe('the rate limit counts each request once', () => {
  it("a GET form once (not again for its inner POST), a CSV body once, and the door's own 422 too", async () => {
    const fresh = () => createApp({ rateLimiter: memoryRateLimiter({ limit: 2, period: 60 }) });
    const good = urlOf('/v1/allocations', ALLOCATION_EXAMPLES.sichuan2024.value as Record<string, unknown>);
    let a = fresh();
    expect([(await a.request(good)).status, (await a.request(good)).status, (await a.request(good)).status]).toEqual([200, 200, 429]);
    a = fresh();
    const bad = '/v1/allocations?total=1&total=2';
    expect([(await a.request(bad)).status, (await a.request(bad)).status, (await a.request(bad)).status]).toEqual([422, 422, 429]);
    a = fresh();
    const native = '/v1/models?errors=json';
    expect([(await a.request(native)).status, (await a.request(native)).status, (await a.request(native)).status]).toEqual([422, 422, 429]);
    a = fresh();
    const csv = () =>
      a.request('/v1/allocations?model=sichuan-2024&total=1000.00&unit=wan', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\n',
      });
    expect([(await csv()).status, (await csv()).status, (await csv()).status]).toEqual([200, 200, 429]);
    a = fresh();
    const badCsv = () => a.request('/v1/allocations?total=1&total=2', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id\r\nA\r\n' });
    expect([(await badCsv()).status, (await badCsv()).status, (await badCsv()).status]).toEqual([422, 422, 429]);
  });
});

describe('GET forms with datasets and a key in the query', () => {
  it('dataset=<id> answers what the POST with the reference answers; a 183-county request by dataset fits in a 2,048-character URL', async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    const writer = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const reader = (await createKey(store, { name: 'r', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
    const regions = Array.from({ length: 183 }, (_, i) => ({
      id: `R${String(i).padStart(3, '0')}`,
      name: `县${i}`,
      indicators: {
        keyCounty: ['national', 'provincial', 'other'][i % 3],
        relocation: String(100 * (i % 7)),
        poverty: String(10000 + 137 * i),
        monitored: String(500 + 11 * i),
        income: String(14000 + 31 * i),
        performance: String(80 + (i % 20)),
      },
    }));
    const made = await a.request('/v1/datasets', {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '183 县', jurisdiction: '四川省', year: 2024, kind: 'regions', model: 'sichuan-2024', rows: regions }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const request = { model: 'sichuan-2024', total: '50000.00', unit: 'wan', overrides: { weights: { policy: '0.40', performance: 0 } } };
    const auth = { authorization: `Bearer ${reader}` };
    for (const [query, ref] of [
      [`dataset=${id}`, { dataset: id }],
      [`dataset=${id}&revision=1`, { dataset: id, revision: 1 }],
      [`regions=${id}@1`, { dataset: id, revision: 1 }],
    ] as const) {
      const post = await postJson(a, '/v1/allocations', { ...request, regions: ref }, '', auth);
      const text = await post.text();
      expect(post.status, text).toBe(200);
      expect(JSON.parse(text).rows).toHaveLength(183);
      const url = `/v1/allocations?model=sichuan-2024&total=50000.00&unit=wan&weights.policy=0.40&weights.performance=0&${query}`;
      const get = await a.request(url, { headers: auth });
      expect(await get.text(), query).toBe(text);
      // the key in the query, as WEBSERVICE sends it
      const keyed = `${url}&key=${reader}`;
      expect(keyed.length).toBeLessThan(2048);
      const viaKey = await a.request(keyed);
      expect(viaKey.status).toBe(200);
      expect(await viaKey.text(), query).toBe(text);
    }
    // a write key in the URL is refused, not used
    const writerInUrl = await a.request(`/v1/allocations?dataset=${id}&model=sichuan-2024&total=1&unit=wan&key=${writer}`);
    expect((await expectProblem(writerInUrl, 403)).code).toBe('key-in-query-not-read-only');
    // the CSV for the sheet: 183 rows, a total row, the header
    const csv = await a.request(`/v1/allocations?dataset=${id}&model=sichuan-2024&total=50000.00&unit=wan&format=csv&key=${reader}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(185);
    // a private dataset without the key does not exist; rankings take the same dataset's ids and names
    await expectProblem(await a.request(`/v1/allocations?dataset=${id}&model=sichuan-2024&total=1&unit=wan`), 422, ['/regions/dataset']);
    const ranking: Record<string, unknown> = { ...(RANKING_EXAMPLES.sichuanCountyPoints.value as Record<string, unknown>), events: [] };
    const { regions: _, ...rest } = ranking;
    const post = await postJson(a, '/v1/rankings', { ...rest, regions: { dataset: id } }, '', auth);
    const get = await a.request(`${urlOf('/v1/rankings', { ...rest, events: [] })}&dataset=${id}`, { headers: auth });
    const text = await post.text();
    expect(post.status, text).toBe(200);
    expect(JSON.parse(text).rows).toHaveLength(183);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe(text);
  });
});

describe('GET forms with last year from a saved scenario', () => {
  it('lastYear=<scenario>[@n] answers what "lastYear": {"scenario"} answers, on allocations and on compare', async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    const reader = (await createKey(store, { name: 'r', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
    const writer = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const request = { model: 'sichuan-2024', total: '900.00', unit: 'wan', regions: EXAMPLE_REGIONS };
    const saved = await postJson(a, '/v1/scenarios', { title: '2024 final', route: '/v1/allocations', request }, '', { authorization: `Bearer ${writer}` });
    expect(saved.status, await saved.clone().text()).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    const auth = { authorization: `Bearer ${reader}` };
    const body = { ...request, total: '1000.00' };
    for (const [query, ref] of [
      [`lastYear=${id}`, { scenario: id }],
      [`lastYear=${id}@1`, { scenario: id, revision: 1 }],
    ] as const) {
      const post = await postJson(a, '/v1/allocations', { ...body, lastYear: ref }, '', auth);
      const text = await post.text();
      expect(post.status, text).toBe(200);
      expect(JSON.parse(text).provenance.references[0]).toMatchObject({ pointer: '/lastYear', scenario: id, revision: 1 });
      const get = await a.request(`${urlOf('/v1/allocations', body)}&${query}&key=${reader}`);
      expect(await get.text(), query).toBe(text);
    }
    const compare = {
      baseline: { ...body, lastYear: { scenario: id } },
      variants: [{ name: 'policy 40%', overrides: { weights: { policy: '0.40', performance: '0' } } }],
    };
    const post = await postJson(a, '/v1/allocations/compare', compare, '', auth);
    const text = await post.text();
    expect(post.status, text).toBe(200);
    const url = `${urlOf('/v1/allocations', body)}&lastYear=${id}&variants.0.name=policy%2040%25&variants.0.weights.policy=0.40&variants.0.weights.performance=%220%22`;
    const get = await a.request(url.replace('/v1/allocations?', '/v1/allocations/compare?'), { headers: auth });
    expect(await get.text()).toBe(text);
  });
});

describe('POST as text/plain (simple CORS: Office.js)', () => {
  it('JSON sent as text/plain, with or without a charset, answers as application/json does', async () => {
    const body = ALLOCATION_EXAMPLES.sichuan2024.value;
    const json = await (await postJson(app, '/v1/allocations', body, '?format=csv')).text();
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'Text/Plain; charset=utf-8']) {
      const res = await app.request('/v1/allocations?format=csv', { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
      expect(res.status, type).toBe(200);
      expect(await res.text()).toBe(json);
    }
  });

  it('malformed JSON as text/plain is a 400 malformed-json; text that is no JSON at all stays the 415', async () => {
    await expectProblem(await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"total":' }), 400);
    await expectProblem(await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'total=5' }), 415);
  });

  it('on the memory routes too: a text/plain scenario is answered as the JSON one, not a 415', async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    const writer = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    for (const key of [undefined, writer]) {
      const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
      const text = await a.request('/v1/scenarios', { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: '{"title":"x"}' });
      const json = await a.request('/v1/scenarios', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"title":"x"}' });
      expect(text.status).not.toBe(415);
      expect(text.status).toBe(json.status);
      expect(await text.text()).toBe(await json.text());
    }
  });

  it('a text/plain body over 5 MB is a 413', async () => {
    const big = `{"a":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    await expectProblem(await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big }), 413);
  });
});

describe('POST of a table of rows', () => {
  const HEADER = ['编号', '名称', '重点帮扶县', '易地搬迁集中安置人口', '脱贫人口', '监测对象', '脱贫人口人均纯收入（元）', '上年度绩效评价得分'];
  const ROWS = [
    ['A', '甲县', '国家重点县', 1200, 52000, 3100, 15600, 92],
    ['B', '乙县', '省级重点县', 300, 31000, 1800, 17300, 85],
    ['C', '丙县', '其他', 0, 12000, 700, 19800, 88],
  ];
  const CSV = [HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const QUERY = '?model=sichuan-2024&total=1000.00&unit=wan';
  const send = (a: typeof app, body: BodyInit, type: string, query = QUERY, headers: Record<string, string> = {}) =>
    a.request(`/v1/allocations${query}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  async function expected() {
    const res = await postJson(app, '/v1/allocations', { model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS });
    return (await res.json()) as { rows: unknown; summary: unknown };
  }

  it('CSV (UTF-8, and GBK with Chinese headers), TSV: the rows and summary of the JSON request', async () => {
    const want = await expected();
    for (const [body, type] of [
      [CSV, 'text/csv'],
      [gbk(CSV), 'text/csv'],
      [`\uFEFF${CSV}`, 'text/csv; charset=utf-8'],
      [CSV.replace(/,/g, '\t'), 'text/tab-separated-values'],
    ] as [BodyInit, string][]) {
      const res = await send(app, body, type);
      const got = (await res.json()) as { rows: unknown; summary: unknown };
      expect(res.status, JSON.stringify(got).slice(0, 400)).toBe(200);
      expect(got.rows).toEqual(want.rows);
      expect(got.summary).toEqual(want.summary);
    }
  });

  it('an .xlsx of the rows, made by write-excel-file: the same', async () => {
    const want = await expected();
    const blob = await writeExcelFile([HEADER, ...ROWS] as never).toBlob();
    const res = await send(app, new Uint8Array(await blob.arrayBuffer()), XLSX);
    const got = (await res.json()) as { rows: unknown; summary: unknown };
    expect(res.status, JSON.stringify(got).slice(0, 400)).toBe(200);
    expect(got.rows).toEqual(want.rows);
    expect(got.summary).toEqual(want.summary);
  });

  it('options stay options (format=csv), and the weights alias comes from the query', async () => {
    const res = await send(app, CSV, 'text/csv', `${QUERY}&weights.policy=0.40&weights.performance=0&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const json = await postJson(
      app,
      '/v1/allocations',
      { model: 'sichuan-2024', total: '1000.00', unit: 'wan', overrides: { weights: { policy: '0.40', performance: 0 } }, regions: EXAMPLE_REGIONS },
      '?format=csv',
    );
    expect(await res.text()).toBe(await json.text());
  });

  it('a bad cell names its line and column under /regions; rows twice (a table and ?dataset) is a 422; over 5 MB a 413', async () => {
    const bad = CSV.replace('52000', '5万');
    const problem = await expectProblem(await send(app, bad, 'text/csv'), 422);
    expect(problem.errors[0].pointer).toMatch(/^\/regions\/0\//);
    expect(problem.errors[0].detail).toMatch(/line 2|row 2/i);
    await expectProblem(await send(app, CSV, 'text/csv', `${QUERY}&dataset=ds_x`), 422, ['?dataset']);
    await expectProblem(await send(app, CSV, 'text/csv', `${QUERY}&rows=people`), 422, ['?rows']);
    await expectProblem(await send(app, 'x'.repeat(5 * 1024 * 1024 + 1), 'text/csv'), 413);
  });

  it("a saved model's titles read the headers for its workspace's key; another workspace's key cannot name it; ?key on a POST is a 400", async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    const writer = (await createKey(store, { name: 'w', workspace: 'guangyuan', scope: 'write' }, 'cli')).secret;
    const stranger = (await createKey(store, { name: 's', workspace: 'mianyang', scope: 'write' }, 'cli')).secret;
    const model = {
      id: 'guangyuan-2025',
      title: { zh: '广元市模型', en: 'Guangyuan' },
      unit: 'wan',
      factors: [{ id: 'need', weight: '1', indicators: [{ id: 'poor', title: { zh: '脱贫人口', en: 'Poverty' }, weight: '1', transform: 'direct' }] }],
    };
    const saved = await a.request('/v1/models/allocation', {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model }),
    });
    expect(saved.status, await saved.clone().text()).toBe(201);
    const table = '编号,脱贫人口\r\nA,100\r\nB,300\r\n';
    const query = '?model=guangyuan-2025&total=100.00&unit=wan';
    const res = await send(a, table, 'text/csv', query, { authorization: `Bearer ${writer}` });
    const got = (await res.json()) as { rows: { id: string; amount: string }[] };
    expect(res.status, JSON.stringify(got)).toBe(200);
    expect(got.rows.map((r) => [r.id, r.amount])).toEqual([
      ['A', '25.00'],
      ['B', '75.00'],
    ]);
    const other = await expectProblem(await send(a, table, 'text/csv', query, { authorization: `Bearer ${stranger}` }), 422);
    expect(other.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([['?model', 'unknown-model']]);
    const keyed = await expectProblem(await send(a, table, 'text/csv', `${query}&key=${writer}`), 400);
    expect(keyed.code).toBe('key-in-query-get-only');
  });

  it('a route that takes no rows list keeps its 415 for a CSV, naming JSON and text/plain JSON only', async () => {
    const p = await expectProblem(
      await app.request('/v1/evaluations?model=x', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' }),
      415,
    );
    expect(p.code).toBe('unsupported-media-type');
    expect(p.detail).toContain('application/json');
    expect(p.detail).toContain('text/plain');
    expect(p.detail).not.toContain('text/csv;');
    expect(p.detail).not.toContain('xlsx');
  });

  it('any other media type is the 415 naming every type the route takes, before its query (not unknown-query-parameter)', async () => {
    for (const [type, body] of [
      ['text/html', '<p>x</p>'],
      ['application/octet-stream', 'id,x\nA,1\n'],
      ['application/vnd.ms-excel', 'id,x\nA,1\n'],
      ['multipart/form-data; boundary=x', '--x--'],
      ['text/plain', 'total=5'],
    ]) {
      const p = await expectProblem(await send(app, body, type), 415);
      expect(p.code, type).toBe('unsupported-media-type');
      for (const named of ['application/json', 'text/plain', 'text/csv', 'text/tab-separated-values', XLSX]) {
        expect(p.detail, `${type}: ${named}`).toContain(named);
        expect(p.detail_zh, `${type}: ${named}`).toContain(named);
      }
      expect(p.detail).toContain(JSON.stringify(type));
    }
    // a JSON type the validator reads is not refused here
    const json = await app.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS }),
    });
    expect(json.status).toBe(200);
  });

  it('an .xlsx labelled application/octet-stream or application/vnd.ms-excel (by its zip signature) is read as one; an .xls gets "save as .xlsx"', async () => {
    const want = await expected();
    const bytes = new Uint8Array(await (await writeExcelFile([HEADER, ...ROWS] as never).toBlob()).arrayBuffer());
    for (const type of ['application/octet-stream', 'application/vnd.ms-excel']) {
      const res = await send(app, bytes, type);
      const got = (await res.json()) as { rows: unknown };
      expect(res.status, `${type} ${JSON.stringify(got).slice(0, 300)}`).toBe(200);
      expect(got.rows).toEqual(want.rows);
    }
    const xls = new Uint8Array(512);
    xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const p = await expectProblem(await send(app, xls, 'application/vnd.ms-excel'), 422);
    expect(p.errors[0].code).toBe('unreadable-xlsx');
    expect(p.errors[0].detail).toMatch(/\.xls\b.*\.xlsx/);
  });
});

describe('?errors=text', () => {
  it("a GET form's 422 is one line a cell shows, naming /total; a 200 is unchanged", async () => {
    const rest = new URLSearchParams(formQuery('/v1/allocations', { model: 'sichuan-2024', unit: 'wan', regions: EXAMPLE_REGIONS })).toString();
    const res = await app.request(`/v1/allocations?${rest}&total=5,000&errors=text`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const line = await res.text();
    expect(line).toMatch(/^#ERROR 422 thousands-separator: \/total: .*5000.* \/ \/total：.*[\u4e00-\u9fff]/);
    expect(line).not.toContain('\n');
    const missing = await (await app.request(`/v1/allocations?${rest}&errors=text`)).text();
    expect(missing).toMatch(/^#ERROR 422 required: \/total: /);
    const ok = await app.request(`/v1/allocations?${rest}&total=1000.00&errors=text&format=csv`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('several problems: the first, and (+N more)', async () => {
    const line = await (await app.request('/v1/allocations?total=1&total=2&a.b=1&a=2&errors=text')).text();
    expect(line).toMatch(/^#ERROR 422 query-name-repeated: \?total: .* \(\+1 more\)$/);
  });

  it('native GETs too: an unknown model, an unknown dataset, a scenario result', async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    const model = await (await a.request('/v1/models/allocation/atlantis?errors=text')).text();
    expect(model).toMatch(/^#ERROR 404 unknown-model: .*atlantis.* \/ .*[\u4e00-\u9fff]/);
    const dataset = await a.request('/v1/datasets/ds_nope?errors=text');
    expect(dataset.status).toBe(200);
    expect(await dataset.text()).toMatch(/^#ERROR 404 /);
    const result = await a.request('/v1/scenarios/sc_nope/result?errors=text');
    expect(result.status).toBe(200);
    expect(await result.text()).toMatch(/^#ERROR 404 /);
    const head = await a.request('/v1/datasets/ds_nope?errors=text', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('any other value of errors, or errors twice, is a 422', async () => {
    await expectProblem(await app.request('/v1/models?errors=json'), 422, ['?errors']);
    await expectProblem(await app.request('/v1/allocations?errors=texts&total=1'), 422, ['?errors']);
    await expectProblem(await app.request('/v1/models?errors=text&errors=text'), 422, ['?errors']);
  });

  it('errors=TEXT, errors=%20text: text in any case, blanks around it ignored (it only dresses the error), on GET forms and native GETs', async () => {
    const store = sqliteStore(':memory:');
    const a = createApp({ store });
    for (const value of ['TEXT', 'Text', '%20text', 'text%20']) {
      const form = await a.request(`/v1/allocations?model=sichuan-2024&unit=wan&errors=${value}`);
      expect(form.status, value).toBe(200);
      expect(form.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await form.text()).toMatch(/^#ERROR 422 /);
      const native = await a.request(`/v1/datasets/ds_nope?errors=${value}`);
      expect(native.status, value).toBe(200);
      expect(await native.text()).toMatch(/^#ERROR 404 /);
    }
  });

  it('the line of a problem without errors[] uses its own code and detail', () => {
    expect(errorLine({ status: 404, code: 'unknown-dataset', detail: 'no\ndataset', detail_zh: '没有' })).toBe(
      '#ERROR 404 unknown-dataset: no dataset / 没有',
    );
  });
});

describe('no query is a 5xx', () => {
  const name = fc.oneof(
    fc.constantFrom('format', 'explain', 'table', 'region', 'column', 'key', 'errors', 'rows', 'dataset', 'revision', 'regions', 'projects', 'lastYear'),
    fc.constantFrom(
      'model',
      'total',
      'unit',
      'weights.policy',
      'regions.0.id',
      'regions.1.indicators.poverty',
      'overrides',
      'baseline.total',
      'variants.0.name',
    ),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(
    fc.constantFrom('text', 'csv', 'xlsx', 'value', 'true', 'null', '5000', '0.40', '5,000', '{}', '[]', '{"a":', '"x"', 'ds_x@2', '@', '1e400', '[[[[[[[['),
    fc.string({ maxLength: 12 }),
  );
  it('random query strings on every calculation route: 2xx, 3xx or 4xx, never 5xx', async () => {
    // with a store: a dataset reference without one is the deployment's 503 storage-unavailable, by design
    const app = createApp({ store: sqliteStore(':memory:') });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CALCULATION_ROUTES),
        fc.array(fc.tuple(name, value), { maxLength: 6 }),
        fc.boolean(),
        async (route, pairs, head) => {
          const query = new URLSearchParams(pairs.filter(([k]) => k !== 'key')).toString();
          const res = await app.request(`${route}?${query}`, { method: head ? 'HEAD' : 'GET' });
          expect(res.status, `${route}?${query}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
