/**
 * The formats out on the table-shaped GETs (issue 13): a dataset revision and a saved scenario's result as
 * XML, XLSX (read back) and one cell. A scenario's XLSX is bytes end to end — never decoded as text, never
 * cached — while its XML and value answers are cached under keys that hold the format and the cell asked.
 */
import readXlsxFile from 'read-excel-file/universal';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES, putDataset } from './scenarios-fixtures.js';
import { readXml, xmlCells } from './formats-fixtures.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let writer = '';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The counties under statistical codes: ids that look like numbers, one with a leading zero. */
const CODED = COUNTIES.map((c, i) => ({ ...c, id: ['510121', '0510122', '510123'][i] }));

function get(path: string, key?: string) {
  return app.request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

beforeAll(async () => {
  writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  await putDataset(store, { id: 'ds_coded', visibility: 'public', rows: CODED });
  await putDataset(store, { id: 'ds_c', rows: COUNTIES });
});

describe('GET /v1/datasets/{id}?format=', () => {
  it('xlsx: the upload headers (Chinese where the model names the column), ids as text, indicators as numbers; a summary sheet', async () => {
    const res = await get('/v1/datasets/ds_coded?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ds_coded-1.xlsx"');
    const sheets = await readXlsxFile(await res.arrayBuffer());
    expect(sheets.map((s) => s.sheet)).toEqual(['地区 · regions', '摘要 · summary']);
    const [header, ...rows] = sheets[0].data;
    // the same header row as the CSV, so the workbook uploads back as the same dataset
    const csv = (await (await get('/v1/datasets/ds_coded?format=csv')).text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header.join(',')).toBe(csv[0]);
    expect(rows.map((r) => r[0])).toEqual(['510121', '0510122', '510123']);
    const poverty = header.indexOf('脱贫人口 (poverty)');
    expect(poverty).toBeGreaterThan(0);
    expect(rows.map((r) => r[poverty])).toEqual([52000, 31000, 12000]);
    expect(rows[0]).toContain('national'); // a category stays its text
    expect(rows.length).toBe(3); // no total row: it would upload as a region
    const facts = Object.fromEntries(sheets[1].data.map((r) => [r[0], r[1]]));
    expect(facts).toMatchObject({ '数据集 · dataset': 'ds_coded', '版本 · revision': '1', '模型 · model': 'sichuan-2024' });
  });

  it('the XLSX uploads back as the same dataset as its CSV does (POST /v1/datasets with each download): ids stay "0510122"', async () => {
    const meta = new URLSearchParams({ title: '回传', jurisdiction: '四川省', year: '2024', kind: 'regions', model: 'sichuan-2024' });
    const upload = async (format: 'xlsx' | 'csv', type: string) => {
      const bytes = await (await get(`/v1/datasets/ds_coded?format=${format}`)).arrayBuffer();
      const res = await app.request(`/v1/datasets?${meta}`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${writer}` },
        body: bytes,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as any;
    };
    const fromXlsx = await upload('xlsx', XLSX);
    const fromCsv = await upload('csv', 'text/csv');
    expect(fromXlsx.rows).toEqual(fromCsv.rows);
    expect(fromXlsx.hash).toBe(fromCsv.hash);
    expect(fromXlsx.rows.map((r: any) => r.id)).toEqual(['510121', '0510122', '510123']);
    expect(fromXlsx.rows.map((r: any) => Number(r.indicators.poverty))).toEqual([52000, 31000, 12000]);
  });

  it('xml: rows by the JSON ids (fields, then indicator keys), no total row', async () => {
    const res = await get('/v1/datasets/ds_coded/revisions/1?format=xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const root = readXml(await res.text());
    expect(root.attributes).toEqual({ name: 'regions' });
    expect(root.children.map((r) => r.name)).toEqual(['row', 'row', 'row']);
    expect(xmlCells(root.children[1]).slice(0, 3)).toEqual([
      { column: 'id', text: '0510122' },
      { column: 'name', text: '乙县' },
      { column: 'keyCounty', text: 'provincial' },
    ]);
  });

  it('value: a region’s indicator; without a row, the column’s exact sum; a text column needs a row', async () => {
    const one = await get('/v1/datasets/ds_coded?format=value&region=0510122&column=poverty');
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await one.text()).toBe('31000');
    expect(await (await get('/v1/datasets/ds_coded?format=value&column=poverty')).text()).toBe(String(52000 + 31000 + 12000));
    expect(await (await get('/v1/datasets/ds_coded?format=value&region=510123&column=name')).text()).toBe('丙县');
    const text = await expectProblem(await get('/v1/datasets/ds_coded?format=value&column=name'), 422, ['?column']);
    expect(text.errors[0].code).toBe('row-required');
    const unknown = await expectProblem(await get('/v1/datasets/ds_coded?format=value&region=510199&column=poverty'), 422, ['?region']);
    expect(unknown.errors[0].code).toBe('unknown-region');
    const column = await expectProblem(await get('/v1/datasets/ds_coded?format=value&region=510121&column=脱贫'), 422, ['?column']);
    expect(column.errors[0].code).toBe('unknown-column');
    expect(column.errors[0].detail).toContain('poverty');
  });

  it('bad format options are 422s with codes', async () => {
    for (const [query, pointer, code] of [
      ['?format=value', '?column', 'column-required'],
      ['?column=poverty', '?column', 'column-needs-value'],
      ['?region=510121', '?region', 'region-needs-value'],
      ['?format=xls', '?format', undefined],
      ['?format=value&column=poverty&region=a&project=b', '?project', 'one-row-selector'],
    ] as const) {
      const body = await expectProblem(await get(`/v1/datasets/ds_coded${query}`), 422, [pointer]);
      if (code) expect(body.errors.find((e: any) => e.pointer === pointer).code, query).toBe(code);
    }
  });
});

describe('GET /v1/scenarios/{id}/result?format=', () => {
  let id = '';
  beforeAll(async () => {
    const res = await app.request('/v1/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
      body: JSON.stringify({ title: '表格', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: 'ds_c' } } }),
    });
    expect(res.status).toBe(201);
    id = ((await res.json()) as any).id;
  });

  it('xlsx: a valid workbook both times (bytes, not text decoded and re-encoded), never cached, an attachment', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get(`/v1/scenarios/${id}/result?format=xlsx`, writer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX);
      expect(res.headers.get('x-cache')).toBeNull();
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${id}-1-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`));
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a zip
      const sheets = await readXlsxFile(bytes.buffer);
      expect(sheets[0].data[1].slice(0, 3)).toEqual(['A', '甲县', 530.23]);
      expect(sheets[0].data[4][2]).toBe(1000);
    }
  });

  it('value and xml: the route’s answer, cached per format and cell (miss, then hit)', async () => {
    for (const [query, want] of [
      ['?format=value&region=A&column=amount', '530.23'],
      ['?format=value&region=B&column=amount', '304.88'],
      ['?format=value&column=amount', '1000.00'],
    ] as const) {
      const first = await get(`/v1/scenarios/${id}/result${query}`, writer);
      expect(first.status, query).toBe(200);
      expect(first.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(first.headers.get('x-cache'), query).toBe('miss');
      expect(await first.text()).toBe(want);
      const again = await get(`/v1/scenarios/${id}/result${query}`, writer);
      expect(again.headers.get('x-cache'), query).toBe('hit');
      expect(await again.text()).toBe(want);
    }
    const xml = await get(`/v1/scenarios/${id}/result?format=xml`, writer);
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(readXml(await xml.text()).children).toHaveLength(4);
  });

  it('a bad cell is the route’s 422 at ?region, the URL’s parameter as on every route; a missing column the schema’s', async () => {
    const bad = await expectProblem(await get(`/v1/scenarios/${id}/result?format=value&region=Z&column=amount`, writer), 422, ['?region']);
    expect(bad.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['?region']);
    expect(bad.errors[0].code).toBe('unknown-region');
    const none = await expectProblem(await get(`/v1/scenarios/${id}/result?format=value`, writer), 422, ['?column']);
    expect(none.errors[0].code).toBe('column-required');
  });
});

describe('the OpenAPI document', () => {
  it('the table-shaped GETs list every format, ?column, ?region, ?project, ?key, ?errors, and answer XML, XLSX and text', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const path of ['/v1/datasets/{id}', '/v1/datasets/{id}/revisions/{revision}', '/v1/scenarios/{id}/result']) {
      const op = doc.paths[path].get;
      const names = op.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['format', 'column', 'region', 'project', 'key', 'errors']));
      const format = op.parameters.find((p: any) => p.name === 'format');
      expect(format.schema.enum, path).toEqual(['json', 'csv', 'tsv', 'xlsx', 'xml', 'value']);
      expect(format.description, path).toMatch(/xlsx.*xml.*value/s);
      expect(Object.keys(op.responses['200'].content), path).toEqual(expect.arrayContaining(['application/xml', XLSX, 'text/plain']));
    }
  });
});
