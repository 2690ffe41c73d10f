/**
 * The same factor-method formula with naive decimal.js arithmetic — one Decimal operation per term, shares
 * to 40 significant digits, largest remainder on Decimal remainders — building the same rows. It is the
 * straightforward "exact enough" implementation the engine's BigInt design is measured against
 * (issue 2 quotes ~40 ms for 2,900 regions on these machines).
 */
import Decimal from 'decimal.js';
import type { RegionInput } from '../src/domain/allocation/factors.js';
import type { Model } from '../src/domain/allocation/model.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export function decimalAllocate(model: Model, regions: readonly RegionInput[], total: string, granularity: string) {
  const n = regions.length;
  const shares = Array.from({ length: n }, () => new D(0));
  const byFactor = model.factors.map(() => Array.from({ length: n }, () => new D(0)));
  model.factors.forEach((f, fi) => {
    const w = new D(f.weight);
    for (const ind of f.indicators) {
      const v = new D(ind.weight);
      const raw = regions.map((r) => r.indicators[ind.input ?? ind.id]);
      let t: Decimal[];
      switch (ind.transform) {
        case 'coefficient':
          t = raw.map((c) => new D(ind.coefficients?.[String(c)] ?? ind.default ?? 0));
          break;
        case 'reciprocal':
          t = raw.map((x) => new D(1).div(new D(x)));
          break;
        case 'gapToMax': {
          const xs = raw.map((x) => new D(x));
          const max = D.max(...xs);
          t = xs.map((x) => max.minus(x));
          break;
        }
        case 'gapToBenchmark':
          t = raw.map((x) => D.max(0, new D(ind.benchmark!).minus(new D(x))));
          break;
        default:
          t = raw.map((x) => new D(x));
      }
      const sum = t.reduce((a, b) => a.plus(b), new D(0));
      for (let i = 0; i < n; i++) byFactor[fi][i] = byFactor[fi][i].plus(v.times(t[i]).div(sum));
    }
    for (let i = 0; i < n; i++) shares[i] = shares[i].plus(w.times(byFactor[fi][i]));
  });
  const g = new D(granularity);
  const granules = new D(total).div(g);
  const quotas = shares.map((s) => granules.times(s));
  const floors = quotas.map((q) => q.floor());
  const given = floors.reduce((a, b) => a.plus(b), new D(0));
  const order = quotas.map((_, i) => i).sort((a, b) => quotas[b].minus(floors[b]).comparedTo(quotas[a].minus(floors[a])) || shares[b].comparedTo(shares[a]));
  const left = granules.minus(given).toNumber();
  const parts = floors.slice();
  for (let j = 0; j < left; j++) parts[order[j]] = parts[order[j]].plus(1);
  const byShare = shares.map((_, i) => i).sort((a, b) => shares[b].comparedTo(shares[a]));
  const rank = new Array<number>(n);
  byShare.forEach((idx, pos) => (rank[idx] = pos + 1));
  const places = g.decimalPlaces();
  return regions.map((r, i) => {
    const factors: Record<string, string> = {};
    model.factors.forEach(
      (f, fi) =>
        (factors[f.id] = new D(total)
          .times(f.weight)
          .times(byFactor[fi][i])
          .toFixed(places + 4)),
    );
    return { id: r.id, name: r.name, amount: parts[i].times(g).toFixed(places), share: shares[i].toFixed(12), rank: rank[i], factors };
  });
}
