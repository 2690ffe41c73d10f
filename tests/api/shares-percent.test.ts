/**
 * Shares as fractions, and "60%" accepted wherever a share is (issue 11): weights, floors, hold-harmless,
 * growth caps, group shares, milestones, alert thresholds. A percentage is read exactly ("12.5%" is 0.125)
 * and gives the very answer its fraction gives; "60 %", "%60" and "60%%" get a specific bilingual detail.
 */
import { describe, expect, it } from 'vitest';
import { percentShare } from '../../src/schema/common.js';
import { SAMPLE_REQUEST } from '../helpers.js';
import { app, expectProblem, post, postJson } from './request.js';

const doc: any = await (await app.request('/openapi.json')).json();
const example = (schema: string) => structuredClone(doc.components.schemas[schema].example);

const WEIGHTS = { policy: '0.35', population: '0.30', income: '0.30', performance: '0.05' };
const WEIGHTS_PERCENT = { policy: '35%', population: '30%', income: '30%', performance: '5%' };
const REGIONS = {
  kind: 'regions',
  unit: 'wan',
  granularity: '0.01',
  total: '1000.00',
  regions: [
    { id: 'A', target: '416.40', lastYear: '520.00' },
    { id: 'B', target: '339.10', lastYear: '300.00' },
    { id: 'C', target: '244.50', lastYear: '200.00' },
  ],
};
const PORTFOLIO = {
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '300.00' },
    { id: 'provincial', budget: '150.00' },
  ],
  projects: [
    { id: 'P01', cost: '120.00', category: 'industry', benefits: { beneficiaries: '800' } },
    { id: 'P02', cost: '90.00', category: 'infrastructure', benefits: { beneficiaries: '1500' } },
  ],
  objective: { maximize: { beneficiaries: '1' } },
};
const lastYear = (body: any) => ({ ...body, regions: body.regions.map((r: any, i: number) => ({ ...r, lastYear: String(300 + 10 * i) })) });

/** [what, route, body with fractions, the same body with percentages]. */
const CASES: [string, string, unknown, unknown][] = [
  [
    'allocation: factor weights overridden',
    '/v1/allocations',
    { ...SAMPLE_REQUEST, overrides: { weights: WEIGHTS } },
    { ...SAMPLE_REQUEST, overrides: { weights: WEIGHTS_PERCENT } },
  ],
  [
    'allocation: an indicator weight overridden and hold-harmless patched into the pipeline',
    '/v1/allocations',
    lastYear({ ...SAMPLE_REQUEST, overrides: { weights: WEIGHTS, pipeline: { bounds: { holdHarmless: '0.9', growthCap: '0.5' } } } }),
    lastYear({ ...SAMPLE_REQUEST, overrides: { weights: WEIGHTS_PERCENT, pipeline: { bounds: { holdHarmless: '90%', growthCap: '50%' } } } }),
  ],
  [
    'allocation: an inline model with weights and a set-aside percent',
    '/v1/allocations',
    {
      total: '100',
      unit: 'wan',
      model: {
        factors: [
          {
            id: 'f',
            weight: '1',
            indicators: [
              { id: 'a', weight: '0.25', transform: 'direct' },
              { id: 'b', weight: '0.75', transform: 'direct' },
            ],
          },
        ],
        pipeline: { setAsides: [{ id: 's', percent: '0.125' }] },
      },
      regions: [
        { id: 'X', indicators: { a: '1', b: '3' } },
        { id: 'Y', indicators: { a: '2', b: '1' } },
      ],
    },
    {
      total: '100',
      unit: 'wan',
      model: {
        factors: [
          {
            id: 'f',
            weight: '100%',
            indicators: [
              { id: 'a', weight: '25%', transform: 'direct' },
              { id: 'b', weight: '75%', transform: 'direct' },
            ],
          },
        ],
        pipeline: { setAsides: [{ id: 's', percent: '12.5%' }] },
      },
      regions: [
        { id: 'X', indicators: { a: '1', b: '3' } },
        { id: 'Y', indicators: { a: '2', b: '1' } },
      ],
    },
  ],
  [
    'compare: a variant with weights',
    '/v1/allocations/compare',
    { baseline: SAMPLE_REQUEST, variants: [{ name: 'v', overrides: { weights: WEIGHTS } }] },
    { baseline: SAMPLE_REQUEST, variants: [{ name: 'v', overrides: { weights: WEIGHTS_PERCENT } }] },
  ],
  [
    'optimization regions: hold-harmless, growth cap and a group share',
    '/v1/optimizations',
    { ...REGIONS, holdHarmless: '0.9', growthCap: '0.5', groups: [{ id: 'g', regions: ['A', 'B'], minimumShare: '0.6', maximumShare: '0.9' }] },
    { ...REGIONS, holdHarmless: '90%', growthCap: '50%', groups: [{ id: 'g', regions: ['A', 'B'], minimumShare: '60%', maximumShare: '90.0%' }] },
  ],
  [
    'optimization portfolio: an industry floor',
    '/v1/optimizations',
    { ...PORTFOLIO, sources: [{ id: 'central', budget: '300.00', floor: '0.6' }, PORTFOLIO.sources[1]] },
    { ...PORTFOLIO, sources: [{ id: 'central', budget: '300.00', floor: '60%' }, PORTFOLIO.sources[1]] },
  ],
  [
    "industry-share check: floors and last year's share",
    '/v1/checks/industry-share',
    {
      ...example('IndustryCheckRequest'),
      combinedFloor: '0.4',
      overrides: { provincial: { floor: '0.5' }, central: { start: '0.6', step: '0.01', cap: '0.8' } },
    },
    {
      ...example('IndustryCheckRequest'),
      combinedFloor: '40%',
      overrides: { provincial: { floor: '50%' }, central: { start: '60%', step: '1%', cap: '80%' } },
    },
  ],
  [
    'monitoring: the yellow band and an alert threshold patched into the model',
    '/v1/monitoring',
    { ...example('MonitoringRequest'), overrides: { status: { yellowWithin: '0.05' }, alerts: { amountChange: { threshold: '0.1' } } } },
    { ...example('MonitoringRequest'), overrides: { status: { yellowWithin: '5%' }, alerts: { amountChange: { threshold: '10%' } } } },
  ],
];

describe('a percentage gives the answer its fraction gives', () => {
  it.each(CASES)('%s', async (_, route, fraction, percent) => {
    const a = await postJson(route, fraction);
    expect(a.res.status, JSON.stringify(a.json)).toBe(200);
    const b = await postJson(route, percent);
    expect(b.res.status, JSON.stringify(b.json)).toBe(200);
    // the same answer; only the hashes differ: of the request (written differently) and of the model as used,
    // whose weights keep their text ("0.30" given, "30%" read as "0.3")
    const stable = (x: any) =>
      JSON.parse(
        JSON.stringify(x, (k, v) =>
          k === 'ms' ? 0 : (k === 'request' || k === 'hash') && typeof v === 'string' && v.startsWith('sha256:') ? 'sha256:…' : v,
        ),
      );
    expect(stable(b.json)).toEqual(stable(a.json));
  });
});

describe('percentShare reads a percentage exactly', () => {
  it.each([
    ['60%', '0.6'],
    ['100%', '1'],
    ['0%', '0'],
    ['12.5%', '0.125'],
    ['0.5%', '0.005'],
    ['33.333333333333%', '0.33333333333333'],
    ['91.84%', '0.9184'],
    ['-5%', '-0.05'],
    ['250%', '2.5'],
    ['60.00%', '0.6'],
  ])('%s is %s', (text, share) => expect(percentShare(text)).toBe(share));

  it.each(['60', '60 %', '%60', '60%%', '６０%', '60％', '.5%', '5.%', '1e2%', ' 60%', '60% '])('%j is not a percentage', (text) =>
    expect(percentShare(text)).toBeUndefined(),
  );
});

describe('a share written wrongly is refused with what to write', () => {
  const holdHarmless = (value: string) => ({ ...REGIONS, holdHarmless: value });
  it.each([
    ['60 %', /space before %.*"60%"/, /空格/],
    ['%60', /before or inside the number.*"60%"/, /数字前面/],
    ['60%%', /more than one %.*"60%"/, /多个 %/],
    ['60％', /full-width.*"60%"/, /全角/],
    ['60‰', /per mille/, /千分数/],
    ['150%', /between 0 and 1.*"90%"/, /0 到 1/],
    ['-5%', /between 0 and 1/, /0 到 1/],
  ])('holdHarmless %j', async (value, en, zh) => {
    const body = await expectProblem(await post('/v1/optimizations', holdHarmless(value)), 422, ['/holdHarmless']);
    const e = body.errors.find((x: any) => x.pointer === '/holdHarmless');
    expect(e.detail).toMatch(en);
    expect(e.detail_zh).toMatch(zh);
    expect(e.code).toBe(/between 0 and 1/.test(en.source) ? 'share-out-of-range' : 'percent-format');
  });

  it('a weight "35 %" is refused where it is, on the fast path\'s route too', async () => {
    const body = await expectProblem(
      await post('/v1/allocations', { ...SAMPLE_REQUEST, overrides: { weights: { ...WEIGHTS_PERCENT, policy: '35 %' } } }),
      422,
      ['/overrides/weights/policy'],
    );
    expect(body.errors[0].detail).toMatch(/"35%"/);
  });

  it('a percentage is still not an amount', async () => {
    const body = await expectProblem(await post('/v1/allocations', { ...SAMPLE_REQUEST, total: '60%' }), 422, ['/total']);
    expect(body.errors[0].detail).toMatch(/percentage, but a number is expected/);
    expect(body.errors[0].code).toBe('percent-not-amount');
  });

  it('weights in percent that do not add up to 100% are refused by the model check, as fractions are', async () => {
    await expectProblem(await post('/v1/allocations', { ...SAMPLE_REQUEST, overrides: { weights: { ...WEIGHTS_PERCENT, policy: '40%' } } }), 422, [
      '/overrides/weights',
    ]);
  });
});
