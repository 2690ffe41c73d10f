/**
 * POST /v1/libraries/matching and GET /v1/libraries/{id}/matching through app.request with a SQLite store:
 * inline projects and a stored library, every format, bad input (unknown fund source, negative amount, bad
 * date, missing year …) answered 422 with pointer, code, English and Chinese — never a 5xx. Expected
 * choices are worked out by hand from the rules (seed 002: 三个优先, 400万元, weak villages; seed 003 §1).
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { createLibrary } from '../../src/store/libraries.js';
import type { StoredProject } from '../../src/schema/projects.js';
import { libraryApp } from './library-fixtures.js';
import { expectProblem } from './request.js';

const setup = () => libraryApp('yaozhou');

/** Four planned projects (seed 002's three classes), written as a planner writes them. */
const PROJECTS = [
  {
    id: 'YZ-01',
    name: '白岩村饮水巩固提升',
    village: '白岩村',
    category: 'infrastructure',
    amount: '80',
    priority: 1,
    villageIncome: '12',
    status: 'planned',
    year: 2025,
  },
  { id: 'YZ-02', name: '金山镇猕猴桃基地', town: '金山镇', category: 'industry', amount: '150', priority: 3, keyTown: true, status: 'planned', year: 2025 },
  { id: 'YZ-03', name: '水毁道路修复', category: 'infrastructure', amount: '60', priority: 2, status: 'planned', year: 2025 },
  { id: 'YZ-04', name: '冷链仓储中心', category: 'industry', amount: '420', priority: 3, status: 'planned', year: 2025 },
  { id: 'YZ-05', name: '茶叶加工厂', category: 'industry', amount: '90', priority: 3, status: 'planned', year: 2025, sources: ['provincial'] },
];
const BATCH = { id: '2025-第二批', source: 'county', amount: '300', date: '2025-04-15' };

/**
 * By hand, county batch of 300 (no floor): class 1 YZ-01 (80), class 2 YZ-03 (60); 160 left for class 3:
 * YZ-02 (150, value 165) fits, then 10 left; YZ-04 is held (420 ≥ 400, no drawing review); YZ-05 is
 * provincial only. Matched 290, left 10.
 */
const EXPECTED = { 'YZ-01': 'matched', 'YZ-02': 'matched', 'YZ-03': 'matched', 'YZ-04': 'held', 'YZ-05': 'excluded' };

const statusOf = (rows: { id: string; status: string }[]) => Object.fromEntries(rows.map((r) => [r.id, r.status]));

describe('POST /v1/libraries/matching, inline projects', () => {
  it('matches in priority order, holds the 400万元 project, excludes another source; exact sums', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: BATCH } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.model).toEqual({ id: 'sichuan', version: expect.any(String) });
    expect(body.unit).toBe('wan');
    expect(statusOf(body.rows)).toEqual(EXPECTED);
    expect(body.summary).toMatchObject({
      batch: { id: '2025-第二批', source: 'county', amount: '300.00', date: '2025-04-15' },
      year: 2025,
      matched: '290.00',
      left: '10.00',
      count: 3,
      held: 1,
      excluded: 1,
      floor: null,
      solve: { status: 'optimal', verified: true },
    });
    const rows = Object.fromEntries(body.rows.map((r: any) => [r.id, r]));
    expect(rows['YZ-01']).toMatchObject({ weakVillage: true, value: '88', need: '80.00', amount: '80.00', reason: 'matching-matched' });
    expect(rows['YZ-04'].zh).toContain('施工图联合审查');
    expect(rows['YZ-05'].reason).toBe('matching-other-source');
    expect(body.library).toBeNull();
    expect(body.provenance.request).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a central batch meets the 60% industry floor: the infrastructure projects wait for industry beside them', async () => {
    const { call } = await setup();
    // By hand, central 300, floor 60%: class 1 YZ-01 (infra 80) needs ≥ 120 of industry beside it: YZ-02 (150)
    // → 230, share 150/230 = 65%. Class 2 YZ-03 (infra 60) would make 290 with 150 industry: 51.7% < 60%, so no.
    const res = await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, source: 'central' } } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(statusOf(body.rows)).toEqual({ ...EXPECTED, 'YZ-03': 'unfunded' });
    expect(body.summary).toMatchObject({ matched: '230.00', left: '70.00', industry: '150.00', floor: '0.600000000000' });
    const yz03 = body.rows.find((r: any) => r.id === 'YZ-03');
    expect(yz03.reason).toBe('matching-unfunded-floor');
    expect(yz03.en).toContain('60%');
  });

  it('drawingReviewed: true lets the 400万元 project be matched', async () => {
    const { call } = await setup();
    const projects = PROJECTS.map((p) => (p.id === 'YZ-04' ? { ...p, drawingReviewed: true } : p));
    const res = await call('POST', '/v1/libraries/matching', { body: { projects, year: 2025, batch: { ...BATCH, amount: '1000' } } });
    const body = (await res.json()) as any;
    expect(statusOf(body.rows)['YZ-04']).toBe('matched');
    expect(body.summary.matched).toBe('710.00');
  });

  it('formats: CSV with the unit and a total row, TSV, XML, XLSX, the priorities table, one cell', async () => {
    const { call } = await setup();
    const body = { projects: PROJECTS, year: 2025, batch: BATCH };
    const csv = await call('POST', '/v1/libraries/matching?format=csv', { body });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('amount (wan)');
    expect(lines[0]).toContain('need (wan)');
    expect(lines).toHaveLength(PROJECTS.length + 2);
    expect(lines.at(-1)).toContain('290.00');

    const tsv = await call('POST', '/v1/libraries/matching?format=tsv', { body });
    expect((await tsv.text()).split('\n')[0]).toContain('\t');

    const xml = await call('POST', '/v1/libraries/matching?format=xml', { body });
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toContain('<status>held</status>');

    const xlsx = await call('POST', '/v1/libraries/matching?format=xlsx', { body });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = XLSX.read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' });
    const sheet = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1 });
    expect(sheet.some((row) => row.includes('YZ-04'))).toBe(true);

    const priorities = await call('POST', '/v1/libraries/matching?format=csv&table=priorities', { body });
    const p = (await priorities.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(p[0]).toBe('priority,value,amount (wan)');
    // class 1: 80 × 1.1; class 2: 60; class 3: 150 × 1.1
    expect(p.slice(1, 4)).toEqual(['1,88.000000,80.00', '2,60.000000,60.00', '3,165.000000,150.00']);

    const cell = await call('POST', '/v1/libraries/matching?format=value&column=amount&project=YZ-02', { body });
    expect(await cell.text()).toBe('150.00');
  });

  it('partial: true pays part of the next project', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/matching', {
      body: { projects: PROJECTS.slice(0, 3), year: 2025, batch: { ...BATCH, amount: '200' }, partial: true },
    });
    const body = (await res.json()) as any;
    // class 1: 80, class 2: 60, class 3 gets the 60 left of its 150
    expect(statusOf(body.rows)).toEqual({ 'YZ-01': 'matched', 'YZ-02': 'partly', 'YZ-03': 'matched' });
    expect(body.rows.find((r: any) => r.id === 'YZ-02').amount).toBe('60.00');
    expect(body.summary.left).toBe('0.00');
  });
});

describe('bad input: 422 with pointer, code, English and Chinese; never a 5xx', () => {
  it('unknown fund source, negative amount, bad date and missing year: all at once', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/matching', {
      body: { projects: PROJECTS, batch: { source: 'world-bank', amount: '-3', date: '2025-02-30' } },
    });
    const body = await expectProblem(res, 422, ['/year', '/batch/amount', '/batch/date', '/batch/source']);
    const codes = Object.fromEntries(body.errors.map((e: any) => [e.pointer, e.code]));
    expect(codes['/batch/source']).toBe('unknown-fund-source');
  });

  it('an unknown fund source alone', async () => {
    const { call } = await setup();
    const res = await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, source: 'world-bank' } } });
    const body = await expectProblem(res, 422, ['/batch/source']);
    expect(body.errors[0].code).toBe('unknown-fund-source');
  });

  it('bad projects, unknown model, unknown library, unit beside a library, unknown query, explain', async () => {
    const { call } = await setup();
    const bad = await call('POST', '/v1/libraries/matching', {
      body: { projects: [{ ...PROJECTS[0], category: 'castles' }, { id: 'x' }], year: 2025, batch: BATCH },
    });
    await expectProblem(bad, 422, ['/projects/0/category', '/projects/1/name']);
    await expectProblem(await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, model: 'atlantis', year: 2025, batch: BATCH } }), 422, [
      '/model',
    ]);
    await expectProblem(await call('POST', '/v1/libraries/matching', { body: { projects: { library: 'lib_nothing' }, year: 2025, batch: BATCH } }), 422, [
      '/projects/library',
    ]);
    await expectProblem(await call('POST', '/v1/libraries/matching?colour=red', { body: { projects: PROJECTS, year: 2025, batch: BATCH } }), 422, [
      '?colour',
    ]);
    await expectProblem(await call('POST', '/v1/libraries/matching?explain=true', { body: { projects: PROJECTS, year: 2025, batch: BATCH } }), 422, [
      '?explain',
    ]);
    await expectProblem(await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, extra: 1 } } }), 422);
    await expectProblem(await call('POST', '/v1/libraries/matching', { body: { year: 2025, batch: BATCH } }), 422, ['/projects']);
  });

  it('odd bodies never 5xx', async () => {
    const { call } = await setup();
    const bodies: unknown[] = [
      null,
      [],
      'text',
      { projects: 'x', year: 2025, batch: BATCH },
      { projects: PROJECTS, year: '2025', batch: BATCH },
      { projects: PROJECTS, year: 2025, batch: { ...BATCH, amount: '1e400' } },
      { projects: PROJECTS, year: 2025, batch: { ...BATCH, amount: '0.000000001' } },
      { projects: PROJECTS, year: 2025, batch: { ...BATCH, amount: 0 } },
      { projects: PROJECTS, year: 2025, batch: BATCH, solver: { timeLimitMs: -1 } },
      { projects: [...PROJECTS, PROJECTS[0]], year: 2025, batch: BATCH },
      { projects: { library: 5 }, year: 2025, batch: BATCH },
    ];
    for (const body of bodies) {
      const res = await call('POST', '/v1/libraries/matching', { body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      if (res.status !== 200) await expectProblem(res, res.status);
    }
  });
});

describe('a stored library: POST by reference and the GET form', () => {
  async function stored() {
    const s = await setup();
    const projects: StoredProject[] = PROJECTS.map((p) => ({
      ...(p as Omit<StoredProject, 'enteredOn' | 'changedIn'>),
      enteredOn: '2024-09-15',
      changedIn: 1,
    }));
    const made = await createLibrary(s.store, s.who, { name: '耀州区项目库', county: '耀州区', unit: 'wan', model: 'sichuan', projects }, 'private');
    return { ...s, id: made.id, hash: made.hash };
  }

  it('POST { library } reads the head; the answer names the revision and hash', async () => {
    const { call, key, id, hash } = await stored();
    const res = await call('POST', '/v1/libraries/matching', { key, body: { projects: { library: id }, year: 2025, batch: BATCH } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(statusOf(body.rows)).toEqual(EXPECTED);
    expect(body.library).toEqual({ id, revision: 1, hash });
    const unit = await call('POST', '/v1/libraries/matching', { key, body: { projects: { library: id }, unit: 'yuan', year: 2025, batch: BATCH } });
    await expectProblem(unit, 422, ['/unit']);
  });

  it('GET ?year=&source=&amount=&date= answers the same rows; formats; private to its workspace', async () => {
    const { call, key, stranger, id } = await stored();
    const q = `year=2025&source=county&amount=300&date=2025-04-15&batch=${encodeURIComponent('2025-第二批')}`;
    const res = await call('GET', `/v1/libraries/${id}/matching?${q}`, { key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(statusOf(body.rows)).toEqual(EXPECTED);
    expect(body.summary).toMatchObject({ matched: '290.00', left: '10.00', batch: { id: '2025-第二批' } });

    const csv = await call('GET', `/v1/libraries/${id}/matching?${q}&format=csv`, { key });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('YZ-04');
    const cell = await call('GET', `/v1/libraries/${id}/matching?${q}&format=value&column=matched`, { key });
    expect(cell.status).toBe(422);
    const amount = await call('GET', `/v1/libraries/${id}/matching?${q}&format=value&column=amount`, { key });
    expect(await amount.text()).toBe('290.00');
    const partial = await call('GET', `/v1/libraries/${id}/matching?year=2025&source=county&amount=200&date=2025-04-15&partial=true`, { key });
    expect(((await partial.json()) as any).summary.left).toBe('0.00');

    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?${q}`, { key: stranger }), 404);
    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?${q}`), 404);
    await expectProblem(await call('GET', `/v1/libraries/lib_unknown/matching?${q}`, { key }), 404);
    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?${q}&revision=9`, { key }), 404);
  });

  it('GET bad query: missing year, unknown source, negative amount, bad date, unknown parameter → 422', async () => {
    const { call, key, id } = await stored();
    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?source=county&amount=300&date=2025-04-15`, { key }), 422, ['?year']);
    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?year=2025&source=world-bank&amount=300&date=2025-04-15`, { key }), 422, ['?source']);
    const many = await call('GET', `/v1/libraries/${id}/matching?year=twenty&source=county&amount=-1&date=2025-13-01&colour=red`, { key });
    await expectProblem(many, 422, ['?year', '?amount', '?date', '?colour']);
    await expectProblem(await call('GET', `/v1/libraries/${id}/matching?year=2025&source=county&amount=300&date=2025-04-15&explain=true`, { key }), 422, [
      '?explain',
    ]);
  });
  it("GET: the XLSX file is named as the POST form's, without {id} (audit 15 finding 6)", async () => {
    const { call, key, id } = await stored();
    const q = 'year=2025&source=county&amount=300&date=2025-04-15';
    const xlsx = await call('GET', `/v1/libraries/${id}/matching?${q}&format=xlsx`, { key });
    expect(xlsx.status).toBe(200);
    const name = xlsx.headers.get('content-disposition') ?? '';
    expect(name).toMatch(/filename="libraries-matching-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(name).not.toContain('{');
  });

  it('GET: amount=1e3 reads as 1000 (one number grammar); ?floor overrides the source floor, none drops it, echoed', async () => {
    const { call, key, id } = await stored();
    const e3 = (await (await call('GET', `/v1/libraries/${id}/matching?year=2025&source=county&amount=1e3&date=2025-04-15`, { key })).json()) as any;
    expect(e3.summary.batch.amount).toBe('1000.00');
    // central 300: the 60% floor leaves YZ-03 out (230 matched); with floor=none: 290, as the county batch
    const base = `/v1/libraries/${id}/matching?year=2025&source=central&amount=300&date=2025-04-15`;
    const model = (await (await call('GET', base, { key })).json()) as any;
    expect(model.summary).toMatchObject({ matched: '230.00', floor: '0.600000000000', floorFrom: 'model' });
    const none = (await (await call('GET', `${base}&floor=none`, { key })).json()) as any;
    expect(none.summary).toMatchObject({ matched: '290.00', floor: null, floorFrom: 'request' });
    const pct = (await (await call('GET', `${base}&floor=${encodeURIComponent('40%')}`, { key })).json()) as any;
    expect(pct.summary).toMatchObject({ floor: '0.400000000000', floorFrom: 'request', matched: '290.00' });
    const bad = await expectProblem(await call('GET', `${base}&floor=2`, { key }), 422, ['?floor']);
    expect(bad.errors[0].code).toBe('matching-floor-out-of-range');
  });

  it('GET: a year without a plan is a 422 at ?year naming the years that have one (audit 15 finding 12)', async () => {
    const { call, key, id } = await stored();
    const res = await call('GET', `/v1/libraries/${id}/matching?year=2031&source=central&amount=600&date=2025-03-20`, { key });
    const body = await expectProblem(res, 422, ['?year']);
    expect(body.errors[0].code).toBe('matching-no-plan');
    expect(body.errors[0].detail ?? body.errors[0].en ?? JSON.stringify(body.errors[0])).toContain('2025');
  });

  it('GET: a project entered after the batch date is excluded (audit 15 finding 3)', async () => {
    const { call, key, id } = await stored();
    // the library's projects entered 2024-09-15: a batch dated the day before matches none of them
    const body = (await (await call('GET', `/v1/libraries/${id}/matching?year=2025&source=county&amount=300&date=2024-09-14`, { key })).json()) as any;
    expect(new Set(body.rows.map((r: any) => r.reason))).toEqual(new Set(['matching-not-yet-entered']));
    expect(body.summary.matched).toBe('0.00');
  });
});

describe('POST: audit 15 (floor, batch date, number grammar, exact amounts)', () => {
  it('floor: "60%", "0.5" or null, echoed with floorFrom; out of range at /floor', async () => {
    const { call } = await setup();
    const ask = (floor: unknown) =>
      call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, source: 'central' }, floor } });
    const none = (await (await ask(null)).json()) as any;
    expect(none.summary).toMatchObject({ matched: '290.00', floor: null, floorFrom: 'request' });
    const sixty = (await (await ask('60%')).json()) as any;
    expect(sixty.summary).toMatchObject({ matched: '230.00', floor: '0.600000000000', floorFrom: 'request' });
    await expectProblem(await ask('1.2'), 422, ['/floor']);
    await expectProblem(await ask('lots'), 422, ['/floor']);
  });

  it('inline projects: without enteredOn they count as entered; with a later one, excluded', async () => {
    const { call } = await setup();
    const projects = PROJECTS.map((p) => (p.id === 'YZ-02' ? { ...p, enteredOn: '2025-07-16' } : p));
    const body = (await (await call('POST', '/v1/libraries/matching', { body: { projects, year: 2025, batch: BATCH } })).json()) as any;
    expect(statusOf(body.rows)).toEqual({ ...EXPECTED, 'YZ-02': 'excluded' });
    expect(body.rows.find((r: any) => r.id === 'YZ-02').reason).toBe('matching-not-yet-entered');
  });

  it('batch amount 1e3 and 1000 are one amount; a batch of 9.9e31 and a project of 2e9 万元 are 422 at their fields, never 200 with an error', async () => {
    const { call } = await setup();
    const e3 = (await (
      await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, amount: '1e3' } } })
    ).json()) as any;
    const plain = (await (
      await call('POST', '/v1/libraries/matching', { body: { projects: PROJECTS, year: 2025, batch: { ...BATCH, amount: '1000' } } })
    ).json()) as any;
    expect(e3.summary).toEqual(plain.summary);
    const huge = await call('POST', '/v1/libraries/matching', {
      body: { projects: [{ ...PROJECTS[0], amount: '2000000000', drawingReviewed: true }, PROJECTS[1]], year: 2025, batch: { ...BATCH, amount: '9.9e31' } },
    });
    const problem = await expectProblem(huge, 422, ['/batch/amount', '/projects/0/amount']);
    expect(problem.errors.map((e: any) => e.code)).toEqual(['matching-too-large', 'matching-too-large']);
  });
});
