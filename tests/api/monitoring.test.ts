/**
 * POST /v1/monitoring and POST /v1/checks/industry-share through app.request: answers in JSON and as
 * spreadsheets, and bad input of every kind answered 422 problem+json naming the field, never 500.
 */
import { describe, expect, it } from 'vitest';
import { app, expectProblem, post, postJson } from './request.js';
import { IndustryCheckResponse } from '../../src/schema/industryShare.js';
import { MonitoringResponse } from '../../src/schema/monitoring.js';

const MONITORING = (): any => ({
  year: 2024,
  month: 6,
  unit: 'wan',
  regions: [
    {
      id: 'A',
      name: '甲市',
      level: 'city',
      months: [
        { month: 5, inPlace: '800.00', spent: '320.00' },
        { month: 6, inPlace: '1000.00', spent: '520.00' },
      ],
    },
    {
      id: 'B',
      name: '乙市',
      level: 'city',
      months: [
        { month: 5, inPlace: '600.00', spent: '150.00' },
        { month: 6, inPlace: '600.00', spent: '270.00', ownInPlace: '0' },
      ],
    },
    { id: 'K', name: '丙县', level: 'county', months: [{ month: 6, inPlace: '300.00', spent: '90.00' }] },
  ],
  projects: [
    { id: 'P01', name: '道路提质改造, 二期', region: 'A', budget: '25.00', actual: '28.23', paid: '28.23', completed: '2024-04-20', paidOn: '2024-05-25' },
    { id: 'P02', region: 'B', budget: '18.50', adjusted: '26.46', paid: '10.00' },
  ],
});

const CHECK = (): any => ({
  year: 2023,
  unit: 'wan',
  sources: [{ id: 'central' }, { id: 'provincial', lastYearShare: '0.52' }, { id: 'district', floor: '0.1' }],
  categories: [
    { id: 'industry', name: '产业项目', amounts: { central: '278.00', provincial: '307.00' } },
    { id: 'infrastructure', amounts: { central: '186.00', provincial: '42.00', district: '185.00' } },
    { id: 'other', amounts: { central: '19.00', provincial: '2.00', district: '115.00' } },
  ],
});

async function text(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder()
    .decode(bytes.slice(3))
    .split('\r\n')
    .filter((l) => l !== '');
}

describe('POST /v1/monitoring', () => {
  it('answers regions with progress, colour and rank; alerts; projects', async () => {
    const { res, json } = await postJson('/v1/monitoring', MONITORING());
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'default', version: '2024.1' });
    expect(json.unit).toBe('wan');
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'projects', 'alerts', 'provenance']);
    expect(json.provenance.model).toMatchObject({ id: 'default', version: '2024.1', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(json.rows.map((r: any) => [r.id, r.level, r.progressPercent, r.milestone.targetPercent, r.gapPoints, r.status, r.rank, r.of])).toEqual([
      ['A', 'city', '52.00%', '50.00%', '2.00', 'green', 1, 2],
      ['B', 'city', '45.00%', '50.00%', '-5.00', 'yellow', 2, 2],
      ['K', 'county', '30.00%', '50.00%', '-20.00', 'red', 1, 1],
    ]);
    expect(json.alerts.map((a: any) => [a.rule, a.subject.id])).toEqual([
      ['reminderLetter', 'B'],
      ['amountChange', 'P02'],
      ['zeroInPlace', 'B'],
      ['latePayment', 'P01'],
    ]);
    for (const a of json.alerts) {
      expect(a.source).toMatch(/^质效双提方案 §二/);
      expect(a.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(json.projects[0]).toMatchObject({ deviationPercent: '12.92%', executionRatePercent: '112.92%', paymentDays: 35 });
    expect(json.alerts[1].numbers).toMatchObject({ changePercent: '43.03%', thresholdPercent: '20.00%' });
    expect(json.alerts[1].en).toContain('(+43.03%), a change of at least 20.00%.');
    expect(json.summary).toMatchObject({
      year: 2024,
      month: 6,
      reportDate: '2024-06-30',
      projects: 2,
      budget: '43.50',
      executionProjects: 2,
      executionBudget: '43.50',
      paid: '38.23',
      executionRate: '0.878850574713',
      executionRatePercent: '87.89%',
      levels: { city: { regions: 2, green: 1, yellow: 1, red: 0 }, county: { regions: 1, green: 0, yellow: 0, red: 1 } },
      previous: { month: 5, from: 'figures' },
    });
  });

  it('is deterministic: the same request gives byte-identical answers', async () => {
    const a = await (await post('/v1/monitoring', MONITORING())).text();
    const b = await (await post('/v1/monitoring', MONITORING())).text();
    expect(a).toBe(b);
  });

  it('?format=csv gives the regions; &table=projects and &table=alerts the other tables; money columns name the unit, a total row ends each; tsv too', async () => {
    const regions = await post('/v1/monitoring?format=csv', MONITORING());
    expect(regions.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = await text(regions);
    expect(rows[0]).toBe(
      'level,id,name,month,inPlace (wan),spent (wan),base (wan),progress,progressPercent,milestonePercent,gapPoints,status,rank,of,previousRank,bottom,reason,reason_zh',
    );
    expect(rows[1]).toBe(
      'city,A,甲市,6,1000.00,520.00,1000.00,0.520000000000,52.00%,50.00%,2.00,green,1,2,1,false,' +
        'Spent 520.00 of 1000.00 in place = 52.00%: at or above the 50.00% milestone for the end of June by 2.00 points → green.,' +
        '支出 520.00 ÷ 到位资金 1000.00 = 52.00%：达到6月底 50.00% 的序时进度，高出 2.00 个百分点 → 绿色。',
    );
    // money summed; progress there is the overall rate Σ spent ÷ Σ base = 880 / 1900, not a sum of rates
    expect(rows[4]).toBe('total · 合计,,,,1900.00,880.00,1900.00,0.463157894737,46.32%,,,green 1 · yellow 1 · red 1,,3,,,,');
    expect(rows.length).toBe(5);

    const projects = await text(await post('/v1/monitoring?format=csv&table=projects', MONITORING()));
    expect(projects[0]).toBe(
      'id,name,region,budget (wan),adjusted (wan),actual (wan),paid (wan),executionRate,executionRatePercent,deviation (wan),deviationPercent,completed,paidOn,paymentDays',
    );
    expect(projects[1]).toBe('P01,"道路提质改造, 二期",A,25.00,,28.23,28.23,1.129200000000,112.92%,3.23,12.92%,2024-04-20,2024-05-25,35');
    // every money column summed (a project without the figure adds nothing); the execution rate of the total row
    // is the summary's (paid ÷ the budget of the projects that report paid), deviationPercent Σ deviation ÷ the budget
    // of the projects that report actual (3.23 ÷ 25.00), not a sum of rates
    expect(projects[3]).toBe('total · 合计,,,43.50,26.46,28.23,38.23,0.878850574713,87.89%,3.23,12.92%,,,');

    const alerts = await text(await post('/v1/monitoring?format=csv&table=alerts', MONITORING()));
    expect(alerts[0]).toBe('rule,notice,kind,id,name,level,source,numbers,reason,reason_zh');
    expect(alerts.length).toBe(6);
    expect(alerts[2]).toMatch(
      /^amountChange,interviewNotice,project,P02,,,质效双提方案 §二12,budget=18.50; amount=26.46; amountFrom=adjusted; change=7.96; changePercent=43.03%;/,
    );
    expect(alerts[5]).toBe('total · 合计,,,,,,,alerts=4,,'); // the count where the figures go, no id column misused

    const tsv = await post('/v1/monitoring?format=tsv', MONITORING());
    expect(tsv.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    expect((await text(tsv))[0].split('\t')[0]).toBe('level');
  });

  it('takes an inline model and overrides as a merge patch', async () => {
    const body = { ...MONITORING(), overrides: { status: { yellowWithin: '0.04' }, alerts: { reminderLetter: null } } };
    const { json } = await postJson('/v1/monitoring', body);
    expect(json.rows[1].status).toBe('red');
    expect(json.alerts.map((a: any) => a.rule)).not.toContain('reminderLetter');
    // the provenance hashes the model as used, after the overrides
    const plain = (await postJson('/v1/monitoring', MONITORING())).json;
    expect(json.provenance.model.hash).not.toBe(plain.provenance.model.hash);
    expect(json.model).toEqual(plain.model);

    const inline = { ...MONITORING(), model: { milestones: [{ month: 6, target: '0.4' }], status: { yellowWithin: '0' }, alerts: {} } };
    const answer = (await postJson('/v1/monitoring', inline)).json;
    expect(answer.model).toEqual({ id: 'inline', version: 'inline' });
    expect(answer.rows.map((r: any) => r.status)).toEqual(['green', 'green', 'red']);
    expect(answer.alerts).toEqual([]);
  });

  type Mutation = [string, (b: any) => unknown, string[]];
  const bad: Mutation[] = [
    ['negative funds in place', (b) => (b.regions[0].months[1].inPlace = '-1000.00'), ['/regions/0/months/1/inPlace']],
    ['negative spending', (b) => (b.regions[0].months[0].spent = -5), ['/regions/0/months/0/spent']],
    ['spent above in place', (b) => (b.regions[2].months[0].spent = '300.01'), ['/regions/2/months/0/spent']],
    ['own funds above in place', (b) => (b.regions[1].months[1].ownInPlace = '601'), ['/regions/1/months/1/ownInPlace']],
    ['months out of order', (b) => b.regions[0].months.reverse(), ['/regions/0/months/1/month']],
    ['a month given twice', (b) => (b.regions[1].months[0].month = 6), ['/regions/1/months/1/month']],
    ['month 13', (b) => (b.regions[2].months[0].month = 13), ['/regions/2/months/0/month']],
    ['month 0', (b) => (b.regions[2].months[0].month = 0), ['/regions/2/months/0/month']],
    ['month 5.5', (b) => (b.regions[2].months[0].month = 5.5), ['/regions/2/months/0/month']],
    ['report month 13', (b) => (b.month = 13), ['/month']],
    ['a month after the report month', (b) => b.regions[2].months.push({ month: 7, inPlace: '300', spent: '100' }), ['/regions/2/months/1/month']],
    ['no figures for the report month', (b) => (b.regions[2].months[0].month = 5), ['/regions/2/months']],
    ['cumulative spending falling', (b) => (b.regions[1].months[1].spent = '100.00'), ['/regions/1/months/1/spent']],
    ['spending not a number', (b) => (b.regions[0].months[0].spent = 'NaN'), ['/regions/0/months/0/spent']],
    ['unknown level', (b) => (b.regions[0].level = 'province'), ['/regions/0/level']],
    ['duplicate region ids', (b) => (b.regions[1].id = 'A'), ['/regions/1/id']],
    ['unknown region field', (b) => (b.regions[0].population = 5), ['/regions/0/population']],
    ['unknown model', (b) => (b.model = 'atlantis'), ['/model']],
    [
      'inline model: milestone above 1',
      (b) => (b.model = { milestones: [{ month: 6, target: '1.5' }], status: { yellowWithin: '0.1' }, alerts: {} }),
      ['/model/milestones/0/target'],
    ],
    [
      'inline model: milestones out of order',
      (b) =>
        (b.model = {
          milestones: [
            { month: 6, target: '0.5' },
            { month: 4, target: '0.6' },
          ],
          status: { yellowWithin: '0.1' },
          alerts: {},
        }),
      ['/model/milestones/1/month'],
    ],
    ['overrides: a threshold above 1', (b) => (b.overrides = { alerts: { amountChange: { threshold: '2' } } }), ['/overrides/alerts/amountChange/threshold']],
    ['overrides: a negative yellow band', (b) => (b.overrides = { status: { yellowWithin: '-0.1' } }), ['/overrides/status/yellowWithin']],
    ['overrides: an unknown key', (b) => (b.overrides = { colours: {} }), ['/overrides/colours']],
    [
      'overrides: a milestone target inside the patched array',
      (b) => (b.overrides = { milestones: [{ month: 6, target: '1e400' }] }),
      ['/overrides/milestones/0/target'],
    ],
    ['previous ranks of an unknown region', (b) => (b.previous = { ranks: { A: 1, Z: 2 } }), ['/previous/ranks/Z']],
    ['previous rank 0', (b) => (b.previous = { ranks: { A: 0 } }), ['/previous/ranks/A']],
    ['previous month not before the report month', (b) => (b.previous = { month: 6 }), ['/previous/month']],
    ['project of an unknown region', (b) => (b.projects[0].region = 'Z'), ['/projects/0/region']],
    ['project budget 0', (b) => (b.projects[0].budget = '0'), ['/projects/0/budget']],
    ['project paid negative', (b) => (b.projects[1].paid = '-10'), ['/projects/1/paid']],
    ['project actual negative', (b) => (b.projects[1].actual = '-0.01'), ['/projects/1/actual']],
    ['not a date', (b) => (b.projects[0].completed = '2024-02-30'), ['/projects/0/completed']],
    ['payment after the report date', (b) => (b.projects[0].paidOn = '2024-07-01'), ['/projects/0/paidOn']],
    ['report date not a date', (b) => (b.reportDate = '30/06/2024'), ['/reportDate']],
    ['no regions and no projects', (b) => ((b.regions = []), (b.projects = [])), ['/regions']],
    ['missing unit', (b) => delete b.unit, ['/unit']],
    ['missing year', (b) => delete b.year, ['/year']],
  ];

  it.each(bad)('422 for %s, naming the field', async (_name, mutate, pointers) => {
    const body = MONITORING();
    mutate(body);
    await expectProblem(await post('/v1/monitoring', body), 422, pointers);
  });

  it('400 for malformed JSON, 415 for a body that is not JSON', async () => {
    await expectProblem(await post('/v1/monitoring', '{"year": 2024,'), 400);
    await expectProblem(await post('/v1/monitoring', 'year=2024', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('422 for an unknown table or format', async () => {
    await expectProblem(await post('/v1/monitoring?format=csv&table=counties', MONITORING()), 422, ['?table']);
    await expectProblem(await post('/v1/monitoring?format=xls', MONITORING()), 422, ['?format']);
  });
});

describe('POST /v1/checks/industry-share', () => {
  it('answers each source against its floor, and all sources together', async () => {
    const { res, json } = await postJson('/v1/checks/industry-share', CHECK());
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'rule', 'basis', 'provenance']);
    expect(json.model).toEqual({ id: 'sichuan', version: '2024.1' });
    expect(json.unit).toBe('wan');
    expect(json.rows.map((s: any) => [s.id, s.sharePercent, s.floorPercent, s.floorFrom, s.pass, s.marginPoints, s.gap])).toEqual([
      ['central', '57.56%', '60.00%', 'centralPolicy', false, '-2.44', '-11.80'],
      ['provincial', '87.46%', '52.00%', 'provincialLastYear', true, '35.46', '124.48'],
      ['district', '0.00%', '10.00%', 'given', false, '-10.00', '-30.00'],
    ]);
    expect(json.rows[0].reason).toEqual({
      en: 'central funds: 278.00 of 483.00 万元 to industry = 57.56%, below the 60% floor by 2.44 points: 11.80 万元 more for industry (from other uses) would meet it.',
      zh: '中央资金：产业发展 278.00 / 483.00 万元 = 57.56%，低于 60% 的下限 2.44 个百分点：需从其他用途调整 11.80 万元 用于产业发展方可达标。',
    });
    expect(json.summary).toMatchObject({ year: 2023, passed: false, all: { id: 'all', sharePercent: '51.59%', pass: null } });
    expect(json.rule).toEqual({ industryCategories: ['industry'], excludedCategories: [] });
    expect(json.basis).toBe('planned');
  });

  it('?format=csv: one row per source, money columns with the unit, then the total row: all sources', async () => {
    const res = await post('/v1/checks/industry-share?format=csv', CHECK());
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = (await text(res)).map((r) => r.split(',').slice(0, 12).join(','));
    expect(rows).toEqual([
      'id,name,industry (wan),base (wan),share,sharePercent,floor,floorPercent,floorFrom,pass,marginPoints,gap (wan)',
      'central,,278.00,483.00,0.575569358178,57.56%,0.600000000000,60.00%,centralPolicy,false,-2.44,-11.80',
      'provincial,,307.00,351.00,0.874643874644,87.46%,0.520000000000,52.00%,provincialLastYear,true,35.46,124.48',
      'district,,0.00,300.00,0.000000000000,0.00%,0.100000000000,10.00%,given,false,-10.00,-30.00',
      'total · 合计,,585.00,1134.00,0.515873015873,51.59%,,,,,,',
    ]);
  });

  it('takes the model by id and overrides as a JSON merge patch of it; the provenance hashes the model as used', async () => {
    const plain = (await postJson('/v1/checks/industry-share', { ...CHECK(), year: 2025 })).json;
    expect(plain.rows[0].floorPercent).toBe('60.00%'); // the sichuan model's step is 0
    const body = { ...CHECK(), year: 2025, model: 'sichuan', overrides: { central: { step: '1%' }, provincial: { floor: '0.55' } } };
    const { res, json } = await postJson('/v1/checks/industry-share', body);
    expect(res.status).toBe(200);
    expect(json.rows.map((s: any) => [s.id, s.floor, s.floorFrom])).toEqual([
      ['central', '0.620000000000', 'centralPolicy'],
      ['provincial', '0.550000000000', 'provincialBase'],
      ['district', '0.100000000000', 'given'],
    ]);
    expect(json.model).toEqual(plain.model);
    expect(json.provenance.model.hash).not.toBe(plain.provenance.model.hash);

    const inline = { ...CHECK(), model: { central: { start: '0.7', startYear: 2020, step: '0' }, provincial: { floor: '0' } } };
    const answer = (await postJson('/v1/checks/industry-share', inline)).json;
    expect(answer.model).toEqual({ id: 'inline', version: 'inline' });
    expect(answer.rows[0].floorPercent).toBe('70.00%');
  });

  it('a share that rounding would carry onto its floor keeps to its side: 59.998% fails a 60% floor', async () => {
    const body = {
      year: 2023,
      unit: 'wan',
      sources: [{ id: 'central' }],
      categories: [
        { id: 'industry', amounts: { central: '59.998' } },
        { id: 'roads', amounts: { central: '40.002' } },
      ],
    };
    const { json } = await postJson('/v1/checks/industry-share', body);
    expect(json.rows[0]).toMatchObject({ pass: false, sharePercent: '59.998%', marginPoints: '-0.002', share: '0.599980000000' });
    expect(json.rows[0].reason.en).toContain('= 59.998%, below the 60% floor by 0.002 points');
  });

  it('unknown model: the one unknown-model error; a model broken by overrides: its pointer under /overrides', async () => {
    const unknown = await post('/v1/checks/industry-share', { ...CHECK(), model: 'atlantis' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as any).errors).toEqual([expect.objectContaining({ pointer: '/model', code: 'unknown-model' })]);
    const monitoring = await post('/v1/monitoring', { ...MONITORING(), model: 'atlantis' });
    expect(((await monitoring.json()) as any).errors).toEqual([expect.objectContaining({ pointer: '/model', code: 'unknown-model' })]);
    const broken = await post('/v1/checks/industry-share', { ...CHECK(), overrides: { central: { step: '1.5', startYear: null } } });
    expect(((await broken.json()) as any).errors.map((e: any) => e.pointer).sort()).toEqual(['/overrides/central/startYear', '/overrides/central/step']);
  });

  it('every issue the engines find carries its code', async () => {
    const check = CHECK();
    check.sources.push({ id: 'central' });
    check.categories[2].amounts.lottery = '5';
    const a = (await (await post('/v1/checks/industry-share', check)).json()) as any;
    expect(a.errors.map((e: any) => [e.pointer, e.code])).toEqual([
      ['/sources/3/id', 'duplicate-id'],
      ['/categories/2/amounts/lottery', 'unknown-reference'],
    ]);
    const m = MONITORING();
    m.regions[1].id = 'A';
    m.projects[0].paidOn = '2024-07-01';
    const b = (await (await post('/v1/monitoring', m)).json()) as any;
    expect(b.errors.map((e: any) => [e.pointer, e.code])).toEqual([
      ['/regions/1/id', 'duplicate-id'],
      ['/projects/1/region', 'unknown-reference'], // B is gone: both regions are "A"
      ['/projects/0/paidOn', 'monitoring-date-after-report'],
    ]);
    // and the schemas' own messages for these routes come from the same catalogue
    const empty = (await (await post('/v1/monitoring', { ...MONITORING(), regions: [], projects: [] })).json()) as any;
    expect(empty.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/regions', 'monitoring-nothing-to-monitor']]);
    // an inline model's metadata is the shared one (src/schema/common.ts modelMetadata), its messages coded too
    const inline = { ...MONITORING(), model: { id: 'Not An Id', milestones: [{ month: 6, target: '0.5' }], status: { yellowWithin: '0' }, alerts: {} } };
    const id = (await (await post('/v1/monitoring', inline)).json()) as any;
    expect(id.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/model/id', 'bad-model-id']]);
    const badCheck = { ...CHECK(), model: { id: 'Not An Id', central: { start: '0.6', startYear: 2023, step: '0' }, provincial: { floor: '0.5' } } };
    const checkId = (await (await post('/v1/checks/industry-share', badCheck)).json()) as any;
    expect(checkId.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/model/id', 'bad-model-id']]);
  });

  type Mutation = [string, (b: any) => unknown, string[]];
  const bad: Mutation[] = [
    ['a negative amount', (b) => (b.categories[0].amounts.central = '-278.00'), ['/categories/0/amounts/central']],
    ['an amount that is not a number', (b) => (b.categories[1].amounts.district = '1,000'), ['/categories/1/amounts/district']],
    ['a floor above 1', (b) => (b.sources[2].floor = '1.2'), ['/sources/2/floor']],
    ['a negative floor', (b) => (b.sources[2].floor = '-0.1'), ['/sources/2/floor']],
    ["last year's share above 1", (b) => (b.sources[1].lastYearShare = 52), ['/sources/1/lastYearShare']],
    ['a central step above 1', (b) => (b.overrides = { central: { step: '1.5' } }), ['/overrides/central/step']],
    ['a provincial floor above 1', (b) => (b.overrides = { provincial: { floor: '1.01' } }), ['/overrides/provincial/floor']],
    ['an unknown key in the overrides', (b) => (b.overrides = { county: { floor: '0.3' } }), ['/overrides/county']],
    ["the floors as request fields (they are the model's now)", (b) => (b.centralFloor = { step: '0.01' }), ['/centralFloor']],
    ['an unknown model', (b) => (b.model = 'atlantis'), ['/model']],
    ['an inline model without its floors', (b) => (b.model = { central: { start: '0.6', startYear: 2023, step: '0' } }), ['/model/provincial']],
    ['a combined floor above 1', (b) => (b.combinedFloor = 2), ['/combinedFloor']],
    ['an unknown source reference', (b) => (b.categories[2].amounts.lottery = '5'), ['/categories/2/amounts/lottery']],
    ['an unknown industry category', (b) => (b.industryCategories = ['industry', 'tourism']), ['/industryCategories/1']],
    ['an unknown excluded category', (b) => (b.excludedCategories = ['workRelief']), ['/excludedCategories/0']],
    ['a category both industry and excluded', (b) => (b.excludedCategories = ['industry']), ['/excludedCategories/0']],
    ["last year's share for central funds", (b) => (b.sources[0].lastYearShare = '0.6'), ['/sources/0/lastYearShare']],
    ['a source listed twice', (b) => b.sources.push({ id: 'central' }), ['/sources/3/id']],
    ['a source named all', (b) => b.sources.push({ id: 'all' }), ['/sources/3/id']],
    ['a category listed twice', (b) => (b.categories[2].id = 'industry'), ['/categories/2/id']],
    ['no sources', (b) => (b.sources = []), ['/sources']],
    ['no categories', (b) => (b.categories = []), ['/categories']],
    ['an unknown basis', (b) => (b.basis = 'forecast'), ['/basis']],
    ['an unknown field', (b) => (b.floors = {}), ['/floors']],
    ['missing year', (b) => delete b.year, ['/year']],
  ];

  it.each(bad)('422 for %s, naming the field', async (_name, mutate, pointers) => {
    const body = CHECK();
    mutate(body);
    await expectProblem(await post('/v1/checks/industry-share', body), 422, pointers);
  });
});

describe('the answers fit their documented response schemas', () => {
  it('monitoring and the industry-share check, as posted and with overrides', async () => {
    const monitoring = [MONITORING(), { ...MONITORING(), overrides: { alerts: { reminderLetter: null } } }];
    for (const body of monitoring) expect(MonitoringResponse.safeParse((await postJson('/v1/monitoring', body)).json).error).toBeUndefined();
    const checks = [CHECK(), { ...CHECK(), combinedFloor: '0.5', overrides: { central: { step: '0.01' } } }];
    for (const body of checks) expect(IndustryCheckResponse.safeParse((await postJson('/v1/checks/industry-share', body)).json).error).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  it('documents both routes with their request schemas', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.paths['/v1/monitoring'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/MonitoringRequest');
    expect(doc.paths['/v1/checks/industry-share'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/IndustryCheckRequest');
    expect(Object.keys(doc.paths['/v1/monitoring'].post.responses)).toEqual(expect.arrayContaining(['200', '422']));
  });

  it('the request examples in the document are answered 200', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const [path, name] of [
      ['/v1/monitoring', 'MonitoringRequest'],
      ['/v1/checks/industry-share', 'IndustryCheckRequest'],
    ]) {
      const res = await post(path, doc.components.schemas[name].example);
      expect(res.status, path).toBe(200);
    }
  });
});
