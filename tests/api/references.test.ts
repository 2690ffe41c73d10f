/**
 * References instead of inline data, in Node on a SQLite store through app.request: a dataset revision where a
 * route takes regions or projects answers exactly what the same rows inline answer (but provenance.references,
 * which names the revision and its hash), and every wrong reference is a 422 naming the field with its code.
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
let otherKey = '';

const post = (path: string, body: unknown, secret = key) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  otherKey = (await createKey(store, { name: 'elsewhere', workspace: 'gansu', scope: 'write' }, 'cli')).secret;
  await putDataset(store, { id: 'ds_counties', rows: COUNTIES });
  await putDataset(store, { id: 'ds_public', visibility: 'public', rows: COUNTIES });
  await putDataset(store, { id: 'ds_projects', kind: 'projects', rows: [{ id: 'P1', cost: '10', category: 'industry' }] });
});

describe('a dataset reference instead of regions', () => {
  it('answers the same rows, summary and request hash as the rows inline, and names the revision in provenance', async () => {
    const inline = await post('/v1/allocations', { ...ALLOCATION, regions: COUNTIES });
    const byRef = await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_counties', revision: 1 } });
    expect(inline.status).toBe(200);
    expect(byRef.status).toBe(200);
    const a = (await inline.json()) as any;
    const b = (await byRef.json()) as any;
    expect(b.rows).toEqual(a.rows);
    expect(b.summary).toEqual(a.summary);
    expect(b.provenance.request).toBe(a.provenance.request);
    expect(a.provenance.references).toBeUndefined();
    expect(b.provenance.references).toEqual([
      { pointer: '/regions', dataset: 'ds_counties', revision: 1, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    ]);
    expect(byRef.headers.get('x-references')).toMatch(/^\/regions=ds_counties@1;sha256:/);
  });

  it('without a revision reads the head, and says which', async () => {
    const id = 'ds_moving';
    await putDataset(store, { id, rows: COUNTIES });
    const changed = COUNTIES.map((r) => (r.id === 'B' ? { ...r, indicators: { ...r.indicators, income: 14000 } } : r));
    expect(await reviseDataset(store, id, changed)).toBe(2);
    const head = (await (await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: id } })).json()) as any;
    const first = (await (await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: id, revision: 1 } })).json()) as any;
    expect(head.provenance.references[0].revision).toBe(2);
    expect(first.provenance.references[0].revision).toBe(1);
    expect(head.rows).not.toEqual(first.rows);
    const inlineChanged = (await (await post('/v1/allocations', { ...ALLOCATION, regions: changed })).json()) as any;
    expect(head.rows).toEqual(inlineChanged.rows);
  });

  it('works as CSV (the reference in X-References) and in compare’s baseline, rankings and monitoring spots', async () => {
    const csv = await app.request('/v1/allocations?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ ...ALLOCATION, regions: { dataset: 'ds_counties' } }),
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('x-references')).toContain('ds_counties@1');
    const inlineCsv = await app.request('/v1/allocations?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ALLOCATION, regions: COUNTIES }),
    });
    expect(new Uint8Array(await csv.arrayBuffer())).toEqual(new Uint8Array(await inlineCsv.arrayBuffer()));

    const compare = await post('/v1/allocations/compare', {
      baseline: { ...ALLOCATION, regions: { dataset: 'ds_counties' } },
      variants: [{ name: 'B poorer', regions: [{ id: 'B', indicators: { income: 14000 } }] }],
    });
    expect(compare.status).toBe(200);
    expect(((await compare.json()) as any).provenance.references[0].pointer).toBe('/baseline/regions');
  });

  it('a public dataset needs no key; a private one is unknown to anonymous callers and to other workspaces', async () => {
    expect((await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_public' } }, '')).status).toBe(200);
    for (const secret of ['', otherKey]) {
      const body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_counties' } }, secret), 422, [
        '/regions/dataset',
      ]);
      expect(body.errors[0].code).toBe('unknown-dataset');
    }
  });
});

describe('wrong references: 422 at the field, with codes, every one at once', () => {
  it('unknown dataset, missing revision, wrong kind, malformed', async () => {
    let body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_nothing' } }), 422, ['/regions/dataset']);
    expect(body.errors[0].code).toBe('unknown-dataset');
    body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_counties', revision: 9 } }), 422, [
      '/regions/revision',
    ]);
    expect(body.errors[0].code).toBe('unknown-dataset-revision');
    expect(body.errors[0].detail).toContain('1 to 1');
    body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_projects' } }), 422, ['/regions/dataset']);
    expect(body.errors[0].code).toBe('dataset-wrong-kind');
    body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 7, revision: 0, extra: true } }), 422, [
      '/regions/dataset',
      '/regions/revision',
      '/regions/extra',
    ]);
    expect(body.errors.map((e: any) => e.code).sort()).toEqual(['reference-invalid', 'reference-invalid', 'unknown-field']);
  });

  it('projects of an optimization from a dataset of regions is the wrong kind, at /projects', async () => {
    const body = await expectProblem(
      await post('/v1/optimizations', {
        kind: 'portfolio',
        unit: 'wan',
        sources: [{ id: 'central', budget: '100' }],
        projects: { dataset: 'ds_counties' },
        objective: { maximize: 'amount' },
      }),
      422,
      ['/projects/dataset'],
    );
    expect(body.errors[0].code).toBe('dataset-wrong-kind');
  });

  it('a deleted dataset is unknown', async () => {
    await putDataset(store, { id: 'ds_gone', rows: COUNTIES });
    await store.db.updateTable('datasets').set({ deleted_at: new Date().toISOString(), deleted_by: 'test' }).where('id', '=', 'ds_gone').execute();
    const body = await expectProblem(await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_gone' } }), 422, ['/regions/dataset']);
    expect(body.errors[0].code).toBe('unknown-dataset');
  });

  it('a reference without a store is a 503, an inline request without one still answers', async () => {
    const bare = createApp();
    const req = (regions: unknown) =>
      bare.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...ALLOCATION, regions }) });
    expect((await req(COUNTIES)).status).toBe(200);
    const res = await req({ dataset: 'ds_counties' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).code).toBe('storage-not-configured');
    // a malformed one is bad input, a 422, with or without a database
    for (const regions of [{}, { dataset: 7 }, { datset: 'x' }]) expect((await req(regions)).status).toBe(422);
  });
});

describe('provenance.references is added to the envelope as parsing and writing it again would', () => {
  it('splices into the tail, and falls back to a parse where the tail is not provenance', async () => {
    const { withReferences } = await import('../../src/api/references/middleware.js');
    const used = [{ pointer: '/regions', dataset: 'ds_a', revision: 2, hash: 'sha256:ab' }];
    const envelope = {
      model: { id: 'm', version: '1' },
      rows: [{ id: 'A', note: '"provenance":{' }],
      provenance: { service: '1', model: { id: 'm' }, request: 'sha256:x' },
    };
    const expected = JSON.stringify({ ...envelope, provenance: { ...envelope.provenance, references: used } });
    expect(withReferences(JSON.stringify(envelope), used)).toBe(expected);
    const other = { provenance: { service: '1' }, after: { x: 1 } };
    expect(JSON.parse(withReferences(JSON.stringify(other), used))).toEqual({ provenance: { service: '1', references: used }, after: { x: 1 } });
  });
});

describe('rows a route reads differently', () => {
  it('a ranking takes the id and name of each region of a dataset (who is ranked), not its indicators', async () => {
    const ranking = {
      model: 'sichuan-county-points',
      unit: 'wan',
      events: [{ region: 'A', kind: 'check', points: '-3', date: '2024-03-12' }],
    };
    const byRef = await post('/v1/rankings', { ...ranking, regions: { dataset: 'ds_counties' } });
    expect(byRef.status).toBe(200);
    const inline = await post('/v1/rankings', { ...ranking, regions: COUNTIES.map((r) => ({ id: r.id, name: r.name })) });
    expect(((await byRef.json()) as any).rows).toEqual(((await inline.json()) as any).rows);
  });

  it('a problem in a dataset’s rows names where it is in the dataset too', async () => {
    const bad = COUNTIES.map((r) => (r.id === 'B' ? { ...r, indicators: { ...r.indicators, keyCounty: 'capital' } } : r));
    await putDataset(store, { id: 'ds_bad', rows: bad });
    const res = await post('/v1/allocations', { ...ALLOCATION, regions: { dataset: 'ds_bad' } });
    const body = await expectProblem(res, 422);
    const e = body.errors.find((x: any) => x.pointer.startsWith('/regions/1/'));
    expect(e.detail).toContain('(in the dataset ds_bad, revision 1: /rows/1/');
    expect(e.detail_zh).toContain('数据集 ds_bad 第 1 版');
  });
});
