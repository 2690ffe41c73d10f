/**
 * The zod schemas: the single source of request validation, of the OpenAPI document and of the types the
 * routes hand to the engine. Model files in models/ are checked by the same ModelFile schema.
 * Every object is strict: an unknown key is an error, never silently ignored.
 */
import { z } from '@hono/zod-openapi';
import { EngineError } from '../core/errors.js';
import { FactorSpec, prepareModel, TRANSFORMS } from '../domain/allocation/model.js';
import { STAGE_IDS } from '../domain/allocation/pipeline/run.js';
import { MAX_REGIONS } from '../domain/allocation/allocate.js';
import { normalise, parseDecimal, type Scaled, UNITS } from '../core/money.js';
import { decimalProblem, type DecimalKind, textProblem } from '../api/problem.js';

/**
 * A custom issue carries its Chinese text in params.zh; problem.ts reads it. Call it at each use: zod's
 * normalizeParams rewrites the object it is given (message → error), so a shared one read by a later
 * addIssue lost its English text and answered "Invalid input".
 */
export function bilingual(en: string, zh: string) {
  return { message: en, params: { zh } };
}

/**
 * Runs an engine check inside a zod refinement: an EngineError's issues become zod issues at the same
 * places (JSON-pointer segments unescaped, array indices as numbers), under `prefix`.
 */
export function engineChecked(ctx: z.RefinementCtx, check: () => unknown, prefix: (string | number)[] = []): void {
  try {
    check();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    for (const issue of e.issues) {
      const segments = issue.path
        .split('/')
        .slice(1)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      ctx.addIssue({ code: 'custom', path: [...prefix, ...segments], ...bilingual(issue.en, issue.zh) });
    }
  }
}

const DecimalText = z.union([z.number(), z.string().max(64)]);

/**
 * A decimal field of the given kind: a value that is not a decimal gets a specific bilingual detail
 * (problem.decimalProblem: separators, units, percent, spaces …); `check` adds the kind's own bound.
 */
function decimalField(kind: DecimalKind, check?: DecimalCheck) {
  return DecimalText.superRefine((v, ctx) => {
    const x = requestDecimal(v);
    const problem = x === undefined ? decimalProblem(v, kind) : check?.(x);
    if (problem) ctx.addIssue({ code: 'custom', ...bilingual(problem.en, problem.zh) });
  });
}

/** A percentage as a share: a plain decimal, then exactly one "%" ("60%", "12.5%", "-1%"; not "60 %", "%60", "60%%"). */
const PERCENT = /^([+-]?)(\d+)(?:\.(\d+))?%$/;

/**
 * "60%" as the share it means, "0.6", exactly: the digits are the same, the decimal point moves two places
 * (no floats). Undefined when `text` is not of that form. The one reading of a percentage wherever a share is.
 */
export function percentShare(text: string): string | undefined {
  const m = PERCENT.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = ''] = m;
  const { coefficient, scale } = normalise({ coefficient: BigInt(sign + whole + fraction), scale: fraction.length + 2 });
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return (coefficient < 0n ? '-' : '') + digits.slice(0, cut) + (scale > 0 ? '.' + digits.slice(cut) : '');
}

/**
 * A share: a decimal as decimalField reads it, or a percentage ("60%") given to the engine as its fraction
 * ("0.6"). Plain decimals pass through untouched (the allocation fast path relies on it); `check` sees the fraction.
 */
function shareField(check?: DecimalCheck) {
  return DecimalText.superRefine((v, ctx) => {
    const shared = typeof v === 'string' ? percentShare(v) : undefined;
    const x = shared === undefined ? requestDecimal(v) : parseDecimal(shared);
    const problem = x === undefined ? decimalProblem(v, 'fraction') : check?.(x);
    if (problem) ctx.addIssue({ code: 'custom', ...bilingual(problem.en, problem.zh) });
  }).transform((v) => (typeof v === 'string' ? (percentShare(v) ?? v) : v));
}

/** A weight: a share ("0.35" or "35%") whose bounds and sum the model check reports (src/domain/allocation/model.ts). */
export const Weight = shareField().openapi({ type: 'string', description: 'A share: a fraction ("0.35") or a percentage ("35%").', example: '0.35' });

/** A decimal kind's own bound: why x is out of it, or undefined. Shared with the allocation fast path. */
export type DecimalCheck = (x: Scaled) => { en: string; zh: string } | undefined;

/** A request's decimal read as written: parseDecimal forgives spaces around a number (the engine reads spreadsheets); a request may not. */
export function requestDecimal(v: string | number): Scaled | undefined {
  return typeof v === 'string' && /^\s|\s$/.test(v) ? undefined : parseDecimal(v);
}

export const positive: DecimalCheck = (x) => (x.coefficient <= 0n ? { en: 'must be greater than 0.', zh: '必须大于 0。' } : undefined);

/** A decimal given as a JSON number or a string ("1134.00" keeps its trailing zeros and avoids floats). */
export const Decimal = decimalField('decimal').openapi({
  type: 'string',
  description: 'A decimal as a string (preferred) or a JSON number.',
  example: '1134.00',
});

export const PositiveDecimal = decimalField('positive', positive).openapi({ type: 'string', description: 'A positive decimal as a string (preferred) or a JSON number.', example: '1134.00' });

/** The finest granularity: 10^-8 of the unit (0.01 分 of a 万元); finer is no amount anyone pays. */
export const MAX_GRANULARITY_DECIMALS = 8;

/**
 * What amounts are whole multiples of: positive, at most 8 decimals. The upper bound is the total's
 * own check (the total must be a whole number of granules, so a granularity above it is refused there).
 */
export const granule: DecimalCheck = (x) =>
  x.coefficient <= 0n
    ? { en: 'must be greater than 0.', zh: '必须大于 0。' }
    : x.scale > MAX_GRANULARITY_DECIMALS
      ? {
          en: `is finer than 10^-${MAX_GRANULARITY_DECIMALS} of the unit (at most ${MAX_GRANULARITY_DECIMALS} decimals); use e.g. "0.01" (a cent of a 万元 is "0.000001").`,
          zh: `小于单位的 10^-${MAX_GRANULARITY_DECIMALS}（最多 ${MAX_GRANULARITY_DECIMALS} 位小数）；请使用如 "0.01"（万元的一分为 "0.000001"）。`,
        }
      : undefined;

export const Granularity = decimalField('positive', granule).openapi({ type: 'string', description: 'Amounts are whole multiples of this; positive, at most 8 decimals.', example: '0.01' });

/**
 * The one string schema for ids and names (regions, projects, sources, towns, indicators, categories,
 * titles): no control characters, bidi marks, lone surrogates or spaces around it (problem.textProblem).
 */
export function plainText(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', ...bilingual(problem.en, problem.zh) });
    });
}

/**
 * A record whose keys are ids (a region's indicators): keys checked like plainText in one pass over the
 * record — a key schema would be run per key, which costs ~5 ms on a 2,900-region request.
 */
export function plainKeys<V extends z.ZodType>(value: V, max = 200) {
  return z.record(z.string().max(max), value).superRefine((record, ctx) => {
    for (const key in record) {
      const problem = textProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], ...bilingual(`the key ${JSON.stringify(key)}: ${problem.en}`, `键 ${JSON.stringify(key)}：${problem.zh}`) });
    }
  });
}

export const Id = plainText(200, 1).openapi({ description: 'An identifier, unique in its list.', example: 'population' });

/** A name shown beside an id (a region's, a project's …). */
export const Name = plainText(200);

export const Text = z
  .object({ zh: plainText(500), en: plainText(500) })
  .strict()
  .openapi('Text', { description: 'A title in Chinese and English.' });

export const Source = z
  .object({
    ref: z.string().min(1).max(300).openapi({ description: "The short name a parameter's `source` cites, e.g. \"质效双提方案 §二4\".", example: '质效双提方案' }),
    title: plainText(500).optional(),
    issuer: plainText(500).optional().openapi({ description: 'Who issued the document.' }),
    number: plainText(200).optional().openapi({ description: "The document's number (文号) or, without one, its index number." }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'Date of issue, YYYY-MM-DD.', example: '2024-05-15' }),
    url: z.string().url().max(2000).optional().openapi({ description: 'Where the public document can be read.' }),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('Source', { description: 'The public document a model (or one of its parameters) encodes: title, issuer, number, date, address.' });

export const Unit = z.enum(UNITS as [string, ...string[]]).openapi({
  description: '`yuan` (元) or `wan` (万元 = 10,000 yuan).',
  example: 'wan',
});

const indicatorBase = {
  id: Id,
  input: Id.optional().openapi({ description: "Key read from each region's `indicators`; defaults to `id`." }),
  title: Text.optional(),
  weight: Weight.openapi({ description: 'Sub-weight within the factor; they add up to exactly 1 ("1" or "100%").', example: '1' }),
  source: z.string().max(300).optional(),
};

export const Indicator = z
  .discriminatedUnion('transform', [
    z.object({ ...indicatorBase, transform: z.literal('direct') }).strict(),
    z.object({ ...indicatorBase, transform: z.literal('score'), max: Decimal.optional() }).strict(),
    z.object({ ...indicatorBase, transform: z.literal('reciprocal') }).strict(),
    z.object({ ...indicatorBase, transform: z.literal('gapToMax') }).strict(),
    z.object({ ...indicatorBase, transform: z.literal('gapToBenchmark'), benchmark: Decimal }).strict(),
    z
      .object({
        ...indicatorBase,
        transform: z.literal('coefficient'),
        coefficients: z.record(plainText(100, 1), Decimal),
        default: Decimal.optional(),
      })
      .strict(),
  ])
  .openapi('Indicator', {
    description: `How one indicator enters its factor. Transforms: ${TRANSFORMS.join(', ')}.`,
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

export const nonNegative: DecimalCheck = (x) => (x.coefficient < 0n ? { en: 'must not be negative.', zh: '不能为负数。' } : undefined);

export const NonNegativeDecimal = decimalField('amount', nonNegative).openapi({ type: 'string', example: '200' });

/** A share between 0 and 1: "0.9", or "90%" (read as "0.9"). */
export const Fraction = shareField((x) =>
  x.coefficient < 0n || x.coefficient > 10n ** BigInt(x.scale)
    ? { en: 'must be a share between 0 and 1, e.g. "0.9" or "90%".', zh: '必须是 0 到 1 之间的比例，例如 "0.9" 或 "90%"。' }
    : undefined,
).openapi({ type: 'string', description: 'A share between 0 and 1: a fraction ("0.9") or a percentage ("90%").', example: '0.9' });

/** A share that may exceed 1 (a growth cap of "1.2" = 120%): never negative, "20%" read as "0.2". */
export const NonNegativeShare = shareField(nonNegative).openapi({ type: 'string', description: 'A non-negative share: a fraction ("0.2") or a percentage ("20%").', example: '0.2' });

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
      .openapi({ description: 'Among the regions: "equal" (default), {"by": indicator}, or {"factors": [...]} — a sub-formula of the same shape as a model\'s factors.' }),
    reserve: z.boolean().optional().openapi({ description: 'A purpose set-aside that funds rewards.' }),
    source: z.string().max(300).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.amount === undefined) === (v.percent === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], ...bilingual('give exactly one of "amount" and "percent".', '"amount" 与 "percent" 须且只能给出一个。') });
    }
    if (v.split && typeof v.split === 'object' && 'factors' in v.split) {
      const factors = v.split.factors as FactorSpec[];
      engineChecked(ctx, () => prepareModel({ id: 'sub-formula', version: '1', factors }, ''), ['split']);
    }
    if (v.reserve && v.regions) {
      ctx.addIssue({ code: 'custom', path: ['reserve'], ...bilingual('a reserve serves rewards, not listed regions: drop "regions" or "reserve".', '奖励预留资金不直接分给地区：请删除 "regions" 或 "reserve"。') });
    }
  })
  .openapi('SetAside');

export const RankAmount = z
  .object({ fixed: NonNegativeDecimal.optional(), from: NonNegativeDecimal.optional(), to: NonNegativeDecimal.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.fixed === undefined) === (v.from === undefined)) {
      ctx.addIssue({ code: 'custom', ...bilingual('give either "fixed" or "from" (with "to" for a linear scale).', '请给出 "fixed"，或 "from"（线性递减时再加 "to"）。') });
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
    negativeList: z.object({ input: plainText(200, 1), source: z.string().max(300).optional() }).strict().optional(),
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
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, bilingual('use lowercase letters, digits and hyphens, e.g. "sichuan-2024".', '只能使用小写字母、数字和连字符，例如 "sichuan-2024"。'))
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

/** A model file in models/; also the shape of GET /v1/models/{id}. */
export const ModelFile = z.object(modelFields).strict().openapi('Model');

/**
 * A model file's metadata made optional, for the same model sent inline in a request (allocation,
 * evaluation and monitoring models share these fields).
 */
export function optionalMetadata<I extends z.ZodType, V extends z.ZodType, J extends z.ZodType, Y extends z.ZodType>(fields: {
  id: I;
  version: V;
  jurisdiction: J;
  year: Y;
}) {
  return {
    id: fields.id.optional(),
    version: fields.version.optional(),
    title: Text.optional(),
    jurisdiction: fields.jurisdiction.optional(),
    year: fields.year.optional(),
    sources: z.array(Source).max(50).optional(),
  };
}

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

const IndicatorOverride = z
  .object({
    weight: Weight.optional(),
    benchmark: Decimal.optional(),
    coefficients: z.record(plainText(100, 1), Decimal).optional(),
    default: Decimal.optional(),
    max: Decimal.optional(),
  })
  .strict();

export const Overrides = z
  .object({
    weights: z
      .record(Id, Weight)
      .optional()
      .openapi({ description: 'New factor weights by factor id ("0.40" or "40%"); after overriding they must still add up to 1.', example: { policy: '0.40', income: '0.25' } }),
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
    off: z
      .array(z.enum(STAGE_IDS as [string, ...string[]]))
      .max(5)
      .optional()
      .openapi({ description: 'Pipeline stages switched off for this request.', example: ['points'] }),
  })
  .strict()
  .openapi('Overrides', { description: "What-if changes to a named model's parameters." });

/** A string value is read as written: " 100 " is refused, not trimmed (the engine would forgive it). */
export const IndicatorValue = z
  .union([z.number(), plainText(200)])
  .openapi({ description: 'A number, a decimal string, or a category (for coefficient indicators).', example: 12345 });

export const Region = z
  .object({
    id: Id.openapi({ example: '510121' }),
    name: Name.optional().openapi({ example: '金堂县' }),
    indicators: plainKeys(IndicatorValue).openapi({
      example: { keyCounty: 'national', poverty: 52000, monitored: 3100, income: '15600' },
    }),
    lastYear: NonNegativeDecimal.optional().openapi({ description: "Last year's amount in the request's unit: year-over-year columns, hold-harmless and growth caps." }),
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
  children: z
    .array(Region)
    .min(1)
    .max(MAX_REGIONS)
    .optional()
    .openapi({ description: 'The counties this city re-splits its amount among (second level).' }),
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
      .min(1, bilingual('give at least one region.', '请至少提供一个地区。'))
      .max(MAX_REGIONS, bilingual(`at most ${MAX_REGIONS} regions per request; split the request by level.`, `每次请求最多 ${MAX_REGIONS} 个地区，请按层级拆分。`))
      .superRefine((regions, ctx) => {
        const all = regions.reduce((n, r) => n + 1 + (r.children?.length ?? 0), 0);
        if (all > MAX_REGIONS) {
          ctx.addIssue({
            code: 'custom',
            ...bilingual(`at most ${MAX_REGIONS} regions per request across both levels (got ${all}); split the request.`, `两级合计每次请求最多 ${MAX_REGIONS} 个地区（实际 ${all} 个），请拆分请求。`),
          });
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
const StageName = z.enum(['formula', 'setAside', 'points', 'grade', 'negativeList', 'floorCap', 'redistribution', 'rounding']);
const RowTrace = z
  .object({
    factors: z.record(z.string(), z.object({ share: z.string(), weighted: z.string() })).openapi({ description: "Per factor: the region's share of it and that share × the factor weight." }),
    indicators: z
      .record(z.string(), z.record(z.string(), z.object({ raw: z.string(), transformed: z.string(), share: z.string() })))
      .openapi({ description: 'Per factor, per indicator: the value given, after its transform, and the region’s share of the sum.' }),
    steps: z.array(z.object({ stage: StageName, amount: z.string().openapi({ description: 'The amount after this step.' }), note: z.string() })),
  })
  .openapi('RowTrace', { description: 'With ?explain=true: how this region’s amount was reached.' });

/** Where the money went (src/domain/allocation/allocate.ts AllocationResult.books). */
const Books = z
  .object({
    total: z.string(),
    setAsides: z.array(z.object({ id: z.string(), amount: z.string(), to: z.string() })),
    formulaPool: z.string(),
    deducted: z.object({ points: z.string(), negativeList: z.string() }),
    rewards: z.object({ wanted: z.string(), paid: z.string() }),
    unspent: z.string(),
    unspentGoes: z.string(),
    withheld: z.string(),
    regions: z.string(),
  })
  .openapi('Books', { description: 'Where the money went (set-asides, deductions, rewards, unspent, withheld), when the model has stages.' });

/** The pipeline's part of the trace (src/domain/allocation/trace.ts PipelineTrace). */
const PipelineTrace = z.object({
  stages: z.record(z.string(), z.string()).openapi({ description: 'Each stage (setAsides, points, grades, negativeList, bounds): applied, or why not.' }),
  setAsides: z.array(z.object({ id: z.string(), kind: z.string(), amount: z.string(), note: z.string(), regions: z.array(z.string()) })),
  points: z
    .object({
      tieRule: z.string(),
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
    formula: z.string(),
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
      z.object({ factor: z.string(), indicator: z.string(), input: z.string(), transform: z.string(), effectiveWeight: z.string(), sum: z.string(), exact: z.boolean() }),
    ),
    rounding: z.object({
      granularity: z.string(),
      granules: z.string(),
      floored: z.string(),
      leftover: z.number().int(),
      tieBreak: z.string(),
      awardedTo: z.array(z.string()),
    }),
    pipeline: PipelineTrace.optional(),
  })
  .openapi('AllocationTrace', { description: 'With ?explain=true: the formula, every model parameter read (with its source), and the rounding.' });

const AllocationChecks = z.object({
  sum: z.string(),
  balanced: z.boolean(),
  regions: z.number().int(),
  leftoverGranules: z.number().int(),
  weightsSum: z.string(),
});

export const AllocationRow = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    amount: z.string().openapi({ example: '416.40' }),
    share: z.string().openapi({ example: '0.367199533510' }),
    rank: z.number().int(),
    level: z.number().int().optional().openapi({ description: 'Two-level answers: 1 = city, 2 = county.' }),
    path: z.array(z.string()).optional().openapi({ description: 'Two-level answers: [city] or [city, county].' }),
    lastYear: z.string().optional(),
    change: z.string().optional(),
    changePercent: z.string().nullable().optional(),
    stages: z
      .record(z.string(), z.string())
      .optional()
      .openapi({
        description: 'The waterfall, when the model has stages after the formula: formula, setAside, points, grade, negativeList, floorCap, redistribution, rounding; they add up to the amount.',
      }),
    factors: z.record(z.string(), z.string()).openapi({
      description: "Each factor's contribution to the unrounded amount (total × factor weight × the region's share of the factor).",
      example: { policy: '197.135135', population: '164.768797', income: '111.540215', performance: '17.358491' },
    }),
    trace: RowTrace.optional(),
  })
  .openapi('AllocationRow');

export const AllocationResponse = z
  .object({
    model: z.object({ id: z.string(), version: z.string() }),
    unit: Unit,
    total: z.string(),
    granularity: z.string(),
    rows: z.array(AllocationRow),
    checks: AllocationChecks,
    books: Books.optional(),
    levels: z.literal(2).optional(),
    children: z
      .array(
        z.object({
          id: z.string(),
          model: z.object({ id: z.string(), version: z.string() }),
          total: z.string(),
          sum: z.string(),
          balanced: z.boolean(),
          books: Books.optional(),
          trace: AllocationTrace.optional(),
        }),
      )
      .optional()
      .openapi({ description: "Two-level answers: each city's split (model, total, sum, balanced)." }),
    trace: AllocationTrace.optional(),
  })
  .openapi('AllocationResponse');

const RegionPatch = z
  .object({
    indicators: plainKeys(IndicatorValue.nullable()).optional().openapi({ description: 'Indicator values to change; null removes one.' }),
    lastYear: NonNegativeDecimal.nullable().optional(),
  })
  .strict();

export const Variant = z
  .object({
    name: plainText(100, 1).openapi({ example: 'policy 40%' }),
    overrides: Overrides.optional().openapi({ description: "Combined with the baseline's: weights and indicators by key, pipeline as a merge patch, off as a union." }),
    total: PositiveDecimal.optional(),
    regions: z
      .record(plainText(401), RegionPatch)
      .optional()
      .openapi({ description: 'Changes to regions by id ("city/county" for a second-level region).', example: { A: { indicators: { poverty: 60000 } } } }),
  })
  .strict()
  .openapi('Variant');

export const CompareRequest = z
  .object({
    baseline: AllocationRequest,
    variants: z
      .array(Variant)
      .min(1)
      .max(10, bilingual('at most 10 variants per comparison.', '每次比较最多 10 个方案。'))
      .superRefine((vs, ctx) => {
        const seen = new Set<string>();
        vs.forEach((v, i) => {
          if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], ...bilingual(`variant name "${v.name}" is used twice.`, `方案名称 "${v.name}" 重复。`) });
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
        { name: 'B poorer', regions: { B: { indicators: { income: 14000 } } } },
      ],
    },
  });

const CompareCell = z.object({ amount: z.string(), delta: z.string(), deltaPercent: z.string().nullable() });
export const CompareResponse = z
  .object({
    unit: Unit,
    baseline: z.object({ model: z.object({ id: z.string(), version: z.string() }), total: z.string(), checks: AllocationChecks }),
    variants: z.array(z.object({ name: z.string(), model: z.object({ id: z.string(), version: z.string() }), total: z.string(), checks: AllocationChecks })),
    rows: z.array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        path: z.array(z.string()).optional(),
        baseline: z.string(),
        variants: z.record(z.string(), CompareCell),
      }),
    ),
  })
  .openapi('CompareResponse');

export const Problem = z
  .object({
    type: z.string().openapi({ description: 'A relative URI; GET it for a description of the kind.' }),
    title: z.string(),
    title_zh: z.string(),
    status: z.number().int(),
    detail: z.string(),
    detail_zh: z.string(),
    errors: z
      .array(
        z.object({
          pointer: z.string().openapi({ description: 'JSON pointer (RFC 6901) of the field in the request body; "?name" for a query parameter.' }),
          detail: z.string(),
          detail_zh: z.string(),
        }),
      )
      .optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });

export type AllocationRequestBody = z.infer<typeof AllocationRequest>;
export type CompareRequestBody = z.infer<typeof CompareRequest>;
export type VariantBody = z.infer<typeof Variant>;
export type ModelFileData = z.infer<typeof ModelFile>;
export type InlineModelData = z.infer<typeof InlineModel>;
export type OverridesData = z.infer<typeof Overrides>;
