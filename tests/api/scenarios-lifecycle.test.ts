/**
 * A saved scenario keeps re-running (issue 12: "re-running it a year later gives byte-identical output"):
 * what the head revision of a live scenario names may not be deleted, nor made private under its readers
 * (409 conflict naming the scenarios the caller may see, counting the rest); a scenario whose reference no
 * longer resolves anyway answers a scenario problem under /request; both sides' guards hold inside their own
 * batch, so a delete racing a save never leaves a saved scenario naming a deleted dataset.
 * Node, SQLite store, app.request.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { findModel } from '../../src/api/models/catalog.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { createScenario } from '../../src/store/scenarios.js';
import { deleteDataset, findDataset } from '../../src/store/datasets.js';
import { isReferenceGuardFailure, scenariosNaming } from '../../src/store/references.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES } from './scenarios-fixtures.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let sichuan = ''; // write key of the dataset's workspace
let mianyang = ''; // write key of another workspace

function call(method: string, path: string, key: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = async (res: Response) => (await res.json()) as any;

async function dataset(visibility: 'public' | 'private' = 'public', key = sichuan): Promise<string> {
  const res = await call('POST', '/v1/datasets', key, { title: '各县因素', jurisdiction: '四川省', year: 2024, kind: 'regions', visibility, rows: COUNTIES });
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

async function scenario(ds: string, key = sichuan, visibility: 'public' | 'private' = 'private', title = '2025 初稿'): Promise<string> {
  const res = await call('POST', '/v1/scenarios', key, { title, route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: ds } }, visibility });
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  sichuan = (await createKey(store, { name: 's', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  mianyang = (await createKey(store, { name: 'm', workspace: 'mianyang', scope: 'write' }, 'cli')).secret;
});

describe('deleting a dataset that saved scenarios use', () => {
  it('is a 409 naming the scenarios the caller may see and counting the rest; deleting them first lets it go', async () => {
    const ds = await dataset('public');
    const own = await scenario(ds, sichuan, 'private', '本厅初稿');
    const shared = await scenario(ds, sichuan, 'public', '公开方案');
    const theirs = await scenario(ds, mianyang, 'private', '绵阳私有');

    const refused = await call('DELETE', `/v1/datasets/${ds}`, sichuan);
    const body = await expectProblem(refused, 409);
    expect(body.type).toBe('/problems/conflict');
    expect(body.code).toBe('dataset-in-use');
    expect(body.scenarios).toEqual(
      expect.arrayContaining([
        { id: own, title: '本厅初稿' },
        { id: shared, title: '公开方案' },
      ]),
    );
    expect(body.scenarios).toHaveLength(2);
    expect(body.hiddenScenarios).toBe(1);
    expect(body.detail).toContain(own);
    expect(body.detail).not.toContain(theirs);
    expect(body.detail).toContain('1 you cannot see');
    expect(body.detail).toMatch(/delete those scenarios, or re-point them/);
    expect(body.detail_zh).toContain('请先删除这些方案');
    // nothing written: the dataset is served, the scenario re-runs, the trail has no delete
    expect((await call('GET', `/v1/datasets/${ds}`, sichuan)).status).toBe(200);
    expect((await call('GET', `/v1/scenarios/${shared}/result`, undefined)).status).toBe(200);
    const deletes = await store.db.selectFrom('audit_log').select('seq').where('resource', '=', 'dataset').where('action', '=', 'delete').execute();
    expect(deletes).toEqual([]);

    // mianyang's own key sees its scenario named
    const fromThem = await json(await call('DELETE', `/v1/datasets/${ds}`, mianyang));
    expect(fromThem.status).toBe(403); // not theirs to delete, whoever uses it

    for (const [id, key] of [
      [own, sichuan],
      [shared, sichuan],
      [theirs, mianyang],
    ] as const)
      expect((await call('DELETE', `/v1/scenarios/${id}`, key)).status).toBe(204);
    expect((await call('DELETE', `/v1/datasets/${ds}`, sichuan)).status).toBe(204);
  });

  it('only the head revision counts: re-pointing the scenario releases the dataset; its old revision then says its reference is gone', async () => {
    const first = await dataset('public');
    const second = await dataset('public');
    const sc = await scenario(first);
    expect((await call('DELETE', `/v1/datasets/${first}`, sichuan)).status).toBe(409);
    const put = await call(
      'PUT',
      `/v1/scenarios/${sc}`,
      sichuan,
      { title: '改用新数据', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: second } } },
      { 'if-match': '"1"' },
    );
    expect(put.status).toBe(200);
    expect((await call('DELETE', `/v1/datasets/${first}`, sichuan)).status).toBe(204);
    expect((await call('DELETE', `/v1/datasets/${second}`, sichuan)).status).toBe(409);

    expect((await call('GET', `/v1/scenarios/${sc}/result`, sichuan)).status).toBe(200);
    const old = await call('GET', `/v1/scenarios/${sc}/result?revision=1`, sichuan);
    const gone = await expectProblem(old, 409, ['/request/regions/dataset']);
    expect(gone.code).toBe('scenario-reference-gone');
    expect(gone.errors[0].detail).toContain(first);
    expect(gone.errors[0].detail).toContain('revision 1');
    expect(gone.errors[0].detail_zh).toContain(first);
  });

  it('a deleted scenario no longer holds it', async () => {
    const ds = await dataset('private');
    const sc = await scenario(ds);
    expect((await call('DELETE', `/v1/datasets/${ds}`, sichuan)).status).toBe(409);
    expect((await call('DELETE', `/v1/scenarios/${sc}`, sichuan)).status).toBe(204);
    expect((await call('DELETE', `/v1/datasets/${ds}`, sichuan)).status).toBe(204);
  });
});

describe('making a dataset private', () => {
  it('is a 409 while a public scenario or another workspace’s uses it (nothing written); its own private scenarios do not stop it', async () => {
    const ds = await dataset('public');
    await scenario(ds, sichuan, 'private');
    const shared = await scenario(ds, sichuan, 'public', '公开方案');
    const theirs = await scenario(ds, mianyang, 'private');
    const put = () => call('PUT', `/v1/datasets/${ds}`, sichuan, { rows: COUNTIES, visibility: 'private' }, { 'if-match': '"1"' });

    const body = await expectProblem(await put(), 409);
    expect(body.code).toBe('dataset-private-in-use');
    expect(body.scenarios).toEqual([{ id: shared, title: '公开方案' }]);
    expect(body.hiddenScenarios).toBe(1);
    expect(body.detail_zh).toMatch(/设为私有/);
    expect(await findDataset(store, ds)).toMatchObject({ head: 1, visibility: 'public' });

    expect((await call('DELETE', `/v1/scenarios/${shared}`, sichuan)).status).toBe(204);
    expect((await call('DELETE', `/v1/scenarios/${theirs}`, mianyang)).status).toBe(204);
    const done = await put();
    expect(done.status).toBe(200);
    expect((await json(done)).visibility).toBe('private');
    // a new revision with the same rows and visibility is not a change of visibility: no 409 either
  });
});

describe('a scenario whose reference no longer resolves', () => {
  it('answers a scenario problem at /request/… (409 scenario-reference-gone), not an invalid field of a body never sent', async () => {
    const ds = await dataset('public');
    const sc = await scenario(ds, sichuan, 'public');
    // deleted before references were kept: straight in the table, as an old database holds it
    await store.db.updateTable('datasets').set({ deleted_at: '2026-01-01T00:00:00.000Z', deleted_by: 'old' }).where('id', '=', ds).execute();
    await store.db.deleteFrom('results').execute();
    for (const format of ['json', 'csv']) {
      const res = await call('GET', `/v1/scenarios/${sc}/result?format=${format}`, undefined);
      const body = await expectProblem(res, 409, ['/request/regions/dataset']);
      expect(body.code).toBe('scenario-reference-gone');
      expect(body.errors.map((e: any) => e.pointer)).not.toContain('/regions/dataset');
      expect(body.detail).toContain(sc);
      expect(body.detail).toContain(ds);
    }
  });
});

describe('a dataset delete racing a scenario save', () => {
  it('the save’s guard: a dataset deleted between the check and the write fails the whole save', async () => {
    const ds = await dataset('public');
    const content = { title: 't', route: '/v1/allocations', query: {}, request: { ...ALLOCATION, regions: { dataset: ds, revision: 1 } }, model: null };
    // the save checked the dataset (it ran); the delete lands before its write
    const who = { kind: 'key', id: 'k', name: 'k', workspace: 'sichuan', scope: 'write' } as const;
    expect(await deleteDataset(store, who, { id: ds, workspace: 'sichuan', head: 1 })).not.toBe('in-use');
    const refs = [{ pointer: '/regions', kind: 'dataset' as const, id: ds, revision: 1 }];
    const err = await createScenario(store, { actor: 'k', workspace: 'sichuan' }, content, 'private', { list: refs, admin: false }).catch((e) => e);
    expect(isReferenceGuardFailure(err)).toBe(true);
    expect(await store.db.selectFrom('scenarios').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('scenario_revisions').select('scenario_id').execute()).toEqual([]);
    expect(await store.db.selectFrom('audit_log').select('seq').where('resource', '=', 'scenario').execute()).toEqual([]);
  });

  it('the delete’s guard: a scenario saved between the check and the write keeps the dataset', async () => {
    const ds = await dataset('public');
    const content = { title: 't', route: '/v1/allocations', query: {}, request: { ...ALLOCATION, regions: { dataset: ds, revision: 1 } }, model: null };
    const refs = [{ pointer: '/regions', kind: 'dataset' as const, id: ds, revision: 1 }];
    const { id } = await createScenario(store, { actor: 'k', workspace: 'sichuan' }, content, 'public', { list: refs, admin: false });
    const who = { kind: 'key', id: 'k', name: 'k', workspace: 'sichuan', scope: 'write' } as const;
    expect(await deleteDataset(store, who, { id: ds, workspace: 'sichuan', head: 1 })).toBe('in-use');
    expect(await findDataset(store, ds)).toMatchObject({ deleted_at: null, head: 1 });
    expect((await scenariosNaming(store, 'dataset', ds)).map((s) => s.id)).toEqual([id]);
  });

  it('through the API, many at once: never a live scenario naming a deleted dataset', async () => {
    for (let round = 0; round < 12; round++) {
      const ds = await dataset('public');
      const [del, save] = await Promise.all([
        call('DELETE', `/v1/datasets/${ds}`, sichuan),
        call('POST', '/v1/scenarios', sichuan, { title: `r${round}`, route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: ds } } }),
      ]);
      const deleted = (await findDataset(store, ds))!.deleted_at !== null;
      const live = await scenariosNaming(store, 'dataset', ds);
      expect(deleted && live.length > 0).toBe(false);
      expect([204, 409]).toContain(del.status);
      expect([201, 422]).toContain(save.status);
      if (save.status === 422) expect((await json(save)).errors[0].pointer).toBe('/request/regions/dataset');
      expect(del.status === 204).toBe(deleted);
      expect(save.status === 201).toBe(live.length === 1);
    }
  });
});

describe('lastYear from a saved scenario', () => {
  it('a scenario others take last year’s amounts from cannot be deleted while they do (409 scenario-in-use)', async () => {
    const last = await json(
      await call('POST', '/v1/scenarios', sichuan, { title: '2024 final', route: '/v1/allocations', request: { ...ALLOCATION, regions: COUNTIES } }),
    );
    const next = await json(
      await call('POST', '/v1/scenarios', sichuan, {
        title: '2025',
        route: '/v1/allocations',
        request: { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last.id } },
      }),
    );
    const body = await expectProblem(await call('DELETE', `/v1/scenarios/${last.id}`, sichuan), 409);
    expect(body.code).toBe('scenario-in-use');
    expect(body.scenarios).toEqual([{ id: next.id, title: '2025' }]);
    expect((await call('DELETE', `/v1/scenarios/${next.id}`, sichuan)).status).toBe(204);
    expect((await call('DELETE', `/v1/scenarios/${last.id}`, sichuan)).status).toBe(204);
  });
});

describe('a saved model version pinned by a scenario', () => {
  it('still re-runs after the model is deleted, byte for byte (computed again, not from the cache)', async () => {
    const model = structuredClone(findModel('allocation', 'sichuan-2024')!.model) as Record<string, any>;
    model.id = 'guangyuan-2025';
    expect((await call('POST', '/v1/models/allocation', sichuan, { model })).status).toBe(201);
    const sc = await json(
      await call('POST', '/v1/scenarios', sichuan, {
        title: '广元',
        route: '/v1/allocations',
        request: { ...ALLOCATION, model: 'guangyuan-2025', regions: COUNTIES },
      }),
    );
    expect(sc.request.model).toBe('guangyuan-2025@1');
    const before = await (await call('GET', `/v1/scenarios/${sc.id}/result`, sichuan)).text();
    expect((await call('DELETE', '/v1/models/allocation/guangyuan-2025', sichuan)).status).toBeLessThan(300);
    await store.db.deleteFrom('results').execute();
    const after = await call('GET', `/v1/scenarios/${sc.id}/result`, sichuan);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(await after.text()).toBe(before);
  });
});

describe('?revision of a scenario', () => {
  it('not a whole number from 1: 422 scenario-revision-param in words, both languages, on the scenario and its result', async () => {
    const ds = await dataset('public');
    const sc = await scenario(ds);
    for (const path of [`/v1/scenarios/${sc}`, `/v1/scenarios/${sc}/result`]) {
      for (const bad of ['0', 'abc', '1.5']) {
        const body = await expectProblem(await call('GET', `${path}?revision=${bad}`, sichuan), 422);
        expect(body.errors[0].code).toBe('scenario-revision-param');
        expect(body.errors[0].detail).toContain('whole number from 1');
        expect(body.errors[0].detail).not.toMatch(/regex|expected format/);
        expect(body.errors[0].detail_zh).toContain('从 1 开始的整数');
      }
    }
  });
});
