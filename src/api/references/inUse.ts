/**
 * The 409 of a delete (or a change to private) that would break saved scenarios: the problem names the
 * scenarios the caller may see (ids and titles, also as `scenarios` beside the detail) and counts the rest
 * (`hiddenScenarios`), with the fix (delete or re-point those scenarios first) in both languages.
 */
import type { Context } from 'hono';
import { message } from '../../messages/index.js';
import { problemBody } from '../problem.js';
import { visibleTo } from '../access/principal.js';
import { scenariosNaming, type TargetKind } from '../../store/references.js';
import type { Store } from '../../store/store.js';

const CODES = {
  dataset: { delete: 'dataset-in-use', private: 'dataset-private-in-use' },
  scenario: { delete: 'scenario-in-use', private: 'scenario-private-in-use' },
} as const;

/**
 * The 409 naming the scenarios that use the target, or undefined when none does (the write may go on; its
 * own guard still refuses it if one starts naming the target meanwhile). `outside`: the target's workspace,
 * for a change to private (only public scenarios and other workspaces' count).
 */
export async function inUseResponse(c: Context, store: Store, kind: TargetKind, id: string, outside?: string): Promise<Response | undefined> {
  const users = await scenariosNaming(store, kind, id, outside);
  if (users.length === 0) return undefined;
  const who = c.get('principal');
  const shown = users.filter((u) => visibleTo(who, u)).map((u) => ({ id: u.id, title: u.title }));
  const list = { shown, hidden: users.length - shown.length };
  const code = CODES[kind][outside === undefined ? 'delete' : 'private'];
  const body = { ...problemBody('conflict', message(code, { id, users: list })), scenarios: shown, hiddenScenarios: list.hidden };
  return new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });
}
