/**
 * Deterministic synthetic provinces for the benchmarks (a linear congruential generator, no Math.random).
 * Every builder returns its data through a JSON round trip, as a request body arrives: objects assembled by
 * spreading would sit in V8's slow dictionary mode and time the benchmark's own construction, not the engine.
 */
export function asReceived<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

export function province(count: number, seed = 20240515) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const categories = ['national', 'provincial', 'other', 'other'];
  return asReceived(
    Array.from({ length: count }, (_, i) => ({
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
    })),
  );
}

/** The same synthetic province with the data the pipeline stages read: composite points, grades, misused amounts. */
export function pipelineProvince(count: number, seed = 20240601) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return asReceived(
    province(count).map((r) => {
      const points = (60 + next() * 40).toFixed(1);
      const grade = next() < 0.15 ? '好' : next() < 0.5 ? '较好' : '一般';
      const misused = next() < 0.05 ? (1 + next() * 49).toFixed(2) : undefined;
      return { ...r, indicators: { ...r.indicators, points, grade, ...(misused !== undefined ? { misused } : {}) } };
    }),
  );
}

/**
 * Last year's amounts (万元, two decimals) built from this year's amounts before any floor: about `share`
 * of the regions get a last year 14–35% above today's amount, so a 90% hold-harmless floor lifts them; the
 * others get 75–105% of it, so 90% of last year stays below what the formula gives them. Exact integer
 * arithmetic on cents; deterministic.
 */
export function lastYearsBinding(amounts: readonly string[], share: number, seed = 20240707): string[] {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return amounts.map((amount) => {
    const [whole, cents = ''] = amount.split('.');
    const value = BigInt(whole + cents.padEnd(2, '0').slice(0, 2));
    const permille = next() < share ? 1140 + Math.floor(next() * 210) : 750 + Math.floor(next() * 300);
    const ly = (value * BigInt(permille)) / 1000n;
    const text = ly.toString().padStart(3, '0');
    return `${text.slice(0, -2)}.${text.slice(-2)}`;
  });
}
