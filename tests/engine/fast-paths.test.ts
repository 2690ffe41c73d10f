/**
 * The speed shortcuts against their exact references: each must give exactly what the slow path gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactApportion } from '../../src/core/money/apportion.js';
import { sumOf } from '../../src/domain/allocation/transforms/column.js';
import {
  apportionOver,
  formatCount,
  formatScaled,
  fromGranules,
  parseDecimal,
  parseDecimalText,
  ratioCounter,
  ratioEstimator,
  roundRatio,
} from '../../src/core/money.js';
import { rankAndScore } from '../../src/domain/allocation/pipeline/points.js';

describe('parseDecimal of short strings (one pass over the characters)', () => {
  const general = parseDecimalText;

  it('reads every short plain decimal as the general path does', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,10}$/), fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }))
      .map(([minus, whole, fraction]) => `${minus ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(decimal, (s) => {
        expect(parseDecimal(s)).toEqual(general(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves everything else to the general path', () => {
    for (const s of [
      '',
      '-',
      '.',
      '1.',
      '.5',
      '-.5',
      '+1',
      '1e5',
      '1.2.3',
      '--1',
      '1-',
      '0x10',
      '1,5',
      '١',
      '9999999999999999',
      '0.000000000000001',
      '-0',
      '-0.00',
      '007.50',
    ]) {
      expect(parseDecimal(s), JSON.stringify(s)).toEqual(general(s));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (s) => {
        expect(parseDecimal(s)).toEqual(general(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseDecimal of JSON numbers (the decimal String(x) writes, found without writing it)', () => {
  const viaText = (x: number) => parseDecimalText(String(x));

  it('reads every number as its shortest text reads', () => {
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      // amounts and indicators as senders write them: a few decimals
      fc.tuple(fc.integer({ min: -(2 ** 47), max: 2 ** 47 }), fc.integer({ min: 0, max: 15 })).map(([c, s]) => c / 10 ** s),
      fc.tuple(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 8 })).map(([c, s]) => Number((c / 10 ** s).toFixed(s))),
      // where the search stops (|x|·10^s near 2^45) and beyond, where shortest texts have 16–17 digits
      fc.tuple(fc.integer({ min: 1, max: 15 }), fc.double({ min: 0.5, max: 4, noNaN: true })).map(([s, k]) => (k * 2 ** 45) / 10 ** s),
      fc.double({ min: 1e-9, max: 1e-6, noNaN: true }),
    );
    fc.assert(
      fc.property(number, (x) => {
        expect(parseDecimal(x)).toEqual(viaText(x));
      }),
      { numRuns: 20000 },
    );
  });

  it('reads the doubles next to short decimals as their own long texts', () => {
    for (const base of [0.1, 0.3, 11234.56, 1234567.891, 35184372088.83, 3.5184372088832e13 / 1e3, 1e-7, 123.456e-5]) {
      for (const x of [base, nextUp(base), nextDown(base), -base]) expect(parseDecimal(x), String(x)).toEqual(viaText(x));
    }
  });
});

function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] += x >= 0 ? 1n : -1n;
  return b[0];
}
function nextDown(x: number): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] -= x > 0 ? 1n : -1n;
  return b[0];
}

describe('ratioEstimator (the float filter, in doubles)', () => {
  it('is either NaN or exactly the nearest integer, and ratioCounter is always exact', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
        fc.bigInt({ min: 1n, max: 10n ** 60n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        (n, d, mul) => {
          const exact = roundRatio({ num: n * mul, den: d }, 'nearest');
          const x = ratioEstimator(d, mul)(n);
          if (!Number.isNaN(x)) expect(BigInt(x)).toBe(exact);
          expect(ratioCounter(d, mul)(n)).toBe(exact);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('near halves it gives up rather than guess', () => {
    for (const k of [0n, 1n, 7n, 123456789n]) {
      const d = 1000n;
      for (const n of [(2n * k + 1n) * 500n, (2n * k + 1n) * 500n - 1n, (2n * k + 1n) * 500n + 1n]) {
        const x = ratioEstimator(d)(n);
        if (!Number.isNaN(x)) expect(BigInt(x)).toBe(roundRatio({ num: n, den: d }, 'nearest'));
        expect(ratioCounter(d)(n)).toBe(roundRatio({ num: n, den: d }, 'nearest'));
      }
    }
  });
});

describe('formatCount (formatScaled of a count held as a double)', () => {
  it('prints what formatScaled prints for the same BigInt', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(4n * 10n ** 15n) + 1n, max: 4n * 10n ** 15n - 1n }), fc.integer({ min: 0, max: 15 }), (c, scale) => {
        expect(formatCount(Number(c), scale)).toBe(formatScaled(c, scale));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('fromGranules (in doubles where exact)', () => {
  it('prints what formatScaled prints for count × granularity, also beyond 2^53', () => {
    const count = fc.oneof(
      fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
      fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
      fc.bigInt({ min: 0n, max: 8n }).map((d) => 2n ** 53n - 4n + d),
      fc.bigInt({ min: 0n, max: 8n }).map((d) => 4n * 10n ** 15n - 4n + d),
    );
    const granularity = fc.tuple(fc.oneof(fc.constantFrom(1n, 5n, 100n), fc.bigInt({ min: 1n, max: 10n ** 20n })), fc.integer({ min: 0, max: 18 }));
    fc.assert(
      fc.property(count, granularity, (c, [coefficient, scale]) => {
        expect(fromGranules(c, { coefficient, scale })).toBe(formatScaled(c * coefficient, scale));
      }),
      { numRuns: 10000 },
    );
  });
});

/** The largest-remainder split as it was first written: every part in one exact sort. */
function referenceSplit(total: bigint, weights: readonly bigint[], keys: readonly string[]) {
  const denominator = weights.reduce((x, y) => x + y, 0n);
  const floors = weights.map((w) => (total * w) / denominator);
  const remainders = weights.map((w, i) => total * w - floors[i] * denominator);
  const left = Number(total - floors.reduce((x, y) => x + y, 0n));
  const order = weights.map((_, i) => i);
  order.sort((a, b) => {
    if (remainders[a] !== remainders[b]) return remainders[a] > remainders[b] ? -1 : 1;
    if (weights[a] !== weights[b]) return weights[a] > weights[b] ? -1 : 1;
    return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
  });
  const awarded = order.slice(0, left);
  const parts = floors.slice();
  for (const i of awarded) parts[i] += 1n;
  return { parts, floors, remainders, awarded };
}

describe('apportionOver (only positive remainders sorted, doubles compared first)', () => {
  it('gives the parts, floors, remainders and award order of the full exact sort', () => {
    // few distinct weights, zeros and huge weights: ties in the remainders and in their doubles
    const weight = fc.oneof(
      fc.constantFrom(0n, 1n, 2n, 3n, 10n ** 30n, 10n ** 30n + 1n),
      fc.bigInt({ min: 0n, max: 1000n }),
      fc.bigInt({ min: 0n, max: 10n ** 80n }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(weight, { minLength: 1, maxLength: 60 }), fc.boolean(), (total, raw, sameKey) => {
        const weights = raw.some((w) => w > 0n) ? raw : [1n, ...raw];
        const keys = weights.map((_, i) => (sameKey && i % 3 === 0 ? 'k' : `k${(i * 7) % 11}-${i}`));
        const denominator = weights.reduce((x, y) => x + y, 0n);
        const got = apportionOver(total, weights, denominator, keys);
        const want = referenceSplit(total, weights, keys);
        expect(got.parts).toEqual(want.parts);
        expect(got.floors).toEqual(want.floors);
        expect(got.remainders).toEqual(want.remainders);
        expect(got.awarded).toEqual(want.awarded);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('apportionOver where doubles cannot decide (filtered against exactApportion)', () => {
  it('matches the exact split for weights whose shares sit on or next to whole granules and next to each other', () => {
    // shares total·w/D within a few units of 10^-40 of an integer or of each other: the doubles cannot tell
    const near = fc.tuple(fc.bigInt({ min: 0n, max: 50n }), fc.constantFrom(0n, 1n, 2n, 10n ** 20n, 5n * 10n ** 39n), fc.bigInt({ min: -3n, max: 3n }));
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.array(near, { minLength: 1, maxLength: 80 }), (total, raw) => {
        const unit = 10n ** 40n;
        const weights = raw.map(([k, f, d]) => {
          const w = k * unit + f + d;
          return w < 0n ? 0n : w;
        });
        if (!weights.some((x) => x > 0n)) weights.push(unit);
        const keys = weights.map((_, i) => `r${(i * 13) % 7}-${i}`);
        const denominator = weights.reduce((x, y) => x + y, 0n);
        const got = apportionOver(total, weights, denominator, keys);
        const want = exactApportion(total, weights, denominator, keys);
        expect(got.parts).toEqual(want.parts);
        expect(got.floors).toEqual(want.floors);
        expect(got.awarded).toEqual(want.awarded);
        expect(got.remainders).toEqual(want.remainders);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sumOf (a column sum in doubles while exact)', () => {
  it('is the BigInt sum, also where values or partial sums pass 2^53', () => {
    const value = fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 6n }),
      fc.bigInt({ min: 0n, max: 4n }).map((d) => 2n ** 52n + d),
      fc.bigInt({ min: 0n, max: 10n ** 30n }),
      fc.bigInt({ min: -(10n ** 6n), max: 0n }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        expect(sumOf(values)).toBe(values.reduce((x, y) => x + y, 0n));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('points ranks from one sort', () => {
  it('rank = 1 + how many score higher; rankFromBottom = 1 + how many score lower', () => {
    const score = fc.oneof(
      fc.integer({ min: -5, max: 5 }).map((x) => ({ coefficient: BigInt(x), scale: 0 })),
      fc.integer({ min: 0, max: 1000 }).map((x) => ({ coefficient: BigInt(x), scale: 1 })),
      // beyond the exact-double packing (|v|·n + n ≥ 2^53): the exact sort
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((x) => ({ coefficient: x, scale: 2 })),
    );
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 50 }), (scores) => {
        const ranked = rankAndScore(scores, {}, () => 0n);
        const scale = Math.max(...scores.map((s) => s.scale));
        const v = scores.map((s) => s.coefficient * 10n ** BigInt(scale - s.scale));
        ranked.forEach((r, i) => {
          expect(r.rank).toBe(1 + v.filter((x) => x > v[i]).length);
          expect(r.rankFromBottom).toBe(1 + v.filter((x) => x < v[i]).length);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
