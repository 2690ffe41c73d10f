/** The pipeline, two levels and what-if comparison, through the API. */
import { describe, expect, it } from 'vitest';
import { post, postJson } from './request.js';

const need = { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] };

const pipelineRequest = () => ({
  model: {
    ...need,
    unit: 'wan',
    pipeline: {
      setAsides: [
        { id: 'key', amount: '100', regions: { where: { key: 'yes' } } },
        { id: 'fee', percent: '0.01' },
      ],
      points: { input: 'points', bottom: { count: 1, amount: { fixed: '20' } }, top: { count: 1, amount: { fixed: '10' } } },
      bounds: { holdHarmless: '0.9' },
    },
  },
  total: '1000.00',
  unit: 'wan',
  regions: [
    { id: 'A', indicators: { pop: 100, key: 'yes', points: 90 }, lastYear: '300' },
    { id: 'B', indicators: { pop: 300, key: 'no', points: 50 }, lastYear: '400' },
    { id: 'C', indicators: { pop: 600, key: 'no', points: 70 }, lastYear: '200' },
  ],
});

describe('the pipeline, by hand', () => {
  // total 1000: fee 1% = 10, set-aside 100 for A → formula pool 890 split 1:3:6 = 89, 267, 534.
  // points: A best (+10), B worst (−20); the 20 deducted pays A's 10, 10 is withheld.
  // floors 90% of last year: A 270 > 89+100+10 = 199, B 360 > 267−20 = 247 → both lifted;
  // C pays: 980 − 270 − 360 = 350 of its 534 (λ = 350/534).
  it('set-asides, points, hold-harmless floors and redistribution', async () => {
    const { res, json } = await postJson('/v1/allocations?explain=true', pipelineRequest());
    expect(res.status).toBe(200);
    expect(json.rows.map((r: any) => [r.id, r.amount])).toEqual([
      ['A', '270.00'],
      ['B', '360.00'],
      ['C', '350.00'],
    ]);
    expect(json.rows[0].stages).toEqual({
      formula: '89.000000',
      setAsides: '100.000000',
      points: '10.000000',
      grades: '0.000000',
      negativeList: '0.000000',
      bounds: '71.000000',
      redistribution: '0.000000',
      rounding: '0.000000',
    });
    expect(json.rows[2].stages.redistribution).toBe('-184.000000');
    expect(json.rows.map((r: any) => [r.lastYear, r.change, r.changePercent])).toEqual([
      ['300.00', '-30.00', '-10.00%'],
      ['400.00', '-40.00', '-10.00%'],
      ['200.00', '150.00', '75.00%'],
    ]);
    expect(json.books).toMatchObject({
      total: '1000.00',
      formulaPool: '890.00',
      deducted: { points: '20.00', negativeList: '0.00' },
      rewards: { wanted: '10.00', paid: '10.00' },
      unspent: '10.00',
      withheld: '10.00',
      allocated: '980.00',
    });
    expect(json.summary.balanced).toBe(true);
    expect(json.trace.pipeline.bounds).toMatchObject({ initially: { belowFloor: ['A', 'B'], aboveCap: [] }, floors: { A: '270.00', B: '360.00' } });
    const floorNote = json.rows[1].trace.steps.find((s: any) => s.stage === 'bounds').note;
    expect(floorNote.en).toContain('hold-harmless: 0.9');
    expect(floorNote.zh).toContain('保底');
  });

  it("each row's trace opens with the reason for its amount, in both languages, from the stages above", async () => {
    const { json } = await postJson('/v1/allocations?explain=true', pipelineRequest());
    const [a, b, c] = json.rows.map((r: any) => r.trace.reason);
    expect(a.en).toBe(
      'A gets 270.00 万元, 27.00% of the total 1000.00: the factor method gives 89.000000 (its formula share 0.100000000000 of the pool 890.00 left after set-asides: need 89.000000); ' +
        'set-aside "key" +100.000000; points +10.000000 (score rank 1 of 3, in the top group); ' +
        "raised to its floor (hold-harmless: 0.9 × last year's 300) +71.000000; rounding to 0.01 +0.000000.",
    );
    expect(a.zh).toContain('A分得 270.00 万元，占总额 1000.00 的 27.00%');
    expect(a.zh).toContain('提高到下限（保底：上年 300 的 0.9 倍） +71.000000');
    expect(b.en).toContain('points -20.000000 (score rank 3 of 3, in the bottom group)');
    expect(c.en).toContain('redistribution -184.000000');
    expect(c.zh).toContain('调剂 -184.000000');
  });

  it("&region= keeps that region's row and its part of the trace: its points rank, its floor", async () => {
    const { json } = await postJson('/v1/allocations?explain=true&region=B', pipelineRequest());
    expect(json.rows.map((r: any) => r.id)).toEqual(['B']);
    expect(json.trace.pipeline.points.ranking.map((r: any) => r.id)).toEqual(['B']);
    expect(json.trace.pipeline.bounds.floors).toEqual({ B: '360.00' });
    expect(json.summary).toMatchObject({ sum: '980.00', regions: 3 }); // the summary is the whole answer's
    const all = (await postJson('/v1/allocations?explain=true', pipelineRequest())).json;
    expect(json.rows[0]).toEqual(all.rows[1]);
  });

  it('a stage switched off, and unspent money redistributed instead of withheld', async () => {
    const off = pipelineRequest() as any;
    off.overrides = { off: ['points', 'bounds'] };
    const { json } = await postJson('/v1/allocations', off);
    // fee 10, A's set-aside 100, formula 890 = 89 : 267 : 534
    expect(json.rows.map((r: any) => r.amount)).toEqual(['189.00', '267.00', '534.00']);
    const spread = pipelineRequest() as any;
    spread.model.pipeline.unspent = 'redistribute';
    spread.overrides = { off: ['bounds'] };
    const r = (await postJson('/v1/allocations', spread)).json;
    expect(r.books.withheld).toBe('0.00');
    expect(r.books.allocated).toBe('990.00');
  });

  it('a pipeline patch in overrides is checked like a model', async () => {
    const req = pipelineRequest() as any;
    req.overrides = { pipeline: { bounds: { holdHarmless: '1.5' } } };
    const res = await post('/v1/allocations', req);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].pointer).toBe('/overrides/pipeline/bounds/holdHarmless');
  });

  it('floors that cannot all be met answer 422 with the shortfall', async () => {
    const req = pipelineRequest() as any;
    req.regions.forEach((r: any) => (r.lastYear = '600'));
    const res = await post('/v1/allocations', req);
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.errors[0].pointer).toBe('/regions');
    expect(body.errors[0].detail).toMatch(/floors cannot all be met.*A, B, C/);
  });

  it.each([
    ['both amount and percent', (m: any) => (m.pipeline.setAsides[0].percent = '0.1'), '/model/pipeline/setAsides/0/amount'],
    ['an unknown stage key', (m: any) => (m.pipeline.bonus = {}), '/model/pipeline/bonus'],
    ['a points rule without amounts', (m: any) => (m.pipeline.points.bottom.amount = {}), '/model/pipeline/points/bottom/amount'],
    ['funding of an unknown kind', (m: any) => (m.pipeline.rewardsFundedBy = 'lottery'), '/model/pipeline/rewardsFundedBy'],
  ])('a malformed pipeline (%s) is a 422 naming it', async (_name, mutate, pointer) => {
    const req = pipelineRequest() as any;
    mutate(req.model);
    const res = await post('/v1/allocations', req);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors.map((e: any) => e.pointer)).toContain(pointer);
  });

  it('scores given for some regions only: each missing one is named', async () => {
    const req = pipelineRequest() as any;
    delete req.regions[1].indicators.points;
    const res = await post('/v1/allocations', req);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].pointer).toBe('/regions/1/indicators/points');
  });
});

describe('a set-aside split by a sub-formula', () => {
  const request = (reloc: number) => ({
    model: {
      ...need,
      unit: 'wan',
      pipeline: {
        setAsides: [
          {
            id: 'key',
            amount: '100',
            regions: { where: { key: 'yes' } },
            split: {
              factors: [
                { id: 'r', weight: '0.5', indicators: [{ id: 'reloc', weight: '1', transform: 'direct' }] },
                { id: 'i', weight: '0.5', indicators: [{ id: 'inc', weight: '1', transform: 'reciprocal' }] },
              ],
            },
          },
        ],
      },
    },
    total: '1000.00',
    unit: 'wan',
    regions: [
      { id: 'A', indicators: { pop: 100, key: 'yes', reloc: 1, inc: 10000 } },
      { id: 'B', indicators: { pop: 300, key: 'yes', reloc, inc: 20000 } },
      { id: 'C', indicators: { pop: 600, key: 'no', reloc: 0, inc: 15000 } },
    ],
  });

  // among A and B only: A = ½·¼ + ½·⅔ = 11/24 of 100, B = ½·¾ + ½·⅓ = 13/24; C, not a key county, gets none
  it('is the factor method over the receiving regions only', async () => {
    const { json } = await postJson('/v1/allocations', request(3));
    expect(json.rows.map((r: any) => [r.id, r.stages.setAsides])).toEqual([
      ['A', '45.830000'],
      ['B', '54.170000'],
      ['C', '0.000000'],
    ]);
  });

  it("points a bad value at the region's place in the request", async () => {
    const res = await post('/v1/allocations', request(-3));
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].pointer).toBe('/regions/1/indicators/reloc');
  });

  // C receives nothing, so the sub-formula never reads its values; text there was accepted unread (fuzz finding)
  it.each([['valueOf'], ['x'], [-1]])('refuses %j in a region outside the set-aside too: the model reads that indicator as a number', async (bad) => {
    const body: any = request(3);
    body.regions[2].indicators.reloc = bad;
    body.regions[2].indicators.inc = bad;
    const res = await post('/v1/allocations', body);
    expect(res.status).toBe(422);
    const pointers = ((await res.json()) as any).errors.map((e: any) => e.pointer);
    expect(pointers).toEqual(['/regions/2/indicators/reloc', '/regions/2/indicators/inc']);
  });

  it('an indicator the formula and a split both read is reported once', async () => {
    const body: any = request(3);
    body.model.pipeline.setAsides[0].split.factors[0].indicators[0].id = 'pop';
    body.regions[2].indicators.pop = 'x';
    delete body.regions[2].indicators.reloc;
    for (const r of body.regions) delete r.indicators.reloc;
    const res = await post('/v1/allocations', body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors.map((e: any) => e.pointer)).toEqual(['/regions/2/indicators/pop']);
  });

  it('a category in a split selector stays a category', async () => {
    const body: any = request(3);
    body.regions[2].indicators.key = 'maybe';
    expect((await post('/v1/allocations', body)).status).toBe(200);
  });
});

describe('two levels', () => {
  const request = () => ({
    model: need,
    total: '100.00',
    unit: 'wan',
    regions: [
      {
        id: 'X',
        name: '甲市',
        indicators: { pop: 1 },
        model: { factors: [{ id: 'p', weight: '1', indicators: [{ id: 'poor', weight: '1', transform: 'direct' }] }] },
        children: [
          { id: 'x1', indicators: { poor: 1 } },
          { id: 'x2', indicators: { poor: 2 } },
        ],
      },
      { id: 'Y', name: '乙市', indicators: { pop: 2 }, children: [1, 2, 3].map((k) => ({ id: `y${k}`, indicators: { pop: 5 } })) },
    ],
  });

  it('each city re-splits its own amount with its own model; rows carry the path', async () => {
    const { json } = await postJson('/v1/allocations', request());
    expect(json.rows.map((r: any) => [r.depth, r.path.join('/'), r.amount])).toEqual([
      [1, 'X', '33.33'],
      [2, 'X/x1', '11.11'],
      [2, 'X/x2', '22.22'],
      [1, 'Y', '66.67'],
      [2, 'Y/y1', '22.23'],
      [2, 'Y/y2', '22.22'],
      [2, 'Y/y3', '22.22'],
    ]);
    expect(json.children.map((c: any) => [c.id, c.summary.total, c.summary.sum, c.summary.balanced, c.summary.regions])).toEqual([
      ['X', '33.33', '33.33', true, 2],
      ['Y', '66.67', '66.67', true, 3],
    ]);
    // a county's share is of its city's amount; the rank is among its siblings
    expect(json.rows[2]).toMatchObject({ id: 'x2', share: '0.666666666667', sharePercent: '66.67%', rank: 1 });
    expect(json.summary).toMatchObject({ total: '100.00', sum: '100.00', balanced: true, regions: 2 });
  });

  it('&region= narrows rows and trace to one region at any depth; an unknown id is a 422 at ?region', async () => {
    const county = (await postJson('/v1/allocations?explain=true&region=y2', request())).json;
    expect(county.rows.map((r: any) => r.path.join('/'))).toEqual(['Y/y2']);
    expect(county.children.map((c: any) => c.id)).toEqual(['Y']);
    expect(county.rows[0].trace.reason.en).toContain('y2 gets 22.22 万元');
    const byPath = (await postJson('/v1/allocations?explain=true&region=Y%2Fy2', request())).json;
    expect(byPath.rows).toEqual(county.rows);
    const all = (await postJson('/v1/allocations?explain=true', request())).json;
    expect(county.rows[0]).toEqual(all.rows.find((r: any) => r.path.join('/') === 'Y/y2'));
    const city = (await postJson('/v1/allocations?explain=true&region=X', request())).json;
    expect(city.rows.map((r: any) => [r.id, r.depth])).toEqual([['X', 1]]);
    expect(city.summary.regions).toBe(2); // the summary is the whole answer's
    const res = await post('/v1/allocations?explain=true&region=Q', request());
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '?region', code: 'unknown-region' })]);
    expect(problem.errors[0].detail).toContain('X, X/x1');
  });

  it("a county's bad value is named under its city", async () => {
    const req = request();
    (req.regions[0].children![1].indicators as any).poor = -5;
    const res = await post('/v1/allocations', req);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].pointer).toBe('/regions/0/children/1/indicators/poor');
  });

  it('CSV shows depth and path; the total row sums the first level only', async () => {
    const text = await (await post('/v1/allocations?format=csv', request())).text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('depth,path,id,name,amount (wan),share,sharePercent,formulaShare,formulaSharePercent,rank,need (wan),p (wan)');
    expect(text).toContain('2,Y/y1,y1,,22.23,');
    expect(lines.at(-1)).toBe('total · 合计,,,,100.00,1.000000000000,100.00%,1.000000000000,100.00%,,100.000000,');
  });
});

describe('POST /v1/allocations/compare', () => {
  const baseline = () => ({ ...pipelineRequest(), overrides: { off: ['bounds'] } });

  it('answers baseline, variant, change and change % per region, in the one envelope', async () => {
    const { res, json } = await postJson('/v1/allocations/compare', {
      baseline: baseline(),
      variants: [
        { name: 'same', overrides: {} },
        { name: 'no points', overrides: { off: ['points'] } },
        { name: 'C grows', regions: [{ id: 'C', indicators: { pop: 1500 } }] },
      ],
    });
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'variants', 'provenance']);
    const c = json.rows.find((r: any) => r.id === 'C');
    expect(c.variants.same).toEqual({ amount: c.baseline, change: '0.00', changePercent: '0.00%' });
    const b = json.rows.find((r: any) => r.id === 'B');
    expect(b.variants['no points'].change).toBe('20.00'); // B no longer loses its 20
    expect(b.variants['no points'].changePercent).toMatch(/^\d+\.\d{2}%$/);
    expect(json.variants.map((v: any) => [v.name, v.summary.balanced])).toEqual([
      ['same', true],
      ['no points', true],
      ['C grows', true],
    ]);
    expect(json.summary).toMatchObject({ regions: 3, variants: 3, baseline: { total: '1000.00', balanced: true } });
    expect(json.provenance.model.id).toBe(json.model.id);
    // each row says how its values came about, baseline → variant, in both languages (as ?explain=true's 422 says)
    expect(b.reason.en).toBe(
      `B: baseline ${b.baseline} 万元; "same" (nothing changed) gives ${b.baseline} 万元 (0.00, 0.00%); ` +
        `"no points" (stages off: points) gives ${b.variants['no points'].amount} 万元 (+20.00, +${b.variants['no points'].changePercent}); ` +
        `"C grows" (data of C) gives ${b.variants['C grows'].amount} 万元 (${b.variants['C grows'].change}, ${b.variants['C grows'].changePercent}).`,
    );
    expect(b.reason.zh).toContain(`B：基准方案 ${b.baseline} 万元；`);
    expect(b.reason.zh).toContain('方案"no points"（关闭环节：points）为');
  });

  it('gives CSV with a column group per variant', async () => {
    const text = await (await post('/v1/allocations/compare?format=csv', { baseline: baseline(), variants: [{ name: 'v1', total: '2000.00' }] })).text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,name,baseline (wan),v1 (wan),v1 change (wan),v1 changePercent');
    // the regions' part (10.00 withheld of 1,000.00; 30.00 of 2,000.00): exact sums, change % of the sums
    expect(lines.at(-1)).toBe('total · 合计,,980.00,1970.00,990.00,101.02%');
  });

  it.each([
    [
      'an unknown region',
      {
        name: 'x',
        regions: [
          { id: 'C', lastYear: '1' },
          { id: 'Z', indicators: { pop: 1 } },
        ],
      },
      '/variants/0/regions/1/id',
    ],
    [
      'a region changed twice',
      {
        name: 'x',
        regions: [
          { id: 'C', lastYear: '1' },
          { id: 'C', lastYear: '2' },
        ],
      },
      '/variants/0/regions/1/id',
    ],
    ['weights that do not add up', { name: 'x', overrides: { weights: { need: '0.5' } } }, '/variants/0/overrides/weights'],
    ['an unknown stage', { name: 'x', overrides: { off: ['luck'] } }, '/variants/0/overrides/off/0'],
  ])('a variant with %s is a 422 naming it', async (_name, variant, pointer) => {
    const res = await post('/v1/allocations/compare', { baseline: baseline(), variants: [variant] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors.map((e: any) => e.pointer)).toContain(pointer);
  });

  it('independent mistakes come in one 422: a bad baseline total and a bad value a variant gives', async () => {
    const res = await post('/v1/allocations/compare', {
      baseline: { ...baseline(), total: '5,000' },
      variants: [
        { name: 'a', total: '900.00' },
        { name: 'b' },
        {
          name: 'c',
          regions: [
            { id: 'A', lastYear: '1' },
            { id: 'B', indicators: { pop: 'x' } },
          ],
        },
      ],
    });
    expect(res.status).toBe(422);
    const errors = ((await res.json()) as any).errors.map((e: any) => [e.pointer, e.code]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['/baseline/total', 'thousands-separator'],
        ['/variants/2/regions/1/indicators/pop', 'not-a-decimal'],
      ]),
    );
    // the same value at run time (the baseline fine) is pointed at the variant too, not at the baseline
    const run = await post('/v1/allocations/compare', {
      baseline: baseline(),
      variants: [{ name: 'c', regions: [{ id: 'B', indicators: { pop: '5,000' } }] }],
    });
    expect(((await run.json()) as any).errors.map((e: any) => [e.pointer, e.code])).toEqual([
      ['/variants/0/regions/0/indicators/pop', 'thousands-separator'],
    ]);
  });

  it('duplicate variant names and no variants are refused', async () => {
    expect((await post('/v1/allocations/compare', { baseline: baseline(), variants: [] })).status).toBe(422);
    const dup = await post('/v1/allocations/compare', { baseline: baseline(), variants: [{ name: 'a' }, { name: 'a' }] });
    expect(((await dup.json()) as any).errors[0].pointer).toBe('/variants/1/name');
  });
});
