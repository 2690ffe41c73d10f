/**
 * Schemas of POST /v1/optimizations: one request body per problem kind (`kind`: regions, portfolio,
 * sources), checked for types and formats here; cross-field rules (min ≤ max, known ids …) are the engine's
 * (src/domain/optimization), which answers EngineErrors with the same JSON pointers.
 */
import { z } from '@hono/zod-openapi';
import { DEFAULT_TIME_LIMIT_MS } from '../domain/optimization/solver/core.js';
import { zodMessage } from '../messages/index.js';
import {
  envelope,
  Fraction,
  Granularity,
  Id,
  Name,
  NonNegativeDecimal,
  NonNegativeShare,
  PercentOut,
  plainText,
  PositiveDecimal,
  ShareOut,
  Unit,
} from './common.js';

/** The examples of each kind: the schemas' and the operation's (src/api/examples.ts). */
export const REGIONS_EXAMPLE = {
  kind: 'regions',
  unit: 'wan',
  granularity: '0.01',
  total: '1000.00',
  holdHarmless: '0.9',
  regions: [
    { id: 'A', target: '416.40', lastYear: '520.00' },
    { id: 'B', target: '339.10', lastYear: '300.00' },
    { id: 'C', target: '244.50', lastYear: '200.00', maximum: '230.00' },
  ],
};

export const PORTFOLIO_EXAMPLE = {
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '250.00', floor: '0.6', forbiddenCategories: ['admin'] },
    { id: 'provincial', budget: '100.00', floor: '0.5' },
  ],
  projects: [
    { id: 'P01', name: '猕猴桃产业园', cost: '120.00', category: 'industry', priority: 1, town: 'T1', benefits: { beneficiaries: '800' } },
    { id: 'P02', name: '通村公路硬化', cost: '90.00', category: 'infrastructure', priority: 2, town: 'T1', benefits: { beneficiaries: '1500' } },
    { id: 'P03', name: '茶叶加工厂', cost: '200.00', category: 'industry', partial: true, town: 'T2', benefits: { beneficiaries: '1000' } },
  ],
  objective: { maximize: { beneficiaries: '1' } },
};

export const SOURCES_EXAMPLE = {
  kind: 'sources',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '200.00', floor: '0.6' },
    { id: 'county', budget: '200.00' },
  ],
  projects: [
    { id: 'P01', cost: '150.00', category: 'industry' },
    { id: 'P02', cost: '100.00', category: 'infrastructure' },
  ],
};

/** The longest a request may solve: well inside the Workers paid plan's 30 s of CPU per request. */
export const MAX_TIME_LIMIT_MS = 20_000;
export const MAX_OPT_REGIONS = 10_000;
export const MAX_PROJECTS = 5_000;
export const MAX_SOURCES = 10;

export const SolverOptions = z
  .object({
    backend: z
      .enum(['auto', 'jslp', 'highs'])
      .optional()
      .openapi({ description: 'auto (default): javascript-lp-solver for small models, HiGHS for larger ones; or force one.' }),
    timeLimitMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIME_LIMIT_MS)
      .optional()
      .openapi({
        description: `Budget for solving, ms (default ${DEFAULT_TIME_LIMIT_MS}). When it runs out the best plan found is returned with status time_limit and its gap. It is also turned into work limits for every solver run (javascript-lp-solver: simplex pivots and branch-and-bound nodes, weighted by tableau size; HiGHS: simplex iterations and nodes, unless workLimit sets them), about this much work per run on a typical server core, so it bounds solving also in a deployed Worker, whose clock stands still while it computes.`,
      }),
    mipRelGap: z
      .number()
      .min(0)
      .max(0.1)
      .optional()
      .openapi({ description: 'A MILP counts as solved within this relative gap (default 1e-4 for portfolios, 0 for regions).' }),
    workLimit: z
      .object({
        mipNodes: z.number().int().min(1).max(10_000_000).optional().openapi({ description: 'Branch-and-bound nodes per solver run.' }),
        simplexIterations: z.number().int().min(1).max(1_000_000_000).optional().openapi({ description: 'Simplex iterations per solver run.' }),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'Limits on the work of each HiGHS run, replacing those derived from timeLimitMs (they make auto use HiGHS). Deployed Workers advance clocks only on I/O, so the clock cannot stop a solve that has started there; work limits can. Reaching one answers time_limit with the best plan found.',
        example: { mipNodes: 5000 },
      }),
  })
  .strict()
  .refine((o) => !(o.workLimit && o.backend === 'jslp'), {
    path: ['workLimit'],
    ...zodMessage('optimization-work-limit-jslp'),
  })
  .openapi('SolverOptions');

const common = {
  unit: Unit,
  granularity: Granularity.optional().openapi({ description: 'Amounts are whole multiples of this, in `unit` (default 0.01).', example: '0.01' }),
  solver: SolverOptions.optional(),
};

// ---- kind 1: regions

export const OptRegion = z
  .object({
    id: Id.openapi({ example: 'A' }),
    name: Name.optional(),
    target: NonNegativeDecimal.openapi({ description: 'The amount the formula gives this region (any decimals).', example: '416.4' }),
    weight: PositiveDecimal.optional().openapi({ description: "Weight of this region's deviation (default 1).", example: '1' }),
    minimum: NonNegativeDecimal.optional().openapi({ description: 'The least this region gets, in `unit`.' }),
    maximum: NonNegativeDecimal.optional().openapi({ description: 'The most this region gets, in `unit`.' }),
    lastYear: NonNegativeDecimal.optional().openapi({ description: "Last year's amount: hold-harmless and growth cap apply to it." }),
  })
  .strict()
  .openapi('OptimizationRegion');

export const RegionGroup = z
  .object({
    id: Id.openapi({ example: 'keyCounties' }),
    regions: z.array(Id).min(1).max(MAX_OPT_REGIONS),
    minimumShare: Fraction.optional().openapi({ description: 'Together at least this share of the total ("0.3" or "30%").' }),
    maximumShare: Fraction.optional().openapi({ description: 'Together at most this share of the total.' }),
    minimum: NonNegativeDecimal.optional().openapi({ description: 'Together at least this amount, in `unit`.' }),
    maximum: NonNegativeDecimal.optional().openapi({ description: 'Together at most this amount, in `unit`.' }),
  })
  .strict()
  .openapi('RegionGroup');

export const RegionsOptimization = z
  .object({
    kind: z.literal('regions'),
    ...common,
    total: PositiveDecimal.openapi({ description: 'What the regions add up to, in `unit`.', example: '1000.00' }),
    deviation: z
      .enum(['absolute', 'relative'])
      .optional()
      .openapi({ description: 'Minimise Σ weight·|amount − target| (absolute, default) or Σ weight·|amount − target| / target (relative).' }),
    method: z
      .enum(['auto', 'direct', 'lp'])
      .optional()
      .openapi({ description: 'auto (default): the exact direct algorithm when only per-region bounds and the total apply, the LP otherwise.' }),
    holdHarmless: Fraction.optional().openapi({ description: 'Every region gets at least this share of last year\'s amount ("0.9" or "90%").' }),
    growthCap: NonNegativeShare.optional().openapi({
      description: 'No region grows by more than this share of last year\'s amount ("0.2" or "20%" = +20%).',
    }),
    regions: z.array(OptRegion).min(1).max(MAX_OPT_REGIONS),
    groups: z.array(RegionGroup).max(100).optional().openapi({ description: 'Group limits (e.g. key counties together ≥ 30%): solved as an LP.' }),
  })
  .strict()
  .openapi('RegionsOptimization', { example: REGIONS_EXAMPLE });

// ---- kinds 2 and 3: projects and fund sources

export const FundSource = z
  .object({
    id: Id.openapi({ example: 'central' }),
    budget: NonNegativeDecimal.openapi({ description: 'What this source may spend, in `unit`.', example: '483.00' }),
    floor: Fraction.optional().openapi({ description: 'The least industry share of what this source pays ("0.6" or "60%").' }),
    forbiddenCategories: z.array(Id).max(50).optional().openapi({ description: 'Negative list (负面清单): project categories this source may not pay for.' }),
  })
  .strict()
  .openapi('FundSource');

/** `summary.totals` reports these beside the measures and `objective.maximize` names them: a measure may not take them. */
const RESERVED_MEASURES = ['amount', 'count', 'fundedProjectEquivalents'] as const;

const Benefits = z
  .record(Id, NonNegativeDecimal)
  .superRefine((record, ctx) => {
    for (const name of RESERVED_MEASURES) {
      if (!Object.hasOwn(record, name)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [name],
        ...zodMessage('optimization-measure-reserved', { name }),
      });
    }
  })
  .openapi({ description: 'Benefit measures of the project.', example: { beneficiaries: '1200', monitoredHouseholds: '35' } });

export const Project = z
  .object({
    id: Id.openapi({ example: 'P01' }),
    name: Name.optional().openapi({ description: 'What the project is called.', example: '白岩村猕猴桃产业园' }),
    cost: PositiveDecimal.openapi({ description: 'Full cost, in `unit`.', example: '120.00' }),
    category: Id.openapi({ description: 'industry, infrastructure, …', example: 'industry' }),
    sources: z.array(Id).min(1).max(MAX_SOURCES).optional().openapi({ description: 'Sources that may pay for it (default all).' }),
    priority: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .optional()
      .openapi({ description: '三个优先: 1 consolidating poverty-alleviation results, 2 urgent disaster-related, 3 strong driving effect.' }),
    town: plainText(200, 1).optional(),
    village: plainText(200, 1).optional(),
    partial: z.boolean().optional().openapi({ description: 'May be funded in part.' }),
    mandatory: z.boolean().optional().openapi({ description: 'Must be funded in full.' }),
    benefits: Benefits.optional(),
  })
  .strict()
  .openapi('Project');

const Sources = z.array(FundSource).min(1).max(MAX_SOURCES);

const Projects = z.array(Project).min(1).max(MAX_PROJECTS);

const shareRule = {
  industryCategories: z.array(Id).min(1).max(50).optional().openapi({ description: 'Categories that count as industry (default ["industry"]).' }),
  excludedCategories: z.array(Id).max(50).optional().openapi({ description: "Categories left out of the industry share's denominator (e.g. 以工代赈)." }),
  drawingReviewThreshold: NonNegativeDecimal.optional().openapi({
    description: 'Projects costing at least this need the joint drawing review (default 400万元).',
  }),
};

export const PortfolioObjective = z
  .object({
    maximize: z.union([z.enum(['amount', 'count']), z.record(Id, NonNegativeDecimal)]).openapi({
      description: 'Weights of benefit measures ({"beneficiaries": "1"}), or "amount" (funds used), or "count" (projects).',
      example: { beneficiaries: '1' },
    }),
    priorities: z
      .enum(['lexicographic', 'weighted', 'none'])
      .optional()
      .openapi({ description: 'lexicographic (default): class 1 served as well as possible first, then 2, then 3; weighted: by priorityWeights.' }),
    priorityWeights: z.record(z.enum(['1', '2', '3']), NonNegativeDecimal).optional(),
  })
  .strict()
  .openapi('PortfolioObjective');

export const PortfolioOptimization = z
  .object({
    kind: z.literal('portfolio'),
    ...common,
    sources: Sources,
    projects: Projects,
    objective: PortfolioObjective,
    townCaps: z.record(plainText(200, 1), NonNegativeDecimal).optional().openapi({ description: "A town's funded projects together at most this." }),
    measures: z
      .record(Id, z.object({ zh: plainText(200, 1), en: plainText(200, 1).optional() }).strict())
      .optional()
      .openapi({
        description:
          'What each benefit measure is called, by its id: `zh` in Chinese text, `en` in English (default the id). Without one, beneficiaries and monitoredHouseholds have their common names (受益人数, 监测户数) and any other measure its id, quoted “…” in Chinese.',
        example: { beneficiaries: { zh: '受益人数', en: 'beneficiaries' } },
      }),
    ...shareRule,
  })
  .strict()
  .openapi('PortfolioOptimization', { example: PORTFOLIO_EXAMPLE });

export const SourcesOptimization = z
  .object({
    kind: z.literal('sources'),
    ...common,
    sources: Sources,
    projects: Projects,
    preference: z.array(Id).max(MAX_SOURCES).optional().openapi({ description: 'Which money to use first (default: as listed).' }),
    ...shareRule,
  })
  .strict()
  .openapi('SourcesOptimization', { example: SOURCES_EXAMPLE });

export const OptimizationRequest = z
  .discriminatedUnion('kind', [RegionsOptimization, PortfolioOptimization, SourcesOptimization])
  .openapi('OptimizationRequest', { description: 'One of three problem kinds, chosen by `kind`.' });

// ---- the answer: the one envelope (src/schema/common.ts envelope), rows = regions or projects

const Words = { en: z.string(), zh: z.string() };

const SolveSummary = {
  status: z.enum(['optimal', 'time_limit', 'unbounded', 'unverified', 'error']).openapi({
    description:
      'optimal: a checked plan, proven best. time_limit: a checked plan not proven best (the time or work ran out, or a later priority stage could not be finished: `message` says which, `gap` how far it may be), or, with empty rows, no plan found in time. unverified / error: the solver gave no plan that passed the exact check (empty rows). Rules that cannot all hold are never a 200: they are a 422 with code constraints-cannot-hold.',
  }),
  method: z.enum(['direct', 'lp', 'milp']),
  backends: z.array(z.string()).openapi({ description: 'The solver backends that answered, in order; empty for the direct method.' }),
  verified: z.boolean().openapi({ description: 'The plan was checked exactly against every rule before it was returned.' }),
  gap: z.number().optional().openapi({
    description:
      'MILP: (bound − value) / max(|value|, 1), bound = the best the solver proved; may exceed 1. A lexicographic portfolio gives the gap of the stage named in gapStage.',
  }),
  gapStage: z
    .string()
    .optional()
    .openapi({ description: 'Lexicographic portfolio: the priority stage gap is about (priority1, priority2, priority3, priorityNone).' }),
  message: z.string().optional(),
  size: z.object({ variables: z.number().int(), integers: z.number().int(), constraints: z.number().int() }).optional().openapi({
    description:
      'The size of the model solved (counts). The wall time is not in the answer (the same request answers the same bytes): see the Server-Timing header.',
  }),
  granularity: z.string().openapi({ description: 'Amounts are whole multiples of this, in `unit`.' }),
};

/** One summary for every kind (regions, portfolio, sources): the solve, the objective, the totals. */
const OptimizationSummary = z
  .object({
    kind: z.enum(['regions', 'portfolio', 'sources']),
    ...SolveSummary,
    objective: z.string().nullable().openapi({
      description:
        "The objective at the answer, always 6 decimals (rounded half away from zero): kind regions Σ weight·|amount − target| (relative: ÷ target), minimised; kind portfolio the value maximised (priority weights applied; lexicographic: Σ of the classes' values). null: kind sources (no value is maximised: the split follows `preference`), or no plan.",
    }),
    totals: z
      .object({
        amount: z
          .string()
          .openapi({ description: "Σ of the rows' amounts (regions: the total shared; projects: Σ funded), in `unit`, with the granularity's decimals." }),
        count: z.number().int().openapi({ description: 'Regions allocated (before ?region narrows the rows), or projects funded in full or in part.' }),
        fundedProjectEquivalents: z.string().optional().openapi({
          description:
            'Kinds portfolio and sources: Σ funded ÷ cost, 6 decimals — a project funded in part counts as that part (what maximize "count" maximises), so it is not a count ("2.700000": two projects in full and 70% of a third).',
        }),
      })
      .catchall(z.string())
      .openapi({
        description:
          'amount and count for every kind; kinds portfolio and sources also fundedProjectEquivalents and Σ of each benefit measure over the funded projects (partly funded ones in proportion), 6 decimals, by measure id.',
      }),
  })
  .openapi('OptimizationSummary');

const RegionRowTrace = z
  .object({
    reason: z
      .object(Words)
      .openapi({ description: 'How this amount came about, in one sentence: its target, the bound that held, or its part of the λ fill.' }),
    bound: z.enum(['minimum', 'maximum']).nullable().openapi({ description: 'The bound the amount sits on, or null.' }),
    filled: z
      .enum(['target', 'short', 'surplus'])
      .nullable()
      .openapi({ description: 'Off its bounds: at its target (to the granule), below it (the total ran short), or above it (a surplus shared).' }),
  })
  .openapi('RegionOptimizationRowTrace');

export const OptimizedRegionRow = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    target: z.string().openapi({ description: 'The formula target, unrounded money: 6 decimals (rounded half away from zero where the request gave more).' }),
    amount: z.string().openapi({ description: "In `unit`, with the granularity's decimals." }),
    deviation: z.string().openapi({ description: 'amount − target, unrounded money: 6 decimals (as target).' }),
    deviationPercent: z.string().nullable().openapi({ description: 'deviation ÷ target, 2 decimals and %; null for a zero target.' }),
    minimum: z.string().openapi({ description: 'The effective floor after hold-harmless, in `unit`.' }),
    maximum: z.string().nullable().openapi({ description: 'The effective cap after the growth cap, in `unit`; null: none.' }),
    minimumBy: z.enum(['minimum', 'holdHarmless']).nullable().openapi({ description: 'The rule that sets the floor (null: only "no negative amounts").' }),
    maximumBy: z.enum(['maximum', 'growthCap']).nullable().openapi({ description: 'The rule that sets the cap (null: none).' }),
    at: z.enum(['minimum', 'maximum']).nullable().openapi({ description: 'The bound the amount sits on, or null.' }),
    trace: RegionRowTrace.optional().openapi({ description: 'With ?explain=true (direct method): why this amount.' }),
  })
  .openapi('OptimizedRegionRow');

const RegionsTrace = z
  .object({
    method: z.literal('direct'),
    floors: z.string().openapi({ description: 'Σ of the floors, where the filling starts.' }),
    added: z.string().openapi({ description: 'What was added to the floors to reach the total.' }),
    classes: z.array(
      z.object({
        marginalCost: z.string(),
        toward: z.number().int(),
        rounding: z.number().int(),
        past: z.number().int(),
        granules: z.number().int().openapi({ description: 'Granules the class added (a count).' }),
        amount: z.string(),
        partial: z.boolean(),
      }),
    ),
    lambda: z
      .string()
      .nullable()
      .openapi({ description: 'λ of the last (partial) class: its regions got clamp(λ × target); null when it had no proportional part.' }),
    rule: z.object(Words).openapi({ description: 'How the last class was shared, in words.' }),
  })
  .openapi('RegionsOptimizationTrace', {
    description: 'With ?explain=true, direct method: the classes of equal marginal cost filled in order, λ of the last.',
  });

const Binding = z.object({ id: z.string(), ...Words, regions: z.array(z.string()).optional() });

export const RegionsAnswer = envelope({
  summary: OptimizationSummary,
  row: OptimizedRegionRow,
  extra: {
    groups: z
      .array(z.object({ id: z.string(), amount: z.string(), share: ShareOut, sharePercent: PercentOut, binding: z.boolean() }))
      .openapi({ description: 'Each group’s amount and share of the total.' }),
    binding: z.array(Binding).openapi({
      description:
        'Rules that hold with equality: the total, each group limit, and one entry per bound rule ("regions:minimum", "regions:holdHarmless", "regions:maximum", "regions:growthCap") with every region at it in `regions`.',
    }),
    trace: RegionsTrace.optional(),
  },
}).openapi('RegionsOptimizationAnswer');

export const OptimizedProjectRow = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    chosen: z.boolean(),
    cost: z.string(),
    amount: z.string(),
    share: ShareOut.openapi({ description: 'amount ÷ cost, 12 decimals.' }),
    sharePercent: PercentOut,
    bySource: z.record(z.string(), z.string()).openapi({ description: 'By source id, only the sources that pay more than 0.' }),
    category: z.string(),
    priority: z.number().int().nullable(),
    town: z.string().nullable(),
    drawingReview: z.boolean().openapi({ description: 'cost ≥ the drawing-review threshold: needs the joint drawing review before tendering.' }),
  })
  .openapi('OptimizedProjectRow');

export const OptimizedSourceRow = z
  .object({
    id: z.string(),
    budget: z.string(),
    used: z.string(),
    unused: z.string(),
    industry: z.string(),
    industryShare: ShareOut.nullable().openapi({ description: 'industry ÷ base, 12 decimals; null when the base is 0.' }),
    industrySharePercent: PercentOut.nullable(),
    floor: ShareOut.nullable().openapi({ description: 'The least industry share asked of this source, 12 decimals; null: none.' }),
    floorPercent: PercentOut.nullable(),
    budgetBinding: z.boolean(),
    floorBinding: z.boolean(),
  })
  .openapi('OptimizedSourceRow');

export const FundingAnswer = envelope({
  summary: OptimizationSummary,
  row: OptimizedProjectRow,
  extra: {
    sources: z.array(OptimizedSourceRow).openapi({ description: 'Each fund source: used, unused, industry share against its floor.' }),
    priorityStages: z
      .array(z.object({ priority: z.number().int().nullable(), value: z.string().openapi({ description: '6 decimals, as summary.objective.' }) }))
      .optional()
      .openapi({ description: 'Lexicographic priorities: the value each class present reached, in order (null: the unprioritised, last).' }),
    marginalValues: z
      .array(
        z.object({
          source: z.string(),
          perUnit: z
            .string()
            .openapi({ description: 'Objective units per one more unit of budget, 6 decimals (a float dual, for reading).', example: '5.000000' }),
          basis: z.string(),
          ...Words,
        }),
      )
      .openapi({ description: 'What one more unit of each source’s budget would buy.' }),
    binding: z.array(Binding).openapi({ description: 'Rules that hold with equality at the answer (budgets, floors, town caps, mandatory projects).' }),
  },
}).openapi('FundingOptimizationAnswer');

export const OptimizationResponse = z
  .union([RegionsAnswer, FundingAnswer])
  .openapi('OptimizationResponse', { description: 'kind regions: rows are the regions; kinds portfolio and sources: rows are the projects.' });

export type OptimizationRequestBody = z.infer<typeof OptimizationRequest>;
export type RegionsAnswerBody = z.infer<typeof RegionsAnswer>;
export type FundingAnswerBody = z.infer<typeof FundingAnswer>;
