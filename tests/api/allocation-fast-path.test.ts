/**
 * The allocation fast path (src/api/allocations/fastPath.ts) checks the common valid request by hand instead of
 * zod. It may defer anything to zod, but what it accepts zod must accept, with the same value (same keys,
 * same order) handed to the engine; and through the app, an answer is the same whichever path took it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastAllocationRequest } from '../../src/api/allocations/fastPath.js';
import { runRequest } from '../../src/api/allocations/run.js';
import { AllocationRequest, EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { STAGE_IDS } from '../../src/domain/allocation/pipeline/run.js';
import { app, expectProblem, post } from './request.js';

/** Texts near every edge the schemas draw: lengths 64/200, spaces, controls, bidi marks, lone surrogates, prototype names. */
const text = fc.oneof(
  fc.constantFrom(
    'A',
    '510121',
    '金堂县',
    'sichuan-2024',
    'sichuan-2023',
    'national',
    '',
    ' A',
    'A ',
    'A\u00a0',
    'a\u0000b',
    'x\u202ey',
    'x\u2066',
    '\ud800',
    'a\udc00',
    '😀',
    '\t',
  ),
  fc.constantFrom('toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'),
  fc.constantFrom(63, 64, 65, 199, 200, 201).map((n) => 'x'.repeat(n)),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Decimals valid and not: signs, exponents, percents, separators, spaces, over 64 characters, too fine a granule. */
const decimal = fc.oneof(
  fc.constantFrom(
    '1000.00',
    '1',
    '0',
    '-1',
    '-0',
    '0.01',
    '0.00000001',
    '0.000000001',
    '1e3',
    '1E-2',
    '.5',
    '5.',
    '+1',
    ' 1',
    '1 ',
    '60%',
    '1,000',
    '',
    'abc',
    'NaN',
    '1e41',
  ),
  fc.constantFrom('9'.repeat(64), '9'.repeat(65), '0.' + '0'.repeat(61) + '1'),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(null, true, [], {}),
);

/** Absent (once in `odds`) or present. */
const optional = <T>(arb: fc.Arbitrary<T>, odds = 3) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: arb, weight: odds - 1 });
/** Present once in `odds` (a key the fast path must leave to zod). */
const rare = <T>(arb: fc.Arbitrary<T>, odds = 15) => fc.oneof({ arbitrary: fc.constant(undefined), weight: odds - 1 }, { arbitrary: arb, weight: 1 });
/** Mostly `good`, sometimes anything: bodies with one or two bad fields, near the accepting side. */
const mostly = <T, U>(good: fc.Arbitrary<T>, any: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: any, weight: 1 });

const indicators = mostly(
  fc.constantFrom(...EXAMPLE_REGIONS.map((r) => r.indicators), {}),
  fc.oneof(fc.dictionary(text, fc.oneof(decimal, text), { maxKeys: 4 }), fc.constantFrom([], null, 'x')),
);

const region = fc.record(
  {
    id: mostly(fc.constantFrom('A', 'B', '510121', '金堂县', 'constructor'), fc.oneof(text, decimal)),
    name: optional(mostly(fc.constantFrom('甲县', ''), fc.oneof(text, fc.constant(5)))),
    level: optional(mostly(fc.constantFrom('province', 'city', 'county', 'town'), fc.oneof(text, fc.constantFrom('County', 'village', 2, null)))),
    indicators,
    lastYear: optional(mostly(fc.constantFrom('10.00', 0, 3.5), decimal)),
    children: rare(fc.constant([{ id: 'c', indicators: { poverty: 1 } }])),
    model: rare(fc.constant('sichuan-2024')),
    extra: rare(fc.constant(1)),
  },
  { requiredKeys: ['id', 'indicators'] },
);

const overrides = mostly(
  fc.record({
    off: optional(
      mostly(
        fc.subarray([...STAGE_IDS], { maxLength: 5 }),
        fc.oneof(fc.array(fc.constantFrom(...STAGE_IDS, 'formula', 'bogus'), { maxLength: 7 }), fc.constant([...STAGE_IDS, STAGE_IDS[0]])),
      ),
    ),
    weights: optional(mostly(fc.constantFrom({ policy: '0.40', performance: '0' }), fc.dictionary(text, decimal, { maxKeys: 3 }))),
  }),
  fc.constantFrom({ pipeline: { points: { bottom: { count: 5 } } } }, { indicators: {} }, { other: 1 }, [], null),
);

const fields = {
  model: mostly(
    fc.constant('sichuan-2024'),
    fc.oneof(text, fc.constant({ factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] })),
  ),
  overrides: optional(overrides),
  total: mostly(fc.constantFrom('1000.00', 1000, '1e3'), decimal),
  unit: mostly(fc.constantFrom('wan', 'yuan'), fc.constantFrom('WAN', '万元', 1)),
  granularity: optional(mostly(fc.constantFrom('0.01', 1), decimal)),
  regions: mostly(fc.array(region, { minLength: 1, maxLength: 4 }), fc.oneof(fc.constant([]), fc.constantFrom({}, 'A'))),
  extra: rare(fc.constant(true)),
};
/** Mostly with every required field, sometimes with any of them missing. */
const body = mostly(fc.record(fields, { requiredKeys: ['model', 'total', 'unit', 'regions'] }), fc.record(fields, { requiredKeys: [] }));

/** As a body arrives: through JSON (no undefined, no NaN, "-0" stays -0). */
const received = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A body the fast path must take: valid and in the common shape. */
const valid = fc.record({
  model: fc.constant('sichuan-2024'),
  overrides: optional(fc.record({ off: optional(fc.subarray([...STAGE_IDS], { maxLength: 5 })) })),
  total: fc.constantFrom('1000.00', 1000, '1e3', '500000'),
  unit: fc.constantFrom('wan', 'yuan'),
  granularity: optional(fc.constantFrom('0.01', '1', 0.5)),
  regions: fc
    .tuple(fc.uniqueArray(fc.constantFrom(...EXAMPLE_REGIONS.map((r) => r.id)), { minLength: 1, maxLength: 3 }), optional(fc.constantFrom('city', 'county')))
    .map(([ids, level]) =>
      EXAMPLE_REGIONS.filter((r) => ids.includes(r.id)).map((r) => (level ? { id: r.id, name: r.name, level, indicators: r.indicators } : r)),
    ),
});

function sameAsZod(input: unknown): 'fast' | 'deferred' {
  const fast = fastAllocationRequest(input);
  if (fast === undefined) return 'deferred';
  const zod = AllocationRequest.safeParse(input);
  expect(zod.success, `fast path accepted what zod refuses: ${JSON.stringify(input)} → ${JSON.stringify(zod.error?.issues)}`).toBe(true);
  expect(fast).toStrictEqual(zod.data);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data)); // key order too
  return 'fast';
}

describe('allocation fast path', () => {
  it('never accepts what zod refuses, and hands the engine the value zod would', () => {
    let taken = 0;
    fc.assert(
      fc.property(body, (b) => {
        if (sameAsZod(received(b)) === 'fast') taken++;
      }),
      { numRuns: 3000 },
    );
    // the generator reaches the accepting side too, or the property says nothing
    expect(taken).toBeGreaterThan(10);
  });

  it('takes the common valid shape itself', () => {
    fc.assert(
      fc.property(valid, (b) => {
        expect(sameAsZod(received(b))).toBe('fast');
      }),
      { numRuns: 300 },
    );
  });

  it('changes no field zod accepts: one bad field of a valid body is deferred', () => {
    const good = received({ model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01', regions: EXAMPLE_REGIONS }) as any;
    expect(sameAsZod(good)).toBe('fast');
    const bad: ((b: any) => void)[] = [
      (b) => (b.regions[1].id = 'B\u202e'),
      (b) => (b.regions[1].name = ' 乙县'),
      (b) => (b.regions[1].level = 'village'),
      (b) => (b.regions[1].level = 2),
      (b) => (b.regions[1].indicators['income '] = 1),
      (b) => (b.regions[1].indicators.keyCounty = 'x'.repeat(201)),
      (b) => (b.regions[1].lastYear = '-1'),
      (b) => (b.regions[1].lastYear = '1,000'),
      (b) => (b.total = '0'),
      (b) => (b.total = ' 1000'),
      (b) => (b.granularity = '0.000000001'),
      (b) => (b.unit = '万元'),
      (b) => (b.model = 'x'.repeat(65)),
      (b) => (b.regions = []),
      (b) => (b.overrides = { off: ['formula'] }),
      (b) => (b.overrides = { weights: { ' policy': '0.4' } }),
      (b) => (b.extra = 1),
    ];
    for (const mutate of bad) {
      const b = structuredClone(good);
      mutate(b);
      expect(AllocationRequest.safeParse(b).success).toBe(false);
      expect(fastAllocationRequest(b)).toBeUndefined();
    }
  });
});

describe('POST /v1/allocations through the fast path', () => {
  const request = { model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01', regions: EXAMPLE_REGIONS };

  it('answers byte for byte what the zod path computes, in JSON and CSV', async () => {
    const rows = JSON.parse(JSON.stringify(runRequest(AllocationRequest.parse(request)).rows));
    const res = await post('/v1/allocations', request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const expected = await res.text();
    expect(JSON.parse(expected).rows).toEqual(rows);
    // the same body as application/ld+json skips the fast path: the same answer through zod
    const slow = await post('/v1/allocations', request, { 'content-type': 'application/ld+json' });
    expect(await slow.text()).toBe(expected);
    const csv = (type: string) =>
      app.request('/v1/allocations?format=csv', { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(request) });
    const [fastCsv, slowCsv] = await Promise.all([csv('application/json'), csv('application/ld+json')]);
    expect(fastCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(new Uint8Array(await fastCsv.arrayBuffer())).toEqual(new Uint8Array(await slowCsv.arrayBuffer()));
  });

  it('leaves every error to zod: all issues at once, each named', async () => {
    const res = await post('/v1/allocations', { ...request, total: '0', regions: [{ ...EXAMPLE_REGIONS[0], id: 'A\u202e' }, EXAMPLE_REGIONS[1]] });
    await expectProblem(res, 422, ['/total', '/regions/0/id']);
  });

  it('a bad query value is still refused, not answered by the fast path', async () => {
    const res = await app.request('/v1/allocations?format=xls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    await expectProblem(res, 422, ['?format']);
  });

  it('an engine refusal (duplicate region ids) is the same problem on the fast path', async () => {
    const res = await post('/v1/allocations', { ...request, regions: [EXAMPLE_REGIONS[0], EXAMPLE_REGIONS[0]] });
    const problem = await expectProblem(res, 422);
    expect(JSON.stringify(problem.errors)).toMatch(/regions\/1/);
  });
});
