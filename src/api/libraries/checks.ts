/**
 * The project library's checks (issue 15, H2), each answered in the one envelope (src/api/respond.ts: JSON, or
 * one table as CSV/TSV/XLSX/XML/value; unknown query parameters 422; no trace, so ?explain=true is a 422):
 *
 *   POST /v1/libraries/entry-review      入库审查 (seed 003 §7–8): each project admitted or refused, and why
 *   POST /v1/libraries/indicator-checks  绩效指标核查 (seed 001): blank/abnormal indicators, units, unit costs, amounts
 *   POST /v1/libraries/review            动态管理 (seed 003 §9, §12; seed 000): stale, amount changed, unrelated
 *   POST /v1/libraries/plan-review       年度计划备案审查 (seed 003 §10): the year's plan, and the industry floors
 *
 * Body: { "projects": [LibraryProject…] | { "library": id, "revision"?: n }, "model"?: id, "unit"?: wan|yuan
 * (inline only), …the route's own (asOf, year) }. Each has a GET form on a stored library,
 * GET /v1/libraries/{id}/<check>?<its own params>&revision=, answering as the POST with that library would.
 * The domain (src/domain/projects/) does the checking; this file reads the request and writes the answer.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import type { Unit } from '../../core/money.js';
import { entryReasons } from '../../domain/projects/entry.js';
import { type IndicatorFinding, INDICATOR_CHECKS, indicatorFindings, indicatorSummary } from '../../domain/projects/indicators.js';
import { type PlanFinding, type PlanSource, planReview } from '../../domain/projects/planReview.js';
import { REVIEW_FLAGS, type ReviewFlag, reviewFlags, reviewSummary } from '../../domain/projects/review.js';
import { zodMessage } from '../../messages/index.js';
import { issue } from '../../messages/index.js';
import {
  CalendarDate,
  DECISIONS,
  LibraryProject,
  MAX_LIBRARY_PROJECTS,
  PROJECT_STATUSES,
  type ProjectRulesModel,
  type StoredProject,
} from '../../schema/projects.js';
import { envelope, plainText, Problem, Unit as UnitSchema } from '../../schema/common.js';
import { KEY_OPTIONAL } from '../access/openapi.js';
import { alsoCheck, partsValid, postProblems, tableContent } from '../common.js';
import { industryShareModel, unknownModel } from '../models/catalog.js';
import { invalid, problemResponses } from '../problem.js';
import type { ModelUsed } from '../provenance.js';
import { type QueryOptionsSpec, queryOptions, readOptions, TRANSPORT_OPTIONS } from '../queryOptions.js';
import { type Answer, type Column, respond, type Table } from '../respond.js';
import { type LibraryRef, libraryFor, projectsOf, rulesModelOf } from './read.js';

const TAGS = ['Project library'];

// ---------------------------------------------------------------- request bodies

const LibraryReference = z
  .object({
    library: z.string().min(1).max(100).openapi({ description: 'A stored library (GET /v1/libraries).', example: 'lib_3kq9xw7c4m2hbg5t' }),
    revision: z.number().int().min(1).optional().openapi({ description: 'The revision read; the head without it.', example: 2 }),
  })
  .strict()
  .openapi('LibraryReference', {
    description: 'Instead of inline projects: a stored library (public, or of your key’s workspace) at its head or a revision. Its unit and model are used.',
  });

/** Validated by projectsOf (src/api/libraries/read.ts), every issue at its pointer; documented as the two forms. */
const ProjectsInput = z
  .union([
    z.array(z.unknown()).openapi({ items: { $ref: '#/components/schemas/LibraryProject' }, maxItems: MAX_LIBRARY_PROJECTS, description: 'Inline projects.' }),
    z.looseObject({}).openapi({ allOf: [{ $ref: '#/components/schemas/LibraryReference' }] }),
  ])
  .openapi({
    description: `The projects: inline LibraryProject objects (at most ${MAX_LIBRARY_PROJECTS}; checked by the schema and the model's words, not by entry review), or a reference {"library": id, "revision"?: n} to a stored library.`,
  });

const commonBody = {
  projects: ProjectsInput,
  model: plainText(64, 1)
    .optional()
    .openapi({ description: "The project-rules model (GET /v1/models?kind=projects): default the library's, else sichuan.", example: 'sichuan' }),
  unit: UnitSchema.optional().openapi({ description: 'The unit of inline projects’ amounts: wan (万元, default) or yuan. A stored library has its own.' }),
};

const EntryReviewBody = z.object(commonBody).strict().openapi('EntryReviewRequest');
const IndicatorChecksBody = z.object(commonBody).strict().openapi('IndicatorChecksRequest');
const ReviewBody = z
  .object({
    ...commonBody,
    asOf: CalendarDate.openapi({ description: 'The day of the review (YYYY-MM-DD): years in the library are counted to it.', example: '2025-08-31' }),
  })
  .strict()
  .openapi('LibraryReviewRequest');
const Year = z.number().int().min(2000).max(2100);
const PlanReviewBody = z
  .object({ ...commonBody, year: Year.openapi({ description: 'The plan year: the projects of that year, planned or implementing.', example: 2025 }) })
  .strict()
  .openapi('PlanReviewRequest');

// ---------------------------------------------------------------- answers

const LibraryUsed = z
  .object({ id: z.string(), revision: z.number().int(), hash: z.string() })
  .strict()
  .nullable()
  .openapi({ description: 'The stored library read (id, revision, content hash), or null for inline projects.' });

const Text = { en: z.string(), zh: z.string() };

const EntryRow = z
  .object({
    id: z.string(),
    name: z.string(),
    admitted: z.boolean(),
    reasons: z.array(z.string()).openapi({ description: 'The codes of the reasons for refusal (entry-no-targets …); empty: admitted.' }),
    reasonEn: z.string().openapi({ description: 'The reasons in English, joined with "; " (empty: admitted).' }),
    reasonZh: z.string().openapi({ description: 'The reasons in Chinese, joined with "；".' }),
  })
  .strict();
const EntrySummary = z.object({ projects: z.number().int(), admitted: z.number().int(), refused: z.number().int() }).strict();

const IndicatorRow = z
  .object({
    project: z.string(),
    name: z.string(),
    category: z.string(),
    indicator: z.string().nullable(),
    check: z.enum(INDICATOR_CHECKS),
    value: z.string().nullable(),
    unit: z.string().nullable(),
    unitCost: z.string().nullable(),
    median: z.string().nullable(),
    ...Text,
  })
  .strict();
const IndicatorSummary = z.object({ projects: z.number().int(), suspicious: z.number().int(), findings: z.number().int() }).strict();

const ReviewRow = z
  .object({
    project: z.string(),
    name: z.string(),
    status: z.enum(PROJECT_STATUSES),
    flag: z.enum(REVIEW_FLAGS),
    enteredOn: z.string(),
    years: z.number().int(),
    amount: z.string(),
    approvedAmount: z.string().nullable(),
    change: z.string().nullable(),
    changePercent: z.string().nullable(),
    suggested: z.enum(DECISIONS),
    ...Text,
  })
  .strict();
const ReviewSummarySchema = z
  .object({
    asOf: z.string(),
    projects: z.number().int().openapi({ description: 'The projects in the library at asOf (removed ones included; those entered after asOf left out).' }),
    enteredAfter: z
      .number()
      .int()
      .openapi({ description: 'The projects given that entered after asOf: not in the library on that day, so neither flagged nor counted in projects.' }),
    flagged: z.number().int(),
    stale: z.number().int(),
    amountChange: z.number().int(),
    unrelated: z.number().int(),
  })
  .strict();

const PlanRow = z
  .object({
    project: z.string().nullable(),
    name: z.string().nullable(),
    category: z.string().nullable(),
    check: z.string().openapi({
      description:
        'An entry reason (entry-no-targets, entry-no-feasibility, entry-no-linkage, entry-unrelated, entry-negative-list), an indicator check (blank-core, abnormal, unit-mismatch, unit-cost-outlier, amount-logic), drawing-review, no-sources, or (project null) industry-share.',
    }),
    indicator: z.string().nullable(),
    source: z.string().nullable(),
    amount: z.string().nullable(),
    share: z.string().nullable(),
    floor: z.string().nullable(),
    ...Text,
  })
  .strict();
const PlanSourceSchema = z
  .object({
    id: z.string(),
    amount: z.string(),
    industry: z.string(),
    share: z.string().nullable(),
    sharePercent: z.string().nullable(),
    floor: z.string().nullable(),
    floorPercent: z.string().nullable(),
    meets: z
      .boolean()
      .nullable()
      .openapi({ description: 'share ≥ floor; null where the source has no floor, or nothing planned (share null): no share to judge.' }),
  })
  .strict();
const PlanSummarySchema = z
  .object({
    year: z.number().int(),
    projects: z.number().int(),
    amount: z.string(),
    findings: z.number().int(),
    flagged: z.number().int(),
    sources: z.array(PlanSourceSchema),
    unattributed: z.object({ projects: z.number().int(), amount: z.string() }).strict(),
  })
  .strict();

const EntryReviewResponse = envelope({ summary: EntrySummary, row: EntryRow, extra: { library: LibraryUsed } }).openapi('EntryReviewResponse');
const IndicatorChecksResponse = envelope({ summary: IndicatorSummary, row: IndicatorRow, extra: { library: LibraryUsed } }).openapi(
  'IndicatorChecksResponse',
);
const LibraryReviewResponse = envelope({ summary: ReviewSummarySchema, row: ReviewRow, extra: { library: LibraryUsed } }).openapi('LibraryReviewResponse');
const PlanReviewResponse = envelope({
  summary: PlanSummarySchema,
  row: PlanRow,
  extra: {
    library: LibraryUsed,
    industryShareModel: z
      .object({ id: z.string(), version: z.string() })
      .strict()
      .nullable()
      .openapi({ description: "The industry-share model whose floors were applied (the rules model's matching.industryShareModel)." }),
  },
}).openapi('PlanReviewResponse');

// ---------------------------------------------------------------- examples (inline projects: answered 2xx without a key)

const targets = (name: string, value: string, unit: string) => ({
  output: [{ name, value, unit, core: true }],
  effect: [{ name: '带动脱贫户增收', value: '30', unit: '户' }],
});
const admitted = (id: string, name: string, amount: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  category: 'industry',
  purpose: 'consolidation',
  amount,
  sources: ['central'],
  targets: targets('新建基地', '100', '亩'),
  linkage: '村集体占股20%，每年分红',
  feasibilityReviewed: true,
  ...extra,
});

const EXAMPLES = {
  entry: {
    twoProjects: {
      summary: 'One project admitted, one refused (no feasibility review, no benefit linkage)',
      value: {
        unit: 'wan',
        projects: [
          admitted('LF-2025-001', '白岩村猕猴桃产业园', '120'),
          { id: 'LF-2025-002', name: '金山镇道路硬化', category: 'infrastructure', amount: '80', targets: targets('硬化道路', '3.5', '公里') },
        ],
      },
    },
  },
  indicators: {
    unitCost: {
      summary: 'Four 产业 projects in 亩: unit costs 1, 1.2, 0.9 and 5 万元/亩 — the last is more than 3 × the median 1.1',
      value: {
        projects: [
          admitted('A', '甲村基地', '100'),
          admitted('B', '乙村基地', '120'),
          admitted('C', '丙村基地', '90'),
          admitted('D', '丁村基地', '500', { paid: '520' }),
        ],
      },
    },
  },
  review: {
    seed003: {
      summary: 'On 2025-08-31: a project in the reserve since 2023-08-01 (stale), one changed 25% from its approved amount',
      value: {
        asOf: '2025-08-31',
        projects: [
          admitted('OLD', '老旧储备项目', '60', { enteredOn: '2023-08-01' }),
          admitted('NEW', '新入库项目', '40', { enteredOn: '2024-01-10' }),
          admitted('CHG', '调整项目', '125', { enteredOn: '2024-03-01', status: 'planned', year: 2025, approvedAmount: '100' }),
        ],
      },
    },
  },
  plan: {
    belowFloor: {
      summary: 'The 2025 plan: central funds 55% for industry (below 60%), and a 450万元 project before its drawing review',
      value: {
        year: 2025,
        projects: [
          admitted('P1', '产业园', '110', { status: 'planned', year: 2025 }),
          admitted('P2', '产业路', '90', {
            status: 'planned',
            year: 2025,
            category: 'infrastructure',
            targets: targets('硬化道路', '3', '公里'),
          }),
          admitted('P3', '冷链仓储中心', '450', { status: 'planned', year: 2025, sources: ['provincial'] }),
        ],
      },
    },
  },
};

// ---------------------------------------------------------------- query schemas

const ENTRY_SPEC: QueryOptionsSpec<never> = { rows: 'one row per project', rowsAre: ['projects'] };
const INDICATOR_SPEC: QueryOptionsSpec<never> = { rows: 'one row per finding' };
const REVIEW_SPEC: QueryOptionsSpec<never> = { rows: 'one row per flag' };
const PLAN_TABLES = ['findings', 'sources'] as const;
const PLAN_SPEC: QueryOptionsSpec<(typeof PLAN_TABLES)[number]> = { rows: 'the findings (or ?table=sources: one row per fund source)', tables: PLAN_TABLES };

const revisionParam = z
  .string()
  .max(12)
  .optional()
  .superRefine((v, ctx) => {
    if (v !== undefined && !/^[1-9]\d{0,8}$/.test(v)) ctx.addIssue({ code: 'custom', ...zodMessage('check-revision-invalid', { shown: v }) });
  })
  .openapi({ description: 'The library revision read; the head without it.' });
const yearParam = z
  .string()
  .max(12)
  .superRefine((v, ctx) => {
    const n = Number(v);
    if (!/^\d{4}$/.test(v) || n < 2000 || n > 2100) ctx.addIssue({ code: 'custom', ...zodMessage('check-year-invalid', { shown: v }) });
  })
  .openapi({ description: 'The plan year (2000–2100).', example: '2025' });

/**
 * A GET form's query: the route's own parameters (`own`) and the calculation options of `spec`, strict. The
 * options are checked by the one queryOptions schema, so their rules and words are the POST's.
 */
function formQuery<S extends z.ZodRawShape, T extends string>(spec: QueryOptionsSpec<T>, own: S) {
  const options = queryOptions(spec);
  const ownKeys = Object.keys(own);
  const optionKeys = Object.keys(options.shape);
  return z.looseObject({ ...own, ...options.shape }).superRefine((q, ctx) => {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(q)) if (!ownKeys.includes(k)) rest[k] = v;
    const checked = options.safeParse(rest);
    if (checked.success) return;
    for (const i of checked.error.issues) {
      const key = String(i.path[0] ?? '');
      if (i.code === 'custom' && (i.params as { code?: string } | undefined)?.code === 'unknown-query-parameter') {
        // the options schema does not know the route's own names: list them too
        const accepted = [...ownKeys, ...optionKeys.filter((k) => !Object.hasOwn(TRANSPORT_OPTIONS, k))];
        ctx.addIssue({ code: 'custom', path: [key], ...zodMessage('unknown-query-parameter', { name: key, accepted, form: true }) });
        continue;
      }
      if (ownKeys.includes(key)) continue;
      ctx.addIssue({ code: 'custom', path: i.path, message: i.message, ...('params' in i ? { params: i.params } : {}) });
    }
  });
}

const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ example: 'lib_3kq9xw7c4m2hbg5t' }) });

// ---------------------------------------------------------------- the answers

const ZH_JOIN = '；';

interface Resolved {
  readonly projects: StoredProject[];
  readonly model: ProjectRulesModel;
  readonly modelId: string;
  readonly unit: Unit;
  readonly library: LibraryRef | undefined;
}

const modelUsed = (r: Resolved): ModelUsed => ({ id: r.modelId, version: r.model.version, content: r.model });
const libraryUsed = (r: Resolved) => (r.library ? { id: r.library.id, revision: r.library.revision, hash: r.library.hash } : null);

const col = (id: string, zh: string, en: string, more: Partial<Column> = {}): Column => ({ id, title: { zh, en }, ...more });
const cell = (v: string | number | boolean | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export function entryReviewAnswer(r: Resolved): Answer {
  const rows = r.projects.map((p) => {
    const reasons = entryReasons(p, r.model);
    return {
      id: p.id,
      name: p.name,
      admitted: reasons.length === 0,
      reasons: reasons.map((x) => x.code),
      reasonEn: reasons.map((x) => x.en).join('; '),
      reasonZh: reasons.map((x) => x.zh).join(ZH_JOIN),
    };
  });
  const admittedCount = rows.filter((x) => x.admitted).length;
  return {
    model: modelUsed(r),
    unit: r.unit,
    summary: { projects: rows.length, admitted: admittedCount, refused: rows.length - admittedCount },
    rows,
    extra: { library: libraryUsed(r) },
    tables: () => ({
      projects: {
        columns: [
          { id: 'id', text: true },
          { id: 'name' },
          col('admitted', '准予入库', 'admitted', { text: true }),
          col('reasons', '不予入库原因代码', 'reason codes', { text: true }),
          col('reasonEn', '原因（英文）', 'reasons (English)', { text: true }),
          col('reasonZh', '原因', 'reasons (Chinese)', { text: true }),
        ],
        rows: rows.map((x) => [x.id, x.name, String(x.admitted), x.reasons.join('; '), x.reasonEn, x.reasonZh]),
        total: { admitted: String(admittedCount) },
      },
    }),
  };
}

const findingColumns: Column[] = [
  col('project', '项目编号', 'project', { text: true }),
  { id: 'name' },
  { id: 'category' },
  col('indicator', '指标', 'indicator', { text: true }),
  col('check', '核查项', 'check', { text: true }),
  { id: 'value' },
  col('unit', '单位', 'unit', { text: true }),
  col('unitCost', '单位成本', 'unit cost'),
  col('median', '同类中位数', 'median'),
  col('en', '说明（英文）', 'finding (English)', { text: true }),
  col('zh', '说明', 'finding (Chinese)', { text: true }),
];

export function indicatorChecksAnswer(r: Resolved): Answer {
  const rows: IndicatorFinding[] = indicatorFindings(r.projects, r.model, r.unit);
  return {
    model: modelUsed(r),
    unit: r.unit,
    summary: indicatorSummary(r.projects, rows),
    rows,
    extra: { library: libraryUsed(r) },
    tables: () => ({
      findings: {
        columns: findingColumns,
        rows: rows.map((f) => [
          f.project,
          f.name,
          f.category,
          cell(f.indicator),
          f.check,
          cell(f.value),
          cell(f.unit),
          cell(f.unitCost),
          cell(f.median),
          f.en,
          f.zh,
        ]),
        total: { value: '', unitCost: '', median: '' },
      },
    }),
  };
}

export function reviewAnswer(r: Resolved, asOf: string): Answer {
  const rows: ReviewFlag[] = reviewFlags(r.projects, r.model, asOf, r.unit);
  return {
    model: modelUsed(r),
    unit: r.unit,
    summary: reviewSummary(r.projects, rows, asOf),
    rows,
    extra: { library: libraryUsed(r) },
    tables: () => ({
      flags: {
        columns: [
          col('project', '项目编号', 'project', { text: true }),
          { id: 'name' },
          { id: 'status' },
          col('flag', '问题', 'flag', { text: true }),
          col('enteredOn', '入库日期', 'entered on', { text: true }),
          col('years', '在库年数', 'years in the library', { sum: false }),
          { id: 'amount', money: true, sum: false },
          col('approvedAmount', '批复金额', 'approved amount', { money: true, sum: false }),
          { id: 'change', money: true, sum: false },
          { id: 'changePercent' },
          col('suggested', '建议', 'suggested', { text: true }),
          col('en', '说明（英文）', 'finding (English)', { text: true }),
          col('zh', '说明', 'finding (Chinese)', { text: true }),
        ],
        rows: rows.map((f) => [
          f.project,
          f.name,
          f.status,
          f.flag,
          f.enteredOn,
          String(f.years),
          f.amount,
          cell(f.approvedAmount),
          cell(f.change),
          cell(f.changePercent),
          f.suggested,
          f.en,
          f.zh,
        ]),
      },
    }),
  };
}

/** The industry-share model the rules model names, for its floors; a rules model naming none known is a 422 at /model. */
function floorsOf(model: ProjectRulesModel, path: string): { found: NonNullable<ReturnType<typeof industryShareModel>> } | { issues: Issue[] } {
  const found = industryShareModel(model.matching.industryShareModel);
  if (!found) return { issues: [unknownModel('industry-share', model.matching.industryShareModel, path)] };
  return { found };
}

export function planReviewAnswer(r: Resolved, year: number): Answer | { issues: Issue[] } {
  const floors = floorsOf(r.model, '/model');
  if ('issues' in floors) return floors;
  const { rows, summary } = planReview(r.projects, r.model, { year, unit: r.unit, policy: floors.found.policy });
  return {
    model: modelUsed(r),
    unit: r.unit,
    summary,
    rows,
    extra: {
      library: libraryUsed(r),
      industryShareModel: { id: floors.found.model.id ?? r.model.matching.industryShareModel, version: floors.found.model.version ?? '' },
    },
    tables: () => ({ findings: planFindingsTable(rows), sources: planSourcesTable(summary.sources) }),
  };
}

function planFindingsTable(rows: readonly PlanFinding[]): Table {
  return {
    columns: [
      col('project', '项目编号', 'project', { text: true }),
      { id: 'name' },
      { id: 'category' },
      col('check', '审查项', 'check', { text: true }),
      col('indicator', '指标', 'indicator', { text: true }),
      { id: 'source' },
      { id: 'amount', money: true, sum: false },
      { id: 'share' },
      { id: 'floor' },
      col('en', '说明（英文）', 'finding (English)', { text: true }),
      col('zh', '说明', 'finding (Chinese)', { text: true }),
    ],
    rows: rows.map((f) => [
      cell(f.project),
      cell(f.name),
      cell(f.category),
      f.check,
      cell(f.indicator),
      cell(f.source),
      cell(f.amount),
      cell(f.share),
      cell(f.floor),
      f.en,
      f.zh,
    ]),
  };
}

function planSourcesTable(sources: readonly PlanSource[]): Table {
  return {
    columns: [
      { id: 'id', text: true },
      { id: 'amount', money: true },
      { id: 'industry', money: true },
      { id: 'share' },
      { id: 'sharePercent' },
      { id: 'floor' },
      { id: 'floorPercent' },
      col('meets', '达到下限', 'meets the floor', { text: true }),
    ],
    rows: sources.map((s) => [s.id, s.amount, s.industry, cell(s.share), cell(s.sharePercent), cell(s.floor), cell(s.floorPercent), cell(s.meets)]),
  };
}

// ---------------------------------------------------------------- reading a request

const VOCABULARY = new Set(['project-unknown-category', 'unknown-fund-source', 'project-unknown-purpose']);

/** The projects, model and unit a POST body names, or every issue of it at once. */
async function resolveBody(
  c: Context,
  body: { projects?: unknown; model?: string; unit?: string },
): Promise<{ resolved: Resolved; asked: unknown } | { issues: Issue[] }> {
  const issues: Issue[] = [];
  let named = rulesModelOf(body.model);
  const modelOk = !('issues' in named);
  if ('issues' in named) {
    issues.push(...named.issues);
    named = rulesModelOf(undefined) as { model: ProjectRulesModel; id: string };
  }
  const read = await projectsOf(c, body.projects, '/projects', named.model);
  if ('issues' in read) {
    // with an unknown model, the projects' words were checked against the default one: not said
    issues.push(...(modelOk ? read.issues : read.issues.filter((i) => !VOCABULARY.has(i.code ?? ''))));
    return { issues };
  }
  if (issues.length > 0) return { issues };
  let unit: Unit = (body.unit as Unit | undefined) ?? 'wan';
  if (read.library) {
    const lib = read.library;
    if (body.unit !== undefined && body.unit !== lib.unit) {
      return { issues: [issue('/unit', 'check-unit-with-library', { unit: body.unit, library: lib.id, libraryUnit: lib.unit })] };
    }
    unit = lib.unit as Unit;
    if (body.model === undefined && lib.model !== named.id) {
      const own = rulesModelOf(lib.model, '/projects/library');
      if ('issues' in own) return own;
      named = own;
    }
  }
  const resolved: Resolved = { projects: read.projects, model: named.model, modelId: named.id, unit, library: read.library };
  // what the provenance hashes: a reference is pinned to the revision and content it read
  const asked = read.library ? { ...body, projects: { library: read.library.id, revision: read.library.revision, hash: read.library.hash } } : body;
  return { resolved, asked };
}

/** The projects, model and unit of a stored library (GET forms), or the problem Response (404, 422). */
async function resolveStored(c: Context, id: string, revision: string | undefined): Promise<{ resolved: Resolved; asked: unknown } | Response> {
  const view = await libraryFor(c, id, revision === undefined ? undefined : Number(revision));
  if (view instanceof Response) return view;
  const named = rulesModelOf(view.model, '');
  if ('issues' in named) return invalid(c, named.issues);
  const library: LibraryRef = { id: view.id, revision: view.revision, hash: view.hash, county: view.county, unit: view.unit, model: view.model };
  return {
    resolved: { projects: view.projects, model: named.model, modelId: named.id, unit: view.unit, library },
    asked: { projects: { library: view.id, revision: view.revision, hash: view.hash } },
  };
}

// ---------------------------------------------------------------- routes

const readProblems = {
  ...problemResponses(
    {
      'not-found': 'No such library, or one your key cannot see (private to another workspace), or a revision it does not have.',
      'invalid-request': 'A query parameter is missing or invalid, each named by ?name.',
    },
    Problem,
  ),
};

interface CheckDef {
  readonly name: 'entry-review' | 'indicator-checks' | 'review' | 'plan-review';
  readonly summary: string;
  readonly description: string;
  readonly body: z.ZodType;
  readonly response: z.ZodType;
  readonly examples: Record<string, { summary: string; value: unknown }>;
  readonly spec: QueryOptionsSpec<string>;
  readonly own: z.ZodRawShape;
  readonly rowsSaid: string;
}

const SHARED_SAID =
  'Body: `projects` inline (LibraryProject[], checked by the schema and the model’s words) or `{"library": id, "revision"?: n}` (a stored library you can read: its unit and model are used), `model` (default the library’s, else sichuan), `unit` (inline only). Every text is in English and Chinese. No trace: ?explain=true is a 422. The GET form `GET /v1/libraries/{id}/<check>` answers the same for a stored library.';

const DEFS: readonly CheckDef[] = [
  {
    name: 'entry-review',
    summary: 'Entry review of projects (入库审查): admitted or refused, and why',
    description: [
      'Each project against the entry rules of the model (质效双提方案 §二7–8; 武汉财政局报告 §二(三)): performance targets (an output and an effect indicator), a feasibility review (评估论证), a benefit-linkage mechanism (利益联结机制), a purpose related to the fund, and not on the negative list (负面清单). Rows: one per project, `admitted` and the codes and words of every reason; summary: how many were admitted and refused.',
      SHARED_SAID,
    ].join('\n\n'),
    body: EntryReviewBody,
    response: EntryReviewResponse,
    examples: EXAMPLES.entry,
    spec: ENTRY_SPEC,
    own: {},
    rowsSaid: 'One row per project, in the order given.',
  },
  {
    name: 'indicator-checks',
    summary: 'Indicator checks (绩效指标核查): blank or abnormal indicators, units, unit costs, amounts',
    description: [
      'The suspicious entries of seed 001 (武汉财政局报告 §二(四)1: 核心指标异常数据或空白数据, 数值和单位等逻辑性), one row per finding: `blank-core` (no output indicator, or a core indicator of 0 — the core ones are those marked `core`, else the output indicators), `abnormal` (an indicator in % above the model’s maxPercent), `unit-mismatch` (an output unit not among the category’s outputUnits), `unit-cost-outlier` (amount ÷ output value outside [median ÷ factor, median × factor] of the same category and unit, from at least minPeers projects; one unit cost per project and unit), `amount-logic` (paid > amount, else paid > arranged; arranged > amount; an output in 万元/元 above the amount). Removed projects are counted, not checked. Exact arithmetic; unitCost and median shown exact within 6 decimals, else rounded.',
      SHARED_SAID,
    ].join('\n\n'),
    body: IndicatorChecksBody,
    response: IndicatorChecksResponse,
    examples: EXAMPLES.indicators,
    spec: INDICATOR_SPEC,
    own: {},
    rowsSaid: 'One row per finding, by project in the order given.',
  },
  {
    name: 'review',
    summary: 'The yearly review (项目库动态管理): stale, changed and unrelated projects, with a suggested decision',
    description: [
      'The projects to look at on `asOf` (seed 003 §9, §12; seed 000: 保留、微调保留、移出), one row per flag: `stale` — not implemented and in the library at least staleYears (2) whole years at asOf (2023-09-15 → 2025-09-15 is 2 years; suggested remove, or keep where it is planned for asOf’s year or later); `amount-change` — |amount − approvedAmount| ≥ amountChange (20%) × approvedAmount (suggested adjust); `unrelated` — a purpose the model marks unrelated (suggested remove). Removed projects are counted, never flagged. The library as it stood at asOf: projects entered after asOf are left out of the flags and of summary.projects, and counted apart (summary.enteredAfter). Record the decisions with POST /v1/libraries/{id}/decisions.',
      SHARED_SAID,
    ].join('\n\n'),
    body: ReviewBody,
    response: LibraryReviewResponse,
    examples: EXAMPLES.review,
    spec: REVIEW_SPEC,
    own: { asOf: CalendarDate.openapi({ description: 'The day of the review (YYYY-MM-DD), required.', example: '2025-08-31' }) },
    rowsSaid: 'One row per flag, by project in the order given.',
  },
  {
    name: 'plan-review',
    summary: 'Annual plan review (年度计划备案审查): the year’s plan against the rules and the industry floors',
    description: [
      'The plan of `year` — its projects planned or implementing — checked (seed 003 §10): per project the entry reasons (codes entry-…), the indicator findings (medians over every project given), `drawing-review` (amount ≥ 400万元 — 4,000,000 in a library in 元 — without the joint drawing review, seed 002) and `no-sources`; and plan-level rows (project null) `industry-share` for each fund source whose industry share of the plan’s projects paid by it alone is below its floor (the industry-share model the rules name: central 60% from 2023 rising by its step, provincial 50%, city and county none). Summary: the plan’s count and amount, and every source’s amount, industry part, share, floor and whether it meets it (meets null where the source has no floor or nothing planned); projects naming several sources (or none) are in no source’s share (summary.unattributed).',
      SHARED_SAID,
    ].join('\n\n'),
    body: PlanReviewBody,
    response: PlanReviewResponse,
    examples: EXAMPLES.plan,
    spec: PLAN_SPEC,
    own: { year: yearParam },
    rowsSaid: 'The findings: per project in the order given, then the plan-level ones.',
  },
];

/** The answer of one check, for the projects resolved and the request's own parameters. */
function answerOf(name: CheckDef['name'], r: Resolved, own: { asOf?: string; year?: number }): Answer | { issues: Issue[] } {
  switch (name) {
    case 'entry-review':
      return entryReviewAnswer(r);
    case 'indicator-checks':
      return indicatorChecksAnswer(r);
    case 'review':
      return reviewAnswer(r, own.asOf!);
    case 'plan-review':
      return planReviewAnswer(r, own.year!);
  }
}

export function libraryCheckRoutes(app: OpenAPIHono): void {
  for (const def of DEFS) {
    const path = `/v1/libraries/${def.name}`;
    const post = createRoute({
      method: 'post',
      path,
      tags: TAGS,
      security: KEY_OPTIONAL,
      summary: def.summary,
      description: def.description,
      request: {
        query: queryOptions(def.spec),
        body: { required: true, content: { 'application/json': { schema: def.body, examples: def.examples } } },
      },
      responses: {
        200: { description: def.rowsSaid, content: tableContent(def.response) },
        ...postProblems(
          'Invalid fields, each named by its JSON pointer: the projects (/projects/3/amount), an unknown library or model, a bad asOf or year.',
        ),
      },
    });
    // a body that failed its schema still hears of an unknown model, in the same 422 (on a resourceApp() sub-app,
    // as src/api/app.ts makes them; on any other the route works without this nicety)
    try {
      alsoCheck(app, 'post', path, (body, failed) => {
        const model = (body as { model?: unknown } | null)?.model;
        if (typeof model !== 'string' || !partsValid(failed, '/model')) return [];
        const named = rulesModelOf(model);
        return 'issues' in named ? named.issues : [];
      });
    } catch {
      // not a resourceApp(): no also-checks
    }
    app.openapi(post, async (c) => {
      const body = c.req.valid('json') as { projects?: unknown; model?: string; unit?: string; asOf?: string; year?: number };
      const options = readOptions(c.req.valid('query') as never, def.spec.tables as never);
      const got = await resolveBody(c, body);
      if ('issues' in got) return invalid(c, got.issues);
      const answer = answerOf(def.name, got.resolved, body);
      if ('issues' in answer) return invalid(c, answer.issues);
      return respond(c, { route: path, body: got.asked }, answer, options) as never;
    });

    const get = createRoute({
      method: 'get',
      path: `/v1/libraries/{id}/${def.name}`,
      tags: TAGS,
      security: KEY_OPTIONAL,
      summary: `${def.summary} — of a stored library`,
      description: `As POST ${path} with {"projects": {"library": id, "revision": n}}: the stored library (public, or of your key’s workspace) at its head or ?revision, in its own unit and model.`,
      request: { params: IdParam, query: formQuery(def.spec, { revision: revisionParam, ...def.own }) },
      responses: {
        200: { description: def.rowsSaid, content: tableContent(def.response) },
        ...readProblems,
      },
    });
    app.openapi(get, async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query') as Record<string, string | undefined>;
      const options = readOptions(query as never, def.spec.tables as never);
      const got = await resolveStored(c, id, query.revision);
      if (got instanceof Response) return got as never;
      const own = { asOf: query.asOf, year: query.year === undefined ? undefined : Number(query.year) };
      const answer = answerOf(def.name, got.resolved, own);
      if ('issues' in answer) return invalid(c, answer.issues);
      const asked = {
        ...(got.asked as object),
        ...(own.asOf !== undefined ? { asOf: own.asOf } : {}),
        ...(own.year !== undefined ? { year: own.year } : {}),
      };
      return respond(c, { route: path, body: asked }, answer, options) as never;
    });
  }
  // the shapes the bodies refer to by name
  app.openAPIRegistry.register('LibraryProject', LibraryProject);
  app.openAPIRegistry.register('LibraryReference', LibraryReference);
}
