/**
 * The result cache can never serve an answer of another dataset revision or model: its key is the hash of the
 * service version, route, query, the request with its references as content hashes, and the model's hash, and
 * only answers made by the pinned model are written. Node, SQLite store, through app.request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES, putDataset, reviseDataset } from './scenarios-fixtures.js';

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
const POORER_B = COUNTIES.map((r) => (r.id === 'B' ? { ...r, indicators: { ...r.indicators, income: 14000 } } : r));

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
});

describe('dataset revisions', () => {
  it('a scenario pinned to the old revision keeps its old answer; re-pointed, it answers the new one', async () => {
    await putDataset(store, { id: 'ds_v', rows: COUNTIES });
    const saved = await json(
      await call('POST', '/v1/scenarios', { title: 't', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: 'ds_v' } } }),
    );
    expect(saved.request.regions).toEqual({ dataset: 'ds_v', revision: 1 });
    const before = await call('GET', `/v1/scenarios/${saved.id}/result`);
    const beforeText = await before.text();

    expect(await reviseDataset(store, 'ds_v', POORER_B)).toBe(2);
    const after = await call('GET', `/v1/scenarios/${saved.id}/result`);
    expect(after.headers.get('x-cache')).toBe('hit');
    expect(await after.text()).toBe(beforeText);
    // the cache holds it, but it is also what the pinned revision computes now
    await store.db.deleteFrom('results').execute();
    const recomputed = await call('GET', `/v1/scenarios/${saved.id}/result`);
    expect(recomputed.headers.get('x-cache')).toBe('miss');
    expect(await recomputed.text()).toBe(beforeText);

    // re-pointed to the head (no revision: pinned to 2 when saved)
    const put = await call(
      'PUT',
      `/v1/scenarios/${saved.id}`,
      { title: 't', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: 'ds_v' } } },
      { 'if-match': '"1"' },
    );
    expect((await json(put)).request.regions).toEqual({ dataset: 'ds_v', revision: 2 });
    const now = await json(await call('GET', `/v1/scenarios/${saved.id}/result`));
    const inline = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: POORER_B }));
    expect(now.rows).toEqual(inline.rows);
    expect(now.rows).not.toEqual(JSON.parse(beforeText).rows);
    expect(now.provenance.references[0]).toMatchObject({ dataset: 'ds_v', revision: 2 });
    // and revision 1 of the scenario still answers the old result
    expect(await (await call('GET', `/v1/scenarios/${saved.id}/result?revision=1`)).text()).toBe(beforeText);
  });

  it('the same request over two datasets with different rows never shares an entry', async () => {
    await putDataset(store, { id: 'ds_x', rows: COUNTIES });
    await putDataset(store, { id: 'ds_y', rows: POORER_B });
    const ids: string[] = [];
    for (const dataset of ['ds_x', 'ds_y']) {
      const s = await json(
        await call('POST', '/v1/scenarios', { title: dataset, route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset } } }),
      );
      ids.push(s.id);
    }
    const [x, y] = await Promise.all(ids.map(async (id) => json(await call('GET', `/v1/scenarios/${id}/result`))));
    expect(x.rows).not.toEqual(y.rows);
  });
});

describe('models', () => {
  it('two model versions of the same request never get each other’s cached bytes', async () => {
    const model = await json(await call('GET', '/v1/models/allocation/sichuan-2024'));
    const answers: any[] = [];
    for (const version of ['2024.2-a', '2024.2-b']) {
      const request = { ...ALLOCATION, model: { ...model, version }, regions: COUNTIES };
      const saved = await call('POST', '/v1/scenarios', { title: version, route: '/v1/allocations', request });
      expect(saved.status).toBe(201);
      const s = await json(saved);
      expect(s.model.version).toBe(version);
      const first = await call('GET', `/v1/scenarios/${s.id}/result`);
      expect(first.headers.get('x-cache')).toBe('hit'); // warmed by the save, for this model only
      answers.push({ s, body: await json(first) });
    }
    expect(answers[0].body.model.version).toBe('2024.2-a');
    expect(answers[1].body.model.version).toBe('2024.2-b');
    expect(answers[0].s.model.hash).not.toBe(answers[1].s.model.hash);
    expect(answers[0].body.provenance.model.hash).toBe(answers[0].s.model.hash);
    expect(answers[1].body.provenance.model.hash).toBe(answers[1].s.model.hash);
    expect(answers[0].body.rows).toEqual(answers[1].body.rows);
  });

  it('a model that changed since the scenario was saved: 422 scenario-model-changed, not the cached bytes, nothing cached', async () => {
    const s = await json(await call('POST', '/v1/scenarios', { title: 'm', route: '/v1/allocations', request: { ...ALLOCATION, regions: COUNTIES } }));
    expect((await call('GET', `/v1/scenarios/${s.id}/result`)).headers.get('x-cache')).toBe('hit');
    // as if the service's sichuan-2024 were another model now than the one the scenario was saved with
    const pinned = { ...s.model, hash: `sha256:${'0'.repeat(64)}` };
    await store.db
      .updateTable('scenario_revisions')
      .set({ model: JSON.stringify(pinned) })
      .where('scenario_id', '=', s.id)
      .execute();
    const before = await store.db.selectFrom('results').select('key').execute();
    for (const format of ['json', 'csv']) {
      const res = await call('GET', `/v1/scenarios/${s.id}/result?format=${format}`);
      const body = await expectProblem(res, 422, ['/request/model']);
      expect(body.errors[0].code).toBe('scenario-model-changed');
      expect(res.headers.get('x-cache')).toBeNull();
    }
    expect(await store.db.selectFrom('results').select('key').execute()).toEqual(before);
  });
});

describe('saved models', () => {
  it('a scenario naming a saved model by its id is pinned to the version it used: a new version does not change it', async () => {
    const model = {
      id: 'guangyuan-2025',
      title: { zh: '广元市模型', en: 'Guangyuan' },
      jurisdiction: '四川省广元市',
      year: 2025,
      unit: 'wan',
      factors: [
        {
          id: 'need',
          weight: '1',
          indicators: [
            { id: 'poverty', weight: '0.6', transform: 'direct' },
            { id: 'monitored', weight: '0.4', transform: 'direct' },
          ],
        },
      ],
    };
    const regions = COUNTIES.map((r) => ({ id: r.id, indicators: { poverty: r.indicators.poverty, monitored: r.indicators.monitored } }));
    expect((await call('POST', '/v1/models/allocation', { model })).status).toBe(201);
    const request = { model: 'guangyuan-2025', total: '1000.00', unit: 'wan', granularity: '0.01', regions };
    const s = await json(await call('POST', '/v1/scenarios', { title: 'saved model', route: '/v1/allocations', request }));
    expect(s.request.model).toBe('guangyuan-2025@1');
    expect(s.model).toMatchObject({ id: 'guangyuan-2025', version: '1' });
    const before = await (await call('GET', `/v1/scenarios/${s.id}/result`)).text();

    const v2 = {
      ...model,
      factors: [
        {
          id: 'need',
          weight: '1',
          indicators: [
            { id: 'poverty', weight: '0.2', transform: 'direct' },
            { id: 'monitored', weight: '0.8', transform: 'direct' },
          ],
        },
      ],
    };
    expect((await call('PUT', '/v1/models/allocation/guangyuan-2025', { model: v2 }, { 'if-match': '"1"' })).status).toBe(201);
    await store.db.deleteFrom('results').execute();
    const after = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(await after.text()).toBe(before);
    // the plain id now names version 2, which answers otherwise
    const latest = await json(await call('POST', '/v1/allocations', request));
    expect(latest.model.version).toBe('2');
    expect(latest.rows).not.toEqual(JSON.parse(before).rows);
  });
});

describe('answers too large to keep', () => {
  it('are not written (D1 takes a row of at most 2 MB): counted in UTF-8 bytes, not characters', async () => {
    const { MAX_CACHED_BYTES, cacheResult } = await import('../../src/api/scenarios/result.js');
    await store.db.deleteFrom('results').execute();
    expect(await cacheResult(store, 'k-ascii', 'text/csv', 'x'.repeat(MAX_CACHED_BYTES + 1))).toBe(false);
    // fewer characters than the limit, more bytes (three per 县)
    expect(await cacheResult(store, 'k-chinese', 'text/csv', '县'.repeat(Math.ceil(MAX_CACHED_BYTES / 2)))).toBe(false);
    expect(await cacheResult(store, 'k-fits', 'text/csv', 'x'.repeat(MAX_CACHED_BYTES))).toBe(true);
    expect((await store.db.selectFrom('results').select('key').execute()).map((r) => r.key)).toEqual(['k-fits']);
  });
});
