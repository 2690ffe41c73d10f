/**
 * /v1/libraries — a county's project library (项目库, issue 15), every change a new immutable revision:
 *
 *   POST   /v1/libraries                               create (write key): JSON, every project reviewed for entry
 *   GET    /v1/libraries?county=&page=&pageSize=       the libraries the caller may see, newest first
 *   GET    /v1/libraries/{id}?revision=&format=        a revision (ETag "n"); format csv|tsv|xlsx: the projects table
 *   PUT    /v1/libraries/{id}                          whole replacement (If-Match "n" = head: 412 stale, 428 missing)
 *   DELETE /v1/libraries/{id}                          soft delete (audited): 204
 *   GET    /v1/libraries/{id}/revisions                every revision, without projects
 *   POST   /v1/libraries/{id}/projects                 add projects (entry review); an id already there → 409
 *   GET    /v1/libraries/{id}/projects/{projectId}     one project (ETag "<changedIn>")
 *   PATCH  /v1/libraries/{id}/projects/{projectId}     merge patch of one project (If-Match, the per-project rule)
 *   POST   /v1/libraries/{id}/decisions                review decisions keep/adjust/remove (If-Match, per project)
 *
 * The per-project rule (PATCH, decisions): If-Match "n" is accepted when n ≤ head and every project the write
 * touches has changedIn ≤ n; writes to other projects since n are no conflict (src/store/libraries.ts).
 * A private library does not exist for a caller outside its workspace (404 unknown-library).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import { compareScaled } from '../../core/money/decimal.js';
import { parseDecimal } from '../../core/money/parse.js';
import { entryIssues, vocabularyIssues } from '../../domain/projects/entry.js';
import { toStored, toWritten } from '../../domain/projects/project.js';
import { checkMove } from '../../domain/projects/status.js';
import { issue, message, zodMessage } from '../../messages/index.js';
import { Problem } from '../../schema/common.js';
import {
  CalendarDate,
  CreateLibraryBody,
  DECISIONS,
  type Decision,
  type DecisionRecordData,
  LibraryProject,
  type LibraryProjectInput,
  MAX_LIBRARY_PROJECTS,
  PROJECT_STATUSES,
  type ProjectRulesModel,
  PROJECT_EXAMPLE,
  projectFields,
  type StoredProject,
} from '../../schema/projects.js';
import { canonical } from '../../store/datasets.js';
import {
  createLibrary,
  deleteLibrary,
  findLibrary,
  type LibraryAudit,
  libraryHash,
  type LibraryView,
  libraryView,
  type ProjectChange,
  listLibraries,
  listLibraryRevisions,
  MAX_LIBRARY_BYTES,
  projectsBytes,
  readLibrary,
  updateLibrary,
  writeProjects,
} from '../../store/libraries.js';
import type { LibraryTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { type Principal, requireScope, storeOr503, visibleTo, writableBy } from '../access/principal.js';
import { fromZod, invalid, problem, problemBody, problemResponse, problemResponses } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { respondCells, today, utf8 } from '../respond.js';
import { KEY_OPTIONAL, KEY_REQUIRED } from '../access/openapi.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { bodyType } from '../datasets/upload.js';
import { XLSX_MEDIA_TYPE } from '../datasets/table.js';
import { locateIssue, projectsHeader, projectsTable, readProjectsTable } from './table.js';
import { etagOf, ifMatchRevision, noContent, noneMatch, notModified, PAGE_QUERY, pageFrom, pageOf } from '../revisions.js';
import { parsedFields, rulesModelOf, vocabularyOf } from './read.js';

const TAGS = ['Project library'];

// ---- answers (documented)

const Hash = z.string().openapi({ description: 'sha256 of the canonical content (metadata and projects; keys sorted).', example: 'sha256:8c20e79e…' });
const StoredIndicatorSchema = z.object({ name: z.string(), value: z.string(), unit: z.string(), core: z.boolean().optional() });
const FieldValue = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.string()),
    z.object({ output: z.array(StoredIndicatorSchema).optional(), effect: z.array(StoredIndicatorSchema).optional() }),
  ])
  .openapi({ description: "A field's value (null: not set)." });
const DecisionAnswer = z
  .object({
    decision: z.enum(DECISIONS).openapi({ description: 'keep 保留, adjust 微调保留, remove 移出.' }),
    reason: z.string(),
    date: z.string().openapi({ description: 'The day decided, YYYY-MM-DD.' }),
    by: z.string().openapi({ description: 'The key that recorded it.' }),
    revision: z.number().int().openapi({ description: 'The library revision that recorded it.' }),
    changes: z
      .record(z.string(), z.object({ from: FieldValue, to: FieldValue }))
      .optional()
      .openapi({ description: 'adjust: each field changed, {from, to}.' }),
  })
  .openapi('LibraryDecision');

export const StoredProjectSchema = z
  .object({
    ...projectFields,
    amount: z.string().openapi({ example: '120' }),
    approvedAmount: z.string().optional(),
    villageIncome: z.string().optional(),
    arranged: z.string().optional(),
    paid: z.string().optional(),
    targets: z.object({ output: z.array(StoredIndicatorSchema).optional(), effect: z.array(StoredIndicatorSchema).optional() }).optional(),
    status: z.enum(PROJECT_STATUSES),
    enteredOn: z.string().openapi({ description: '入库日期, YYYY-MM-DD.' }),
    startedOn: z.string().optional(),
    completedOn: z.string().optional(),
    changedIn: z.number().int().openapi({ description: 'The library revision that last changed the project: its ETag.' }),
    decisions: z.array(DecisionAnswer).optional(),
  })
  .openapi('StoredProject');

const summaryFields = {
  revision: z.number().int(),
  name: z.string(),
  county: z.string(),
  unit: z.enum(['wan', 'yuan']),
  model: z.string(),
  projectCount: z.number().int(),
  hash: Hash,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
};

export const LibraryAnswer = z
  .object({
    id: z.string(),
    visibility: z.enum(['public', 'private']),
    workspace: z.string(),
    ...summaryFields,
    head: z.number().int(),
    createdAt: z.string().openapi({ description: 'When the library was created.' }),
    updatedAt: z.string().openapi({ description: 'When this revision was written.' }),
    updatedBy: z.string().nullable(),
    projects: z.array(StoredProjectSchema),
  })
  .openapi('Library');

const LibraryList = z
  .object({
    libraries: z.array(
      z.object({
        id: z.string(),
        visibility: z.enum(['public', 'private']),
        workspace: z.string(),
        head: z.number().int(),
        ...summaryFields,
        updatedAt: z.string(),
        updatedBy: z.string().nullable(),
      }),
    ),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    next: z.string().nullable(),
  })
  .openapi('LibraryList');

const LibraryRevisions = z.object({ id: z.string(), head: z.number().int(), revisions: z.array(z.object(summaryFields)) }).openapi('LibraryRevisions');

const DecisionsAnswer = z
  .object({
    library: z.string(),
    revision: z.number().int().openapi({ description: 'The new head: its ETag.' }),
    projects: z.array(StoredProjectSchema).openapi({ description: 'The projects decided, as they now are.' }),
  })
  .openapi('LibraryDecisions');

// ---- bodies

const AddProjectsBody = z
  .object({ projects: z.array(z.unknown()).min(1).max(MAX_LIBRARY_PROJECTS).openapi({ description: 'LibraryProject rows.' }) })
  .strict()
  .openapi('AddLibraryProjects');

const DecisionBody = z
  .object({
    project: projectFields.id,
    decision: z.enum(DECISIONS).openapi({ description: 'keep 保留, adjust 微调保留, remove 移出.', example: 'adjust' }),
    reason: z.string().max(2000).openapi({ description: 'Why (required, not blank): as the review minutes say.', example: '群众意愿变化，调减建设规模' }),
    date: CalendarDate.optional().openapi({ description: 'The day decided (default today); not after today, not before the project entered the library.' }),
    changes: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'adjust only (required there): a merge patch of the fields it changes.', example: { amount: '100' } }),
  })
  .strict();
const DecisionsBody = z
  .object({ decisions: z.array(DecisionBody).min(1).max(MAX_LIBRARY_PROJECTS) })
  .strict()
  .openapi('LibraryDecisionsBody');

const UpdateLibraryBody = CreateLibraryBody.partial().openapi('UpdateLibrary', {
  description: 'The whole project list again (projects required); metadata left out stays as it was.',
});

const PatchBody = z.record(z.string(), z.unknown()).openapi('LibraryProjectPatch', {
  description: 'A JSON merge patch (RFC 7396) of the fields a planner writes (LibraryProject): a field given is set, null removes it.',
});

const EXAMPLE_PROJECT = PROJECT_EXAMPLE;
/** The project the add example adds (and the replacement example keeps: a PUT leaves no project out). */
const ADDED_EXAMPLE = { ...EXAMPLE_PROJECT, id: 'LF-2025-002', name: '金山镇产业路' };
const CREATE_EXAMPLE = {
  name: '禄丰市巩固拓展脱贫攻坚成果和乡村振兴项目库',
  county: '禄丰市',
  unit: 'wan',
  model: 'sichuan',
  // entered before the decision example's date: a decision is never dated before its project entered the library
  projects: [{ ...EXAMPLE_PROJECT, enteredOn: '2024-03-01' }],
};

// ---- routes

const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ example: 'lib_3kq9xw7c4m2hbg5tqnj6r1yzva' }) });
const ProjectParam = IdParam.extend({ projectId: z.string().min(1).max(200).openapi({ example: 'LF-2025-001' }) });
const REVISION_QUERY = z
  .string()
  .max(12)
  .optional()
  .superRefine((v, ctx) => {
    if (v !== undefined && !/^[1-9]\d{0,8}$/.test(v)) ctx.addIssue({ code: 'custom', ...zodMessage('library-revision-invalid', { shown: v }) });
  })
  .openapi({ description: 'A revision (default the head).', example: '1' });
/** The metadata of a table upload (CSV, TSV, XLSX): in the query, as for datasets. */
const META_QUERY = {
  name: z.string().optional().openapi({ description: "Table uploads: the library's name." }),
  county: z.string().optional().openapi({ description: 'Table uploads: the county.' }),
  unit: z.string().optional().openapi({ description: 'Table uploads: wan (default) or yuan, unless the money headers say it ("计划投资（万元）").' }),
  model: z.string().optional().openapi({ description: 'Table uploads: the project-rules model (default sichuan).' }),
  visibility: z.string().optional().openapi({ description: 'Table uploads: private (default) or public.' }),
};
const META_NAMES = Object.keys(META_QUERY);
const CSV_EXAMPLE =
  '项目编号,项目名称,项目类别,项目用途,计划投资（万元）,资金来源,产出指标,效益指标,利益联结机制,评估论证\r\nLF-2025-001,白岩村猕猴桃产业园,产业发展,巩固拓展脱贫攻坚成果,120,中央衔接资金,新建猕猴桃基地:200亩,带动脱贫户增收:150户,村集体占股20%,是\r\n';
const tableBodies = {
  'text/csv': { schema: { type: 'string' as const }, example: CSV_EXAMPLE },
  'text/tab-separated-values': { schema: { type: 'string' as const }, example: CSV_EXAMPLE.replace(/,/g, '\t') },
  [XLSX_MEDIA_TYPE]: { schema: { type: 'string' as const, format: 'binary' } },
};

const ETAG = {
  etag: { description: 'The revision as a strong ETag: "3". Send it back in If-Match to change the library.', schema: { type: 'string' as const } },
};
const PROJECT_ETAG = {
  etag: {
    description: 'The revision that last changed the project (changedIn): "3". Send it in If-Match to change it.',
    schema: { type: 'string' as const },
  },
};
const IF_MATCH = z.object({
  'if-match': z.string().optional().openapi({ description: 'The ETag you read: the library\'s "n", or the project\'s "<changedIn>".', example: '"1"' }),
});

const readProblems = problemResponses(
  { 'not-found': 'No such library, revision or project; deleted, or private to another workspace.', 'invalid-request': 'An unknown query parameter.' },
  Problem,
);
const writeProblems = problemResponses(
  {
    'invalid-request':
      'Every problem at once: each project by its pointer (/projects/3/amount), refused entry naming each reason (/projects/0/targets), status jumps, unknown fund sources, duplicate numbers, a library too large for one revision.',
    unauthorized: 'No key, or an unknown or revoked one.',
    forbidden: 'A read key, or a library of another workspace.',
    'not-found': 'No such library (deleted, or private to another workspace).',
    'unsupported-media-type': 'Not JSON (nor, where a table is taken, CSV, TSV or XLSX).',
    'body-too-large': 'Body larger than 5 MB.',
    'malformed-json': 'Malformed JSON.',
    'storage-unavailable': 'No database in this deployment.',
  },
  Problem,
);
const conditionalProblems = problemResponses(
  {
    'precondition-failed': 'If-Match is older than a change to what you write (the library, or the project: named, with its ETag). Nothing written.',
    'precondition-required': 'No If-Match, or not a revision\'s ETag ("*", a weak tag).',
  },
  Problem,
);

const createRouteDef = createRoute({
  method: 'post',
  path: '/v1/libraries',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Create a project library: its metadata and projects, each reviewed for entry (all or nothing)',
  description:
    "Every project is checked by the schema, the model's vocabulary (categories, fund sources, purposes), the status rules (planned and later need a year; dates in order; arranged ≤ amount) and the entry review (targets, feasibility review, benefit linkage, purpose, negative list): a refused one names each reason at /projects/<i>/<field>, and nothing is written. Private by default.",
  request: {
    query: strictQuery(META_QUERY),
    body: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateLibrary' }, example: CREATE_EXAMPLE }, ...tableBodies },
    },
  },
  responses: {
    201: { description: 'Created: revision 1; Location names it.', headers: ETAG, content: { 'application/json': { schema: LibraryAnswer } } },
    ...writeProblems,
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/v1/libraries',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: "The project libraries you may see (public ones; your workspace's with a key), newest first, by page",
  request: { query: strictQuery({ county: z.string().max(200).optional().openapi({ example: '禄丰市' }), ...PAGE_QUERY }) },
  responses: {
    200: { description: 'A page of libraries (no projects)', content: { 'application/json': { schema: LibraryList } } },
    ...problemResponses({ 'invalid-request': 'An unknown or malformed query parameter.' }, Problem),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/v1/libraries/{id}',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'A project library at its head (or ?revision=), ETag "n"',
  request: {
    params: IdParam,
    query: strictQuery({
      revision: REVISION_QUERY,
      format: z
        .enum(['json', 'csv', 'tsv', 'xlsx'])
        .optional()
        .openapi({ description: 'json (default), or the projects as a table that uploads back: csv, tsv (UTF-8 with BOM), xlsx.', example: 'json' }),
    }),
  },
  responses: {
    200: {
      description: 'The revision',
      headers: ETAG,
      content: {
        'application/json': { schema: LibraryAnswer },
        'text/csv': { schema: { type: 'string' as const } },
        'text/tab-separated-values': { schema: { type: 'string' as const } },
        [XLSX_MEDIA_TYPE]: { schema: { type: 'string' as const, format: 'binary' } },
      },
    },
    304: { description: 'If-None-Match named it: unchanged.' },
    ...readProblems,
  },
});

const putRouteDef = createRoute({
  method: 'put',
  path: '/v1/libraries/{id}',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'A new revision: the whole library again, with If-Match: "n" of the head',
  description:
    'The projects are replaced; metadata left out stays. A project already in the library keeps its decisions and entry date (changedIn and decisions sent with a project, as GET gives them, are kept by the service and ignored); its status move is checked against the head (one step at a time); entry review runs for projects new to the library or whose reviewed fields (name, category, purpose, content, targets, linkage, feasibility review) changed. Every project of the head is sent again: one left out is a 422 library-project-dropped at /projects (a project leaves the library by a remove decision, and stays listed as removed). The same content as the head answers 200 with the head (same ETag): no new revision, no audit entry. If-Match missing: 428; not the head: 412, nothing written.',
  request: {
    params: IdParam,
    query: strictQuery(META_QUERY),
    headers: IF_MATCH,
    body: {
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/UpdateLibrary' }, example: { projects: [EXAMPLE_PROJECT, ADDED_EXAMPLE] } },
        ...tableBodies,
      },
    },
  },
  responses: {
    200: { description: 'The new head', headers: ETAG, content: { 'application/json': { schema: LibraryAnswer } } },
    ...writeProblems,
    ...conditionalProblems,
  },
});

const deleteRouteDef = createRoute({
  method: 'delete',
  path: '/v1/libraries/{id}',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Delete a project library (soft: kept for the audit trail, no longer served); If-Match optional, checked when sent',
  request: { params: IdParam, query: strictQuery({}), headers: IF_MATCH },
  responses: {
    204: { description: 'Deleted' },
    ...problemResponses(
      {
        unauthorized: 'No key, or an unknown or revoked one.',
        forbidden: 'A read key, or a library of another workspace.',
        'not-found': 'No such library, or already deleted.',
        'storage-unavailable': 'No database in this deployment.',
      },
      Problem,
    ),
    ...conditionalProblems,
  },
});

const revisionsRouteDef = createRoute({
  method: 'get',
  path: '/v1/libraries/{id}/revisions',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'Every revision of a project library, oldest first, with who wrote it, when, and its hash',
  request: { params: IdParam, query: strictQuery({}) },
  responses: { 200: { description: 'The revisions', content: { 'application/json': { schema: LibraryRevisions } } }, ...readProblems },
});

const addRouteDef = createRoute({
  method: 'post',
  path: '/v1/libraries/{id}/projects',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Add projects to a library (each reviewed for entry; all or nothing); no If-Match needed',
  description:
    "A project number already in the library is a 409 project-exists (change it with PATCH instead). The answer is 200 with the library's new head and its ETag (no Location: the projects are parts of the library, each at /v1/libraries/{id}/projects/{projectId}).",
  request: {
    params: IdParam,
    query: strictQuery({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/AddLibraryProjects' },
          example: { projects: [ADDED_EXAMPLE] },
        },
      },
    },
  },
  responses: {
    200: { description: 'The new head', headers: ETAG, content: { 'application/json': { schema: LibraryAnswer } } },
    ...writeProblems,
    ...problemResponses({ conflict: 'A project number is already in the library (project-exists, each at its pointer).' }, Problem),
  },
});

const projectRouteDef = createRoute({
  method: 'get',
  path: '/v1/libraries/{id}/projects/{projectId}',
  tags: TAGS,
  security: KEY_OPTIONAL,
  summary: 'One project of a library as kept (ETag "<changedIn>": the revision that last changed it)',
  request: { params: ProjectParam, query: strictQuery({ revision: REVISION_QUERY }) },
  responses: {
    200: { description: 'The project', headers: PROJECT_ETAG, content: { 'application/json': { schema: StoredProjectSchema } } },
    304: { description: 'If-None-Match named it: unchanged.' },
    ...readProblems,
  },
});

const patchRouteDef = createRoute({
  method: 'patch',
  path: '/v1/libraries/{id}/projects/{projectId}',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Change one project (JSON merge patch) with If-Match: the ETag you read of it or of the library',
  description:
    'Accepted when If-Match is at most the head and the project has not changed since: changes to other projects meanwhile are no conflict, the patch lands on the newest head. Status moves one step at a time; when the amount of a planned or implementing project without an approvedAmount changes, the old amount becomes its approvedAmount; entry review runs again when a reviewed field changes.',
  request: {
    params: ProjectParam,
    query: strictQuery({}),
    headers: IF_MATCH,
    body: {
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/LibraryProjectPatch' }, example: { amount: '100', status: 'planned', year: 2025 } },
        'application/merge-patch+json': { schema: { $ref: '#/components/schemas/LibraryProjectPatch' }, example: { amount: '100' } },
      },
    },
  },
  responses: {
    200: {
      description: 'The project as it now is (ETag: the new revision)',
      headers: PROJECT_ETAG,
      content: { 'application/json': { schema: StoredProjectSchema } },
    },
    ...writeProblems,
    ...conditionalProblems,
  },
});

const decisionsRouteDef = createRoute({
  method: 'post',
  path: '/v1/libraries/{id}/decisions',
  tags: TAGS,
  security: KEY_REQUIRED,
  summary: 'Record review decisions (保留 keep, 微调保留 adjust, 移出 remove), each with its reason and date; If-Match required',
  description:
    "Each decision is appended to its project's decisions and audited. adjust gives `changes` (a merge patch, checked as a PATCH is); remove moves the project to removed (an implementing or completed project cannot be removed). The per-project If-Match rule of PATCH holds for every project decided.",
  request: {
    params: IdParam,
    query: strictQuery({}),
    headers: IF_MATCH,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/LibraryDecisionsBody' },
          example: {
            decisions: [
              { project: 'LF-2025-001', decision: 'keep', reason: '项目前期工作扎实，群众意愿强烈', date: '2025-09-15' },
              { project: 'LF-2025-002', decision: 'adjust', reason: '调减建设规模', changes: { amount: '80' } },
            ],
          },
        },
      },
    },
  },
  responses: {
    200: { description: 'The projects decided, and the new head', headers: ETAG, content: { 'application/json': { schema: DecisionsAnswer } } },
    ...writeProblems,
    ...conditionalProblems,
  },
});

// ---- the rules of a project as written

const REVIEWED = ['name', 'category', 'purpose', 'content', 'targets', 'linkage', 'feasibilityReviewed'] as const;
const reviewedOf = (p: StoredProject) => canonical(Object.fromEntries(REVIEWED.map((f) => [f, p[f]])));

const cmp = (a: string, b: string): number => {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return x && y ? compareScaled(x, y) : 0;
};

/** The status rules of a project as kept: a plan year from planned on, dates in order, arranged ≤ amount. */
export function statusRuleIssues(p: StoredProject, path: string, checkEntered = true): Issue[] {
  const out: Issue[] = [];
  if ((p.status === 'planned' || p.status === 'implementing' || p.status === 'completed') && p.year === undefined)
    out.push(issue(`${path}/year`, 'status-needs-year', { status: p.status }));
  const dates: [string, string | undefined][] = [
    ['enteredOn', checkEntered ? p.enteredOn : undefined],
    ['startedOn', p.startedOn],
    ['completedOn', p.completedOn],
  ];
  let earlier: [string, string] | undefined;
  for (const [field, value] of dates) {
    if (value === undefined) continue;
    if (earlier && value < earlier[1])
      out.push(issue(`${path}/${field}`, 'dates-out-of-order', { earlier: `${earlier[0]} ${earlier[1]}`, later: `${field} ${value}` }));
    else earlier = [field, value];
  }
  if (p.arranged !== undefined && cmp(p.arranged, p.amount) > 0)
    out.push(issue(`${path}/arranged`, 'arranged-above-amount', { arranged: p.arranged, amount: p.amount }));
  return out;
}

/** Pointer order, numeric segments as numbers (/projects/2 before /projects/10): how a planner reads the issues. */
export function comparePointers(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const numeric = /^\d+$/.test(x[i]) && /^\d+$/.test(y[i]);
    if (numeric) return Number(x[i]) - Number(y[i]);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** The issues in pointer order (stable: issues at one pointer keep their order). */
export const byPointer = (issues: readonly Issue[]): Issue[] => [...issues].sort((a, b) => comparePointers(a.path, b.path));

/** Entry review on a row the schema refused, when every field it reads (name, category, purpose, content, targets, linkage, feasibility) was accepted. */
function entryOfRefused(p: Partial<LibraryProjectInput>, row: unknown, model: ProjectRulesModel, path: string): Issue[] {
  if (!isObject(row) || p.name === undefined || p.category === undefined) return [];
  for (const f of REVIEWED) if (row[f] !== undefined && (p as Record<string, unknown>)[f] === undefined) return [];
  return entryIssues(p as LibraryProjectInput & { name: string; category: string }, model, path);
}

/**
 * A list of projects as written, checked and made into projects as kept: schema, vocabulary, unique numbers,
 * status rules, and entry review (for projects new to the library or whose reviewed fields changed); a
 * project already in `kept` keeps its decisions and entry date, and its status move is checked.
 */
export function checkProjects(
  raw: readonly unknown[],
  model: ProjectRulesModel,
  path: string,
  at: { today: string; revision: number },
  kept: ReadonlyMap<string, StoredProject> = new Map(),
): { projects: StoredProject[] } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const projects: StoredProject[] = [];
  const seen = new Map<string, number>();
  raw.forEach((row, i) => {
    const here = `${path}/${i}`;
    const parsed = LibraryProject.safeParse(row);
    if (!parsed.success) {
      // every independent issue at once: the model's vocabulary and the entry review on the fields that parsed
      issues.push(...fromZod(parsed.error.issues, [...path.split('/').slice(1), i]));
      const fields = parsedFields(row);
      issues.push(...vocabularyOf(fields, model, here));
      const before = typeof fields.id === 'string' ? kept.get(fields.id) : undefined;
      if (!before) issues.push(...entryOfRefused(fields, row, model, here));
      return;
    }
    const input = parsed.data;
    const first = seen.get(input.id);
    if (first !== undefined) issues.push(issue(`${here}/id`, 'duplicate-project-id', { id: input.id, first }));
    else seen.set(input.id, i);
    const before = kept.get(input.id);
    const written: LibraryProjectInput = before && input.enteredOn === undefined ? { ...input, enteredOn: before.enteredOn } : input;
    let stored = toStored(written, at, before);
    if (before && canonical({ ...stored, changedIn: 0 }) === canonical({ ...before, changedIn: 0 })) stored = before;
    issues.push(...vocabularyIssues(input, model, here));
    if (before) {
      const move = checkMove(before.status, stored.status, `${here}/status`);
      if (move) issues.push(move);
    }
    issues.push(...statusRuleIssues(stored, here, written.enteredOn !== undefined));
    if (!before || reviewedOf(before) !== reviewedOf(stored)) issues.push(...entryIssues(stored, model, here));
    projects.push(stored);
  });
  return issues.length > 0 ? { issues: byPointer(issues) } : { projects };
}

/** RFC 7396 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const WRITTEN_FIELDS = Object.keys(projectFields) as (keyof LibraryProjectInput)[];

/**
 * One project changed by a merge patch (PATCH, or an adjust decision's changes), checked as a write of it is:
 * the fields the service keeps refused, the number fixed, schema, vocabulary, status move, status rules, entry
 * review when a reviewed field changed; the old amount kept as approvedAmount when a planned or implementing
 * project without one changes amount. Issues under `path` ('' for a PATCH body).
 */
export function patchProject(
  before: StoredProject,
  patch: Record<string, unknown>,
  model: ProjectRulesModel,
  path: string,
  revision: number,
): { project: StoredProject; changes: Record<string, { from: unknown; to: unknown }> } | { issues: Issue[] } {
  const issues: Issue[] = [];
  for (const field of ['changedIn', 'decisions']) if (field in patch) issues.push({ path: `${path}/${field}`, ...message('project-field-kept', { field }) });
  if ('id' in patch && patch.id !== before.id)
    issues.push({ path: `${path}/id`, ...message('project-id-fixed', { id: before.id, shown: String(patch.id) }) });
  const kept = { ...patch };
  delete kept.changedIn;
  delete kept.decisions;
  delete kept.id;
  const merged = mergePatch(toWritten(before), kept);
  const parsed = LibraryProject.safeParse(merged);
  if (!parsed.success) {
    // every independent issue at once: the vocabulary on the fields that parsed, the status move if it parsed
    issues.push(...fromZod(parsed.error.issues, path.split('/').slice(1)));
    const fields = parsedFields(merged);
    issues.push(...vocabularyOf(fields, model, path));
    if (fields.status !== undefined) {
      const move = checkMove(before.status, fields.status, `${path}/status`);
      if (move) issues.push(move);
    }
    return { issues: byPointer(issues) };
  }
  let input = parsed.data;
  if (
    (before.status === 'planned' || before.status === 'implementing') &&
    before.approvedAmount === undefined &&
    input.approvedAmount === undefined &&
    cmp(String(input.amount), before.amount) !== 0
  )
    input = { ...input, approvedAmount: before.amount };
  const project = toStored(input, { today: today(), revision }, before);
  issues.push(...vocabularyIssues(input, model, path));
  const move = checkMove(before.status, project.status, `${path}/status`);
  if (move) issues.push(move);
  issues.push(...statusRuleIssues(project, path));
  if (reviewedOf(before) !== reviewedOf(project)) issues.push(...entryIssues(project, model, path));
  if (issues.length > 0) return { issues: byPointer(issues) };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of WRITTEN_FIELDS) {
    const from = (before as unknown as Record<string, unknown>)[f];
    const to = (project as unknown as Record<string, unknown>)[f];
    if (canonical(from ?? null) !== canonical(to ?? null)) changes[f] = { from: from ?? null, to: to ?? null };
  }
  return { project, changes };
}

// ---- helpers of the routes

function answer(v: LibraryView) {
  return {
    id: v.id,
    visibility: v.visibility,
    workspace: v.workspace,
    revision: v.revision,
    head: v.head,
    name: v.name,
    county: v.county,
    unit: v.unit,
    model: v.model,
    projectCount: v.projects.length,
    hash: v.hash,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    updatedAt: v.updatedAt,
    updatedBy: v.updatedBy,
    projects: v.projects,
  };
}

/** The library if the caller may see it, else the one 404 unknown-library. */
async function visible(c: Context, store: Store, id: string): Promise<{ library: LibraryTable } | { response: Response }> {
  const library = await findLibrary(store, id);
  if (!library || library.deleted_at !== null || !visibleTo(c.get('principal'), library))
    return { response: problem(c, 'not-found', message('unknown-library', { id })) };
  return { library };
}

/** Before any change: a write key (401/403), the store (503), the library visible (404) and of the caller's workspace (403). */
async function writable(c: Context, id: string, action: string): Promise<{ store: Store; library: LibraryTable; who: Principal } | { response: Response }> {
  const denied = requireScope(c, 'write', action);
  if (denied) return { response: denied };
  const s = storeOr503(c);
  if ('response' in s) return s;
  const found = await visible(c, s.store, id);
  if ('response' in found) return found;
  const who = c.get('principal');
  if (!writableBy(who, found.library))
    return { response: problem(c, 'forbidden', message('other-workspace', { resource: 'library', id, workspace: who.kind === 'key' ? who.workspace : '' })) };
  return { store: s.store, library: found.library, who };
}

/** If-Match as a revision number, or the 428 (missing when required, unreadable). undefined: not sent and not required. */
function ifMatchOf(c: Context, library: LibraryTable, required: boolean): { n: number } | { response: Response } | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) {
    if (!required) return undefined;
    c.header('etag', etagOf(library.head));
    return { response: problem(c, 'precondition-required', message('library-if-match-required', { id: library.id, head: library.head })) };
  }
  const n = ifMatchRevision(header);
  if (n === undefined) {
    c.header('etag', etagOf(library.head));
    return { response: problem(c, 'precondition-required', message('library-if-match-unreadable', { id: library.id, sent: header, head: library.head })) };
  }
  return { n };
}

/** The 412 of an If-Match that is not the head: older (someone changed it), or a revision never issued (beyond the head). */
function libraryStale(c: Context, id: string, head: number, sent: string | undefined): Response {
  c.header('etag', etagOf(head));
  const n = sent === undefined ? undefined : ifMatchRevision(sent);
  if (n !== undefined && n > head) return problem(c, 'precondition-failed', message('library-if-match-ahead', { id, sent: sent!, head }));
  return problem(c, 'precondition-failed', message('library-stale', { id, sent: sent ?? '(none)', head }));
}

/** The JSON body, or the 415 for another media type (the body guard has answered malformed JSON already). */
async function jsonBody(c: Context): Promise<{ body: unknown } | { response: Response }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) return { response: problem(c, 'unsupported-media-type', message('unsupported-media-type')) };
  return { body: await c.req.json<unknown>() };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tooLarge(projects: readonly StoredProject[]): Issue | undefined {
  const bytes = projectsBytes(projects);
  return bytes > MAX_LIBRARY_BYTES ? { path: '/projects', ...message('library-too-large', { bytes, max: MAX_LIBRARY_BYTES }) } : undefined;
}

/** The metadata and projects of a create (head undefined) or a whole replacement (metadata left out: the head's). */
function readLibraryBody(
  body: unknown,
  at: { today: string; revision: number },
  head?: LibraryView,
):
  | { issues: Issue[] }
  | { meta: { name: string; county: string; unit: 'wan' | 'yuan'; model: string }; visibility?: 'public' | 'private'; projects: StoredProject[] } {
  const issues: Issue[] = [];
  const parsed = (head ? UpdateLibraryBody : CreateLibraryBody).safeParse(body);
  if (!parsed.success) issues.push(...fromZod(parsed.error.issues));
  const raw = isObject(body) ? body : {};
  const failed = new Set(issues.map((i) => i.path.split('/')[1]));
  const ok = <T>(field: string): T | undefined => (failed.has(field) ? undefined : (raw[field] as T | undefined));
  const name = ok<string>('name') ?? head?.name;
  const county = ok<string>('county') ?? head?.county;
  if (name === undefined && !failed.has('name')) issues.push(issue('/name', 'required', { expected: 'string' }));
  if (county === undefined && !failed.has('county')) issues.push(issue('/county', 'required', { expected: 'string' }));
  if (head && raw.projects === undefined && !failed.has('projects')) issues.push(issue('/projects', 'required', { expected: 'array' }));
  const unit = ok<'wan' | 'yuan'>('unit') ?? head?.unit ?? 'wan';
  let model: ProjectRulesModel | undefined;
  let modelId = ok<string>('model') ?? head?.model;
  if (!failed.has('model')) {
    const named = rulesModelOf(modelId, '/model');
    if ('issues' in named) issues.push(...named.issues);
    else {
      model = named.model;
      modelId = named.id;
    }
  }
  let projects: StoredProject[] = [];
  const given = Array.isArray(raw.projects) && !failed.has('projects') ? (raw.projects as unknown[]) : undefined;
  // a replacement may send the projects as read (GET): what the service keeps (changedIn, decisions) is its own
  const rows = head
    ? given?.map((r) => (isObject(r) ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'changedIn' && k !== 'decisions')) : r))
    : given;
  if (rows && model) {
    const kept = new Map((head?.projects ?? []).map((p) => [p.id, p]));
    const checked = checkProjects(rows, model, '/projects', at, kept);
    if ('issues' in checked) issues.push(...checked.issues);
    else projects = checked.projects;
  }
  if (head && rows) {
    // a project leaves the library by a decision (remove), never by being left out of a replacement
    const sent = new Set(rows.map((r) => (isObject(r) && typeof r.id === 'string' ? r.id : undefined)));
    const dropped = head.projects.filter((p) => !sent.has(p.id)).map((p) => JSON.stringify(p.id));
    if (dropped.length > 0) {
      const shown = dropped.length > 50 ? `${dropped.slice(0, 50).join(', ')} … (${dropped.length})` : dropped.join(', ');
      issues.push({ path: '/projects', ...message('library-project-dropped', { ids: shown, library: head.id }) });
    }
  }
  if (issues.length === 0) {
    const big = tooLarge(projects);
    if (big) issues.push(big);
  }
  if (issues.length > 0) return { issues: byPointer(issues) };
  return { meta: { name: name!, county: county!, unit, model: modelId! }, visibility: ok('visibility'), projects };
}

/**
 * The body of a create or a whole replacement: JSON (metadata in the body), or a table (CSV, TSV, XLSX through
 * readProjectsTable, metadata in the query); its issues said at the cell (row, column, header) or ?name.
 */
async function libraryRequest(
  c: Context,
  query: { name?: string; county?: string; unit?: string; model?: string; visibility?: string },
  at: { today: string; revision: number },
  head?: LibraryView,
): Promise<ReturnType<typeof readLibraryBody> | { response: Response }> {
  const type = bodyType(c);
  if (!type) return { response: problem(c, 'unsupported-media-type', message('library-media-type', { got: c.req.header('content-type') ?? '' })) };
  const meta = query as Record<string, string | undefined>;
  const sent = META_NAMES.filter((n) => meta[n] !== undefined);
  if (type === 'json') {
    const body = await c.req.json<unknown>();
    const made = readLibraryBody(body, at, head);
    const inQuery = sent.map((name) => issue(`?${name}`, 'metadata-in-query', { name }));
    if (inQuery.length === 0) return made;
    return { issues: [...inQuery, ...('issues' in made ? made.issues : [])] };
  }
  const named = rulesModelOf(query.model ?? head?.model, '?model');
  if ('issues' in named) return { issues: named.issues };
  const read = await readProjectsTable(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type') ?? '', named.model);
  if ('issues' in read) return { issues: read.issues };
  const issues: Issue[] = [];
  if (query.unit !== undefined && read.unit !== undefined && query.unit !== read.unit)
    issues.push({ path: '?unit', ...message('library-table-unit-conflict', { query: query.unit, table: read.unit }) });
  const body: Record<string, unknown> = { projects: read.projects };
  for (const name of sent) body[name] = meta[name];
  if (query.unit === undefined && read.unit !== undefined) body.unit = read.unit;
  const made = readLibraryBody(body, at, head);
  const placed = ('issues' in made ? made.issues : []).map((i) =>
    i.path.startsWith('/projects/')
      ? locateIssue(i, read.cellOf)
      : META_NAMES.includes(i.path.slice(1).split('/')[0])
        ? { ...i, path: `?${i.path.slice(1)}` }
        : i,
  );
  if (issues.length + placed.length > 0) return { issues: [...issues, ...placed] };
  return made;
}

/** A revision's projects as a table (CSV/TSV with a BOM, or a workbook) whose headers upload back. */
async function serveTable(c: Context, view: LibraryView, format: 'csv' | 'tsv' | 'xlsx'): Promise<Response> {
  const named = rulesModelOf(view.model, '');
  const fallback = rulesModelOf(undefined) as { model: ProjectRulesModel };
  const table = projectsTable(view.projects, 'issues' in named ? fallback.model : named.model);
  const header = projectsHeader(view.unit);
  const file = `${view.id}-${view.revision}`;
  if (format !== 'xlsx') {
    c.header('content-disposition', `inline; filename="${file}.${format}"`);
    return c.body(utf8(toDelimited([header, ...table.rows.map((r) => [...r])], format)), 200, { 'content-type': MEDIA_TYPE[format] });
  }
  return respondCells(
    c,
    { format },
    {
      name: 'projects',
      unit: view.unit,
      columns: table.columns,
      rows: table.rows,
      header,
      file,
      summary: async () => [
        ['项目库 · library', view.id],
        ['版本 · revision', String(view.revision)],
        ['名称 · name', view.name],
        ['县 · county', view.county],
        ['单位 · unit', view.unit],
        ['规则模型 · model', view.model],
        ['内容哈希 · content hash', view.hash],
        ['日期 · date (UTC)', today()],
      ],
    },
  );
}

/** The answer of a project-level write that did not land. */
function refused(c: Context, id: string, w: Exclude<Awaited<ReturnType<typeof writeProjects>>, { written: unknown }>, sent: string | undefined) {
  if ('gone' in w) return problem(c, 'not-found', message('unknown-library', { id }));
  if ('issues' in w) {
    const exists = w.issues.filter((i) => i.code === 'project-exists');
    if (exists.length > 0) {
      const body = problemBody('conflict', { en: exists[0].en, zh: exists[0].zh, code: 'project-exists' }, w.issues);
      return problemResponse(body);
    }
    return invalid(c, w.issues);
  }
  if (w.stale === 'project') {
    c.header('etag', etagOf(w.changedIn));
    return problem(
      c,
      'precondition-failed',
      message('library-project-stale', { library: id, project: w.project, sent: sent ?? '(none)', changedIn: w.changedIn, head: w.head }),
    );
  }
  return libraryStale(c, id, w.head, sent);
}

const actor = (who: Principal) => (who.kind === 'key' ? who.id : 'anonymous');

/**
 * Review decisions applied to a library revision: each decision's project known, its date neither after today nor
 * before the project entered the library, an adjustment's changes checked as a PATCH is, a removal's status move
 * allowed. Takes the decisions as sent (possibly refused by the schema): each check runs on the parts that are readable.
 */
function decide(view: LibraryView, decisions: readonly unknown[], revision: number, library: string, by: string, day: string): ProjectChange {
  const named = rulesModelOf(view.model, '');
  if ('issues' in named) return named;
  const out: Issue[] = [];
  const next = new Map(view.projects.map((p) => [p.id, p]));
  const audits: LibraryAudit[] = [];
  const touched: string[] = [];
  decisions.forEach((d, i) => {
    if (!isObject(d) || typeof d.project !== 'string') return;
    const here = `/decisions/${i}`;
    const before = next.get(d.project);
    if (!before) {
      out.push({ path: `${here}/project`, ...message('unknown-library-project', { id: d.project, library }) });
      return;
    }
    const problems: Issue[] = [];
    const date = typeof d.date === 'string' && CalendarDate.safeParse(d.date).success ? d.date : undefined;
    if (date !== undefined && date > day) problems.push({ path: `${here}/date`, ...message('decision-date-future', { date, today: day }) });
    else if (date !== undefined && date < before.enteredOn)
      problems.push({ path: `${here}/date`, ...message('decision-date-before-entry', { date, project: before.id, enteredOn: before.enteredOn }) });
    let project: StoredProject = before;
    let changes: Record<string, { from: unknown; to: unknown }> | undefined;
    if (d.decision === 'adjust' && isObject(d.changes)) {
      const changed = patchProject(before, d.changes, named.model, `${here}/changes`, revision);
      if ('issues' in changed) problems.push(...changed.issues);
      else {
        project = changed.project;
        changes = changed.changes;
      }
    } else if (d.decision === 'remove') {
      const move = checkMove(before.status, 'removed', `${here}/decision`);
      if (move) problems.push(move);
      project = { ...before, status: 'removed' };
      changes = before.status === 'removed' ? undefined : { status: { from: before.status, to: 'removed' } };
    }
    out.push(...problems);
    if (problems.length > 0 || !DECISIONS.includes(d.decision as Decision) || typeof d.reason !== 'string') return;
    const record: DecisionRecordData = {
      decision: d.decision as Decision,
      reason: d.reason,
      date: date ?? day,
      by,
      revision,
      ...(changes && d.decision === 'adjust' ? { changes } : {}),
    };
    next.set(d.project, { ...project, changedIn: revision, decisions: [...(before.decisions ?? []), record] });
    touched.push(d.project);
    audits.push({ action: 'decide', detail: { project: d.project, decision: d.decision, reason: d.reason } });
  });
  if (out.length > 0) return { issues: byPointer(out) };
  const projects = view.projects.map((p) => next.get(p.id)!);
  const big = tooLarge(projects);
  if (big) return { issues: [big] };
  return { projects, touched, audits };
}

export function libraryRoutes(app: OpenAPIHono): void {
  app.openAPIRegistry.register('CreateLibrary', CreateLibraryBody);
  app.openAPIRegistry.register('UpdateLibrary', UpdateLibraryBody);
  app.openAPIRegistry.register('AddLibraryProjects', AddProjectsBody);
  app.openAPIRegistry.register('LibraryDecisionsBody', DecisionsBody);
  app.openAPIRegistry.register('LibraryProjectPatch', PatchBody);

  app.openapi(createRouteDef, async (c) => {
    const denied = requireScope(c, 'write', 'Creating a project library (创建项目库)');
    if (denied) return denied as never;
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const made = await libraryRequest(c, c.req.valid('query'), { today: today(), revision: 1 });
    if ('response' in made) return made.response as never;
    if ('issues' in made) return invalid(c, made.issues) as never;
    const who = c.get('principal');
    const plan = await createLibrary(s.store, who, { ...made.meta, projects: made.projects }, made.visibility ?? 'private');
    const view = (await libraryView(s.store, (await findLibrary(s.store, plan.id))!))!;
    c.header('etag', etagOf(view.revision));
    c.header('location', `/v1/libraries/${view.id}`);
    return c.json(answer(view), 201) as never;
  });

  app.openapi(listRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const q = c.req.valid('query');
    const { page, pageSize } = pageFrom(q);
    const found = await listLibraries(s.store, c.get('principal'), { county: q.county, page, pageSize });
    return c.json({ libraries: found.libraries, ...pageOf('/v1/libraries', { county: q.county }, { page, pageSize }, found.total) }, 200) as never;
  });

  app.openapi(getRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const revision = q.revision === undefined ? undefined : Number(q.revision);
    const found = await readLibrary(s.store, c.get('principal'), id, revision);
    if ('missing' in found) {
      return (
        found.missing === 'library'
          ? problem(c, 'not-found', message('unknown-library', { id }))
          : problem(c, 'not-found', message('unknown-library-revision', { id, revision: revision ?? 0, head: found.head }))
      ) as never;
    }
    if (noneMatch(c, found.view.revision)) return notModified(found.view.revision) as never;
    c.header('etag', etagOf(found.view.revision));
    if (q.format !== undefined && q.format !== 'json') return (await serveTable(c, found.view, q.format)) as never;
    return c.json(answer(found.view), 200) as never;
  });

  app.openapi(putRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Changing a project library (修改项目库)');
    if ('response' in w) return w.response as never;
    const { store, library, who } = w;
    const matched = ifMatchOf(c, library, true)!;
    if ('response' in matched) return matched.response as never;
    if (matched.n !== library.head) return libraryStale(c, id, library.head, c.req.header('if-match')) as never;
    const head = (await libraryView(store, library))!;
    const made = await libraryRequest(c, c.req.valid('query'), { today: today(), revision: library.head + 1 }, head);
    if ('response' in made) return made.response as never;
    if ('issues' in made) return invalid(c, made.issues) as never;
    const visibility = made.visibility ?? library.visibility;
    if (visibility === library.visibility && (await libraryHash({ ...made.meta, projects: made.projects })) === head.hash) {
      // nothing changes: the head answers, no new revision, no audit entry
      c.header('etag', etagOf(head.revision));
      return c.json(answer(head), 200) as never;
    }
    const before = new Set(head.projects.map((p) => p.id));
    const after = new Set(made.projects.map((p) => p.id));
    const detail = {
      name: made.meta.name,
      projects: made.projects.length,
      added: made.projects.filter((p) => !before.has(p.id)).length,
      dropped: head.projects.filter((p) => !after.has(p.id)).length,
      changed: made.projects.filter((p) => p.changedIn === library.head + 1 && before.has(p.id)).length,
    };
    const written = await updateLibrary(store, who, library, library.head, { ...made.meta, projects: made.projects }, visibility, [
      { action: 'update', detail },
    ]);
    if (written === 'stale') return libraryStale(c, id, (await findLibrary(store, id))?.head ?? library.head, c.req.header('if-match')) as never;
    const view = (await libraryView(store, (await findLibrary(store, id))!, written.revision))!;
    c.header('etag', etagOf(view.revision));
    return c.json(answer(view), 200) as never;
  });

  app.openapi(deleteRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Deleting a project library (删除项目库)');
    if ('response' in w) return w.response as never;
    const matched = ifMatchOf(c, w.library, false);
    if (matched && 'response' in matched) return matched.response as never;
    if (matched && matched.n !== w.library.head) return libraryStale(c, id, w.library.head, c.req.header('if-match')) as never;
    await deleteLibrary(w.store, w.who, w.library);
    return noContent() as never;
  });

  app.openapi(revisionsRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id } = c.req.valid('param');
    const found = await visible(c, s.store, id);
    if ('response' in found) return found.response as never;
    return c.json({ id, head: found.library.head, revisions: await listLibraryRevisions(s.store, id) }, 200) as never;
  });

  app.openapi(addRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Adding projects to a library (向项目库添加项目)');
    if ('response' in w) return w.response as never;
    const read = await jsonBody(c);
    if ('response' in read) return read.response as never;
    const parsed = AddProjectsBody.safeParse(read.body);
    if (!parsed.success) return invalid(c, fromZod(parsed.error.issues)) as never;
    const rows = parsed.data.projects;
    const result = await writeProjects(w.store, w.who, id, undefined, (head, revision) => {
      const named = rulesModelOf(head.model, '/projects');
      if ('issues' in named) return named;
      const checked = checkProjects(rows, named.model, '/projects', { today: today(), revision });
      const there = new Set(head.projects.map((p) => p.id));
      const exists: Issue[] = [];
      rows.forEach((r, i) => {
        const pid = isObject(r) && typeof r.id === 'string' ? r.id : undefined;
        if (pid !== undefined && there.has(pid)) exists.push(issue(`/projects/${i}/id`, 'project-exists', { id: pid, library: id }));
      });
      if (exists.length > 0 || 'issues' in checked) return { issues: [...exists, ...('issues' in checked ? checked.issues : [])] };
      const projects = [...head.projects, ...checked.projects];
      const big = tooLarge(projects);
      if (big) return { issues: [big] };
      const ids = checked.projects.map((p) => p.id);
      return { projects, touched: [], audits: [{ action: 'add-projects', detail: { projects: ids.join(', '), count: ids.length } }] };
    });
    if (!('written' in result)) return refused(c, id, result, undefined) as never;
    const view = (await libraryView(w.store, (await findLibrary(w.store, id))!, result.written.revision))!;
    c.header('etag', etagOf(view.revision));
    return c.json(answer(view), 200) as never;
  });

  app.openapi(projectRouteDef, async (c) => {
    const s = storeOr503(c);
    if ('response' in s) return s.response as never;
    const { id, projectId } = c.req.valid('param');
    const q = c.req.valid('query');
    const revision = q.revision === undefined ? undefined : Number(q.revision);
    const found = await readLibrary(s.store, c.get('principal'), id, revision);
    if ('missing' in found) {
      return (
        found.missing === 'library'
          ? problem(c, 'not-found', message('unknown-library', { id }))
          : problem(c, 'not-found', message('unknown-library-revision', { id, revision: revision ?? 0, head: found.head }))
      ) as never;
    }
    const project = found.view.projects.find((p) => p.id === projectId);
    if (!project) return problem(c, 'not-found', message('unknown-library-project', { id: projectId, library: id })) as never;
    if (noneMatch(c, project.changedIn)) return notModified(project.changedIn) as never;
    c.header('etag', etagOf(project.changedIn));
    return c.json(project, 200) as never;
  });

  app.openapi(patchRouteDef, async (c) => {
    const { id, projectId } = c.req.valid('param');
    const w = await writable(c, id, 'Changing a project (修改项目)');
    if ('response' in w) return w.response as never;
    const matched = ifMatchOf(c, w.library, true)!;
    if ('response' in matched) return matched.response as never;
    const read = await jsonBody(c);
    if ('response' in read) return read.response as never;
    const patch = read.body;
    if (!isObject(patch)) return invalid(c, [issue('', 'wrong-type', { expected: 'object', got: Array.isArray(patch) ? 'array' : typeof patch })]) as never;
    // the head is read once, inside writeProjects (a read costs as much as the write at 500 projects: bench/library.ts);
    // the project answered is the one written, kept from the last (the landing) run of the change
    let missing = false;
    let written: StoredProject | undefined;
    const result = await writeProjects(w.store, w.who, id, matched.n, (view, revision) => {
      const at = view.projects.findIndex((p) => p.id === projectId);
      missing = at < 0;
      if (missing) return { issues: [{ path: '', ...message('unknown-library-project', { id: projectId, library: id }) }] };
      const named = rulesModelOf(view.model, '');
      if ('issues' in named) return named;
      const changed = patchProject(view.projects[at], patch, named.model, '', revision);
      if ('issues' in changed) return changed;
      written = changed.project;
      const projects = view.projects.map((p, i) => (i === at ? changed.project : p));
      const big = tooLarge(projects);
      if (big) return { issues: [big] };
      return {
        projects,
        touched: [projectId],
        audits: [{ action: 'update-project', detail: { project: projectId, fields: Object.keys(changed.changes).join(', ') } }],
      };
    });
    if (missing) return problem(c, 'not-found', message('unknown-library-project', { id: projectId, library: id })) as never;
    if (!('written' in result)) return refused(c, id, result, c.req.header('if-match')) as never;
    const project = written!;
    c.header('etag', etagOf(project.changedIn));
    return c.json(project, 200) as never;
  });

  app.openapi(decisionsRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const w = await writable(c, id, 'Recording review decisions (记录审查决定)');
    if ('response' in w) return w.response as never;
    const matched = ifMatchOf(c, w.library, true)!;
    if ('response' in matched) return matched.response as never;
    const read = await jsonBody(c);
    if ('response' in read) return read.response as never;
    const parsed = DecisionsBody.safeParse(read.body);
    const issues: Issue[] = parsed.success ? [] : fromZod(parsed.error.issues);
    const raw = isObject(read.body) && Array.isArray(read.body.decisions) ? (read.body.decisions as unknown[]) : [];
    const seen = new Map<string, number>();
    raw.forEach((d, i) => {
      if (!isObject(d)) return;
      if (typeof d.reason === 'string' && d.reason.trim() === '') issues.push({ path: `/decisions/${i}/reason`, ...message('decision-reason-blank') });
      if (d.decision === 'adjust' && d.changes === undefined) issues.push({ path: `/decisions/${i}/changes`, ...message('decision-needs-changes') });
      if ((d.decision === 'keep' || d.decision === 'remove') && d.changes !== undefined)
        issues.push({ path: `/decisions/${i}/changes`, ...message('decision-changes-not-adjust', { decision: d.decision }) });
      if (typeof d.project === 'string') {
        const first = seen.get(d.project);
        if (first !== undefined) issues.push({ path: `/decisions/${i}/project`, ...message('decision-project-twice', { id: d.project, first }) });
        else seen.set(d.project, i);
      }
    });
    const by = actor(w.who);
    const day = today();
    // every independent issue at once: unknown projects, status moves, dates and changes against the head, beside the schema's
    if (issues.length > 0 || !parsed.success) {
      const head = (await libraryView(w.store, w.library))!;
      const judged = decide(head, raw, w.library.head + 1, id, by, day);
      return invalid(c, byPointer([...issues, ...('issues' in judged ? judged.issues : [])])) as never;
    }
    const decisions = parsed.data.decisions;
    const result = await writeProjects(w.store, w.who, id, matched.n, (view, revision) => decide(view, decisions, revision, id, by, day));
    if (!('written' in result)) return refused(c, id, result, c.req.header('if-match')) as never;
    const view = (await libraryView(w.store, (await findLibrary(w.store, id))!, result.written.revision))!;
    const decided = new Set(decisions.map((d) => d.project));
    c.header('etag', etagOf(view.revision));
    return c.json({ library: id, revision: view.revision, projects: view.projects.filter((p) => decided.has(p.id)) }, 200) as never;
  });
}
