/**
 * What a planner reads in a cell (issue 13's audit, round 2): the messages the spreadsheet door makes common,
 * asked as the GET forms and table bodies a workbook sends, on the shipped sample-20. Each says what to
 * change, in words that fit the case: the options a route has (and the better name), Chinese numerals, a
 * missing total in Chinese only, a bad CSV line named once, and the weights a sum that is not 1 added up.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { expectProblem } from './request.js';

const app = createApp({ store: sqliteStore(':memory:') });
const BASE = '/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan';
const get = (url: string) => app.request(url);

describe('unknown-query-parameter on a GET form', () => {
  it('?project on a route whose rows are regions: not an option of this route, use ?region=, never "only accepts"', async () => {
    const body = await expectProblem(await get(`${BASE}&format=value&column=amount&project=A`), 422, ['?project']);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '?project');
    expect(e.code).toBe('unknown-query-parameter');
    expect(e.detail).toMatch(
      /^\?project is not an option of this route: its rows are regions, use \?region=<id>\. Its options: \?format, \?explain, \?region, \?column/,
    );
    expect(e.detail).toContain("a GET form also takes the request's fields by name");
    expect(e.detail).not.toMatch(/accepts|only/);
    expect(e.detail_zh).toContain('?project 不是本接口的选项：本接口的行是地区，请用 ?region=<编号>');
    expect(e.detail_zh).not.toContain('只接受');
  });

  it('?table on a route with one table: says it has one table', async () => {
    const body = await expectProblem(await get(`${BASE}&format=csv&table=rows`), 422, ['?table']);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '?table');
    expect(e.code).toBe('unknown-query-parameter');
    expect(e.detail).toContain('?table is not an option of this route: this route has one table, drop ?table');
    expect(e.detail_zh).toContain('本接口只有一张表');
  });
});

describe('the number grammar in a URL', () => {
  it('total=五千 is chinese-numerals, saying 5000, not a unit inside the number', async () => {
    const body = await expectProblem(await get(BASE.replace('total=5000', `total=${encodeURIComponent('五千')}`)), 422);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '/total');
    expect(e.code).toBe('chinese-numerals');
    expect(e.detail).toBe('"五千" is written in Chinese numerals; write it in Arabic digits: 5000.');
    expect(e.detail_zh).toContain('请用阿拉伯数字书写，如 5000');
    expect(e.detail).not.toMatch(/unit|yuan|wan/);
  });

  it('total=5000万 stays unit-in-number', async () => {
    const body = await expectProblem(await get(BASE.replace('total=5000', `total=${encodeURIComponent('5000万')}`)), 422);
    expect(body.errors.find((x: { pointer: string }) => x.pointer === '/total').code).toBe('unit-in-number');
  });

  it('a missing total says the type in Chinese: 数字或文本, no English type word', async () => {
    const body = await expectProblem(await get(BASE.replace('&total=5000', '')), 422);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '/total');
    expect(e.code).toBe('required');
    expect(e.detail_zh).toBe('缺少必填字段（类型应为数字或文本）。');
    expect(e.detail).toBe('this field is required (expected number or string).');
  });
});

describe('weights-not-one lists what it added', () => {
  it('the weight the request set, marked (yours), and the model’s others, with their sum', async () => {
    const model = (await (await get('/v1/models/allocation/sichuan-2024')).json()) as { factors: { id: string; weight: string }[] };
    const body = await expectProblem(await get(`${BASE}&weights.policy=0.45&format=value&column=amount&region=A`), 422);
    const e = body.errors.find((x: { code: string }) => x.code === 'weights-not-one');
    // the sum, computed apart from the engine: in hundredths
    const hundredths = (w: string) => Math.round(Number(w) * 100);
    const weights = model.factors.map((f) => (f.id === 'policy' ? '0.45' : f.weight));
    const sum = weights.reduce((a, w) => a + hundredths(w), 0);
    expect(sum).not.toBe(100);
    const terms = model.factors.map((f, i) => `${f.id} ${weights[i]}${f.id === 'policy' ? ' (yours)' : ''}`).join(' + ');
    const sumText = String(sum / 100);
    expect(e.detail).toContain(`${terms} = ${sumText}`);
    expect(e.detail_zh).toContain('policy 0.45（您填写的）');
  });
});

describe('a table body', () => {
  it('a line with too many cells is named once', async () => {
    const csv = readFileSync('samples/sample-20.csv', 'utf8').replace('\nB,乙县,省级重点县,300,31000,1800,', '\nB,乙县,省级重点县,300,31000,1,800,');
    const res = await app.request('/v1/allocations?model=sichuan-2024&total=5000&unit=wan', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    const body = await expectProblem(res, 422);
    const e = body.errors.find((x: { code: string }) => x.code === 'csv-extra-cells');
    expect(e.detail).toMatch(/^line 3: 10 cells but the header has 9/);
    expect(e.detail).not.toMatch(/line 3.*line 3/);
    expect(e.detail_zh).toMatch(/^第 3 行：有 10 个单元格/);
    expect(e.detail_zh.match(/第 3 行/g)).toHaveLength(1);
  });
});

describe('README § From a spreadsheet: what sample-20 fits', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## From a spreadsheet'));

  it('the routes it names as taking sample-20 answer it; it says the others take their own rows', async () => {
    expect(section).toMatch(/sample-20.{0,80}table of regions.{0,200}`\/v1\/allocations`.{0,40}`\/v1\/allocations\/compare`/s);
    expect(section).toMatch(/other routes take their own rows/);
    const compare = await get(
      '/v1/allocations/compare?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&variants.0.name=p&variants.0.weights.policy=0.40&variants.0.weights.population=0.25&format=csv',
    );
    expect(compare.status).toBe(200);
    expect((await compare.text()).split('\n').length).toBeGreaterThan(20);
  });
});
