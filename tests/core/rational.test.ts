/**
 * The one rational module (src/core/rational.ts) against independent references: a fraction written here
 * from first principles (its own Euclid, cross-multiplied comparisons), and decimal.js at 300 significant
 * digits for every text form (ROUND_HALF_UP in decimal.js is half away from zero, the engine's `nearest`).
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as R from '../../src/core/rational.js';
import { roundRatio } from '../../src/core/money.js';

const D = Decimal.clone({ precision: 300, rounding: Decimal.ROUND_DOWN });

// ---- the reference ----------------------------------------------------------------------------------------

type Frac = { n: bigint; d: bigint };

function euclid(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  return b === 0n ? a : euclid(b, a % b);
}
function frac(n: bigint, d: bigint): Frac {
  const s = d < 0n ? -1n : 1n;
  const g = euclid(n, d) || 1n;
  return { n: (s * n) / g, d: (s * d) / g };
}
const same = (x: R.Ratio, f: Frac) => x.num * f.d === f.n * x.den;
const reduced = (x: R.Ratio) => x.den > 0n && euclid(x.num, x.den) === (x.num === 0n ? x.den : 1n) && (x.num !== 0n || x.den === 1n);
/** floor and the nearest integer (halves away from zero), from the non-negative remainder. */
function refFloor(f: Frac): bigint {
  const m = ((f.n % f.d) + f.d) % f.d;
  return (f.n - m) / f.d;
}
function refNearest(f: Frac): bigint {
  const fl = refFloor(f);
  const twice = 2n * (f.n - fl * f.d);
  return twice > f.d || (twice === f.d && f.n > 0n) ? fl + 1n : fl;
}
const toDec = (r: R.Ratio) => new D(r.num.toString()).div(r.den.toString());
const refFixed = (r: R.Ratio, places: number) => {
  const t = toDec(r).toFixed(places, Decimal.ROUND_HALF_UP);
  return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t; // decimal.js keeps the sign of a negative zero
};
const refShort = (r: R.Ratio, places: number) => {
  const t = refFixed(r, places);
  return places > 0 ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
};

// ---- generators -------------------------------------------------------------------------------------------

const big = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
const small = fc.bigInt({ min: -1000n, max: 1000n });
const num = fc.oneof(big, small, fc.constant(0n));
const den = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 60n }), fc.constantFrom(1n, 2n, 4n, 8n, 10n, 100n, 3n, 7n));
/** a rational in any form the callers make: reduced (rat), or over a power of ten and unreduced (ratio). */
const ratio = fc.oneof(
  fc.tuple(num, den).map(([n, d]) => R.rat(n, d)),
  fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 8 })).map(([c, s]) => ({ num: c, den: 10n ** BigInt(s) })),
);
const places = fc.integer({ min: 0, max: 14 });
const asFrac = (x: R.Ratio) => frac(x.num, x.den);

describe('gcd (the one copy)', () => {
  it('divides both, and what is left shares nothing', () => {
    fc.assert(
      fc.property(num, num, (a, b) => {
        const g = R.gcd(a, b);
        expect(g).toBe(euclid(a, b));
        if (g === 0n) {
          expect([a, b]).toEqual([0n, 0n]);
          return;
        }
        expect(a % g).toBe(0n);
        expect(b % g).toBe(0n);
        expect(euclid(a / g, b / g)).toBe(1n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rat = q = reduce', () => {
  it('reduces with a positive denominator and keeps the value', () => {
    fc.assert(
      fc.property(num, den, fc.boolean(), (n, d, flip) => {
        const x = R.rat(n, flip ? -d : d);
        expect(reduced(x)).toBe(true);
        expect(same(x, frac(n, flip ? -d : d))).toBe(true);
        expect(R.q(n, d)).toEqual(R.rat(n, d));
        expect(R.reduce(n, d)).toEqual(R.rat(n, d));
      }),
      { numRuns: 500 },
    );
  });
  it('refuses a zero denominator, and division by zero', () => {
    expect(() => R.rat(1n, 0n)).toThrow(RangeError);
    expect(() => R.div(R.ONE, R.ZERO)).toThrow(RangeError);
  });
});

describe('arithmetic against the reference fraction', () => {
  it('add, sub, mul, div give reduced values equal to the reference', () => {
    fc.assert(
      fc.property(ratio, ratio, (a, b) => {
        const [fa, fb] = [asFrac(a), asFrac(b)];
        const cases: [R.Ratio, Frac][] = [
          [R.add(a, b), frac(fa.n * fb.d + fb.n * fa.d, fa.d * fb.d)],
          [R.sub(a, b), frac(fa.n * fb.d - fb.n * fa.d, fa.d * fb.d)],
          [R.mul(a, b), frac(fa.n * fb.n, fa.d * fb.d)],
        ];
        if (b.num !== 0n) cases.push([R.div(a, b), frac(fa.n * fb.d, fa.d * fb.n)]);
        for (const [got, want] of cases) {
          expect(reduced(got)).toBe(true);
          expect(got).toEqual({ num: want.n, den: want.d });
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('cmp, eq, sign, min, max, abs, neg, isInteger, isZero agree with cross-multiplication', () => {
    fc.assert(
      fc.property(ratio, ratio, (a, b) => {
        const l = a.num * b.den;
        const r = b.num * a.den;
        expect(R.cmp(a, b)).toBe(l < r ? -1 : l > r ? 1 : 0);
        expect(R.eq(a, b)).toBe(l === r);
        expect(R.eq(a, R.rat(a.num, a.den))).toBe(true); // unreduced equals reduced
        expect(R.sign(a)).toBe(a.num < 0n ? -1 : a.num > 0n ? 1 : 0);
        expect(same(R.min(a, b), l <= r ? asFrac(a) : asFrac(b))).toBe(true);
        expect(same(R.max(a, b), l >= r ? asFrac(a) : asFrac(b))).toBe(true);
        expect(same(R.abs(a), frac(a.num < 0n ? -a.num : a.num, a.den))).toBe(true);
        expect(same(R.neg(a), frac(-a.num, a.den))).toBe(true);
        expect(R.isInteger(a)).toBe(a.num % a.den === 0n);
        expect(R.isZero(a)).toBe(a.num === 0n);
      }),
      { numRuns: 1000 },
    );
  });
  it('sum, Sum and times10 equal repeated reference additions', () => {
    fc.assert(
      fc.property(fc.array(ratio, { maxLength: 12 }), ratio, fc.integer({ min: -12, max: 12 }), (xs, c, k) => {
        let want = frac(0n, 1n);
        for (const x of xs) want = frac(want.n * x.den + x.num * want.d, want.d * x.den);
        expect(R.sum(xs)).toEqual({ num: want.n, den: want.d });
        const acc = new R.Sum();
        for (const x of xs) acc.add(x);
        expect(acc.value()).toEqual({ num: want.n, den: want.d });
        const products = new R.Sum();
        for (const x of xs) products.addProduct(c, x);
        expect(same(products.value(), frac(want.n * c.num, want.d * c.den))).toBe(true);
        const t = R.times10(c, k);
        expect(reduced(t) || k === 0).toBe(true);
        expect(same(t, k >= 0 ? frac(c.num * 10n ** BigInt(k), c.den) : frac(c.num, c.den * 10n ** BigInt(-k)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('clamp keeps a value within its bounds', () => {
    expect(R.clamp(R.rat(5n), R.ZERO, R.ONE)).toEqual(R.ONE);
    expect(R.clamp(R.rat(-5n), R.ZERO, R.ONE)).toEqual(R.ZERO);
    expect(R.clamp(R.rat(1n, 2n), R.ZERO, R.ONE)).toEqual(R.rat(1n, 2n));
  });
});

describe('rounding: the one list of modes', () => {
  it('lists nearest, up and down; the evaluation writes nearest as halfUp', () => {
    expect(R.ROUNDINGS).toEqual(['nearest', 'up', 'down']);
    expect(Object.keys(R.ROUND_MODES).sort()).toEqual(['down', 'halfUp', 'up']);
    for (const [spelling, mode] of Object.entries(R.ROUND_MODES)) expect(R.rounding(spelling as R.RoundMode)).toBe(mode);
  });
  it('roundRatio, floor, ceil and round agree with the reference', () => {
    fc.assert(
      fc.property(ratio, fc.integer({ min: 0, max: 6 }), (x, p) => {
        const f = asFrac(x);
        const fl = refFloor(f);
        const ce = f.n % f.d === 0n ? fl : fl + 1n;
        expect(R.floor(x)).toBe(fl);
        expect(R.ceil(x)).toBe(ce);
        expect(roundRatio(x, 'down')).toBe(fl);
        expect(roundRatio(x, 'up')).toBe(ce);
        expect(roundRatio(x, 'nearest')).toBe(refNearest(f));
        const s = 10n ** BigInt(p);
        const scaled = frac(f.n * s, f.d);
        expect(R.round(x, p, 'halfUp')).toEqual(R.rat(refNearest(scaled), s));
        expect(R.round(x, p, 'nearest')).toEqual(R.round(x, p, 'halfUp'));
        expect(R.round(x, p, 'down')).toEqual(R.rat(refFloor(scaled), s));
        expect(R.toDecimalUp(x, p)).toEqual(R.round(x, p, 'up'));
        expect(R.cmp(R.toDecimalUp(x, p), x)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
  it('halves go away from zero', () => {
    expect(roundRatio(R.rat(5n, 2n), 'nearest')).toBe(3n);
    expect(roundRatio(R.rat(-5n, 2n), 'nearest')).toBe(-3n);
    expect(R.fixed(R.rat(-1n, 200n), 2)).toBe('-0.01');
  });
});

describe('text forms against decimal.js', () => {
  it('fixed, text, toDecimal, shareText, percentText, approx, percent', () => {
    fc.assert(
      fc.property(ratio, places, (x, p) => {
        expect(R.fixed(x, p)).toBe(refFixed(x, p));
        expect(R.text(x, p)).toBe(refShort(x, p));
        expect(R.toDecimal(x, p)).toBe(refShort(x, p));
        expect(R.text(x)).toBe(refShort(x, 6));
        expect(R.toDecimal(x)).toBe(refShort(x, 12));
        expect(R.shareText(x)).toBe(refFixed(x, 12));
        expect(R.percentText(x)).toBe(`${refFixed(R.mul(x, R.HUNDRED), 2)}%`);
        const exact = toDec(x).decimalPlaces() <= p && toDec(x).times(new D(10).pow(p)).isInteger();
        expect(R.approx(x, p)).toBe((exact ? '' : '≈') + refShort(x, p));
        expect(R.percent(x)).toBe(R.approx(R.mul(x, R.HUNDRED), 4) + '%');
      }),
      { numRuns: 1000 },
    );
  });
  it('amountText: the exact decimal with at least 2 places, else 12', () => {
    fc.assert(
      fc.property(ratio, (x) => {
        const p = R.exactPlaces(x);
        const want = p === undefined ? refFixed(x, 12) : refFixed(x, Math.max(2, p));
        expect(R.amountText(x)).toBe(want);
      }),
      { numRuns: 500 },
    );
    expect(R.amountText(R.rat(1n, 3n))).toBe('0.333333333333');
    expect(R.amountText(R.ratio('1134'))).toBe('1134.00');
  });
  it('exactPlaces: the decimals a value ends within, none for 1/3', () => {
    expect(R.exactPlaces(R.rat(1n, 3n))).toBeUndefined();
    expect(R.exactPlaces(R.rat(1n, 8n))).toBe(3);
    expect(R.exactPlaces(R.rat(7n))).toBe(0);
    expect(R.approx(R.rat(1n, 3n), 4)).toBe('≈0.3333');
    expect(R.percent(R.dec('0.9184'))).toBe('91.84%');
  });
});

describe('reading decimals', () => {
  it('decimal, ratio, dec and parseExact read the same value; ratio keeps the power of ten', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 10 }), (c, s) => {
        const neg = c < 0n;
        const digits = (neg ? -c : c).toString().padStart(s + 1, '0');
        const text = (neg ? '-' : '') + (s > 0 ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits);
        const want = frac(c, 10n ** BigInt(s));
        expect(same(R.ratio(text), want)).toBe(true);
        expect(R.dec(text)).toEqual({ num: want.n, den: want.d });
        expect(R.parseExact(text)).toEqual({ num: want.n, den: want.d });
        const d = R.decimal(text);
        expect(same(R.ratioOf(d), want)).toBe(true);
        expect(R.ratio(text).den % 10n === 0n || R.ratio(text).den === 1n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('parseExact takes bigints and rationals, and says undefined to what is not a number', () => {
    expect(R.parseExact(7n)).toEqual({ num: 7n, den: 1n });
    expect(R.parseExact({ num: 2n, den: -4n })).toEqual({ num: -1n, den: 2n });
    expect(R.parseExact({ num: 1n, den: 0n })).toBeUndefined();
    expect(R.parseExact('1,000')).toBeUndefined();
    expect(R.parseExact(0.1)).toEqual({ num: 1n, den: 10n });
    expect(() => R.dec('abc')).toThrow(RangeError);
    expect(() => R.ratio('')).toThrow(RangeError);
  });
});

describe('floats (the solvers’ edge)', () => {
  it('toFloat is the correctly rounded quotient for ordinary parts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }), fc.bigInt({ min: 1n, max: 2n ** 52n }), (n, d) => {
        const x = R.rat(n, d);
        expect(R.toFloat(x)).toBe(Number(x.num) / Number(x.den));
        expect(R.toFloat(x)).toBe(toDec(x).toNumber());
      }),
      { numRuns: 500 },
    );
  });
  it('toFloat of big parts is within one unit in the last place, tiny quotients included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.bigInt({ min: 2n ** 55n, max: 10n ** 45n }), (n, d) => {
        const want = toDec(R.rat(n, d)).toNumber();
        expect(Math.abs(R.toFloat(R.rat(n, d)) - want)).toBeLessThanOrEqual(Math.abs(want) * 2 ** -52);
      }),
      { numRuns: 300 },
    );
  });
  it('exactFloat is the double itself; fromFloat recovers simple fractions', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const r = R.exactFloat(x);
        expect(reduced(r)).toBe(true);
        expect(R.toFloat(r)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 500 },
    );
    expect(R.fromFloat(1000 / 3, 1e-9)).toEqual(R.rat(1000n, 3n));
    expect(R.fromFloat(-0.125, 1e-12)).toEqual(R.rat(-1n, 8n));
  });
});
