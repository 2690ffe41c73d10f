/**
 * What each solver thread runs: one POST /v1/optimizations solve. The answer crosses back to the main
 * thread by structured clone, which keeps plain data (strings, numbers, BigInt, arrays, objects) but not
 * classes, so an EngineError (bad input found by the engine) comes back as its issues, to be thrown again.
 */
import { EngineError, type Issue } from '../core/errors.js';
import { runOptimization, withoutTrace, type OptimizationResult } from '../api/optimizations/run.js';
import type { OptimizationRequestBody } from '../schema/optimization.js';

export interface SolveTask {
  readonly body: OptimizationRequestBody;
  /** Whether the trace is read: left out otherwise, so the thread does not build it only to copy it. */
  readonly explain: boolean;
}

export type SolveOutcome = { readonly result: OptimizationResult } | { readonly issues: readonly Issue[] };

export default async function solve({ body, explain }: SolveTask): Promise<SolveOutcome> {
  try {
    const result = await runOptimization(body);
    return { result: explain ? result : withoutTrace(result) };
  } catch (err) {
    if (err instanceof EngineError) return { issues: err.issues };
    throw err;
  }
}
