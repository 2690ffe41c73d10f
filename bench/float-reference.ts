/**
 * The same factor-method formula in plain binary floats: the yardstick the exact engine is measured
 * against. It builds the same rows (amount, share, rank, per-factor contribution) so the comparison
 * is like for like. Not exact — never use it for money.
 */
import type { Model } from '../src/domain/allocation/model.js';
import type { RegionInput } from '../src/domain/allocation/factors.js';

export function floatAllocate(model: Model, regions: readonly RegionInput[], total: number, granularity: number) {
  const n = regions.length;
  const byFactor = model.factors.map(() => new Float64Array(n));
  const shares = new Float64Array(n);
  model.factors.forEach((f, fi) => {
    const w = Number(f.weight);
    for (const ind of f.indicators) {
      const v = Number(ind.weight);
      const input = ind.input ?? ind.id;
      const raw = regions.map((r) => r.indicators[input]);
      let t: number[];
      switch (ind.transform) {
        case 'coefficient':
          t = raw.map((c) => Number(ind.coefficients?.[String(c)] ?? ind.default));
          break;
        case 'reciprocal':
          t = raw.map((x) => 1 / Number(x));
          break;
        case 'gapToMax': {
          const xs = raw.map(Number);
          const max = Math.max(...xs);
          t = xs.map((x) => max - x);
          break;
        }
        case 'gapToBenchmark':
          t = raw.map((x) => Math.max(0, Number(ind.benchmark) - Number(x)));
          break;
        default:
          t = raw.map(Number);
      }
      let sum = 0;
      for (const x of t) sum += x;
      const col = byFactor[fi];
      for (let i = 0; i < n; i++) col[i] += (v * t[i]) / sum;
    }
    for (let i = 0; i < n; i++) shares[i] += w * byFactor[fi][i];
  });
  const granules = Math.round(total / granularity);
  const floors = new Array<number>(n);
  const rema = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = granules * shares[i];
    floors[i] = Math.floor(q);
    rema[i] = q - floors[i];
    given += floors[i];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rema[b] - rema[a] || shares[b] - shares[a]);
  for (let j = 0; j < granules - given; j++) floors[order[j]] += 1;
  const byShare = Array.from({ length: n }, (_, i) => i).sort((a, b) => shares[b] - shares[a]);
  const rank = new Array<number>(n);
  byShare.forEach((idx, pos) => (rank[idx] = pos + 1));
  const decimals = Math.max(0, -Math.floor(Math.log10(granularity)));
  return regions.map((r, i) => {
    const factors: Record<string, string> = {};
    model.factors.forEach((f, fi) => {
      factors[f.id] = (total * Number(f.weight) * byFactor[fi][i]).toFixed(decimals + 4);
    });
    return { id: r.id, name: r.name, amount: (floors[i] * granularity).toFixed(decimals), share: shares[i].toFixed(12), rank: rank[i], factors };
  });
}
