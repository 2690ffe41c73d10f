/**
 * When a whole-model check (the engine's prepare…Model run in a zod refinement) may run. Zod still runs an
 * object's refinements after one of its fields failed a refinement of its own ("x" or "1e400" as a score),
 * while the engine reads every field as already checked: so the model check runs only when no field inside
 * the model failed, and otherwise the field's own issue (422, with its pointer) is the answer.
 */
import type { z } from '@hono/zod-openapi';

export const afterFieldChecks = { when: (payload: { readonly issues: readonly unknown[] }) => payload.issues.length === 0 } satisfies Parameters<
  z.ZodType['superRefine']
>[1];
