/**
 * When a whole-part check (the engine's prepare…Model run in a zod refinement, a sum of weights, ids that
 * must be unique …) may run, so that a request's independent mistakes are reported together, in one 422,
 * and never in rounds.
 *
 * Zod runs an object's refinements after one of its fields failed a refinement of its own ("x" or "1e400" as
 * a score), while the engine reads every field as already checked: a check must not run on parts that failed.
 * But it need not wait for parts it does not read: a bad `total` says nothing about the model's weights.
 *
 * - afterFieldChecks, on the schema of the part itself (a model): zod hands an object's refinement only the
 *   issues found inside that object, so the check runs when the model passed, whatever the rest of the
 *   request did.
 * - whenValid(…parts), on an enclosing schema (a request) whose check reads some of its fields (the named
 *   model with its overrides): the check runs when no issue lies inside those parts, whatever the others did.
 */
import type { z } from '@hono/zod-openapi';

type Refinement = Parameters<z.ZodType['superRefine']>[1];
type Payload = { readonly issues: readonly { readonly path?: readonly PropertyKey[] }[] };

export const afterFieldChecks = { when: (payload: Payload) => payload.issues.length === 0 } satisfies Refinement;

/** A path as JSON-pointer-like segments: ['model'], ['overrides', 'weights'], ['regions', 0]. */
export type PartPath = readonly (string | number)[];

/** Is `path` inside (or at) `part`? Array indices compare as text, as zod may give either. */
function inside(path: readonly PropertyKey[] | undefined, part: PartPath): boolean {
  if (!path || path.length < part.length) return false;
  return part.every((segment, i) => String(path[i]) === String(segment));
}

/**
 * Run the check when the parts it reads have no issue, whatever other fields did. An issue with no path
 * (the object itself is not an object) stops it too.
 */
export function whenValid(...parts: PartPath[]) {
  return {
    when: (payload: Payload) =>
      payload.issues.every((issue) => issue.path !== undefined && issue.path.length > 0 && !parts.some((part) => inside(issue.path, part))),
  } satisfies Refinement;
}
