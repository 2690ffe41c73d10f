/**
 * The ids of a monitoring request: unique in their lists (regions, projects), and every reference names one
 * listed (a project's region, a previous rank's region). Read loosely — any part may be malformed — so the
 * route runs it on a body that failed its schema too and these mistakes come with the others, in one 422.
 * Codes are the common ones every route gives: duplicate-id, unknown-reference.
 */
import { type Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';

const REGION = { what: 'region', what_zh: '地区', list: 'regions' } as const;

/** The string ids of a list's items, with their index; anything else is skipped (its schema says why). */
export function idsOf(list: unknown, field = 'id'): [number, string][] {
  if (!Array.isArray(list)) return [];
  const out: [number, string][] = [];
  list.forEach((item, i) => {
    const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
    if (typeof id === 'string') out.push([i, id]);
  });
  return out;
}

/** duplicate-id at each repeat of an id in `list` (at /<list>/<i>/id), naming where it first was. */
export function duplicateIds(name: string, list: unknown): Issue[] {
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  for (const [i, id] of idsOf(list)) {
    const j = first.get(id);
    if (j === undefined) first.set(id, i);
    else issues.push(issue(pointer(name, i, 'id'), 'duplicate-id', { id: JSON.stringify(id), first: pointer(name, j, 'id') }));
  }
  return issues;
}

export function referenceIssues(body: { readonly regions?: unknown; readonly projects?: unknown; readonly previous?: unknown }): Issue[] {
  const regionIds = new Set(idsOf(body.regions).map(([, id]) => id));
  const issues = [...duplicateIds('regions', body.regions), ...duplicateIds('projects', body.projects)];
  const previous = body.previous;
  const ranks = previous !== null && typeof previous === 'object' ? (previous as { ranks?: unknown }).ranks : undefined;
  if (ranks !== null && typeof ranks === 'object' && !Array.isArray(ranks)) {
    for (const id of Object.keys(ranks)) {
      if (!regionIds.has(id)) issues.push(issue(pointer('previous', 'ranks', id), 'unknown-reference', { id, ...REGION }));
    }
  }
  if (regionIds.size > 0) {
    for (const [i, region] of idsOf(body.projects, 'region')) {
      if (!regionIds.has(region)) issues.push(issue(pointer('projects', i, 'region'), 'unknown-reference', { id: region, ...REGION }));
    }
  }
  return issues;
}
