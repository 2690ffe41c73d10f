/**
 * The server's allocation, run in the browser: the same request check (the fast path, then the zod schema
 * with the route's own further checks), the same engine and the same answer envelope as POST /v1/allocations
 * (src/api/allocations/), so a slider's recompute gives the server's bytes for the same request. Only the
 * provenance is left out: it names the service that answered, and the widget answers for itself.
 */
import { fastAllocationRequest } from '../api/allocations/fastPath.js';
import { allocationAnswer } from '../api/allocations/answer.js';
import { allocationChecks, runAllocation } from '../api/allocations/run.js';
import { fromZod } from '../api/problem.js';
import { EngineError, type Issue } from '../core/errors.js';
import { AllocationRequest, type AllocationRequestBody } from '../schema/allocation.js';

/** The JSON answer of POST /v1/allocations without its provenance. */
export interface LocalAnswer {
  readonly model: { readonly id: string; readonly version: string };
  readonly unit: string | null;
  readonly summary: unknown;
  readonly rows: readonly unknown[];
  readonly [part: string]: unknown;
}

export type LocalOutcome = { readonly ok: true; readonly answer: LocalAnswer } | { readonly ok: false; readonly issues: readonly Issue[] };

/** Checks a request as the route does and allocates it; the issues are the route's 422 issues when it is refused. */
export function allocateLocally(body: unknown, options: { explain?: boolean; region?: string } = {}): LocalOutcome {
  let request: AllocationRequestBody | undefined = fastAllocationRequest(body);
  if (!request) {
    const parsed = AllocationRequest.safeParse(body);
    if (!parsed.success) {
      // as the route's validation hook: the schema's issues, then the checks of the parts that passed
      const failed = fromZod(parsed.error.issues);
      return { ok: false, issues: [...failed, ...allocationChecks(body, failed)] };
    }
    // as the route: the schema's reading ("35%" is "0.35"); what the engine then refuses comes from runAllocation below
    request = parsed.data;
  }
  try {
    const only = options.region === undefined ? undefined : (path: readonly string[]) => path[path.length - 1] === options.region;
    const { result, model } = runAllocation(request, options.explain ?? false, undefined, only);
    const answer = allocationAnswer(result, model, options.region);
    return {
      ok: true,
      answer: { model: { id: model.id, version: model.version }, unit: answer.unit, summary: answer.summary, rows: answer.rows, ...answer.extra },
    };
  } catch (e) {
    if (e instanceof EngineError) return { ok: false, issues: e.issues };
    throw e;
  }
}
