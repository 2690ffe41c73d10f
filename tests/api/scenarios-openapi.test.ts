/**
 * The OpenAPI examples of /v1/scenarios work as written, with a write key and the data they name: the dataset
 * ds_sichuan2024counties and the saved 2023 scenario sc_2023final (tests/api/openapi.test.ts posts every other
 * example anonymously on an app without a store).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { now } from '../../src/store/store.js';
import { COUNTIES, putDataset, reviseDataset } from './scenarios-fixtures.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let key = '';
let doc: any;

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  await putDataset(store, { id: 'ds_sichuan2024counties', rows: COUNTIES });
  await reviseDataset(store, 'ds_sichuan2024counties', COUNTIES);
  await reviseDataset(store, 'ds_sichuan2024counties', COUNTIES); // the examples name revision 3
  const at = now();
  const request = { model: 'sichuan-2024', total: '900.00', unit: 'wan', regions: COUNTIES };
  await store.atomically([
    store.db.insertInto('scenarios').values({
      id: 'sc_2023final',
      workspace: 'sichuan',
      visibility: 'private',
      head: 1,
      created_at: at,
      created_by: 'test',
      deleted_at: null,
      deleted_by: null,
    }),
    store.db.insertInto('scenario_revisions').values({
      scenario_id: 'sc_2023final',
      revision: 1,
      title: '2023 final',
      route: '/v1/allocations',
      query: '{}',
      request: JSON.stringify(request),
      model: null,
      hash: 'sha256:test',
      created_at: at,
      created_by: 'test',
    }),
  ]);
  doc = await (await app.request('/openapi.json')).json();
});

const exampleOf = (op: any) => op.requestBody.content['application/json'].example;

describe('/v1/scenarios in /openapi.json', () => {
  it('documents every operation, each body with an example', () => {
    expect(Object.keys(doc.paths['/v1/scenarios']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/scenarios/{id}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/v1/scenarios/{id}/result'])).toEqual(['get']);
    expect(exampleOf(doc.paths['/v1/scenarios'].post)).toBeDefined();
    expect(exampleOf(doc.paths['/v1/scenarios/{id}'].put)).toBeDefined();
    expect(doc.components.schemas.DatasetReference.properties.dataset).toBeDefined();
    expect(doc.components.schemas.LastYearReference.properties.scenario).toBeDefined();
    expect(doc.components.schemas.Provenance.properties.references).toBeDefined();
  });

  it('the POST and PUT examples save, and the result answers with the references named', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const post = await app.request('/v1/scenarios', { method: 'POST', headers, body: JSON.stringify(exampleOf(doc.paths['/v1/scenarios'].post)) });
    expect(post.status).toBe(201);
    const saved = (await post.json()) as any;
    expect(saved.request.regions).toEqual({ dataset: 'ds_sichuan2024counties', revision: 3 });
    expect(saved.request.lastYear).toEqual({ scenario: 'sc_2023final', revision: 1 });
    const put = await app.request(`/v1/scenarios/${saved.id}`, {
      method: 'PUT',
      headers: { ...headers, 'if-match': '"1"' },
      body: JSON.stringify(exampleOf(doc.paths['/v1/scenarios/{id}'].put)),
    });
    expect(put.status).toBe(200);
    const result = (await (await app.request(`/v1/scenarios/${saved.id}/result`, { headers })).json()) as any;
    expect(result.provenance.references.map((r: any) => r.pointer)).toEqual(['/regions', '/lastYear']);
    expect(result.summary.total).toBe('1200.00');
  });
});
