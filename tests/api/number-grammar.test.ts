/**
 * What the service reads as a number, an id or a name, and what it says when it cannot: every bad decimal
 * on every route gets a specific English detail (never zod's "Invalid input") matching the Chinese one;
 * nothing is trimmed or rounded silently; granularity is bounded; ids and names refuse control characters,
 * bidi marks and lone surrogates.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decimalProblem } from '../../src/messages/grammar.js';
import { SAMPLE_REQUEST } from '../helpers.js';
import { app, expectProblem, post, postJson } from './request.js';

const doc: any = await (await app.request('/openapi.json')).json();
const example = (schema: string) => structuredClone(doc.components.schemas[schema].example);

const OPTIMIZATION_REGIONS = {
  kind: 'regions',
  unit: 'wan',
  granularity: '0.01',
  total: '1000.00',
  holdHarmless: '0.9',
  growthCap: '0.5',
  regions: [
    { id: 'A', target: '416.40', lastYear: '520.00', weight: '1', minimum: '1.00' },
    { id: 'B', target: '339.10', lastYear: '300.00' },
    { id: 'C', target: '244.50', lastYear: '200.00', maximum: '230.00' },
  ],
};
const PORTFOLIO = {
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '300.00', floor: '0.6' },
    { id: 'provincial', budget: '150.00' },
  ],
  projects: [
    { id: 'P01', cost: '120.00', category: 'industry', town: 'T1', benefits: { beneficiaries: '800' } },
    { id: 'P02', cost: '90.00', category: 'infrastructure', town: 'T2', benefits: { beneficiaries: '1500' } },
  ],
  townCaps: { T1: '500.00' },
  objective: { maximize: { beneficiaries: '1' } },
};
const ALLOCATION = {
  ...SAMPLE_REQUEST,
  overrides: { weights: { policy: '0.35', population: '0.30', income: '0.30', performance: '0.05' } },
  regions: SAMPLE_REQUEST.regions.map((r, i) => (i === 0 ? { ...r, lastYear: '300.00' } : r)),
};

/** One valid body per route; their decimal strings are the fields under test. */
const ROUTES: [string, any][] = [
  ['/v1/allocations', ALLOCATION],
  ['/v1/allocations/compare', example('CompareRequest')],
  ['/v1/optimizations', OPTIMIZATION_REGIONS],
  ['/v1/optimizations', PORTFOLIO],
  ['/v1/rankings', example('RankingRequest')],
  ['/v1/monitoring', example('MonitoringRequest')],
  ['/v1/checks/industry-share', example('IndustryCheckRequest')],
  ['/v1/evaluations', example('EvaluationRequest')],
];

/** Each bad decimal, what the English detail must say about it, and its code. */
const BAD: [string, RegExp, string][] = [
  ['5,000', /thousands separators.*5000/, 'thousands-separator'],
  ['5万', /unit/, 'unit-in-number'],
  ['五千', /Chinese numerals.*Arabic digits: 5000/, 'chinese-numerals'],
  ['5千', /Chinese numerals.*Arabic digits: 5000/, 'chinese-numerals'],
  ['60%', /percent/, 'percent-not-amount'],
  ['', /empty/, 'empty-string'],
  ['NaN', /not a number/, 'not-finite'],
  ['-Infinity', /not a number/, 'not-finite'],
  [' 100 ', /spaces/, 'spaces-around'],
  ['1e400', /out of range/, 'exponent-out-of-range'],
  ['12.5.3', /not a decimal/, 'not-a-decimal'],
];

/** The decimal strings of a body, by JSON pointer. */
function decimalLeaves(value: unknown, at = ''): string[] {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? [at] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => decimalLeaves(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

function setAt(body: any, pointer: string, value: unknown) {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let o = body;
  for (const k of keys.slice(0, -1)) o = o[k];
  o[keys[keys.length - 1]] = value;
}

describe('a bad decimal anywhere gets a specific English detail', () => {
  it('the sample bodies are valid', async () => {
    for (const [path, body] of ROUTES) {
      const { res, json } = await postJson(path, body);
      expect(res.status, `${path}: ${JSON.stringify(json)}`).toBe(200);
    }
  });

  it.each(ROUTES.map(([path, body], i) => [`${path} #${i}`, path, body] as const))('%s', async (_, path, body) => {
    const checked: string[] = [];
    for (const at of decimalLeaves(body)) {
      for (const [bad, says, code] of BAD) {
        const mutated = structuredClone(body);
        setAt(mutated, at, bad);
        const res = await post(path, mutated);
        expect(res.status, `${path} ${at} = ${JSON.stringify(bad)}`).toBeLessThan(500);
        if (res.status !== 422) continue; // e.g. an id that happens to be digits
        const problem = (await res.json()) as any;
        const error = problem.errors.find((e: any) => e.pointer === at);
        if (!error) continue; // refused elsewhere (an evaluation value read as a category, …)
        expect(error.detail, `${path} ${at} = ${JSON.stringify(bad)}`).not.toMatch(/Invalid input/);
        expect(error.detail_zh).not.toMatch(/Invalid input/);
        if (!path.endsWith('/evaluations')) {
          expect(error.detail, `${path} ${at} = ${JSON.stringify(bad)}`).toMatch(says);
          expect(error.code, `${path} ${at} = ${JSON.stringify(bad)}`).toBe(code);
        }
        checked.push(at);
      }
    }
    expect(checked.length).toBeGreaterThan(0);
  });

  it('covers the fields of the report: total, granularity, cost, budget, amounts, inPlace, spent', async () => {
    const fields = ROUTES.flatMap(([, body]) => decimalLeaves(body)).map((p) => p.split('/').at(-1));
    for (const f of ['total', 'granularity', 'cost', 'budget', 'central', 'inPlace', 'spent', 'holdHarmless', 'lastYear', 'policy']) {
      expect(fields).toContain(f);
    }
  });

  it('a negative amount says it must not be negative, in both languages', async () => {
    const body = structuredClone(PORTFOLIO);
    body.sources[0].budget = '-5';
    const problem = await expectProblem(await post('/v1/optimizations', body), 422, ['/sources/0/budget']);
    expect(problem.errors[0]).toMatchObject({ code: 'negative', detail: 'must not be negative.', detail_zh: '不能为负数。' });
  });
});

describe('nothing is changed silently', () => {
  it('" 100 " is refused, not trimmed', async () => {
    const problem = await expectProblem(await post('/v1/allocations', { ...SAMPLE_REQUEST, total: ' 1000.00 ' }), 422, ['/total']);
    expect(problem.errors[0].detail).toMatch(/spaces around it; write "1000.00"/);
  });

  it.each([' 52000', '52000 ', '52000\t'])('an indicator value %j is refused, not trimmed', async (value) => {
    const body = structuredClone(SAMPLE_REQUEST) as any;
    body.regions[0].indicators.poverty = value;
    const problem = await expectProblem(await post('/v1/allocations', body), 422, ['/regions/0/indicators/poverty']);
    expect(problem.errors[0].detail).toMatch(/spaces around it; write "52000"/);
  });

  it.each([
    ['/v1/allocations', SAMPLE_REQUEST],
    ['/v1/optimizations', OPTIMIZATION_REGIONS],
    ['/v1/rankings', example('RankingRequest')],
  ])('%s: granularity finer than 10^-8 is refused; 10^-8 itself is fine', async (path, body) => {
    for (const fine of ['0.' + '0'.repeat(60) + '1', '0.000000001', '0.000000015']) {
      const problem = await expectProblem(await post(path, { ...body, granularity: fine }), 422, ['/granularity']);
      expect(problem.errors.find((e: any) => e.pointer === '/granularity').detail).toMatch(/finer than 10\^-8/);
    }
    const { res } = await postJson(path, { ...body, granularity: '0.00000001' });
    expect(res.status).toBe(200);
  });

  it('a granularity above the total is refused', async () => {
    await expectProblem(await post('/v1/allocations', { ...SAMPLE_REQUEST, granularity: '2000' }), 422);
    await expectProblem(await post('/v1/optimizations', { ...OPTIMIZATION_REGIONS, granularity: '2000' }), 422);
  });
});

describe('ids and names refuse control characters, bidi marks, lone surrogates and spaces around them', () => {
  const BAD_TEXT: [string, string, RegExp][] = [
    ['NUL', 'A\u0000', /control character U\+0000/],
    ['bell', '甲\u0007县', /control character U\+0007/],
    ['C1', 'A\u0085', /control character U\+0085/],
    ['right-to-left override', '甲\u202e县', /bidirectional-text control mark U\+202E/],
    ['isolate', '\u2066甲县', /bidirectional-text control mark U\+2066/],
    ['lone high surrogate', 'A\ud800', /lone surrogate U\+D800/],
    ['lone low surrogate', '\udc00A', /lone surrogate U\+DC00/],
    ['leading space', ' A', /spaces around it/],
  ];
  const region = (patch: (b: any) => void) => {
    const b = structuredClone(SAMPLE_REQUEST) as any;
    patch(b);
    return b;
  };

  describe.each(BAD_TEXT)('%s', (_, text, says) => {
    it.each([
      ['a region id', '/v1/allocations', () => region((b) => (b.regions[0].id = text)), '/regions/0/id'],
      ['a region name', '/v1/allocations', () => region((b) => (b.regions[0].name = text)), '/regions/0/name'],
      ['an indicator key', '/v1/allocations', () => region((b) => (b.regions[0].indicators[text] = 1)), `/regions/0/indicators/${text}`],
      [
        'a project id',
        '/v1/optimizations',
        () => ({ ...PORTFOLIO, projects: [{ ...PORTFOLIO.projects[0], id: text }, PORTFOLIO.projects[1]] }),
        '/projects/0/id',
      ],
      ['a town cap key', '/v1/optimizations', () => ({ ...PORTFOLIO, townCaps: { [text]: '500.00' } }), `/townCaps/${text}`],
      [
        'a town',
        '/v1/optimizations',
        () => ({ ...PORTFOLIO, projects: [{ ...PORTFOLIO.projects[0], town: text }, PORTFOLIO.projects[1]] }),
        '/projects/0/town',
      ],
      ['a source id', '/v1/optimizations', () => ({ ...PORTFOLIO, sources: [{ ...PORTFOLIO.sources[0], id: text }, PORTFOLIO.sources[1]] }), '/sources/0/id'],
      ['a ranked region name', '/v1/rankings', () => ({ ...example('RankingRequest'), regions: [{ id: 'A', name: text }] }), '/regions/0/name'],
      [
        'a monitored region name',
        '/v1/monitoring',
        () => {
          const b = example('MonitoringRequest');
          b.regions[0].name = text;
          return b;
        },
        '/regions/0/name',
      ],
      [
        'a category name',
        '/v1/checks/industry-share',
        () => {
          const b = example('IndustryCheckRequest');
          b.categories[0].name = text;
          return b;
        },
        '/categories/0/name',
      ],
    ])('in %s', async (_, path, body, where) => {
      const problem = await expectProblem(await post(path, body()), 422, [where]);
      const error = problem.errors.find((e: any) => e.pointer === where);
      expect(error.detail).toMatch(says);
      expect(error.code).toBe(/spaces/.test(says.source) ? 'text-spaces-around' : 'control-character');
    });
  });

  it('names with inner spaces, emoji (surrogate pairs) and Chinese pass', async () => {
    const body = region((b) => {
      b.regions[0].name = 'Jintang County 🌾 金堂县';
      b.regions[1].id = '🌾';
    });
    const { res, json } = await postJson('/v1/allocations', body);
    expect(res.status, JSON.stringify(json)).toBe(200);
    expect(json.rows[0].name).toBe('Jintang County 🌾 金堂县');
  });
});

describe('Chinese numerals have their own code, with the number in Arabic digits (issue 13 audit #5)', () => {
  it.each([
    ['五千', '5000'],
    ['一千八', '1800'],
    ['两百', '200'],
    ['壹万', '10000'],
    ['5千', '5000'],
    ['十五', '15'],
    ['三万五', '35000'],
    ['一千零八', '1008'],
  ])('%s → chinese-numerals, "%s"', (shown, digits) => {
    const said = decimalProblem(shown, 'amount');
    expect(said.code).toBe('chinese-numerals');
    expect(said.en).toBe(`${JSON.stringify(shown)} is written in Chinese numerals; write it in Arabic digits: ${digits}.`);
    expect(said.zh).toBe(`${JSON.stringify(shown)} 使用了中文数字；请用阿拉伯数字书写，如 ${digits}。`);
  });

  it('a numeral it cannot read whole gets an example, not a guess', () => {
    expect(decimalProblem('约五千').code).toBe('chinese-numerals');
    expect(decimalProblem('约五千').en).toContain('e.g. 5000');
  });

  it('a unit after Arabic digits stays unit-in-number (5000万, 1.2万, 5万元)', () => {
    for (const v of ['5000万', '1.2万', '5万元', '300元']) expect(decimalProblem(v, 'amount').code, v).toBe('unit-in-number');
  });

  it('a head count of 一千八 in a CSV body is chinese-numerals, not advice about yuan and wan', async () => {
    const csv = readFileSync('samples/sample-20.csv', 'utf8').replace('\nB,乙县,省级重点县,300,31000,1800,', '\nB,乙县,省级重点县,300,31000,一千八,');
    const res = await app.request('/v1/allocations?model=sichuan-2024&total=5000&unit=wan', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    const body = await expectProblem(res, 422);
    const e = body.errors.find((x: any) => x.code === 'chinese-numerals');
    expect(e.detail).toContain('"一千八" is written in Chinese numerals; write it in Arabic digits: 1800.');
    expect(body.errors.some((x: any) => x.code === 'unit-in-number')).toBe(false);
  });
});
