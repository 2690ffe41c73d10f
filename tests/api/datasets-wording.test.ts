/**
 * Datasets as a planner meets them (audit of issue 12, findings 8 and 9): a JSON upload without `kind` is a
 * table of regions, as a CSV one is, and every independent problem comes at once; a year, a list's ?year and
 * an object of named values are refused in words a planner can act on (never "expected number, got string",
 * a pattern's "(regex)" or zod's "record"); a CSV whose indicator columns are all unknown is told so once.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { expectProblem } from './request.js';

async function setup() {
  const store = sqliteStore(':memory:');
  const app = createApp({ store });
  const key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  const auth = { authorization: `Bearer ${key}` };
  const post = (body: string, type: string, query = '') =>
    app.request(`/v1/datasets${query}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
  return { app, auth, post };
}

const CSV =
  '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\n';
const noJargon = (text: string) => {
  expect(text).not.toMatch(/expected number, got string|类型应为 number|\(regex\)|（regex）|\brecord\b/);
};

describe('JSON POST /v1/datasets without kind', () => {
  it('is a table of regions, as a CSV upload is', async () => {
    const { post } = await setup();
    const body = { title: '2024年各县', jurisdiction: '四川省', year: 2024, model: 'sichuan-2024', rows: EXAMPLE_REGIONS };
    const res = await post(JSON.stringify(body), 'application/json');
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as { kind: string }).kind).toBe('regions');
  });

  it('every independent problem at once: the metadata and each row, checked as regions', async () => {
    const { post } = await setup();
    const rows = [{ id: 'A', name: '甲县', indicators: 5 }, 7];
    const res = await post(JSON.stringify({ title: 't', year: 2024, rows }), 'application/json');
    const problem = await expectProblem(res, 422);
    const got = problem.errors.map((e: { pointer: string }) => e.pointer);
    expect(got).toEqual(expect.arrayContaining(['/jurisdiction', '/rows/0/indicators', '/rows/1']));
    expect(got).not.toContain('/kind');
    const indicators = problem.errors.find((e: { pointer: string }) => e.pointer === '/rows/0/indicators');
    expect(indicators.detail).toContain('an object of named values');
    expect(indicators.detail_zh).toContain('以名称为键的对象');
    noJargon(JSON.stringify(problem));
  });

  it('a kind that is none is said at /kind (its rows cannot be checked against a kind)', async () => {
    const { post } = await setup();
    const res = await post(JSON.stringify({ title: 't', jurisdiction: 'j', year: 2024, kind: 'towns', rows: EXAMPLE_REGIONS }), 'application/json');
    const problem = await expectProblem(res, 422, ['/kind']);
    expect(problem.errors[0].code).toBe('not-one-of');
  });
});

describe('a year, in words', () => {
  it.each(['99999', '2024.5', 'abc', '1999', '-2024'])('CSV ?year=%s: bad-year, a whole year between 2000 and 2100', async (year) => {
    const { post } = await setup();
    const res = await post(CSV, 'text/csv', `?title=t&jurisdiction=j&model=sichuan-2024&year=${encodeURIComponent(year)}`);
    const problem = await expectProblem(res, 422, ['?year']);
    expect(problem.errors[0].code).toBe('bad-year');
    expect(problem.errors[0].detail).toMatch(/whole year between 2000 and 2100/);
    expect(problem.errors[0].detail_zh).toMatch(/2000 至 2100 之间的整数年份/);
    noJargon(JSON.stringify(problem));
  });

  it('JSON year 2024.5 or 99999: the same bad-year', async () => {
    const { post } = await setup();
    for (const year of [2024.5, 99999]) {
      const res = await post(JSON.stringify({ title: 't', jurisdiction: 'j', year, rows: EXAMPLE_REGIONS }), 'application/json');
      const problem = await expectProblem(res, 422, ['/year']);
      expect(problem.errors[0].code, String(year)).toBe('bad-year');
    }
  });

  it.each(['abc', '99999', '1999', '2024.5'])('GET /v1/datasets?year=%s: bad-year, not a pattern', async (year) => {
    const { app } = await setup();
    const problem = await expectProblem(await app.request(`/v1/datasets?year=${year}`), 422, ['?year']);
    expect(problem.errors[0].code).toBe('bad-year');
    noJargon(JSON.stringify(problem));
  });

  it('a good year still lists', async () => {
    const { app } = await setup();
    expect((await app.request('/v1/datasets?year=2024')).status).toBe(200);
  });
});

describe('a CSV without a model whose indicator columns are all unknown', () => {
  it('gets the header problem once per column, not another /rows/n/indicators per row', async () => {
    const { post } = await setup();
    const res = await post('编号,名称,甲指标,乙指标\r\nA,甲县,1,2\r\nB,乙县,3,4\r\nC,丙县,5,6\r\n', 'text/csv', '?title=t&jurisdiction=j&year=2024');
    const problem = await expectProblem(res, 422);
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(['/columns/2', '/columns/3']);
    expect(problem.errors.every((e: { code: string }) => e.code === 'unknown-header')).toBe(true);
  });

  it('a row with no indicator under known columns is still its own problem', async () => {
    const { post } = await setup();
    const res = await post('编号,名称,poverty\r\nA,甲县,1\r\nB,乙县,\r\n', 'text/csv', '?title=t&jurisdiction=j&year=2024');
    expect(res.status).toBeLessThan(500);
  });
});
