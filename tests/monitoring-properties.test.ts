/**
 * Properties of monitoring and the industry-share check (fast-check): ranks do not depend on input order;
 * progress is within 0..100% when spent ≤ in place; the check agrees with shares.ts industryShare and with
 * a share recomputed here from the raw cents; a share exactly at its floor passes and one a hair below fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { industryShareModel } from '../src/api/models/catalog.js';
import { checkIndustryShare as checkWith, type IndustryCheckInput } from '../src/domain/industry-share/check.js';
import { monitor, prepareMonitoringModel, type MonitoringModel } from '../src/domain/monitoring/monitor.js';
import { rankByProgress } from '../src/domain/monitoring/progress.js';
import { inBottom } from '../src/domain/monitoring/ranks.js';
import { industryShare } from '../src/core/shares.js';
import defaultModel from '../models/monitoring/default.json';
import { postJson } from './api/request.js';

/** The floors of the built-in industry-share model (models/industry-share/sichuan.json) where the input gives none. */
const checkIndustryShare = (input: IndustryCheckInput) => checkWith(input, industryShareModel('sichuan')!.policy);

const MODEL = prepareMonitoringModel(defaultModel as MonitoringModel);
const cents = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/** A permutation of 0..n−1 from fast-check's shuffled subarray. */
const withPermutation = <T>(items: fc.Arbitrary<T[]>) =>
  items.chain((xs) => fc.shuffledSubarray([...xs.keys()], { minLength: xs.length, maxLength: xs.length }).map((perm) => ({ xs, perm })));

describe('ranks', () => {
  it('rankByProgress and inBottom do not depend on input order', () => {
    const progress = fc.array(fc.option(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 6 })), { nil: null }), { maxLength: 30 });
    fc.assert(
      fc.property(withPermutation(progress), fc.integer({ min: 0, max: 12 }), ({ xs, perm }, n) => {
        const values = xs.map((x) => (x === null ? null : { num: BigInt(x[0]), den: BigInt(x[1]) }));
        const ranks = rankByProgress(values);
        const shuffled = rankByProgress(perm.map((i) => values[i]));
        expect(shuffled).toEqual(perm.map((i) => ranks[i]));
        const bottom = inBottom(ranks, n);
        expect(inBottom(shuffled, n)).toEqual(perm.map((i) => bottom[i]));
      }),
      { numRuns: 300 },
    );
  });

  it('the whole report (rows, alerts) does not depend on the order of the regions', () => {
    const region = fc.tuple(
      fc.constantFrom<'city' | 'county'>('city', 'county'),
      fc.bigInt({ min: 0n, max: 10_000n }),
      fc.bigInt({ min: 0n, max: 10_000n }),
      fc.bigInt({ min: 0n, max: 10_000n }),
    );
    fc.assert(
      fc.property(withPermutation(fc.array(region, { minLength: 1, maxLength: 25 })), ({ xs, perm }) => {
        const regions = xs.map(([level, a, b, c], i) => {
          const [spent5, spent6, inPlace] = [a < b ? a : b, a < b ? b : a, (a < b ? b : a) + c];
          return {
            id: `R${i}`,
            level,
            months: [
              { month: 5, inPlace: cents(inPlace), spent: cents(spent5) },
              { month: 6, inPlace: cents(inPlace), spent: cents(spent6) },
            ],
          };
        });
        const run = (rs: typeof regions) => monitor({ model: MODEL, year: 2024, month: 6, unit: 'wan', regions: rs, projects: [] });
        const one = run(regions);
        const two = run(perm.map((i) => regions[i]));
        const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));
        expect(byId(two.regions)).toEqual(byId(one.regions));
        const alerts = (r: typeof one) => r.alerts.map((a) => JSON.stringify(a)).sort();
        expect(alerts(two)).toEqual(alerts(one));
      }),
      { numRuns: 150 },
    );
  });
});

describe('progress', () => {
  it('is within 0..100% whenever spent ≤ in place, and null only with nothing in place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.bigInt({ min: 0n, max: 10n ** 14n }), (a, b) => {
        const [spent, inPlace] = a <= b ? [a, b] : [b, a];
        const result = monitor({
          model: MODEL,
          year: 2024,
          month: 9,
          unit: 'yuan',
          regions: [{ id: 'A', level: 'county', months: [{ month: 9, inPlace: cents(inPlace), spent: cents(spent) }] }],
          projects: [],
        });
        const row = result.regions[0];
        if (inPlace === 0n) {
          expect(row.progress).toBeNull();
          return;
        }
        expect(row.progressPercent!.endsWith('%')).toBe(true);
        const pct = Number(row.progressPercent!.slice(0, -1));
        expect(pct).toBeGreaterThanOrEqual(0);
        expect(pct).toBeLessThanOrEqual(100);
        expect(Number(row.progress)).toBeGreaterThanOrEqual(0);
        expect(Number(row.progress)).toBeLessThanOrEqual(1);
        expect(row.progressPercent === '100.00%').toBe(spent === inPlace || spent * 20_000n >= inPlace * 19_999n);
      }),
      { numRuns: 300 },
    );
  });
});

/** Amounts by category and source, in cents. */
const table = fc.record({
  sources: fc.constantFrom(['central'], ['central', 'provincial'], ['central', 'provincial', 'county']),
  categories: fc.array(
    fc.tuple(
      fc.constantFrom('industry', 'processing', 'roads', 'relief', 'fee'),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 3, maxLength: 3 }),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  ),
  industry: fc.subarray(['industry', 'processing']),
  excluded: fc.subarray(['relief', 'fee']),
});

describe('industry-share check', () => {
  it('agrees with shares.ts industryShare and with the share recomputed from the raw cents', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 2000, max: 2040 }), (t, year) => {
        // one row per category id: merge repeats
        const rows = new Map<string, bigint[]>();
        for (const [id, amounts] of t.categories)
          rows.set(
            id,
            (rows.get(id) ?? [0n, 0n, 0n]).map((v, k) => v + amounts[k]),
          );
        const ids = [...rows.keys()];
        const industryCategories = t.industry.filter((c) => ids.includes(c));
        const excludedCategories = t.excluded.filter((c) => ids.includes(c));
        const input: IndustryCheckInput = {
          year,
          unit: 'wan',
          basis: 'planned',
          ...(industryCategories.length > 0 ? { industryCategories } : {}),
          excludedCategories,
          sources: t.sources.map((id) => ({ id })),
          categories: ids.map((id) => ({ id, amounts: Object.fromEntries(t.sources.map((s, k) => [s, cents(rows.get(id)![k])])) })),
        };
        const result = checkIndustryShare(input);
        const isIndustry = (c: string) => (industryCategories.length > 0 ? industryCategories : ['industry']).includes(c);
        const counted = (c: string) => !excludedCategories.includes(c);
        const columns = [...t.sources.map((_, k) => [k]), t.sources.map((_, k) => k)];
        [...result.sources, result.all].forEach((row, j) => {
          let industry = 0n;
          let base = 0n;
          for (const [id, amounts] of rows) {
            for (const k of columns[j]) {
              if (isIndustry(id)) industry += amounts[k];
              if (counted(id)) base += amounts[k];
            }
          }
          expect(row.industry).toBe(cents(industry));
          expect(row.base).toBe(cents(base));
          const viaShares = industryShare(
            { industryCategories: industryCategories.length > 0 ? industryCategories : ['industry'], excludedCategories },
            ids.flatMap((id) => columns[j].map((k) => [id, { num: rows.get(id)![k], den: 100n }] as const)),
          );
          if (base === 0n) {
            expect(row.share).toBeNull();
            expect(viaShares.share).toBeNull();
            return;
          }
          // 12 decimals, half away from zero, from the cents
          const scaled = (industry * 10n ** 13n) / base;
          const expected = (scaled + 5n) / 10n;
          const twelve = `${expected / 10n ** 12n}.${String(expected % 10n ** 12n).padStart(12, '0')}`;
          // …unless those 12 decimals would put the share onto or across its floor: then more, on its side
          const crosses =
            row.floor !== null &&
            industry * 10n ** 12n * 10n ** BigInt(row.floor.split('.')[1]?.length ?? 0) >= BigInt(row.floor.replace('.', '')) * base * 10n ** 12n !==
              expected * 10n ** BigInt(row.floor.split('.')[1]?.length ?? 0) >= BigInt(row.floor.replace('.', '')) * 10n ** 12n;
          if (crosses) expect(row.share!.length).toBeGreaterThan(twelve.length);
          else expect(row.share).toBe(twelve);
          expect(viaShares.share!.num * base).toBe(industry * viaShares.share!.den);
          if (row.floor !== null) {
            const [fn, fd] = [BigInt(row.floor.replace('.', '')), 10n ** BigInt(row.floor.split('.')[1]?.length ?? 0)];
            expect(row.pass).toBe(industry * fd >= fn * base);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a share exactly at its floor passes, with margin 0.00 and gap 0.00; a floor a hair higher fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.integer({ min: 0, max: 3 }), (p, m, extra) => {
        // base = 100·m cents, industry = p·m cents: share p% exactly, whatever the other decimals
        const floor = (p / 100).toFixed(2);
        const input = (f: string): IndustryCheckInput => ({
          year: 2024,
          unit: 'yuan',
          basis: 'actual',
          sources: [{ id: 'county', floor: f }],
          categories: [
            { id: 'industry', amounts: { county: cents(BigInt(p) * m) } },
            { id: 'roads', amounts: { county: cents(BigInt(100 - p) * m) } },
          ],
        });
        const at = checkIndustryShare(input(floor)).sources[0];
        expect(at).toMatchObject({ pass: true, marginPoints: '0.00', gap: '0.00' });
        if (p < 100) {
          const higher = `${floor}${'0'.repeat(extra)}1`;
          expect(checkIndustryShare(input(higher)).sources[0].pass).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('through the API too: at the floor passes (central 60% in 2023)', async () => {
    const { res, json } = await postJson('/v1/checks/industry-share', {
      year: 2023,
      unit: 'wan',
      sources: [{ id: 'central' }],
      categories: [
        { id: 'industry', amounts: { central: '289.80' } },
        { id: 'roads', amounts: { central: '193.20' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(json.rows[0]).toMatchObject({ base: '483.00', sharePercent: '60.00%', marginPoints: '0.00', floorFrom: 'centralPolicy', pass: true, gap: '0.00' });
  });
});
