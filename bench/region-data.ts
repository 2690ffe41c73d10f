/**
 * Region allocations under constraints (kind 1 of issue 4) for the optimizer benchmark, deterministic from a
 * seed: targets as factor-method amounts (万元, 4 decimals, most regions small, a few large), a fixed total 3%
 * below Σ targets, granularity 0.01万元, relative deviation, a 90% hold-harmless on last year's amounts that
 * binds for a good share of regions (about a quarter had last year 15–40% above this year's target; the cut
 * pushes more down to their floor), a 30% growth cap, a 20万元 minimum, and a maximum below the target for
 * ~8% of the larger regions. bench/optimize.ts checks how many bounds bind before it times anything.
 */
import type { RegionAllocationInput, RegionInput } from '../src/domain/optimization/problems.js';
import { asReceived } from './data.js';
import { rng } from './optimize-problems.js';

const wan = (cents: number) => (cents / 100).toFixed(2);

/** Bounds and the total only: what the direct algorithm handles (and the LP too, with `method: "lp"`). */
export function regionBounds(n: number, seed = 7): RegionAllocationInput {
  const r = rng(seed);
  const weights = Array.from({ length: n }, () => 0.05 + r() * r() * 3);
  const sum = weights.reduce((a, b) => a + b, 0);
  const pool = 300 * n; // 万元: 300 a region on average
  const regions: RegionInput[] = [];
  let targetCents = 0;
  for (let i = 0; i < n; i++) {
    const t = (pool * weights[i]) / sum;
    const target = t.toFixed(4);
    const cents = Math.round(t * 100);
    targetCents += cents;
    const u = r();
    // binding: last year well above this year (the hold-harmless floor lifts it); capped: a maximum below
    // the target, with last year low enough that its floor stays under the cap
    const kind = u < 0.25 ? 'binding' : u < 0.33 && cents > 4000 ? 'capped' : 'other';
    const lastYear = Math.max(2000, Math.round(cents * (kind === 'binding' ? 1.15 + 0.25 * r() : kind === 'capped' ? 0.75 + 0.15 * r() : 0.75 + 0.3 * r())));
    regions.push({
      id: `R${String(i + 1).padStart(5, '0')}`,
      target,
      lastYear: wan(lastYear),
      minimum: '20',
      ...(kind === 'capped' ? { maximum: wan(Math.round(cents * 0.92)) } : {}),
    });
  }
  return asReceived({
    unit: 'wan',
    granularity: '0.01',
    total: wan(Math.round(targetCents * 0.97)),
    deviation: 'relative',
    holdHarmless: '0.9',
    growthCap: '0.3',
    regions,
  });
}

/**
 * The same regions with one group-share row, so the allocation genuinely needs the LP: every third region
 * (key counties, 重点帮扶县) together gets at least `minimumShare` of the total. Pass the group's share in the
 * bounds-only optimum: the floor is set one percentage point above it, so it binds.
 */
export function regionGroupShare(n: number, shareWithoutGroup: number, seed = 7): RegionAllocationInput {
  const base = regionBounds(n, seed);
  const members = base.regions.filter((_, i) => i % 3 === 0).map((r) => r.id);
  const minimumShare = (Math.ceil((shareWithoutGroup + 0.01) * 10_000) / 10_000).toFixed(4);
  return { ...base, groups: [{ id: 'keyCounties', regions: members, minimumShare }] };
}
