/**
 * Batch matching of the project library (issue 15, seed 002 耀州): POST /v1/libraries/matching (inline projects
 * or a stored library by reference) and GET /v1/libraries/{id}/matching (a stored library, the batch in the
 * query). Both answer the one envelope (src/api/respond.ts): rows = every plan project of the year with its
 * status (matched, partly, unfunded, held, excluded) and the reason in both languages; summary = the batch,
 * matched, left, the industry share against the source's floor, the solve. The choice is the verified
 * portfolio optimizer's (src/domain/projects/matching.ts).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Issue } from '../../core/errors.js';
import type { IndustrySharePolicy } from '../../core/shares.js';
import { matchBatch, type MatchingResult } from '../../domain/projects/matching.js';
import { issue, zodMessage } from '../../messages/index.js';
import { Id, PositiveDecimal, Problem, Unit, Weight, envelope, percentShare } from '../../schema/common.js';
import { IsoDate } from '../../schema/monitoring.js';
import { SolverOptions } from '../../schema/optimization.js';
import { MAX_LIBRARY_PROJECTS, type ProjectRulesModel, type StoredProject } from '../../schema/projects.js';
import { alsoCheck, partsValid, postProblems, tableContent } from '../common.js';
import { industryShareModel, unknownModel } from '../models/catalog.js';
import { invalid, problemResponses } from '../problem.js';
import { FORMATS, FORMATS_SAID, queryOptions, readOptions, strictQuery, type QueryOptions } from '../queryOptions.js';
import { respond, type Answer, type Table } from '../respond.js';
import { type LibraryRef, libraryFor, projectsOf, rulesModelOf } from './read.js';

const TAGS = ['Project library'];
export const MATCHING_TABLES = ['projects', 'priorities'] as const;
type MatchingTable = (typeof MATCHING_TABLES)[number];

// ---- request

const Batch = z
  .object({
    id: Id.optional().openapi({ description: 'What the batch is called (批次), e.g. the fund notice number.', example: '2025-第二批' }),
    source: Id.openapi({
      description: "The fund source of the batch: one of the model's fund sources (central, provincial, city, county).",
      example: 'central',
    }),
    amount: PositiveDecimal.openapi({ description: "What the batch brings, > 0, in the library's unit.", example: '300' }),
    date: IsoDate.openapi({ description: 'The day the batch arrived (YYYY-MM-DD).', example: '2025-04-15' }),
  })
  .strict()
  .openapi('MatchingBatch');

/** Validated by projectsOf (src/api/libraries/read.ts), every issue at its pointer; documented as the two forms. */
const ProjectsField = z
  .union([
    z.array(z.unknown()).openapi({ items: { $ref: '#/components/schemas/LibraryProject' }, maxItems: MAX_LIBRARY_PROJECTS, description: 'Inline projects.' }),
    z.looseObject({}).openapi({ allOf: [{ $ref: '#/components/schemas/LibraryReference' }] }),
  ])
  .openapi({
    description:
      'The projects: LibraryProject rows inline (checked by the schema and the model\'s vocabulary, not by entry review), or a stored library { "library": id, "revision"?: n } (read as datasets are: public, or of your workspace; its unit and model are used).',
  });

export const MatchingRequest = z
  .object({
    projects: ProjectsField,
    model: z.string().min(1).max(64).optional().openapi({
      description:
        "The project-rules model (GET /v1/models?kind=projects): thresholds, tilts, the industry-share model; default the library's, else sichuan.",
      example: 'sichuan',
    }),
    unit: Unit.optional().openapi({ description: 'Inline projects only: the unit of every amount (default wan); a stored library has its own.' }),
    year: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .openapi({ description: "The plan year: the batch pays that year's planned (and implementing) projects.", example: 2025 }),
    batch: Batch,
    partial: z.boolean().optional().openapi({ description: 'true: a project may be paid part of its need; default false: whole remaining needs only.' }),
    floor: Weight.nullable().optional().openapi({
      description:
        'The industry floor of this batch, a share from 0 to 1 ("0.6" or "60%"), overriding the source\'s floor of the industry-share model; null: no floor for this batch. Default: the source\'s (central 60% from 2023, provincial 50%, city and county none). summary.floorFrom says which applied.',
      example: '60%',
    }),
    solver: SolverOptions.optional(),
  })
  .strict()
  .openapi('MatchingRequest');
export type MatchingRequestBody = z.infer<typeof MatchingRequest>;

const INLINE_EXAMPLE: MatchingRequestBody = {
  projects: [
    {
      id: 'YZ-2025-01',
      name: '白岩村饮水巩固提升',
      category: 'infrastructure',
      amount: '80',
      priority: 1,
      villageIncome: '12',
      status: 'planned',
      year: 2025,
    },
    {
      id: 'YZ-2025-02',
      name: '金山镇猕猴桃基地',
      town: '金山镇',
      category: 'industry',
      amount: '150',
      priority: 3,
      keyTown: true,
      status: 'planned',
      year: 2025,
    },
    { id: 'YZ-2025-03', name: '水毁道路修复', category: 'infrastructure', amount: '60', priority: 2, status: 'planned', year: 2025 },
    { id: 'YZ-2025-04', name: '冷链仓储中心', category: 'industry', amount: '420', priority: 3, status: 'planned', year: 2025 },
  ],
  year: 2025,
  batch: { id: '2025-第二批', source: 'central', amount: '300', date: '2025-04-15' },
};

// ---- answer

const Row = z
  .object({
    id: z.string(),
    name: z.string(),
    priority: z.number().int().nullable().openapi({ description: '三个优先: 1, 2, 3, or null (none, served last).' }),
    category: z.string(),
    town: z.string().nullable(),
    village: z.string().nullable(),
    weakVillage: z.boolean().openapi({ description: "Village collective income below the model's threshold (15万元)." }),
    keyTown: z.boolean(),
    need: z.string().openapi({ description: 'amount − arranged, in the unit.', example: '80.00' }),
    value: z.string().openapi({ description: 'need × (1 + weak-village tilt + key-town tilt): what the choice maximises, class by class.', example: '88' }),
    amount: z.string().openapi({ description: 'What this batch pays it.', example: '80.00' }),
    status: z.enum(['matched', 'partly', 'unfunded', 'held', 'excluded']),
    reason: z.string().openapi({ description: 'The reason as a code (matching-matched, matching-unfunded-priorities, matching-held …).' }),
    en: z.string(),
    zh: z.string(),
  })
  .openapi('MatchingRow');

const Summary = z
  .object({
    batch: z.object({ id: z.string().nullable(), source: z.string(), amount: z.string(), date: z.string() }),
    year: z.number().int(),
    partial: z.boolean(),
    matched: z.string().openapi({ description: 'Σ amount paid; matched + left = the batch, exactly.' }),
    left: z.string(),
    count: z.number().int().openapi({ description: 'Projects paid (in full or in part).' }),
    candidates: z.number().int(),
    held: z.number().int(),
    excluded: z.number().int(),
    unfunded: z.number().int(),
    industry: z.string().openapi({ description: 'Σ paid to industry projects.' }),
    industryShare: z.string().nullable().openapi({ description: 'industry / matched, 12 decimals; null when nothing is matched.' }),
    floor: z.string().nullable().openapi({
      description:
        "The industry floor this batch was matched under, 12 decimals; null: none. The source's floor this year (central: 60% from 2023; provincial: 50%) applied to each batch, or the request's `floor`.",
    }),
    floorFrom: z.enum(['model', 'request']).openapi({
      description: "model: the source's floor of the industry-share model, applied per batch (the service's choice); request: the request's `floor`.",
    }),
    priorities: z.array(z.object({ priority: z.number().int().nullable(), value: z.string(), amount: z.string() })),
    solve: z
      .object({
        status: z.string().openapi({ description: 'optimal, time_limit (a checked plan not proven best), … or none (no candidates).' }),
        verified: z.boolean(),
        gap: z.number().optional(),
        sequential: z
          .boolean()
          .optional()
          .openapi({ description: 'true: the lexicographic solve stopped early and the classes were served one by one, each choice fixed before the next.' }),
      })
      .openapi({ description: "The optimizer's report." }),
  })
  .openapi('MatchingSummary');

export const MatchingResponse = envelope({
  summary: Summary,
  row: Row,
  extra: {
    library: z
      .object({ id: z.string(), revision: z.number().int(), hash: z.string() })
      .nullable()
      .openapi({ description: 'The stored library read (its revision and content hash), or null for inline projects.' }),
  },
}).openapi('MatchingResponse');

const MatchingQuery = queryOptions({
  rows: 'the rows (every plan project of the year, ?table=projects) or the priority classes (?table=priorities), with a total row',
  tables: MATCHING_TABLES,
  rowsAre: ['projects'],
});

const DESCRIPTION = [
  "A batch of funds from one source arrives (中省市区衔接资金每到位一批, seed 002 耀州 §(一)四): it is matched to the year's plan — projects of `year` in status planned, or implementing with need left (need = amount − arranged).",
  "Not candidates, each listed with its reason: another source (the project names `sources` without the batch's), the negative list, nothing left to pay, and **held**: a project of 400万元 or more (the model's drawingReviewThreshold, ×10,000 in a yuan library) without `drawingReviewed: true` waits for the joint drawing review (施工图联合审查, §(二)一).",
  "The choice is the verified portfolio optimizer's: 三个优先 served in order (class 1 consolidating results, 2 urgent disaster-related, 3 driving effect, then the unprioritised) — class 1's value is maximised first, then class 2's with class 1's kept, and so on; a project's value is its need × (1 + 0.1 for a weak village, collective income under 15万元, + 0.1 for a key town) (§(五)一; the tilts are the model's). The batch is one source with its industry floor (central 60% from 2023, provincial 50%; city and county none — the industry-share model): at least that share of what the batch pays goes to industry projects. The seed's floor (seed 003 §二1) is a share of the year's funds of the source; applying it to each batch is the service's choice, and `floor` overrides it for one batch (\"0.6\", \"60%\", or null for none — e.g. when earlier batches of the year already paid industry enough).",
  "A project that entered the library (`enteredOn`) after the batch's `date` is excluded (matching-not-yet-entered); an inline project without `enteredOn` counts as entered. A year without any planned (or implementing) project is a 422 at /year naming the years that have a plan. Amounts are refused (422 matching-too-large) beyond 10^9 granules of the granularity matching works in (0.01 of the unit, or the finest decimals given: 10,000,000 万元 at 0.01): past that the optimizer was measured to lose projects.",
  'Ties: with `partial: true`, equally valued candidates (same priority class, same value per unit, same industry flag) are paid whole projects first, smaller needs first, then id order, and the rest part-pays the next; with whole needs only, an equally valued project left out says which one was chosen (matching-unfunded-equal-value).',
  "Each unfunded project says why: the batch was smaller than its need, the money went to higher priority classes, its own class's better choice took it, or the industry floor. Amounts are exact: matched + left = the batch. ?format=csv|tsv|xlsx|xml gives the rows (?table=projects, default) or the priority classes (?table=priorities). The route has no trace: ?explain=true is a 422.",
].join('\n\n');

export const matchingRoute = createRoute({
  method: 'post',
  path: '/v1/libraries/matching',
  tags: TAGS,
  summary: "Match a batch of funds to the year's plan: 三个优先, weak villages and key towns, drawing review, industry floor",
  description: DESCRIPTION,
  request: {
    query: MatchingQuery,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: MatchingRequest,
          examples: {
            inline: { summary: 'Four planned projects, a central batch of 300万元', value: INLINE_EXAMPLE },
          },
        },
      },
    },
  },
  responses: {
    200: { description: 'Every plan project of the year, matched or not, with the reason.', content: tableContent(MatchingResponse) },
    ...postProblems(
      'Invalid fields, each named by its JSON pointer (an unknown fund source at /batch/source, an unknown library at /projects/library, a year without a plan at /year, a floor outside 0..1 at /floor, an amount beyond what matching computes exactly at /batch/amount or /projects/<i>/amount …); an industry floor that cannot hold (constraints-cannot-hold at /batch).',
    ),
  },
});

// the GET form: the batch in the query
const MatchingGetQuery = strictQuery({
  year: z
    .string()
    .regex(/^(20\d\d|2100)$/, zodMessage('matching-year-query'))
    .openapi({ description: 'The plan year (required).', example: '2025' }),
  source: z.string().min(1).max(200).openapi({ description: "The batch's fund source (required): central, provincial, city or county.", example: 'central' }),
  amount: PositiveDecimal.openapi({ description: "What the batch brings, > 0, in the library's unit (required).", example: '300' }),
  date: IsoDate.openapi({ description: 'The day the batch arrived, YYYY-MM-DD (required).', example: '2025-04-15' }),
  batch: z.string().min(1).max(200).optional().openapi({ description: 'What the batch is called.' }),
  partial: z.enum(['true', 'false']).optional().openapi({ description: 'true: a project may be paid part of its need (default false).' }),
  floor: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'The industry floor of this batch ("0.6" or "60%"; none: no floor), overriding the source\'s.', example: '60%' }),
  revision: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .optional()
    .openapi({ description: 'The library revision (default the head).' }),
  format: z
    .enum(FORMATS)
    .optional()
    .openapi({ description: `json (default), or the rows as ${FORMATS_SAID}.`, example: 'json' }),
  explain: z.enum(['true', 'false']).optional().openapi({ description: 'This route has no trace: explain=true is a 422.' }),
  table: z.enum(MATCHING_TABLES).optional().openapi({ description: 'Which table CSV/TSV/XLSX/XML/value gives (default projects).' }),
  project: z.string().min(1).max(200).optional().openapi({ description: 'With format=value: the row of the cell.' }),
  column: z.string().min(1).max(200).optional().openapi({ description: 'With format=value (required there): the column of the cell, e.g. amount.' }),
}).superRefine((q, ctx) => {
  const format = q.format ?? 'json';
  if (q.explain === 'true') ctx.addIssue({ code: 'custom', path: ['explain'], ...zodMessage('no-trace') });
  if (q.table !== undefined && format === 'json') ctx.addIssue({ code: 'custom', path: ['table'], ...zodMessage('table-needs-csv') });
  if (q.project !== undefined && format !== 'value') ctx.addIssue({ code: 'custom', path: ['project'], ...zodMessage('project-needs-value') });
  if (q.column !== undefined && format !== 'value') ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-needs-value') });
  if (format === 'value' && q.column === undefined) ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-required') });
});

export const matchingGetRoute = createRoute({
  method: 'get',
  path: '/v1/libraries/{id}/matching',
  tags: TAGS,
  summary: "Match a batch to a stored library's plan: ?year=&source=&amount=&date=",
  description: `${DESCRIPTION}\n\nThe GET form of POST /v1/libraries/matching on a stored library (its head, or ?revision=), the batch in the query: ?year=2025&source=central&amount=300&date=2025-04-15 (&batch=<name>&partial=true).`,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name: 'id', in: 'path' }, example: 'lib_0123456789abcdef' }),
    }),
    query: MatchingGetQuery,
  },
  responses: {
    200: { description: 'Every plan project of the year, matched or not, with the reason.', content: tableContent(MatchingResponse) },
    ...problemResponses(
      {
        'invalid-request':
          'A missing or malformed query parameter (year, source, amount, date, floor), an unknown one, an unknown fund source (?source), a year without a plan (?year, naming the years that have one), or an amount beyond what matching computes exactly (?amount).',
        'not-found': 'No such library (or deleted, or private to another workspace), or no such revision.',
        'storage-unavailable': 'No database in this deployment.',
      },
      Problem,
    ),
  },
});

// ---- the work both forms share

interface Matched {
  readonly result: MatchingResult;
  readonly model: { readonly id: string; readonly model: ProjectRulesModel };
  readonly library?: LibraryRef;
}

/** The policy of the industry-share model the rules model names, or the issue. */
function policyOf(model: ProjectRulesModel, path: string): { policy: IndustrySharePolicy } | { issues: Issue[] } {
  const id = model.matching.industryShareModel;
  const found = industryShareModel(id);
  return found ? { policy: found.policy } : { issues: [unknownModel('industry-share', id, path)] };
}

/** The batch source checked against the model (the schema takes any id). */
function sourceIssues(model: ProjectRulesModel, source: unknown, path: string): Issue[] {
  const known = model.fundSources.map((s) => s.id);
  return typeof source === 'string' && !known.includes(source) ? [issue(path, 'unknown-fund-source', { shown: source, known })] : [];
}

async function run(
  projects: readonly StoredProject[],
  rules: { id: string; model: ProjectRulesModel },
  ask: {
    unit: 'wan' | 'yuan';
    year: number;
    batch: MatchingRequestBody['batch'];
    partial?: boolean;
    solver?: MatchingRequestBody['solver'];
    floor?: string | null;
    undated?: ReadonlySet<number>;
  },
  paths: { model: string; batch: string },
): Promise<{ result: MatchingResult } | { issues: readonly Issue[] }> {
  const policy = policyOf(rules.model, paths.model);
  if ('issues' in policy) return policy;
  const out = await matchBatch({
    projects,
    model: rules.model,
    policy: policy.policy,
    unit: ask.unit,
    year: ask.year,
    batch: { ...ask.batch, amount: String(ask.batch.amount) },
    partial: ask.partial,
    solver: ask.solver,
    ...(ask.floor !== undefined ? { floor: ask.floor } : {}),
    ...(ask.undated ? { undated: ask.undated } : {}),
  });
  if ('issues' in out) return { issues: out.issues.map((i) => (paths.batch === '/batch' ? i : { ...i, path: repoint(i.path, paths.batch) })) };
  return { result: out };
}

/** A domain pointer under /batch as the GET form names it (?source, ?amount). */
function repoint(path: string, batch: string): string {
  if (batch !== '?') return path;
  if (path === '/batch/source') return '?source';
  if (path === '/batch/amount') return '?amount';
  if (path === '/batch') return '?amount';
  if (path === '/year') return '?year';
  if (path === '/floor') return '?floor';
  return path;
}

/** Money cells as the table shows them: blank for none. */
const cell = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function matchingAnswer(m: Matched): Answer {
  const { result } = m;
  const rows = result.rows;
  return {
    model: { id: m.model.id, version: m.model.model.version, content: m.model.model },
    unit: result.unit,
    summary: result.summary,
    rows,
    extra: { library: m.library ? { id: m.library.id, revision: m.library.revision, hash: m.library.hash } : null },
    tables: (): Record<MatchingTable, Table> => ({
      projects: {
        columns: [
          { id: 'id' },
          { id: 'name' },
          { id: 'priority' },
          { id: 'category' },
          { id: 'town' },
          { id: 'village' },
          { id: 'weakVillage', title: { zh: '经济薄弱村', en: 'weak village' } },
          { id: 'keyTown', title: { zh: '重点帮扶镇', en: 'key town' } },
          // Σ need over every plan project (held and excluded too) says nothing: not summed
          { id: 'need', money: true, sum: false, title: { zh: '所需资金', en: 'need' } },
          { id: 'value', title: { zh: '倾斜后效益值', en: 'tilted value' } },
          { id: 'amount', money: true, title: { zh: '本批次安排', en: 'amount matched' } },
          { id: 'status', title: { zh: '匹配状态', en: 'status' }, text: true },
          { id: 'reason', title: { zh: '原因代码', en: 'reason' }, text: true },
          { id: 'en', title: { zh: '说明（英文）', en: 'reason (English)' }, text: true },
          { id: 'zh', title: { zh: '说明', en: 'reason (Chinese)' }, text: true },
        ],
        rows: rows.map((r) => [
          r.id,
          r.name,
          cell(r.priority),
          r.category,
          cell(r.town),
          cell(r.village),
          String(r.weakVillage),
          String(r.keyTown),
          r.need,
          r.value,
          r.amount,
          r.status,
          r.reason,
          r.en,
          r.zh,
        ]),
      },
      priorities: {
        columns: [
          { id: 'priority' },
          { id: 'value', title: { zh: '倾斜后效益值', en: 'tilted value' } },
          { id: 'amount', money: true, title: { zh: '本批次安排', en: 'amount matched' } },
        ],
        rows: result.summary.priorities.map((p) => [cell(p.priority), p.value, p.amount]),
      },
    }),
  };
}

/** What POST checks beyond the schema on a body that failed it: the batch source against the model. */
function alsoChecks(body: unknown, failed: readonly Issue[]): Issue[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const b = body as { model?: unknown; batch?: { source?: unknown } };
  if (!partsValid(failed, '/model', '/batch/source') || (b.model !== undefined && typeof b.model !== 'string')) return [];
  const rules = rulesModelOf(b.model as string | undefined);
  if ('issues' in rules) return [];
  return sourceIssues(rules.model, b.batch?.source, '/batch/source');
}

export function matchingRoutes(sub: OpenAPIHono): void {
  alsoCheck(sub, 'post', '/v1/libraries/matching', alsoChecks);

  sub.openapi(matchingRoute, async (c) => {
    const body = c.req.valid('json');
    const options = readOptions(c.req.valid('query'), MATCHING_TABLES);
    // the model: the body's, else (a stored library) the library's, else sichuan
    const named = rulesModelOf(body.model);
    const issues: Issue[] = [];
    if ('issues' in named) issues.push(...named.issues);
    const read = await projectsOf(
      c,
      body.projects,
      '/projects',
      'issues' in named ? (rulesModelOf(undefined) as { model: ProjectRulesModel }).model : named.model,
    );
    if ('issues' in read) issues.push(...read.issues);
    const library = 'issues' in read ? undefined : read.library;
    let rules = 'issues' in named ? undefined : named;
    if (library && body.model === undefined) {
      const own = rulesModelOf(library.model);
      if ('issues' in own) issues.push(...own.issues);
      else rules = own;
    }
    if (library && body.unit !== undefined && body.unit !== library.unit) {
      issues.push(issue('/unit', 'matching-unit-of-library', { unit: body.unit, library: library.unit }));
    }
    if (rules) issues.push(...sourceIssues(rules.model, body.batch.source, '/batch/source'));
    if (issues.length > 0 || !rules || 'issues' in read) return invalid(c, issues) as never;
    const unit = (library?.unit ?? body.unit ?? 'wan') as 'wan' | 'yuan';
    // inline projects without enteredOn were given today's date by projectsOf: they count as entered before the batch
    const undated = Array.isArray(body.projects)
      ? new Set(body.projects.flatMap((p, i) => (p !== null && typeof p === 'object' && (p as { enteredOn?: unknown }).enteredOn === undefined ? [i] : [])))
      : undefined;
    const floor = body.floor === undefined || body.floor === null ? body.floor : String(body.floor);
    const out = await run(
      read.projects,
      rules,
      { unit, year: body.year, batch: body.batch, partial: body.partial, solver: body.solver, floor, undated },
      {
        model: '/model',
        batch: '/batch',
      },
    );
    if ('issues' in out) return invalid(c, [...out.issues]) as never;
    return respond(c, { route: '/v1/libraries/matching', body }, matchingAnswer({ result: out.result, model: rules, library }), options) as never;
  });

  sub.openapi(matchingGetRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const options: QueryOptions = {
      format: q.format ?? 'json',
      explain: false,
      ...(q.format !== undefined && q.format !== 'json' ? { table: q.table ?? 'projects' } : {}),
      ...(q.project !== undefined ? { project: q.project } : {}),
      ...(q.column !== undefined ? { column: q.column } : {}),
    };
    const view = await libraryFor(c, id, q.revision === undefined ? undefined : Number(q.revision));
    if (view instanceof Response) return view as never;
    const rules = rulesModelOf(view.model, '?model');
    if ('issues' in rules) return invalid(c, rules.issues) as never;
    const bad = sourceIssues(rules.model, q.source, '?source');
    if (bad.length > 0) return invalid(c, bad) as never;
    const year = Number(q.year);
    const batch = { ...(q.batch !== undefined ? { id: q.batch } : {}), source: q.source, amount: String(q.amount), date: q.date };
    const partial = q.partial === 'true';
    const floor = q.floor === undefined ? undefined : q.floor === 'none' ? null : (percentShare(q.floor) ?? q.floor);
    const out = await run(view.projects, rules, { unit: view.unit as 'wan' | 'yuan', year, batch, partial, floor }, { model: '?model', batch: '?' });
    if ('issues' in out) return invalid(c, [...out.issues]) as never;
    const library: LibraryRef = { id: view.id, revision: view.revision, hash: view.hash, county: view.county, unit: view.unit, model: view.model };
    // the provenance hashes what was asked: the library read and the batch
    const asked = {
      route: '/v1/libraries/matching',
      body: { library: { id: view.id, revision: view.revision, hash: view.hash }, year, batch, partial, ...(floor !== undefined ? { floor } : {}) },
    };
    return respond(c, asked, matchingAnswer({ result: out.result, model: rules, library }), options) as never;
  });
}
