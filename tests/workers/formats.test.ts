/**
 * The formats out inside workerd, through the real Worker (issue 13): SheetJS builds the workbook there too
 * (synchronously: a zip through Web Workers, as write-excel-file's was, failed here on a 3,000-row table), and a saved scenario's XLSX result comes out of D1's world as bytes,
 * read back by read-excel-file; XML and value answer the README's numbers.
 */
import { env, exports } from 'cloudflare:workers';
import * as SheetJS from '@e965/xlsx';
import readXlsxFile from 'read-excel-file/universal';
import { beforeAll, describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { ALLOCATION, COUNTIES } from '../api/scenarios-fixtures.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const README = { ...ALLOCATION, regions: COUNTIES };
let key = '';

function call(method: string, path: string, body?: unknown) {
  return exports.default.fetch(`http://allocator.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  key = (await createKey(d1Store(env.DB), { name: 'formats', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
});

describe('formats out in workerd', () => {
  it('POST /v1/allocations?format=xlsx: a workbook read back with the README amounts', async () => {
    const res = await call('POST', '/v1/allocations?format=xlsx', README);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const sheets = await readXlsxFile(await res.arrayBuffer());
    expect(sheets[0].data.slice(1, 4).map((r) => r[2])).toEqual([530.23, 304.88, 164.89]);
    expect(sheets[1].sheet).toBe('摘要 · summary');
  });

  it('a 3,000-region table as XLSX (its sheet part is well over the 160 kB a worker-based zip would hand to a Web Worker)', async () => {
    const regions = Array.from({ length: 3000 }, (_, i) => ({
      id: `R${String(i).padStart(4, '0')}`,
      name: `县${i}`,
      indicators: {
        keyCounty: ['national', 'provincial', 'other'][i % 3],
        relocation: i % 97,
        poverty: 1000 + ((i * 7919) % 50000),
        monitored: 100 + (i % 900),
        income: 12000 + ((i * 31) % 9000),
        performance: 60 + (i % 40),
      },
    }));
    const res = await call('POST', '/v1/allocations?format=xlsx', { ...ALLOCATION, total: '100000.00', regions });
    expect(res.status).toBe(200);
    // read back with SheetJS: read-excel-file's own unzip would hand this big a part to a Web Worker too
    const book = SheetJS.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    const rows = SheetJS.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]], { header: 1 });
    expect(rows.length).toBe(3002); // header, 3,000 regions, total
    expect(rows[3001][2]).toBe(100000);
    const cents = rows.slice(1, 3001).reduce((sum, r) => sum + Math.round((r[2] as number) * 100), 0);
    expect(cents).toBe(10_000_000);
  });

  it('format=value and format=xml', async () => {
    const value = await call('POST', '/v1/allocations?format=value&region=A&column=amount', README);
    expect(await value.text()).toBe('530.23');
    const xml = await (await call('POST', '/v1/allocations?format=xml', README)).text();
    expect(xml).toContain('<row><id>A</id><name>甲县</name><amount>530.23</amount>');
  });

  it('a saved scenario’s XLSX result on D1: bytes both times, never cached', async () => {
    const ds = await call('POST', '/v1/datasets', { title: '各县', jurisdiction: '四川省', year: 2024, kind: 'regions', rows: COUNTIES });
    expect(ds.status).toBe(201);
    const dataset = ((await ds.json()) as any).id;
    const saved = await call('POST', '/v1/scenarios', { title: '表格', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset } } });
    expect(saved.status).toBe(201);
    const id = ((await saved.json()) as any).id;
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', `/v1/scenarios/${id}/result?format=xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-cache')).toBeNull();
      const sheets = await readXlsxFile(await res.arrayBuffer());
      expect(sheets[0].data[1].slice(0, 3)).toEqual(['A', '甲县', 530.23]);
      // the summary names the dataset the saved request read (set on the context by the references middleware)
      expect(sheets[0].sheet).toBe('分配结果 · rows');
      expect(sheets[1].data).toContainEqual(['数据集 · dataset /regions', dataset]);
      expect(sheets[1].data).toContainEqual(['版本 · revision /regions', 1]);
    }
    const value = await call('GET', `/v1/scenarios/${id}/result?format=value&region=B&column=amount`);
    expect(await value.text()).toBe('304.88');
  });
});
