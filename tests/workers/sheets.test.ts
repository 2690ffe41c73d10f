/**
 * The spreadsheet door inside workerd (src/api/sheets/door.ts through the real Worker and its local D1): a
 * GET form by the shipped sample dataset answers what its POST answers, with an ETag a 304 honours and a
 * HEAD without a body; JSON sent as text/plain and a GBK CSV body are read as the JSON request; errors=text.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { gbk } from '../fixtures/datasets/gbk.js';

const ORIGIN = 'http://allocator.test';
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(ORIGIN + path, init);
const FORM = '/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&weights.policy=0.40&weights.performance=0';

describe('the spreadsheet door in workerd', () => {
  it('a GET form by dataset is its POST, byte for byte; ETag, 304 and HEAD', async () => {
    const post = await call('/v1/allocations?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sichuan-2024',
        total: 5000,
        unit: 'wan',
        overrides: { weights: { policy: '0.40', performance: 0 } },
        regions: { dataset: 'sample-20' },
      }),
    });
    const text = await post.text();
    expect(post.status, text).toBe(200);
    const get = await call(`${FORM}&format=csv`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe(text);
    expect(text.trim().split('\n')).toHaveLength(22); // header, 20 counties, the total row
    const etag = get.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(get.headers.get('cache-control')).toBe('no-cache');
    const again = await call(`${FORM}&format=csv`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await call(`${FORM}&format=csv`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');
  });

  it('JSON as text/plain and a GBK CSV of rows answer as the JSON request', async () => {
    const body = { model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS };
    const json = (await (
      await call('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    ).json()) as {
      rows: unknown;
      summary: unknown;
    };
    const plain = await call('/v1/allocations', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(body) });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { rows: unknown }).rows).toEqual(json.rows);
    const csv =
      '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85\r\nC,丙县,其他,0,12000,700,19800,88\r\n';
    const table = await call('/v1/allocations?model=sichuan-2024&total=1000.00&unit=wan', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: gbk(csv),
    });
    const got = (await table.json()) as { rows: unknown; summary: unknown };
    expect(table.status, JSON.stringify(got)).toBe(200);
    expect(got.rows).toEqual(json.rows);
    expect(got.summary).toEqual(json.summary);
  });

  it('errors=text: the 422 of total=5,000 as one line naming /total', async () => {
    const res = await call('/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5,000&unit=wan&errors=text');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toMatch(/^#ERROR 422 thousands-separator: \/total: /);
  });
});
