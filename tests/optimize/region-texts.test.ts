/**
 * The region report writes thousands of numbers per answer through doubles where they are exact
 * (regionReport.ts). Each fast path is checked here against plain BigInt arithmetic on text, across the
 * boundaries where the fast path hands over (2^53, 12 decimals, half-way percentages).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGranules } from '../../src/core/money.js';
import type { RegionProblem } from '../../src/domain/optimization/regions/input.js';
import { amount, exactText, percentText } from '../../src/domain/optimization/regions/report.js';

/** num · 10^-scale, exactly, trailing zeros dropped; more than 12 decimals rounded half away from zero. */
function reference(num: bigint, scale: number): string {
  const negative = num < 0n;
  let a = negative ? -num : num;
  let s = scale;
  if (s > 12) {
    const cut = 10n ** BigInt(s - 12);
    const q = a / cut;
    a = 2n * (a - q * cut) >= cut ? q + 1n : q;
    s = 12;
  }
  let digits = a.toString().padStart(s + 1, '0');
  let text = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
  if (s > 0) text = text.replace(/0+$/, '').replace(/\.$/, '');
  digits = text;
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** dev / target × 100 with 2 decimals, half away from zero. */
function percentReference(dev: bigint, target: bigint): string {
  const negative = dev < 0n;
  const a = (negative ? -dev : dev) * 10_000n;
  let q = a / target;
  if (2n * (a - q * target) >= target) q += 1n;
  const text = q.toString().padStart(3, '0');
  return `${negative && q > 0n ? '-' : ''}${text.slice(0, -2)}.${text.slice(-2)}`;
}

const edge = 4n * 10n ** 15n;
const coefficient = fc.oneof(
  fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
  fc.bigInt({ min: edge - 1000n, max: edge + 1000n }),
  fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }),
  fc.bigInt({ min: -edge - 1000n, max: -edge + 1000n }),
);

describe('region report texts', () => {
  it('exactText writes num · 10^-scale exactly, whichever path it takes', () => {
    fc.assert(
      fc.property(coefficient, fc.integer({ min: 0, max: 15 }), (num, scale) => {
        expect(exactText(num, scale)).toBe(reference(num, scale));
      }),
      { numRuns: 3000 },
    );
    expect(exactText(-150n, 2)).toBe('-1.5');
    expect(exactText(100n, 2)).toBe('1');
    expect(exactText(0n, 4)).toBe('0');
    expect(exactText(5n, 14)).toBe('0'); // 5e-14 rounds to 0 at 12 places
    expect(exactText(-5n, 13)).toBe('-0.000000000001');
  });

  it('amounts in granules are written as money.fromGranules writes them', () => {
    const granularity = fc.record({ coefficient: fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 10n ** 6n })), scale: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(granularity, fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 2n ** 64n })), (g, x) => {
        const p = { granularity: g } as RegionProblem; // the formatter reads only the granularity
        expect(amount(p, x)).toBe(fromGranules(x, g));
      }),
      { numRuns: 3000 },
    );
  });

  it('percentText rounds dev / target × 100 half away from zero to 2 decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.bigInt({ min: 1n, max: 10n ** 14n }), (dev, target) => {
        expect(percentText(dev, target)).toBe(percentReference(dev, target));
      }),
      { numRuns: 3000 },
    );
    // exactly half-way cases go to the exact path and round away from zero
    expect(percentText(1n, 20_000n)).toBe('0.01');
    expect(percentText(-1n, 20_000n)).toBe('-0.01');
    expect(percentText(-1n, 300_000n)).toBe('0.00');
    expect(percentText(-25n, 100n)).toBe('-25.00');
  });
});
