/**
 * Saved scenarios in Node on a SQLite store through app.request: save (checked by running it, references and
 * model pinned), read with ETags, revise with If-Match (428/412), delete softly, all audited; private ones only
 * for their workspace; and the result, cached: a miss then a hit of the same bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES, putDataset } from './scenarios-fixtures.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let writer = '';
let reader = '';
let stranger = '';

function call(method: string, path: string, opts: { body?: unknown; key?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return app.request(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
}

const SAVE = { title: '2025 初稿', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: 'ds_c' } } };

beforeAll(async () => {
  writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  reader = (await createKey(store, { name: 'viewer', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
  stranger = (await createKey(store, { name: 'elsewhere', workspace: 'gansu', scope: 'write' }, 'cli')).secret;
  await putDataset(store, { id: 'ds_c', rows: COUNTIES });
});

async function save(body: unknown = SAVE, key = writer) {
  const res = await call('POST', '/v1/scenarios', { body, key });
  return { res, json: (await res.json()) as any };
}

describe('POST /v1/scenarios', () => {
  it('saves revision 1 with the dataset reference pinned to its head and the model pinned by hash, audited', async () => {
    const { res, json } = await save();
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/scenarios/${json.id}`);
    expect(json).toMatchObject({ revision: 1, head: 1, title: '2025 初稿', route: '/v1/allocations', visibility: 'private', workspace: 'sichuan' });
    expect(json.request.regions).toEqual({ dataset: 'ds_c', revision: 1 });
    expect(json.model).toEqual({ id: 'sichuan-2024', version: expect.any(String), hash: expect.stringMatching(/^sha256:/) });
    const audit = await store.db.selectFrom('audit_log').selectAll().where('resource', '=', 'scenario').where('resource_id', '=', json.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', revision: 1, hash: json.hash });
  });

  it('needs a write key: none 401, a read key 403', async () => {
    await expectProblem(await call('POST', '/v1/scenarios', { body: SAVE }), 401);
    await expectProblem(await call('POST', '/v1/scenarios', { body: SAVE, key: reader }), 403);
  });

  it('refuses a request that does not run, with the route’s own problems under /request', async () => {
    const res = await call('POST', '/v1/scenarios', {
      body: { ...SAVE, request: { ...ALLOCATION, total: '5,000', regions: { dataset: 'ds_nothing' } } },
      key: writer,
    });
    const body = await expectProblem(res, 422, ['/request/regions/dataset']);
    expect(body.errors[0].code).toBe('unknown-dataset');
    const bad = await call('POST', '/v1/scenarios', { body: { ...SAVE, request: { ...ALLOCATION, total: '5,000', regions: COUNTIES } }, key: writer });
    const b2 = await expectProblem(bad, 422, ['/request/total']);
    expect(b2.errors[0].code).toBe('thousands-separator');
    const q = await call('POST', '/v1/scenarios', { body: { ...SAVE, query: { nonsense: '1' } }, key: writer });
    expect((await expectProblem(q, 422, ['/query/nonsense'])).errors[0].code).toBe('unknown-query-parameter');
    const f = await call('POST', '/v1/scenarios', { body: { ...SAVE, query: { format: 'csv' } }, key: writer });
    expect((await expectProblem(f, 422, ['/query/format'])).errors[0].code).toBe('scenario-query-format');
    const r = await call('POST', '/v1/scenarios', { body: { ...SAVE, route: '/v1/models' }, key: writer });
    expect((await expectProblem(r, 422, ['/route'])).errors[0].code).toBe('scenario-route-unknown');
    expect(await store.db.selectFrom('scenarios').select('id').where('created_by', 'is', null).execute()).toHaveLength(0);
  });

  it('a public scenario may not use a private dataset', async () => {
    const res = await call('POST', '/v1/scenarios', { body: { ...SAVE, visibility: 'public' }, key: writer });
    expect((await expectProblem(res, 422, ['/request/regions/dataset'])).errors[0].code).toBe('scenario-private-data');
  });
});

describe('GET, PUT, DELETE', () => {
  it('reads with its ETag (304 on If-None-Match), lists for its workspace only', async () => {
    const { json } = await save();
    const one = await call('GET', `/v1/scenarios/${json.id}`, { key: reader });
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"1"');
    expect(((await one.json()) as any).request).toEqual(json.request);
    expect((await call('GET', `/v1/scenarios/${json.id}`, { key: reader, headers: { 'if-none-match': '"1"' } })).status).toBe(304);
    for (const key of [stranger, '']) {
      const res = await call('GET', `/v1/scenarios/${json.id}`, { key });
      expect((await expectProblem(res, 404)).code).toBe('unknown-scenario');
      const list = (await (await call('GET', '/v1/scenarios', { key })).json()) as any;
      expect(list.scenarios.map((s: any) => s.id)).not.toContain(json.id);
    }
    const mine = (await (await call('GET', '/v1/scenarios', { key: reader })).json()) as any;
    expect(mine.scenarios.map((s: any) => s.id)).toContain(json.id);
    expect((await call('GET', `/v1/scenarios/${json.id}?nonsense=1`, { key: reader })).status).toBe(422);
  });

  it('PUT needs If-Match (428), refuses a stale one (412), saves revision 2 and keeps revision 1', async () => {
    const { json } = await save();
    const changed = { ...SAVE, title: '二稿', request: { ...SAVE.request, total: '1200.00' } };
    expect((await expectProblem(await call('PUT', `/v1/scenarios/${json.id}`, { body: changed, key: writer }), 428)).code).toBe('if-match-required');
    expect(
      (await expectProblem(await call('PUT', `/v1/scenarios/${json.id}`, { body: changed, key: writer, headers: { 'if-match': '"7"' } }), 412)).code,
    ).toBe('stale-revision');
    await expectProblem(await call('PUT', `/v1/scenarios/${json.id}`, { body: changed, key: stranger, headers: { 'if-match': '"1"' } }), 404);
    const put = await call('PUT', `/v1/scenarios/${json.id}`, { body: changed, key: writer, headers: { 'if-match': '"1"' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect(((await put.json()) as any).title).toBe('二稿');
    const again = await call('PUT', `/v1/scenarios/${json.id}`, { body: changed, key: writer, headers: { 'if-match': '"1"' } });
    expect(again.status).toBe(412);
    const old = (await (await call('GET', `/v1/scenarios/${json.id}?revision=1`, { key: reader })).json()) as any;
    expect(old).toMatchObject({ revision: 1, head: 2, title: '2025 初稿' });
    expect((await call('GET', `/v1/scenarios/${json.id}?revision=3`, { key: reader })).status).toBe(404);
  });

  it('concurrent PUTs with the same If-Match: exactly one new revision, the others 412', async () => {
    const { json } = await save();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('PUT', `/v1/scenarios/${json.id}`, { body: { ...SAVE, title: `t${i}` }, key: writer, headers: { 'if-match': '"1"' } }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(7);
    const revisions = await store.db.selectFrom('scenario_revisions').select('revision').where('scenario_id', '=', json.id).execute();
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('DELETE is soft and audited; the scenario is then unknown', async () => {
    const { json } = await save();
    await expectProblem(await call('DELETE', `/v1/scenarios/${json.id}`, { key: reader }), 403);
    await expectProblem(await call('DELETE', `/v1/scenarios/${json.id}`, { key: writer, headers: { 'if-match': '"4"' } }), 412);
    expect((await call('DELETE', `/v1/scenarios/${json.id}`, { key: writer })).status).toBe(204);
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}`, { key: writer }), 404);
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}/result`, { key: writer }), 404);
    const kept = await store.db.selectFrom('scenario_revisions').select('revision').where('scenario_id', '=', json.id).execute();
    expect(kept).toHaveLength(1);
    const audit = await store.db.selectFrom('audit_log').select('action').where('resource_id', '=', json.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});

describe('GET /v1/scenarios/{id}/result', () => {
  it('answers what the route answers, from the cache the second time (X-Cache), byte for byte; CSV too', async () => {
    const { json } = await save({ ...SAVE, query: { explain: 'false' } });
    const direct = await call('POST', '/v1/allocations?explain=false', { body: { ...ALLOCATION, regions: { dataset: 'ds_c', revision: 1 } }, key: writer });
    const first = await call('GET', `/v1/scenarios/${json.id}/result`, { key: reader });
    const second = await call('GET', `/v1/scenarios/${json.id}/result`, { key: reader });
    expect(first.status).toBe(200);
    // saving ran it once already: the result is in the cache from the start
    expect(first.headers.get('x-cache')).toBe('hit');
    const a = new Uint8Array(await first.arrayBuffer());
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(a);
    expect(a).toEqual(new Uint8Array(await direct.arrayBuffer()));

    const csv1 = await call('GET', `/v1/scenarios/${json.id}/result?format=csv`, { key: reader });
    const csv2 = await call('GET', `/v1/scenarios/${json.id}/result?format=csv`, { key: reader });
    expect(csv1.headers.get('x-cache')).toBe('miss');
    expect(csv2.headers.get('x-cache')).toBe('hit');
    expect(csv1.headers.get('content-type')).toMatch(/^text\/csv/);
    const c1 = new Uint8Array(await csv1.arrayBuffer());
    expect(c1.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf])); // the BOM Excel needs, kept through the cache
    expect(new Uint8Array(await csv2.arrayBuffer())).toEqual(c1);
    const directCsv = await call('POST', '/v1/allocations?explain=false&format=csv', { body: { ...ALLOCATION, regions: COUNTIES } });
    expect(c1).toEqual(new Uint8Array(await directCsv.arrayBuffer()));
  });

  it('a cold cache: miss, then hit', async () => {
    const { json } = await save();
    await store.db.deleteFrom('results').execute();
    const first = await call('GET', `/v1/scenarios/${json.id}/result`, { key: writer });
    const second = await call('GET', `/v1/scenarios/${json.id}/result`, { key: writer });
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
  });

  it('unknown query parameters and formats are 422; a private scenario is 404 to others', async () => {
    const { json } = await save();
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}/result?format=xls`, { key: writer }), 422, ['?format']);
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}/result?x=1`, { key: writer }), 422, ['?x']);
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}/result`), 404);
    await expectProblem(await call('GET', `/v1/scenarios/${json.id}/result?revision=2`, { key: writer }), 404);
  });
});

describe('a public scenario, as a spreadsheet reads it', () => {
  it('=WEBSERVICE(…/result?format=csv): no key, the CSV of the public dataset’s allocation; listed for anyone', async () => {
    await putDataset(store, { id: 'ds_open', visibility: 'public', rows: COUNTIES });
    const { res, json } = await save({ ...SAVE, visibility: 'public', request: { ...ALLOCATION, regions: { dataset: 'ds_open' } } });
    expect(res.status).toBe(201);
    const csv = await app.request(`/v1/scenarios/${json.id}/result?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text).toContain('甲县');
    const anonymousList = (await (await app.request('/v1/scenarios')).json()) as any;
    expect(anonymousList.scenarios.map((s: any) => s.id)).toContain(json.id);
    // anonymous callers read it, but cannot change it
    await expectProblem(await call('PUT', `/v1/scenarios/${json.id}`, { body: SAVE, headers: { 'if-match': '"1"' } }), 401);
    await expectProblem(await call('DELETE', `/v1/scenarios/${json.id}`, { key: stranger }), 403);
  });
});

describe('a request too large to keep', () => {
  it('is a 422 saying to keep the rows in a dataset (D1 takes a row of at most 2 MB)', async () => {
    const regions = Array.from({ length: 9000 }, (_, i) => ({ ...COUNTIES[i % 3], id: `R${i}`, name: `第${i}号县（一个很长的名字用来把请求变大）` }));
    const res = await call('POST', '/v1/scenarios', { body: { ...SAVE, request: { ...ALLOCATION, regions } }, key: writer });
    expect((await expectProblem(res, 422, ['/request'])).errors[0].code).toBe('scenario-request-too-large');
  });
});
