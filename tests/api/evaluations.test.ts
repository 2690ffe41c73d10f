/**
 * POST /v1/evaluations and GET /v1/models?kind=evaluation through app.request: seed 004 scored end to end, as
 * JSON and as a spreadsheet, an inline model, and bad input of every kind answered 422 problem+json naming
 * the field, never 500.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { app, expectProblem, post, postJson } from './request.js';

const SEED = JSON.parse(readFileSync(new URL('../../scenarios/evaluations/seed004-gaoxin-2021.json', import.meta.url), 'utf8'));
const seed = (): any => structuredClone(SEED.request);

const INLINE = (): any => ({
  model: {
    levels: [
      {
        id: 'management',
        title: { zh: '管理', en: 'Management' },
        points: '40',
        groups: [
          {
            id: 'funds',
            title: { zh: '资金', en: 'Funds' },
            points: '40',
            indicators: [
              {
                id: 'execution',
                title: { zh: '预算执行率', en: 'Execution rate' },
                points: '30',
                rule: { kind: 'proportional', rate: true, full: '1', zero: '0.8' },
                rounding: { places: 1, mode: 'halfUp', of: 'deduction' },
              },
              { id: 'audits', title: { zh: '审计问题', en: 'Audit findings' }, points: '10', rule: { kind: 'deductions', each: '2' } },
            ],
          },
        ],
      },
      {
        id: 'results',
        title: { zh: '效益', en: 'Results' },
        points: '60',
        groups: [
          {
            id: 'people',
            title: { zh: '群众', en: 'People' },
            points: '60',
            indicators: [
              {
                id: 'satisfaction',
                title: { zh: '满意度', en: 'Satisfaction' },
                points: '60',
                rule: {
                  kind: 'tiers',
                  rate: true,
                  tiers: [
                    { minimum: '0.9', score: '60' },
                    { minimum: '0.8', maximum: '0.9', score: '45' },
                    { maximum: '0.8', score: '0' },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
    adjustments: [{ id: 'innovation', title: { zh: '创新加分', en: 'Innovation' }, type: 'bonus', points: '2', rule: { kind: 'yesNo' } }],
  },
  values: { execution: '0.9', audits: 1, satisfaction: '85%', innovation: true },
});

describe('POST /v1/evaluations', () => {
  it('scores seed 004 in the one envelope: 97 points, grade 优, one row per indicator with its reason and reading', async () => {
    const { res, json } = await postJson('/v1/evaluations', seed());
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'sections', 'adjustments', 'provenance']);
    expect(json.model).toEqual({ id: 'seed004-gaoxin-2021', version: '2021.1' });
    expect(json.unit).toBe('points');
    expect(json.provenance).toMatchObject({
      model: { id: 'seed004-gaoxin-2021', version: '2021.1', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      request: expect.stringMatching(/^sha256:/),
    });
    expect(json.rows).toHaveLength(25);
    // counts are JSON numbers, points exact decimals
    expect(json.summary).toMatchObject({
      indicators: 25,
      notApplicable: 0,
      points: '100',
      applicablePoints: '100',
      sum: '97',
      bonus: '0',
      penalty: '0',
      total: '97',
    });
    expect(json.summary.reason.en).toContain('the indicators add up to 97 of 100');
    expect(json.summary.rescaled).toBeUndefined();
    expect(json.summary.grade).toMatchObject({ grade: '优', en: 'excellent', minimum: '90', basis: 'exact' });
    // the subtotals are `sections` (the contract's `level` is the administrative level), named as every route names
    expect(json.sections.map((l: any) => [l.id, l.name, l.name_en, l.score, l.points])).toEqual([
      ['decision', '决策', 'Decision', '19', '20'],
      ['process', '过程', 'Process', '44', '45'],
      ['effect', '效益', 'Effect', '34', '35'],
    ]);
    expect(json.sections[0].groups[0]).toMatchObject({ id: 'initiation', name: expect.any(String), name_en: expect.any(String) });
    expect(json.sections.map((l: any) => [l.id, l.score, l.points])).toEqual([
      ['decision', '19', '20'],
      ['process', '44', '45'],
      ['effect', '34', '35'],
    ]);
    const exec = json.rows.find((i: any) => i.id === 'executionRate');
    // a name is a string on every route: the model's (Chinese), the English one beside it
    expect(Object.keys(exec).slice(0, 3)).toEqual(['id', 'name', 'name_en']);
    expect(exec).toMatchObject({
      name: '预算执行率',
      name_en: 'Budget execution rate',
      path: ['process', 'fundManagement'],
      points: '6',
      score: '5.5',
      deducted: '0.5',
      unrounded: '5.5104',
      rule: 'proportional',
    });
    expect(exec.rounding).toEqual({ places: 1, mode: 'halfUp', of: 'deduction', applied: true });
    expect(exec.reason.en).toContain('6 × 91.84% = 5.5104');
    expect(exec.reason.zh).toContain('扣分 0.4896 四舍五入保留 1 位小数为 0.5');
    expect(exec.reading.en).toMatch(/6 × 8\.16%/);
    for (const i of json.rows) {
      expect(i.reason.en.length, i.id).toBeGreaterThan(10);
      expect(i.reason.zh, i.id).toMatch(/[\u4e00-\u9fff]/);
      expect(i.source, i.id).toMatch(/^益阳高新区2021年度衔接资金绩效评价报告 附件：/);
    }
  });

  it('the order of values (and of checklist items) never changes the answer', async () => {
    const body = seed();
    const reversed = Object.fromEntries(
      Object.entries(body.values)
        .reverse()
        .map(([k, v]: [string, any]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse()) : v]),
    );
    const a = await (await post('/v1/evaluations', body)).text();
    const b = await (await post('/v1/evaluations', { ...body, values: reversed })).text();
    // ratios echo their keys as sent; everything else is byte-identical
    const strip = (t: string) => JSON.parse(t, (k, v) => (k === 'value' ? undefined : v));
    expect(strip(b)).toEqual(strip(a));
  });

  it('not applicable indicators are rescaled to 100 and said so', async () => {
    const body = seed();
    body.values.tendering = null;
    body.values.publicity = 'n/a';
    const { res, json } = await postJson('/v1/evaluations', body);
    expect(res.status).toBe(200);
    // 97 − 3 − 4 = 90 of 93 applicable points → 96.774193… → 96.77
    expect(json.summary).toMatchObject({ notApplicable: 2, sum: '90', applicablePoints: '93', total: '96.77' });
    expect(json.summary.rescaled).toMatchObject({ total: '96.77', exact: '≈96.774194' });
    expect(json.summary.rescaled.reason.en).toContain('90 × 100 / 93');
    expect(json.rows.find((i: any) => i.id === 'tendering')).toMatchObject({ applicable: false, score: null, value: null });
  });

  it('as CSV: one row per indicator with its path, UTF-8 with BOM, a total row; and as TSV', async () => {
    const res = await post('/v1/evaluations?format=csv', seed());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('path,id,name,name_en,points,value,score,deducted,reason,reason_zh');
    expect(lines).toHaveLength(27);
    const exec = lines.find((l) => l.includes(',executionRate,'))!;
    expect(exec.startsWith('process/fundManagement,executionRate,预算执行率,Budget execution rate,6,91.84%,5.5,0.5,')).toBe(true);
    expect(lines[26]).toBe('total · 合计,,,,100,,97,3,,');
    // a value as a planner reads it, never JSON: a ratio, a checklist's items, yes/no
    expect(lines.find((l) => l.includes(',targetCompletion,'))).toContain(',3/30,4,1,');
    expect(lines.find((l) => l.includes(',initiationBasis,'))).toContain(',laws: 0; industryPlan: 0; mandate: 0; fundScope: 0; projectLibrary: executed,');
    for (const line of lines) expect(line).not.toMatch(/[{}]/);
    const tsv = await post('/v1/evaluations?format=tsv', seed());
    expect(tsv.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    expect((await tsv.text()).split('\r\n')[1].split('\t').slice(0, 2)).toEqual(['decision/initiation', 'initiationBasis']);
  });

  it('?table=sections gives the subtotals (each section, then its groups, by path) with the table’s total; ?table=adjustments the items', async () => {
    const res = await post('/v1/evaluations?format=csv&table=sections', seed());
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('path,id,name,name_en,points,applicablePoints,score,deducted');
    expect(lines[1]).toBe('decision,decision,决策,Decision,20,20,19,1');
    expect(lines[2]).toBe('decision/initiation,initiation,项目立项,Project initiation,7,7,7,0');
    expect(lines.at(-1)).toBe('total · 合计,,,,100,100,97,3');
    const inline = await post('/v1/evaluations?format=csv&table=adjustments', INLINE());
    const adj = (await inline.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(adj[0]).toBe('type,id,name,name_en,points,value,score,reason,reason_zh');
    expect(adj[1].startsWith('bonus,innovation,创新加分,Innovation,2,yes,2,')).toBe(true);
    expect(adj[2]).toBe('total · 合计,,,,,,2,,');
    await expectProblem(await post('/v1/evaluations?table=sections', seed()), 422, ['?table']);
    await expectProblem(await post('/v1/evaluations?format=csv&table=levels', seed()), 422, ['?table']);
    await expectProblem(await post('/v1/evaluations?format=csv&table=groups', seed()), 422, ['?table']);
  });

  it('?explain=true is a 422: the route has no trace, its rows carry reasons', async () => {
    await expectProblem(await post('/v1/evaluations?explain=true', seed()), 422, ['?explain']);
  });

  it('the same request gives the same provenance; an override changes the model hash', async () => {
    const one = (await postJson('/v1/evaluations', seed())).json.provenance;
    expect((await postJson('/v1/evaluations', seed())).json.provenance).toEqual(one);
    const patched = (await postJson('/v1/evaluations', { ...seed(), overrides: { grades: { basis: 'rounded' } } })).json.provenance;
    expect(patched.model.hash).not.toBe(one.model.hash);
  });

  it('an inline rate rule may write its bounds as percentages; a bad one is named', async () => {
    const body = INLINE();
    body.model.levels[1].groups[0].indicators[0].rule.tiers = [
      { minimum: '90%', score: '60' },
      { minimum: '80%', maximum: '90%', score: '45' },
      { maximum: '80%', score: '0' },
    ];
    body.model.levels[0].groups[0].indicators[0].rule.zero = '80%';
    const { res, json } = await postJson('/v1/evaluations', body);
    expect(res.status).toBe(200);
    expect(json.rows.map((i: any) => i.score)).toEqual(['27', '8', '45']);
    body.model.levels[0].groups[0].indicators[0].rule.zero = '80 %';
    const bad = await expectProblem(await post('/v1/evaluations', body), 422, ['/model/levels/0/groups/0/indicators/0/rule/zero']);
    expect(bad.errors[0].detail).toContain('"80%"');
  });

  it('takes an inline model with a bonus item', async () => {
    const { res, json } = await postJson('/v1/evaluations', INLINE());
    expect(res.status).toBe(200);
    // 30 × 90% = 27 (3 deducted); 10 − 2 = 8; 85% → 45; bonus 2 → 82
    expect(json.rows.map((i: any) => i.score)).toEqual(['27', '8', '45']);
    expect(json.model).toEqual({ id: 'inline', version: 'inline' }); // as on every route
    expect(json.summary).toMatchObject({ sum: '80', bonus: '2', total: '82' });
    expect(json.summary.grade.grade).toBe('良');
    expect(json.adjustments[0]).toMatchObject({ id: 'innovation', type: 'bonus', score: '2' });
  });

  it('overrides (a JSON merge patch of the model; what options.gradeBasis was) switch the grade to the total as shown', async () => {
    const body = INLINE();
    body.model.totalRounding = { places: 0, mode: 'halfUp' };
    body.values.innovation = false;
    body.values.satisfaction = '0.95'; // 60
    body.values.audits = 4; // 10 − 4 × 2 = 2
    body.values.execution = '0.915'; // 30 × 0.915 = 27.45: 2.55 deducted, written 2.6 → 27.4; sum 89.4, shown 89
    const exact = await postJson('/v1/evaluations', body);
    expect(exact.json.summary.sum).toBe('89.4');
    expect(exact.json.summary.total).toBe('89');
    expect(exact.json.summary.grade.grade).toBe('良');
    body.values.execution = '0.92'; // 27.6: sum 89.6, shown 90
    const bands = [
      { grade: '优', en: 'excellent', minimum: '90' },
      { grade: '良', en: 'good', minimum: '80' },
      { grade: '中', en: 'fair', minimum: '60' },
      { grade: '差', en: 'poor', minimum: '0' },
    ];
    const shown = await postJson('/v1/evaluations', { ...body, overrides: { grades: { basis: 'rounded', bands } } });
    expect(shown.res.status).toBe(200);
    expect(shown.json.summary.total).toBe('90');
    expect(shown.json.summary.grade).toMatchObject({ grade: '优', basis: 'rounded' });
    expect((await postJson('/v1/evaluations', body)).json.summary.grade.grade).toBe('良');
  });

  it('overrides patch a built-in model before it is used: seed 004 with its grades read on the total as shown', async () => {
    const { res, json } = await postJson('/v1/evaluations', { ...seed(), overrides: { grades: { basis: 'rounded' }, totalRounding: { places: 0 } } });
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'seed004-gaoxin-2021', version: '2021.1' });
    expect(json.summary.grade).toMatchObject({ grade: '优', basis: 'rounded' });
  });

  it('an override that breaks the model is a 422 named under /overrides, with the catalogue’s code', async () => {
    const bad = await expectProblem(
      await post('/v1/evaluations', { ...seed(), overrides: { grades: { bands: [{ grade: '优', en: 'excellent', minimum: '90' }] } } }),
      422,
      ['/overrides/grades/bands'],
    );
    expect(bad.errors[0].code).toBe('evaluation-grade-no-zero');
    await expectProblem(await post('/v1/evaluations', { ...seed(), overrides: { totalRounding: { places: 'two' } } }), 422, [
      '/overrides/totalRounding/places',
    ]);
    await expectProblem(await post('/v1/evaluations', { ...seed(), overrides: { levels: [] } }), 422, ['/overrides/levels']);
  });

  it('every issue the evaluation finds carries its code from the catalogue', async () => {
    const body = seed();
    body.values.executionRate = 91.84;
    delete body.values.satisfaction;
    body.values.nope = 1;
    body.values.targetCompletion = { numerator: 31, denominator: 30 };
    const problem = await expectProblem(await post('/v1/evaluations', body), 422);
    expect(Object.fromEntries(problem.errors.map((e: any) => [e.pointer, e.code]))).toEqual({
      '/values/nope': 'unknown-reference',
      '/values/executionRate': 'evaluation-rate-above-one',
      '/values/targetCompletion/numerator': 'evaluation-numerator-above-denominator',
      '/values/satisfaction': 'evaluation-value-missing',
    });
    expect(problem.errors.find((e: any) => e.pointer === '/values/nope').detail).toContain('no indicator "nope" in seed004-gaoxin-2021');
    const badId = INLINE();
    badId.model.id = 'Not An Id';
    const id = await expectProblem(await post('/v1/evaluations', badId), 422, ['/model/id']);
    expect(id.errors[0].code).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(id.errors[0].detail).toContain('lowercase letters, digits and hyphens');
    const unknown = await expectProblem(await post('/v1/evaluations', { ...seed(), model: 'atlantis-2021' }), 422, ['/model']);
    expect(unknown.errors[0].code).toBe('unknown-model');
    const tiers = INLINE();
    tiers.model.levels[1].groups[0].indicators[0].rule.tiers[1].maximum = '0.95';
    const overlap = await expectProblem(await post('/v1/evaluations', tiers), 422, ['/model/levels/1/groups/0/indicators/0/rule/tiers/0']);
    expect(overlap.errors[0].code).toBe('evaluation-tier-overlap');
  });
});

describe('the OpenAPI document', () => {
  it('documents the routes; the request example is seed 004 and is answered 97, 优', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/evaluations', '/v1/models', '/v1/models/{kind}/{id}']));
    const example = doc.components.schemas.EvaluationRequest.example;
    expect(example.values).toEqual(SEED.request.values);
    const { res, json } = await postJson('/v1/evaluations', example);
    expect(res.status).toBe(200);
    expect([json.summary.total, json.summary.grade.grade]).toEqual(['97', '优']);
  });
});

describe('GET /v1/models?kind=evaluation', () => {
  it('lists the built-in models and serves one whole', async () => {
    const list = await app.request('/v1/models?kind=evaluation');
    expect(list.status).toBe(200);
    const { models } = (await list.json()) as any;
    expect(models).toContainEqual(expect.objectContaining({ kind: 'evaluation', id: 'seed004-gaoxin-2021', year: 2021 }));
    const one = await app.request('/v1/models/evaluation/seed004-gaoxin-2021');
    expect(one.status).toBe(200);
    const model = (await one.json()) as any;
    expect(model.levels.map((l: any) => l.points)).toEqual(['20', '45', '35']);
  });

  it('an unknown model is 404 problem+json', async () => {
    const res = await app.request('/v1/models/evaluation/atlantis-2021');
    const body = await expectProblem(res, 404);
    expect(body.detail).toContain('seed004-gaoxin-2021');
  });
});

describe('bad input → 422 problem+json naming the field', () => {
  type Case = [string, () => any, (b: any) => unknown, string[]];
  const cases: Case[] = [
    ['unknown model id', seed, (b) => (b.model = 'atlantis-2021'), ['/model']],
    ['missing model', seed, (b) => delete b.model, ['/model']],
    ['missing values', seed, (b) => delete b.values, ['/values']],
    ['values not an object', seed, (b) => (b.values = [1, 2]), ['/values']],
    ['unknown indicator', seed, (b) => (b.values.executionRatio = 0.9), ['/values/executionRatio']],
    ['a value for a level', seed, (b) => (b.values.process = 44), ['/values/process']],
    ['missing value', seed, (b) => delete b.values.satisfaction, ['/values/satisfaction']],
    ['rate above 100% as a number', seed, (b) => (b.values.executionRate = 91.84), ['/values/executionRate']],
    ['rate above 100% as a percentage', seed, (b) => (b.values.satisfaction = '101%'), ['/values/satisfaction']],
    ['negative rate', seed, (b) => (b.values.arrivalRate = -0.5), ['/values/arrivalRate']],
    ['ratio above 1', seed, (b) => (b.values.targetCompletion = { numerator: 31, denominator: 30 }), ['/values/targetCompletion/numerator']],
    ['ratio without denominator', seed, (b) => (b.values.targetCompletion = { numerator: 3 }), ['/values/targetCompletion/denominator']],
    [
      '0 of 0 where the rule says nothing',
      seed,
      (b) => (b.values.targetCompletion = { numerator: 0, denominator: 0 }),
      ['/values/targetCompletion/denominator'],
    ],
    ['a percentage with spaces around it (read as written, not trimmed)', seed, (b) => (b.values.satisfaction = ' 91.84% '), ['/values/satisfaction']],
    ['a rate with spaces around it', seed, (b) => (b.values.executionRate = ' 0.9184'), ['/values/executionRate']],
    ['a count with spaces around it', seed, (b) => (b.values.completion = '3 '), ['/values/completion']],
    ['wrong type for a rate', seed, (b) => (b.values.executionRate = true), ['/values/executionRate']],
    ['array value', seed, (b) => (b.values.executionRate = [0.9]), ['/values/executionRate']],
    ['fractional count', seed, (b) => (b.values.rulesEffective = 1.5), ['/values/rulesEffective']],
    ['negative count', seed, (b) => (b.values.completion = -1), ['/values/completion']],
    ['checklist item missing', seed, (b) => delete b.values.initiationBasis.projectLibrary, ['/values/initiationBasis/projectLibrary']],
    ['checklist item unknown', seed, (b) => (b.values.accounting.audit = 0), ['/values/accounting/audit']],
    ['checklist given as a number', seed, (b) => (b.values.accounting = 0), ['/values/accounting']],
    ['unknown choice', seed, (b) => (b.values.initiationBasis.projectLibrary = 'yes'), ['/values/initiationBasis/projectLibrary']],
    ['days as a percentage', seed, (b) => (b.values.arrivalTimeliness = '30%'), ['/values/arrivalTimeliness']],
    ['tranche without amount', seed, (b) => (b.values.arrivalTimeliness = { tranches: [{ value: 45 }] }), ['/values/arrivalTimeliness/tranches/0/amount']],
    ['everything not applicable', seed, (b) => (b.values = Object.fromEntries(Object.keys(b.values).map((k) => [k, null]))), ['/values']],
    ['options is gone (overrides patch the model)', seed, (b) => (b.options = { gradeBasis: 'rounded' }), ['/options']],
    ['bad grade basis in an override', seed, (b) => (b.overrides = { grades: { basis: 'nearest' } }), ['/overrides/grades/basis']],
    ['overrides not an object', seed, (b) => (b.overrides = [1]), ['/overrides']],
    [
      'a tier still written min/max',
      INLINE,
      (b) => (b.model.levels[1].groups[0].indicators[0].rule.tiers[0] = { min: '0.9', score: '60' }),
      ['/model/levels/1/groups/0/indicators/0/rule/tiers/0/min'],
    ],
    ['unknown top-level field', seed, (b) => (b.vaules = {}), ['/vaules']],
    [
      'inline: points do not add up',
      INLINE,
      (b) => (b.model.levels[1].groups[0].indicators[0].points = '50'),
      ['/model/levels/1/groups/0/points', '/model/levels/1/groups/0/indicators/0/rule'],
    ],
    [
      'inline: levels do not make 100',
      INLINE,
      (b) => {
        b.model.levels[1].points = '50';
        b.model.levels[1].groups[0].points = '50';
        b.model.levels[1].groups[0].indicators[0].points = '50';
        b.model.levels[1].groups[0].indicators[0].rule.outOf = '60';
      },
      ['/model/levels'],
    ],
    [
      'inline: unknown rule kind',
      INLINE,
      (b) => (b.model.levels[0].groups[0].indicators[1].rule.kind = 'lottery'),
      ['/model/levels/0/groups/0/indicators/1/rule/kind'],
    ],
    [
      'inline: overlapping tiers',
      INLINE,
      (b) => (b.model.levels[1].groups[0].indicators[0].rule.tiers[1].maximum = '0.95'),
      ['/model/levels/1/groups/0/indicators/0/rule/tiers/0'],
    ],
    ['inline: unknown key', INLINE, (b) => (b.model.levels[0].weight = '0.4'), ['/model/levels/0/weight']],
    ['inline: duplicate ids', INLINE, (b) => (b.model.levels[0].groups[0].indicators[1].id = 'execution'), ['/model/levels/0/groups/0/indicators/1/id']],
    ['inline: value for a missing indicator', INLINE, (b) => (b.values.speed = 1), ['/values/speed']],
  ];

  it.each(cases)('%s', async (_name, make, mutate, pointers) => {
    const body = make();
    mutate(body);
    const res = await post('/v1/evaluations', body);
    await expectProblem(res, 422, pointers);
  });

  it('a missing value says how to mark the indicator not applicable', async () => {
    const body = seed();
    delete body.values.satisfaction;
    const problem = await expectProblem(await post('/v1/evaluations', body), 422, ['/values/satisfaction']);
    expect(problem.errors[0].detail).toMatch(/null \(or "n\/a"\)/);
    expect(problem.errors[0].detail_zh).toContain('不适用');
  });

  it('a bad format is named as a query parameter; malformed JSON is 400', async () => {
    await expectProblem(await post('/v1/evaluations?format=html', seed()), 422, ['?format']);
    await expectProblem(await post('/v1/evaluations', '{"model": '), 400);
    await expectProblem(await post('/v1/evaluations', seed(), { 'content-type': 'text/html' }), 415);
  });
});

describe('the values speak the number grammar of every route, and every independent mistake comes at once', () => {
  const codes = (problem: any) => Object.fromEntries(problem.errors.map((e: any) => [e.pointer, e.code]));

  it('a ratio’s numerator as "5,000", "5万", "5 000" or "" gets the common code, as every decimal field', async () => {
    const cases: [string, string][] = [
      ['5,000', 'thousands-separator'],
      ['5万', 'unit-in-number'],
      ['5 000', 'not-a-decimal'],
      ['', 'empty-string'],
    ];
    for (const [numerator, code] of cases) {
      const body = seed();
      body.values.arrivalRate = { numerator, denominator: '1134.00' };
      const problem = await expectProblem(await post('/v1/evaluations', body), 422, ['/values/arrivalRate/numerator']);
      expect(codes(problem)).toEqual({ '/values/arrivalRate/numerator': code });
    }
  });

  it('a rate as "60 %" or "0,6" gets the share’s common code (percent-format, decimal-comma); a percentage where no rate is, percent-not-amount', async () => {
    const cases: [string, unknown, string][] = [
      ['executionRate', '60 %', 'percent-format'],
      ['executionRate', '0,6', 'decimal-comma'],
      ['executionRate', ' 91.84% ', 'spaces-around'],
      ['executionRate', '91.84%%', 'percent-format'],
      ['arrivalTimeliness', '30%', 'percent-not-amount'],
      ['arrivalTimeliness', '3,000', 'thousands-separator'],
    ];
    for (const [id, value, code] of cases) {
      const body = seed();
      body.values[id] = value;
      const problem = await expectProblem(await post('/v1/evaluations', body), 422, [`/values/${id}`]);
      expect(codes(problem)).toEqual({ [`/values/${id}`]: code });
    }
    const space = seed();
    space.values.executionRate = '60 %';
    const detail = (await expectProblem(await post('/v1/evaluations', space), 422)).errors[0];
    expect(detail.detail).toContain('"60%"');
    // what was accepted still is
    const ok = seed();
    ok.values.executionRate = '91.84%';
    expect((await post('/v1/evaluations', ok)).status).toBe(200);
  });

  it('a bad numerator, a bad rate and an unknown field are named together, in one 422', async () => {
    const body = seed();
    body.values.arrivalRate = { numerator: '5,000', denominator: '1134.00' };
    body.values.executionRate = '60 %';
    body.bogus = 1;
    const problem = await expectProblem(await post('/v1/evaluations', body), 422);
    expect(codes(problem)).toEqual({
      '/bogus': 'unknown-field',
      '/values/arrivalRate/numerator': 'thousands-separator',
      '/values/executionRate': 'percent-format',
    });
  });

  it('an override that breaks the model does not hide a bad value (the patch leaves the indicators alone)', async () => {
    const body = seed();
    body.values.executionRate = '60 %';
    body.overrides = { bogus: 1 };
    const problem = await expectProblem(await post('/v1/evaluations', body), 422);
    expect(codes(problem)).toEqual({ '/overrides/bogus': 'unknown-field', '/values/executionRate': 'percent-format' });
  });

  it('a problem inside an array the patch gives whole is pointed inside it', async () => {
    const bands = [
      { grade: '优', en: 'excellent', minimum: '90' },
      { grade: '差', en: 'poor', minimum: 'low' },
    ];
    const problem = await expectProblem(await post('/v1/evaluations', { ...seed(), overrides: { grades: { bands } } }), 422);
    expect(problem.errors.map((e: any) => e.pointer)).toEqual(['/overrides/grades/bands/1/minimum']);
  });

  it('a repeated id in the model is the common duplicate-id', async () => {
    const body = INLINE();
    body.model.levels[1].id = body.model.levels[0].id;
    const problem = await expectProblem(await post('/v1/evaluations', body), 422, ['/model/levels/1/id']);
    expect(problem.errors[0].code).toBe('duplicate-id');
  });
});
