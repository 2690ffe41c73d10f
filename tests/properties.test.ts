/** Invariants of the allocation, checked on generated models and regions (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, AllocationScenario } from '../src/domain/allocation/allocate.js';
import { EngineError } from '../src/core/errors.js';
import { RegionInput } from '../src/domain/allocation/factors.js';
import { FactorSpec, IndicatorSpec, prepareModel, type TransformId as Transform } from '../src/domain/allocation/model.js';
import { parseDecimal } from '../src/core/money.js';
import { sumGranules } from './helpers.js';
import { app } from './api/request.js';

/** n non-negative integers adding up to `total` (cut points of [0, total]). */
const composition = (n: number, total: number) =>
  fc.array(fc.integer({ min: 0, max: total }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    return [...sorted, total].map((c, i) => c - (i === 0 ? 0 : sorted[i - 1]));
  });

const transformArb = fc.constantFrom<Transform>('direct', 'score', 'reciprocal', 'gapToMax', 'gapToBenchmark', 'coefficient');

const factorsArb: fc.Arbitrary<FactorSpec[]> = fc.integer({ min: 1, max: 4 }).chain((nf) =>
  fc
    .tuple(
      composition(nf, 1000),
      fc.array(
        fc.integer({ min: 1, max: 3 }).chain((ni) => fc.tuple(composition(ni, 100), fc.array(transformArb, { minLength: ni, maxLength: ni }))),
        { minLength: nf, maxLength: nf },
      ),
    )
    .map(([weights, inds]) =>
      weights.map((w, f) => ({
        id: `f${f}`,
        weight: (w / 1000).toFixed(3),
        indicators: inds[f][1].map((transform, k): IndicatorSpec => {
          const base = { id: `i${f}_${k}`, weight: (inds[f][0][k] / 100).toFixed(2), transform };
          if (transform === 'gapToBenchmark') return { ...base, benchmark: '500' };
          if (transform === 'coefficient') return { ...base, coefficients: { a: '1.5', b: '1.2', c: '1' } };
          return base;
        }),
      })),
    ),
);

const valueArb = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.integer({ min: 1, max: 100_000_000 }).map((x) => (x / 100).toFixed(2)),
);

function regionsArb(factors: FactorSpec[]): fc.Arbitrary<RegionInput[]> {
  const inds = factors.flatMap((f) => f.indicators);
  const region = fc.record(
    Object.fromEntries(
      inds.map((i) => [
        i.id,
        i.transform === 'coefficient' ? fc.constantFrom('a', 'b', 'c') : i.transform === 'score' ? fc.integer({ min: 0, max: 100 }) : valueArb,
      ]),
    ) as Record<string, fc.Arbitrary<number | string>>,
  );
  return (
    fc
      // the API refuses ids with spaces around them (never trimmed): such ids are not generated
      .uniqueArray(
        fc.string({ minLength: 1, maxLength: 6 }).filter((id) => id.trim() === id),
        { minLength: 1, maxLength: 25 },
      )
      .chain((ids) => fc.tuple(...ids.map(() => region)).map((values) => ids.map((id, i) => ({ id, indicators: values[i] }))))
  );
}

const granularityArb = fc.constantFrom('0.01', '1', '100', '0.5');

const scenarioArb = factorsArb.chain((factors) =>
  fc.record({
    factors: fc.constant(factors),
    regions: regionsArb(factors),
    granularity: granularityArb,
    granules: fc.bigInt({ min: 1n, max: 10n ** 9n }), // ≤ 10^11 万元 = the 10^15 元 cap at granularity 100
  }),
);

function build(s: { factors: FactorSpec[]; regions: RegionInput[]; granularity: string; granules: bigint }): AllocationScenario {
  const g = parseDecimal(s.granularity)!;
  return {
    model: prepareModel({ id: 'gen', version: '1', factors: s.factors }),
    total: { coefficient: s.granules * g.coefficient, scale: g.scale },
    unit: 'wan',
    granularity: g,
    regions: s.regions,
  };
}

/** Runs the allocation; generated data may legitimately hit an all-zero factor, which is skipped. */
function tryAllocate(s: AllocationScenario) {
  try {
    return allocate(s);
  } catch (e) {
    if (e instanceof EngineError && e.issues.every((i) => i.path === '/regions')) return undefined;
    throw e;
  }
}

describe('allocation invariants', () => {
  it('the parts add up to the total exactly, for any valid input', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const result = tryAllocate(build(raw));
        fc.pre(result !== undefined);
        expect(sumGranules(result!, raw.granularity)).toBe(raw.granules);
        expect(result!.summary.balanced).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('region order never changes any amount', () => {
    fc.assert(
      fc.property(scenarioArb, fc.func(fc.integer()), (raw, key) => {
        const a = tryAllocate(build(raw));
        fc.pre(a !== undefined);
        const shuffled = [...raw.regions].sort((x, y) => key(x.id) - key(y.id) || (x.id < y.id ? -1 : 1));
        const b = allocate(build({ ...raw, regions: shuffled }));
        const byId = new Map(b.rows.map((r) => [r.id, r]));
        for (const row of a!.rows) expect(byId.get(row.id)).toEqual(row);
      }),
      { numRuns: 200 },
    );
  });

  it("raising one region's direct indicator never lowers its amount", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (raw, pick, raise) => {
        const directs = raw.factors.flatMap((f) => f.indicators).filter((i) => i.transform === 'direct');
        fc.pre(directs.length > 0);
        const before = tryAllocate(build(raw));
        fc.pre(before !== undefined);
        const region = raw.regions[pick % raw.regions.length];
        const ind = directs[pick % directs.length].id;
        const raised = raw.regions.map((r) =>
          r === region ? { ...r, indicators: { ...r.indicators, [ind]: Number(parseDecimal(r.indicators[ind])!.coefficient) + raise } } : r,
        );
        // the raised value is the old coefficient + raise, so make sure it is really larger than the old value
        fc.pre(Number(raised.find((r) => r.id === region.id)!.indicators[ind]) > Number(region.indicators[ind]));
        const after = allocate(build({ ...raw, regions: raised }));
        const amount = (res: typeof after) => parseDecimal(res.rows.find((r) => r.id === region.id)!.amount)!;
        const a = amount(before!);
        const b = amount(after);
        const s = Math.max(a.scale, b.scale);
        expect(b.coefficient * 10n ** BigInt(s - b.scale)).toBeGreaterThanOrEqual(a.coefficient * 10n ** BigInt(s - a.scale));
      }),
      { numRuns: 200 },
    );
  });

  it('the same input gives byte-identical output, through the API too', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (raw) => {
        fc.pre(tryAllocate(build(raw)) !== undefined);
        const body = JSON.stringify({
          model: { factors: raw.factors },
          total:
            String(raw.granules * parseDecimal(raw.granularity)!.coefficient) + (raw.granularity === '0.01' ? 'e-2' : raw.granularity === '0.5' ? 'e-1' : ''),
          unit: 'wan',
          granularity: raw.granularity,
          regions: raw.regions,
        });
        const ask = async () =>
          (await app.request('/v1/allocations?explain=true', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
        const first = await ask();
        expect(JSON.parse(first).summary?.balanced).toBe(true);
        expect(await ask()).toBe(first);
      }),
      { numRuns: 60 },
    );
  });

  it('weights that do not add up to 1 are rejected', () => {
    fc.assert(
      fc.property(factorsArb, fc.integer({ min: 1, max: 999 }), fc.boolean(), (factors, delta, up) => {
        const f0 = Number(factors[0].weight) * 1000;
        const moved = up ? f0 + delta : f0 - delta;
        fc.pre(moved >= 0 && moved <= 1000);
        const bad = [{ ...factors[0], weight: (moved / 1000).toFixed(3) }, ...factors.slice(1)];
        expect(() => prepareModel({ id: 'bad', version: '1', factors: bad })).toThrow(EngineError);
        try {
          prepareModel({ id: 'bad', version: '1', factors: bad });
        } catch (e) {
          expect((e as EngineError).issues.map((i) => i.path)).toContain('/factors');
        }
      }),
      { numRuns: 200 },
    );
  });
});
