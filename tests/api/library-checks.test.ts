/**
 * The project library's checks through app.request with a SQLite store: POST /v1/libraries/entry-review,
 * /indicator-checks, /review, /plan-review with inline projects and with a stored library reference, their GET
 * forms on a stored library, the formats (CSV, XLSX), and bad input — every 4xx problem+json with pointer,
 * code, English and Chinese, never a 5xx. Expected values are worked out by hand from the rules.
 */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { createLibrary, updateLibrary } from '../../src/store/libraries.js';
import type { StoredProject } from '../../src/schema/projects.js';
import { libraryApp } from './library-fixtures.js';
import { expectProblem } from './request.js';

const setup = () => libraryApp('lufeng');

const targets = (name = '新建基地', value = '100', unit = '亩') => ({
  output: [{ name, value, unit }],
  effect: [{ name: '带动增收', value: '30', unit: '户' }],
});
const good = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `项目${id}`,
  category: 'industry',
  purpose: 'consolidation',
  amount: '100',
  sources: ['central'],
  targets: targets(),
  linkage: '村集体占股20%',
  feasibilityReviewed: true,
  enteredOn: '2024-06-01',
  ...over,
});

/**
 * The library the tests use, by hand:
 * - A, B, C: industry, 100/120/90 万元 for 100 亩 (1, 1.2, 0.9 万元/亩); D 500 for 100 亩 (5: > 3 × median 1.1).
 * - OLD: reserve since 2023-08-01 (stale on 2025-08-31, the seed's fact); NEW: since 2024-01-10 (not).
 * - CHG: planned 2025, amount 120 against approved 100 (20%: flagged); NEAR: 119.99 against 100 (19.99%: not).
 * - REF: no feasibility review, no linkage (refused entry).
 */
const LIBRARY_PROJECTS = [
  good('A'),
  good('B', { amount: '120' }),
  good('C', { amount: '90' }),
  good('D', { amount: '500', drawingReviewed: true }),
  good('OLD', { enteredOn: '2023-08-01', targets: targets('冷库', '2', '座') }),
  good('NEW', { enteredOn: '2024-01-10', targets: targets('冷库', '2', '座') }),
  good('CHG', { status: 'planned', year: 2025, amount: '120', approvedAmount: '100', targets: targets('大棚', '4', '个') }),
  good('NEAR', { status: 'planned', year: 2025, amount: '119.99', approvedAmount: '100', targets: targets('大棚', '4', '个') }),
  good('REF', { feasibilityReviewed: false, linkage: undefined, targets: targets('冷库', '1', '座') }),
];

function stored(list: Record<string, unknown>[]): StoredProject[] {
  return list.map((p) => ({ status: 'reserve', changedIn: 1, ...JSON.parse(JSON.stringify(p)) }) as StoredProject);
}

async function withLibrary(unit: 'wan' | 'yuan' = 'wan', visibility: 'public' | 'private' = 'private') {
  const s = await setup();
  const made = await createLibrary(
    s.store,
    s.who,
    { name: '禄丰市项目库', county: '禄丰市', unit, model: 'sichuan', projects: stored(LIBRARY_PROJECTS) },
    visibility,
  );
  return { ...s, id: made.id, hash: made.hash };
}

const json = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as any;
};

describe('POST with inline projects', () => {
  it('entry-review: admitted or refused with every reason, codes and both languages', async () => {
    const { call } = await setup();
    const body = await json(await call('POST', '/v1/libraries/entry-review', { body: { projects: LIBRARY_PROJECTS } }));
    expect(body.model).toEqual({ id: 'sichuan', version: '2024.1' });
    expect(body.unit).toBe('wan');
    expect(body.library).toBeNull();
    expect(body.summary).toEqual({ projects: 9, admitted: 8, refused: 1 });
    const ref = body.rows.find((r: any) => r.id === 'REF');
    expect(ref).toMatchObject({ name: '项目REF', admitted: false, reasons: ['entry-no-feasibility', 'entry-no-linkage'] });
    expect(ref.reasonEn).toMatch(/^refused entry: no feasibility review.*; refused entry: no benefit-linkage mechanism/);
    expect(ref.reasonZh).toContain('；');
    expect(ref.reasonZh).toContain('评估论证');
    expect(body.rows.find((r: any) => r.id === 'A')).toEqual({ id: 'A', name: '项目A', admitted: true, reasons: [], reasonEn: '', reasonZh: '' });
    expect(body.provenance.request).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('indicator-checks: the unit-cost outlier D (5 against the median 1.1 万元/亩) and paid above the amount', async () => {
    const { call } = await setup();
    const projects = [...LIBRARY_PROJECTS.slice(0, 4), good('P', { paid: '101', targets: targets('冷库', '1', '座') })];
    const body = await json(await call('POST', '/v1/libraries/indicator-checks', { body: { projects } }));
    expect(body.rows.map((r: any) => [r.project, r.check, r.unitCost, r.median, r.value, r.unit])).toEqual([
      ['D', 'unit-cost-outlier', '5', '1.1', '100', '亩'],
      ['P', 'amount-logic', null, null, '101', '万元'],
    ]);
    expect(body.summary).toEqual({ projects: 5, suspicious: 2, findings: 2 });
    expect(body.rows[0].zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('review: the seed’s facts — OLD (2023-08-01) stale on 2025-08-31, suggested remove; NEW not; 20% flagged, 19.99% not', async () => {
    const { call } = await setup();
    const body = await json(await call('POST', '/v1/libraries/review', { body: { projects: LIBRARY_PROJECTS, asOf: '2025-08-31' } }));
    expect(body.rows.map((r: any) => [r.project, r.flag, r.suggested])).toEqual([
      ['OLD', 'stale', 'remove'],
      ['CHG', 'amount-change', 'adjust'],
    ]);
    expect(body.rows[0]).toMatchObject({ years: 2, enteredOn: '2023-08-01', status: 'reserve', approvedAmount: null, change: null });
    expect(body.rows[1]).toMatchObject({ amount: '120', approvedAmount: '100', change: '20', changePercent: '20.00%' });
    expect(body.summary).toEqual({ asOf: '2025-08-31', projects: 9, enteredAfter: 0, flagged: 2, stale: 1, amountChange: 1, unrelated: 0 });
  });

  it('plan-review: central below 60% gets the plan-level finding with the exact share; 450万元 without the drawing review', async () => {
    const { call } = await setup();
    const infra = { category: 'infrastructure', targets: targets('硬化道路', '3', '公里') };
    const projects = [
      good('P1', { status: 'planned', year: 2025, amount: '110' }),
      good('P2', { status: 'planned', year: 2025, amount: '90', ...infra }),
      good('P3', { status: 'planned', year: 2025, amount: '450', sources: ['provincial'], targets: targets('冷库', '1', '座') }),
      good('P4', { status: 'planned', year: 2024, amount: '1000' }),
    ];
    const body = await json(await call('POST', '/v1/libraries/plan-review', { body: { projects, year: 2025 } }));
    expect(body.rows.map((r: any) => [r.project, r.check, r.source, r.share, r.floor])).toEqual([
      ['P3', 'drawing-review', null, null, null],
      [null, 'industry-share', 'central', '0.550000000000', '0.600000000000'],
    ]);
    expect(body.summary).toMatchObject({ year: 2025, projects: 3, amount: '650', findings: 2, flagged: 1 });
    expect(body.summary.sources[0]).toEqual({
      id: 'central',
      amount: '200',
      industry: '110',
      share: '0.550000000000',
      sharePercent: '55.00%',
      floor: '0.600000000000',
      floorPercent: '60.00%',
      meets: false,
    });
    expect(body.industryShareModel).toEqual({ id: 'sichuan', version: expect.any(String) });
  });

  it('unit yuan: the 400万元 threshold is 4,000,000 yuan', async () => {
    const { call } = await setup();
    const projects = [good('Y', { status: 'planned', year: 2025, amount: '4000000' }), good('Z', { status: 'planned', year: 2025, amount: '3999999.99' })];
    const body = await json(await call('POST', '/v1/libraries/plan-review', { body: { projects, year: 2025, unit: 'yuan' } }));
    expect(body.unit).toBe('yuan');
    expect(body.rows.filter((r: any) => r.check === 'drawing-review').map((r: any) => r.project)).toEqual(['Y']);
  });
});

describe('formats', () => {
  it('review as CSV: the header, one line per flag, the money columns named with the unit', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/review?format=csv', { body: { projects: LIBRARY_PROJECTS, asOf: '2025-08-31' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 9)).toEqual([
      'project',
      'name',
      'status',
      'flag',
      'enteredOn',
      'years',
      'amount (wan)',
      'approvedAmount (wan)',
      'change (wan)',
    ]);
    expect(lines).toHaveLength(1 + 2 + 1); // header, two flags, the total row
    expect(lines[1].startsWith('OLD,项目OLD,reserve,stale,2023-08-01,2,100,,')).toBe(true);
    expect(lines[3].startsWith('total · 合计')).toBe(true);
  });

  it('plan-review ?table=sources as CSV; ?table with JSON is a 422', async () => {
    const { call } = await setup();
    const projects = [good('P1', { status: 'planned', year: 2025, amount: '110' })];
    const res = await call('POST', '/v1/libraries/plan-review?format=csv&table=sources', { body: { projects, year: 2025 } });
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('id,amount (wan),industry (wan),share,sharePercent,floor,floorPercent,meets');
    expect(lines[1]).toBe('central,110,110,1.000000000000,100.00%,0.600000000000,60.00%,true');
    expect(lines[5].startsWith('total · 合计,110,110')).toBe(true);
    await expectProblem(await call('POST', '/v1/libraries/plan-review?table=sources', { body: { projects, year: 2025 } }), 422, ['?table']);
  });

  it('indicator-checks as XLSX: a workbook whose sheet has bilingual headers and the finding rows', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/indicator-checks?format=xlsx', { body: { projects: LIBRARY_PROJECTS.slice(0, 4) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    const data = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]], { header: 1 });
    for (const h of data[0] as string[]) expect(h, h).toMatch(/[\u4e00-\u9fff].* · [ -~]+$/);
    expect(data[1][0]).toBe('D');
    expect(data[1][4]).toBe('unit-cost-outlier');
    expect(book.SheetNames.length).toBeGreaterThanOrEqual(2); // the summary sheet
    expect(book.SheetNames[0]).toBe('核查发现 · findings');
  });

  it('review as XLSX: the first sheet is named in both languages like the others (audit 15 #13)', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/review?format=xlsx', { body: { projects: LIBRARY_PROJECTS, asOf: '2025-08-31' } });
    expect(res.status).toBe(200);
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    expect(book.SheetNames).toEqual(['复核标记 · flags', '摘要 · summary']);
  });

  it('entry-review ?format=value&column=admitted&project=REF gives the one cell', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/entry-review?format=value&column=admitted&project=REF', { body: { projects: LIBRARY_PROJECTS } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('false');
  });
});

describe('a stored library', () => {
  it('POST with {"library": id}: the library’s projects, unit and model; its id, revision and hash in the answer', async () => {
    const { call, key, id, hash } = await withLibrary();
    const body = await json(await call('POST', '/v1/libraries/review', { key, body: { projects: { library: id }, asOf: '2025-08-31' } }));
    expect(body.library).toEqual({ id, revision: 1, hash });
    expect(body.rows.map((r: any) => [r.project, r.flag])).toEqual([
      ['OLD', 'stale'],
      ['CHG', 'amount-change'],
    ]);
  });

  it('GET /v1/libraries/{id}/<check> answers as the POST with the reference; ?revision reads an older one', async () => {
    const s = await withLibrary();
    const { call, key, id } = s;
    const viaGet = await json(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31`, { key }));
    const viaPost = await json(await call('POST', '/v1/libraries/review', { key, body: { projects: { library: id }, asOf: '2025-08-31' } }));
    expect(viaGet.rows).toEqual(viaPost.rows);
    expect(viaGet.summary).toEqual(viaPost.summary);

    // revision 2 drops OLD: the head has one flag, revision 1 still two
    const two = stored(LIBRARY_PROJECTS.filter((p) => p.id !== 'OLD'));
    const written = await updateLibrary(
      s.store,
      s.who,
      { id, workspace: 'lufeng' },
      1,
      { name: '禄丰市项目库', county: '禄丰市', unit: 'wan', model: 'sichuan', projects: two },
      'private',
      [],
    );
    expect(written).not.toBe('stale');
    const head = await json(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31`, { key }));
    expect(head.rows.map((r: any) => r.project)).toEqual(['CHG']);
    expect(head.library.revision).toBe(2);
    const old = await json(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31&revision=1`, { key }));
    expect(old.rows.map((r: any) => r.project)).toEqual(['OLD', 'CHG']);

    for (const check of ['entry-review', 'indicator-checks']) {
      const got = await json(await call('GET', `/v1/libraries/${id}/${check}`, { key }));
      expect(got.library).toMatchObject({ id, revision: 2 });
    }
    const plan = await json(await call('GET', `/v1/libraries/${id}/plan-review?year=2025&format=json`, { key }));
    expect(plan.summary).toMatchObject({ year: 2025, projects: 2, amount: '239.99' });
  });

  it('GET form as CSV; a library in yuan converts the drawing-review threshold', async () => {
    const { call, key, id } = await withLibrary('yuan');
    const res = await call('GET', `/v1/libraries/${id}/plan-review?year=2025&format=csv`, { key });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split(/\r?\n/)[0]).toContain('amount (yuan)');
    const body = await json(await call('GET', `/v1/libraries/${id}/plan-review?year=2025`, { key }));
    expect(body.unit).toBe('yuan');
    expect(body.rows.filter((r: any) => r.check === 'drawing-review')).toEqual([]); // 120 元 is far below 4,000,000 元
  });

  it('a private library is not seen by another workspace or anonymously: 404 on GET, 422 at /projects/library on POST', async () => {
    const { call, stranger, id } = await withLibrary();
    await expectProblem(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31`, { key: stranger }), 404);
    await expectProblem(await call('GET', `/v1/libraries/${id}/entry-review`), 404);
    await expectProblem(await call('POST', '/v1/libraries/entry-review', { key: stranger, body: { projects: { library: id } } }), 422, ['/projects/library']);
  });

  it('unit given with a stored library in another unit is a 422 at /unit; an unknown revision at /projects/revision', async () => {
    const { call, key, id } = await withLibrary();
    const res = await call('POST', '/v1/libraries/entry-review', { key, body: { projects: { library: id }, unit: 'yuan' } });
    const problem = await expectProblem(res, 422, ['/unit']);
    expect(problem.errors[0].code).toBe('check-unit-with-library');
    await expectProblem(await call('POST', '/v1/libraries/entry-review', { key, body: { projects: { library: id, revision: 9 } } }), 422, [
      '/projects/revision',
    ]);
    await expectProblem(await call('GET', `/v1/libraries/${id}/entry-review?revision=9`, { key }), 404);
  });
});

describe('bad input: 422 with pointer, code, English and Chinese — never a 5xx', () => {
  const cases: [string, string, unknown, string[]][] = [
    ['no projects', '/v1/libraries/entry-review', {}, ['/projects']],
    ['projects not a list or reference', '/v1/libraries/indicator-checks', { projects: 'all' }, ['/projects']],
    [
      'a project without amount, an unknown category',
      '/v1/libraries/indicator-checks',
      { projects: [{ id: 'X', name: 'x', category: 'nope' }] },
      ['/projects/0/amount'],
    ],
    ['unknown category', '/v1/libraries/entry-review', { projects: [good('X', { category: 'nope' })] }, ['/projects/0/category']],
    ['unknown model', '/v1/libraries/entry-review', { projects: [good('X')], model: 'atlantis' }, ['/model']],
    ['review without asOf', '/v1/libraries/review', { projects: [good('X')] }, ['/asOf']],
    ['review with a bad date', '/v1/libraries/review', { projects: [good('X')], asOf: '2025-02-30' }, ['/asOf']],
    ['plan-review without year', '/v1/libraries/plan-review', { projects: [good('X')] }, ['/year']],
    ['plan-review with year as text', '/v1/libraries/plan-review', { projects: [good('X')], year: '2025' }, ['/year']],
    ['an unknown field', '/v1/libraries/review', { projects: [good('X')], asOf: '2025-08-31', asof: 'x' }, ['/asof']],
    ['a bad unit', '/v1/libraries/entry-review', { projects: [good('X')], unit: 'dollars' }, ['/unit']],
    ['duplicate project ids', '/v1/libraries/entry-review', { projects: [good('X'), good('X')] }, ['/projects/1/id']],
    ['a reference with an extra key', '/v1/libraries/review', { projects: { library: 'lib_x', rev: 2 }, asOf: '2025-08-31' }, ['/projects/rev']],
  ];
  for (const [what, path, body, pointers] of cases) {
    it(what, async () => {
      const { call } = await setup();
      const problem = await expectProblem(await call('POST', path, { body }), 422, pointers);
      for (const e of problem.errors) expect(e.code, JSON.stringify(e)).toBeTruthy();
    });
  }

  it('several mistakes come at once: an unknown model and a bad project', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/entry-review', { body: { projects: [{ id: 'X', name: 'x', category: 'industry' }], model: 'atlantis' } });
    await expectProblem(res, 422, ['/model', '/projects/0/amount']);
    // and when the body fails its schema (no asOf), the unknown model is still named
    await expectProblem(await call('POST', '/v1/libraries/review', { body: { projects: [good('X')], model: 'atlantis' } }), 422, ['/asOf', '/model']);
  });

  it('an inline project the schema refuses still has its fund sources, category and purpose checked, in the same 422', async () => {
    const { call } = await setup();
    const body = { projects: [good('M-1', { amount: '-1', sources: ['mars'], purpose: 'tourism' }), good('M-2', { category: 'spaceport' })] };
    for (const path of ['/v1/libraries/entry-review', '/v1/libraries/indicator-checks', '/v1/libraries/plan-review']) {
      const sent = path.endsWith('plan-review') ? { ...body, year: 2025 } : body;
      const problem = await expectProblem(await call('POST', path, { body: sent }), 422, [
        '/projects/0/amount',
        '/projects/0/sources/0',
        '/projects/0/purpose',
        '/projects/1/category',
      ]);
      const codes = Object.fromEntries(problem.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]));
      expect(codes['/projects/0/sources/0'], path).toBe('unknown-fund-source');
    }
  });

  it('unknown query parameters, explain=true and bad GET parameters are 422s naming ?name', async () => {
    const { call, key, id } = await withLibrary();
    await expectProblem(await call('POST', '/v1/libraries/entry-review?colour=red', { body: { projects: [good('X')] } }), 422, ['?colour']);
    const explained = await expectProblem(
      await call('POST', '/v1/libraries/review?explain=true', { body: { projects: [good('X')], asOf: '2025-08-31' } }),
      422,
      ['?explain'],
    );
    expect(explained.errors.find((e: any) => e.pointer === '?explain').code).toBe('no-trace');
    await expectProblem(await call('GET', `/v1/libraries/${id}/review`, { key }), 422, ['?asOf']);
    await expectProblem(await call('GET', `/v1/libraries/${id}/plan-review?year=25`, { key }), 422, ['?year']);
    await expectProblem(await call('GET', `/v1/libraries/${id}/entry-review?revision=0`, { key }), 422, ['?revision']);
    const unknown = await expectProblem(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31&colour=red`, { key }), 422, ['?colour']);
    expect(unknown.errors[0].detail).toContain('?asOf');
    await expectProblem(await call('GET', `/v1/libraries/${id}/review?asOf=2025-08-31&explain=true`, { key }), 422, ['?explain']);
  });

  it('malformed JSON is a 400 problem, not a 5xx', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/plan-review', { body: '{"projects": [' });
    expect(res.status).toBe(400);
  });
});

describe('/openapi.json', () => {
  it('documents the four POSTs and their GET forms, each POST with an example', async () => {
    const { app } = await setup();
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const check of ['entry-review', 'indicator-checks', 'review', 'plan-review']) {
      const post = doc.paths[`/v1/libraries/${check}`]?.post;
      expect(post, check).toBeDefined();
      expect(Object.keys(post.requestBody.content['application/json'].examples ?? {}).length, check).toBeGreaterThan(0);
      expect(doc.paths[`/v1/libraries/{id}/${check}`]?.get, check).toBeDefined();
    }
    expect(doc.components.schemas.LibraryReference).toBeDefined();
  });

  it('every example answers 200 with findings of the kind it names', async () => {
    const { app, call } = await setup();
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const rowsOf = async (check: string) => {
      const examples = doc.paths[`/v1/libraries/${check}`].post.requestBody.content['application/json'].examples;
      const [first] = Object.values(examples) as { value: unknown }[];
      return (await json(await call('POST', `/v1/libraries/${check}`, { body: first.value }))).rows;
    };
    expect((await rowsOf('entry-review')).map((r: any) => r.admitted)).toEqual([true, false]);
    expect((await rowsOf('indicator-checks')).map((r: any) => [r.project, r.check])).toEqual([
      ['D', 'unit-cost-outlier'],
      ['D', 'amount-logic'],
    ]);
    expect((await rowsOf('review')).map((r: any) => [r.project, r.flag])).toEqual([
      ['OLD', 'stale'],
      ['CHG', 'amount-change'],
    ]);
    expect((await rowsOf('plan-review')).map((r: any) => [r.project, r.check])).toEqual([
      ['P3', 'drawing-review'],
      [null, 'industry-share'],
    ]);
  });
});

describe('never a 5xx (fast-check)', () => {
  it('random bodies to the four checks: 200 or a 4xx problem', async () => {
    const fc = (await import('fast-check')).default;
    const { call } = await setup();
    const decimalish = fc.oneof(
      fc.constantFrom('0', '-1', '1e5', '１００', '', ' 12', '0.000000000001', '99999999999999999999.99', 'NaN'),
      fc.double({ noNaN: true }),
      fc.integer(),
    );
    const projectish = fc.record(
      {
        id: fc.oneof(fc.constantFrom('A', 'B', ''), fc.string()),
        name: fc.string(),
        category: fc.constantFrom('industry', 'infrastructure', 'household', 'nope'),
        amount: decimalish,
        approvedAmount: decimalish,
        paid: decimalish,
        arranged: decimalish,
        status: fc.constantFrom('reserve', '储备', 'planned', 'implementing', 'removed', 'x'),
        year: fc.oneof(fc.integer({ min: 1990, max: 2110 }), fc.constant('2025')),
        enteredOn: fc.constantFrom('2023-08-01', '2024-02-29', '2023-02-29', '2025-13-01', 'x'),
        sources: fc.constantFrom(['central'], ['central', 'county'], [], ['moon']),
        targets: fc.record(
          {
            output: fc.array(fc.record({ name: fc.string(), value: decimalish, unit: fc.constantFrom('亩', '%', '万元', '元', '') })),
            effect: fc.array(fc.record({ name: fc.constant('e'), value: decimalish, unit: fc.constant('户') })),
          },
          { requiredKeys: [] },
        ),
        feasibilityReviewed: fc.boolean(),
        linkage: fc.string(),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        projects: fc.oneof(fc.array(projectish, { maxLength: 6 }), fc.constant({ library: 'nope' }), fc.anything()),
        asOf: fc.oneof(fc.constantFrom('2025-08-31', '2024-02-29', '2025-02-30'), fc.string()),
        year: fc.oneof(fc.integer({ min: 1990, max: 2110 }), fc.string()),
        unit: fc.constantFrom('wan', 'yuan', 'x'),
        model: fc.constantFrom('sichuan', 'nope'),
      },
      { requiredKeys: ['projects'] },
    );
    const paths = ['entry-review', 'indicator-checks', 'review', 'plan-review'];
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...paths), fc.constantFrom('', '?format=csv', '?format=xlsx'), async (b, check, query) => {
        const res = await call('POST', `/v1/libraries/${check}${query}`, { body: b });
        expect(res.status, `${check} ${JSON.stringify(b)} → ${await res.clone().text()}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('random valid libraries: every check answers 200 (the domain never throws on what the schema lets through)', async () => {
    const fc = (await import('fast-check')).default;
    const { call } = await setup();
    const money = fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
    const positive = money.filter((m) => Number(m) > 0);
    const project = (i: number) =>
      fc
        .record({
          amount: positive,
          approvedAmount: fc.option(money, { nil: undefined }),
          paid: fc.option(money, { nil: undefined }),
          category: fc.constantFrom('industry', 'infrastructure', 'household', 'employment', 'education', 'management'),
          status: fc.constantFrom('reserve', 'planned', 'implementing', 'completed', 'removed'),
          day: fc.integer({ min: 0, max: 3000 }),
          value: fc.option(money, { nil: undefined }),
          unit: fc.constantFrom('亩', '%', '万元', '元', '个', '公里'),
          sources: fc.constantFrom(undefined, ['central'], ['provincial'], ['city', 'county']),
          purpose: fc.constantFrom('consolidation', 'unrelated', undefined),
        })
        .map((r) =>
          good(`P${i}`, {
            amount: r.amount,
            approvedAmount: r.approvedAmount,
            paid: r.paid,
            category: r.category,
            status: r.status,
            year: r.status === 'reserve' ? undefined : 2025,
            enteredOn: new Date(Date.UTC(2018, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10),
            targets: r.value === undefined ? { effect: [{ name: 'e', value: '1', unit: '户' }] } : targets('产出', r.value, r.unit),
            sources: r.sources,
            purpose: r.purpose,
          }),
        );
    const library = fc.integer({ min: 0, max: 15 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => project(i))));
    await fc.assert(
      fc.asyncProperty(library, fc.constantFrom('wan', 'yuan'), async (projects, unit) => {
        for (const [check, own] of [
          ['entry-review', {}],
          ['indicator-checks', {}],
          ['review', { asOf: '2025-08-31' }],
          ['plan-review', { year: 2025 }],
        ] as const) {
          const res = await call('POST', `/v1/libraries/${check}`, { body: { projects, unit, ...own } });
          expect(res.status, `${check}: ${await res.clone().text()}`).toBe(200);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
