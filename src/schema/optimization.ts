/**
 * Schemas of POST /v1/optimizations: one request body per problem kind (`kind`: regions, portfolio,
 * sources), checked for types and formats here; cross-field rules (min ≤ max, known ids …) are the engine's
 * (src/domain/optimization), which answers EngineErrors with the same JSON pointers.
 */
import { z } from '@hono/zod-openapi';
import { DEFAULT_TIME_LIMIT_MS } from '../domain/optimization/solver/core.js';
import { bilingual, Fraction, Granularity, Id, Name, NonNegativeDecimal, NonNegativeShare, plainText, PositiveDecimal, Unit } from './common.js';

/** The examples of kinds regions and sources: the schemas' and the operation's (src/api/examples.ts). */
export const REGIONS_EXAMPLE = {
  kind: 'regions',
  unit: 'wan',
  granularity: '0.01',
  total: '1000.00',
  holdHarmless: '0.9',
  regions: [
    { id: 'A', target: '416.40', lastYear: '520.00' },
    { id: 'B', target: '339.10', lastYear: '300.00' },
    { id: 'C', target: '244.50', lastYear: '200.00', max: '230.00' },
  ],
};

export const SOURCES_EXAMPLE = {
  kind: 'sources',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '200.00', industryFloor: '0.6' },
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
      .max(MAX_TIME_LIMIT_MS, bilingual(`at most ${MAX_TIME_LIMIT_MS} ms per request.`, `每次请求最多 ${MAX_TIME_LIMIT_MS} 毫秒。`))
      .optional()
      .openapi({
        description: `Budget for solving, ms (default ${DEFAULT_TIME_LIMIT_MS}). When it runs out the best plan found is returned with status time_limit and its gap. It is also turned into work limits for every solver run (javascript-lp-solver: simplex pivots and branch-and-bound nodes, weighted by tableau size; HiGHS: simplex iterations and nodes, unless workLimit sets them), about this much work per run on a typical server core, so it bounds solving also in a deployed Worker, whose clock stands still while it computes.`,
      }),
    mipRelGap: z
      .number()
      .min(0)
      .max(0.1, bilingual('must be at most 0.1 (10%).', '不能超过 0.1（10%）。'))
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
    ...bilingual('javascript-lp-solver has no work limits: use backend "highs" or "auto" with workLimit.', 'javascript-lp-solver 不支持工作量限制：使用 workLimit 时请选 "highs" 或 "auto"。'),
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
    min: NonNegativeDecimal.optional().openapi({ description: 'Floor, in `unit`.' }),
    max: NonNegativeDecimal.optional().openapi({ description: 'Cap, in `unit`.' }),
    lastYear: NonNegativeDecimal.optional().openapi({ description: "Last year's amount: hold-harmless and growth cap apply to it." }),
  })
  .strict()
  .openapi('OptimizationRegion');

export const RegionGroup = z
  .object({
    id: Id.openapi({ example: 'keyCounties' }),
    regions: z.array(Id).min(1).max(MAX_OPT_REGIONS),
    minShare: Fraction.optional().openapi({ description: 'Together at least this share of the total ("0.3" or "30%").' }),
    maxShare: Fraction.optional(),
    minAmount: NonNegativeDecimal.optional(),
    maxAmount: NonNegativeDecimal.optional(),
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
    holdHarmless: Fraction.optional().openapi({ description: "Every region gets at least this share of last year's amount (\"0.9\" or \"90%\")." }),
    growthCap: NonNegativeShare.optional().openapi({ description: "No region grows by more than this share of last year's amount (\"0.2\" or \"20%\" = +20%)." }),
    regions: z
      .array(OptRegion)
      .min(1, bilingual('give at least one region.', '请至少提供一个地区。'))
      .max(MAX_OPT_REGIONS, bilingual(`at most ${MAX_OPT_REGIONS} regions per request.`, `每次请求最多 ${MAX_OPT_REGIONS} 个地区。`)),
    groups: z.array(RegionGroup).max(100).optional().openapi({ description: 'Group limits (e.g. key counties together ≥ 30%): solved as an LP.' }),
  })
  .strict()
  .openapi('RegionsOptimization', { example: REGIONS_EXAMPLE });

// ---- kinds 2 and 3: projects and fund sources

export const FundSource = z
  .object({
    id: Id.openapi({ example: 'central' }),
    budget: NonNegativeDecimal.openapi({ description: 'What this source may spend, in `unit`.', example: '483.00' }),
    industryFloor: Fraction.optional().openapi({ description: 'Industry share floor of what this source pays ("0.6" or "60%").' }),
    forbiddenCategories: z.array(Id).max(50).optional().openapi({ description: 'Negative list (负面清单): project categories this source may not pay for.' }),
  })
  .strict()
  .openapi('FundSource');

/** `totals` reports these beside the measures and `objective.maximize` names them: a measure may not take them. */
const RESERVED_MEASURES = ['amount', 'count'] as const;

const Benefits = z
  .record(Id, NonNegativeDecimal)
  .superRefine((record, ctx) => {
    for (const name of RESERVED_MEASURES) {
      if (!Object.hasOwn(record, name)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [name],
        ...bilingual(
          `"${name}" is reserved: totals report the funded ${name} under this name and objective.maximize "${name}" means it; rename the measure (e.g. "${name}Measure").`,
          `"${name}" 为保留名：totals 以该名报告已安排的${name === 'amount' ? '金额' : '项目数'}，objective.maximize "${name}" 亦指此项；请为该效益指标改名（如 "${name}Measure"）。`,
        ),
      });
    }
  })
  .openapi({ description: 'Benefit measures of the project.', example: { beneficiaries: '1200', monitoredHouseholds: '35' } });

export const Project = z
  .object({
    id: Id.openapi({ example: 'P01' }),
    title: plainText(300).optional(),
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

const Sources = z
  .array(FundSource)
  .min(1, bilingual('give at least one fund source.', '请至少提供一个资金来源。'))
  .max(MAX_SOURCES, bilingual(`at most ${MAX_SOURCES} fund sources.`, `资金来源最多 ${MAX_SOURCES} 个。`));

const Projects = z
  .array(Project)
  .min(1, bilingual('give at least one project.', '请至少提供一个项目。'))
  .max(MAX_PROJECTS, bilingual(`at most ${MAX_PROJECTS} projects per request.`, `每次请求最多 ${MAX_PROJECTS} 个项目。`));

const shareRule = {
  industryCategories: z.array(Id).min(1).max(50).optional().openapi({ description: 'Categories that count as industry (default ["industry"]).' }),
  excludedCategories: z.array(Id).max(50).optional().openapi({ description: "Categories left out of the industry share's denominator (e.g. 以工代赈)." }),
  drawingReviewThreshold: NonNegativeDecimal.optional().openapi({ description: 'Projects costing at least this need the joint drawing review (default 400万元).' }),
};

export const PortfolioObjective = z
  .object({
    maximize: z
      .union([z.enum(['amount', 'count']), z.record(Id, NonNegativeDecimal)])
      .openapi({ description: 'Weights of benefit measures ({"beneficiaries": "1"}), or "amount" (funds used), or "count" (projects).', example: { beneficiaries: '1' } }),
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
    ...shareRule,
  })
  .strict()
  .openapi('PortfolioOptimization', {
    example: {
      kind: 'portfolio',
      unit: 'wan',
      sources: [
        { id: 'central', budget: '300.00', industryFloor: '0.6', forbiddenCategories: ['admin'] },
        { id: 'provincial', budget: '150.00', industryFloor: '0.5' },
      ],
      projects: [
        { id: 'P01', cost: '120.00', category: 'industry', priority: 1, town: 'T1', benefits: { beneficiaries: '800' } },
        { id: 'P02', cost: '90.00', category: 'infrastructure', priority: 2, town: 'T1', benefits: { beneficiaries: '1500' } },
        { id: 'P03', cost: '200.00', category: 'industry', partial: true, town: 'T2', benefits: { beneficiaries: '1000' } },
      ],
      objective: { maximize: { beneficiaries: '1' } },
    },
  });

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


const Text2 = { en: z.string(), zh: z.string() };

/** Kind regions: one region's amount against its target and bounds (src/domain/optimization/problems.ts RegionAllocationRow). */
const OptimizedRegionRow = z.object({
  id: z.string(),
  target: z.string(),
  amount: z.string(),
  deviation: z.string().openapi({ description: 'amount − target.' }),
  deviationPercent: z.string().nullable().openapi({ description: 'deviation ÷ target in percent, 2 decimals; null for a zero target.' }),
  lower: z.string(),
  upper: z.string().nullable(),
  lowerBy: z.enum(['min', 'holdHarmless']).nullable(),
  upperBy: z.enum(['max', 'growthCap']).nullable(),
  at: z.enum(['floor', 'cap']).nullable(),
});

/** Kinds portfolio and sources: one project, chosen or not (ProjectRow). */
const OptimizedProjectRow = z.object({
  id: z.string(),
  chosen: z.boolean(),
  amount: z.string(),
  fraction: z.string().openapi({ description: 'amount ÷ cost, 6 decimals.' }),
  bySource: z.record(z.string(), z.string()).openapi({ description: 'By source id, only the sources that pay more than 0.' }),
  category: z.string(),
  priority: z.number().int().nullable(),
  town: z.string().nullable(),
  drawingReview: z.boolean().openapi({ description: 'cost ≥ the drawing-review threshold: needs the joint drawing review before tendering.' }),
});

/** Kinds portfolio and sources: one fund source (SourceRow). */
const OptimizedSourceRow = z.object({
  id: z.string(),
  budget: z.string(),
  used: z.string(),
  unused: z.string(),
  industry: z.string(),
  industryShare: z.string().nullable().openapi({ description: 'industry ÷ base, 6 decimals; null when the base is 0.' }),
  industryFloor: z.string().nullable(),
  budgetBinding: z.boolean(),
  floorBinding: z.boolean(),
});

/** Kind regions, direct method, ?explain=true: the classes of equal marginal cost filled in order (RegionAllocationTrace). */
const RegionOptimizationTrace = z.object({
  method: z.literal('direct'),
  floors: z.string(),
  added: z.string(),
  classes: z.array(
    z.object({
      marginalCost: z.string(),
      toward: z.number().int(),
      rounding: z.number().int(),
      past: z.number().int(),
      granules: z.string(),
      amount: z.string(),
      partial: z.boolean(),
    }),
  ),
  lambda: z.string().nullable(),
  rule: z.string(),
});

const Relaxation = z.object({
  id: z.string(),
  asked: z.string().openapi({ description: 'What was asked, in the constraint’s own terms (an amount in the unit, or a share).' }),
  reachable: z.string().openapi({ description: 'The nearest value that works together with the other relaxations.' }),
  measure: z.enum(['amount', 'share']),
  ...Text2,
});

export const OptimizationResponse = z
  .object({
    kind: z.enum(['regions', 'portfolio', 'sources']),
    solve: z
      .object({
        status: z.enum(['optimal', 'time_limit', 'infeasible', 'unbounded', 'unverified', 'error']).openapi({
          description:
            'optimal: a checked plan, proven best. time_limit: a checked plan not proven best: the time or work ran out, or a later priority stage could not be finished (`message` says which; `gap` how far it may be). infeasible: no plan meets every rule (`infeasibility` says what must give). unverified / error: the solver gave no plan that passed the exact check. A plan in the answer (`verified: true`) only ever goes with optimal or time_limit.',
        }),
        method: z.enum(['direct', 'lp', 'milp']),
        backends: z.array(z.string()),
        gap: z
          .number()
          .optional()
          .openapi({
            description:
              'MILP: (bound − value) / max(|value|, 1), bound = the best the solver proved; may exceed 1 (204: the bound is 205 × the value). A lexicographic portfolio gives the gap of the stage named in gapStage: the first priority stage that stopped before proving its optimum (later stages are bounded only given its value), or the largest when all are optimal.',
          }),
        gapStage: z
          .string()
          .optional()
          .openapi({ description: 'Lexicographic portfolio: the priority stage gap is about (priority1, priority2, priority3, priorityNone).' }),
        verified: z.boolean(),
        ms: z.number(),
        message: z.string().optional(),
        size: z.object({ variables: z.number().int(), integers: z.number().int(), constraints: z.number().int() }).optional(),
      })
      .openapi({ description: 'How the answer was found; every answer is checked exactly against every constraint before it is returned.' }),
    unit: Unit,
    granularity: z.string(),
    total: z.string().optional().openapi({ description: 'Kind regions: the total shared.' }),
    objective: z.string().nullable().optional().openapi({ description: 'Kind regions: the objective at the answer; null when there is none.' }),
    rows: z
      .array(OptimizedRegionRow)
      .optional()
      .openapi({
        description:
          'kind regions: id, target, amount, deviation, deviationPercent, lower, upper, lowerBy (min | holdHarmless | null), upperBy (max | growthCap | null), at (floor | cap | null).',
      }),
    groups: z
      .array(z.object({ id: z.string(), amount: z.string(), share: z.string().openapi({ description: 'amount ÷ total, 6 decimals.' }), binding: z.boolean() }))
      .optional()
      .openapi({ description: 'Kind regions: each group’s amount and share of the total.' }),
    trace: RegionOptimizationTrace.optional().openapi({ description: 'Kind regions, direct method, with ?explain=true: how the amounts were found.' }),
    projects: z.array(OptimizedProjectRow).optional().openapi({ description: 'kinds portfolio and sources: each project, chosen or not, its amount by source and drawing-review flag.' }),
    sources: z.array(OptimizedSourceRow).optional().openapi({ description: 'Each fund source: used, unused, industry share against its floor.' }),
    totals: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'Kinds portfolio and sources: Σ of each benefit measure over the funded projects (partly funded ones in proportion), and amount, count.' }),
    priorityStages: z
      .array(z.object({ priority: z.number().int().nullable(), value: z.string() }))
      .optional()
      .openapi({ description: 'Lexicographic priorities: the value each class present reached, in order (null: the unprioritised, last).' }),
    marginalValues: z
      .array(z.object({ source: z.string(), perUnit: z.number(), basis: z.string(), ...Text2 }))
      .optional()
      .openapi({ description: 'Kinds portfolio and sources: what one more unit of each source’s budget would buy.' }),
    binding: z
      .array(z.object({ id: z.string(), ...Text2, regions: z.array(z.string()).optional() }))
      .openapi({
        description:
          'Constraints that hold with equality at the answer. Kind regions: the total, each group limit, and one entry per bound rule ("regions:min", "regions:holdHarmless", "regions:max", "regions:growthCap") with every region at that bound in `regions`.',
      }),
    infeasibility: z
      .object({ relaxations: z.array(Relaxation), verified: z.boolean(), ...Text2 })
      .optional()
      .openapi({ description: 'With status infeasible: what must give, and by how much, in the planner’s terms.' }),
  })
  .openapi('OptimizationResponse');

export type OptimizationRequestBody = z.infer<typeof OptimizationRequest>;
