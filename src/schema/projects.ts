/**
 * The project library (项目库, issue 15): the one definition of a project as a county keeps it, of a library's
 * metadata, and of the project-rules model (models/projects/*.json). Types and formats are checked here; the
 * rules that need the model (a known category, fund source or purpose, the negative list, entry review,
 * status moves) are the domain's (src/domain/projects/), answered with the same JSON pointers.
 *
 * Ids are English (`reserve`, `industry`, `central`); Chinese words are accepted on input where a planner
 * writes them (status 储备/计划/实施/完工/移出) and the model names every id in both languages.
 */
import { z } from '@hono/zod-openapi';
import type { Scaled } from '../core/money.js';
import { dayNumber } from '../domain/monitoring/dates.js';
import { zodMessage } from '../messages/index.js';
import { Id, modelMetadata, NonNegativeDecimal, plainText, PositiveDecimal, requestDecimal, Unit } from './common.js';

/**
 * A calendar date of the library (entered, started, completed, decided on): YYYY-MM-DD, a real day. Its own
 * neutral code (date-invalid), not the monitoring routes' (monitoring-date-invalid), whose schema is theirs.
 */
export const CalendarDate = z
  .string()
  .max(10)
  .refine((v) => dayNumber(v) !== undefined, zodMessage('date-invalid'))
  .openapi({ type: 'string', description: 'YYYY-MM-DD.', example: '2025-06-30' });

/**
 * The most a money field of a project may hold, in the library's unit: less than 10^15 (at most 15 digits before
 * the point; the allocation total's bound is 10^15 yuan). Beyond it is a typing error (a wrong unit, extra zeros,
 * "1e30"), and unbounded amounts make the matching optimizer's numbers meaningless.
 */
export const MONEY_DIGITS = 15;
const MONEY_LIMIT = 10n ** BigInt(MONEY_DIGITS);

/** |x| ≥ 10^15, exactly (a scale may be negative: "1e30" is 1·10^30). */
export function moneyTooLarge(x: Scaled): boolean {
  const c = x.coefficient < 0n ? -x.coefficient : x.coefficient;
  return x.scale >= 0 ? c >= MONEY_LIMIT * 10n ** BigInt(x.scale) : c * 10n ** BigInt(-x.scale) >= MONEY_LIMIT;
}

/** A money field of a project: `base` (its sign rule and the shared decimal grammar, exponents as it reads them) and at most 15 integer digits. */
function money<T extends z.ZodType>(base: T, field: string): T {
  return base.superRefine((v, ctx) => {
    const x = typeof v === 'string' || typeof v === 'number' ? requestDecimal(v) : undefined;
    if (x && moneyTooLarge(x)) ctx.addIssue({ code: 'custom', ...zodMessage('money-too-large', { field, maximum: `10^${MONEY_DIGITS}` }) });
  }) as unknown as T;
}

/** A project's life in the library (seed 003 §9, seed 000): 储备 → 计划 → 实施 → 完工, or 移出. */
export const PROJECT_STATUSES = ['reserve', 'planned', 'implementing', 'completed', 'removed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The Chinese word of each status, accepted on input (CSV columns, JSON) and shown in tables. */
export const STATUS_ZH: Record<ProjectStatus, string> = {
  reserve: '储备',
  planned: '计划',
  implementing: '实施',
  completed: '完工',
  removed: '移出',
};

const STATUS_BY_WORD: Record<string, ProjectStatus> = Object.fromEntries([
  ...PROJECT_STATUSES.map((s) => [s, s] as const),
  ...PROJECT_STATUSES.map((s) => [STATUS_ZH[s], s] as const),
]);

/** "储备" or "reserve" → "reserve"; anything else is left for the enum to refuse, naming the five. */
export function statusOf(word: unknown): unknown {
  return typeof word === 'string' ? (STATUS_BY_WORD[word.trim()] ?? word) : word;
}

export const Status = z.preprocess(statusOf, z.enum(PROJECT_STATUSES)).openapi({
  type: 'string',
  enum: [...PROJECT_STATUSES],
  description: 'reserve 储备, planned 计划, implementing 实施, completed 完工, removed 移出.',
  example: 'planned',
});

/** One performance indicator (绩效指标): what is measured, its target value and unit. */
export const Indicator = z
  .object({
    name: plainText(200, 1).openapi({ example: '新建猕猴桃基地' }),
    value: NonNegativeDecimal.openapi({ description: 'The target value (a number; blank or text is refused).', example: '200' }),
    unit: plainText(50, 1).openapi({ description: 'The unit as written: 亩, 公里, 个, 人, 户, %, 万元 …', example: '亩' }),
    core: z.boolean().optional().openapi({ description: 'A core indicator (核心指标): checked for blank or abnormal values first.' }),
  })
  .strict()
  .openapi('PerformanceIndicator');

/** Performance targets (绩效目标, seed 001): output indicators (产出) and effect indicators (效益). */
export const Targets = z
  .object({
    output: z.array(Indicator).max(50).optional().openapi({ description: '产出指标: quantity, quality, time, cost.' }),
    effect: z.array(Indicator).max(50).optional().openapi({ description: '效益指标: economic, social, ecological, lasting.' }),
  })
  .strict()
  .openapi('Targets');

/** A decision of the yearly review (seed 000: 保留、微调保留、移出), kept on the project: written by the service. */
export const DECISIONS = ['keep', 'adjust', 'remove'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_ZH: Record<Decision, string> = { keep: '保留', adjust: '微调保留', remove: '移出' };

export const DecisionRecord = z
  .object({
    decision: z.enum(DECISIONS),
    reason: z.string(),
    date: z.string().openapi({ description: 'The day decided, YYYY-MM-DD.' }),
    by: z.string().openapi({ description: 'The key that recorded it.' }),
    revision: z.number().int().openapi({ description: 'The library revision that recorded it.' }),
    changes: z.record(z.string(), z.unknown()).optional().openapi({ description: 'adjust: the fields changed, each {from, to}.' }),
  })
  .openapi('DecisionRecord');

/** What a planner writes of a project (create, import, replace). */
export const projectFields = {
  id: Id.openapi({ description: 'The project number (项目编号), unique in the library.', example: 'LF-2024-001' }),
  name: plainText(200, 1).openapi({ description: '项目名称.', example: '白岩村猕猴桃产业园' }),
  town: plainText(200, 1).optional().openapi({ description: '乡镇.', example: '金山镇' }),
  village: plainText(200, 1).optional().openapi({ description: '村.', example: '白岩村' }),
  category: Id.openapi({
    description: "One of the model's categories: industry 产业发展, infrastructure 基础设施, household 到户帮扶, employment 就业帮扶 …",
    example: 'industry',
  }),
  purpose: Id.optional().openapi({
    description:
      "What it serves, one of the model's purposes (consolidation 巩固拓展脱贫攻坚成果, development 乡村发展, construction 乡村建设, governance 乡村治理); unrelated (无关) is refused entry.",
    example: 'consolidation',
  }),
  content: z.string().max(2000).optional().openapi({ description: '建设内容: what is built or bought (checked against the negative list).' }),
  amount: money(PositiveDecimal, 'amount').openapi({ description: "Planned investment (计划投资), in the library's `unit`.", example: '120' }),
  approvedAmount: money(NonNegativeDecimal, 'approvedAmount').optional().openapi({
    description:
      'The amount of the approved annual plan (计划批复金额). The yearly review flags a change of 20% or more against it; the service keeps it when an adjustment changes `amount`.',
  }),
  sources: z
    .array(Id)
    .min(1)
    .max(10)
    .optional()
    .openapi({ description: "Fund sources that may pay (资金来源), ids of the model's fund sources; default any.", example: ['central', 'provincial'] }),
  targets: Targets.optional(),
  linkage: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: '利益联结机制: how farmers share in it (blank: none).', example: '村集体占股20%，每年分红' }),
  feasibilityReviewed: z.boolean().optional().openapi({ description: '评估论证 done (seed 003 §7). Without it no entry.' }),
  drawingReviewed: z
    .boolean()
    .optional()
    .openapi({ description: '施工图联合审查 passed: projects of 400万元 or more are not tendered (or matched to a batch) before it (seed 002).' }),
  priority: z
    .union([z.literal(1), z.literal(2), z.literal(3)])
    .optional()
    .openapi({ description: '三个优先: 1 consolidating results, 2 urgent disaster-related, 3 strong driving effect and efficiency.' }),
  villageIncome: money(NonNegativeDecimal, 'villageIncome').optional().openapi({
    description:
      "The village's collective income (村集体经济收入), in the library's `unit` like every amount in it: below the model's threshold (15万元, 150,000 in a yuan library) it is a weak village (经济薄弱村).",
  }),
  keyTown: z.boolean().optional().openapi({ description: '重点帮扶镇 (or village): tilted in matching.' }),
  year: z.number().int().min(2000).max(2100).optional().openapi({ description: 'The plan year (计划年度); required from status planned on.', example: 2025 }),
  status: Status.optional().openapi({ description: 'Default reserve (储备).' }),
  enteredOn: CalendarDate.optional().openapi({ description: '入库日期; default the day it enters.' }),
  startedOn: CalendarDate.optional().openapi({ description: '开工日期.' }),
  completedOn: CalendarDate.optional().openapi({ description: '完工日期.' }),
  arranged: money(NonNegativeDecimal, 'arranged').optional().openapi({
    description: 'Funds already arranged to it by earlier batches (已安排资金); a batch pays at most amount − arranged.',
  }),
  paid: money(NonNegativeDecimal, 'paid').optional().openapi({ description: 'Paid so far (已拨付).' }),
  department: plainText(200, 1).optional().openapi({ description: '主管部门 (the department responsible).' }),
};

/** The one example project (the schema's, and the library routes' request examples). */
export const PROJECT_EXAMPLE = {
  id: 'LF-2025-001',
  name: '白岩村猕猴桃产业园',
  town: '金山镇',
  village: '白岩村',
  category: 'industry',
  purpose: 'consolidation',
  amount: '120',
  sources: ['central'],
  targets: { output: [{ name: '新建猕猴桃基地', value: '200', unit: '亩', core: true }], effect: [{ name: '带动脱贫户增收', value: '150', unit: '户' }] },
  linkage: '村集体占股20%，每年分红',
  feasibilityReviewed: true,
  priority: 1,
  status: 'reserve',
} as const;

export const LibraryProject = z.object(projectFields).strict().openapi('LibraryProject', { example: PROJECT_EXAMPLE });
export type LibraryProjectInput = z.infer<typeof LibraryProject>;

/** A project as stored and answered: what was written, normalised (amounts as text, status set), plus what the service keeps. */
export interface StoredProject {
  readonly id: string;
  readonly name: string;
  readonly town?: string;
  readonly village?: string;
  readonly category: string;
  readonly purpose?: string;
  readonly content?: string;
  readonly amount: string;
  readonly approvedAmount?: string;
  readonly sources?: readonly string[];
  readonly targets?: { readonly output?: readonly StoredIndicator[]; readonly effect?: readonly StoredIndicator[] };
  readonly linkage?: string;
  readonly feasibilityReviewed?: boolean;
  readonly drawingReviewed?: boolean;
  readonly priority?: 1 | 2 | 3;
  readonly villageIncome?: string;
  readonly keyTown?: boolean;
  readonly year?: number;
  readonly status: ProjectStatus;
  readonly enteredOn: string;
  readonly startedOn?: string;
  readonly completedOn?: string;
  readonly arranged?: string;
  readonly paid?: string;
  readonly department?: string;
  /** the library revision that last changed this project: its ETag */
  readonly changedIn: number;
  readonly decisions?: readonly DecisionRecordData[];
}

export interface StoredIndicator {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
  readonly core?: boolean;
}

export type DecisionRecordData = z.infer<typeof DecisionRecord>;

/** A library's metadata (what a planner writes besides the projects). */
export const libraryMeta = {
  name: plainText(200, 1).openapi({ description: 'What the library is called.', example: '禄丰市巩固拓展脱贫攻坚成果和乡村振兴项目库' }),
  county: plainText(200, 1).openapi({ description: 'The county (县/市/区) whose library it is.', example: '禄丰市' }),
  unit: Unit.optional().openapi({ description: 'The unit of every amount in it: wan (万元, default) or yuan.' }),
  model: plainText(64, 1).optional().openapi({ description: 'The project-rules model (GET /v1/models?kind=projects); default sichuan.', example: 'sichuan' }),
  visibility: z.enum(['public', 'private']).optional().openapi({ description: 'Default private: a library names villages and amounts.' }),
};

export const MAX_LIBRARY_PROJECTS = 2_000;

export const CreateLibraryBody = z
  .object({
    ...libraryMeta,
    projects: z
      .array(z.unknown())
      .max(MAX_LIBRARY_PROJECTS)
      .optional()
      .openapi({ description: 'LibraryProject rows; each passes the entry review or nothing is written.' }),
  })
  .strict()
  .openapi('CreateLibrary');

// ---- the project-rules model (models/projects/*.json): data, with the public documents it encodes

const Named = { id: Id, zh: plainText(200, 1), en: plainText(200, 1) };

export const ProjectCategory = z
  .object({
    ...Named,
    industry: z.boolean().openapi({ description: 'Counts as industry (产业) for the industry-share floors.' }),
    outputUnits: z
      .array(plainText(50, 1))
      .min(1)
      .openapi({ description: 'Units an output indicator of this category may have; another unit is a suspicious entry.' }),
    source: z.string().max(300).optional(),
  })
  .strict();

export const NegativeListItem = z
  .object({
    ...Named,
    keywords: z.array(plainText(50, 1)).min(1).openapi({ description: 'Words that, in the name or content, put a project on this item.' }),
    categories: z.array(Id).optional().openapi({ description: 'Categories wholly on the list (none by default).' }),
    source: z.string().max(300).optional(),
  })
  .strict();

export const ProjectRulesModelFile = z
  .object({
    ...modelMetadata,
    categories: z.array(ProjectCategory).min(1),
    fundSources: z.array(z.object(Named).strict()).min(1).openapi({ description: 'Fund sources a project may name (central, provincial, city, county).' }),
    purposes: z
      .array(z.object({ ...Named, related: z.boolean() }).strict())
      .min(1)
      .openapi({ description: 'What a project may serve; related: false (unrelated) is refused entry.' }),
    negativeList: z.array(NegativeListItem),
    entry: z
      .object({
        requireTargets: z.boolean(),
        requireFeasibility: z.boolean(),
        requireLinkage: z.boolean(),
        source: z.string().max(300),
      })
      .strict(),
    review: z
      .object({
        staleYears: z
          .number()
          .int()
          .min(1)
          .max(10)
          .openapi({ description: 'In the library this many years without being implemented: flagged (seed 003 §9: 2).' }),
        amountChange: z.string().openapi({ description: 'A change of at least this share of the approved amount: flagged (seed 003 §12: "0.2").' }),
        source: z.string().max(300),
      })
      .strict(),
    indicators: z
      .object({
        unitCostFactor: z.string().openapi({
          description: 'A unit cost (amount ÷ output value) above factor × or below ÷ factor the median of its category and unit is suspicious.',
        }),
        minPeers: z.number().int().min(2).openapi({ description: 'The fewest projects of a category and unit a median is taken from.' }),
        maxPercent: z.string().openapi({ description: 'An indicator in % above this is abnormal.' }),
        source: z.string().max(300),
      })
      .strict(),
    matching: z
      .object({
        drawingReviewThreshold: z
          .string()
          .openapi({ description: '万元: projects of at least this need the joint drawing review before tendering (seed 002: 400).' }),
        weakVillageIncome: z.string().openapi({ description: '万元: a village whose collective income is below this is weak (seed 002: 15).' }),
        weakVillageTilt: z.string().openapi({ description: "Added to a weak village's project value in matching (a choice)." }),
        keyTownTilt: z.string().openapi({ description: "Added to a key town's project value in matching (a choice)." }),
        industryShareModel: z.string().openapi({ description: 'The industry-share model whose floors each source must meet.' }),
        source: z.string().max(300),
      })
      .strict(),
  })
  .strict()
  .openapi('ProjectRulesModel');
export type ProjectRulesModel = z.infer<typeof ProjectRulesModelFile>;
