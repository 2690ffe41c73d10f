/**
 * A saved scenario keeps re-running, inside workerd through the real Worker and its local D1 (migration 0006
 * applied by the setup): a dataset a saved scenario uses cannot be deleted or made private under its readers
 * (409 conflict naming the scenario); the D1 batch guards hold against a delete racing a save; a scenario
 * whose dataset was deleted before references were kept answers 409 scenario-reference-gone at /request/….
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { createScenario } from '../../src/store/scenarios.js';
import { deleteDataset, findDataset } from '../../src/store/datasets.js';
import { isReferenceGuardFailure, scenariosNaming } from '../../src/store/references.js';
import { ALLOCATION, COUNTIES } from '../api/scenarios-fixtures.js';

const store = d1Store(env.DB);
let key = '';

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return exports.default.fetch(`http://allocator.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = async (res: Response) => (await res.json()) as any;

async function dataset(): Promise<string> {
  const res = await call('POST', '/v1/datasets', {
    title: '各县因素',
    jurisdiction: '四川省',
    year: 2024,
    kind: 'regions',
    visibility: 'public',
    rows: COUNTIES,
  });
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
});

describe('saved scenarios and the datasets they use, in workerd (D1)', () => {
  it('delete and make-private are 409 while a scenario uses the dataset; deleting the scenario releases it', async () => {
    const ds = await dataset();
    const saved = await json(
      await call('POST', '/v1/scenarios', {
        title: '公开方案',
        route: '/v1/allocations',
        request: { ...ALLOCATION, regions: { dataset: ds } },
        visibility: 'public',
      }),
    );
    const del = await call('DELETE', `/v1/datasets/${ds}`);
    expect(del.status).toBe(409);
    expect(del.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await json(del);
    expect(body).toMatchObject({ type: '/problems/conflict', code: 'dataset-in-use', scenarios: [{ id: saved.id, title: '公开方案' }], hiddenScenarios: 0 });
    expect(body.detail_zh).toContain(saved.id);
    const priv = await call('PUT', `/v1/datasets/${ds}`, { rows: COUNTIES, visibility: 'private' }, { 'if-match': '"1"' });
    expect(priv.status).toBe(409);
    expect((await json(priv)).code).toBe('dataset-private-in-use');
    expect(await findDataset(store, ds)).toMatchObject({ head: 1, visibility: 'public', deleted_at: null });

    expect((await call('DELETE', `/v1/scenarios/${saved.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/datasets/${ds}`)).status).toBe(204);
  });

  it('the D1 batch guards: a save after the delete fails whole; a delete after the save is refused', async () => {
    const who = { kind: 'key', id: 'k', name: 'k', workspace: 'sichuan', scope: 'write' } as const;
    const refsOf = (ds: string) => [{ pointer: '/regions', kind: 'dataset' as const, id: ds, revision: 1 }];
    const contentOf = (ds: string) => ({
      title: 't',
      route: '/v1/allocations',
      query: {},
      request: { ...ALLOCATION, regions: { dataset: ds, revision: 1 } },
      model: null,
    });

    const gone = await dataset();
    expect(await deleteDataset(store, who, { id: gone, workspace: 'sichuan', head: 1 })).not.toBe('in-use');
    const before = (await store.db.selectFrom('scenarios').select('id').execute()).length;
    const err = await createScenario(store, { actor: 'k', workspace: 'sichuan' }, contentOf(gone), 'private', { list: refsOf(gone), admin: false }).catch(
      (e) => e,
    );
    expect(isReferenceGuardFailure(err)).toBe(true);
    expect((await store.db.selectFrom('scenarios').select('id').execute()).length).toBe(before);

    const kept = await dataset();
    const { id } = await createScenario(store, { actor: 'k', workspace: 'sichuan' }, contentOf(kept), 'private', { list: refsOf(kept), admin: false });
    expect(await deleteDataset(store, who, { id: kept, workspace: 'sichuan', head: 1 })).toBe('in-use');
    expect(await findDataset(store, kept)).toMatchObject({ deleted_at: null, head: 1 });
    expect((await scenariosNaming(store, 'dataset', kept)).map((s) => s.id)).toEqual([id]);
  });

  it('racing through the Worker: never a live scenario naming a deleted dataset', async () => {
    for (let round = 0; round < 6; round++) {
      const ds = await dataset();
      const [del, save] = await Promise.all([
        call('DELETE', `/v1/datasets/${ds}`),
        call('POST', '/v1/scenarios', { title: `r${round}`, route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: ds } } }),
      ]);
      const deleted = (await findDataset(store, ds))!.deleted_at !== null;
      const live = await scenariosNaming(store, 'dataset', ds);
      expect(deleted && live.length > 0).toBe(false);
      expect(del.status === 204).toBe(deleted);
      expect(save.status === 201).toBe(live.length === 1);
    }
  });

  it('a dataset deleted before references were kept: the result is 409 scenario-reference-gone at /request/regions/dataset', async () => {
    const ds = await dataset();
    const saved = await json(
      await call('POST', '/v1/scenarios', { title: 'old', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: ds } } }),
    );
    await store.db.updateTable('datasets').set({ deleted_at: '2026-01-01T00:00:00.000Z', deleted_by: 'old' }).where('id', '=', ds).execute();
    await store.db.deleteFrom('results').execute();
    const res = await call('GET', `/v1/scenarios/${saved.id}/result`);
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.code).toBe('scenario-reference-gone');
    expect(body.errors.map((e: any) => e.pointer)).toEqual(['/request/regions/dataset']);
  });
});
