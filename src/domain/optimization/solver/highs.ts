/**
 * Backend: HiGHS (npm `highs`, the HiGHS C++ solver compiled to WebAssembly). Fast at every size, but its
 * 3.5 MB wasm costs ~40–50 ms to compile and instantiate in Node, so it is loaded lazily, once per isolate
 * (module-level promise), and `auto` (core.ts) leaves tiny models to javascript-lp-solver.
 *
 * Loading:
 * - Node (and tests): `import highsLoader from 'highs'` and `highsLoader()` finds highs.wasm beside it.
 * - workerd: plain `highsLoader()` fails there ("Invalid URL string": it builds a URL from import.meta.url
 *   and fetches highs.wasm). Workers get wasm as a compiled `WebAssembly.Module` by importing it, and the
 *   module must then be instantiated through Emscripten's `instantiateWasm` hook: `loadHighsFromWasmModule`
 *   below. The worker entry (or route) imports the wasm and calls `provideHighsWasmModule(highsWasm)` once;
 *   every later solve in that isolate reuses the instance. The import specifier matters to wrangler 4.86:
 *   its CompiledWasm rule matches specifiers ending in `.wasm`, so `import highsWasm from
 *   '../node_modules/highs/build/highs.wasm'` (relative) builds, while the package's own export
 *   `'highs/runtime'` fails with "No loader is configured for .wasm files" (the vitest workers pool accepts
 *   both). Checked with `wrangler deploy --dry-run` (3.85 MB upload, 1.27 MB gzipped) and `wrangler dev`
 *   without nodejs_compat; wrangler warns that highs.mjs imports "node:module", which it only does in Node.
 *   highs 1.15.3's types also declare `wasmModule`/`wasmBinary` loader options, but its loader ignores
 *   both (only `instantiateWasm` and `locateFile` are read), hence the hook.
 * - Time limits: HiGHS measures `time_limit` with the host clock. Deployed Workers only advance clocks on
 *   I/O, so there a synchronous solve never sees time pass; every run therefore also has mip_max_nodes and
 *   simplex_iteration_limit, from the request's `workLimit` or derived from its time limit
 *   (highsWorkLimits).
 *
 * Each solve creates a persistent HiGHS model from the sparse arrays (no LP text to format or parse), sets
 * `time_limit` (seconds) and `mip_rel_gap`, runs, reads the answer, and disposes the model in `finally`:
 * wasm memory is not garbage collected.
 */
import highsLoader, { type Highs } from 'highs';
import type { Backend, BackendOptions, RawResult } from './backend.js';
import type { NumericProblem } from './scale.js';

let instance: Promise<Highs> | undefined;
/** How this isolate loads HiGHS: set by provideHighsWasmModule in workerd, the package's own loader otherwise. */
let loader: () => Promise<Highs> = loadDefault;

/**
 * Wasm memory never shrinks, and HiGHS's branch and bound can grow it fast: a 4-variable MILP with free
 * integers that it cannot settle took 770 MB in one second, and a few such runs reached the 2 GB ceiling
 * and aborted. An instance holding more than this after a solve is dropped (the garbage collector frees
 * its memory) and the next solve loads a fresh one. Workers allow 128 MB per isolate in all: there, bound
 * MILP work with `workLimit` (core.ts) and give integer variables finite bounds.
 */
export const HIGHS_MAX_RETAINED_BYTES = 256 * 1024 * 1024;

/** Node and tests: the package finds and compiles its own highs.wasm. */
function loadDefault(): Promise<Highs> {
  return highsLoader();
}

/**
 * workerd (or any runtime that hands out compiled wasm): instantiate HiGHS from a WebAssembly.Module
 * through Emscripten's `instantiateWasm(imports, receiveInstance)` hook.
 */
export function loadHighsFromWasmModule(wasm: WebAssembly.Module): Promise<Highs> {
  return new Promise<Highs>((resolve, reject) => {
    const options = {
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) {
        // any failure must reject here, Emscripten's own included (a module that is not HiGHS's throws in
        // `receive`): the loader would otherwise wait on `receive` for ever
        WebAssembly.instantiate(wasm, imports).then((instance) => {
          try {
            receive(instance);
          } catch (e) {
            reject(e);
          }
        }, reject);
        return {}; // Emscripten's convention for "instantiating asynchronously"
      },
    };
    // instantiateWasm is Emscripten's and not in highs' types
    (highsLoader as (options: unknown) => Promise<Highs>)(options).then(resolve, reject);
  });
}

/**
 * Tells this isolate to load HiGHS from a compiled module (workerd). Lazily: the Worker calls this at start-up,
 * and only a request that needs HiGHS pays its instantiation.
 */
export function provideHighsWasmModule(wasm: WebAssembly.Module): void {
  loader = () => loadHighsFromWasmModule(wasm);
}

function remember(p: Promise<Highs>): Promise<Highs> {
  // a failed load is not cached: the next solve tries again
  p.catch(() => {
    if (instance === p) instance = undefined;
  });
  return p;
}

/** The isolate's HiGHS instance, loading it on first use. */
export function getHighs(): Promise<Highs> {
  if (!instance) instance = remember(loader());
  return instance;
}

/** Whether HiGHS is already loaded (or loading) in this isolate: `auto` counts its start-up cost otherwise. */
export function highsLoaded(): boolean {
  return instance !== undefined;
}

// HiGHS model status codes (highs.constants.modelStatus)
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;
const EMPTY = 6;
const UNKNOWN = 15;
const STOPPED_EARLY = new Set([11, 12, 13, 14, 16, 17]); // objective bound/target, time, iterations, solutions, interrupt
const FEASIBLE = 2; // primal_solution_status
const STOP_REASON: Record<number, string> = {
  11: 'objective bound reached',
  12: 'objective target reached',
  14: 'iteration limit',
  16: 'solution or node limit',
  17: 'interrupted',
};

/**
 * Default work limits per HiGHS run, from its time limit, because deployed Workers advance no clock during
 * a solve and HiGHS's own time_limit then never fires: simplex iterations and branch-and-bound nodes per
 * millisecond of the limit, set above what HiGHS does on this project's machine (Node 20) so that on Node
 * the clock, not these, ends a run that has time left: measured (`work` in each run's stats) on the bench
 * portfolios of 200–5,000 projects, every stage closed at its root (≤ 1 node) in 6–115 iterations taking
 * 0.03–2.6 s; its dense LPs run ~100–200 iterations per ms. So a run stops after about its time limit's
 * worth of simplex and tree work anywhere. Not bounded by either: HiGHS's root presolve and cut loop,
 * which ends by itself (a hard 40-item knapsack spent 2 s there in 314 LP iterations on a loaded machine).
 * `workLimit` set by the request wins.
 */
export const HIGHS_ITERATIONS_PER_MS = 200;
export const HIGHS_NODES_PER_MS = 10;
const DEFAULT_LIMIT_MS = 5_000; // an unlimited call (there is none through core.ts) is treated as the default

export function highsWorkLimits(options: BackendOptions): { simplexIterations: number; mipNodes: number } {
  const ms = Number.isFinite(options.timeLimitMs) ? Math.max(1, options.timeLimitMs) : DEFAULT_LIMIT_MS;
  return {
    simplexIterations: options.workLimit?.simplexIterations ?? Math.max(1_000, Math.ceil(ms * HIGHS_ITERATIONS_PER_MS)),
    mipNodes: options.workLimit?.mipNodes ?? Math.max(100, Math.ceil(ms * HIGHS_NODES_PER_MS)),
  };
}

export async function solveHighs(p: NumericProblem, options: BackendOptions): Promise<RawResult> {
  let highs: Highs;
  try {
    highs = await getHighs();
  } catch (e) {
    return { status: 'error', message: `HiGHS could not be loaded: ${(e as Error).message}` };
  }
  const milp = p.integer.some((b) => b === 1);
  let model: ReturnType<Highs['createModel']> | undefined;
  try {
    model = highs.createModel({
      numCols: p.nCols,
      numRows: p.nRows,
      sense: p.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: p.cost,
      colLower: p.colLower,
      colUpper: p.colUpper,
      rowLower: p.rowLower,
      rowUpper: p.rowUpper,
      matrix: {
        format: 'csr',
        numRows: p.nRows,
        numCols: p.nCols,
        starts: p.rowStart,
        indices: p.rowIndex,
        values: p.rowValue,
      },
      integrality: milp ? Int32Array.from(p.integer) : undefined,
    });
    const settings: Record<string, number | boolean> = { output_flag: false, mip_rel_gap: options.mipRelGap };
    if (Number.isFinite(options.timeLimitMs)) settings.time_limit = Math.max(0.001, options.timeLimitMs / 1000);
    const limits = highsWorkLimits(options);
    settings.mip_max_nodes = limits.mipNodes;
    settings.simplex_iteration_limit = limits.simplexIterations;
    model.options.set(settings);
    const work = () => ({
      simplexIterations: Number(model!.info.get('simplex_iteration_count')),
      ...(milp ? { mipNodes: Number(model!.info.get('mip_node_count')) } : {}),
    });
    let status: number = model.run().modelStatus;
    if (status === UNBOUNDED_OR_INFEASIBLE || status === INFEASIBLE || status === UNKNOWN) {
      // Ask again without presolve: presolve cannot always tell infeasible from unbounded, and HiGHS 1.15.1's
      // presolve has called a feasible (unbounded) LP infeasible, and answered another "unknown"
      // (tests/optimize/verify.test.ts). These answers are rare, so the second run costs little overall.
      model.options.set('presolve', 'off');
      model.clearSolver();
      status = model.run().modelStatus;
    }
    if (status === UNBOUNDED_OR_INFEASIBLE && p.nCols > 0) {
      // a MILP may still not tell: look for any feasible point. If there is one, the relaxation was the
      // unbounded one, and a feasible MILP with rational data and an unbounded relaxation is unbounded.
      model.changeColsCost({ kind: 'range', from: 0, to: p.nCols - 1 }, new Float64Array(p.nCols));
      model.clearSolver();
      const feasibility = model.run().modelStatus;
      if (feasibility === OPTIMAL) return { status: 'unbounded', work: work() };
      if (feasibility === INFEASIBLE) return { status: 'infeasible', work: work() };
    }
    const feasible = Number(model.info.get('primal_solution_status')) === FEASIBLE;
    if (status === OPTIMAL || status === EMPTY) {
      const solution = model.getSolution();
      return {
        status: 'optimal',
        x: solution.colValue,
        objective: model.getObjectiveValue(),
        bound: milp ? Number(model.info.get('mip_dual_bound')) : undefined,
        rowDual: milp ? undefined : solution.rowDual,
        work: work(),
      };
    }
    if (status === INFEASIBLE) return { status: 'infeasible', work: work() };
    if (status === UNBOUNDED) return { status: 'unbounded', work: work() };
    if (status === UNBOUNDED_OR_INFEASIBLE) return { status: 'error', message: 'HiGHS: infeasible or unbounded, not distinguished' };
    if (STOPPED_EARLY.has(status)) {
      if (!feasible) {
        const why = status === 13 ? 'time limit' : (STOP_REASON[status] ?? `model status ${status}`);
        return { status: 'time_limit', message: `HiGHS stopped (${why}) before it found a feasible solution`, work: work() };
      }
      return {
        status: 'time_limit',
        x: model.getSolution().colValue,
        objective: model.getObjectiveValue(),
        bound: milp ? Number(model.info.get('mip_dual_bound')) : undefined,
        message: status === 13 ? undefined : `HiGHS stopped early (${STOP_REASON[status] ?? `model status ${status}`})`,
        work: work(),
      };
    }
    return { status: 'error', message: `HiGHS ended with model status ${status}` };
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) instance = undefined; // an aborted wasm instance is unusable
    return { status: 'error', message: `HiGHS failed: ${(e as Error).message}` };
  } finally {
    model?.dispose();
    if (highs.memoryBytes > HIGHS_MAX_RETAINED_BYTES) instance = undefined;
  }
}

export const highsBackend: Backend = { name: 'highs', solve: solveHighs };
