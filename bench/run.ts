/**
 * npm run bench — medians measured in one run on this machine, printed with their ratios.
 * Targets (issue 2): the exact engine splits 2,900 regions in under 10 ms (the Workers free-plan CPU
 * budget) and within 5× a plain-float implementation of the same formula.
 * Pipeline target: the full pipeline (set-asides, points, grades, negative list, binding hold-harmless
 * floors, rounding) at 2,900 regions within 2× the formula-only time.
 * Whole-request target (issue 11): a whole POST /v1/allocations (body check, parse, validate, compute,
 * serialise) within 2× of JSON.parse of its body plus JSON.stringify of its answer at 2,900 regions, 3× at 183.
 * Then the optimizer (issue 4, bench/optimize.ts; BENCH_SKIP_OPTIMIZE=1 skips it, about 2–3 minutes).
 * Then the project library (issue 15, bench/library.ts; BENCH_SKIP_LIBRARY=1 skips it).
 */
import { createApp } from '../src/api/app.js';
import { allocationModel } from '../src/api/models/catalog.js';
import { runCompare } from '../src/api/allocations/compare.js';
import { runRequest, toScenario } from '../src/api/allocations/run.js';
import { CompareRequest, type AllocationRequestBody } from '../src/schema/allocation.js';
import { allocate } from '../src/domain/allocation/allocate.js';
import { parseDecimal } from '../src/core/money.js';
import { STAGE_IDS } from '../src/domain/allocation/pipeline/run.js';
import { asReceived, lastYearsBinding, pipelineProvince, province } from './data.js';
import { decimalAllocate } from './decimal-reference.js';
import { floatAllocate } from './float-reference.js';
import { optimizeBench } from './optimize.js';

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

/**
 * A whole request against the JSON work it cannot avoid, interleaved: each round sends the request through
 * the app, then parses its body and stringifies its answer; the median of the per-round ratios is reported,
 * so a slow spell of the shared machine weighs on both sides of a ratio alike. The request goes as a client
 * sends it (UTF-8 bytes with a content-length) and the answer is taken as the bytes a client receives:
 * decoding them is the client's work, not the service's.
 */
async function wholeRequestRatio(text: string, rounds: number): Promise<{ whole: number; json: number; ratio: number }> {
  const bytes = new TextEncoder().encode(text);
  const headers = { 'content-type': 'application/json', 'content-length': String(bytes.length) };
  const send = async () => {
    const res = await app.request('/v1/allocations', { method: 'POST', headers, body: bytes });
    if (res.status !== 200) throw new Error(`bench request answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res.arrayBuffer();
  };
  const answer: unknown = JSON.parse(new TextDecoder().decode(await send()));
  let sink = 0; // keeps both results alive, so neither call is optimised away
  const json = () => {
    sink += JSON.stringify(answer).length;
    sink += JSON.parse(text) === null ? 0 : 1;
  };
  for (let i = 0; i < 5; i++) {
    await send();
    json();
  }
  const whole: number[] = [];
  const plain: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await send();
    const t1 = performance.now();
    json();
    const t2 = performance.now();
    whole.push(t1 - t0);
    plain.push(t2 - t1);
    ratios.push((t1 - t0) / (t2 - t1));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (sink === 0) throw new Error('unreachable');
  return { whole: median(whole), json: median(plain), ratio: median(ratios) };
}

const ms = (x: number) => `${x.toFixed(3)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const model = allocationModel('sichuan-2024')!.model;
const app = createApp();
const rows: string[][] = [];
const pipelineRows: string[][] = [];
const wholeRows: string[][] = [];
/** Issue 11's bounds on a whole request over JSON.parse + JSON.stringify, by region count. */
const WHOLE_TARGET: Record<number, number> = { 183: 3, 2900: 2 };
const verdicts: string[] = [];
const TOTAL = '500000.00';
const HOLD_HARMLESS = model.pipeline?.bounds?.holdHarmless;

/**
 * The full pipeline request for n regions: the sichuan-2024 model as it stands (key-county set-asides, a
 * reward reserve, points with bottom/top 10, a grade reward, the negative list, 90% hold-harmless) with
 * last year's amounts that make the floor bind for about 20% of the regions.
 */
function pipelineRequest(n: number): AllocationRequestBody {
  const regions = pipelineProvince(n);
  const base = { model: 'sichuan-2024', total: TOTAL, unit: 'wan' as const, granularity: '0.01', regions };
  // this year's amounts before any floor: the same request with the bounds stage off
  const before = allocate(toScenario({ ...base, overrides: { off: ['bounds'] } })).rows.map((r) => r.amount);
  const lastYear = lastYearsBinding(before, 0.2);
  return asReceived({ ...base, regions: regions.map((r, i) => ({ ...r, lastYear: lastYear[i] })) });
}

/** Share of regions the hold-harmless floor lifts (stages.bounds > 0); the bench refuses to time anything else. */
function bindingShare(request: AllocationRequestBody): number {
  const result = allocate(toScenario(request));
  const lifted = result.rows.filter((r) => parseDecimal(r.stages?.bounds ?? '0')!.coefficient > 0n).length;
  return lifted / result.rows.length;
}

const pipelineRequests = new Map<number, AllocationRequestBody>();
for (const n of [183, 2900]) {
  const formulaRequest = {
    model: 'sichuan-2024',
    overrides: { off: [...STAGE_IDS] },
    total: TOTAL,
    unit: 'wan' as const,
    granularity: '0.01',
    regions: province(n),
  };
  const text = JSON.stringify(formulaRequest);
  const scenario = toScenario(formulaRequest);
  // The float twin must agree with the exact engine to the cent on most rows, or the comparison is void.
  const exactRows = allocate(scenario).rows;
  const floatRows = floatAllocate(model, formulaRequest.regions, 500000, 0.01);
  const same = exactRows.filter((r, i) => r.amount === floatRows[i].amount).length;

  const full = pipelineRequest(n);
  pipelineRequests.set(n, full);
  const share = bindingShare(full);
  if (share < 0.15 || share > 0.25) throw new Error(`bench data: floors bind for ${(100 * share).toFixed(1)}% of ${n} regions, not 15–25%`);
  const pipelineScenario = toScenario(full);
  // the same request, every stage off: the formula on the same data (it still prints last year's columns)
  const sameData = toScenario({ ...full, overrides: { off: [...STAGE_IDS] } });

  // the engine's double fast path must give the BigInt path's very answer, or the comparison is void
  if (JSON.stringify(allocate(scenario)) !== JSON.stringify(allocate({ ...scenario, exact: true }))) throw new Error('fast path ≠ BigInt path');
  const { exact, bigint, float, naive, parse, pipeline, formula, formulaBigInt } = medians({
    exact: () => allocate(scenario),
    bigint: () => allocate({ ...scenario, exact: true }),
    float: () => floatAllocate(model, formulaRequest.regions, 500000, 0.01),
    naive: () => decimalAllocate(model, formulaRequest.regions, TOTAL, '0.01'),
    parse: () => JSON.parse(text),
    pipeline: () => allocate(pipelineScenario),
    formula: () => allocate(sameData),
    formulaBigInt: () => allocate({ ...sameData, exact: true }),
  });
  const http = await medianAsync(
    async () => {
      const res = await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      await res.text();
    },
    Math.min(ROUNDS, 30),
  );
  const whole = await wholeRequestRatio(text, Math.min(ROUNDS, 40));
  wholeRows.push([String(n), ms(whole.whole), ms(whole.json), `${whole.ratio.toFixed(2)}×`, `≤ ${WHOLE_TARGET[n]}×`]);
  verdicts.push(
    `whole request/(JSON.parse + JSON.stringify) at ${n.toLocaleString('en')}: ${whole.ratio.toFixed(2)}× — target ≤ ${WHOLE_TARGET[n]}×: ${whole.ratio <= WHOLE_TARGET[n] ? 'MET' : 'MISSED'}`,
  );
  rows.push([
    String(n),
    ms(exact),
    ms(bigint),
    ms(float),
    ms(naive),
    ms(parse),
    ratio(exact, float),
    ratio(exact, naive),
    ratio(exact, parse),
    ms(http),
    `${same}/${n}`,
  ]);
  pipelineRows.push([
    String(n),
    ms(formula),
    ms(formulaBigInt),
    ms(pipeline),
    ratio(pipeline, formula),
    ratio(pipeline, formulaBigInt),
    ratio(pipeline, exact),
    `${(100 * share).toFixed(1)}%`,
  ]);
  if (n === 2900) {
    verdicts.push(`exact engine, 2,900 regions: ${ms(exact)} (its BigInt path alone ${ms(bigint)}) — target < 10 ms: ${exact < 10 ? 'MET' : 'MISSED'}`);
    verdicts.push(`exact/float at 2,900: ${ratio(exact, float)} — target ≤ 5×: ${exact / float <= 5 ? 'MET' : 'MISSED'}`);
    verdicts.push(
      `full pipeline/formula only at 2,900: ${ratio(pipeline, formula)} (same data), ${ratio(pipeline, formulaBigInt)} (same data, on the BigInt path the pipeline takes), ${ratio(pipeline, exact)} (plain formula run) — target ≤ 2×: ${pipeline / formula <= 2 ? 'MET' : 'MISSED'}`,
    );
  }
}

// What-if: a baseline and 5 variants at 183 regions, against one full-pipeline request through the same door.
const baseline = pipelineRequests.get(183)!;
const compareBody = CompareRequest.parse({
  baseline,
  variants: [
    { name: 'policy 40%', overrides: { weights: { policy: '0.40', performance: '0' } } },
    { name: 'no set-asides', overrides: { off: ['setAsides'] } },
    { name: 'hold-harmless 95%', overrides: { pipeline: { bounds: { holdHarmless: '0.95' } } } },
    { name: 'bottom 5 only', overrides: { pipeline: { points: { bottom: { count: 5 } } } } },
    { name: 'total +10%', total: '550000.00' },
  ],
});
const single = CompareRequest.shape.baseline.parse(baseline);
runCompare(compareBody); // fails loudly if a variant is infeasible
const { one, compare } = medians({ one: () => runRequest(single), compare: () => runCompare(compareBody) });

function table(header: string[], body: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const r of body) console.log(line(r));
}

console.log(`Factor-method allocation, model sichuan-2024 (4 factors, 6 indicators), medians of ${ROUNDS} runs after warm-up, Node ${process.version}`);
table(
  [
    'regions',
    'exact',
    'BigInt path',
    'float',
    'naive decimal.js',
    'JSON.parse',
    'exact/float',
    'exact/naive',
    'exact/parse',
    'whole request',
    'float = exact',
  ],
  rows,
);
console.log('"naive decimal.js" = the same formula with one Decimal operation per term (40 digits), as the straightforward exact-enough design would do it.');
console.log(
  '"exact" = the formula only (every pipeline stage switched off), as the engine runs it: in doubles where they prove every digit (quick.ts), else in BigInts;',
);
console.log('"BigInt path" = the same, the double fast path switched off (its answer checked identical first); "float" = the same formula in binary floats.');
console.log('"whole request" = app.request of the formula-only request: JSON parse, zod validation, engine, JSON serialisation.');
console.log('"float = exact" = rows where the float twin happens to land on the same cent.');
console.log('');
console.log('Whole request against the JSON it must read and write, interleaved (medians; ratio = median of per-round ratios):');
table(['regions', 'whole request', 'JSON.parse + stringify', 'ratio', 'target'], wholeRows);
console.log(
  '"whole request" = app.request of the formula-only request sent as UTF-8 bytes, its answer read as bytes: body check, JSON parse, validation, engine, serialisation;',
);
console.log('"JSON.parse + stringify" = JSON.parse of its body text + JSON.stringify of its answer.');
console.log('');
console.log('Full pipeline, measured in the same loop as the table above:');
table(
  ['regions', 'formula (same data)', 'formula, BigInt path', 'pipeline', 'pipeline/formula', 'pipeline/BigInt formula', 'pipeline/exact', 'floors bind'],
  pipelineRows,
);
console.log(`"pipeline" = sichuan-2024 as it stands: key-county set-asides, reward reserve, points bottom/top 10, grade reward, negative list,`);
console.log(`             ${HOLD_HARMLESS} hold-harmless on last year's amounts, redistribution, rounding.`);
console.log('"formula (same data)" = the same request with every stage off (it still shows last year\'s columns); "exact" as above.');
console.log('"formula, BigInt path" = the same without the double fast path: the pipeline computes its stages on the BigInt path.');
console.log('"floors bind" = rows lifted by the hold-harmless floor (stages.bounds > 0), checked before timing (must be 15–25%).');
console.log('');
console.log(
  `compare, 183 regions, baseline + 5 variants: ${ms(compare)}; one full-pipeline request: ${ms(one)}; compare/one = ${ratio(compare, one)} (6 runs: ideal ≈ 6×)`,
);
for (const v of verdicts) console.log(v);
await (await import('./memory.js')).memoryBench(); // issue 12: references vs inline, cached vs computed results (bench/memory.ts)

if (process.env.BENCH_SKIP_OPTIMIZE !== '1') {
  console.log('');
  await optimizeBench();
}
await (await import('./library.js')).libraryBench(); // issue 15: matching, PATCH vs GET, the checks on a generated county library (bench/library.ts; BENCH_SKIP_LIBRARY=1 skips it)
await (await import('./widget.js')).widgetBench(); // issue 14: the widget's slider recompute at 183 regions in Chromium (bench/widget.ts; BENCH_SKIP_WIDGET=1 skips it)
