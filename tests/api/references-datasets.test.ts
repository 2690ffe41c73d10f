/**
 * References to datasets made through the datasets resource itself (POST /v1/datasets, PUT with If-Match), not
 * written into the tables by a fixture: the reference reads what the resource stored, and a saved scenario
 * pinned to revision 1 keeps its result after the dataset's update. Node, SQLite store, app.request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { ALLOCATION, COUNTIES } from './scenarios-fixtures.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let key = '';

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
});

describe('references to datasets of the datasets resource', () => {
  it('reads the stored rows, names the hash the resource gave, and a pinned scenario outlives an update', async () => {
    const created = await call('POST', '/v1/datasets', {
      title: '2024 counties',
      jurisdiction: '四川省',
      year: 2024,
      model: 'sichuan-2024',
      kind: 'regions',
      rows: COUNTIES,
    });
    expect(created.status).toBe(201);
    const ds = await json(created);
    const byRef = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: { dataset: ds.id } }));
    const inline = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES }));
    expect(byRef.rows).toEqual(inline.rows);
    expect(byRef.provenance.references[0]).toEqual({ pointer: '/regions', dataset: ds.id, revision: 1, hash: ds.hash });

    const saved = await json(
      await call('POST', '/v1/scenarios', { title: 'pinned', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: ds.id } } }),
    );
    const before = await (await call('GET', `/v1/scenarios/${saved.id}/result`)).text();
    const poorer = COUNTIES.map((r) => (r.id === 'B' ? { ...r, indicators: { ...r.indicators, income: 14000 } } : r));
    const updated = await call('PUT', `/v1/datasets/${ds.id}`, { rows: poorer }, { 'if-match': '"1"' });
    expect(updated.status).toBe(200);
    await store.db.deleteFrom('results').execute();
    expect(await (await call('GET', `/v1/scenarios/${saved.id}/result`)).text()).toBe(before);
    const head = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: { dataset: ds.id } }));
    expect(head.provenance.references[0].revision).toBe(2);
    expect(head.rows).not.toEqual(byRef.rows);

    // a saved scenario uses it: 409 until the scenario is deleted (tests/api/scenarios-lifecycle.test.ts)
    expect((await call('DELETE', `/v1/datasets/${ds.id}`, undefined, { 'if-match': '"2"' })).status).toBe(409);
    expect((await call('DELETE', `/v1/scenarios/${saved.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/datasets/${ds.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
    const gone = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: { dataset: ds.id } }));
    expect(gone.errors[0]).toMatchObject({ pointer: '/regions/dataset', code: 'unknown-dataset' });
  });
});
