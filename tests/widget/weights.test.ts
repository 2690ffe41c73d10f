/**
 * The sliders' arithmetic (src/widget/weights.ts): whatever the weights and the move, whole percents in 0..100
 * that add up to exactly 100, the moved slider at its value, the others in proportion (each within one percent
 * of its exact quota, checked here with integer arithmetic of its own), ties to the earlier factor, deterministic.
 */
import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { allocationModel } from '../../src/api/models/catalog.js';
import { clampPercent, normalise, parseWeightsAttribute, percentsOf, rebalance, slidersOf, toFraction, toFractions } from '../../src/widget/weights.js';

const ids = ['policy', 'population', 'income', 'performance', 'f5', 'f6', 'f7', 'f8'];
/** 1..8 factors with whole percents 0..100 that need not add up to 100 (a weights attribute may not). */
const weightsArb = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...ids.slice(0, n).map(() => fc.integer({ min: 0, max: 100 }))).map((vs) => Object.fromEntries(vs.map((v, i) => [ids[i], v]))));
/** Whatever an input event or a script can hand over: whole, fractional, out of range, not a number. */
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -10, max: 110, noNaN: false }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const caseArb = weightsArb.chain((w) => fc.tuple(fc.constant(w), fc.constantFrom(...Object.keys(w)), valueArb));

describe('rebalance', () => {
  it('always gives whole percents in 0..100 adding up to exactly 100, with the same factors in the same order', () => {
    fc.assert(
      fc.property(caseArb, ([w, changed, value]) => {
        const out = rebalance(w, changed, value);
        expect(Object.keys(out)).toEqual(Object.keys(w));
        for (const v of Object.values(out)) {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
        }
        expect(Object.values(out).reduce((s, v) => s + v, 0)).toBe(100);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the moved slider its value (a whole percent, clamped) when there are other factors to take the rest', () => {
    fc.assert(
      fc.property(caseArb, ([w, changed, value]) => {
        fc.pre(Object.keys(w).length > 1);
        const expected = Number.isFinite(value) ? Math.min(100, Math.max(0, Math.round(value))) : 0;
        expect(rebalance(w, changed, value)[changed]).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('shares the rest in proportion: each other factor is its exact quota rounded down or up', () => {
    fc.assert(
      fc.property(caseArb, ([w, changed, value]) => {
        const others = Object.keys(w).filter((k) => k !== changed);
        fc.pre(others.length > 0);
        const out = rebalance(w, changed, value);
        const rest = 100 - out[changed];
        const base = others.map((k) => Math.min(100, Math.max(0, w[k])));
        const sum = base.reduce((s, v) => s + v, 0);
        others.forEach((k, i) => {
          // quota = rest × w_i / sum (or rest / n when all are 0): out·den must lie within one den of rest·num
          const [num, den] = sum === 0 ? [1, others.length] : [base[i], sum];
          const scaled = BigInt(out[k]) * BigInt(den);
          const exact = BigInt(rest) * BigInt(num);
          expect(scaled - exact < BigInt(den) && exact - scaled < BigInt(den)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and leaves its input alone', () => {
    fc.assert(
      fc.property(caseArb, ([w, changed, value]) => {
        const copy = { ...w };
        const a = rebalance(w, changed, value);
        const b = rebalance(copy, changed, value);
        expect(a).toEqual(b);
        expect(w).toEqual(copy);
      }),
    );
  });

  it('breaks a tie of remainders in favour of the earlier factor', () => {
    // 49 between two equal weights: 24.5 each; the earlier gets 25
    expect(rebalance({ x: 50, a: 25, b: 25 }, 'x', 51)).toEqual({ x: 51, a: 25, b: 24 });
    expect(rebalance({ a: 25, b: 25, x: 50 }, 'x', 51)).toEqual({ a: 25, b: 24, x: 51 });
    // 100 among three equal: 33.33 each, the first gets the extra one
    expect(rebalance({ a: 10, b: 10, c: 10, d: 70 }, 'd', 0)).toEqual({ a: 34, b: 33, c: 33, d: 0 });
  });

  it('spreads the rest equally when the others are all 0', () => {
    expect(rebalance({ a: 100, b: 0, c: 0 }, 'a', 0)).toEqual({ a: 0, b: 50, c: 50 });
    expect(rebalance({ a: 100, b: 0, c: 0 }, 'a', 1)).toEqual({ a: 1, b: 50, c: 49 });
  });

  it('moves the sichuan-2024 weights as a planner would', () => {
    // policy 35 → 40: the rest, 60, in proportion 30:30:5 (27.69, 27.69, 4.62): floors 27, 27, 4 and the two left to the largest remainders
    expect(rebalance({ policy: 35, population: 30, income: 30, performance: 5 }, 'policy', 40)).toEqual({
      policy: 40,
      population: 28,
      income: 28,
      performance: 4,
    });
  });

  it('keeps a single factor at 100 (the sum wins over the move)', () => {
    expect(rebalance({ only: 100 }, 'only', 30)).toEqual({ only: 100 });
  });

  it('answers an unknown factor with the weights brought to 100, none moved', () => {
    expect(rebalance({ a: 1, b: 1 }, 'zzz', 50)).toEqual({ a: 50, b: 50 });
  });
});

describe('the weights as the engine takes them', () => {
  it('writes whole percents as fractions with 2 decimals that add up to exactly 1', () => {
    fc.assert(
      fc.property(weightsArb, (w) => {
        const fractions = toFractions(normalise(w));
        for (const f of Object.values(fractions)) expect(f).toMatch(/^[01]\.\d\d$/);
        const sum = Object.values(fractions).reduce((s, f) => s.plus(f), new DecimalJs(0));
        expect(sum.eq(1)).toBe(true);
      }),
    );
    expect(toFraction(35)).toBe('0.35');
    expect(toFraction(5)).toBe('0.05');
    expect(toFraction(100)).toBe('1.00');
  });

  it('reads the model’s weights as whole percents adding up to 100', () => {
    const model = allocationModel('sichuan-2024')!.model;
    const percents = percentsOf(model.factors);
    // the model file says 0.35, 0.30, 0.30, 0.05
    expect(percents).toEqual(Object.fromEntries(model.factors.map((f) => [f.id, new DecimalJs(String(f.weight)).times(100).toNumber()])));
    expect(Object.values(percents).reduce((s, v) => s + v, 0)).toBe(100);
    // thirds are not whole percents: largest remainder, the earlier first
    expect(
      percentsOf([
        { id: 'a', weight: '0.333333' },
        { id: 'b', weight: '0.333333' },
        { id: 'c', weight: '0.333334' },
      ]),
    ).toEqual({ a: 33, b: 33, c: 34 });
  });

  it('reads the weights attribute in percents or fractions, exactly', () => {
    expect(parseWeightsAttribute('policy:40%,population:30%,income:25%,performance:5%')).toEqual({
      ok: true,
      fractions: { policy: '0.4', population: '0.3', income: '0.25', performance: '0.05' },
    });
    expect(parseWeightsAttribute('policy:0.4, population:0.30;income=0.25 performance:.05')).toEqual({
      ok: true,
      fractions: { policy: '0.4', population: '0.3', income: '0.25', performance: '0.05' },
    });
    expect(parseWeightsAttribute('policy:abc,income:-0.1,justtext')).toEqual({ ok: false, bad: ['policy:abc', 'income:-0.1', 'justtext'] });
  });

  it('shows exact fractions on the sliders as whole percents without forcing the sum', () => {
    expect(slidersOf({ policy: '0.5', population: '0.3', income: '0.25', performance: '0.05' }, ['policy', 'population', 'income', 'performance'])).toEqual({
      policy: 50,
      population: 30,
      income: 25,
      performance: 5,
    });
    expect(clampPercent(Number.NaN)).toBe(0);
    expect(clampPercent(100.4)).toBe(100);
  });
});
