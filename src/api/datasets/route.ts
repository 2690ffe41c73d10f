/**
 * /v1/datasets — a table of regions or projects kept on the server, for a jurisdiction and a year, every
 * change a new immutable revision:
 *
 *   POST   /v1/datasets                          create (write key): JSON, or CSV/TSV as Excel/WPS export it
 *   GET    /v1/datasets?kind=&year=&page=&pageSize=  the datasets the caller may see, newest first
 *   GET    /v1/datasets/{id}?format=json|csv|tsv|xlsx|xml|value  the head revision (ETag "n")
 *   PUT    /v1/datasets/{id}                     a new revision (If-Match "n": stale 412, missing 428)
 *   DELETE /v1/datasets/{id}                     soft delete (deleted_at, audited): 204; then 404 unknown-dataset
 *   GET    /v1/datasets/{id}/revisions           every revision, without rows
 *   GET    /v1/datasets/{id}/revisions/{n}?format=json|csv|tsv|xlsx|xml|value  one revision (immutable)
 *
 * A private dataset does not exist for a caller outside its workspace (404 unknown-dataset).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { headerOf, type Target, type Vocabulary, NO_MODEL } from '../../domain/datasets/columns.js';
import { message } from '../../messages/index.js';
import { type Principal, requireScope, storeOr503, visibleTo, writableBy } from '../access/principal.js';
import { createDataset, type DatasetView, deleteDataset, findDataset, listDatasets, listRevisions, updateDataset, viewOf } from '../../store/datasets.js';
import type { DatasetTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import {
  CreateDatasetBody,
  CSV_METADATA,
  DATASET_KINDS,
  DatasetAnswer,
  DatasetList,
  RevisionList,
  UpdateDatasetBody,
  YEAR_QUERY,
} from '../../schema/dataset.js';
import { EXAMPLE_REGIONS } from '../../schema/allocation.js';
import { Problem } from '../../schema/common.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { FORMATS_SAID, type Format, strictQuery, tableQuery } from '../queryOptions.js';
import { respondCells, today, utf8 } from '../respond.js';
import { KEY_OPTIONAL, KEY_REQUIRED } from '../access/openapi.js';
import type { SummaryLine } from '../format/xlsx.js';
import { checkIfMatch, etagOf, type Kept, noContent, noneMatch, notModified, PAGE_QUERY, pageFrom, pageOf, staleResponse } from '../revisions.js';
import { bodyType, readUpload, type Head } from './upload.js';
import { XLSX_MEDIA_TYPE } from './table.js';
import { inUseResponse } from '../references/inUse.js';
import { type VocabularyLookup, vocabularies } from './vocabulary.js';

const TAGS = ['Datasets'];

const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ example: 'ds_3kq9xw7c4m2hbg5tqnj6r1yzva' }) });
const FormatQuery = tableQuery(
  `json (default), or the rows as ${FORMATS_SAID.replace(', else the total row', ", else the column's exact sum").replace('and a summary sheet', 'and a summary sheet; the headers map back on upload')}. CSV/TSV/XLSX headers are Chinese where the model names the column; XML and value use the JSON ids.`,
  {},
);

const CSV_EXAMPLE =
  '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85\r\nC,丙县,其他,0,12000,700,19800,88\r\n';
const CREATE_EXAMPLE = {
  title: '2024年各县分配因素',
  jurisdiction: '四川省',
  year: 2024,
  kind: 'regions',
  model: 'sichuan-2024',
  source: '2024年统计年鉴',
  rows: EXAMPLE_REGIONS,
};

const metadataQuery = strictQuery(
  Object.fromEntries(
    CSV_METADATA.map((name) => [
      name,
      z
        .string()
        .optional()
        .openapi({
          description: `CSV/TSV uploads: the dataset's ${name} (or the header Dataset-${name[0].toUpperCase()}${name.slice(1)}, percent-encoded).`,
        }),
    ]),
  ) as Record<(typeof CSV_METADATA)[number], z.ZodOptional<z.ZodString>>,
);

const ETAG = {
  etag: { description: 'The revision as a strong ETag: "3". Send it back in If-Match to change the dataset.', schema: { type: 'string' as const } },
};

const answerContent = {
  'application/json': { schema: DatasetAnswer },
  'text/csv': { schema: { type: 'string' as const } },
  'text/tab-separated-values': { schema: { type: 'string' as const } },
  'application/xml': { schema: { type: 'string' as const } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string' as const, format: 'binary' } },
  'text/plain': { schema: { type: 'string' as const }, example: '52000' },
};

const readProblems = problemResponses(
  { 'not-found': 'No such dataset or revision, deleted, or private to another workspace.', 'invalid-request': 'An unknown query parameter or format.' },
  Problem,
);
const writeProblems = problemResponses(
  {
    'invalid-request':
      'Every problem of the metadata, the headers and the rows at once: pointers like /rows/12/indicators/poverty, CSV line and header in the message.',
    unauthorized: 'No key, or an unknown or revoked one.',
    forbidden: 'A read key, or a dataset of another workspace.',
    'unsupported-media-type': 'Not JSON, CSV, TSV or XLSX.',
    'body-too-large': 'Body larger than 5 MB.',
    'malformed-json': 'Malformed JSON.',
    'storage-unavailable': 'No database in this deployment.',
  },
  Problem,
);

const createRouteDef = createRoute({
  method: 'post',
  path: '/v1/datasets',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Create a dataset from JSON, or from CSV/TSV as Excel or WPS export it (UTF-8 with or without BOM, GBK, UTF-16)',
  description:
    "JSON: the metadata and rows. CSV (text/csv, commas), TSV (text/tab-separated-values, tabs) or an .xlsx workbook (its first sheet): the table as exported, with the metadata in the query (?title=…&jurisdiction=…&year=2024&kind=regions&model=sichuan-2024) or in Dataset-<Field> headers (percent-encoded UTF-8). Chinese headers are mapped through the model's indicator titles (脱贫人口 → poverty), categories through their names (国家重点县 → national). Private by default.",
  request: {
    query: metadataQuery,
    body: {
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/CreateDataset' }, example: CREATE_EXAMPLE },
        'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
        'text/tab-separated-values': { schema: { type: 'string' }, example: CSV_EXAMPLE.replace(/,/g, '\t') },
        [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: {
    201: {
      description: 'Created: revision 1, with its content hash; Location names it.',
      headers: ETAG,
      content: { 'application/json': { schema: DatasetAnswer } },
    },
    ...writeProblems,
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/v1/datasets',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: "The datasets you may see (public ones; your workspace's with a key), newest first, by page",
  request: {
    query: strictQuery({
      kind: z.enum(DATASET_KINDS).optional().openapi({ example: 'regions' }),
      year: YEAR_QUERY.optional().openapi({ description: 'The data vintage: a year, 2000–2100.', example: '2024' }),
      ...PAGE_QUERY,
    }),
  },
  responses: {
    200: { description: 'A page of datasets (no rows)', content: { 'application/json': { schema: DatasetList } } },
    ...problemResponses({ 'invalid-request': 'An unknown or malformed query parameter.' }, Problem),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/v1/datasets/{id}',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'A dataset at its head revision (ETag "n"); ?format=csv|tsv|xlsx|xml for the rows as a spreadsheet, value for one cell',
  request: { params: IdParam, query: FormatQuery },
  responses: {
    200: { description: 'The head revision', headers: ETAG, content: answerContent },
    304: { description: 'If-None-Match named the head: unchanged.' },
    ...readProblems,
  },
});

const putRouteDef = createRoute({
  method: 'put',
  path: '/v1/datasets/{id}',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'A new revision: the whole table again (JSON, CSV/TSV or XLSX), with If-Match: "n" of the revision you changed',
  description:
    'The rows are replaced; metadata left out stays as it was (a CSV re-upload needs no query). Revisions are immutable: the old one stays at /revisions/{n}. If-Match missing: 428; not the head: 412 (nothing written) — two planners editing at once never overwrite each other.',
  request: {
    params: IdParam,
    query: metadataQuery,
    headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'The ETag of the revision you changed: "3".', example: '"1"' }) }),
    body: {
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/UpdateDataset' }, example: { rows: EXAMPLE_REGIONS.slice(0, 2) } },
        'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
        'text/tab-separated-values': { schema: { type: 'string' }, example: CSV_EXAMPLE.replace(/,/g, '\t') },
        [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: {
    200: { description: 'The new head revision', headers: ETAG, content: { 'application/json': { schema: DatasetAnswer } } },
    ...writeProblems,
    ...problemResponses(
      {
        'not-found': 'No such dataset (or deleted, or private to another workspace).',
        'precondition-failed': 'If-Match is not the head: someone changed it since you read it.',
        'precondition-required': 'No If-Match (or "*").',
        conflict: 'Made private while a public scenario or another workspace’s names it (dataset-private-in-use, naming them).',
      },
      Problem,
    ),
  },
});

const deleteRouteDef = createRoute({
  method: 'delete',
  path: '/v1/datasets/{id}',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Delete a dataset (soft: kept for the audit trail, no longer served); If-Match optional, checked when sent',
  request: {
    params: IdParam,
    query: strictQuery({}),
    headers: z.object({
      'if-match': z
        .string()
        .optional()
        .openapi({ description: 'Optional: the ETag of the revision you mean to delete ("3"); checked when sent.', example: '"1"' }),
    }),
  },
  responses: {
    204: { description: 'Deleted' },
    ...problemResponses(
      {
        unauthorized: 'No key, or an unknown or revoked one.',
        forbidden: 'A read key, or a dataset of another workspace.',
        'not-found': 'No such dataset, or already deleted.',
        'precondition-failed': 'If-Match sent and not the head.',
        'precondition-required': 'If-Match sent but not a revision’s ETag ("*", a weak tag): if-match-unreadable.',
        'storage-unavailable': 'No database in this deployment.',
        conflict: 'A saved scenario (not deleted) names the dataset: delete or re-point those scenarios first (dataset-in-use, naming them).',
      },
      Problem,
    ),
  },
});

const revisionsRouteDef = createRoute({
  method: 'get',
  path: '/v1/datasets/{id}/revisions',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'Every revision of a dataset, oldest first, with who wrote it, when, and its hash',
  request: { params: IdParam, query: strictQuery({}) },
  responses: { 200: { description: 'The revisions', content: { 'application/json': { schema: RevisionList } } }, ...readProblems },
});

const revisionRouteDef = createRoute({
  method: 'get',
  path: '/v1/datasets/{id}/revisions/{revision}',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'One revision, as it was written (immutable)',
  request: {
    params: IdParam.extend({ revision: z.string().openapi({ example: '1' }) }),
    query: FormatQuery,
  },
  responses: {
    200: { description: 'The revision', headers: ETAG, content: answerContent },
    304: { description: 'If-None-Match named this revision: unchanged.' },
    ...readProblems,
  },
});

/** The answer of one revision. */
function answer(view: DatasetView, encoding?: string) {
  return {
    id: view.id,
    kind: view.kind,
    visibility: view.visibility,
    workspace: view.workspace,
    revision: view.revision,
    head: view.head,
    title: view.title,
    jurisdiction: view.jurisdiction,
    year: view.year,
    model: view.model,
    source: view.source,
    rowCount: view.rowCount,
    hash: view.hash,
    createdAt: view.createdAt,
    createdBy: view.createdBy,
    updatedAt: view.updatedAt,
    updatedBy: view.updatedBy,
    ...(encoding ? { encoding } : {}),
    rows: view.rows,
  };
}

/** The dataset if the caller may see it, else the one 404 unknown-dataset (never made, deleted, or private to another workspace). */
async function visible(c: Context, store: Store, id: string): Promise<{ dataset: DatasetTable } | { response: Response }> {
  const who = c.get('principal');
  const dataset = await findDataset(store, id);
  if (!dataset || !visibleTo(who, dataset) || dataset.deleted_at !== null) return { response: problem(c, 'not-found', message('unknown-dataset', { id })) };
  return { dataset };
}

/**
 * The steps before any change of a dataset, in this order: a write key (401/403), the store (503), the dataset
 * visible to the caller (404), and of the caller's workspace (403).
 */
async function writable(c: Context, id: string, action: string): Promise<{ store: Store; dataset: DatasetTable; who: Principal } | { response: Response }> {
  const denied = requireScope(c, 'write', action);
  if (denied) return { response: denied };
  const s = storeOr503(c);
  if ('response' in s) return s;
  const found = await visible(c, s.store, id);
  if ('response' in found) return found;
  const who = c.get('principal');
  if (!writableBy(who, found.dataset)) {
    return { response: problem(c, 'forbidden', message('other-workspace', { resource: 'dataset', id, workspace: who.kind === 'key' ? who.workspace : '' })) };
  }
  return { store: s.store, dataset: found.dataset, who };
}

const kept = (dataset: { id: string; head: number }): Kept => ({ resource: 'dataset', id: dataset.id, head: dataset.head });

/** A revision as JSON or as a spreadsheet (UTF-8 with BOM; Chinese headers where the model names the column), XML, XLSX or one cell. */
async function serve(
  c: Context,
  view: DatasetView,
  query: { format?: Format; column?: string; region?: string; project?: string },
  lookup: VocabularyLookup,
): Promise<Response> {
  c.header('etag', etagOf(view.revision));
  const format = query.format;
  if (format === undefined || format === 'json') return c.json(answer(view), 200);
  const vocab = (view.model && view.kind === 'regions' ? await lookup(view.model) : undefined) ?? NO_MODEL;
  if (format === 'csv' || format === 'tsv') {
    const text = toDelimited(tableOf(view, vocab), format);
    c.header('content-disposition', `inline; filename="${view.id}-${view.revision}.${format}"`);
    return c.body(utf8(text), 200, { 'content-type': MEDIA_TYPE[format] });
  }
  const { ids, cells, fieldCount } = datasetTable(view, vocab);
  const textual = new Set(view.kind === 'regions' ? REGION_FIELDS.filter((f) => f !== 'lastYear') : PROJECT_FIELDS.filter((f) => f !== 'cost'));
  const summary = async (): Promise<SummaryLine[]> => [
    ['数据集 · dataset', view.id],
    ['版本 · revision', String(view.revision)],
    ['标题 · title', view.title],
    ['地区 · jurisdiction', view.jurisdiction],
    ['年度 · year', String(view.year)],
    ['模型 · model', view.model ?? ''],
    ['内容哈希 · content hash', view.hash],
    ['日期 · date (UTC)', today()],
  ];
  return respondCells(
    c,
    { ...query, format },
    {
      name: view.kind,
      unit: null,
      // no total row: the XLSX maps back on upload, as the CSV does; format=value without a row sums the column
      columns: ids.map((id, j) => ({ id, text: j < fieldCount && textual.has(id) })),
      rows: cells.slice(1),
      header: cells[0],
      file: `${view.id}-${view.revision}`,
      summary,
    },
  );
}

const REGION_FIELDS = ['id', 'name', 'level', 'lastYear'];
const PROJECT_FIELDS = ['id', 'name', 'region', 'category', 'cost', 'town', 'village'];

/** The rows as a table whose headers map back on upload: fields, then indicators (the model's order first) or values. */
export function tableOf(view: { kind: 'regions' | 'projects'; rows: readonly unknown[] }, vocab: Vocabulary): string[][] {
  return datasetTable(view, vocab).cells;
}

/** tableOf's cells, and each column's id as the JSON names it (a field, an indicator's or a value's key). */
export function datasetTable(
  view: { kind: 'regions' | 'projects'; rows: readonly unknown[] },
  vocab: Vocabulary,
): { ids: string[]; cells: string[][]; fieldCount: number } {
  const rows = view.rows as Record<string, unknown>[];
  const nested = view.kind === 'regions' ? 'indicators' : 'values';
  const fields = (view.kind === 'regions' ? REGION_FIELDS : PROJECT_FIELDS).filter((f) => f === 'id' || rows.some((r) => r[f] !== undefined));
  const keys = new Set<string>(
    vocab.indicators.map((i) => i.key).filter((k) => rows.some((r) => (r[nested] as Record<string, unknown> | undefined)?.[k] !== undefined)),
  );
  for (const r of rows) for (const k of Object.keys((r[nested] as Record<string, unknown> | undefined) ?? {})) keys.add(k);
  const targets: Target[] = [...fields.map((field) => ({ field })), ...[...keys].map((k) => (view.kind === 'regions' ? { indicator: k } : { value: k }))];
  const header = targets.map((t) => headerOf(view.kind, vocab, t));
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const body = rows.map((r) => [...fields.map((f) => cell(r[f])), ...[...keys].map((k) => cell((r[nested] as Record<string, unknown> | undefined)?.[k]))]);
  return { ids: [...fields, ...keys], cells: [header, ...body], fieldCount: fields.length };
}

export function datasetRoutes(app: OpenAPIHono): void {
  app.openAPIRegistry.register('CreateDataset', CreateDatasetBody);
  app.openAPIRegistry.register('UpdateDataset', UpdateDatasetBody);

  app.openapi(createRouteDef, async (c) => {
    const denied = requireScope(c, 'write', 'Creating a dataset (创建数据集)');
    if (denied) return denied as never;
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const type = bodyType(c);
    if (!type) return problem(c, 'unsupported-media-type', message('dataset-media-type', { got: c.req.header('content-type') ?? '' })) as never;
    const upload = await readUpload(c, type, vocabularies(s.store, c.get('principal')));
    if (!upload.ok) return invalid(c, upload.issues) as never;
    const who = c.get('principal');
    const made = await createDataset(s.store, who, upload.content, upload.visibility);
    const dataset = (await findDataset(s.store, made.id))!;
    const view = (await viewOf(s.store, dataset))!;
    c.header('etag', etagOf(view.revision));
    c.header('location', `/v1/datasets/${view.id}`);
    return c.json(answer(view, upload.encoding), 201) as never;
  });

  app.openapi(listRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const q = c.req.valid('query');
    const { page, pageSize } = pageFrom(q);
    const found = await listDatasets(s.store, c.get('principal'), {
      kind: q.kind,
      year: q.year !== undefined ? Number(q.year) : undefined,
      page,
      pageSize,
    });
    return c.json({ datasets: found.datasets, ...pageOf('/v1/datasets', { kind: q.kind, year: q.year }, { page, pageSize }, found.total) }, 200) as never;
  });

  app.openapi(getRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id } = c.req.valid('param');
    const found = await visible(c, s.store, id);
    if ('response' in found) return found.response as never;
    if (noneMatch(c, found.dataset.head)) return notModified(found.dataset.head) as never;
    const view = (await viewOf(s.store, found.dataset))!;
    return (await serve(c, view, c.req.valid('query'), vocabularies(s.store, c.get('principal')))) as never;
  });

  app.openapi(putRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Changing a dataset (修改数据集)');
    if ('response' in w) return w.response as never;
    const { store, dataset, who } = w;
    const matched = checkIfMatch(c, kept(dataset), true)!;
    if ('response' in matched) return matched.response as never;
    const type = bodyType(c);
    if (!type) return problem(c, 'unsupported-media-type', message('dataset-media-type', { got: c.req.header('content-type') ?? '' })) as never;
    const current = (await viewOf(store, dataset))!;
    const head: Head = { ...current, visibility: dataset.visibility };
    const upload = await readUpload(c, type, vocabularies(store, who), head);
    if (!upload.ok) return invalid(c, upload.issues) as never;
    // private: not while a public scenario or another workspace's names it (src/api/references/inUse.ts)
    const inUse = upload.visibility === 'private' ? await inUseResponse(c, store, 'dataset', id, dataset.workspace) : undefined;
    if (inUse) return inUse as never;
    const written = await updateDataset(store, who, dataset, matched.expected, upload.content, upload.visibility);
    if (written === 'in-use')
      return ((await inUseResponse(c, store, 'dataset', id, dataset.workspace)) ??
        problem(c, 'conflict', message('dataset-private-in-use', { id, users: { shown: [], hidden: 0 } }))) as never;
    if (written === 'stale') {
      const now = (await findDataset(store, id)) ?? dataset;
      return staleResponse(c, kept(now), c.req.header('if-match')) as never;
    }
    const after = (await findDataset(store, id))!;
    const view = (await viewOf(store, after, written.revision))!;
    c.header('etag', etagOf(view.revision));
    return c.json(answer(view, upload.encoding), 200) as never;
  });

  app.openapi(deleteRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Deleting a dataset (删除数据集)');
    if ('response' in w) return w.response as never;
    const { store, dataset, who } = w;
    const matched = checkIfMatch(c, kept(dataset), false);
    if (matched && 'response' in matched) return matched.response as never;
    // not while a saved scenario names it: 409 naming them; the delete's own guard covers a save meanwhile
    const inUse = await inUseResponse(c, store, 'dataset', id);
    if (inUse) return inUse as never;
    if ((await deleteDataset(store, who, dataset)) === 'in-use')
      return ((await inUseResponse(c, store, 'dataset', id)) ??
        problem(c, 'conflict', message('dataset-in-use', { id, users: { shown: [], hidden: 0 } }))) as never;
    return noContent() as never;
  });

  app.openapi(revisionsRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id } = c.req.valid('param');
    const found = await visible(c, s.store, id);
    if ('response' in found) return found.response as never;
    return c.json({ id, head: found.dataset.head, revisions: await listRevisions(s.store, id) }, 200) as never;
  });

  app.openapi(revisionRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id, revision } = c.req.valid('param');
    const found = await visible(c, s.store, id);
    if ('response' in found) return found.response as never;
    const n = /^[1-9]\d{0,8}$/.test(revision) ? Number(revision) : 0;
    const view = n >= 1 && n <= found.dataset.head ? await viewOf(s.store, found.dataset, n) : undefined;
    if (!view) return problem(c, 'not-found', message('unknown-dataset-revision', { id, revision, head: found.dataset.head })) as never;
    if (noneMatch(c, view.revision)) return notModified(view.revision) as never;
    c.header('cache-control', 'private, max-age=31536000, immutable');
    return (await serve(c, view, c.req.valid('query'), vocabularies(s.store, c.get('principal')))) as never;
  });
}
