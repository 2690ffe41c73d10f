/**
 * Saved models (issue 12) in Node, on a real SQLite store through app.request: save and version, If-Match
 * (428 / 412, and concurrent savers), built-in ids refused, invalid models with every issue under /model,
 * private visibility, use in calculation requests (latest and pinned "id@n") with the provenance naming the
 * saved version and hash, soft delete, and the audit rows of every write.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { findModel } from '../../src/api/models/catalog.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { expectProblem } from './request.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

/** The built-in sichuan-2024 allocation model as data, renamed: a province's own copy. */
function ownAllocationModel(id = 'guangyuan-2025') {
  const m = structuredClone(findModel('allocation', 'sichuan-2024')!.model) as Record<string, any>;
  m.id = id;
  m.title = { zh: '广元市模型', en: 'Guangyuan model' };
  return m;
}

const ALLOCATION = { total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS };

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let writer: string; // write key of workspace "guangyuan"
let reader: string; // read key of workspace "guangyuan"
let other: string; // write key of workspace "mianyang"
let admin: string;

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  writer = (await createKey(store, { name: 'w', workspace: 'guangyuan', scope: 'write' }, 'cli')).secret;
  reader = (await createKey(store, { name: 'r', workspace: 'guangyuan', scope: 'read' }, 'cli')).secret;
  other = (await createKey(store, { name: 'o', workspace: 'mianyang', scope: 'write' }, 'cli')).secret;
  admin = (await createKey(store, { name: 'a', workspace: 'province', scope: 'admin' }, 'cli')).secret;
});

function call(method: string, path: string, { key, body, headers = {} }: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return app.request(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function save(kind: string, model: unknown, opts: { key?: string; ifMatch?: string; visibility?: string } = {}) {
  const res = await call('POST', `/v1/models/${kind}`, {
    key: opts.key ?? writer,
    body: { model, ...(opts.visibility ? { visibility: opts.visibility } : {}) },
    headers: opts.ifMatch ? { 'if-match': opts.ifMatch } : {},
  });
  return { res, json: (await res.clone().json()) as any };
}

const auditRows = () => store.db.selectFrom('audit_log').selectAll().where('resource', '=', 'model').orderBy('seq').execute();

describe('saving a model', () => {
  it('saves version 1, answers it with its hash, ETag and Location, and GET answers it', async () => {
    const { res, json } = await save('allocation', ownAllocationModel());
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe('/v1/models/allocation/guangyuan-2025/versions/1');
    expect(json).toMatchObject({ kind: 'allocation', id: 'guangyuan-2025', version: 1, visibility: 'private', workspace: 'guangyuan' });
    expect(json.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(json.model.version).toBe('1'); // the body's version is the stored one

    const got = await call('GET', '/v1/models/allocation/guangyuan-2025', { key: reader });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(await got.json()).toEqual(json); // the same envelope POST answered
    const again = await call('GET', '/v1/models/allocation/guangyuan-2025', { key: reader, headers: { 'if-none-match': '"1"' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-type')).toBeNull();
  });

  it('a save of an existing id needs If-Match: POST without is a 412 (the id exists), PUT without a 428, 412 when stale, version 2 with the latest', async () => {
    await save('allocation', ownAllocationModel());
    const changed = { ...ownAllocationModel(), year: 2026 };

    const exists = await save('allocation', changed);
    expect((await expectProblem(exists.res, 412)).code).toBe('stale-revision');
    const missing = await call('PUT', '/v1/models/allocation/guangyuan-2025', { key: writer, body: { model: changed } });
    const b428 = await expectProblem(missing, 428);
    expect(b428.code).toBe('if-match-required');
    expect(b428.detail).toContain('version');

    const stale = await save('allocation', changed, { ifMatch: '"0"' });
    expect((await expectProblem(stale.res, 412)).code).toBe('stale-revision');
    const star = await save('allocation', changed, { ifMatch: '*' });
    expect((await expectProblem(star.res, 428)).code).toBe('if-match-unreadable');

    const ok = await save('allocation', changed, { ifMatch: '"1"' });
    expect(ok.res.status).toBe(201);
    expect(ok.json.version).toBe(2);
    expect(ok.res.headers.get('etag')).toBe('"2"');

    // the old ETag is stale now
    const again = await save('allocation', changed, { ifMatch: '"1"' });
    expect(again.res.status).toBe(412);

    // PUT at the model's address is the same save
    const put = await call('PUT', '/v1/models/allocation/guangyuan-2025', {
      key: writer,
      body: { model: { ...changed, id: undefined } },
      headers: { 'if-match': '"2"' },
    });
    expect(put.status).toBe(201);
    expect(((await put.json()) as any).version).toBe(3);

    const versions = (await (await call('GET', '/v1/models/allocation/guangyuan-2025/versions', { key: reader })).json()) as any;
    expect(versions.versions.map((v: any) => v.version)).toEqual([1, 2, 3]);
    const v1 = await call('GET', '/v1/models/allocation/guangyuan-2025/versions/1', { key: reader });
    expect(v1.status).toBe(200);
    expect(v1.headers.get('etag')).toBe('"1"');
    expect(((await v1.json()) as any).model.year).toBe(2024);
    const v9 = await call('GET', '/v1/models/allocation/guangyuan-2025/versions/9', { key: reader });
    expect((await expectProblem(v9, 404)).code).toBe('unknown-model-version');
  });

  it('of 10 concurrent saves with the same If-Match exactly one makes version 2, the others get 412', async () => {
    await save('allocation', ownAllocationModel());
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => save('allocation', { ...ownAllocationModel(), year: 2030 + i }, { ifMatch: '"1"' })),
    );
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(412)]);
    const rows = await store.db.selectFrom('models').select('version').where('id', '=', 'guangyuan-2025').execute();
    expect(rows.map((r) => r.version).sort()).toEqual([1, 2]);
  });

  it('refuses a built-in id: built-in models are read-only', async () => {
    const { res } = await save('allocation', { ...ownAllocationModel(), id: 'sichuan-2024' });
    const body = await expectProblem(res, 422, ['/model/id']);
    expect(body.errors[0].code).toBe('built-in-model-read-only');
    const del = await call('DELETE', '/v1/models/allocation/sichuan-2024', { key: admin });
    expect((await expectProblem(del, 403)).code).toBe('built-in-model-read-only');
    // the built-in model is unchanged
    expect(((await (await call('GET', '/v1/models/allocation/sichuan-2024')).json()) as any).title).toEqual(
      findModel('allocation', 'sichuan-2024')!.summary.title,
    );
  });

  it('answers an invalid model with every issue at once, under /model, as an inline model of its kind gets them', async () => {
    const bad = ownAllocationModel();
    bad.factors[0].weight = '5万'; // the number grammar
    bad.unit = 'dollars'; // an enum
    bad.colour = 'red'; // an unknown field
    const { res } = await save('allocation', bad, { visibility: 'secret' });
    const body = await expectProblem(res, 422, ['/model/factors/0/weight', '/model/unit', '/model/colour', '/visibility']);
    // the same model inline in an allocation gets the same issues at the same pointers
    const inline = await call('POST', '/v1/allocations', { body: { ...ALLOCATION, model: bad } });
    const inlineBody = await expectProblem(inline, 422);
    for (const e of inlineBody.errors) expect(body.errors).toContainEqual(e);

    // the whole-model check (weights add up to 1) as the allocation route runs it
    const sum = ownAllocationModel();
    sum.factors[0].weight = '0.99';
    const weights = await save('allocation', sum);
    expect((await expectProblem(weights.res, 422)).errors.some((e: any) => e.pointer.startsWith('/model/factors'))).toBe(true);

    // no id, and an evaluation model broken at the engine's check (levels no longer add up)
    const noId = ownAllocationModel();
    delete noId.id;
    expect((await expectProblem((await save('allocation', noId)).res, 422, ['/model/id'])).errors[0].code).toBe('saved-model-id-required');
    const evaluation = read('models/evaluation/seed004-gaoxin-2021.json');
    evaluation.id = 'gaoxin-own';
    evaluation.levels[0].points = '99';
    const ev = await expectProblem((await save('evaluation', evaluation)).res, 422);
    expect(ev.errors.every((e: any) => e.pointer.startsWith('/model'))).toBe(true);

    expect(await store.db.selectFrom('models').selectAll().execute()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });

  it('needs a write key of its workspace', async () => {
    expect((await save('allocation', ownAllocationModel(), { key: '' })).res.status).toBe(401);
    expect((await save('allocation', ownAllocationModel(), { key: reader })).res.status).toBe(403);
    await save('allocation', ownAllocationModel(), { visibility: 'public' });
    const foreign = await save('allocation', { ...ownAllocationModel(), year: 2026 }, { key: other, ifMatch: '"1"' });
    expect((await expectProblem(foreign.res, 403)).code).toBe('other-workspace');
    // an admin may
    expect((await save('allocation', { ...ownAllocationModel(), year: 2026 }, { key: admin, ifMatch: '"1"' })).res.status).toBe(201);
  });

  it('refuses an unknown kind with the one unknown-model-kind code', async () => {
    const res = await call('POST', '/v1/models/weather', { key: writer, body: { model: ownAllocationModel() } });
    expect((await expectProblem(res, 404)).code).toBe('unknown-model-kind');
  });
});

describe('visibility', () => {
  it('a private model exists only for its workspace and admins: listed, read and used by them alone', async () => {
    await save('allocation', ownAllocationModel('guangyuan-private'));
    await save('allocation', ownAllocationModel('guangyuan-public'), { visibility: 'public' });

    const ids = async (key?: string) =>
      (((await (await call('GET', '/v1/models?kind=allocation', { key })).json()) as any).models as any[]).map((m) => `${m.id}:${m.builtIn}`);
    expect(await ids(reader)).toEqual(['sichuan-2023:true', 'sichuan-2024:true', 'guangyuan-private:false', 'guangyuan-public:false']);
    expect(await ids(admin)).toContain('guangyuan-private:false');
    expect(await ids(other)).toEqual(['sichuan-2023:true', 'sichuan-2024:true', 'guangyuan-public:false']);
    expect(await ids()).toEqual(['sichuan-2023:true', 'sichuan-2024:true', 'guangyuan-public:false']);

    const hidden = await call('GET', '/v1/models/allocation/guangyuan-private', { key: other });
    const body = await expectProblem(hidden, 404);
    expect(body.code).toBe('unknown-model');
    expect(body.detail).toContain('guangyuan-public');
    expect(body.detail).not.toContain('guangyuan-private",');
    expect((await call('GET', '/v1/models/allocation/guangyuan-private/versions/1', { key: other })).status).toBe(404);
    expect((await call('GET', '/v1/models/allocation/guangyuan-private', { key: admin })).status).toBe(200);

    // used by another workspace: the one unknown-model problem, its known ids the caller's
    const used = await call('POST', '/v1/allocations', { key: other, body: { ...ALLOCATION, model: 'guangyuan-private' } });
    const problem = await expectProblem(used, 422, ['/model']);
    expect(problem.errors[0].code).toBe('unknown-model');
    expect(problem.errors[0].detail).toContain('"sichuan-2024"'.slice(1, -1));
    expect(problem.errors[0].detail).toContain('guangyuan-public');
    expect((await call('POST', '/v1/allocations', { key: reader, body: { ...ALLOCATION, model: 'guangyuan-private' } })).status).toBe(200);
    expect((await call('POST', '/v1/allocations', { body: { ...ALLOCATION, model: 'guangyuan-public' } })).status).toBe(200);
  });
});

describe('using a saved model', () => {
  it('in an allocation: the same rows as the model inline, provenance naming the saved id, version and hash', async () => {
    const first = await save('allocation', ownAllocationModel());
    const second = await save('allocation', { ...ownAllocationModel(), year: 2026 }, { ifMatch: '"1"' });
    expect(second.json.hash).not.toBe(first.json.hash);

    const latest = await call('POST', '/v1/allocations', { key: reader, body: { ...ALLOCATION, model: 'guangyuan-2025' } });
    expect(latest.status).toBe(200);
    const a = (await latest.json()) as any;
    expect(a.provenance.model).toEqual({ id: 'guangyuan-2025', version: '2', hash: second.json.hash });

    const pinned = await call('POST', '/v1/allocations', { key: reader, body: { ...ALLOCATION, model: 'guangyuan-2025@1' } });
    expect(pinned.status).toBe(200);
    const p = (await pinned.json()) as any;
    expect(p.provenance.model).toEqual({ id: 'guangyuan-2025', version: '1', hash: first.json.hash });

    // the same model inline answers the same rows and the same model hash
    const inline = (await (await call('POST', '/v1/allocations', { body: { ...ALLOCATION, model: first.json.model } })).json()) as any;
    expect(inline.rows).toEqual(p.rows);
    expect(inline.provenance.model).toEqual(p.provenance.model);

    // an unknown version is the one unknown-model problem
    const v9 = await call('POST', '/v1/allocations', { key: reader, body: { ...ALLOCATION, model: 'guangyuan-2025@9' } });
    expect((await expectProblem(v9, 422, ['/model'])).errors[0].code).toBe('unknown-model');

    // overrides apply to the saved model as to any: the hash is then the overridden model's
    const over = (await (
      await call('POST', '/v1/allocations', { key: reader, body: { ...ALLOCATION, model: 'guangyuan-2025', overrides: { unit: 'yuan' } } })
    ).json()) as any;
    expect(over.provenance.model.id).toBe('guangyuan-2025');
    expect(over.provenance.model.hash).not.toBe(second.json.hash);
  });

  it("in a comparison and a city's own model (二次分配)", async () => {
    const saved = await save('allocation', ownAllocationModel(), { visibility: 'public' });
    const compare = await call('POST', '/v1/allocations/compare', {
      body: { baseline: { ...ALLOCATION, model: 'guangyuan-2025' }, variants: [{ name: 'less', total: '900.00' }] },
    });
    expect(compare.status).toBe(200);
    const c = (await compare.json()) as any;
    expect(c.provenance.model).toMatchObject({ id: 'guangyuan-2025', version: '1' });

    const levels = await call('POST', '/v1/allocations', {
      body: {
        ...ALLOCATION,
        model: 'sichuan-2024',
        regions: [
          { ...EXAMPLE_REGIONS[0], model: 'guangyuan-2025@1', children: EXAMPLE_REGIONS.map((r) => ({ ...r, id: `A${r.id}` })) },
          ...EXAMPLE_REGIONS.slice(1),
        ],
      },
    });
    expect(levels.status).toBe(200);
    expect(saved.json.version).toBe(1);

    // an unknown id in either place: the one unknown-model problem at its pointer, the saved ids listed
    for (const [body, at] of [[{ baseline: { ...ALLOCATION, model: 'nope' }, variants: [{ name: 'less', total: '900.00' }] }, '/baseline/model']] as const) {
      const bad = await expectProblem(await call('POST', '/v1/allocations/compare', { body }), 422, [at]);
      expect(bad.errors.find((e: any) => e.pointer === at)).toMatchObject({ code: 'unknown-model', detail: expect.stringContaining('guangyuan-2025') });
    }
    const city = await call('POST', '/v1/allocations', {
      body: {
        ...ALLOCATION,
        model: 'sichuan-2024',
        regions: [{ ...EXAMPLE_REGIONS[0], model: 'nope@2', children: EXAMPLE_REGIONS }, ...EXAMPLE_REGIONS.slice(1)],
      },
    });
    const cityProblem = await expectProblem(city, 422, ['/regions/0/model']);
    expect(cityProblem.errors.find((e: any) => e.pointer === '/regions/0/model')).toMatchObject({
      code: 'unknown-model',
      detail: expect.stringContaining('guangyuan-2025'),
    });
  });

  it('in an evaluation: provenance names the saved version and hash', async () => {
    const model = read('models/evaluation/seed004-gaoxin-2021.json');
    model.id = 'gaoxin-own';
    model.version = '2021.9'; // the service numbers saved versions: this becomes "1"
    const saved = await save('evaluation', model);
    expect(saved.res.status).toBe(201);
    expect(saved.json.model.version).toBe('1');
    const request = read('scenarios/evaluations/seed004-gaoxin-2021.json').request;
    const res = await call('POST', '/v1/evaluations', { key: writer, body: { ...request, model: 'gaoxin-own' } });
    expect(res.status).toBe(200);
    const json = (await res.json()) as any;
    expect(json.provenance.model).toEqual({ id: 'gaoxin-own', version: '1', hash: saved.json.hash });
    const builtIn = (await (await call('POST', '/v1/evaluations', { body: request })).json()) as any;
    expect(json.summary).toEqual(builtIn.summary);
  });

  it('in monitoring: provenance names the saved version and hash', async () => {
    const model = read('models/monitoring/default.json');
    model.id = 'monthly-own';
    const saved = await save('monitoring', model, { visibility: 'public' });
    expect(saved.res.status).toBe(201);
    const request = read('scenarios/monitoring/alert-reminder-letter.json').request;
    const res = await call('POST', '/v1/monitoring', { body: { ...request, model: 'monthly-own@1' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).provenance.model).toEqual({ id: 'monthly-own', version: '1', hash: saved.json.hash });
  });

  it.each([
    ['points', 'models/points/sichuan-county-points.json', '/v1/rankings', 'scenarios/rankings/sichuan-24-counties-edge-ties.json'],
    ['industry-share', 'models/industry-share/sichuan.json', '/v1/checks/industry-share', 'scenarios/checks/seed-004-industry-share.json'],
  ])('a saved %s model in its route: the same answer as the built-in, provenance naming the saved one', async (kind, file, route, scenario) => {
    const model = read(file);
    const builtInId = model.id;
    model.id = 'own-copy';
    const saved = await save(kind, model, { visibility: 'public' });
    expect(saved.res.status).toBe(201);
    const request = read(scenario).request;
    const own = await call('POST', route, { body: { ...request, model: 'own-copy' } });
    expect(own.status).toBe(200);
    const ownJson = (await own.json()) as any;
    expect(ownJson.provenance.model).toEqual({ id: 'own-copy', version: '1', hash: saved.json.hash });
    const builtIn = (await (await call('POST', route, { body: { ...request, model: builtInId } })).json()) as any;
    expect(ownJson.rows).toEqual(builtIn.rows);
  });

  it("an unknown id is the one unknown-model problem, listing saved ids too, beside the request's other mistakes", async () => {
    await save('allocation', ownAllocationModel(), { visibility: 'public' });
    const res = await call('POST', '/v1/allocations', { body: { ...ALLOCATION, model: 'atlantis', total: 'x' } });
    const body = await expectProblem(res, 422, ['/model', '/total']); // independent mistakes still come together
    const unknown = body.errors.find((e: any) => e.pointer === '/model');
    expect(unknown.code).toBe('unknown-model');
    expect(unknown.detail).toContain('sichuan-2024');
    expect(unknown.detail).toContain('guangyuan-2025');
    expect(unknown.detail_zh).toContain('guangyuan-2025');
  });
});

describe('built-in ids', () => {
  it('never read the store: a request naming built-in models is answered with the database closed', async () => {
    const closed = sqliteStore(':memory:');
    const offline = createApp({ store: closed });
    closed.sqlite.close();
    const body = { ...ALLOCATION, model: 'sichuan-2024', regions: [{ ...EXAMPLE_REGIONS[0], model: 'sichuan-2023', children: EXAMPLE_REGIONS }] };
    const res = await offline.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    // while a saved id does read it (and cannot: the database is closed; an internal error, logged)
    const saved = await offline.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ALLOCATION, model: 'guangyuan-2025' }),
    });
    expect(saved.status).toBe(500);
  });
});

describe('deleting a saved model', () => {
  it('is soft: gone from lists and plain ids, pinned versions still answer; audited; a later save continues the numbering', async () => {
    const saved = await save('allocation', ownAllocationModel());
    expect((await call('DELETE', '/v1/models/allocation/guangyuan-2025', { key: other })).status).toBe(404); // private: not theirs to see
    const del = await call('DELETE', '/v1/models/allocation/guangyuan-2025', { key: writer });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');

    expect((await call('GET', '/v1/models/allocation/guangyuan-2025', { key: writer })).status).toBe(404);
    expect((await call('GET', '/v1/models/allocation/guangyuan-2025/versions/1', { key: writer })).status).toBe(200);
    const list = ((await (await call('GET', '/v1/models', { key: writer })).json()) as any).models.map((m: any) => m.id);
    expect(list).not.toContain('guangyuan-2025');
    expect((await call('POST', '/v1/allocations', { key: writer, body: { ...ALLOCATION, model: 'guangyuan-2025' } })).status).toBe(422);
    const pinned = await call('POST', '/v1/allocations', { key: writer, body: { ...ALLOCATION, model: 'guangyuan-2025@1' } });
    expect(pinned.status).toBe(200);
    expect(((await pinned.json()) as any).provenance.model.hash).toBe(saved.json.hash);

    const again = await save('allocation', ownAllocationModel());
    expect(again.res.status).toBe(201);
    expect(again.json.version).toBe(2);
    expect((await call('GET', '/v1/models/allocation/guangyuan-2025', { key: writer })).headers.get('etag')).toBe('"2"');
  });
});

describe('the audit trail', () => {
  it('has one row per write: who, what, the version and the content hash, in the same write', async () => {
    const a = await save('allocation', ownAllocationModel());
    const b = await save('allocation', { ...ownAllocationModel(), year: 2026 }, { ifMatch: '"1"' });
    await save('allocation', { ...ownAllocationModel(), year: 2027 }, { ifMatch: '"1"' }); // stale: no row
    await call('DELETE', '/v1/models/allocation/guangyuan-2025', { key: writer });
    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.resource_id, r.revision, r.hash, r.workspace])).toEqual([
      ['create', 'allocation/guangyuan-2025', 1, a.json.hash, 'guangyuan'],
      ['update', 'allocation/guangyuan-2025', 2, b.json.hash, 'guangyuan'],
      ['delete', 'allocation/guangyuan-2025', 2, b.json.hash, 'guangyuan'],
    ]);
    const key = await store.db.selectFrom('api_keys').select('id').where('name', '=', 'w').executeTakeFirstOrThrow();
    expect(rows.every((r) => r.actor === key.id)).toBe(true);
    // the stored hash is the hash of the stored body
    const stored = await store.db.selectFrom('models').selectAll().where('version', '=', 2).executeTakeFirstOrThrow();
    expect(stored.hash).toBe(b.json.hash);
    expect(JSON.parse(stored.body)).toEqual(b.json.model);
  });
});
