/**
 * The OpenAPI document says what the access layer does on every route (audit of issue 12, finding 18):
 * 429 on every /v1 route, a key for every write of the memory (datasets, scenarios, saved models, keys),
 * Location (and the first ETag) on every 201, 415 naming the media types on every route with a body; and
 * the datasets' PUT and DELETE as they behave (TSV; an optional If-Match, 428, 503). Checked across all
 * routes, so a route added later is held to it too; and what is documented is what the routes answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { memoryRateLimiter } from '../../src/api/access/rateLimit.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { example?: { detail?: string; title?: string } }> }>;
};

let doc: { paths: Record<string, Record<string, Operation>> };
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })),
  );
const WRITES = /^\/v1\/(datasets|scenarios|keys|models\/\{kind\})(\/|$)/;

beforeAll(async () => {
  doc = (await (await createApp().request('/openapi.json')).json()) as typeof doc;
});

describe('the OpenAPI document, across every route', () => {
  it('documents 429 on every /v1 route', () => {
    const v1 = operations().filter((o) => o.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(20);
    for (const { name, op } of v1) expect(op.responses['429'], name).toBeDefined();
  });

  it('every write of datasets, scenarios, saved models and keys declares bearerAuth', () => {
    const writes = operations().filter((o) => o.method !== 'get' && WRITES.test(o.path));
    const names = writes.map((w) => w.name);
    for (const expected of [
      'POST /v1/datasets',
      'PUT /v1/datasets/{id}',
      'DELETE /v1/datasets/{id}',
      'POST /v1/scenarios',
      'PUT /v1/scenarios/{id}',
      'DELETE /v1/scenarios/{id}',
      'POST /v1/models/{kind}',
      'PUT /v1/models/{kind}/{id}',
      'DELETE /v1/models/{kind}/{id}',
      'POST /v1/keys',
      'DELETE /v1/keys/{id}',
    ])
      expect(names).toContain(expected);
    for (const { name, op } of writes) expect(op.security, name).toEqual([{ bearerAuth: [] }]);
  });

  it('every 201 names what it made in Location; a dataset, scenario or saved model its first ETag too', () => {
    const created = operations().filter((o) => o.op.responses['201']);
    expect(created.map((c) => c.name)).toEqual(
      expect.arrayContaining(['POST /v1/datasets', 'POST /v1/scenarios', 'POST /v1/models/{kind}', 'POST /v1/keys']),
    );
    for (const { name, path, op } of created) {
      const headers = Object.keys(op.responses['201'].headers ?? {}).map((h) => h.toLowerCase());
      expect(headers, name).toContain('location');
      // keys and save tokens have no revisions
      if (path !== '/v1/keys' && path !== '/v1/tokens') expect(headers, name).toContain('etag');
    }
  });

  it('every route with a body lists 415; one that takes CSV/TSV says so in its example', () => {
    const withBody = operations().filter((o) => o.op.requestBody);
    expect(withBody.map((w) => w.name)).toEqual(
      expect.arrayContaining(['POST /v1/scenarios', 'PUT /v1/scenarios/{id}', 'POST /v1/models/{kind}', 'PUT /v1/models/{kind}/{id}']),
    );
    for (const { name, op } of withBody) {
      const r = op.responses['415'];
      expect(r, name).toBeDefined();
      const example = r.content?.['application/problem+json']?.example;
      expect(example?.title, name).not.toMatch(/application\/json/);
      if ('text/csv' in op.requestBody!.content) expect(example?.detail, name).toMatch(/text\/csv.*text\/tab-separated-values/);
    }
  });

  it('PUT /v1/datasets/{id} takes TSV; DELETE /v1/datasets/{id} lists an optional If-Match, 428 and 503', () => {
    expect(Object.keys(doc.paths['/v1/datasets/{id}'].put.requestBody!.content)).toEqual(
      expect.arrayContaining(['application/json', 'text/csv', 'text/tab-separated-values']),
    );
    const del = doc.paths['/v1/datasets/{id}'].delete;
    const ifMatch = del.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
    expect(ifMatch).toBeDefined();
    expect(ifMatch?.required ?? false).toBe(false);
    for (const status of ['204', '401', '403', '404', '409', '412', '428', '429', '503']) expect(del.responses[status], status).toBeDefined();
  });
});

describe('what is documented is what the routes answer', () => {
  it('a scenario or saved model sent as text/plain is a 415; a dataset PUT as TSV is read as TSV', async () => {
    const store = sqliteStore(':memory:');
    const app = createApp({ store });
    const key = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const send = (method: string, path: string, type: string, body: string, extra: Record<string, string> = {}) =>
      app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': type, ...extra }, body });
    for (const [method, path] of [
      ['POST', '/v1/scenarios'],
      ['POST', '/v1/models/allocation'],
    ]) {
      const res = await send(method, path, 'text/plain', 'x');
      expect(res.status, `${method} ${path}`).toBe(415);
    }
    const csv =
      '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\nA,甲县,国家重点县,1200,52000,3100,15600,92\n';
    const made = await send('POST', '/v1/datasets?title=t&jurisdiction=j&year=2024&model=sichuan-2024', 'text/csv', csv);
    expect(made.status, await made.clone().text()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const put = await send('PUT', `/v1/datasets/${id}`, 'text/tab-separated-values', csv.replace(/,/g, '\t'), { 'if-match': '"1"' });
    expect(put.status, await put.clone().text()).toBe(200);
    const star = await app.request(`/v1/datasets/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}`, 'if-match': '*' } });
    expect(star.status).toBe(428);
  });

  it('429 is what an over-the-limit request gets on a write route', async () => {
    const store = sqliteStore(':memory:');
    const app = createApp({ store, rateLimiter: memoryRateLimiter({ limit: 1, period: 60 }) });
    const key = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const del = () => app.request('/v1/datasets/ds_x', { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    await del();
    expect((await del()).status).toBe(429);
  });
});
