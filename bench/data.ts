/** Deterministic synthetic provinces for the benchmarks (a linear congruential generator, no Math.random). */
export function province(count: number, seed = 20240515) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const categories = ['national', 'provincial', 'other', 'other'];
  return Array.from({ length: count }, (_, i) => ({
    id: `C${String(i).padStart(4, '0')}`,
    name: `县${i}`,
    indicators: {
      keyCounty: categories[Math.floor(next() * categories.length)],
      relocation: Math.floor(next() * 20000),
      poverty: 5000 + Math.floor(next() * 120000),
      monitored: 200 + Math.floor(next() * 8000),
      income: Number((11000 + next() * 12000).toFixed(2)),
      performance: 60 + Math.floor(next() * 40),
    },
  }));
}
