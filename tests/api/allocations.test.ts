import { describe, expect, it } from 'vitest';
import { SAMPLE_REQUEST } from '../helpers.js';
import { app, post, postJson } from './request.js';

describe('POST /v1/allocations', () => {
  it('splits the total by the named model; amounts add up to the cent', async () => {
    const { res, json } = await postJson('/v1/allocations', SAMPLE_REQUEST);
    expect(res.status).toBe(200);
    // the one envelope: model, unit, summary, rows, the route's parts, provenance — in that order
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'books', 'provenance']);
    expect(json.model).toEqual({ id: 'sichuan-2024', version: '2024.2' });
    expect(json.unit).toBe('wan');
    expect(json.rows.map((r: any) => r.id)).toEqual(['A', 'B', 'C']);
    const cents = json.rows.reduce((s: bigint, r: any) => s + BigInt(r.amount.replace('.', '')), 0n);
    expect(cents).toBe(100000n);
    expect(json.summary).toEqual({
      total: '1000.00',
      granularity: '0.01',
      sum: '1000.00',
      balanced: true,
      regions: 3,
      leftoverGranules: expect.any(Number),
      weightsSum: '1',
    });
    expect(Object.keys(json.rows[0].factors)).toEqual(['policy', 'population', 'income', 'performance']);
    expect(json.rows[0].rank).toBe(1);
    expect(json.provenance).toMatchObject({
      service: expect.any(String),
      model: { id: 'sichuan-2024', version: '2024.2', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    });
    expect(json.provenance.request).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("a row's share is its amount ÷ the total (with the percentage); the formula's share is formulaShare", async () => {
    const { json } = await postJson('/v1/allocations', SAMPLE_REQUEST);
    for (const r of json.rows) {
      // amount / 1000.00, exactly: 12 decimals of a 2-decimal amount over 1000
      const cents = BigInt(r.amount.replace('.', ''));
      expect(r.share).toBe((Number(cents) / 100000).toFixed(12));
      expect(r.sharePercent).toBe(`${(Number(cents) / 1000).toFixed(2)}%`);
      expect(r.formulaShare).toMatch(/^0\.\d{12}$/);
    }
    // the set-asides make the amounts differ from the formula's split
    expect(json.rows.some((r: any) => r.share !== r.formulaShare)).toBe(true);
    // rank by amount, largest first, every rank once
    const byAmount = [...json.rows].sort((a: any, b: any) => Number(b.amount) - Number(a.amount)).map((r: any) => r.id);
    expect(
      json.rows
        .slice()
        .sort((a: any, b: any) => a.rank - b.rank)
        .map((r: any) => r.id),
    ).toEqual(byAmount);
  });

  it('equal amounts rank by formula share, then id; counts are numbers', async () => {
    const { json } = await postJson('/v1/allocations', {
      model: { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] },
      total: '3',
      unit: 'wan',
      granularity: '1',
      regions: [
        { id: 'z', indicators: { pop: 1 } },
        { id: 'y', indicators: { pop: 1 } },
        { id: 'x', indicators: { pop: 1 } },
        { id: 'big', indicators: { pop: 0 } },
      ],
    });
    // x, y, z get 1 each, equal shares: by id; big gets 0
    expect(json.rows.map((r: any) => [r.id, r.amount, r.rank])).toEqual([
      ['z', '1', 3],
      ['y', '1', 2],
      ['x', '1', 1],
      ['big', '0', 4],
    ]);
    expect(json.rows[0]).toMatchObject({ share: '0.333333333333', sharePercent: '33.33%', formulaShare: '0.333333333333' });
    expect(typeof json.summary.regions).toBe('number');
  });

  it("a region's level (province/city/county/town) is echoed on its row; another word is refused", async () => {
    const regions = SAMPLE_REQUEST.regions.map((r: any) => ({ ...r, level: 'county' }));
    const { json } = await postJson('/v1/allocations', { ...SAMPLE_REQUEST, regions });
    expect(json.rows.map((r: any) => r.level)).toEqual(['county', 'county', 'county']);
    const bad = await post('/v1/allocations', { ...SAMPLE_REQUEST, regions: [{ ...regions[0], level: 'village' }, ...regions.slice(1)] });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('/regions/0/level');
  });

  it('the same request gives the same provenance; an override changes the model hash', async () => {
    const a = (await postJson('/v1/allocations', SAMPLE_REQUEST)).json;
    const b = (await postJson('/v1/allocations', JSON.parse(JSON.stringify(SAMPLE_REQUEST)))).json;
    expect(b.provenance).toEqual(a.provenance);
    const c = (await postJson('/v1/allocations', { ...SAMPLE_REQUEST, overrides: { off: ['points'] } })).json;
    expect(c.provenance.model.hash).not.toBe(a.provenance.model.hash);
    expect(c.provenance.request).not.toBe(a.provenance.request);
  });

  it('takes amounts as numbers too, and the model granularity when none is given', async () => {
    const { granularity: _g, ...rest } = SAMPLE_REQUEST;
    const { json } = await postJson('/v1/allocations', { ...rest, total: 1000 });
    expect(json.summary.granularity).toBe('0.01');
    expect(json.summary.total).toBe('1000.00');
  });

  it('overrides are a JSON merge patch of the model where it holds plain fields: granularity, unit', async () => {
    const { granularity: _g, ...rest } = SAMPLE_REQUEST;
    const { res, json } = await postJson('/v1/allocations', { ...rest, overrides: { granularity: '1' } });
    expect(res.status).toBe(200);
    expect(json.summary.granularity).toBe('1');
    expect(json.rows.every((r: any) => /^\d+$/.test(r.amount))).toBe(true);
    // null removes the model's granularity: the default 0.01 then holds
    const removed = await postJson('/v1/allocations', { ...rest, overrides: { granularity: null } });
    expect(removed.json.summary.granularity).toBe('0.01');
    // the model's unit: its granularity (0.01) read in yuan is 0.000001 wan
    const inYuan = await postJson('/v1/allocations', { ...rest, overrides: { unit: 'yuan' } });
    expect(inYuan.json.summary.granularity).toBe('0.000001');
    expect(json.provenance.model.hash).not.toBe(inYuan.json.provenance.model.hash);
  });

  it('converts the model granularity to the request unit', async () => {
    const { granularity: _g, ...rest } = SAMPLE_REQUEST;
    const { json } = await postJson('/v1/allocations', { ...rest, total: '10000000', unit: 'yuan' });
    expect(json.summary.granularity).toBe('100'); // 0.01 万元 = 100 元
    expect(json.rows.every((r: any) => /^\d+$/.test(r.amount) && BigInt(r.amount) % 100n === 0n)).toBe(true);
  });

  it('explain=true adds the trace with the model parameters and their sources', async () => {
    const { json } = await postJson('/v1/allocations?explain=true', SAMPLE_REQUEST);
    expect(json.trace.model.sources[0]).toMatchObject({ ref: '质效双提方案', title: '衔接资金项目质效双提行动实施方案', date: '2024-05-15' });
    expect(json.trace.parameters).toContainEqual(expect.objectContaining({ name: 'policy.weight', value: '0.35', source: '质效双提方案 §二4' }));
    expect(json.trace.indicators.find((i: any) => i.indicator === 'income')).toMatchObject({ transform: 'reciprocal', exact: true });
    // A is a national key county: formula → set-aside → the unused reward reserve spread by the formula → rounding
    expect(json.rows[0].trace.steps.map((x: any) => x.stage)).toEqual(['formula', 'setAsides', 'redistribution', 'rounding']);
    // the regions' money is books.allocated (summary.regions is how many they are)
    expect(json.books).toMatchObject({ total: '1000.00', formulaPool: '823.50', unspent: '5.00', allocated: '1000.00' });
    expect(json.books.regions).toBeUndefined();
    // every planner text in both languages
    expect(json.books.setAsides.map((x: any) => x.to)).toEqual([
      { en: 'to 1 region', zh: '分给 1 个地区' },
      { en: 'to 1 region', zh: '分给 1 个地区' },
      { en: 'reserved for rewards', zh: '预留用于奖励' },
    ]);
    expect(json.books.unspentGoes).toEqual({ en: 'redistributed by the formula', zh: '按因素法重新分配' });
    const bilingual = (x: any) => typeof x.en === 'string' && typeof x.zh === 'string' && x.zh !== '' && /[\u4e00-\u9fff]/.test(x.zh);
    expect(bilingual(json.trace.formula)).toBe(true);
    expect(bilingual(json.trace.rounding.tieBreak)).toBe(true);
    for (const status of Object.values(json.trace.pipeline.stages)) expect(bilingual(status)).toBe(true);
    for (const sa of json.trace.pipeline.setAsides) expect(bilingual(sa.note)).toBe(true);
    for (const row of json.rows) for (const step of row.trace.steps) expect(bilingual(step.note)).toBe(true);
    // counts are JSON numbers
    expect(json.trace.rounding).toMatchObject({ granules: 100000, floored: expect.any(Number), leftover: expect.any(Number) });
    expect(json.trace.pipeline.setAsides.map((x: any) => [x.id, x.regions])).toEqual([
      ['nationalKeyCounties', ['A']],
      ['provincialKeyCounties', ['B']],
      ['rewardReserve', []],
    ]);
  });

  it('format=csv gives spreadsheet rows: BOM, Chinese names, stable columns', async () => {
    const res = await post('/v1/allocations?format=csv', SAMPLE_REQUEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    // money columns name the unit
    expect(lines[0]).toBe(
      'id,name,amount (wan),share,sharePercent,formulaShare,formulaSharePercent,rank,policy (wan),population (wan),income (wan),performance (wan),' +
        'stage_formula (wan),stage_setAsides (wan),stage_points (wan),stage_grades (wan),stage_negativeList (wan),stage_bounds (wan),stage_redistribution (wan),stage_rounding (wan)',
    );
    expect(lines[1]).toMatch(/^A,甲县,\d+\.\d{2},0\.\d{12},\d+\.\d{2}%,0\.\d{12},\d+\.\d{2}%,/);
    expect(lines).toHaveLength(5);
    // the total row: exact sums; the shares of the total add up to 1 here (no money withheld)
    const total = lines[4].split(',');
    // shares in the total row have the rows' 12 decimals
    expect(total.slice(0, 8)).toEqual(['total · 合计', '', '1000.00', '1.000000000000', '100.00%', '1.000000000000', '100.00%', '']);
    const column = (j: number) => lines.slice(1, 4).map((l) => l.split(',')[j]);
    const cents = (xs: string[]) => xs.reduce((s, x) => s + BigInt(x.replace('.', '')), 0n);
    expect(cents(column(8))).toBe(BigInt(total[8].replace('.', '')));
  });

  it('CSV: the share total is the real one when a purpose set-aside keeps money from the regions', async () => {
    const res = await post('/v1/allocations?format=csv', {
      ...SAMPLE_REQUEST,
      model: {
        factors: [{ id: 'need', weight: '1', indicators: [{ id: 'poverty', weight: '1', transform: 'direct' }] }],
        pipeline: { setAsides: [{ id: 'training', percent: '0.1' }] },
      },
      regions: SAMPLE_REQUEST.regions.map((r: any) => ({ id: r.id, name: r.name, indicators: { poverty: r.indicators.poverty } })),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\r\n');
    const total = lines.at(-1)!.split(',');
    expect(total.slice(0, 7)).toEqual(['total · 合计', '', '900.00', '0.900000000000', '90.00%', '1.000000000000', '100.00%']);
  });

  it('format=tsv uses tabs, and CSV defuses names a spreadsheet would run as formulas', async () => {
    const tsv = await post('/v1/allocations?format=tsv', SAMPLE_REQUEST);
    expect((await tsv.text()).split('\r\n')[0]).toContain('id\tname\tamount');
    const evil = structuredClone(SAMPLE_REQUEST);
    evil.regions[0].name = '=HYPERLINK("http://x","点我")';
    const csv = await (await post('/v1/allocations?format=csv', evil)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
  });

  it('CSV: a negative change % stays a number (not defused as a formula); the total row has the change % of the sums', async () => {
    const res = await post('/v1/allocations?format=csv', {
      model: { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] },
      total: '10',
      unit: 'wan',
      granularity: '1',
      regions: [
        { id: 'x', indicators: { pop: 1 }, lastYear: '10' },
        { id: 'y', indicators: { pop: 4 }, lastYear: '5' },
      ],
    });
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,amount (wan),share,sharePercent,formulaShare,formulaSharePercent,rank,need (wan),lastYear (wan),change (wan),changePercent',
    );
    expect(lines[1]).toBe('x,,2,0.200000000000,20.00%,0.200000000000,20.00%,2,2.0000,10,-8,-80.00%');
    expect(lines[3]).toBe('total · 合计,,10,1.000000000000,100.00%,1.000000000000,100.00%,,10.0000,15,-5,-33.33%');
  });

  it('overrides change weights for a what-if', async () => {
    const base = (await postJson('/v1/allocations', SAMPLE_REQUEST)).json;
    const { json } = await postJson('/v1/allocations', {
      ...SAMPLE_REQUEST,
      overrides: { weights: { policy: '0.30', performance: '0.10' } },
    });
    expect(json.summary.balanced).toBe(true);
    expect(json.rows[0].amount).not.toBe(base.rows[0].amount);
    const sichuan2023 = (await postJson('/v1/allocations', { ...SAMPLE_REQUEST, model: 'sichuan-2023' })).json;
    expect(json.rows.map((r: any) => r.amount)).toEqual(sichuan2023.rows.map((r: any) => r.amount));
  });

  it('accepts an inline model of the same shape as the files', async () => {
    const { res, json } = await postJson('/v1/allocations', {
      model: { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] },
      total: '10',
      unit: 'wan',
      granularity: '1',
      regions: [
        { id: 'x', indicators: { pop: 1 } },
        { id: 'y', indicators: { pop: 4 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'inline', version: 'inline' });
    expect(json.rows.map((r: any) => r.amount)).toEqual(['2', '8']);
  });

  it('answers CORS preflight for embedding pages', async () => {
    const res = await app.request('/v1/allocations', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8787', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    // an origin of the allowlist (CORS_ORIGINS; by default the local pages): tests/api/access-limits.test.ts
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('models, health, documentation', () => {
  it('GET /v1/models?kind=allocation lists the built-in allocation models (tests/api/models.test.ts: every kind)', async () => {
    const json = (await (await app.request('/v1/models?kind=allocation')).json()) as any;
    expect(json.models.map((m: any) => m.id)).toEqual(['sichuan-2023', 'sichuan-2024']);
    const model = (await (await app.request('/v1/models/allocation/sichuan-2024')).json()) as any;
    expect(model.factors.map((f: any) => [f.id, f.weight])).toEqual([
      ['policy', '0.35'],
      ['population', '0.30'],
      ['income', '0.30'],
      ['performance', '0.05'],
    ]);
  });

  it('GET /v1/models/allocation/{id} returns the whole allocation model; an unknown id is a 404 problem', async () => {
    const ok = await app.request('/v1/models/allocation/sichuan-2023');
    expect(((await ok.json()) as any).factors[0].weight).toBe('0.30');
    const missing = await app.request('/v1/models/allocation/atlantis-2024');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(((await missing.json()) as any).detail).toContain('sichuan-2024');
  });

  it('GET /health', async () => {
    expect(await (await app.request('/health')).json()).toMatchObject({ status: 'ok', models: 7 });
  });

  it('GET /openapi.json is OpenAPI 3.1 with examples', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/v1/allocations'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/AllocationRequest');
    expect(doc.components.schemas.AllocationRequest.example.model).toBe('sichuan-2024');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
    expect(doc.paths['/v1/models/{kind}/{id}']).toBeDefined();
    expect(doc.paths['/v1/models/{id}']).toBeUndefined();
    // each error status shows its own problem, not one example for all
    for (const status of ['400', '413', '415', '422']) {
      expect(op.responses[status].content['application/problem+json'].example.status).toBe(Number(status));
    }
  });

  it('GET /docs is a page whose assets the service serves itself', async () => {
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it('an unknown path is a 404 problem', async () => {
    const res = await app.request('/v2/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).type).toBe('/problems/not-found');
  });
});

describe('allocation problems carry codes from the one catalogue (src/messages/allocation.ts)', () => {
  const codes = async (body: unknown, query = '') => {
    const res = await post(`/v1/allocations${query}`, body);
    expect(res.status).toBe(422);
    return ((await res.json()) as any).errors.map((e: any) => [e.pointer, e.code]);
  };

  it("an indicator value that is not a number gets the number grammar's own code, as on every route", async () => {
    const cases: [unknown, string][] = [
      ['', 'empty-string'],
      ['5,000', 'thousands-separator'],
      ['60%', 'percent-not-amount'],
      ['5万', 'unit-in-number'],
    ];
    for (const [value, code] of cases) {
      const regions = structuredClone(SAMPLE_REQUEST.regions) as any[];
      regions[0].indicators.poverty = value;
      const res = await post('/v1/allocations', { ...SAMPLE_REQUEST, regions });
      const problem = (await res.json()) as any;
      expect(problem.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/regions/0/indicators/poverty', code]]);
      expect(problem.errors[0].detail_zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('independent mistakes come in one 422: a bad total, a bad indicator, an unknown field, an unknown model', async () => {
    const regions = structuredClone(SAMPLE_REQUEST.regions) as any[];
    regions[1].indicators.poverty = '';
    expect(await codes({ ...SAMPLE_REQUEST, total: '5,000', regions, bogus: 1 })).toEqual(
      expect.arrayContaining([
        ['/total', 'thousands-separator'],
        ['/bogus', expect.any(String)],
        ['/regions/1/indicators/poverty', 'empty-string'],
      ]),
    );
    const unknown = await codes({ ...SAMPLE_REQUEST, model: 'sichuan-1999', total: '5,000' });
    expect(unknown).toEqual(
      expect.arrayContaining([
        ['/total', 'thousands-separator'],
        ['/model', 'unknown-model'],
      ]),
    );
    // the engine's own checks together too: a total that is not whole granules and a region id used twice
    const twice = [SAMPLE_REQUEST.regions[0], SAMPLE_REQUEST.regions[1], SAMPLE_REQUEST.regions[0]];
    expect(await codes({ ...SAMPLE_REQUEST, total: '1000.005', regions: twice })).toEqual([
      ['/regions/2/id', 'duplicate-id'],
      ['/total', 'not-whole-granules'],
    ]);
    const bad = structuredClone(SAMPLE_REQUEST.regions) as any[];
    bad[2].indicators.poverty = '5,000';
    expect(await codes({ ...SAMPLE_REQUEST, total: '1000.005', regions: bad })).toEqual([
      ['/total', 'not-whole-granules'],
      ['/regions/2/indicators/poverty', 'thousands-separator'],
    ]);
  });

  it('model, overrides, indicators and the total, each with its code', async () => {
    expect(await codes({ ...SAMPLE_REQUEST, overrides: { weights: { policy: '0.5' } } })).toEqual([['/overrides/weights', 'weights-not-one']]);
    expect(await codes({ ...SAMPLE_REQUEST, overrides: { weights: { luck: '0' } } })).toEqual([['/overrides/weights/luck', 'unknown-factor']]);
    expect(await codes({ ...SAMPLE_REQUEST, total: '1000.005' })).toEqual([['/total', 'not-whole-granules']]);
    const regions = structuredClone(SAMPLE_REQUEST.regions) as any[];
    regions[1].indicators.keyCounty = 'martian';
    regions[2].indicators.typo = 1;
    expect(await codes({ ...SAMPLE_REQUEST, regions })).toEqual(
      expect.arrayContaining([
        ['/regions/1/indicators/keyCounty', 'unknown-category'],
        ['/regions/2/indicators/typo', 'indicator-not-read'],
      ]),
    );
    expect(await codes({ ...SAMPLE_REQUEST, regions: [SAMPLE_REQUEST.regions[0], SAMPLE_REQUEST.regions[0]] })).toEqual([['/regions/1/id', 'duplicate-id']]);
  });

  it('floors above the money are the contract rule: 422 constraints-cannot-hold, saying by how much in the unit', async () => {
    const regions = SAMPLE_REQUEST.regions.map((r: any) => ({ ...r, lastYear: '600.00' }));
    const res = await post('/v1/allocations', { ...SAMPLE_REQUEST, regions });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/regions', code: 'constraints-cannot-hold' })]);
    // hold-harmless 0.9 × 600.00 for each of the three regions: 1,620.00 of floors for 1,000.00
    // the unit in English text is 万元, as the optimizer and the checks write it
    expect(problem.errors[0].detail).toMatch(/need \d+\.\d{2} 万元 more than the \d+\.\d{2} 万元 the regions can share/);
    expect(problem.errors[0].detail_zh).toContain('万元');
  });

  it('more than ten binding floors: each language names the first ten and how many in all, in its own words', async () => {
    const base = SAMPLE_REQUEST.regions[0] as any;
    const regions = Array.from({ length: 14 }, (_, i) => ({ ...base, id: `R${i + 1}`, name: `县${i + 1}`, lastYear: '600.00' }));
    const res = await post('/v1/allocations', { ...SAMPLE_REQUEST, regions });
    expect(res.status).toBe(422);
    const [error] = ((await res.json()) as any).errors;
    expect(error.code).toBe('constraints-cannot-hold');
    expect(error.detail).toContain('R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 … (14 in all)');
    expect(error.detail_zh).toContain('R1、R2、R3、R4、R5、R6、R7、R8、R9、R10 ……（共 14 个）');
    expect(error.detail_zh).not.toMatch(/more|and /);
  });

  it('an unknown ?region is a 422 at ?region, listing the ids', async () => {
    expect(await codes(SAMPLE_REQUEST, '?explain=true&region=Z')).toEqual([['?region', 'unknown-region']]);
  });
});
