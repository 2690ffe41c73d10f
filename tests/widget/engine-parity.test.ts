/**
 * The widget's engine (src/widget/engine.ts allocateLocally, what a slider move runs in the browser) against the
 * service (POST /v1/allocations through app.request) for the same request: the rows and the summary are the
 * same bytes (JSON.stringify equal), the model and unit the same; with explain and a region, the same trace;
 * and a request the service refuses with a 422 is refused locally with the same issues (pointer and code, in
 * order). Over generated weights summing to 1, totals, units, both built-in models, the shipped sample-20 (inline
 * locally, by reference or inline on the server) and generated regions.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { allocateLocally } from '../../src/widget/engine.js';

const app = createApp({ store: sqliteStore(':memory:') });

interface Problem {
  status: number;
  errors?: { pointer: string; code: string }[];
}

let sample: { revision: number; rows: { id: string; name: string; indicators: Record<string, string>; lastYear?: string }[] };

beforeAll(async () => {
  const res = await app.request('/v1/datasets/sample-20');
  expect(res.status).toBe(200);
  sample = (await res.json()) as typeof sample;
  expect(sample.rows).toHaveLength(20);
});

/** The service's answer to `body` (POSTed as JSON, with `query`). */
async function serve(body: unknown, query = ''): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await app.request(`/v1/allocations${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * The local outcome of `local` equals the service's answer to `remote` (the same request, or the same by
 * reference): both allocate with the same bytes, or both refuse with the same issues. Returns which it was.
 */
async function expectSame(local: unknown, remote: unknown = local, options: { explain?: boolean; region?: string } = {}): Promise<'ok' | 'refused'> {
  const query = options.explain ? `?explain=true${options.region === undefined ? '' : `&region=${encodeURIComponent(options.region)}`}` : '';
  const server = await serve(remote, query);
  const mine = allocateLocally(local, options);
  if (server.status === 200) {
    expect(mine.ok, JSON.stringify(mine.ok ? '' : mine.issues)).toBe(true);
    if (!mine.ok) return 'refused';
    expect(JSON.stringify(mine.answer.rows)).toBe(JSON.stringify(server.json.rows));
    expect(JSON.stringify(mine.answer.summary)).toBe(JSON.stringify(server.json.summary));
    expect(mine.answer.model).toEqual(server.json.model);
    expect(mine.answer.unit).toEqual(server.json.unit);
    return 'ok';
  }
  expect(server.status, JSON.stringify(server.json)).toBe(422);
  expect(mine.ok).toBe(false);
  if (mine.ok) return 'ok';
  // the problem body's mapping of an issue (src/api/problem.ts problemBody): '' is '/', no code is 'invalid'
  const local422 = mine.issues.map((i) => ({ pointer: i.path || '/', code: i.code ?? 'invalid' }));
  const served = ((server.json as unknown as Problem).errors ?? []).map((e) => ({ pointer: e.pointer, code: e.code }));
  expect(local422).toEqual(served);
  return 'refused';
}

const FACTORS = ['policy', 'population', 'income', 'performance'] as const;

/** n/10000 as an exact decimal string ("0.3500", "1.0000"). */
const tenThousandths = (n: number) => `${Math.floor(n / 10000)}.${String(n % 10000).padStart(4, '0')}`;

/** Four weights summing to exactly 1: three cuts of [0, 10000], written as fractions, percents or numbers. */
const weightsSummingToOne = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 3, maxLength: 3 }), fc.constantFrom('fraction', 'percent', 'short'))
  .map(([cuts, form]) => {
    const [a, b, c] = [...cuts].sort((x, y) => x - y);
    const parts = [a, b - a, c - b, 10000 - c];
    return Object.fromEntries(
      FACTORS.map((f, i) => {
        const n = parts[i];
        if (form === 'percent') return [f, `${tenThousandths(n * 100).replace(/\.?0+$/, '')}%`];
        if (form === 'short') return [f, tenThousandths(n).replace(/\.?0+$/, '') || '0'];
        return [f, tenThousandths(n)];
      }),
    );
  });

/** An amount from `min` to `max`: an integer or with two decimals, as a string. */
const amount = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 99 }), fc.boolean())
    .map(([i, c, cents]) => (cents ? `${i}.${String(c).padStart(2, '0')}` : String(i)));

/**
 * A unit and a total in it. Mostly totals sample-20's floors fit (last year’s 90% and the set-asides need some 2,200 万元), a few
 * below them (both sides then refuse with constraints-cannot-hold, which is parity too).
 */
const unitAndTotal = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constant('wan'), amount(5_000, 5_000_000)) },
  // in 元 the models' granularity (0.01 万元) is 100 元: whole hundreds
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constant('yuan'),
      fc.integer({ min: 500_000, max: 20_000_000 }).map((h) => `${h}00`),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('wan', 'yuan'), amount(1, 2_000)) },
);

/** Regions with the sichuan models' indicators, unique ids, sometimes last year's amount. */
const regions = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[A-Z][0-9]{1,4}$/),
    keyCounty: fc.constantFrom('national', 'provincial', 'other'),
    relocation: fc.integer({ min: 0, max: 20_000 }),
    poverty: fc.integer({ min: 1, max: 300_000 }),
    monitored: fc.integer({ min: 0, max: 30_000 }),
    income: fc.integer({ min: 5_000, max: 40_000 }),
    performance: fc.integer({ min: 50, max: 100 }),
    // small enough that the 90% hold-harmless floors of 40 regions fit the smallest usual total
    lastYear: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 40, selector: (r) => r.id },
);

type GeneratedRegion = {
  id: string;
  keyCounty: string;
  relocation: number;
  poverty: number;
  monitored: number;
  income: number;
  performance: number;
  lastYear?: number;
};

const inline = (rows: readonly GeneratedRegion[]) =>
  rows.map(({ id, lastYear, ...indicators }) => ({
    id,
    // numbers and strings both: the number grammar takes either
    indicators: { ...indicators, income: String(indicators.income) },
    ...(lastYear === undefined ? {} : { lastYear: `${lastYear}.00` }),
  }));

describe('allocateLocally = POST /v1/allocations', () => {
  it('sample-20 inline locally, by reference and inline on the service: same rows and summary, over weights, totals and units', async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(weightsSummingToOne, unitAndTotal, fc.constantFrom('sichuan-2024', 'sichuan-2023'), async (weights, [unit, t], model) => {
        const request = { model, total: t, unit, overrides: { weights } };
        const local = { ...request, regions: sample.rows };
        if ((await expectSame(local, { ...request, regions: { dataset: 'sample-20', revision: sample.revision } })) === 'ok') ok++;
        await expectSame(local);
      }),
      { numRuns: 40 },
    );
    // most runs allocate (the property is about answers, not only refusals)
    expect(ok).toBeGreaterThan(25);
  });

  it('the README request (sample-20, 5000 万元, policy 40%): same bytes, and the amounts add up to the total', async () => {
    const request = {
      model: 'sichuan-2024',
      total: '5000',
      unit: 'wan',
      regions: sample.rows,
      overrides: { weights: { policy: '0.40', population: '0.30', income: '0.25', performance: '0.05' } },
    };
    expect(await expectSame(request)).toBe('ok');
    const mine = allocateLocally(request);
    if (!mine.ok) throw new Error('refused');
    const cents = (mine.answer.rows as { amount: string }[]).reduce((s, r) => s + BigInt(r.amount.replace('.', '')), 0n);
    expect(cents).toBe(500000n);
  });

  it('generated regions: same rows and summary', async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(regions, weightsSummingToOne, unitAndTotal, async (rows, weights, [unit, t]) => {
        if ((await expectSame({ model: 'sichuan-2024', total: t, unit, regions: inline(rows), overrides: { weights } })) === 'ok') ok++;
      }),
      { numRuns: 40 },
    );
    expect(ok).toBeGreaterThan(25);
  });

  it('with explain and a region (the waterfall in words): the same row and trace', async () => {
    await fc.assert(
      fc.asyncProperty(weightsSummingToOne, fc.integer({ min: 0, max: 19 }), async (weights, i) => {
        const request = { model: 'sichuan-2024', total: '5000', unit: 'wan', regions: sample.rows, overrides: { weights } };
        expect(await expectSame(request, request, { explain: true, region: sample.rows[i].id })).toBe('ok');
        const mine = allocateLocally(request, { explain: true, region: sample.rows[i].id });
        if (!mine.ok) throw new Error('refused');
        const row = (mine.answer.rows as { id: string; trace?: { reason?: { en: string; zh: string } } }[]).find((r) => r.id === sample.rows[i].id);
        expect(row?.trace?.reason?.zh).toMatch(/[\u4e00-\u9fff]/);
      }),
      { numRuns: 15 },
    );
  });

  it('a refused request: the same issues (pointer and code, in order) as the service’s 422', async () => {
    const base = () => ({
      model: 'sichuan-2024',
      total: '5000',
      unit: 'wan',
      regions: sample.rows.map((r) => ({ ...r, indicators: { ...r.indicators } })) as Record<string, unknown>[],
      overrides: { weights: { policy: '0.40', population: '0.30', income: '0.25', performance: '0.05' } as Record<string, unknown> },
    });
    type Body = ReturnType<typeof base> & Record<string, unknown>;
    const breakages: [string, (b: Body) => void][] = [
      ['weights not summing to 1', (b) => (b.overrides.weights.performance = '0.04')],
      ['a weight over 1 and one negative', (b) => ((b.overrides.weights.policy = '1.2'), (b.overrides.weights.income = '-0.45'))],
      ['an unknown factor', (b) => (b.overrides.weights.poverty = '0.1')],
      ['a total with a thousands separator', (b) => (b.total = '5,000')],
      ['a total with a unit in it', (b) => (b.total = '5000万')],
      ['a negative total', (b) => (b.total = '-1')],
      ['no total', (b) => delete (b as Partial<Body>).total],
      ['an unknown unit', (b) => (b.unit = 'jiao')],
      ['an unknown model', (b) => (b.model = 'atlantis-2024')],
      ['an unknown field', (b) => (b.county = 'x')],
      ['a duplicate region id', (b) => (b.regions[1].id = b.regions[0].id)],
      ['an indicator missing', (b) => delete (b.regions[3].indicators as Record<string, unknown>).poverty],
      ['an indicator not a number', (b) => ((b.regions[2].indicators as Record<string, unknown>).income = '一万')],
      ['a key county category unknown', (b) => ((b.regions[0].indicators as Record<string, unknown>).keyCounty = 'capital')],
      // last: the breakages above reach into the regions (fc.subarray keeps this order)
      ['no regions', (b) => (b.regions = [])],
    ];
    await fc.assert(
      fc.asyncProperty(fc.subarray(breakages, { minLength: 1, maxLength: 3 }), async (chosen) => {
        const body = base() as Body;
        for (const [, breakIt] of chosen) breakIt(body);
        expect(await expectSame(body), chosen.map(([what]) => what).join(', ')).toBe('refused');
      }),
      { numRuns: 40 },
    );
    // each breakage alone, named in the failure
    for (const [what, breakIt] of breakages) {
      const body = base() as Body;
      breakIt(body);
      expect(await expectSame(body), what).toBe('refused');
    }
  });
});
