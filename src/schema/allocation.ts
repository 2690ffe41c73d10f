/**
 * The zod schemas: the single source of request validation, of the OpenAPI document and of the types the
 * routes hand to the engine. Model files in models/ are checked by the same ModelFile schema.
 * Every object is strict: an unknown key is an error, never silently ignored.
 */
import { z } from '@hono/zod-openapi';
import { type FactorSpec, prepareModel } from '../domain/allocation/model.js';
import { type ParameterDescriptor, type Transform, TRANSFORMS } from '../domain/allocation/transforms/index.js';
import { STAGE_IDS, WATERFALL } from '../domain/allocation/pipeline/stages.js';
import { MAX_REGIONS } from '../domain/allocation/allocate.js';
import { zodMessage } from '../messages/index.js';
import {
  Decimal,
  Fraction,
  Granularity,
  Id,
  Name,
  NonNegativeDecimal,
  NonNegativeShare,
  PercentOut,
  PositiveDecimal,
  ShareOut,
  Source,
  Text,
  Unit,
  Weight,
  engineChecked,
  envelope,
  optionalMetadata,
  plainKeys,
  plainText,
} from './common.js';

const indicatorBase = {
  id: Id,
  input: Id.optional().openapi({ description: "Key read from each region's `indicators`; defaults to `id`." }),
  title: Text.optional(),
  weight: Weight.openapi({ description: 'Sub-weight within the factor; they add up to exactly 1 ("1" or "100%").', example: '1' }),
  source: z.string().max(300).optional(),
};

/** A transform parameter's zod shape, from its plain-data descriptor in the registry (src/domain/allocation/transforms/). */
const CategoryDecimals = z.record(plainText(100, 1), Decimal);
type ParameterZod<P extends ParameterDescriptor> = P['type'] extends 'decimal' ? typeof Decimal : typeof CategoryDecimals;
function parameterZod<P extends ParameterDescriptor>(p: P): ParameterZod<P> {
  return (p.type === 'decimal' ? Decimal : CategoryDecimals).openapi({ description: p.about.en }) as ParameterZod<P>;
}

type RegisteredTransform = (typeof TRANSFORMS)[number];
type IndicatorShape<T extends RegisteredTransform> = typeof indicatorBase & { transform: z.ZodLiteral<T['id']> } & {
  [P in T['parameters'][number] as P['name']]: P['required'] extends true ? ParameterZod<P> : z.ZodOptional<ParameterZod<P>>;
};

/** One member of the Indicator union: the common fields, the transform's id and its parameters. */
function indicatorOf<T extends RegisteredTransform>(t: T): z.ZodObject<IndicatorShape<T>> {
  const parameters = Object.fromEntries(t.parameters.map((p: ParameterDescriptor) => [p.name, p.required ? parameterZod(p) : parameterZod(p).optional()]));
  return z
    .object({ ...indicatorBase, transform: z.literal(t.id).openapi({ description: t.about.en }), ...parameters })
    .strict()
    .openapi({ description: `${t.id}: ${t.about.en} (${t.about.zh})` }) as unknown as z.ZodObject<IndicatorShape<T>>;
}

type Members<T extends readonly RegisteredTransform[]> = {
  -readonly [K in keyof T]: T[K] extends RegisteredTransform ? z.ZodObject<IndicatorShape<T[K]>> : never;
};
type IndicatorMembers = Members<typeof TRANSFORMS>;

/** The Indicator union, one member per registered transform (the registry is the one list). */
export const Indicator = z.discriminatedUnion('transform', TRANSFORMS.map((t) => indicatorOf(t)) as unknown as IndicatorMembers).openapi('Indicator', {
  description: `How one indicator enters its factor. Transforms: ${TRANSFORMS.map((t) => `${t.id} (${t.about.en})`).join('; ')}.`,
  example: { id: 'poverty', weight: '1', transform: 'direct' },
});

export const Factor = z
  .object({
    id: Id,
    title: Text.optional(),
    weight: Weight.openapi({ description: 'Factor weight ("0.35" or "35%"); the factors of a model add up to exactly 1.', example: '0.35' }),
    indicators: z.array(Indicator).min(1).max(50),
    source: z.string().max(300).optional(),
  })
  .strict()
  .openapi('Factor');

const SelectorValue = z.union([z.string().max(200), z.number()]);
export const RegionSelector = z
  .object({
    ids: z.array(Id).max(10_000).optional(),
    where: z.record(plainText(200), z.union([SelectorValue, z.array(SelectorValue).max(100)])).optional(),
  })
  .strict()
  .openapi('RegionSelector', { description: 'Regions by id and/or by indicator values.', example: { where: { keyCounty: 'national' } } });

export const SetAside = z
  .object({
    id: Id,
    title: Text.optional(),
    amount: NonNegativeDecimal.optional().openapi({ description: "A fixed amount, in the model's unit." }),
    percent: Fraction.optional().openapi({ description: 'A share of the total (0.01 = 1%).' }),
    regions: RegionSelector.optional().openapi({ description: 'Who receives it; without it the set-aside serves a purpose.' }),
    split: z
      .union([z.literal('equal'), z.object({ by: plainText(200, 1) }).strict(), z.object({ factors: z.array(Factor).min(1).max(20) }).strict()])
      .optional()
      .openapi({
        description:
          'Among the regions: "equal" (default), {"by": indicator}, or {"factors": [...]} — a sub-formula of the same shape as a model\'s factors.',
      }),
    reserve: z.boolean().optional().openapi({ description: 'A purpose set-aside that funds rewards.' }),
    source: z.string().max(300).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.amount === undefined) === (v.percent === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], ...zodMessage('set-aside-amount-or-percent') });
    }
    if (v.split && typeof v.split === 'object' && 'factors' in v.split) {
      const factors = v.split.factors as FactorSpec[];
      engineChecked(ctx, () => prepareModel({ id: 'sub-formula', version: '1', factors }, ''), ['split']);
    }
    if (v.reserve && v.regions) {
      ctx.addIssue({ code: 'custom', path: ['reserve'], ...zodMessage('reserve-with-regions') });
    }
  })
  .openapi('SetAside');

export const RankAmount = z
  .object({ fixed: NonNegativeDecimal.optional(), from: NonNegativeDecimal.optional(), to: NonNegativeDecimal.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.fixed === undefined) === (v.from === undefined)) {
      ctx.addIssue({ code: 'custom', ...zodMessage('rank-amount-fixed-or-from') });
    }
  });

export const Group = z.object({ count: z.number().int().min(1).max(10_000), amount: RankAmount }).strict();

export const Pipeline = z
  .object({
    setAsides: z.array(SetAside).max(50).optional(),
    points: z
      .object({ input: plainText(200, 1), bottom: Group.optional(), top: Group.optional(), source: z.string().max(300).optional() })
      .strict()
      .optional(),
    grades: z
      .object({ input: plainText(200, 1), rewards: z.record(plainText(50, 1), NonNegativeDecimal), source: z.string().max(300).optional() })
      .strict()
      .optional(),
    negativeList: z
      .object({ input: plainText(200, 1), source: z.string().max(300).optional() })
      .strict()
      .optional(),
    rewardsFundedBy: z.enum(['deductions', 'reserve', 'both']).optional(),
    unspent: z.enum(['withhold', 'redistribute']).optional(),
    bounds: z
      .object({
        holdHarmless: Fraction.optional(),
        growthCap: NonNegativeShare.optional().openapi({ description: 'At most this growth on last year ("0.2" or "20%").' }),
        minimum: NonNegativeDecimal.optional(),
        maximum: NonNegativeDecimal.optional(),
        protected: RegionSelector.optional(),
        source: z.string().max(300).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('Pipeline', {
    description:
      'Stages after the formula, in this fixed order: set-asides → formula → rewards and penalties (points, grades, negative list) → floors and caps with redistribution → rounding.',
  });

const modelFields = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, zodMessage('model-id-format'))
    .openapi({ example: 'sichuan-2024' }),
  version: plainText(50, 1).openapi({ example: '2024.1' }),
  title: Text,
  jurisdiction: plainText(200, 1),
  year: z.number().int().min(2000).max(2100),
  unit: Unit,
  granularity: Granularity.optional(),
  description: z.string().max(5000).optional(),
  sources: z.array(Source).min(1).max(50),
  factors: z.array(Factor).min(1).max(20),
  pipeline: Pipeline.optional(),
};

/** A model file in models/allocation/; also the shape of GET /v1/models/allocation/{id}. */
export const ModelFile = z.object(modelFields).strict().openapi('Model');

/** An inline model in a request: the same shape, metadata optional. */
export const InlineModel = z
  .object({
    ...modelFields,
    ...optionalMetadata(modelFields),
    unit: Unit.optional(),
  })
  .strict()
  .openapi('InlineModel', {
    example: { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] },
  });

/** Every parameter any registered transform takes, once (an override may change any of them). */
const TRANSFORM_PARAMETERS = [...new Map((TRANSFORMS as readonly Transform[]).flatMap((t) => t.parameters).map((p) => [p.name, p])).values()];

const IndicatorOverride = z
  .object({
    weight: Weight.optional(),
    ...(Object.fromEntries(TRANSFORM_PARAMETERS.map((p) => [p.name, parameterZod(p).optional()])) as unknown as {
      [P in RegisteredTransform['parameters'][number] as P['name']]: z.ZodOptional<ParameterZod<P>>;
    }),
  })
  .strict();

export const Overrides = z
  .object({
    weights: z
      .record(Id, Weight)
      .optional()
      .openapi({
        description: 'New factor weights by factor id ("0.40" or "40%"); after overriding they must still add up to 1.',
        example: { policy: '0.40', income: '0.25' },
      }),
    indicators: z
      .record(plainText(401, 3), IndicatorOverride)
      .optional()
      .openapi({
        description: 'Indicator parameters by "factorId.indicatorId".',
        example: { 'policy.keyCounty': { coefficients: { national: '2', provincial: '1.5', other: '1' } } },
      }),
    pipeline: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description: "A JSON merge patch (RFC 7396) of the model's pipeline; the patched pipeline is checked like a model's.",
        example: { points: { bottom: { count: 5 } }, bounds: { holdHarmless: '0.95' } },
      }),
    granularity: Granularity.nullable()
      .optional()
      .openapi({ description: "The model's granularity (a plain field of the model, merged as a JSON merge patch would: null removes it)." }),
    unit: Unit.optional().openapi({ description: "The model's unit: the unit its fixed amounts (set-asides, minimum, maximum, rewards) are written in." }),
    off: z
      .array(z.enum(STAGE_IDS as [string, ...string[]]))
      .max(5)
      .optional()
      .openapi({ description: 'Pipeline stages switched off for this request.', example: ['points'] }),
  })
  .strict()
  .openapi('Overrides', {
    description:
      'What-if changes to the named model: a JSON merge patch of it (granularity, unit, pipeline as the model holds them); where the model holds a list by id (factors and their indicators) the patch addresses the items by id (weights by factor id, indicators by "factorId.indicatorId"); off switches stages off.',
  });

/** A string value is read as written: " 100 " is refused, not trimmed (the engine would forgive it). */
export const IndicatorValue = z
  .union([z.number(), plainText(200)])
  .openapi({ description: 'A number, a decimal string, or a category (for coefficient indicators).', example: 12345 });

/** The administrative level (行政层级), echoed on the region's row. */
export const REGION_LEVELS = ['province', 'city', 'county', 'town'] as const;
export const RegionLevel = z
  .enum(REGION_LEVELS)
  .openapi({ description: 'The administrative level: province / city / county / town (省/市/县/乡); echoed on the row.', example: 'county' });

export const Region = z
  .object({
    id: Id.openapi({ example: '510121' }),
    name: Name.optional().openapi({ example: '金堂县' }),
    level: RegionLevel.optional(),
    indicators: plainKeys(IndicatorValue).openapi({
      example: { keyCounty: 'national', poverty: 52000, monitored: 3100, income: '15600' },
    }),
    lastYear: NonNegativeDecimal.optional().openapi({
      description: "Last year's amount in the request's unit: year-over-year columns, hold-harmless and growth caps.",
    }),
  })
  .strict()
  .openapi('Region');

/** Three counties of the sichuan-2024 model: the examples in /openapi.json, the README and the tests. */
export const EXAMPLE_REGIONS = [
  { id: 'A', name: '甲县', indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 } },
  { id: 'B', name: '乙县', indicators: { keyCounty: 'provincial', relocation: 300, poverty: 31000, monitored: 1800, income: 17300, performance: 85 } },
  { id: 'C', name: '丙县', indicators: { keyCounty: 'other', relocation: 0, poverty: 12000, monitored: 700, income: 19800, performance: 88 } },
];

export const ModelRef = z.union([
  plainText(64, 1).openapi({ description: 'Id of a built-in model (GET /v1/models).', example: 'sichuan-2024' }),
  InlineModel,
]);

/** A top-level region may carry its own counties (二次分配), split out of its amount by its own model. */
export const ParentRegion = Region.extend({
  children: z.array(Region).min(1).max(MAX_REGIONS).optional().openapi({ description: 'The counties this city re-splits its amount among (second level).' }),
  model: ModelRef.optional().openapi({ description: "The model the city splits with; default the request's." }),
  overrides: Overrides.optional(),
})
  .strict()
  .openapi('ParentRegion');

export const AllocationRequest = z
  .object({
    model: ModelRef,
    overrides: Overrides.optional(),
    total: PositiveDecimal.openapi({ description: 'The amount to split, in `unit`.', example: '1134.00' }),
    unit: Unit,
    granularity: Granularity.optional().openapi({
      description: "Amounts are whole multiples of this (in `unit`); default the model's, else 0.01.",
      example: '0.01',
    }),
    regions: z
      .array(ParentRegion)
      .min(1, zodMessage('no-regions'))
      .max(MAX_REGIONS, zodMessage('too-many-regions', { maximum: MAX_REGIONS }))
      .superRefine((regions, ctx) => {
        const all = regions.reduce((n, r) => n + 1 + (r.children?.length ?? 0), 0);
        if (all > MAX_REGIONS) {
          ctx.addIssue({ code: 'custom', ...zodMessage('too-many-regions-in-levels', { maximum: MAX_REGIONS, got: all }) });
        }
      }),
  })
  .strict()
  .openapi('AllocationRequest', {
    example: {
      model: 'sichuan-2024',
      total: '1000.00',
      unit: 'wan',
      granularity: '0.01',
      regions: EXAMPLE_REGIONS,
    },
  });

/** The trace of one region (src/domain/allocation/trace.ts RowTrace): its share of each factor and indicator, and the waterfall as steps. */
/** A step of the waterfall: the one stage vocabulary (src/domain/allocation/pipeline/stages.ts). */
const StageName = z.enum(WATERFALL as [string, ...string[]]);
const Reason = z
  .object({ en: z.string(), zh: z.string() })
  .openapi('Reason', { description: 'How the amount came about, in one plain-language sentence, in English and Chinese.' });

const RowTrace = z
  .object({
    reason: Reason,
    factors: z
      .record(z.string(), z.object({ share: z.string(), weighted: z.string() }))
      .openapi({ description: "Per factor: the region's share of it and that share × the factor weight." }),
    indicators: z
      .record(z.string(), z.record(z.string(), z.object({ raw: z.string(), transformed: z.string(), share: z.string() })))
      .openapi({ description: 'Per factor, per indicator: the value given, after its transform, and the region’s share of the sum.' }),
    steps: z.array(z.object({ stage: StageName, amount: z.string().openapi({ description: 'The amount after this step.' }), note: Reason })),
  })
  .openapi('RowTrace', { description: 'With ?explain=true: how this region’s amount was reached.' });

/** Where the money went (src/domain/allocation/allocate.ts AllocationResult.books). */
const Books = z
  .object({
    total: z.string(),
    setAsides: z.array(
      z.object({
        id: z.string(),
        amount: z.string(),
        to: Reason.openapi({ description: 'Where it goes: to n regions, reserved for rewards, or kept for a purpose.' }),
      }),
    ),
    formulaPool: z.string(),
    deducted: z.object({ points: z.string(), negativeList: z.string() }),
    rewards: z.object({ wanted: z.string(), paid: z.string() }),
    unspent: z.string(),
    unspentGoes: Reason.openapi({ description: 'What becomes of money no region could take: withheld, or redistributed by the formula.' }),
    withheld: z.string(),
    allocated: z.string().openapi({ description: "What the regions received: Σ of the rows' amounts (summary.regions is how many regions)." }),
  })
  .openapi('Books', { description: 'Where the money went (set-asides, deductions, rewards, unspent, withheld), when the model has stages.' });

/** The pipeline's part of the trace (src/domain/allocation/trace.ts PipelineTrace). */
const PipelineTrace = z.object({
  stages: z.record(z.string(), Reason).openapi({ description: `Each stage of the model's pipeline (${STAGE_IDS.join(', ')}): applied, or why not.` }),
  setAsides: z.array(z.object({ id: z.string(), kind: z.string(), amount: z.string(), note: Reason, regions: z.array(z.string()) })),
  points: z
    .object({
      tieRule: Reason,
      ranking: z.array(z.object({ id: z.string(), rank: z.number().int(), rankFromBottom: z.number().int(), penalty: z.string(), reward: z.string() })),
    })
    .optional(),
  rewards: z.object({ fundedBy: z.string(), wanted: z.string(), paid: z.string(), proRata: z.boolean() }),
  bounds: z.object({
    lambda: z.string().openapi({ description: 'The share of its formula amount each free region keeps (1 = no redistribution).' }),
    floors: z.record(z.string(), z.string()),
    caps: z.record(z.string(), z.string()),
    initially: z.object({ belowFloor: z.array(z.string()), aboveCap: z.array(z.string()) }),
    cascade: z.array(z.object({ id: z.string(), bound: z.enum(['floor', 'cap']), atLambda: z.string() })),
  }),
});

/** The whole answer's trace (src/domain/allocation/trace.ts AllocationTrace): the formula, every model parameter read, the rounding. */
const AllocationTrace = z
  .object({
    formula: Reason,
    model: z.object({ id: z.string(), version: z.string(), sources: z.array(Source) }),
    parameters: z.array(
      z.object({
        at: z.string().openapi({ description: 'JSON pointer of the parameter in the model.' }),
        name: z.string(),
        value: z.union([z.string(), z.record(z.string(), z.string())]).openapi({ description: 'A decimal, a transform name, or coefficients by key.' }),
        source: z.string().optional(),
      }),
    ),
    indicators: z.array(
      z.object({
        factor: z.string(),
        indicator: z.string(),
        input: z.string(),
        transform: z.string(),
        effectiveWeight: z.string(),
        sum: z.string(),
        exact: z.boolean(),
      }),
    ),
    rounding: z.object({
      granularity: z.string(),
      granules: z.number().int().openapi({ description: 'The total in granules.' }),
      floored: z.number().int().openapi({ description: 'Granules handed out by flooring, before the leftovers.' }),
      leftover: z.number().int(),
      tieBreak: Reason,
      awardedTo: z.array(z.string()),
    }),
    pipeline: PipelineTrace.optional(),
  })
  .openapi('AllocationTrace', { description: 'With ?explain=true: the formula, every model parameter read (with its source), and the rounding.' });

/** What the answer's checks held: the total split, the sum of the amounts, and that they balance. */
export const AllocationSummary = z
  .object({
    total: z.string().openapi({ description: 'The amount split, in `unit`.', example: '1000.00' }),
    granularity: z.string().openapi({ example: '0.01' }),
    sum: z.string().openapi({ description: "Σ of the regions' amounts (with set-asides, the regions' part of the total)." }),
    balanced: z
      .boolean()
      .openapi({ description: 'The amounts (plus set-asides and money withheld) add up to the total exactly; in two-level answers every city too.' }),
    regions: z.number().int().openapi({ description: 'Regions at the first level.' }),
    leftoverGranules: z.number().int().openapi({ description: 'Granules handed out by largest remainder after flooring.' }),
    weightsSum: z.string().openapi({ example: '1' }),
  })
  .openapi('AllocationSummary');

export const AllocationRow = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    level: RegionLevel.optional(),
    depth: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .openapi({ description: 'Two-level answers: 1 = the regions listed, 2 = their children.' }),
    path: z.array(z.string()).optional().openapi({ description: 'Two-level answers: [city] or [city, county].' }),
    amount: z.string().openapi({ example: '416.40' }),
    share: ShareOut.openapi({ description: "The amount ÷ the total (a child's: ÷ its parent's amount), 12 decimals.", example: '0.416400000000' }),
    sharePercent: PercentOut.openapi({ example: '41.64%' }),
    formulaShare: ShareOut.openapi({
      description: "The region's exact share of the formula, Σ_f w_f · s_if (before set-asides, deductions, bounds and rounding), 12 decimals.",
      example: '0.367199533510',
    }),
    formulaSharePercent: PercentOut.openapi({ example: '36.72%' }),
    rank: z.number().int().openapi({ description: 'By amount, largest = 1; equal amounts by formula share, then id (among siblings in two-level answers).' }),
    lastYear: z.string().optional(),
    change: z.string().optional().openapi({ description: 'amount − lastYear.' }),
    changePercent: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'change ÷ lastYear, 2 decimals and %; null when lastYear is 0.', example: '5.20%' }),
    stages: z
      .record(z.string(), z.string())
      .optional()
      .openapi({
        description: `The waterfall, when the model has stages after the formula: ${WATERFALL.join(', ')} (the stage ids of the model's pipeline and of overrides.off, plus formula, redistribution and rounding); they add up to the amount.`,
      }),
    factors: z.record(z.string(), z.string()).openapi({
      description: "Each factor's contribution to the unrounded amount (total × factor weight × the region's share of the factor).",
      example: { policy: '197.135135', population: '164.768797', income: '111.540215', performance: '17.358491' },
    }),
    trace: RowTrace.optional(),
  })
  .openapi('AllocationRow');

const ChildSplit = z
  .object({
    id: z.string(),
    model: z.object({ id: z.string(), version: z.string() }),
    summary: AllocationSummary,
    books: Books.optional(),
    trace: AllocationTrace.optional(),
  })
  .openapi('ChildSplit', { description: "One city's split of its amount among its children: its model and checks." });

export const AllocationResponse = envelope({
  summary: AllocationSummary,
  row: AllocationRow,
  extra: {
    books: Books.optional(),
    children: z.array(ChildSplit).optional().openapi({ description: "Two-level answers: each city's split (model, summary)." }),
    trace: AllocationTrace.optional(),
  },
}).openapi('AllocationResponse');

const RegionPatch = z
  .object({
    id: plainText(401, 1).openapi({ description: 'The region changed, by id ("city/county" for a second-level region).', example: 'B' }),
    indicators: plainKeys(IndicatorValue.nullable()).optional().openapi({ description: 'Indicator values to change; null removes one.' }),
    lastYear: NonNegativeDecimal.nullable().optional(),
  })
  .strict();

export const Variant = z
  .object({
    name: plainText(100, 1).openapi({ example: 'policy 40%' }),
    overrides: Overrides.optional().openapi({
      description: "Combined with the baseline's: weights and indicators by key, pipeline as a merge patch, off as a union.",
    }),
    total: PositiveDecimal.optional(),
    regions: z
      .array(RegionPatch)
      .max(MAX_REGIONS)
      .superRefine((patches, ctx) => {
        const first = new Map<string, number>();
        patches.forEach((p, j) => {
          const at = first.get(p.id);
          if (at === undefined) first.set(p.id, j);
          else ctx.addIssue({ code: 'custom', path: [j, 'id'], ...zodMessage('duplicate-id', { id: JSON.stringify(p.id) }) });
        });
      })
      .optional()
      .openapi({
        description: 'Changes to regions, a list like every `regions`: each names its region by `id` ("city/county" for a second-level region).',
        example: [{ id: 'A', indicators: { poverty: 60000 } }],
      }),
  })
  .strict()
  .openapi('Variant');

export const CompareRequest = z
  .object({
    baseline: AllocationRequest,
    variants: z
      .array(Variant)
      .min(1)
      .max(10, zodMessage('too-many-variants', { maximum: 10 }))
      .superRefine((vs, ctx) => {
        const seen = new Set<string>();
        vs.forEach((v, i) => {
          if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], ...zodMessage('duplicate-variant', { name: v.name }) });
          seen.add(v.name);
        });
      }),
  })
  .strict()
  .openapi('CompareRequest', {
    example: {
      baseline: {
        model: 'sichuan-2024',
        total: '1000.00',
        unit: 'wan',
        regions: EXAMPLE_REGIONS,
      },
      variants: [
        { name: 'policy 40%', overrides: { weights: { policy: '0.40', performance: '0' } } },
        { name: 'no set-asides', overrides: { off: ['setAsides'] } },
        { name: 'B poorer', regions: [{ id: 'B', indicators: { income: 14000 } }] },
      ],
    },
  });

const CompareCell = z.object({
  amount: z.string(),
  change: z.string().openapi({ description: "The variant's amount minus the baseline's." }),
  changePercent: z
    .string()
    .nullable()
    .openapi({ description: 'change ÷ the baseline amount, 2 decimals and %; null when the baseline is 0.', example: '-3.25%' }),
});

const CompareSummary = z
  .object({
    regions: z.number().int().openapi({ description: 'Rows compared.' }),
    variants: z.number().int(),
    baseline: AllocationSummary,
  })
  .openapi('CompareSummary');

export const CompareResponse = envelope({
  summary: CompareSummary,
  row: z.object({
    id: z.string(),
    name: z.string().optional(),
    level: RegionLevel.optional(),
    depth: z.union([z.literal(1), z.literal(2)]).optional(),
    path: z.array(z.string()).optional(),
    baseline: z.string(),
    variants: z.record(z.string(), CompareCell),
    reason: Reason.openapi({ description: 'Baseline → each variant: what the variant changed and the amount it gives, with the change.' }),
  }),
  extra: {
    variants: z
      .array(z.object({ name: z.string(), model: z.object({ id: z.string(), version: z.string() }), summary: AllocationSummary }))
      .openapi({ description: 'Each variant in request order: its model and summary.' }),
  },
}).openapi('CompareResponse');

export type AllocationRequestBody = z.infer<typeof AllocationRequest>;
export type CompareRequestBody = z.infer<typeof CompareRequest>;
export type VariantBody = z.infer<typeof Variant>;
export type ModelFileData = z.infer<typeof ModelFile>;
export type InlineModelData = z.infer<typeof InlineModel>;
export type OverridesData = z.infer<typeof Overrides>;
