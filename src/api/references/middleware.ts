/**
 * The middleware that lets every calculation route take references instead of inline data (resolve.ts):
 * after the body guard has parsed the body and memory() has put the store and the caller on the context, it
 * replaces each reference by what it names and hands the route's validator the resolved body (c.req.json).
 * A request without references costs one lookup of the path and a look at one or two fields.
 * The answer names what was read: JSON gets `provenance.references` (each reference's pointer, the dataset
 * id, revision and content hash, or the scenario and revision with the regions it had no amount for); CSV and
 * TSV get the same in the header X-References.
 */
import type { MiddlewareHandler } from 'hono';
import { message } from '../../messages/index.js';
import { invalid, problem } from '../problem.js';
import { callerOf, type Fetcher, resolverOf } from '../scenarios/result.js';
import { holdsReference, REFERENCE_SPOTS, type ReferenceUsed, referenceShapeIssues, resolveReferences } from './resolve.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

declare module 'hono' {
  interface ContextVariableMap {
    /** What the request's references named, once resolved (unset where it held none). */
    references: readonly ReferenceUsed[] | undefined;
  }
}

export function references(fetcher: Fetcher): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || REFERENCE_SPOTS[c.req.path] === undefined) return next();
    if (!JSON_MEDIA_TYPE.test((c.req.header('content-type') ?? '').split(';')[0].trim())) return next();
    let body: unknown;
    try {
      body = await c.req.json(); // parsed once by the body guard
    } catch {
      return next(); // the route answers malformed JSON
    }
    if (!holdsReference(c.req.path, body)) return next();
    const store = c.get('store');
    if (!store) {
      const malformed = referenceShapeIssues(c.req.path, body);
      return malformed.length > 0 ? invalid(c, malformed) : problem(c, 'storage-unavailable', message('storage-not-configured'));
    }
    const resolved = await resolveReferences(resolverOf(callerOf(c, store, fetcher)), c.req.path, body);
    if (resolved.issues.length > 0) return invalid(c, resolved.issues);
    c.req.json = <T>() => Promise.resolve(resolved.body as T);
    // the answer's own formats that cannot carry a header (XLSX's summary, XML's root) read them here
    c.set('references', resolved.used);
    await next();
    if (resolved.used.length > 0 && c.res.status === 200) c.res = await annotated(c.res, resolved.used);
    else if (resolved.used.length > 0 && c.res.status === 422) c.res = await locatedInDataset(c.res, resolved.used);
  };
}

/** The answer with the references it read: in provenance (JSON), or in the header X-References (CSV/TSV). */
async function annotated(res: Response, used: readonly ReferenceUsed[]): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.set('x-references', used.map(headerText).join(', '));
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) return new Response(res.body, { status: res.status, headers });
  headers.delete('content-length');
  return new Response(withReferences(await res.text(), used), { status: res.status, headers });
}

/**
 * The envelope's text with `references` added at the end of its provenance, the envelope's last part
 * (src/api/respond.ts): spliced into the text when its tail is that object, else parsed and written again.
 */
export function withReferences(text: string, used: readonly ReferenceUsed[]): string {
  const at = text.lastIndexOf(',"provenance":{');
  if (at > 0 && text.endsWith('}}')) {
    try {
      const tail = JSON.parse(text.slice(at + 14, -1)) as unknown;
      if (tail !== null && typeof tail === 'object' && !Array.isArray(tail)) return `${text.slice(0, -2)},"references":${JSON.stringify(used)}}}`;
    } catch {
      // not the envelope's tail: the slow way below
    }
  }
  const answer = JSON.parse(text) as { provenance?: Record<string, unknown> };
  if (answer.provenance && typeof answer.provenance === 'object') answer.provenance.references = used;
  return JSON.stringify(answer);
}

/**
 * A problem in rows read from a dataset: each issue inside them also names where it is in the dataset
 * (its /rows/… pointer, id and revision), since the request itself does not hold those rows.
 */
async function locatedInDataset(res: Response, used: readonly ReferenceUsed[]): Promise<Response> {
  const problem = (await res.json()) as { errors?: { pointer: string; detail: string; detail_zh: string }[] };
  for (const e of problem.errors ?? []) {
    for (const r of used) {
      if (!('dataset' in r) || !e.pointer.startsWith(`${r.pointer}/`)) continue;
      const at = `/rows${e.pointer.slice(r.pointer.length)}`;
      e.detail += ` (in the dataset ${r.dataset}, revision ${r.revision}: ${at})`;
      e.detail_zh += `（数据集 ${r.dataset} 第 ${r.revision} 版：${at}）`;
    }
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(problem), { status: res.status, headers });
}

/** One reference as X-References writes it: "/regions=sample-20@1;<hash>". */
export const headerText = (r: ReferenceUsed) => `${r.pointer}=${'dataset' in r ? r.dataset : r.scenario}@${r.revision};${r.hash}`;
