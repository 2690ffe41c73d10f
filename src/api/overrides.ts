/**
 * A request's `overrides`: a JSON merge patch (RFC 7396) of the model it names, applied before anything is
 * computed, the patched model then checked by the same schema an inline model passes — as the whole model.
 * A problem of the patched model is named under /overrides, as far down as the patch reaches: through its
 * objects key by key, and into an array the patch gives whole (a patch replaces an array, so
 * /milestones/0/target of the model is /overrides/milestones/0/target of the request). The rest of the model
 * was fine before the patch, so the patch is what the client must change.
 *
 * The one helper of every route that takes a model as a merge patch: rankings, evaluations, monitoring and the
 * industry-share check (allocation's overrides address factors and indicators by id: src/domain/allocation/overrides.ts).
 */
import type { z } from '@hono/zod-openapi';
import { EngineError, type Issue, pointer } from '../core/errors.js';
import { mergePatch } from '../domain/allocation/overrides.js';
import { fromZod } from './problem.js';

/** The model after overrides, checked; the same object as given when there were none. */
export function withOverrides<S extends z.ZodType>(schema: S, model: z.infer<S> | object, overrides: Record<string, unknown> | undefined): z.infer<S> {
  if (!overrides) return model as z.infer<S>;
  const patched = schema.safeParse(mergePatch(model, overrides));
  if (!patched.success) throw new EngineError(fromZod(patched.error.issues).map((i) => inPatch(i, overrides)));
  return patched.data;
}

/** Is `key` an index of `list` ("0", "12"; not "01", "-1", "length")? */
function indexOf(list: readonly unknown[], key: string): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
  const i = Number(key);
  return i < list.length ? i : undefined;
}

/**
 * An issue of the patched model, located at /overrides/… as far as the patch reaches down its path: an
 * object's own key, or an index of an array the patch holds (given whole, its items are the patch's too).
 */
export function inPatch(issue: Issue, patch: Record<string, unknown>): Issue {
  const segments = issue.path === '' ? [] : issue.path.split('/').slice(1);
  const reached: (string | number)[] = [];
  let node: unknown = patch;
  for (const s of segments) {
    const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const i = indexOf(node, key);
      if (i === undefined) break;
      reached.push(i);
      node = node[i];
      continue;
    }
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) break;
    reached.push(key);
    node = (node as Record<string, unknown>)[key];
  }
  return { ...issue, path: pointer('overrides', ...reached) };
}
