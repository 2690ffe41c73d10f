/**
 * POST /v1/monitoring and POST /v1/checks/industry-share against docs/contract.md (issue 11 audit): one code
 * for one mistake (duplicate-id, unknown-reference, the number grammar's codes inside overrides too), every
 * independent mistake in one 422, the contract's names (a share with <name>Percent beside it, 12 decimals,
 * deviation/deviationPercent for actual against budget), the CSV tables' totals and bilingual columns, and the default model named.
 */
import { describe, expect, it } from 'vitest';
import { app, post, postJson } from './api/request.js';
import { MESSAGES } from '../src/messages/index.js';
import { monitoringRoute } from '../src/api/monitoring/route.js';
import { industryShareRoute } from '../src/api/checks/route.js';

const region = (id: string, inPlace: unknown = '1000.00', spent: unknown = '500.00') => ({ id, level: 'city', months: [{ month: 6, inPlace, spent }] });
const MONITORING = (): any => ({
  year: 2024,
  month: 6,
  unit: 'wan',
  regions: [region('A'), region('B')],
  projects: [{ id: 'P1', region: 'A', budget: '10' }],
});
const CHECK = (): any => ({
  year: 2023,
  unit: 'wan',
  sources: [{ id: 'central' }, { id: 'provincial' }],
  categories: [
    { id: 'industry', amounts: { central: '60', provincial: '50' } },
    { id: 'roads', amounts: { central: '40', provincial: '50' } },
  ],
});

async function errors(path: string, body: unknown): Promise<[string, string][]> {
  const res = await post(path, body);
  expect(res.status).toBe(422);
  return ((await res.json()) as any).errors.map((e: any) => [e.pointer, e.code]);
}

async function csv(path: string, body: unknown): Promise<string[]> {
  const res = await post(path, body);
  expect(res.status).toBe(200);
  return (await res.text())
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
}

describe('one code for one mistake', () => {
  it('the feature codes for a repeated id or a reference to nothing are gone from the catalogue', () => {
    for (const code of [
      'monitoring-region-id-twice',
      'monitoring-project-id-twice',
      'monitoring-previous-unknown-region',
      'monitoring-project-unknown-region',
      'industry-share-source-twice',
      'industry-share-category-twice',
      'industry-share-unknown-source',
      'industry-share-unknown-category',
    ]) {
      expect(Object.hasOwn(MESSAGES, code), code).toBe(false);
    }
  });

  it('monitoring: a repeated region or project id is duplicate-id (naming the first), a region that is not listed unknown-reference', async () => {
    const body = MONITORING();
    body.regions.push(region('A'));
    body.projects.push({ id: 'P1', region: 'Z', budget: '5' });
    body.previous = { ranks: { Q: 1 } };
    const res = await post('/v1/monitoring', body);
    const problem = (await res.json()) as any;
    expect(problem.errors.map((e: any) => [e.pointer, e.code])).toEqual([
      ['/regions/2/id', 'duplicate-id'],
      ['/projects/1/id', 'duplicate-id'],
      ['/previous/ranks/Q', 'unknown-reference'],
      ['/projects/1/region', 'unknown-reference'],
    ]);
    expect(problem.errors[0].detail).toBe('the id "A" is used twice (first at /regions/0/id); ids must be unique in their list.');
    expect(problem.errors[3].detail).toBe('no region "Z" in regions; use the id of one listed there.');
    expect(problem.errors[3].detail_zh).toBe('regions 中没有地区 "Z"；请使用其中列出的编号。');
  });

  it('the check: a repeated source or category is duplicate-id, an amount under an unlisted source or an unlisted category unknown-reference', async () => {
    const body = CHECK();
    body.sources.push({ id: 'central' });
    body.categories.push({ id: 'roads', amounts: { lottery: '5' } });
    body.industryCategories = ['industy'];
    expect(await errors('/v1/checks/industry-share', body)).toEqual([
      ['/sources/2/id', 'duplicate-id'],
      ['/categories/2/id', 'duplicate-id'],
      ['/categories/2/amounts/lottery', 'unknown-reference'],
      ['/industryCategories/0', 'unknown-reference'],
    ]);
  });

  it.each([
    ['"5,000"', '5,000', 'thousands-separator'],
    ['"5万"', '5万', 'unit-in-number'],
    ['""', '', 'empty-string'],
    ['"60 %"', '60 %', 'percent-format'],
  ])('%s inside overrides gets the common code on both routes', async (_, value, code) => {
    expect(await errors('/v1/monitoring', { ...MONITORING(), overrides: { status: { yellowWithin: value } } })).toEqual([
      ['/overrides/status/yellowWithin', code],
    ]);
    expect(await errors('/v1/checks/industry-share', { ...CHECK(), overrides: { central: { step: value } } })).toEqual([['/overrides/central/step', code]]);
  });
});

describe('every independent mistake at once', () => {
  it('monitoring: a bad share in overrides, a bad amount, a repeated id and an unknown model come together', async () => {
    const body = MONITORING();
    body.overrides = { status: { yellowWithin: '60 %' } };
    body.regions[0].months[0].inPlace = '5,000';
    body.regions[1].id = 'A';
    expect((await errors('/v1/monitoring', body)).sort()).toEqual(
      [
        ['/regions/0/months/0/inPlace', 'thousands-separator'],
        ['/overrides/status/yellowWithin', 'percent-format'],
        ['/regions/1/id', 'duplicate-id'],
      ].sort(),
    );
    const unknown = { ...MONITORING(), model: 'atlantis' };
    unknown.regions[0].months[0].spent = '5万';
    expect((await errors('/v1/monitoring', unknown)).sort()).toEqual(
      [
        ['/model', 'unknown-model'],
        ['/regions/0/months/0/spent', 'unit-in-number'],
      ].sort(),
    );
  });

  it("monitoring: a region's or a project's own engine checks come beside another part's bad field", async () => {
    const body = MONITORING();
    body.regions[0].months[0].inPlace = '5,000';
    body.regions[1].months[0].spent = '2000.00'; // more than the 1000.00 in place
    body.previous = { month: 6 }; // not before the report month
    body.projects = [
      { id: 'P1', budget: '10', completed: '2024-07-15' }, // after the report date
      { id: 'P2', budget: '5万' },
    ];
    expect((await errors('/v1/monitoring', body)).sort()).toEqual(
      [
        ['/regions/0/months/0/inPlace', 'thousands-separator'],
        ['/regions/1/months/0/spent', 'monitoring-spent-above-in-place'],
        ['/previous/month', 'monitoring-previous-not-before'],
        ['/projects/0/completed', 'monitoring-date-after-report'],
        ['/projects/1/budget', 'unit-in-number'],
      ].sort(),
    );
    // allocated missing is known only from the model: with the model's progressBase patched in, beside a bad field
    const allocated = { ...MONITORING(), overrides: { progressBase: 'allocated' } };
    allocated.regions[0].allocated = '2000';
    allocated.projects[0].budget = '';
    expect((await errors('/v1/monitoring', allocated)).sort()).toEqual(
      [
        ['/projects/0/budget', 'empty-string'],
        ['/regions/1/allocated', 'monitoring-allocated-missing'],
      ].sort(),
    );
  });

  it('the check: a bad step in overrides, a bad floor and an unlisted source come together', async () => {
    const body = CHECK();
    body.overrides = { central: { step: '5,000' } };
    body.sources[1].floor = '60 %';
    body.categories[0].amounts.lottery = '5';
    expect((await errors('/v1/checks/industry-share', body)).sort()).toEqual(
      [
        ['/overrides/central/step', 'thousands-separator'],
        ['/sources/1/floor', 'percent-format'],
        ['/categories/0/amounts/lottery', 'unknown-reference'],
      ].sort(),
    );
  });
});

describe('the contract names', () => {
  it("monitoring: executionRate with executionRatePercent (summary and projects), deviation/deviationPercent (the contract's name for actual against budget), a milestone target with 12 decimals", async () => {
    const body = MONITORING();
    body.projects = [{ id: 'P1', region: 'A', budget: '25.00', actual: '28.23', paid: '20.00' }];
    const { res, json } = await postJson('/v1/monitoring', body);
    expect(res.status).toBe(200);
    expect(json.summary).toMatchObject({ executionRate: '0.800000000000', executionRatePercent: '80.00%' });
    expect(json.summary).not.toHaveProperty('executionPercent');
    expect(json.projects[0]).toMatchObject({
      executionRate: '0.800000000000',
      executionRatePercent: '80.00%',
      deviation: '3.23',
      deviationPercent: '12.92%',
    });
    for (const old of ['executionPercent', 'change', 'changePercent']) expect(json.projects[0]).not.toHaveProperty(old);
    expect(json.rows[0].milestone).toEqual({ month: 6, target: '0.500000000000', targetPercent: '50.00%' });
  });

  it('the check: floors are shares with 12 decimals, floorPercent beside them, in rows and summary.all', async () => {
    const { json } = await postJson('/v1/checks/industry-share', { ...CHECK(), combinedFloor: '0.6' });
    expect(json.rows.map((r: any) => [r.floor, r.floorPercent])).toEqual([
      ['0.600000000000', '60.00%'],
      ['0.500000000000', '50.00%'],
    ]);
    expect(json.summary.all).toMatchObject({ floor: '0.600000000000', floorPercent: '60.00%' });
  });
});

describe('CSV tables', () => {
  it('with no regions the total row writes amounts as amounts ("0.00"), not "0"', async () => {
    const rows = await csv('/v1/monitoring?format=csv', { year: 2024, month: 6, unit: 'wan', projects: [{ id: 'P1', budget: '10' }] });
    expect(rows[1]).toBe('total · 合计,,,,0.00,0.00,0.00,,,,,green 0 · yellow 0 · red 0,,0,,,,');
  });

  it('projects: budget, actual, paid and deviation all summed; deviationPercent overall', async () => {
    const body = {
      ...MONITORING(),
      projects: [
        { id: 'P1', budget: '25.00', actual: '28.23', paid: '20' },
        { id: 'P2', budget: '10', actual: '5', paid: '5' },
        { id: 'P3', budget: '5' },
      ],
    };
    const rows = await csv('/v1/monitoring?format=csv&table=projects', body);
    expect(rows[0]).toBe(
      'id,name,region,budget (wan),adjusted (wan),actual (wan),paid (wan),executionRate,executionRatePercent,deviation (wan),deviationPercent,completed,paidOn,paymentDays',
    );
    // deviation Σ = 3.23 − 5.00 = −1.77 over the budget of the projects with actual, 35.00: −5.06%
    expect(rows[4]).toBe('total · 合计,,,40.00,0.00,33.23,25.00,0.714285714286,71.43%,-1.77,-5.06%,,,');
  });

  it('alerts: the count is not put in the id column; the sentence is reason / reason_zh as on every route', async () => {
    const body = { ...MONITORING(), projects: [{ id: 'P1', budget: '10', adjusted: '20' }] };
    const rows = await csv('/v1/monitoring?format=csv&table=alerts', body);
    expect(rows[0]).toBe('rule,notice,kind,id,name,level,source,numbers,reason,reason_zh');
    expect(rows.at(-1)).toBe('total · 合计,,,,,,,alerts=1,,');
    const regions = await csv('/v1/monitoring?format=csv', MONITORING());
    expect(regions[0].split(',').slice(-2)).toEqual(['reason', 'reason_zh']);
    const check = await csv('/v1/checks/industry-share?format=csv', CHECK());
    expect(check[0].split(',').slice(-2)).toEqual(['reason', 'reason_zh']);
  });
});

describe('the default model', () => {
  it('without `model` the answer names the default it used, and the route and README say so', async () => {
    expect((await postJson('/v1/monitoring', MONITORING())).json.model).toEqual({ id: 'default', version: expect.any(String) });
    expect((await postJson('/v1/checks/industry-share', CHECK())).json.model).toEqual({ id: 'sichuan', version: expect.any(String) });
    expect(monitoringRoute.description).toContain('`model` is optional');
    expect(industryShareRoute.description).toContain('`model` is optional');
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.paths['/v1/monitoring'].post.description).toContain('`model` is optional');
  });
});
