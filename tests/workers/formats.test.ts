/**
 * The formats out inside workerd, through the real Worker (issue 13): write-excel-file builds the workbook
 * there too (a Blob read back as bytes), and a saved scenario's XLSX result comes out of D1's world as bytes,
 * read back by read-excel-file; XML and value answer the README's numbers.
 */
import { env, exports } from 'cloudflare:workers';
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
    }
    const value = await call('GET', `/v1/scenarios/${id}/result?format=value&region=B&column=amount`);
    expect(await value.text()).toBe('304.88');
  });
});
