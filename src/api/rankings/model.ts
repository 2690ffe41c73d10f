/**
 * A request's model as used: a built-in one by id (the catalogue's, every kind) or the inline one, then the
 * request's `overrides` — a JSON merge patch (RFC 7396) — applied and the patched model checked by the same
 * schema an inline model passes. A problem of the patched model is named under /overrides, as far down as
 * the patch reaches (the patch said it); the rest of the model was fine before. POST /v1/rankings and
 * POST /v1/evaluations both resolve their model here.
 */
import type { z } from '@hono/zod-openapi';
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { mergePatch } from '../../domain/allocation/overrides.js';
import { fromZod } from '../problem.js';

/** The model after overrides, checked; `unchanged` when there were none (the same object as given). */
export function withOverrides<S extends z.ZodType>(schema: S, model: z.infer<S> | object, overrides: Record<string, unknown> | undefined): z.infer<S> {
  if (!overrides) return model as z.infer<S>;
  const patched = schema.safeParse(mergePatch(model, overrides));
  if (!patched.success) throw new EngineError(fromZod(patched.error.issues).map((i) => inPatch(i, overrides)));
  return patched.data;
}

/** An issue of the patched model, located at /overrides/… as far as the patch reaches down its path. */
export function inPatch(issue: Issue, patch: Record<string, unknown>): Issue {
  const segments = issue.path.split('/').slice(1);
  const reached: string[] = [];
  let node: unknown = patch;
  for (const s of segments) {
    const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) break;
    reached.push(key);
    node = (node as Record<string, unknown>)[key];
  }
  return { ...issue, path: pointer('overrides', ...reached) };
}
