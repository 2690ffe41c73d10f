/**
 * The "Bad input" list for datasets, each a 4xx problem+json naming the row and the column (a JSON
 * pointer like /rows/1/indicators/poverty, the CSV line and header in the message), in English and Chinese,
 * every independent problem at once; never a 5xx.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { gbk } from '../fixtures/datasets/gbk.js';

interface ProblemError {
  pointer: string;
  code: string;
  detail: string;
  detail_zh: string;
}
interface Problem {
  status: number;
  code?: string;
  detail: string;
  detail_zh: string;
  errors?: ProblemError[];
}

async function setup() {
  const store = sqliteStore(':memory:');
  const app = createApp({ store });
  const key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  const post = async (body: BodyInit, type = 'text/csv', query = QUERY) => {
    const res = await app.request(`/v1/datasets${query}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': type }, body });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Problem;
    expect(res.status, JSON.stringify(problem)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    for (const e of problem.errors ?? []) {
      expect(e.detail.length).toBeGreaterThan(0);
      expect(e.detail_zh).toMatch(/[\u4e00-\u9fff]/);
    }
    return { status: res.status, problem };
  };
  return { store, app, key, post };
}

const QUERY = `?title=t&jurisdiction=${encodeURIComponent('四川省')}&year=2024&kind=regions&model=sichuan-2024`;
const HEADER = '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分';
const ROW_A = 'A,甲县,国家重点县,1200,52000,3100,15600,92';
const ROW_B = 'B,乙县,省级重点县,300,31000,1800,17300,85';
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const find = (p: Problem, code: string) => (p.errors ?? []).filter((e) => e.code === code);

describe('datasets: bad input', () => {
  it('the wrong delimiter: a semicolon CSV, a TSV sent as text/csv, a CSV sent as TSV → 422 naming the delimiter found', async () => {
    const { post } = await setup();
    const semi = await post(csv(HEADER.replace(/,/g, ';'), ROW_A.replace(/,/g, ';')));
    expect(semi.status).toBe(422);
    expect(find(semi.problem, 'wrong-delimiter')[0].detail).toMatch(/semicolons \(;\).*text\/csv is separated by commas/);
    const tabs = await post(csv(HEADER.replace(/,/g, '\t'), ROW_A.replace(/,/g, '\t')));
    expect(find(tabs.problem, 'wrong-delimiter')[0].detail_zh).toContain('制表符');
    const commas = await post(csv(HEADER, ROW_A), 'text/tab-separated-values');
    expect(find(commas.problem, 'wrong-delimiter')[0].detail).toMatch(/commas/);
  });

  it('mixed encodings: a UTF-8 line and a GBK line → 422 naming both lines; bytes neither UTF-8 nor GBK → 422 naming the line', async () => {
    const { post } = await setup();
    const utf8 = new TextEncoder().encode(csv(HEADER, ROW_A));
    const mixed = new Uint8Array([...utf8, ...gbk(csv(ROW_B))]);
    const m = await post(mixed);
    expect(m.status).toBe(422);
    expect(m.problem.errors![0]).toMatchObject({ code: 'mixed-encoding' });
    expect(m.problem.errors![0].detail).toMatch(/line 1 is UTF-8 and line 3 is not/);
    // 0xFF is no GBK lead byte (and no UTF-8 byte); 0x80 would be, in WHATWG GBK: €
    const broken = new Uint8Array([...gbk(csv(HEADER, ROW_A)), 0x41, 0xff, 0x2c, 0x42, 0x0d, 0x0a]);
    const b = await post(broken);
    expect(b.problem.errors![0]).toMatchObject({ code: 'invalid-encoding' });
    expect(b.problem.errors![0].detail).toMatch(/line 3/);
    // a BOM says UTF-8: GBK after it is not read as GBK
    const afterBom = new Uint8Array([0xef, 0xbb, 0xbf, ...gbk(csv(HEADER, ROW_A))]);
    expect((await post(afterBom)).problem.errors![0]).toMatchObject({ code: 'invalid-encoding' });
  });

  it('a missing id column → 422 missing-id-column naming the header line', async () => {
    const { post } = await setup();
    const { problem } = await post(csv(HEADER.replace('编号,', ''), ROW_A.replace('A,', '')));
    expect(find(problem, 'missing-id-column')).toHaveLength(1);
    expect(find(problem, 'missing-id-column')[0].detail).toMatch(/line 1/);
  });

  it('duplicate ids → 422 at /rows/n/id with the CSV line, the first one named', async () => {
    const { post } = await setup();
    const { problem } = await post(csv(HEADER, ROW_A, ROW_B, ROW_A.replace('甲县', '丁县')));
    const dup = find(problem, 'duplicate-id');
    expect(dup).toHaveLength(1);
    expect(dup[0].pointer).toBe('/rows/2/id');
    expect(dup[0].detail).toMatch(/^line 4, column "编号": the id "A" is used twice \(first at \/rows\/0\)/);
    expect(dup[0].detail_zh).toMatch(/^第 4 行“编号”列：/);
  });

  it('10,001 rows → 422 too-many-rows (10,000 pass)', async () => {
    const { post, app, key } = await setup();
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `R${i},县${i},其他,1,2,3,4,5`);
    const over = await post(csv(HEADER, ...rows(10_001)));
    expect(over.status).toBe(422);
    expect(find(over.problem, 'too-many-rows')[0]).toMatchObject({ pointer: '/rows' });
    expect(find(over.problem, 'too-many-rows')[0].detail).toMatch(/10001 rows; a dataset holds at most 10000/);
    const fits = await app.request(`/v1/datasets${QUERY}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv(HEADER, ...rows(10_000)),
    });
    expect(fits.status).toBe(201);
    expect(((await fits.json()) as { rowCount: number }).rowCount).toBe(10_000);
    const json = await post(
      JSON.stringify({
        title: 't',
        jurisdiction: 'j',
        year: 2024,
        kind: 'regions',
        rows: Array.from({ length: 10_001 }, (_, i) => ({ id: `R${i}`, indicators: {} })),
      }),
      'application/json',
      '',
    );
    expect(find(json.problem, 'too-many-rows')).toHaveLength(1);
  }, 60_000);

  it('an unknown header → 422 naming it, its column and the headers the model knows', async () => {
    const { post } = await setup();
    const { problem } = await post(csv(`${HEADER},人口密度`, `${ROW_A},12`));
    const unknown = find(problem, 'unknown-header');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].pointer).toBe('/columns/8');
    expect(unknown[0].detail).toMatch(
      /line 1, column 9: the header "人口密度" is not a column the model sichuan-2024 reads. Known headers: 编号\/id, .*脱贫人口\/poverty/,
    );
  });

  it('a category the model does not know → 422 at /rows/n/indicators/keyCounty with the line, the header and the categories known', async () => {
    const { post } = await setup();
    const { problem } = await post(csv(HEADER, ROW_A, ROW_B.replace('省级重点县', '市级重点县')));
    const e = find(problem, 'unknown-category');
    expect(e).toHaveLength(1);
    expect(e[0].pointer).toBe('/rows/1/indicators/keyCounty');
    expect(e[0].detail).toMatch(
      /^line 3, column "重点帮扶县": unknown category "市级重点县" for "keyCounty"; use one of national \(国家重点县\), provincial \(省级重点县\), other \(其他\)/,
    );
  });

  it('every independent problem at once: metadata, a bad number, a category, a duplicate id, an empty id — each at its row and column', async () => {
    const { post } = await setup();
    const { status, problem } = await post(
      csv(HEADER, ROW_A, 'B,乙县,省级重点县,300,"31,000",1800,17300,85', 'A,丙县,其他,0,12000,700,19800,88', ',丁县,县级,0,1,1,1,1'),
      'text/csv',
      `?jurisdiction=x&year=1800&kind=regions&model=sichuan-2024`,
    );
    expect(status).toBe(422);
    const got = (problem.errors ?? []).map((e) => [e.pointer, e.code]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['?year', 'bad-year'],
        ['?title', 'metadata-required'],
        ['/rows/1/indicators/poverty', 'thousands-separator'],
        ['/rows/2/id', 'duplicate-id'],
        ['/rows/3/indicators/keyCounty', 'unknown-category'],
        ['/rows/3/id', 'required'],
      ]),
    );
    const comma = problem.errors!.find((e) => e.pointer === '/rows/1/indicators/poverty')!;
    expect(comma.detail).toMatch(/^line 3, column "脱贫人口": /);
  });

  it('JSON rows: the same checks at the same pointers (a Chinese category accepted, an unknown one refused, a row the schema refuses)', async () => {
    const { post, app, key } = await setup();
    const rows = [
      { ...EXAMPLE_REGIONS[0], indicators: { ...EXAMPLE_REGIONS[0].indicators, keyCounty: '国家重点县' } },
      { ...EXAMPLE_REGIONS[1], indicators: { ...EXAMPLE_REGIONS[1].indicators, keyCounty: 'municipal' } },
      { ...EXAMPLE_REGIONS[2], county: 'x', indicators: { ...EXAMPLE_REGIONS[2].indicators, density: 3 } },
    ];
    const body = { title: 't', jurisdiction: 'j', year: 2024, kind: 'regions', model: 'sichuan-2024', rows };
    const { problem } = await post(JSON.stringify(body), 'application/json', '');
    expect(problem.errors!.map((e) => [e.pointer, e.code])).toEqual([
      ['/rows/1/indicators/keyCounty', 'unknown-category'],
      ['/rows/2/indicators/density', 'indicator-not-in-model'],
      ['/rows/2/county', 'unknown-field'],
    ]);
    const ok = await app.request('/v1/datasets', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, rows: rows.slice(0, 1) }),
    });
    expect(((await ok.json()) as { rows: { indicators: { keyCounty: string } }[] }).rows[0].indicators.keyCounty).toBe('national');
  });

  it('an unknown model, a body of another media type, metadata in the query of a JSON body, an unclosed quote, an empty table', async () => {
    const { post } = await setup();
    const model = await post(csv(HEADER, ROW_A), 'text/csv', QUERY.replace('sichuan-2024', 'atlantis'));
    expect(model.problem.errors!.map((e) => [e.pointer, e.code])).toEqual([['?model', 'unknown-model']]);
    const xml = await post('<rows/>', 'application/xml', '');
    expect(xml.status).toBe(415);
    expect(xml.problem.code).toBe('dataset-media-type');
    const query = await post(
      JSON.stringify({ title: 't', jurisdiction: 'j', year: 2024, kind: 'regions', rows: EXAMPLE_REGIONS }),
      'application/json',
      '?title=x',
    );
    expect(query.problem.errors!.map((e) => e.code)).toEqual(['metadata-in-query']);
    const quote = await post(csv(HEADER, 'A,"甲县,国家重点县,1,2,3,4,5'));
    expect(find(quote.problem, 'csv-unclosed-quote')[0].detail).toMatch(/line 2/);
    const empty = await post(csv(HEADER));
    expect(find(empty.problem, 'csv-no-rows')).toHaveLength(1);
    const nothing = await post('');
    expect(nothing.status).toBe(422);
  });
});
