/**
 * ?explain=true for kind regions (src/domain/optimization/regions/explain.ts): every amount of the direct
 * method gets one sentence in each language saying how it came about, and the sentence agrees with the row —
 * the bound it sits on, its target reached to the granule, or its part of the λ fill (short of the targets or
 * above them). Regions solved by the LP have none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optimizeRegions } from '../../src/domain/optimization/regions/allocation.js';
import type { RegionAllocationInput, RegionInput } from '../../src/domain/optimization/problems.js';

const input = (regions: RegionInput[], total: string, extra: Partial<RegionAllocationInput> = {}): RegionAllocationInput => ({
  unit: 'wan',
  granularity: '1',
  total,
  deviation: 'absolute',
  regions,
  ...extra,
});

const CJK = /[\u4e00-\u9fff]/;

describe('the reason for each amount (direct method)', () => {
  it('names the bound that held, and the rule behind it', async () => {
    const r = await optimizeRegions(
      input(
        [
          { id: 'F', target: '100', lastYear: '200' }, // hold-harmless 180 above the target
          { id: 'C', target: '500', maximum: '300' }, // capped below the target
          { id: 'X', target: '400' },
        ],
        '900',
        { holdHarmless: '0.9' },
      ),
    );
    const [f, c, x] = r.rowTraces!;
    expect(f).toMatchObject({ bound: 'minimum', filled: null });
    expect(f.reason.en).toBe("Target 100; its floor 180万元 (hold-harmless: 0.9 × last year's 200) is above the target, so it gets the floor.");
    expect(f.reason.zh).toBe('目标额 100；下限 180万元（保底：上年 200 × 0.9）高于目标额，按下限安排。');
    expect(c).toMatchObject({ bound: 'maximum', filled: null });
    expect(c.reason.en).toBe('Target 500; its cap 300万元 (maximum) is below the target, so it gets the cap.');
    // 900 − 180 − 300 = 420 for X, above its target 400: a surplus, which X alone can take
    expect(x).toMatchObject({ bound: null, filled: 'surplus' });
    expect(x.reason.en).toContain('it gets 420万元, +5.00% against its target');
  });

  it('says when an amount is its target, to the granule', async () => {
    const r = await optimizeRegions(
      input(
        [
          { id: 'A', target: '100' },
          { id: 'B', target: '50.5' },
        ],
        '150.5',
        { granularity: '0.5' },
      ),
    );
    expect(r.rowTraces!.map((t) => t.reason.en)).toEqual(['Gets its target 100 exactly.', 'Gets its target 50.5 exactly.']);
    const rounded = await optimizeRegions(
      input(
        [
          { id: 'A', target: '100.4' },
          { id: 'B', target: '49.6' },
        ],
        '150',
      ),
    );
    expect(rounded.rowTraces!.map((t) => t.filled)).toEqual(['target', 'target']);
    expect(rounded.rowTraces![0].reason.zh).toBe('按目标额 100.4 安排，按粒度 1 取整为 100万元。');
  });

  it('gives the λ of a cut shared in proportion to the targets', async () => {
    const r = await optimizeRegions(
      input(
        [
          { id: 'A', target: '600' },
          { id: 'B', target: '300' },
          { id: 'C', target: '100' },
        ],
        '900',
      ),
    );
    for (const t of r.rowTraces!) {
      expect(t).toMatchObject({ bound: null, filled: 'short' });
      expect(t.reason.en).toContain('λ = 0.9:');
      expect(t.reason.en).toContain('-10.00% against its target');
      expect(t.reason.zh).toContain('较目标额 -10.00%');
    }
  });

  it('holds for every row of random problems: one sentence each, in both languages, agreeing with the row', async () => {
    const region = fc.record({
      target: fc.integer({ min: 0, max: 500 }),
      minimum: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      width: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(region, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3000 }), async (rs, total) => {
        const regions = rs.map((r, i) => ({
          id: `R${i}`,
          target: String(r.target),
          ...(r.minimum !== undefined ? { minimum: String(r.minimum) } : {}),
          ...(r.width !== undefined ? { maximum: String((r.minimum ?? 0) + r.width) } : {}),
        }));
        const result = await optimizeRegions(input(regions, String(total)));
        if (result.solve.status !== 'optimal') return;
        const traces = result.rowTraces!;
        expect(traces).toHaveLength(result.rows.length);
        traces.forEach((t, i) => {
          const row = result.rows[i];
          expect(t.reason.en.length).toBeGreaterThan(10);
          expect(t.reason.zh).toMatch(CJK);
          // the sentence names the target as the request wrote it; the row has it with 6 decimals, the same number
          expect(t.reason.en).toContain(regions[i].target);
          expect(Number(row.target)).toBe(Number(regions[i].target));
          expect(row.target).toMatch(/^\d+\.\d{6}$/);
          if (t.bound === 'minimum') expect(row.amount).toBe(row.minimum);
          if (t.bound === 'maximum') expect(row.amount).toBe(row.maximum);
          if (t.filled === 'short') expect(Number(row.deviation)).toBeLessThan(0);
          if (t.filled === 'surplus') expect(Number(row.deviation)).toBeGreaterThan(0);
          if (t.filled === 'target') expect(Math.abs(Number(row.deviation))).toBeLessThan(1);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the LP writes none (?explain=true there is a 422)', async () => {
    const r = await optimizeRegions(
      input(
        [
          { id: 'A', target: '1' },
          { id: 'B', target: '1' },
        ],
        '2',
        { method: 'lp' },
      ),
    );
    expect(r.rowTraces).toBeUndefined();
  });
});
