import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rankByAmount } from '../../src/domain/allocation/rank.js';

/** The rule as stated, on the BigInts alone: amount, then formula share (both larger first), then id. */
function reference(parts: readonly bigint[], numerators: readonly bigint[], ids: readonly string[]): number[] {
  const order = parts.map((_, i) => i);
  order.sort((a, b) => {
    if (parts[a] !== parts[b]) return parts[a] > parts[b] ? -1 : 1;
    if (numerators[a] !== numerators[b]) return numerators[a] > numerators[b] ? -1 : 1;
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
  const ranks = new Array<number>(parts.length);
  order.forEach((idx, pos) => (ranks[idx] = pos + 1));
  return ranks;
}

describe('rankByAmount', () => {
  it('ranks as the stated rule on the exact values, also where doubles cannot tell them apart (fast-check)', () => {
    // values near 2^60 and 2^1100 differ by 1 where their doubles are equal (and beyond 1e308, Infinity)
    const big = fc.oneof(
      fc.bigInt({ min: 0n, max: 20n }),
      fc.bigInt({ min: 0n, max: 5n }).map((d) => 2n ** 60n + d),
      fc.bigInt({ min: 0n, max: 5n }).map((d) => 2n ** 1100n + d),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(big, big, fc.constantFrom('a', 'b', 'c', 'aa', 'B')), { maxLength: 40 }), (rows) => {
        const ids = rows.map(([, , id], i) => `${id}${i % 3}`);
        const parts = rows.map(([p]) => p);
        const numerators = rows.map(([, q]) => q);
        expect(rankByAmount(parts, numerators, ids)).toEqual(reference(parts, numerators, ids));
      }),
      { numRuns: 500 },
    );
  });

  it('ranks as the stated rule where every amount packs into one number (ties, zeros, amounts at the packing limit)', () => {
    const amount = fc.oneof(
      fc.bigInt({ min: 0n, max: 6n }),
      fc.bigInt({ min: 0n, max: 10n ** 7n }),
      fc.bigInt({ min: 0n, max: 3n }).map((d) => 2n ** 46n - 2n + d), // 2^(53 − bits) for 65–128 rows is 2^46
    );
    const numerator = fc.oneof(
      fc.bigInt({ min: 0n, max: 3n }),
      fc.bigInt({ min: 0n, max: 2n }).map((d) => 2n ** 200n + d),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, numerator, fc.constantFrom('a', 'b', 'B')), { minLength: 65, maxLength: 130 }), (rows) => {
        const ids = rows.map(([, , id], i) => `${id}${i % 4}`);
        const parts = rows.map(([p]) => p);
        const numerators = rows.map(([, q]) => q);
        expect(rankByAmount(parts, numerators, ids)).toEqual(reference(parts, numerators, ids));
      }),
      { numRuns: 1000 },
    );
  });
});
