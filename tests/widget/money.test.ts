/**
 * The widget's money arithmetic (src/widget/money.ts) against integer cents (BigInt), the oracle: the change vs
 * the model's weights and the totals row are exact where binary floats are not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { difference, sumOf } from '../../src/widget/money.js';

/** cents as an amount string with 2 decimals, as the answer writes amounts ("-12.05", "0.00") */
const text = (cents: bigint): string => {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const cents = fc.bigInt({ min: 0n, max: 10n ** 15n });

describe('money', () => {
  it('subtracts amounts exactly, keeping their decimals', () => {
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        expect(difference(text(a), text(b))).toBe(text(a - b));
      }),
    );
    expect(difference('528.57', '523.89')).toBe('4.68');
    expect(difference('0.30', '0.10')).toBe('0.20');
    expect(difference('5000.00', '5000.00')).toBe('0.00');
    expect(difference('528.50', '500.00')).toBe('28.50');
  });

  it('adds a column exactly, keeping the most precise one’s decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 15n }), { minLength: 1, maxLength: 200 }), (xs) => {
        expect(sumOf(xs.map(text))).toBe(text(xs.reduce((s, x) => s + x, 0n)));
      }),
    );
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumOf(['0.1', '0.2'])).toBe('0.3');
    expect(sumOf(['0.084574000000', '0.915426000000'])).toBe('1.000000000000');
    expect(sumOf(['422.87', '77.13'])).toBe('500.00');
    expect(sumOf([])).toBe('0');
  });
});
