/**
 * A region's waterfall (src/widget/waterfall.ts): from formula to amount, zero steps left out, in the answer's
 * stage order, exact. Checked on hand-made stages and on the engine's own rows (allocateLocally, the code the
 * widget runs), whose stages add up to the amount: the running total must land on it exactly.
 */
import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { allocateLocally } from '../../src/widget/engine.js';
import { reachesAmount, STAGES, waterfallSteps } from '../../src/widget/waterfall.js';

describe('waterfallSteps', () => {
  it('starts at the formula, skips zero stages, ends at the amount', () => {
    const steps = waterfallSteps(
      { formula: '10.000000', setAsides: '0.000000', points: '-2.500000', grades: '0', bounds: '1.250000', rounding: '0.004000' },
      '8.754',
    );
    expect(steps.map((s) => [s.stage, s.kind, s.delta, s.start, s.end])).toEqual([
      ['formula', 'start', '10', '0', '10'],
      ['points', 'down', '-2.5', '10', '7.5'],
      ['bounds', 'up', '1.25', '7.5', '8.75'],
      ['rounding', 'up', '0.004', '8.75', '8.754'],
      ['amount', 'total', '8.754', '0', '8.754'],
    ]);
    expect(reachesAmount(steps)).toBe(true);
  });

  it('takes the stages in the answer’s order whatever the object’s key order, and unknown stages after them', () => {
    const steps = waterfallSteps({ rounding: '-0.01', future: '1', formula: '5', setAsides: '2' }, '6.99');
    expect(steps.map((s) => s.stage)).toEqual(['formula', 'setAsides', 'rounding', 'future', 'amount']);
    expect(steps.at(-2)?.end).toBe('7.99');
    expect(reachesAmount(steps)).toBe(false); // 5 + 2 − 0.01 + 1 = 7.99, not the 6.99 given
  });

  it('is exact where binary floats are not', () => {
    const steps = waterfallSteps({ formula: '0.1', setAsides: '0.2' }, '0.3');
    expect(steps[1].end).toBe('0.3');
    expect(reachesAmount(steps)).toBe(true);
  });

  it('without stages is just the amount', () => {
    expect(waterfallSteps(undefined, '12.30')).toEqual([{ stage: 'amount', kind: 'total', delta: '12.3', start: '0', end: '12.3' }]);
  });

  it('lands exactly on every amount of the engine’s answers', () => {
    const region = fc.record({
      keyCounty: fc.constantFrom('national', 'provincial', 'other'),
      relocation: fc.integer({ min: 0, max: 5000 }),
      poverty: fc.integer({ min: 1, max: 100000 }),
      monitored: fc.integer({ min: 1, max: 8000 }),
      income: fc.integer({ min: 8000, max: 30000 }),
      performance: fc.integer({ min: 50, max: 100 }),
      lastYear: fc.option(fc.integer({ min: 0, max: 80000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(region, { minLength: 2, maxLength: 25 }), fc.integer({ min: 100, max: 20000 }), (rs, total) => {
        const regions = rs.map(({ lastYear, ...indicators }, i) => ({
          id: `R${i}`,
          name: `县${i}`,
          indicators,
          ...(lastYear === undefined ? {} : { lastYear: (lastYear / 100).toFixed(2) }),
        }));
        const out = allocateLocally({ model: 'sichuan-2024', total: String(total), unit: 'wan', regions });
        if (!out.ok) return; // e.g. floors above the total: the engine's own problem, not the waterfall's
        for (const row of out.answer.rows as { amount: string; stages: Record<string, string> }[]) {
          const steps = waterfallSteps(row.stages, row.amount);
          expect(steps[0].stage).toBe('formula');
          expect(steps.at(-1)).toMatchObject({ stage: 'amount', kind: 'total' });
          expect(new DecimalJs(steps.at(-1)!.end).eq(row.amount)).toBe(true);
          expect(reachesAmount(steps), JSON.stringify(row.stages)).toBe(true);
          const order = steps.slice(1, -1).map((s) => STAGES.indexOf(s.stage as (typeof STAGES)[number]));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          for (const s of steps.slice(1, -1)) {
            expect(new DecimalJs(s.delta).isZero()).toBe(false);
            expect(s.kind).toBe(new DecimalJs(s.delta).isNegative() ? 'down' : 'up');
            expect(new DecimalJs(s.start).plus(s.delta).eq(s.end)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
