/**
 * Datasets inside workerd, through the real Worker with its local D1: create from JSON and from a GBK CSV
 * (Chinese Excel's default, decoded with workerd's own TextDecoder('gbk')), read back as JSON and CSV,
 * If-Match updates (412 / 428), soft delete; 50 concurrent updates with the same If-Match leave exactly one
 * new revision and 49 × 412; a D1 batch of a write's own statements with a failing statement between them
 * leaves nothing; readDatasetRevision on D1.
 */
import { env, exports } from 'cloudflare:workers';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/access/principal.js';
import { createDataset, datasetHash, planCreate, planUpdate, readDatasetRevision } from '../../src/store/datasets.js';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { gbk } from '../fixtures/datasets/gbk.js';

const BASE = 'http://allocator.test';
const HEADER = '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分';
const CSV = `${HEADER}\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85\r\nC,丙县,其他,0,12000,700,19800,88\r\n`;
const QUERY = `title=${encodeURIComponent('2024年各县')}&jurisdiction=${encodeURIComponent('四川省')}&year=2024&kind=regions&model=sichuan-2024`;
const META = { title: 't', jurisdiction: '四川省', year: 2024, kind: 'regions' as const, model: null, source: null };
const rowsFor = (i: number) => [{ id: 'A', name: '甲县', indicators: { poverty: String(1000 + i) } }];

async function writerKey(workspace = 'sichuan') {
  return (await createKey(d1Store(env.DB), { name: 'planner', workspace, scope: 'write' }, 'cli')).secret;
}

const call = (method: string, path: string, key: string | undefined, body?: BodyInit, type?: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${BASE}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(type ? { 'content-type': type } : {}), ...headers },
    body,
  });

describe('datasets in workerd (local D1)', () => {
  it('a GBK CSV with Chinese headers and categories → the rows the calculation routes take; read back as CSV with a BOM', async () => {
    const key = await writerKey();
    const res = await call('POST', `/v1/datasets?${QUERY}`, key, gbk(CSV), 'text/csv');
    const body = (await res.json()) as { id: string; encoding: string; rows: { indicators: Record<string, string> }[] };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.encoding).toBe('gbk');
    expect(body.rows.map((r) => r.indicators.keyCounty)).toEqual(['national', 'provincial', 'other']);
    expect(body.rows[0].indicators.income).toBe('15600');
    const csv = await call('GET', `/v1/datasets/${body.id}?format=csv`, key);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('脱贫人口 (poverty)');
  });

  it('If-Match: 428 without, 412 stale, 200 → revision 2; delete → 404 unknown-dataset; private → 404 to anonymous', async () => {
    const key = await writerKey();
    const made = (await (await call('POST', '/v1/datasets', key, JSON.stringify({ ...META, rows: rowsFor(0) }), 'application/json')).json()) as {
      id: string;
    };
    expect((await call('GET', `/v1/datasets/${made.id}`, undefined)).status).toBe(404);
    const put = (ifMatch?: string) =>
      call('PUT', `/v1/datasets/${made.id}`, key, JSON.stringify({ rows: rowsFor(1) }), 'application/json', ifMatch ? { 'if-match': ifMatch } : {});
    expect((await put()).status).toBe(428);
    expect((await put('"1"')).status).toBe(200);
    expect((await put('"1"')).status).toBe(412);
    const revs = (await (await call('GET', `/v1/datasets/${made.id}/revisions`, key)).json()) as { revisions: { revision: number }[] };
    expect(revs.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect((await call('DELETE', `/v1/datasets/${made.id}`, key)).status).toBe(204);
    const gone = await call('GET', `/v1/datasets/${made.id}`, key);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('unknown-dataset');
  });

  it('bad input is a 4xx problem naming the row and the column, never a 5xx', async () => {
    const key = await writerKey();
    const res = await call('POST', `/v1/datasets?${QUERY}`, key, `${HEADER}\r\nA,甲县,市级重点县,1,2,3,4,5\r\nA,乙县,其他,1,"2,000",3,4,5\r\n`, 'text/csv');
    expect(res.status).toBe(422);
    const p = (await res.json()) as { errors: { pointer: string; code: string; detail: string }[] };
    expect(p.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/rows/0/indicators/keyCounty', 'unknown-category'],
      ['/rows/1/id', 'duplicate-id'],
      ['/rows/1/indicators/poverty', 'thousands-separator'],
    ]);
    expect(p.errors[0].detail).toMatch(/^line 2, column "重点帮扶县"/);
    const semi = await call('POST', `/v1/datasets?${QUERY}`, key, HEADER.replace(/,/g, ';'), 'text/csv');
    expect(((await semi.json()) as { errors: { code: string }[] }).errors[0].code).toBe('wrong-delimiter');
  });

  it('50 concurrent updates with the same If-Match: exactly one new revision, 49 × 412, nothing lost or half-written', async () => {
    const key = await writerKey();
    const made = (await (await call('POST', '/v1/datasets', key, JSON.stringify({ ...META, rows: rowsFor(-1) }), 'application/json')).json()) as {
      id: string;
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('PUT', `/v1/datasets/${made.id}`, key, JSON.stringify({ rows: rowsFor(i) }), 'application/json', { 'if-match': '"1"' }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const i = statuses.indexOf(200);
    const won = (await answers[i].json()) as { revision: number; rows: unknown; hash: string };
    await Promise.all(answers.filter((_, j) => j !== i).map((r) => r.arrayBuffer()));
    expect(won.revision).toBe(2);
    expect(won.rows).toEqual(rowsFor(i));
    expect(won.hash).toBe(await datasetHash({ ...META, rows: rowsFor(i) }));
    const db = d1Store(env.DB).db;
    const revisions = await db.selectFrom('dataset_revisions').select(['revision', 'hash']).where('dataset_id', '=', made.id).orderBy('revision').execute();
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisions[1].hash).toBe(won.hash);
    const audits = await db.selectFrom('audit_log').select(['action', 'revision']).where('resource_id', '=', made.id).orderBy('seq').execute();
    expect(audits).toEqual([
      { action: 'create', revision: 1 },
      { action: 'update', revision: 2 },
    ]);
  });

  it("a D1 batch of a write's own statements with a failing statement between them writes nothing (create and update)", async () => {
    const store = d1Store(env.DB);
    const who: Principal = { kind: 'key', id: 'key_batch', name: 'b', workspace: 'sichuan', scope: 'write' };
    const count = async () =>
      (
        await sql<{
          d: number;
          r: number;
          a: number;
        }>`SELECT (SELECT count(*) FROM datasets) AS d, (SELECT count(*) FROM dataset_revisions) AS r, (SELECT count(*) FROM audit_log) AS a`.execute(
          store.db,
        )
      ).rows[0];
    // a statement that fails: a CHECK constraint (scope must be read, write or admin)
    const failing = () =>
      store.db.insertInto('api_keys').values({
        id: `k_${Math.random()}`,
        name: 'n',
        workspace: 'w',
        scope: 'nonsense' as 'read',
        hash: `h_${Math.random()}`,
        prefix: 'p',
        created_at: 'now',
      });
    const before = await count();
    const plan = await planCreate(store, who, { ...META, rows: rowsFor(0) }, 'private');
    for (const at of [1, 2]) {
      const statements = [...plan.statements];
      statements.splice(at, 0, failing());
      await expect(store.atomically(statements)).rejects.toThrow();
      expect(await count()).toEqual(before);
    }
    const made = await createDataset(store, who, { ...META, rows: rowsFor(0) }, 'private');
    const afterCreate = await count();
    const update = await planUpdate(store, who, { id: made.id, workspace: 'sichuan' }, 1, { ...META, rows: rowsFor(1) }, 'private');
    for (const at of [1, 2]) {
      const statements = [...update.statements];
      statements.splice(at, 0, failing());
      await expect(store.atomically(statements)).rejects.toThrow();
      expect(await count()).toEqual(afterCreate);
    }
    expect(await readDatasetRevision(store, who, made.id)).toMatchObject({ revision: 1, rows: rowsFor(0), hash: made.hash });
    // the same statements without the failing one do write (the test can fail)
    await store.atomically(update.statements);
    expect((await readDatasetRevision(store, who, made.id))?.revision).toBe(2);
    expect(await readDatasetRevision(store, { kind: 'anonymous', client: 'x' }, made.id)).toBeUndefined();
  });
});
