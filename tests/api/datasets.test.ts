/**
 * /v1/datasets through app.request with a SQLite store: create from JSON and from CSV/TSV (UTF-8 with and
 * without BOM, GBK, UTF-16), Chinese headers and categories mapped through the model, reads as JSON and
 * CSV (which uploads back to the same rows), revisions with If-Match, soft delete, access by workspace.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { XLSX_MEDIA_TYPE } from '../../src/api/datasets/table.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { gbk } from '../fixtures/datasets/gbk.js';

async function setup() {
  const store = sqliteStore(':memory:');
  const app = createApp({ store });
  const writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  const reader = (await createKey(store, { name: 'viewer', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
  const stranger = (await createKey(store, { name: 'other', workspace: 'guizhou', scope: 'write' }, 'cli')).secret;
  const admin = (await createKey(store, { name: 'ops', workspace: 'ops', scope: 'admin' }, 'cli')).secret;
  const call = (method: string, path: string, opts: { key?: string; body?: BodyInit; type?: string; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.type ? { 'content-type': opts.type } : {}),
        ...opts.headers,
      },
      body: opts.body,
    });
  return { store, app, writer, reader, stranger, admin, call };
}

const META = { title: '2024年各县分配因素', jurisdiction: '四川省', year: 2024, kind: 'regions', model: 'sichuan-2024', source: '统计年鉴' };
const CSV_HEADER = '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分';
const CSV = `${CSV_HEADER}\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85\r\nC,丙县,其他,0,12000,700,19800,88\r\n`;
const QUERY = `title=${encodeURIComponent('2024年各县')}&jurisdiction=${encodeURIComponent('四川省')}&year=2024&kind=regions&model=sichuan-2024`;
const CSV_ROWS = [
  {
    id: 'A',
    name: '甲县',
    indicators: { keyCounty: 'national', relocation: '1200', poverty: '52000', monitored: '3100', income: '15600', performance: '92' },
  },
  {
    id: 'B',
    name: '乙县',
    indicators: { keyCounty: 'provincial', relocation: '300', poverty: '31000', monitored: '1800', income: '17300', performance: '85' },
  },
  { id: 'C', name: '丙县', indicators: { keyCounty: 'other', relocation: '0', poverty: '12000', monitored: '700', income: '19800', performance: '88' } },
];

describe('POST /v1/datasets', () => {
  it('JSON: 201 with revision 1, ETag "1", Location, the hash; private by default; audited with the same hash', async () => {
    const { call, writer, store } = await setup();
    const res = await call('POST', '/v1/datasets', { key: writer, type: 'application/json', body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/datasets/${body.id}`);
    expect(body).toMatchObject({ revision: 1, head: 1, visibility: 'private', workspace: 'sichuan', kind: 'regions', rowCount: 3, rows: EXAMPLE_REGIONS });
    expect(body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const trail = store.sqlite.prepare("SELECT action, resource_id, revision, hash FROM audit_log WHERE resource = 'dataset'").all();
    expect(trail).toEqual([{ action: 'create', resource_id: body.id, revision: 1, hash: body.hash }]);
  });

  it('CSV with Chinese headers and categories (UTF-8 with BOM, without, GBK, UTF-16LE TSV) → the same rows and hash', async () => {
    const { call, writer } = await setup();
    const utf8 = new TextEncoder().encode(CSV);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const tsv = CSV.replace(/,/g, '\t');
    const utf16 = new Uint8Array(2 + tsv.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < tsv.length; i++) {
      utf16[2 + 2 * i] = tsv.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = tsv.charCodeAt(i) >> 8;
    }
    const sent: [Uint8Array, string, string][] = [
      [utf8, 'text/csv', 'utf-8'],
      [bom, 'text/csv; charset=utf-8', 'utf-8-bom'],
      [gbk(CSV), 'text/csv', 'gbk'],
      [utf16, 'text/tab-separated-values', 'utf-16le'],
    ];
    const hashes = new Set<string>();
    for (const [bytes, type, encoding] of sent) {
      const res = await call('POST', `/v1/datasets?${QUERY}`, { key: writer, type, body: bytes });
      const body = (await res.json()) as { rows: unknown; encoding: string; hash: string };
      expect(res.status, `${encoding}: ${JSON.stringify(body)}`).toBe(201);
      expect(body.encoding).toBe(encoding);
      expect(body.rows).toEqual(CSV_ROWS);
      hashes.add(body.hash);
    }
    expect(hashes.size).toBe(1);
  });

  it('CSV metadata may come in Dataset-<Field> headers, percent-encoded', async () => {
    const { call, writer } = await setup();
    const res = await call('POST', '/v1/datasets', {
      key: writer,
      type: 'text/csv',
      body: CSV,
      headers: {
        'dataset-title': encodeURIComponent('各县数据'),
        'dataset-jurisdiction': encodeURIComponent('四川省'),
        'dataset-year': '2023',
        'dataset-model': 'sichuan-2024',
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ title: '各县数据', jurisdiction: '四川省', year: 2023, model: 'sichuan-2024' });
  });

  it('needs a write key: none 401, read 403', async () => {
    const { call, reader } = await setup();
    const body = JSON.stringify({ ...META, rows: EXAMPLE_REGIONS });
    const none = await call('POST', '/v1/datasets', { type: 'application/json', body });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('key-required');
    const read = await call('POST', '/v1/datasets', { key: reader, type: 'application/json', body });
    expect(read.status).toBe(403);
    expect(((await read.json()) as { code: string }).code).toBe('scope-too-narrow');
  });
});

describe('GET /v1/datasets/{id}', () => {
  it('JSON with ETag; CSV with BOM and Chinese headers that upload back to the same rows; 304 on If-None-Match', async () => {
    const { call, writer } = await setup();
    const made = (await (await call('POST', `/v1/datasets?${QUERY}`, { key: writer, type: 'text/csv', body: CSV })).json()) as { id: string; hash: string };
    const json = await call('GET', `/v1/datasets/${made.id}`, { key: writer });
    expect(json.status).toBe(200);
    expect(json.headers.get('etag')).toBe('"1"');
    expect(((await json.json()) as { rows: unknown }).rows).toEqual(CSV_ROWS);
    const csv = await call('GET', `/v1/datasets/${made.id}?format=csv`, { key: writer });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe(
      '编号 (id),名称 (name),重点帮扶县 (keyCounty),易地搬迁集中安置人口 (relocation),脱贫人口 (poverty),监测对象 (monitored),脱贫人口人均纯收入（元） (income),上年度绩效评价得分 (performance)',
    );
    const again = (await (await call('POST', `/v1/datasets?${QUERY}`, { key: writer, type: 'text/csv', body: bytes })).json()) as {
      rows: unknown;
      hash: string;
    };
    expect(again.rows).toEqual(CSV_ROWS);
    expect(again.hash).toBe(made.hash);
    const notModified = await call('GET', `/v1/datasets/${made.id}`, { key: writer, headers: { 'if-none-match': '"1"' } });
    expect(notModified.status).toBe(304);
  });

  it('private: 404 to anonymous and to another workspace, visible to an admin; public: visible to anyone', async () => {
    const { call, writer, stranger, admin } = await setup();
    const priv = (await (
      await call('POST', '/v1/datasets', { key: writer, type: 'application/json', body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }) })
    ).json()) as { id: string };
    const pub = (await (
      await call('POST', '/v1/datasets', {
        key: writer,
        type: 'application/json',
        body: JSON.stringify({ ...META, visibility: 'public', rows: EXAMPLE_REGIONS }),
      })
    ).json()) as { id: string };
    for (const key of [undefined, stranger]) {
      const res = await call('GET', `/v1/datasets/${priv.id}`, { key });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('unknown-dataset');
      expect((await call('GET', `/v1/datasets/${pub.id}`, { key })).status).toBe(200);
    }
    expect((await call('GET', `/v1/datasets/${priv.id}`, { key: admin })).status).toBe(200);
    const anonymousList = (await (await call('GET', '/v1/datasets')).json()) as { datasets: { id: string }[]; total: number };
    // public ones only: this one and the sample every store ships with (migration 0007)
    expect(anonymousList.datasets.map((d) => d.id).sort()).toEqual([pub.id, 'sample-20'].sort());
    const own = (await (await call('GET', '/v1/datasets?pageSize=1', { key: writer })).json()) as { datasets: unknown[]; total: number; next: string | null };
    expect(own.total).toBe(3);
    expect(own.datasets).toHaveLength(1);
    expect(own.next).toBe('/v1/datasets?page=2&pageSize=1');
  });
});

describe('PUT /v1/datasets/{id}', () => {
  it('If-Match "1" → revision 2; revision 1 unchanged; stale → 412; missing → 428; "*" → 428; another workspace → 403', async () => {
    const { call, writer, stranger, store } = await setup();
    const made = (await (
      await call('POST', '/v1/datasets', { key: writer, type: 'application/json', body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }) })
    ).json()) as {
      id: string;
    };
    const rows = EXAMPLE_REGIONS.slice(0, 2);
    const put = (ifMatch: string | undefined, key = writer) =>
      call('PUT', `/v1/datasets/${made.id}`, {
        key,
        type: 'application/json',
        body: JSON.stringify({ rows }),
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    expect((await put(undefined)).status).toBe(428);
    const star = await put('*');
    expect(star.status).toBe(428);
    expect(((await star.json()) as { code: string }).code).toBe('if-match-unreadable');
    const ok = await put('"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(await ok.json()).toMatchObject({ revision: 2, head: 2, title: META.title, model: 'sichuan-2024', rowCount: 2 });
    const stale = await put('"1"');
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { code: string }).code).toBe('stale-revision');
    expect((await put('"2"', stranger)).status).toBe(404); // private: does not exist for them
    const first = (await (await call('GET', `/v1/datasets/${made.id}/revisions/1`, { key: writer })).json()) as { rows: unknown };
    expect(first.rows).toEqual(EXAMPLE_REGIONS);
    const list = (await (await call('GET', `/v1/datasets/${made.id}/revisions`, { key: writer })).json()) as { revisions: { revision: number }[] };
    expect(list.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect((await call('GET', `/v1/datasets/${made.id}/revisions/3`, { key: writer })).status).toBe(404);
    expect(store.sqlite.prepare("SELECT action, revision FROM audit_log WHERE resource = 'dataset' ORDER BY seq").all()).toEqual([
      { action: 'create', revision: 1 },
      { action: 'update', revision: 2 },
    ]);
  });

  it('a public dataset of another workspace: 403 other-workspace', async () => {
    const { call, writer, stranger } = await setup();
    const made = (await (
      await call('POST', '/v1/datasets', {
        key: writer,
        type: 'application/json',
        body: JSON.stringify({ ...META, visibility: 'public', rows: EXAMPLE_REGIONS }),
      })
    ).json()) as { id: string };
    const res = await call('PUT', `/v1/datasets/${made.id}`, {
      key: stranger,
      type: 'application/json',
      body: JSON.stringify({ rows: EXAMPLE_REGIONS }),
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('other-workspace');
  });

  it('a CSV re-upload keeps the metadata', async () => {
    const { call, writer } = await setup();
    const made = (await (await call('POST', `/v1/datasets?${QUERY}`, { key: writer, type: 'text/csv', body: CSV })).json()) as { id: string };
    const res = await call('PUT', `/v1/datasets/${made.id}`, {
      key: writer,
      type: 'text/csv',
      body: CSV.replace('52000', '53000'),
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; model: string; rows: { indicators: { poverty: string } }[] };
    expect(body.title).toBe('2024年各县');
    expect(body.rows[0].indicators.poverty).toBe('53000');
  });
});

describe('DELETE /v1/datasets/{id}', () => {
  it('soft: 204, then 404 unknown-dataset, gone from the list, audited; the rows stay in the database', async () => {
    const { call, writer, store } = await setup();
    const made = (await (
      await call('POST', '/v1/datasets', { key: writer, type: 'application/json', body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }) })
    ).json()) as {
      id: string;
    };
    expect((await call('DELETE', `/v1/datasets/${made.id}`, { key: writer, headers: { 'if-match': '"7"' } })).status).toBe(412);
    expect((await call('DELETE', `/v1/datasets/${made.id}`, { key: writer })).status).toBe(204);
    const gone = await call('GET', `/v1/datasets/${made.id}`, { key: writer });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('unknown-dataset');
    const left = (await (await call('GET', '/v1/datasets', { key: writer })).json()) as { datasets: { id: string }[] };
    expect(left.datasets.map((d) => d.id)).toEqual(['sample-20']); // the shipped public sample only
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM dataset_revisions WHERE dataset_id = ?').get(made.id)).toEqual({ n: 1 });
    expect(store.sqlite.prepare("SELECT action FROM audit_log WHERE resource = 'dataset' ORDER BY seq").all()).toEqual([
      { action: 'create' },
      { action: 'delete' },
    ]);
  });
});

describe('/openapi.json: the datasets operations', () => {
  it('every route is documented, and the request examples (JSON, CSV, TSV; PUT) are accepted as they are, with a key', async () => {
    const { app, call, writer } = await setup();
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown }> }; security?: unknown }>>;
    };
    expect(Object.keys(doc.paths['/v1/datasets']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/datasets/{id}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/v1/datasets/{id}/revisions'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/datasets/{id}/revisions/{revision}'])).toEqual(['get']);
    expect(doc.paths['/v1/datasets'].post.security).toEqual([{ bearerAuth: [] }]);
    const post = doc.paths['/v1/datasets'].post.requestBody!.content;
    let id = '';
    for (const [type, { example }] of Object.entries(post)) {
      if (type === XLSX_MEDIA_TYPE) continue; // a workbook has no text example: tests/api/xlsx-in.test.ts sends real ones
      expect(example, type).toBeDefined();
      const body = typeof example === 'string' ? example : JSON.stringify(example);
      const query = type === 'application/json' ? '' : `?${QUERY}`;
      const res = await call('POST', `/v1/datasets${query}`, { key: writer, type, body });
      expect(res.status, `${type}: ${await res.clone().text()}`).toBe(201);
      id = ((await res.json()) as { id: string }).id;
    }
    for (const [type, { example }] of Object.entries(doc.paths['/v1/datasets/{id}'].put.requestBody!.content)) {
      if (type === XLSX_MEDIA_TYPE) continue;
      const head = ((await (await call('GET', `/v1/datasets/${id}`, { key: writer })).json()) as { head: number }).head;
      const body = typeof example === 'string' ? example : JSON.stringify(example);
      const res = await call('PUT', `/v1/datasets/${id}`, { key: writer, type, body, headers: { 'if-match': `"${head}"` } });
      expect(res.status, `${type}: ${await res.clone().text()}`).toBe(200);
    }
  });
});

describe('kind projects', () => {
  it('a project library from CSV (Chinese headers); a cost that is not a decimal is a 422 at /rows/n/cost with the line', async () => {
    const { call, writer } = await setup();
    const query = `?title=${encodeURIComponent('2025年项目库')}&jurisdiction=${encodeURIComponent('苍溪县')}&year=2025&kind=projects`;
    const table =
      '项目编号,项目名称,所属地区,项目类别,总投资（万元）,乡镇,村,beneficiaries\r\nP1,猕猴桃产业园,510824,industry,120.50,白驿镇,岫云村,420\r\nP2,产业路,510824,infrastructure,80,,,\r\n';
    const res = await call('POST', `/v1/datasets${query}`, { key: writer, type: 'text/csv', body: table });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { rows: unknown }).rows).toEqual([
      {
        id: 'P1',
        name: '猕猴桃产业园',
        region: '510824',
        category: 'industry',
        cost: '120.50',
        town: '白驿镇',
        village: '岫云村',
        values: { beneficiaries: '420' },
      },
      { id: 'P2', name: '产业路', region: '510824', category: 'infrastructure', cost: '80' },
    ]);
    const bad = await call('POST', `/v1/datasets${query}`, { key: writer, type: 'text/csv', body: table.replace('80,', '80万,') });
    expect(bad.status).toBe(422);
    const p = (await bad.json()) as { errors: { pointer: string; code: string; detail: string }[] };
    expect(p.errors.map((e) => [e.pointer, e.code])).toEqual([['/rows/1/cost', 'unit-in-number']]);
    expect(p.errors[0].detail).toMatch(/^line 3, column "总投资（万元）": /);
  });
});

describe('a saved allocation model as the dataset model', () => {
  it('its indicator titles map the headers; another workspace cannot name it (unknown-model)', async () => {
    const { call, writer, stranger } = await setup();
    const model = {
      id: 'guangyuan-2025',
      title: { zh: '广元市模型', en: 'Guangyuan' },
      unit: 'wan',
      factors: [
        {
          id: 'need',
          weight: '1',
          indicators: [
            { id: 'poor', title: { zh: '脱贫人口', en: 'Poverty' }, weight: '0.6', transform: 'direct' },
            {
              id: 'key',
              title: { zh: '重点帮扶县', en: 'Key county' },
              weight: '0.4',
              transform: 'coefficient',
              coefficients: { national: '1.5', other: '1' },
            },
          ],
        },
      ],
    };
    const saved = await call('POST', '/v1/models/allocation', { key: writer, type: 'application/json', body: JSON.stringify({ model }) });
    expect(saved.status, await saved.clone().text()).toBe(201);
    const query = `?title=t&jurisdiction=j&year=2025&model=guangyuan-2025`;
    const table = '编号,脱贫人口,重点帮扶县\r\nA,100,国家重点县\r\nB,200,其他\r\n';
    const res = await call('POST', `/v1/datasets${query}`, { key: writer, type: 'text/csv', body: table });
    expect(res.status, await res.clone().text()).toBe(201);
    const made = (await res.json()) as { id: string; rows: unknown };
    expect(made.rows).toEqual([
      { id: 'A', indicators: { poor: '100', key: 'national' } },
      { id: 'B', indicators: { poor: '200', key: 'other' } },
    ]);
    const csv = new TextDecoder().decode(await (await call('GET', `/v1/datasets/${made.id}?format=csv`, { key: writer })).arrayBuffer());
    expect(csv.split('\r\n')[0]).toBe('编号 (id),脱贫人口 (poor),重点帮扶县 (key)');
    const other = await call('POST', `/v1/datasets${query}`, { key: stranger, type: 'text/csv', body: table });
    expect(((await other.json()) as { errors: { pointer: string; code: string }[] }).errors.map((e) => [e.pointer, e.code])).toEqual([
      ['?model', 'unknown-model'],
    ]);
  });
});
