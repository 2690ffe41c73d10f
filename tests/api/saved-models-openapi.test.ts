/**
 * The OpenAPI examples of saved models work as written, with a write key (tests/api/openapi.test.ts posts every
 * other example anonymously on an app without a store): the POST example saves version 1, the PUT example
 * version 2 with If-Match, and the answers have the documented example's fields; the saved model then runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let key = '';
let doc: any;

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'guangyuan', scope: 'write' }, 'cli')).secret;
  doc = await (await app.request('/openapi.json')).json();
});

const exampleOf = (op: any) => op.requestBody.content['application/json'].example;

describe('saved models in /openapi.json', () => {
  it('documents every operation, each body and each answer with an example', () => {
    expect(Object.keys(doc.paths['/v1/models/{kind}']).sort()).toEqual(['post']);
    expect(Object.keys(doc.paths['/v1/models/{kind}/{id}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/v1/models/{kind}/{id}/versions'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/models/{kind}/{id}/versions/{version}'])).toEqual(['get']);
    expect(exampleOf(doc.paths['/v1/models/{kind}'].post)).toBeDefined();
    expect(exampleOf(doc.paths['/v1/models/{kind}/{id}'].put)).toBeDefined();
    for (const [path, method, status] of [
      ['/v1/models/{kind}', 'post', '201'],
      ['/v1/models/{kind}/{id}', 'put', '201'],
      ['/v1/models/{kind}/{id}/versions', 'get', '200'],
      ['/v1/models/{kind}/{id}/versions/{version}', 'get', '200'],
    ]) {
      expect(doc.paths[path][method].responses[status].content['application/json'].example, `${method} ${path}`).toBeDefined();
    }
    const list = doc.paths['/v1/models'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(list)).toContain('SavedModelSummary');
  });

  it('the POST and PUT examples save versions 1 and 2, answered as documented, and the model runs', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const documented = doc.paths['/v1/models/{kind}'].post.responses['201'].content['application/json'].example;
    const post = await app.request('/v1/models/allocation', {
      method: 'POST',
      headers,
      body: JSON.stringify(exampleOf(doc.paths['/v1/models/{kind}'].post)),
    });
    expect(post.status).toBe(201);
    const saved = (await post.json()) as any;
    expect(Object.keys(saved).sort()).toEqual(Object.keys(documented).sort());
    expect(saved).toMatchObject({ kind: 'allocation', id: documented.id, version: 1, visibility: 'private', workspace: 'guangyuan' });

    const put = await app.request(`/v1/models/allocation/${saved.id}`, {
      method: 'PUT',
      headers: { ...headers, 'if-match': '"1"' },
      body: JSON.stringify(exampleOf(doc.paths['/v1/models/{kind}/{id}'].put)),
    });
    expect(put.status).toBe(201);
    expect(((await put.json()) as any).version).toBe(2);

    const run = await app.request('/v1/allocations', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: `${saved.id}@2`,
        total: '1000.00',
        unit: 'wan',
        regions: EXAMPLE_REGIONS.map(({ id, indicators: { poverty, monitored } }) => ({ id, indicators: { poverty, monitored } })),
      }),
    });
    expect(run.status, await run.clone().text()).toBe(200);
    expect(((await run.json()) as any).provenance.model).toMatchObject({ id: saved.id, version: '2' });
  });
});
