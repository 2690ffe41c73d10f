/**
 * Schemas of POST /v1/monitoring and of the monitoring models in models/monitoring/: types, ranges and
 * formats here; what needs the whole request (month order, spent ≤ in place, known ids …) is the engine's
 * (src/domain/monitoring), answered with the same JSON pointers.
 */
import { z } from '@hono/zod-openapi';
import { MAX_MONITORED_PROJECTS, MAX_MONITORED_REGIONS, prepareMonitoringModel, type MonitoringModel } from '../domain/monitoring/monitor.js';
import { dayNumber } from '../domain/monitoring/dates.js';
import {
  bilingual,
  engineChecked,
  envelope,
  Fraction,
  Id,
  modelMetadata,
  Name,
  optionalMetadata,
  NonNegativeDecimal,
  PercentOut,
  plainText,
  PositiveDecimal,
  ShareOut,
  Unit,
} from './common.js';
import { afterFieldChecks } from './modelCheck.js';
import { zodMessage } from '../messages/index.js';

export const Month = z.number().int().min(1).max(12).openapi({ description: 'A month of the year, 1–12.', example: 6 });

export const IsoDate = z
  .string()
  .max(10)
  .refine((v) => dayNumber(v) !== undefined, zodMessage('monitoring-date-invalid'))
  .openapi({ example: '2024-06-30' });

const src = z.string().max(300).optional();

const monitoringFields = {
  ...modelMetadata,
  progressBase: z
    .enum(['inPlace', 'allocated'])
    .optional()
    .openapi({ description: "Progress = spent ÷ funds in place (inPlace, default) or ÷ the year's allocated funds (allocated)." }),
  milestones: z
    .array(
      z
        .object({ month: Month, target: Fraction.openapi({ description: 'Cumulative share spent by the end of the month.', example: '0.30' }), source: src })
        .strict(),
    )
    .min(1)
    .max(12)
    .openapi({ description: 'Time-phased spending milestones (序时进度), by month, targets not falling.' }),
  status: z
    .object({
      yellowWithin: Fraction.openapi({
        description: 'Yellow: below the milestone by at most this many points ("0.10" = 10 points); red: further below.',
        example: '0.10',
      }),
      source: src,
    })
    .strict(),
  alerts: z
    .object({
      reminderLetter: z
        .object({ bottomCities: z.number().int().min(0).max(10_000), bottomCounties: z.number().int().min(0).max(10_000), source: src })
        .strict()
        .optional()
        .openapi({ description: '提醒敦促函: among the bottom N cities / counties in this report and the previous one.' }),
      amountChange: z
        .object({ threshold: Fraction.openapi({ example: '0.20' }), source: src })
        .strict()
        .optional()
        .openapi({ description: "约谈通知书: a project's amount changed by at least this share of its year's investment." }),
      zeroInPlace: z
        .object({ month: Month, source: src })
        .strict()
        .optional()
        .openapi({ description: "约谈通知书: the region's own funds in place still zero at the end of this month." }),
      latePayment: z
        .object({ days: z.number().int().min(0).max(3660), source: src })
        .strict()
        .optional()
        .openapi({ description: 'A completed project not paid within this many days.' }),
    })
    .strict()
    .openapi({ description: 'Alert rules; leave one out (or patch it to null) to switch it off.' }),
};

/** The engine's checks of a model (months in order, targets not falling), as schema issues, once every field has passed its own. */
function checkModel(model: unknown, ctx: z.RefinementCtx) {
  engineChecked(ctx, () => prepareMonitoringModel(model as MonitoringModel, ''));
}

/** A file in models/monitoring/. */
export const MonitoringModelFile = z.object(monitoringFields).strict().superRefine(checkModel, afterFieldChecks).openapi('MonitoringModel');

/** An inline monitoring model: the same shape, metadata optional. */
export const InlineMonitoringModel = z
  .object({
    ...monitoringFields,
    ...optionalMetadata(monitoringFields),
  })
  .strict()
  .superRefine(checkModel, afterFieldChecks)
  .openapi('InlineMonitoringModel');

export const MonthFigures = z
  .object({
    month: Month,
    inPlace: NonNegativeDecimal.openapi({ description: 'Funds in place (到位) by the end of the month, cumulative.', example: '1134.00' }),
    spent: NonNegativeDecimal.openapi({ description: 'Funds spent (支出) by the end of the month, cumulative; at most inPlace.', example: '612.30' }),
    ownInPlace: NonNegativeDecimal.optional().openapi({
      description: "The region's own-level funds in place (市级 for a city, 县级 for a county), part of inPlace; the end-of-June zero-funds rule reads it.",
    }),
  })
  .strict()
  .openapi('MonthFigures');

export const MonitoredRegion = z
  .object({
    id: Id.openapi({ example: '510121' }),
    name: Name.optional().openapi({ example: '金堂县' }),
    level: z.enum(['city', 'county']).openapi({ description: 'Ranked among the regions of the same level.' }),
    allocated: NonNegativeDecimal.optional().openapi({
      description: "The year's allocated funds (全年下达): the base when the model's progressBase is allocated.",
    }),
    months: z.array(MonthFigures).min(1).max(12).openapi({
      description: 'Cumulative figures by month, in month order, up to and including the report month (earlier months give the previous ranks).',
    }),
  })
  .strict()
  .openapi('MonitoredRegion');

export const MonitoredProject = z
  .object({
    id: Id.openapi({ example: 'P01' }),
    name: plainText(300).optional(),
    region: Id.optional().openapi({ description: 'The region it belongs to (an id in regions, when there are any).' }),
    budget: PositiveDecimal.openapi({ description: "The year's planned investment (计划资金 / 当年投资额).", example: '25.00' }),
    adjusted: NonNegativeDecimal.optional().openapi({ description: 'The amount after an adjustment (调整后金额); the 20% rule reads it, else actual.' }),
    actual: NonNegativeDecimal.optional().openapi({ description: 'What was actually used (实际使用资金): its deviation from the budget.', example: '28.23' }),
    paid: NonNegativeDecimal.optional().openapi({ description: 'What has been paid (拨付): the execution rate.' }),
    completed: IsoDate.optional().openapi({ description: 'Completion date (完工).' }),
    paidOn: IsoDate.optional().openapi({ description: 'The date payment was completed; absent: not yet paid in full.' }),
  })
  .strict()
  .openapi('MonitoredProject');

/** The request example: the schema's and the operation's (src/api/examples.ts). */
export const MONITORING_EXAMPLE = {
  year: 2024,
  month: 6,
  unit: 'wan',
  regions: [
    {
      id: 'A',
      name: '甲市',
      level: 'city',
      months: [
        { month: 5, inPlace: '800.00', spent: '320.00' },
        { month: 6, inPlace: '1000.00', spent: '520.00' },
      ],
    },
    {
      id: 'B',
      name: '乙市',
      level: 'city',
      months: [
        { month: 5, inPlace: '600.00', spent: '150.00' },
        { month: 6, inPlace: '600.00', spent: '270.00' },
      ],
    },
  ],
  projects: [
    { id: 'P01', name: '道路提质改造', region: 'A', budget: '25.00', actual: '28.23', paid: '28.23', completed: '2024-04-20', paidOn: '2024-05-10' },
  ],
};

export const MonitoringRequest = z
  .object({
    model: z
      .union([plainText(64, 1).openapi({ description: 'Id of a monitoring model in models/monitoring/.', example: 'default' }), InlineMonitoringModel])
      .optional()
      .openapi({ description: 'A built-in monitoring model (default "default") or an inline one.' }),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description:
          'A JSON merge patch (RFC 7396) of the model, checked like a model: e.g. {"status": {"yellowWithin": "0.05"}} or {"alerts": {"reminderLetter": null}}.',
        example: { status: { yellowWithin: '0.05' } },
      }),
    year: z.number().int().min(2000).max(2100).openapi({ example: 2024 }),
    month: Month.openapi({ description: 'The report month: figures are read at its end.', example: 6 }),
    reportDate: IsoDate.optional().openapi({ description: 'The day late payments are counted to (default: the last day of the report month).' }),
    unit: Unit,
    regions: z
      .array(MonitoredRegion)
      .max(MAX_MONITORED_REGIONS, bilingual(`at most ${MAX_MONITORED_REGIONS} regions per request.`, `每次请求最多 ${MAX_MONITORED_REGIONS} 个地区。`))
      .optional(),
    previous: z
      .object({
        month: Month.optional().openapi({ description: "The previous report's month, read from the regions' figures (default: the month before)." }),
        ranks: z
          .record(Id, z.number().int().min(1))
          .optional()
          .openapi({ description: "Or the previous report's ranks as published: region id → rank within its level.", example: { '510121': 3 } }),
      })
      .strict()
      .optional()
      .openapi({ description: 'The previous report, for "twice in a row".' }),
    projects: z
      .array(MonitoredProject)
      .max(MAX_MONITORED_PROJECTS, bilingual(`at most ${MAX_MONITORED_PROJECTS} projects per request.`, `每次请求最多 ${MAX_MONITORED_PROJECTS} 个项目。`))
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.regions?.length ?? 0) + (v.projects?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['regions'], ...zodMessage('monitoring-nothing-to-monitor') });
    }
  })
  .openapi('MonitoringRequest', {
    example: MONITORING_EXAMPLE,
  });

/**
 * Shown beside a colour, a number never contradicts it: where rounding would put it onto or across an edge
 * the colour was decided at (the milestone, or the yellow band's lower edge), it gets more decimals.
 */
const ON_ITS_SIDE =
  'Where rounding to that many decimals would put it onto or across an edge its colour was decided at (the milestone or the lower edge of the yellow band), it has more decimals, as many as it takes to stay on its side: 0.49998 against 50% is "49.998", yellow, never "50.00".';

const RegionRowSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    level: z.enum(['city', 'county']).openapi({ description: 'The administrative level (行政层级); ranked among the regions of the same level.' }),
    month: z.number().int(),
    inPlace: z.string(),
    spent: z.string(),
    base: z.string().openapi({ description: 'The denominator of progress: inPlace, or allocated with the model\'s progressBase "allocated".' }),
    progress: ShareOut.nullable().openapi({ description: `spent ÷ base, 12 decimals; null when the base is 0. ${ON_ITS_SIDE}` }),
    progressPercent: PercentOut.nullable().openapi({ description: `progress as a percentage, 2 decimals and %. ${ON_ITS_SIDE}`, example: '49.998%' }),
    milestone: z
      .object({
        month: z.number().int().openapi({ description: 'The month the milestone in force is due at the end of.' }),
        target: ShareOut.openapi({ description: 'The share to have spent by then, a fraction with 12 decimals.', example: '0.500000000000' }),
        targetPercent: PercentOut.openapi({ description: 'The same as a percentage, exact, at least 2 decimals, with %.', example: '50.00%' }),
      })
      .nullable()
      .openapi({ description: 'The milestone in force (the latest one due); null before the first.' }),
    gapPoints: z
      .string()
      .nullable()
      .openapi({ description: `progress − milestone in percentage points (negative: behind), 2 decimals, no sign. ${ON_ITS_SIDE}`, example: '-0.002' }),
    status: z.enum(['green', 'yellow', 'red']).openapi({
      description:
        "Decided on the exact progress: green on or above the milestone, yellow below it by at most the model's yellowWithin, red further below or with nothing in the base once a milestone is due.",
    }),
    reason: z.object({ en: z.string(), zh: z.string() }).openapi({
      description: 'Why the colour, in English and Chinese, with the numbers as the row shows them.',
      example: {
        en: 'Spent 499.98 of 1000.00 in place = 49.998%: below the 50.00% milestone for the end of June by 0.002 points, within the 10-point yellow band → yellow.',
        zh: '支出 499.98 ÷ 到位资金 1000.00 = 49.998%：低于6月底 50.00% 的序时进度 0.002 个百分点，在 10 个百分点的黄色区间内 → 黄色。',
      },
    }),
    rank: z.number().int().openapi({ description: 'Competition rank within the level (1 = best progress; 1-2-2-4 for ties).' }),
    of: z.number().int().openapi({ description: 'Regions ranked at this level.' }),
    previousRank: z.number().int().nullable(),
    bottom: z.boolean().openapi({ description: 'Among the bottom N of its level now (N of the reminder-letter rule).' }),
  })
  .openapi('MonitoredRegionRow');

const Words = z.object({ en: z.string(), zh: z.string() });

const LevelCount = z.object({
  regions: z.number().int().openapi({ description: 'Regions ranked at this level.' }),
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
});

export const MonitoringSummary = z
  .object({
    year: z.number().int(),
    month: z.number().int().openapi({ description: 'The report month.' }),
    reportDate: z.string().openapi({ description: 'The day late payments are counted to.', example: '2024-06-30' }),
    projects: z.number().int().openapi({ description: 'Every project.' }),
    budget: z.string().openapi({ description: 'Σ budget of every project.', example: '1194.50' }),
    executionProjects: z.number().int().openapi({
      description: 'The projects that report paid: the set the execution rate is over (a project without paid is not yet reported, not 0).',
      example: 6,
    }),
    executionBudget: z.string().openapi({ description: 'Σ budget of the projects that report paid: the base of the execution rate.', example: '1134.00' }),
    paid: z.string().openapi({
      description: 'Σ paid (a project without paid adds nothing), so the same over every project and over those that report paid.',
      example: '1041.48',
    }),
    executionRate: ShareOut.nullable().openapi({
      description: 'paid ÷ executionBudget, 12 decimals; null when no project reports paid.',
      example: '0.918412698413',
    }),
    executionRatePercent: PercentOut.nullable().openapi({ description: 'executionRate as a percentage, 2 decimals and %.', example: '91.84%' }),
    levels: z
      .object({ city: LevelCount, county: LevelCount })
      .openapi({ description: 'Per administrative level: the regions ranked there and how many are green, yellow and red.' }),
    previous: z.object({ month: z.number().int().nullable(), from: z.enum(['ranks', 'figures']).nullable() }).openapi({
      description: 'The previous report "twice in a row" compares with: its month, and whether its ranks were given or computed from the figures.',
    }),
    notes: z.array(Words).openapi({
      description: 'Rules that could not be applied, and a narrowed set (the execution rate over the projects that report paid), each with why.',
    }),
  })
  .openapi('MonitoringSummary', {
    description:
      'Two sets of projects, each named: every project (projects, budget) and the projects that report paid (executionProjects, executionBudget), which the execution rate is over; when they differ, a note says so.',
  });

const AlertSchema = z
  .object({
    rule: z.enum(['reminderLetter', 'amountChange', 'zeroInPlace', 'latePayment']),
    notice: z.enum(['reminderLetter', 'interviewNotice', 'warning']),
    subject: z.object({ kind: z.enum(['region', 'project']), id: z.string(), name: z.string().optional(), level: z.enum(['city', 'county']).optional() }),
    numbers: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .openapi({ description: 'The figures the rule read (…Percent with %, counts as numbers).' }),
    source: z.string().openapi({ description: 'The public document (or model source) the rule encodes.' }),
    en: z.string(),
    zh: z.string(),
  })
  .openapi('MonitoringAlert');

const ProjectRowSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    region: z.string().optional(),
    budget: z.string(),
    adjusted: z.string().optional(),
    actual: z.string().optional(),
    paid: z.string().optional(),
    executionRate: ShareOut.nullable().openapi({ description: 'paid ÷ budget, 12 decimals; null without paid.' }),
    executionRatePercent: PercentOut.nullable().openapi({ description: 'executionRate as a percentage, 2 decimals and %.' }),
    deviation: z.string().nullable().openapi({
      description: "actual − budget (偏差: the amount against its budget, the contract's deviation), in the unit; null without actual.",
      example: '3.23',
    }),
    deviationPercent: PercentOut.nullable().openapi({ description: 'deviation ÷ budget, 2 decimals and the sign.', example: '12.92%' }),
    completed: z.string().optional(),
    paidOn: z.string().optional(),
    paymentDays: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Days from completion to payment (or to the report date while unpaid); null without a completion date.' }),
  })
  .openapi('MonitoredProjectRow');

export const MonitoringResponse = envelope({
  summary: MonitoringSummary,
  row: RegionRowSchema,
  extra: {
    projects: z.array(ProjectRowSchema).openapi({
      description:
        'Each project: executionRate/executionRatePercent (paid ÷ budget), deviation/deviationPercent (actual − budget, and that ÷ budget), paymentDays.',
    }),
    alerts: z.array(AlertSchema),
  },
}).openapi('MonitoringResponse');

export type MonitoringRequestBody = z.infer<typeof MonitoringRequest>;
