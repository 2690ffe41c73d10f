/**
 * POST /v1/allocations/compare, the request side: the comparison itself is the domain's
 * (src/domain/allocation/compare.ts); here each request it builds runs through the same door as any
 * request (models resolved from the catalogue, overrides applied), and the model as used is the provenance's.
 */
import { compare, type CompareOutcome as Outcome } from '../../domain/allocation/compare.js';
import type { ModelUsed } from '../provenance.js';
import type { CompareRequestBody } from '../../schema/allocation.js';
import { runAllocation } from './run.js';

export type CompareOutcome = Outcome<ModelUsed>;

export function runCompare(body: CompareRequestBody): CompareOutcome {
  return compare(body, (request, memo) => runAllocation(request, false, memo));
}
