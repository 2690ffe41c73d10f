/**
 * npm run bench — medians measured in one run on this machine, printed with their ratios.
 * Targets (issue 2): the exact engine splits 2,900 regions in under 10 ms (the Workers free-plan CPU
 * budget) and within 5× a plain-float implementation of the same formula.
 */
import { createApp } from '../src/api/app.js';
import { findModel } from '../src/api/catalog.js';
import { toScenario } from '../src/api/scenario.js';
import { allocate } from '../src/engine/allocate.js';
import { province } from './data.js';
import { floatAllocate } from './float-reference.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);

/**
 * Medians of several functions measured in one loop: each round runs every function once, so a slow
 * spell of this (virtual, shared) machine hits all of them alike and the ratios stay honest.
 */
function medians<K extends string>(fns: Record<K, () => unknown>, rounds = ROUNDS): Record<K, number> {
  const names = Object.keys(fns) as K[];
  for (let i = 0; i < Math.max(5, rounds / 4); i++) for (const k of names) fns[k](); // warm up the JIT
  const times = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < rounds; i++) {
    for (const k of names) {
      const t0 = performance.now();
      fns[k]();
      times[k].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    names.map((k) => {
      const sorted = times[k].sort((a, b) => a - b);
      return [k, sorted[Math.floor(sorted.length / 2)]];
    }),
  ) as Record<K, number>;
}

async function medianAsync(fn: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const ms = (x: number) => `${x.toFixed(3)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const model = findModel('sichuan-2024')!.model;
const app = createApp();
const rows: string[][] = [];
const verdicts: string[] = [];

for (const n of [183, 2900]) {
  const request = { model: 'sichuan-2024', total: '500000.00', unit: 'wan' as const, granularity: '0.01', regions: province(n) };
  const text = JSON.stringify(request);
  const scenario = toScenario(request);
  // The float twin must agree with the exact engine to the cent on most rows, or the comparison is void.
  const exactRows = allocate(scenario).rows;
  const floatRows = floatAllocate(model, request.regions, 500000, 0.01);
  const same = exactRows.filter((r, i) => r.amount === floatRows[i].amount).length;

  const { exact, float, parse } = medians({
    exact: () => allocate(scenario),
    float: () => floatAllocate(model, request.regions, 500000, 0.01),
    parse: () => JSON.parse(text),
  });
  const http = await medianAsync(async () => {
    const res = await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    await res.text();
  }, Math.min(ROUNDS, 30));
  rows.push([
    String(n),
    ms(exact),
    ms(float),
    ms(parse),
    ratio(exact, float),
    ratio(exact, parse),
    ms(http),
    `${same}/${n}`,
  ]);
  if (n === 2900) {
    verdicts.push(`exact engine, 2,900 regions: ${ms(exact)} — target < 10 ms: ${exact < 10 ? 'MET' : 'MISSED'}`);
    verdicts.push(`exact/float at 2,900: ${ratio(exact, float)} — target ≤ 5×: ${exact / float <= 5 ? 'MET' : 'MISSED'}`);
  }
}

const header = ['regions', 'exact', 'float', 'JSON.parse', 'exact/float', 'exact/parse', 'whole request', 'float = exact'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
console.log(`Factor-method allocation, model sichuan-2024 (4 factors, 6 indicators), medians of ${ROUNDS} runs after warm-up, Node ${process.version}`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log('"whole request" = app.request: JSON parse, zod validation, engine, JSON serialisation.');
console.log('"float = exact" = rows where the float twin happens to land on the same cent.');
for (const v of verdicts) console.log(v);
