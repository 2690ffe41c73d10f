/**
 * Saved scenarios and references inside workerd, through the real Worker with its local D1: a dataset
 * reference answers as the rows inline; a saved scenario's result is a miss, then a hit of the same bytes
 * (JSON and CSV); a new dataset revision does not change a scenario pinned to the old one.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { ALLOCATION, COUNTIES, putDataset, reviseDataset } from '../api/scenarios-fixtures.js';
import { province } from '../../bench/data.js';

const store = d1Store(env.DB);
let key = '';
const dataset = `ds_w${Date.now().toString(36)}`;

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return exports.default.fetch(`http://allocator.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  await putDataset(store, { id: dataset, rows: COUNTIES });
});

describe('scenarios in workerd (D1)', () => {
  it('a dataset reference answers the rows of the inline request', async () => {
    const byRef = (await (await call('POST', '/v1/allocations', { ...ALLOCATION, regions: { dataset } })).json()) as any;
    const inline = (await (await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES })).json()) as any;
    expect(byRef.rows).toEqual(inline.rows);
    expect(byRef.provenance.references[0]).toMatchObject({ pointer: '/regions', dataset, revision: 1 });
  });

  it('save, then the result twice: miss then hit, byte-identical; CSV the same; pinned to its dataset revision', async () => {
    const saved = await call('POST', '/v1/scenarios', { title: 'workerd', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset } } });
    expect(saved.status).toBe(201);
    const s = (await saved.json()) as any;
    expect(s.request.regions).toEqual({ dataset, revision: 1 });
    await store.db.deleteFrom('results').execute(); // cold: the save warmed it
    const first = await call('GET', `/v1/scenarios/${s.id}/result`);
    const second = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(bytes);

    const csv1 = await call('GET', `/v1/scenarios/${s.id}/result?format=csv`);
    const csv2 = await call('GET', `/v1/scenarios/${s.id}/result?format=csv`);
    expect([csv1.headers.get('x-cache'), csv2.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    const c1 = new Uint8Array(await csv1.arrayBuffer());
    expect(c1.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(new Uint8Array(await csv2.arrayBuffer())).toEqual(c1);

    await reviseDataset(
      store,
      dataset,
      COUNTIES.map((r) => (r.id === 'B' ? { ...r, indicators: { ...r.indicators, income: 14000 } } : r)),
    );
    await store.db.deleteFrom('results').execute();
    const again = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(again.headers.get('x-cache')).toBe('miss');
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
  });
});

describe('large answers in D1', () => {
  it('a 2,900-region scenario (a ~1 MB answer) saves and answers, then from the cache, the same bytes', async () => {
    const regions = province(2900);
    const saved = await call('POST', '/v1/scenarios', { title: 'large', route: '/v1/allocations', request: { ...ALLOCATION, total: '500000.00', regions } });
    expect(saved.status).toBe(201);
    const s = (await saved.json()) as any;
    const first = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(first.status).toBe(200);
    const second = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
  });
});
