/** The pipeline's stages, each against hand-computed numbers. */
import { describe, expect, it } from 'vitest';
import { solveBounds } from '../../src/domain/allocation/pipeline/bounds.js';
import { amountAt, payOut, rankAndScore } from '../../src/domain/allocation/pipeline/points.js';
import { parseDecimal, roundRatio, toGranules } from '../../src/core/money.js';
import { sortExactly } from '../../src/core/sort.js';

const d = (x: string) => parseDecimal(x)!;
const none = undefined;

describe('floors and caps (solveBounds)', () => {
  it('lifts a region to its floor and takes the cost ratably from the others', () => {
    // formula 10, 30, 60 of 100; A must have 20 → B and C share 80 in proportion 30:60, λ = 8/9
    const s = solveBounds({ a: [0n, 0n, 0n], b: [10n, 30n, 60n], lo: [20n, 0n, 0n], hi: [none, none, none], target: 100n });
    if (!s.ok) throw new Error('infeasible');
    expect(s.p * 9n).toBe(s.q * 8n); // λ = 8/9
    expect(s.finals.map((f) => (f * 3n) / s.q)).toEqual([60n, 80n, 160n]); // 20, 26⅔, 53⅓
    expect(s.state).toEqual(['floor', 'free', 'free']);
    expect(s.initially.floor).toEqual([0]);
    expect(s.cascade).toEqual([]);
  });

  it('cascades: paying for one floor pushes another region onto its own floor', () => {
    // b = 10, 20, 30, 40 (of 100); floors A 15, B 19.5 (×2 to stay integral: all values doubled)
    // round 1: A is below 15 → the rest share 85 at λ = 85/90, which puts B at 18.9 < 19.5
    // round 2: B is held at 19.5 too → C and D share 65.5 at λ = 65.5/70
    const s = solveBounds({ a: [0n, 0n, 0n, 0n], b: [20n, 40n, 60n, 80n], lo: [30n, 39n, 0n, 0n], hi: [none, none, none, none], target: 200n });
    if (!s.ok) throw new Error('infeasible');
    expect(s.p * 140n).toBe(s.q * 131n); // λ = 131/140 = 65.5/70
    expect(s.state).toEqual(['floor', 'floor', 'free', 'free']);
    expect(s.initially.floor).toEqual([0]);
    expect(s.cascade.map((e) => [e.index, e.bound])).toEqual([[1, 'floor']]);
  });

  it('spreads what a cap frees over the others (λ > 1)', () => {
    const s = solveBounds({ a: [0n, 0n, 0n], b: [10n, 20n, 70n], lo: [0n, 0n, 0n], hi: [none, none, 50n], target: 100n });
    if (!s.ok) throw new Error('infeasible');
    expect(s.p * 3n).toBe(s.q * 5n); // λ = 5/3
    expect(s.state).toEqual(['free', 'free', 'cap']);
    expect(s.finals[2]).toBe(50n * s.q);
  });

  it('fixed parts (set-asides, penalties) stay; only formula parts scale', () => {
    // A has 50 fixed and no formula; B, C formula 25 each; target 120 → λ = 70/50
    const s = solveBounds({ a: [50n, 0n, 0n], b: [0n, 25n, 25n], lo: [0n, 0n, 0n], hi: [none, none, none], target: 120n });
    if (!s.ok) throw new Error('infeasible');
    expect(s.finals.map((f) => f / s.q)).toEqual([50n, 35n, 35n]);
  });

  it('explains floors that cannot all be met, and caps that cannot absorb the money', () => {
    const floors = solveBounds({ a: [0n, 0n], b: [5n, 5n], lo: [8n, 7n], hi: [none, none], target: 10n });
    expect(floors).toMatchObject({ ok: false, kind: 'floors', gap: 5n, binding: [0, 1] });
    const caps = solveBounds({ a: [0n, 0n], b: [5n, 5n], lo: [0n, 0n], hi: [3n, 4n], target: 10n });
    expect(caps).toMatchObject({ ok: false, kind: 'caps', gap: 3n });
  });

  it('a region with no formula part and a negative fixed part is held at zero', () => {
    const s = solveBounds({ a: [-5n, 0n], b: [0n, 10n], lo: [0n, 0n], hi: [none, none], target: 10n });
    if (!s.ok) throw new Error('infeasible');
    expect(s.finals.map((f) => f / s.q)).toEqual([0n, 10n]);
  });
});

describe('points ranking', () => {
  const toG = (r: { num: bigint; den: bigint }) => roundRatio(r, 'nearest');

  it('bottom N lose from 400 down to 200, linearly; top N gain', () => {
    const scores = Array.from({ length: 30 }, (_, i) => d(String(100 - i))); // 100 … 71, all distinct
    const ranked = rankAndScore(
      scores,
      { bottom: { count: 10, amount: { from: d('400'), to: d('200') } }, top: { count: 10, amount: { fixed: d('300') } } },
      toG,
    );
    expect(ranked[29]).toMatchObject({ rank: 30, rankFromBottom: 1, penalty: 400n, reward: 0n });
    expect(ranked[20]).toMatchObject({ rankFromBottom: 10, penalty: 200n });
    expect(ranked[26].penalty).toBe(333n); // p = 4: 400 − 200·3/9 = 333.33 → 333
    expect(ranked[19].penalty).toBe(0n);
    expect(ranked.slice(0, 10).every((r) => r.reward === 300n)).toBe(true);
    expect(ranked[10].reward).toBe(0n);
  });

  it('ties share a rank, and a tie at the edge of a group brings every tied region in', () => {
    const scores = ['90', '80', '70', '60', '60', '50'].map(d);
    const ranked = rankAndScore(scores, { bottom: { count: 2, amount: { fixed: d('10') } } }, toG);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 4, 6]);
    expect(ranked.map((r) => r.rankFromBottom)).toEqual([6, 5, 4, 2, 2, 1]);
    expect(ranked.map((r) => r.penalty)).toEqual([0n, 0n, 0n, 10n, 10n, 10n]);
  });

  it('groups shrink to ⌊n/2⌋ so no region is both rewarded and penalised', () => {
    const ranked = rankAndScore(
      ['3', '2', '1'].map(d),
      { bottom: { count: 10, amount: { fixed: d('5') } }, top: { count: 10, amount: { fixed: d('5') } } },
      toG,
    );
    expect(ranked.map((r) => [r.reward, r.penalty])).toEqual([
      [5n, 0n],
      [0n, 0n],
      [0n, 5n],
    ]);
  });

  it('a region a tie brings into both groups (all scores equal) is in neither', () => {
    const ranked = rankAndScore(
      ['5', '5', '5', '5'].map(d),
      { bottom: { count: 1, amount: { fixed: d('10') } }, top: { count: 1, amount: { fixed: d('10') } } },
      toG,
    );
    expect(ranked.map((r) => [r.penalty, r.reward])).toEqual([
      [0n, 0n],
      [0n, 0n],
      [0n, 0n],
      [0n, 0n],
    ]);
  });

  it('linear amounts are exact rationals until the caller rounds them', () => {
    const r = amountAt({ from: d('400'), to: d('200') }, 4, 10);
    expect(r.num * 3n).toBe(r.den * 1000n); // 333⅓
    expect(amountAt({ from: d('400'), to: d('200') }, 1, 1)).toEqual({ num: 400n, den: 1n });
  });

  it('pays in full when the funds suffice, pro rata by largest remainder when not', () => {
    expect(payOut([3n, 5n], 10n, ['a', 'b'])).toEqual([3n, 5n]);
    expect(payOut([30n, 10n], 8n, ['a', 'b'])).toEqual([6n, 2n]);
    expect(payOut([1n, 1n, 1n], 2n, ['c', 'b', 'a'])).toEqual([0n, 1n, 1n]);
  });
});

describe('units in granules', () => {
  it('converts model amounts (万元) into request granules (元, granularity 100)', () => {
    expect(toGranules({ num: 200n, den: 1n }, 'wan', 'yuan', d('100'), 'nearest')).toBe(20000n);
    expect(toGranules({ num: 1n, den: 3n }, 'wan', 'wan', d('0.01'), 'nearest')).toBe(33n);
    expect(toGranules({ num: 1n, den: 3n }, 'wan', 'wan', d('0.01'), 'up')).toBe(34n);
    expect(toGranules({ num: 5n, den: 1000n }, 'wan', 'wan', d('0.01'), 'nearest')).toBe(1n); // 0.005 → half away from zero
  });
});

describe('sortExactly', () => {
  it('orders rationals exactly even where doubles cannot tell them apart', () => {
    const big = 10n ** 30n;
    const xs = [big + 3n, big + 1n, big + 2n, 5n];
    const order = sortExactly(
      xs.length,
      (i) => Number(xs[i]),
      (a, b) => (xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : 0),
    );
    expect(order).toEqual([3, 1, 2, 0]);
  });
});
