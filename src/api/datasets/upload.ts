/**
 * A dataset write's body, read whole: JSON (metadata and rows), or CSV/TSV/XLSX (rows, read by table.ts as the
 * calculation routes read them) with the metadata from the query or Dataset-<Field> headers. Every independent problem is collected (metadata, headers, each row's
 * cells) into one list; a CSV problem's pointer is the JSON pointer of the value it made (/rows/12/indicators/
 * poverty) and its message names the line and the header the planner sees.
 */
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import { NO_MODEL, type Vocabulary } from '../../domain/datasets/columns.js';
import type { Encoding } from '../../domain/datasets/decode.js';
import { issue } from '../../messages/index.js';
import type { DatasetContent, DatasetKind } from '../../store/datasets.js';
import type { Visibility } from '../../store/schema.js';
import { CreateDatasetBody, CSV_METADATA, UpdateDatasetBody } from '../../schema/dataset.js';
import { fromZod } from '../problem.js';
import { unknownModel } from '../models/catalog.js';
import { checkRows, MAX_ISSUES, recordsOf, rowsOfRecords, type TableType, tableTypeOf } from './table.js';
import type { VocabularyLookup } from './vocabulary.js';

export type BodyType = 'json' | TableType;

/** The body's kind from its Content-Type, or undefined when it is none of ours. */
export function bodyType(c: Context): BodyType | undefined {
  const contentType = c.req.header('content-type');
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (/^application\/([\w.-]+\+)?json$/.test(essence)) return 'json';
  return tableTypeOf(contentType);
}

/** The metadata sent with a write; undefined: not sent (an update keeps the head's). */
export interface SentMeta {
  title?: string;
  jurisdiction?: string;
  year?: number;
  kind?: DatasetKind;
  model?: string | null;
  source?: string | null;
  visibility?: Visibility;
}

/** What the current head holds, for an update (metadata left out stays). */
export interface Head {
  readonly kind: DatasetKind;
  readonly title: string;
  readonly jurisdiction: string;
  readonly year: number;
  readonly model: string | null;
  readonly source: string | null;
  readonly visibility: Visibility;
}

export type Upload =
  | { readonly ok: true; readonly content: DatasetContent; readonly visibility: Visibility; readonly encoding?: Encoding }
  | { readonly ok: false; readonly issues: Issue[] };

/** `lookup` finds a model's vocabulary (built-in, or a saved model the caller may see). */
export async function readUpload(c: Context, type: BodyType, lookup: VocabularyLookup, head?: Head): Promise<Upload> {
  return type === 'json' ? readJson(c, lookup, head) : readTable(c, type, lookup, head);
}

async function readJson(c: Context, lookup: VocabularyLookup, head?: Head): Promise<Upload> {
  const issues: Issue[] = [];
  for (const name of CSV_METADATA) if (c.req.query(name) !== undefined) issues.push(issue(`?${name}`, 'metadata-in-query', { name }));
  const body = await c.req.json<unknown>();
  const schema = head ? UpdateDatasetBody : CreateDatasetBody;
  const parsed = schema.safeParse(body);
  if (!parsed.success) issues.push(...fromZod(parsed.error.issues));
  const raw = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const failed = new Set(issues.map((i) => i.path.split('/')[1]));
  const ok = <T>(field: string): T | undefined => (failed.has(field) ? undefined : (raw[field] as T | undefined));
  const sent: SentMeta = {
    title: ok('title'),
    jurisdiction: ok('jurisdiction'),
    year: ok('year'),
    kind: ok('kind'),
    model: ok('model'),
    source: ok('source'),
    visibility: ok('visibility'),
  };
  const rows = Array.isArray(raw.rows) ? (raw.rows as unknown[]) : undefined;
  return finish(sent, rows, issues, head, '/', lookup);
}

async function readTable(c: Context, type: TableType, lookup: VocabularyLookup, head?: Head): Promise<Upload> {
  const issues: Issue[] = [];
  const sent = readMetadata(c, issues);
  const read = await recordsOf(new Uint8Array(await c.req.arrayBuffer()), type);
  if (!read.ok) return { ok: false, issues: [...issues, ...read.issues] };
  issues.push(...read.issues);
  const kind = sent.kind ?? head?.kind ?? 'regions';
  const model = sent.model !== undefined ? sent.model : (head?.model ?? null);
  const vocab = await vocabularyFor(kind, model, '?model', issues, lookup);
  // without the model's vocabulary every Chinese header would be "unknown": the unknown model is the problem
  if (!vocab) return { ok: false, issues };
  const made = rowsOfRecords(read.records, kind, vocab, read.sheet);
  issues.push(...made.issues);
  const upload = await finish(sent, made.rows, issues, head, '?', lookup, made.locate, made.noIndicators);
  return upload.ok && read.encoding ? { ...upload, encoding: read.encoding } : upload;
}

/** Metadata of a CSV/TSV/XLSX upload: ?name=… wins over the header Dataset-Name (percent-encoded UTF-8). */
function readMetadata(c: Context, issues: Issue[]): SentMeta {
  const value = (name: string): string | undefined => {
    const q = c.req.query(name);
    if (q !== undefined) return q;
    const headerName = `dataset-${name}`;
    const h = c.req.header(headerName);
    if (h === undefined) return undefined;
    try {
      return decodeURIComponent(h);
    } catch {
      issues.push(issue(`?${name}`, 'bad-metadata-header', { header: `Dataset-${name[0].toUpperCase()}${name.slice(1)}` }));
      return undefined;
    }
  };
  const meta: Record<string, unknown> = {};
  for (const name of CSV_METADATA) {
    const v = value(name);
    if (v === undefined) continue;
    if (name === 'year') {
      // a number of the grammar is checked as a year (between 2000 and 2100); anything else is not a year at all
      if (/^[+-]?\d+(\.\d+)?$/.test(v)) meta.year = Number(v);
      else issues.push(issue('?year', 'bad-year', { shown: JSON.stringify(v.slice(0, 40)) }));
    } else if ((name === 'model' || name === 'source') && v === '') meta[name] = null;
    else meta[name] = v;
  }
  // the same field schemas as JSON, issues at ?name
  const shape = UpdateDatasetBody.shape;
  const out: SentMeta = {};
  for (const [name, v] of Object.entries(meta)) {
    const parsed = shape[name as keyof typeof shape].safeParse(v);
    if (parsed.success) (out as Record<string, unknown>)[name] = v;
    else issues.push(...fromZod(parsed.error.issues).map((i) => ({ ...i, path: `?${name}` })));
  }
  return out;
}

/** The vocabulary for the model named (none: NO_MODEL); an unknown model is an issue at `at`. */
async function vocabularyFor(
  kind: DatasetKind,
  model: string | null | undefined,
  at: string,
  issues: Issue[],
  lookup: VocabularyLookup,
): Promise<Vocabulary | undefined> {
  if (model === null || model === undefined || kind !== 'regions') return NO_MODEL;
  const vocab = await lookup(model);
  if (!vocab) issues.push({ ...unknownModel('allocation', model, at) });
  return vocab;
}

/**
 * The content from the metadata sent (or the head's) and the rows, with every remaining problem: required
 * metadata, the kind of an existing dataset, the model, each row (normalised, then checked by the row schema).
 */
async function finish(
  sent: SentMeta,
  rows: unknown[] | undefined,
  issues: Issue[],
  head: Head | undefined,
  metaAt: '/' | '?',
  lookup: VocabularyLookup,
  where?: (i: Issue) => Issue,
  noIndicatorColumns = false,
): Promise<Upload> {
  const at = (field: string) => (metaAt === '?' ? `?${field}` : `/${field}`);
  const taken = (field: string) => issues.some((i) => i.path === at(field));
  if (head && sent.kind !== undefined && sent.kind !== head.kind) issues.push(issue(at('kind'), 'dataset-kind-fixed', { kind: head.kind, sent: sent.kind }));
  const kind = head?.kind ?? sent.kind;
  const title = sent.title ?? head?.title;
  const jurisdiction = sent.jurisdiction ?? head?.jurisdiction;
  const year = sent.year ?? head?.year;
  if (metaAt === '?') {
    for (const [field, v] of [
      ['title', title],
      ['jurisdiction', jurisdiction],
      ['year', year],
      ['kind', kind ?? 'regions'],
    ] as const) {
      if (v === undefined && !taken(field)) issues.push(issue(at(field), 'metadata-required', { field }));
    }
  }
  const model = sent.model !== undefined ? sent.model : (head?.model ?? null);
  const source = sent.source !== undefined ? sent.source : (head?.source ?? null);
  const visibility = sent.visibility ?? head?.visibility ?? 'private';
  const theKind: DatasetKind = kind ?? 'regions';
  let outRows: unknown[] = rows ?? [];
  // rows are checked against the kind sent, else regions (the default); a kind that is not one is the issue
  if (rows && (metaAt === '?' || !taken('kind'))) {
    const vocab =
      metaAt === '/' && !taken('model') ? await vocabularyFor(theKind, model, at('model'), issues, lookup) : model ? await lookup(model) : NO_MODEL;
    const checked = checkRows(theKind, model === null || theKind !== 'regions' ? NO_MODEL : (vocab ?? NO_MODEL), rows, where, noIndicatorColumns);
    issues.push(...checked.issues);
    outRows = checked.rows;
  }
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, MAX_ISSUES) };
  return {
    ok: true,
    visibility,
    content: { kind: theKind, title: title!, jurisdiction: jurisdiction!, year: year!, model, source, rows: outRows },
  };
}
