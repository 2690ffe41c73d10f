/**
 * The one contract of the kept resources (datasets, saved scenarios, saved models) for revisions and
 * conditional requests (docs/contract.md, Memory):
 *
 * - ETag is the revision (a model's version), strong and quoted: `"3"`; every read of one sends it.
 * - If-Match on a write: `"3"` (or bare `3`, as the README has always accepted for datasets) names the revision
 *   changed; missing → 428 if-match-required; `*`, a weak tag `W/"3"`, a list or anything else → 428
 *   if-match-unreadable quoting the head's ETag; not the head → 412 stale-revision with the head's ETag.
 * - A lost race (the store's unique violation: another writer took the revision) → 412 stale-revision,
 *   whatever the write (an update, or a concurrent first save of the same saved-model id).
 * - If-None-Match naming the current ETag (strong or weak, or `*`) on a GET of one → 304, no body, no content-type.
 * - 204 and 304 carry no content-type.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { message } from '../messages/index.js';
import { problem } from './problem.js';

/** A kept resource as its messages name it: datasets and scenarios have revisions, models versions. */
export interface Kept {
  readonly resource: 'dataset' | 'scenario' | 'model';
  readonly id: string;
  readonly head: number;
}

/** "revision", or "version" for models (docs/contract.md: saved models say version for revision). */
export const wordOf = (resource: Kept['resource']): 'revision' | 'version' => (resource === 'model' ? 'version' : 'revision');

/** The ETag of a revision: strong, quoted. */
export const etagOf = (revision: number): string => `"${revision}"`;

/** `"3"` or `3` → 3 (`"0"` → 0: readable, never the head); anything else (`*`, `W/"3"`, a list, text) → undefined. */
export function ifMatchRevision(header: string): number | undefined {
  const m = /^\s*(?:"(\d{1,9})"|(\d{1,9}))\s*$/.exec(header);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** The 412 of a write whose If-Match (or none, in a lost race) is not the head; the head's ETag in the answer. */
export function staleResponse(c: Context, kept: Kept, sent: string | undefined): Response {
  c.header('etag', etagOf(kept.head));
  return problem(
    c,
    'precondition-failed',
    message('stale-revision', { resource: kept.resource, id: kept.id, sent: sent ?? '(none)', head: kept.head, word: wordOf(kept.resource) }),
  );
}

/**
 * The If-Match check of a write on an existing resource: the revision sent (the head), or the 428/412 to answer.
 * `required: false` (deletes): no If-Match is fine (undefined), one sent is checked.
 */
export function checkIfMatch(c: Context, kept: Kept, required: boolean): { expected: number } | { response: Response } | undefined {
  const header = c.req.header('if-match');
  const word = wordOf(kept.resource);
  if (header === undefined) {
    if (!required) return undefined;
    return { response: problem(c, 'precondition-required', message('if-match-required', { resource: kept.resource, id: kept.id, head: kept.head, word })) };
  }
  const expected = ifMatchRevision(header);
  if (expected === undefined) {
    c.header('etag', etagOf(kept.head));
    return {
      response: problem(
        c,
        'precondition-required',
        message('if-match-unreadable', { sent: header, resource: kept.resource, id: kept.id, head: kept.head, word }),
      ),
    };
  }
  if (expected !== kept.head) return { response: staleResponse(c, kept, header) };
  return { expected };
}

/** Does If-None-Match name this ETag (strong or weak comparison, RFC 9110 §13.1.2), or `*`? */
export function noneMatch(c: Context, revision: number): boolean {
  const header = c.req.header('if-none-match');
  if (header === undefined) return false;
  const tag = etagOf(revision);
  return header.split(',').some((t) => {
    const s = t.trim();
    return s === '*' || s === tag || s === `W/${tag}`;
  });
}

/** 304 Not Modified: the ETag, no body, no content-type. */
export function notModified(revision: number): Response {
  return new Response(null, { status: 304, headers: { etag: etagOf(revision) } });
}

/** 204 No Content: the one answer of a delete (datasets, scenarios, saved models), no content-type. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** The one page of a list (datasets, scenarios, saved models): ?page from 1, ?pageSize 1–200 (default 50). */
export interface Page {
  readonly page: number;
  readonly pageSize: number;
}

export const PAGE_DEFAULT = 50;

/** The page/pageSize/total/next of a list answer; `next` keeps the filters, or is null on the last page. */
export function pageOf(path: string, filters: Record<string, string | undefined>, page: Page, total: number) {
  let next: string | null = null;
  if (page.page * page.pageSize < total) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined) params.set(k, v);
    params.set('page', String(page.page + 1));
    params.set('pageSize', String(page.pageSize));
    next = `${path}?${params}`;
  }
  return { page: page.page, pageSize: page.pageSize, total, next };
}

/** The query parameters of a page, as every list takes them. */
export const PAGE_QUERY = {
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .optional()
    .openapi({ description: 'From 1 (default 1).', example: '1' }),
  pageSize: z
    .string()
    .regex(/^([1-9]\d?|1\d\d|200)$/)
    .optional()
    .openapi({ description: '1 to 200 (default 50).', example: '50' }),
};

/** ?page and ?pageSize as numbers (validated by PAGE_QUERY). */
export const pageFrom = (q: { page?: string; pageSize?: string }): Page => ({ page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? PAGE_DEFAULT) });
