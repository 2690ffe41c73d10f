/**
 * POST /v1/allocations/compare, the request side: the comparison itself is the domain's
 * (src/domain/allocation/compare.ts); here each request it builds runs through the same door as any
 * request (models resolved from the catalogue, overrides applied), and the model as used is the provenance's.
 */
import { compare, type CompareOutcome as Outcome, variantPointer, variantRequest } from '../../domain/allocation/compare.js';
import { EngineError, type Issue } from '../../core/errors.js';
import { partsValid } from '../common.js';
import type { ModelUsed } from '../provenance.js';
import type { AllocationRequestBody, CompareRequestBody, VariantBody } from '../../schema/allocation.js';
import { allocationChecks, runAllocation } from './run.js';

export type CompareOutcome = Outcome<ModelUsed>;

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * The comparison's checks beyond its schema, run on a body that failed it too (alsoCheck): the baseline's
 * (allocationChecks under /baseline), then, when the baseline's model, overrides and regions passed and hold
 * nothing wrong, each variant that passed its schema, built and checked like a request, its problems pointed
 * into the variant where it changed the value (variantPointer). Independent mistakes come in one 422.
 */
export function compareChecks(body: unknown, failed: readonly Issue[]): Issue[] {
  if (!isRecord(body)) return [];
  const issues = allocationChecks(body.baseline, failed, '/baseline');
  const baseline = body.baseline as AllocationRequestBody;
  const baseOk =
    issues.length === 0 && isRecord(body.baseline) && partsValid(failed, '/baseline/model', '/baseline/overrides', '/baseline/regions', '/baseline/unit');
  if (baseOk && Array.isArray(body.variants)) {
    (body.variants as VariantBody[]).forEach((v, k) => {
      if (!isRecord(v) || !partsValid(failed, `/variants/${k}`)) return;
      try {
        const where = variantPointer(baseline, v, k);
        issues.push(...allocationChecks(variantRequest(baseline, v, k), []).map((i) => ({ ...i, path: where(i.path) })));
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        issues.push(...e.issues);
      }
    });
  }
  const taken = new Set(failed.map((i) => i.path));
  return issues.filter((i) => !taken.has(i.path));
}

export function runCompare(body: CompareRequestBody): CompareOutcome {
  return compare(body, (request, memo) => runAllocation(request, false, memo));
}
