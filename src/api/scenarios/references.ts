/**
 * A saved scenario and what it names (src/store/references.ts):
 * - saving: the rows of its references go into the revision's own batch; when one of their guards fails (the
 *   dataset or scenario was deleted, or made private, between the check and the write) the save is answered
 *   as if it had been checked after: the reference's own problem under /request;
 * - reading its result: a problem of the saved request is the scenario's, under /request/… (the caller sent
 *   no body); a reference that no longer resolves (deleted before references were kept, or no longer visible
 *   to this caller) is a 409 scenario-reference-gone naming it, not an invalid field of a request never sent.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { FALLBACK_CODE, problemBody } from '../problem.js';
import { visibleTo } from '../access/principal.js';
import { lookupDataset } from '../references/datasets.js';
import { findScenario } from '../../store/scenarios.js';
import type { SavedReference } from '../../store/references.js';
import type { Caller, RunResult } from './result.js';

/** The problems of references whose guard failed, as the caller sees them now (at least one issue). */
export async function referenceIssues(caller: Caller, refs: readonly SavedReference[], visibility: 'public' | 'private'): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const ref of refs) {
    const at = `/request${ref.pointer}`;
    if (ref.kind === 'dataset') {
      const found = await lookupDataset(caller.store, caller.principal, ref.id, ref.revision);
      if (found.found === 'none') issues.push(issue(`${at}/dataset`, 'unknown-dataset', { id: ref.id }));
      else if (visibility === 'public' && found.found === 'yes' && found.dataset.visibility !== 'public')
        issues.push(issue(`${at}/dataset`, 'scenario-private-data', { id: ref.id }));
    } else {
      const row = await findScenario(caller.store, ref.id);
      if (!row || row.deleted_at !== null || !visibleTo(caller.principal, row)) issues.push(issue(`${at}/scenario`, 'unknown-scenario', { id: ref.id }));
      else if (visibility === 'public' && row.visibility !== 'public') issues.push(issue(`${at}/scenario`, 'scenario-private-last-year', { id: ref.id }));
    }
  }
  if (issues.length === 0) {
    // the target came back (or a visibility flipped twice) since the guard failed: name the first reference
    const first = refs[0];
    issues.push(
      issue(`/request${first?.pointer ?? ''}`, 'scenario-reference-gone', {
        scenario: '(new)',
        kind: first?.kind ?? 'dataset',
        id: first?.id ?? '',
        revision: first?.revision ?? null,
      }),
    );
  }
  return issues;
}

/** The codes with which a route says a reference names nothing the caller can use. */
const GONE = new Set(['unknown-dataset', 'unknown-dataset-revision', 'unknown-scenario', 'unknown-scenario-revision']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at a JSON pointer of the saved request. */
function at(body: unknown, pointer: string): unknown {
  let v = body;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

interface RouteProblem {
  status?: number;
  errors?: { pointer: string; code: string; detail: string; detail_zh: string }[];
}

/**
 * The result's problem as the scenario's: each issue under /request (a saved query parameter's under /query,
 * one of this URL's own, `urlNames`, as ?name);
 * a reference that no longer resolves, scenario-reference-gone (409 conflict). Other answers as they are.
 */
export function asScenarioProblem(scenario: string, request: unknown, result: RunResult, urlNames: ReadonlySet<string> = new Set()): RunResult {
  if (result.status !== 422 && result.status !== 400) return result;
  let parsed: RouteProblem & Record<string, unknown>;
  try {
    parsed = JSON.parse(result.body) as RouteProblem & Record<string, unknown>;
  } catch {
    return result;
  }
  if (!Array.isArray(parsed.errors) || parsed.errors.length === 0) return result;
  // a parameter of this URL (format=value's ?region …) stays ?name, as on every route; the saved query's go under /query
  const under = (p: string) => (p.startsWith('?') ? (urlNames.has(p.slice(1)) ? p : `/query/${p.slice(1)}`) : p === '/' ? '/request' : `/request${p}`);
  let gone = false;
  const issues: Issue[] = parsed.errors.map((e) => {
    if (GONE.has(e.code)) {
      const holder = e.pointer.slice(0, e.pointer.lastIndexOf('/'));
      const ref = at(request, holder);
      if (isObject(ref)) {
        gone = true;
        const kind = typeof ref.dataset === 'string' ? 'dataset' : 'scenario';
        const id = String(kind === 'dataset' ? ref.dataset : ref.scenario);
        const revision = typeof ref.revision === 'number' ? ref.revision : null;
        return issue(`/request${holder}/${kind}`, 'scenario-reference-gone', { scenario, kind, id, revision });
      }
    }
    return { path: under(e.pointer), code: e.code ?? FALLBACK_CODE, en: e.detail, zh: e.detail_zh };
  });
  if (!gone) {
    const body = { ...parsed, errors: issues.map((i) => ({ pointer: i.path, code: i.code ?? FALLBACK_CODE, detail: i.en, detail_zh: i.zh })) };
    return { ...result, body: JSON.stringify(body) };
  }
  const first = issues.find((i) => i.code === 'scenario-reference-gone')!;
  const body = problemBody('conflict', { en: first.en, zh: first.zh, code: 'scenario-reference-gone' }, issues);
  return { status: 409, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body), cache: 'none' };
}
