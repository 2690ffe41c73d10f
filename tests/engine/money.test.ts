import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ratioCounter,
  roundRatio,
  apportion,
  convert,
  exactRatioToText,
  formatScaled,
  fromGranules,
  granules,
  parseDecimal,
  ratioFormatter,
  ratioToText,
  toText,
} from '../../src/core/money.js';
import { EngineError } from '../../src/core/errors.js';

describe('parseDecimal', () => {
  it.each([
    ['1134.00', 1134n, 0], // normalised: trailing zeros carry no value
    ['1134', 1134n, 0],
    ['0.1', 1n, 1],
    ['.5', 5n, 1],
    ['-2.50', -25n, 1],
    ['0.010', 1n, 2],
    ['1e3', 1000n, 0],
    ['1.5E-2', 15n, 3],
  ] as const)('reads %s exactly', (text, coefficient, scale) => {
    expect(parseDecimal(text)).toEqual({ coefficient, scale });
  });

  it('reads JSON numbers as the decimal the sender wrote, not the binary float', () => {
    expect(parseDecimal(0.1)).toEqual({ coefficient: 1n, scale: 1 });
    expect(parseDecimal(12000.5)).toEqual({ coefficient: 120005n, scale: 1 });
    expect(parseDecimal(1e21)).toEqual({ coefficient: 10n ** 21n, scale: 0 });
  });

  it.each(['NaN', 'Infinity', '-Infinity', '', ' 42 ', '42 ', '\t42', '1,000', '0x10', '1e999', '12万', 'abc', '1.2.3'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it('rejects non-finite numbers', () => {
    expect(parseDecimal(Number.NaN)).toBeUndefined();
    expect(parseDecimal(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes exactly `scale` decimals', () => {
    expect(formatScaled(113400n, 2)).toBe('1134.00');
    expect(formatScaled(5n, 3)).toBe('0.005');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(7n, 0)).toBe('7');
  });

  it('rounds ratios half away from zero', () => {
    expect(exactRatioToText(1n, 3n, 4)).toBe('0.3333');
    expect(exactRatioToText(2n, 3n, 4)).toBe('0.6667');
    expect(exactRatioToText(1n, 8n, 2)).toBe('0.13');
    expect(exactRatioToText(-1n, 8n, 2)).toBe('-0.13');
  });

  it('the float filter gives the exact text, even next to a rounding boundary', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 15 }), (n, d, places) => {
        expect(ratioToText(n, d, places)).toBe(exactRatioToText(n, d, places));
      }),
      { numRuns: 2000 },
    );
    // exact half-way points and their neighbours, where a float estimate could round the wrong way
    for (const places of [0, 2, 6, 12]) {
      const d = 2n * 10n ** BigInt(places);
      for (const n of [1n, 3n, 12345n, 10n ** 11n + 1n]) {
        for (const big of [1n, 10n ** 20n]) {
          const fmt = ratioFormatter(d * big, places);
          expect(fmt(n * big)).toBe(exactRatioToText(n * big, d * big, places));
          expect(fmt(n * big + 1n)).toBe(exactRatioToText(n * big + 1n, d * big, places));
          expect(fmt(n * big - 1n)).toBe(exactRatioToText(n * big - 1n, d * big, places));
        }
      }
    }
  });

  it('the float filter gives the exact text next to half-way points of any size (margins relative to the value)', () => {
    // n / d within a few units of 1/d of (2k + 1) / 2 at `places`: the estimate cannot tell the side
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 60n }),
        fc.bigInt({ min: -3n, max: 3n }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(1n, 3n, 7n, 100n),
        (k, big, delta, places, mulNum) => {
          const d = 2n * 10n ** BigInt(places) * big;
          const n = (2n * k + 1n) * big + delta; // n / d = (2k + 1) / (2·10^places) + delta / d
          if (n < 0n) return;
          expect(ratioFormatter(d, places, mulNum, mulNum)(n)).toBe(exactRatioToText(n * mulNum, d * mulNum, places));
          expect(ratioFormatter(d, places)(n)).toBe(exactRatioToText(n, d, places));
          const scaled = n * 10n ** BigInt(places);
          expect(ratioCounter(d)(scaled)).toBe(roundRatio({ num: scaled, den: d }, 'nearest'));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('the formatter with multipliers matches the exact ratio', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 40n }),
        fc.bigInt({ min: 1n, max: 10n ** 40n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.integer({ min: 0, max: 12 }),
        (n, d, mulNum, mulDen, places) => {
          expect(ratioFormatter(d, places, mulNum, mulDen)(n)).toBe(exactRatioToText(n * mulNum, d * mulDen, places));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('units and granules', () => {
  it('converts 万元 and 元 exactly', () => {
    expect(toText(convert(parseDecimal('1134.00')!, 'wan', 'yuan'))).toBe('11340000');
    expect(toText(convert(parseDecimal('12345')!, 'yuan', 'wan'))).toBe('1.2345');
  });

  it('counts granules and refuses a total that is not a whole number of them', () => {
    expect(granules(parseDecimal('1134.00')!, parseDecimal('0.01')!, '/total')).toBe(113400n);
    expect(granules(parseDecimal('1200')!, parseDecimal('100')!, '/total')).toBe(12n);
    expect(fromGranules(12n, parseDecimal('100')!)).toBe('1200');
    expect(fromGranules(7n, parseDecimal('0.5')!)).toBe('3.5');
    expect(() => granules(parseDecimal('10.005')!, parseDecimal('0.01')!, '/total')).toThrow(EngineError);
  });
});

describe('apportion (largest remainder)', () => {
  it('splits 100 among three equal parts: the leftover goes to the smallest id', () => {
    const a = apportion(100n, [1n, 1n, 1n], ['c', 'a', 'b']);
    expect(a.parts).toEqual([33n, 34n, 33n]);
    expect(a.awarded).toEqual([1]);
  });

  it('equal remainders: the larger share gets the granule first', () => {
    // quotas 2.5 and 0.5 of 3 granules: both remainders are one half; the larger share wins.
    const a = apportion(3n, [5n, 1n], ['a', 'b']);
    expect(a.parts).toEqual([3n, 0n]);
  });

  it('the parts always add up to the total and never depend on input order', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 40 }),
        (total, raw) => {
          const weights = raw.some((w) => w > 0n) ? raw : [1n, ...raw];
          const keys = weights.map((_, i) => `k${i}`);
          const a = apportion(total, weights, keys);
          expect(a.parts.reduce((x, y) => x + y, 0n)).toBe(total);
          // each part is the floor or the ceiling of its exact quota
          a.parts.forEach((p, i) => {
            const floor = (total * weights[i]) / a.denominator;
            expect(p === floor || p === floor + 1n).toBe(true);
          });
          const reversed = apportion(total, [...weights].reverse(), [...keys].reverse());
          expect([...reversed.parts].reverse()).toEqual(a.parts);
        },
      ),
    );
  });

  it('rejects weights that sum to zero', () => {
    expect(() => apportion(10n, [0n, 0n], ['a', 'b'])).toThrow(RangeError);
  });
});

describe('parseDecimal of JSON numbers', () => {
  it('recovers the written decimal exactly for any number with up to 15 decimals', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const text = String(x);
        fc.pre(!text.includes('e'));
        expect(parseDecimal(x)).toEqual(parseDecimal(text));
      }),
      { numRuns: 5000 },
    );
    for (const x of [12345.67, 0.1, 0.7, 1.005, 9007199254740.99, 123456.789012, -0.3]) {
      expect(toText(parseDecimal(x)!)).toBe(String(x));
    }
  });
});

describe('formatScaled', () => {
  it('the fast path for small coefficients gives the same text as the exact one', () => {
    const slow = (c: bigint, scale: number) => {
      const digits = (c < 0n ? -c : c).toString().padStart(scale + 1, '0');
      const cut = digits.length - scale;
      return (c < 0n ? '-' : '') + (scale === 0 ? digits : digits.slice(0, cut) + '.' + digits.slice(cut));
    };
    fc.assert(
      fc.property(fc.bigInt({ min: -(4n * 10n ** 15n) + 1n, max: 4n * 10n ** 15n - 1n }), fc.integer({ min: 0, max: 15 }), (c, scale) => {
        expect(formatScaled(c, scale)).toBe(slow(c, scale));
      }),
      { numRuns: 5000 },
    );
    expect(formatScaled(0n, 2)).toBe('0.00');
    expect(formatScaled(-1n, 2)).toBe('-0.01');
    expect(formatScaled(3999999999999999n, 15)).toBe('3.999999999999999');
  });
});
