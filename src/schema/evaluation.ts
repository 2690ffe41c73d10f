/**
 * Schemas of the performance evaluation (绩效评价): the evaluation model (models/evaluation/*.json, or inline
 * in a request) and POST /v1/evaluations. Types and formats are checked here; a model's cross-field rules
 * (points that add up, unique ids, tiers without overlaps or gaps …) are the engine's
 * (src/domain/evaluation/prepare.ts), run from here so a model file and an inline model fail alike.
 */
import { z } from '@hono/zod-openapi';
import { prepareEvaluationModel } from '../domain/evaluation/prepare.js';
import type { EvaluationModelSpec } from '../domain/evaluation/types.js';
import { zodMessage } from '../messages/index.js';
import { decimalProblem } from '../messages/grammar.js';
import {
  engineChecked,
  envelope,
  percentShare,
  requestDecimal,
  Id,
  optionalMetadata,
  NonNegativeDecimal,
  plainText,
  PositiveDecimal,
  Source,
  Text,
} from './common.js';
import { afterFieldChecks } from './modelCheck.js';

export const MAX_VALUES = 500;

const Note = z
  .object({ en: z.string().max(3000), zh: z.string().max(3000) })
  .strict()
  .openapi('EvaluationNote', { description: 'A note in English and Chinese.' });

export const Rounding = z
  .object({
    places: z.number().int().min(0).max(6),
    mode: z.enum(['halfUp', 'down', 'up']).openapi({ description: 'halfUp: half away from zero; down: floor; up: ceiling.' }),
    of: z
      .enum(['score', 'deduction'])
      .optional()
      .openapi({ description: 'Round the score (default) or the points deducted (seed 004: 0.4896 deducted is written 0.5).' }),
  })
  .strict()
  .openapi('EvaluationRounding', { example: { places: 1, mode: 'halfUp', of: 'deduction' } });

/**
 * A bound of a numeric rule (a tier's minimum or maximum, linear's and proportional's full and zero): a
 * decimal, or — for a rate rule — a percentage ("85%" is 0.85, read exactly); the engine refuses a percentage
 * on a rule that is not a rate (src/domain/evaluation/rules/numeric.ts).
 */
const Bound = z
  .union([z.number(), z.string().max(64)])
  .superRefine((v, ctx) => {
    if (typeof v === 'string' && percentShare(v) !== undefined) return;
    const problem = requestDecimal(v) === undefined ? decimalProblem(v, 'fraction') : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: { zh: problem.zh, code: problem.code } });
  })
  .openapi({ type: 'string', description: 'A decimal; for a rate rule also a percentage ("85%" = "0.85").', example: '0.85' });

const Tier = z
  .object({
    minimum: Bound.optional(),
    minimumInclusive: z.boolean().optional().openapi({ description: 'Default true.' }),
    maximum: Bound.optional(),
    maximumInclusive: z.boolean().optional().openapi({ description: 'Default false: tiers are [minimum, maximum).' }),
    score: NonNegativeDecimal,
  })
  .strict()
  .openapi('EvaluationTier', { example: { minimum: '0.9', maximum: '1', score: '2' } });

const numeric = {
  rate: z.boolean().optional().openapi({
    description: 'Values are rates: a fraction 0..1, "91.84%", or {numerator, denominator}; above 100% is refused. Bounds are fractions ("0.85").',
  }),
  whenDenominatorZero: z.enum(['full', 'zero']).optional().openapi({ description: 'How a rate of 0 of 0 scores; absent: refused (mark the indicator n/a).' }),
  unit: z
    .object({ en: z.string().max(50), zh: z.string().max(50) })
    .strict()
    .optional()
    .openapi({ description: 'What the number measures, for reasons ("days", "日").' }),
};
const outOf = {
  outOf: PositiveDecimal.optional().openapi({
    description: "The rule's own maximum as written in the source, when it differs from the indicator's points: scores are scaled by points / outOf.",
  }),
};

const ruleKinds = [
  z.object({ kind: z.literal('tiers'), tiers: z.array(Tier).min(1).max(20), ...numeric, ...outOf }).strict(),
  z
    .object({
      kind: z.literal('linear'),
      full: Bound.openapi({ description: 'Value with full marks.' }),
      zero: Bound.openapi({ description: 'Value with zero.' }),
      ...numeric,
      ...outOf,
    })
    .strict(),
  z
    .object({
      kind: z.literal('proportional'),
      full: Bound.openapi({ description: 'Full marks at or above.' }),
      zero: Bound.openapi({ description: 'Zero below.' }),
      ...numeric,
      ...outOf,
    })
    .strict(),
  z.object({ kind: z.literal('deductions'), each: PositiveDecimal.openapi({ description: 'Deducted per occurrence, not below 0.' }), ...outOf }).strict(),
  z
    .object({ kind: z.literal('occurrences'), each: PositiveDecimal.openapi({ description: 'Earned per occurrence, at most the points.' }), ...outOf })
    .strict(),
  z
    .object({
      kind: z.literal('yesNo'),
      award: z.enum(['yes', 'no']).optional().openapi({ description: 'Which answer earns the points (default yes).' }),
      ...outOf,
    })
    .strict(),
  z.object({ kind: z.literal('choice'), options: z.record(plainText(100, 1), NonNegativeDecimal), ...outOf }).strict(),
] as const;

export const ItemRule = z.discriminatedUnion('kind', [...ruleKinds]).openapi('EvaluationItemRule');

const ChecklistItem = z.object({ id: Id, title: Text.optional(), points: PositiveDecimal, rule: ItemRule }).strict().openapi('EvaluationChecklistItem');

export const Rule = z
  .discriminatedUnion('kind', [...ruleKinds, z.object({ kind: z.literal('checklist'), items: z.array(ChecklistItem).min(1).max(30), ...outOf }).strict()])
  .openapi('EvaluationRule', {
    description:
      'tiers (value ranges → points), linear (full at one bound, zero at the other, pro rata between), proportional (full at/above `full`, points × value / full from `zero`, 0 below), deductions (per occurrence, not below 0), occurrences (per occurrence, at most the points), yesNo, choice (category → points), checklist (sum of items).',
    example: { kind: 'proportional', rate: true, full: '1', zero: '0.85' },
  });

const scorableFields = {
  id: Id,
  title: Text,
  points: PositiveDecimal,
  rule: Rule,
  rounding: Rounding.optional(),
  reading: Note.optional().openapi({ description: 'How the source’s rule is read where it is ambiguous or inconsistent.' }),
  source: z.string().max(300).optional(),
};

const Indicator = z.object(scorableFields).strict().openapi('EvaluationIndicator');

const Group = z
  .object({ id: Id, title: Text, points: PositiveDecimal, indicators: z.array(Indicator).min(1).max(50) })
  .strict()
  .openapi('EvaluationGroup', { description: 'A second-level indicator (二级指标).' });

const Level = z
  .object({ id: Id, title: Text, points: PositiveDecimal, groups: z.array(Group).min(1).max(20) })
  .strict()
  .openapi('EvaluationLevel', { description: 'A first-level indicator (一级指标), e.g. 决策/过程/效益.' });

const Adjustment = z
  .object({ ...scorableFields, type: z.enum(['bonus', 'penalty']) })
  .strict()
  .openapi('EvaluationAdjustment', { description: 'Bonus or penalty points outside the 100.' });

const Grades = z
  .object({
    basis: z.enum(['exact', 'rounded']).openapi({ description: 'Compare the bands with the exact total or with the total as shown.' }),
    bands: z
      .array(z.object({ grade: plainText(20, 1), en: plainText(50), minimum: NonNegativeDecimal }).strict())
      .min(1)
      .max(10),
    source: z.string().max(300).optional(),
  })
  .strict()
  .openapi('EvaluationGrades', { description: 'Grade bands, highest first; a band holds totals from its minimum up to the next band’s.' });

const modelFields = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, zodMessage('evaluation-model-id-format')),
  version: plainText(50, 1),
  title: Text,
  jurisdiction: plainText(200, 1),
  year: z.number().int().min(2000).max(2100),
  description: z.string().max(5000).optional(),
  sources: z.array(Source).min(1).max(50),
  levels: z.array(Level).min(1).max(10),
  adjustments: z.array(Adjustment).max(20).optional(),
  grades: Grades.optional(),
  rounding: Rounding.optional().openapi({ description: 'Rounding of indicators that state none (default 2 decimals, half up, of the score).' }),
  totalRounding: Rounding.omit({ of: true }).optional().openapi({ description: 'How the total is shown (default 2 decimals, half up).' }),
};

/**
 * The engine's whole-model checks, as zod issues at the same paths (once every field has passed its own),
 * each with its code from the catalogue (src/messages/evaluation.ts): the shared engineChecked passes it on.
 */
function checkedByEngine(model: unknown, ctx: z.RefinementCtx): void {
  engineChecked(ctx, () => prepareEvaluationModel(model as EvaluationModelSpec));
}

/** A file in models/evaluation/; also the shape of GET /v1/models/evaluation/{id}. */
export const EvaluationModelFile = z.object(modelFields).strict().superRefine(checkedByEngine, afterFieldChecks).openapi('EvaluationModel');

export const InlineEvaluationModel = z
  .object({
    ...modelFields,
    ...optionalMetadata(modelFields),
  })
  .strict()
  .superRefine(checkedByEngine, afterFieldChecks)
  .openapi('InlineEvaluationModel');

export const EvaluationValue = z
  .union([z.number(), z.string().max(200), z.boolean(), z.null(), z.object({}).catchall(z.unknown())])
  .openapi('EvaluationValue', {
    description:
      'By rule: a number or decimal text; a rate as a fraction (0.9184), "91.84%" or {"numerator", "denominator"}; {"tranches": [{"amount", "value"}]} for a linear rule weighted by amount; a count of findings; true/false; a category; {"item": value, …} for a checklist; null or "n/a" when the indicator does not apply.',
  });

/** Seed 004's measured values (scenarios/evaluations/seed004-gaoxin-2021.json): the example in /openapi.json, 97 points. */
export const SEED004_VALUES = {
  initiationBasis: { laws: 0, industryPlan: 0, mandate: 0, fundScope: 0, projectLibrary: 'executed' },
  initiationProcedure: { procedure: 0, documents: 0, fundDirection: 0 },
  targetsReasonable: 0,
  targetsClear: { specific: 0, indicators: 0, matchesTasks: 0, published: 0 },
  allocationReasonable: { basis: 1, amount: 0 },
  arrivalRate: { numerator: '1134.00', denominator: '1134.00' },
  arrivalTimeliness: 30,
  executionRate: '91.84%',
  fundCompliance: { regulations: 0, approval: 0, purpose: 0, misappropriation: 0 },
  fundSupervision: { supervision: 0, rules: 0 },
  managementRules: { rules: 0, responsibilities: 0 },
  rulesEffective: 1,
  accounting: { ledger: 0, expenses: 0 },
  projectPlan: { plan: 0, detail: 0 },
  progress: 1,
  tendering: { numerator: 0, denominator: 0 },
  completion: 0,
  publicity: 0,
  targetCompletion: { numerator: 3, denominator: 30 },
  outputQuality: 1,
  timeliness: 1,
  costSaving: 0,
  economicBenefit: 1,
  socialBenefit: 1,
  satisfaction: '96.22%',
};

export const EvaluationRequest = z
  .object({
    model: z.union([
      plainText(64, 1).openapi({ description: 'Id of a built-in evaluation model (GET /v1/models?kind=evaluation).', example: 'seed004-gaoxin-2021' }),
      InlineEvaluationModel,
    ]),
    values: z
      .record(plainText(200), EvaluationValue)
      .refine((v) => Object.keys(v).length <= MAX_VALUES, zodMessage('evaluation-values-too-many', { max: MAX_VALUES }))
      .openapi({ description: 'Indicator (or bonus/penalty item) id → measured value. Every indicator needs one; null or "n/a" if it does not apply.' }),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description:
          'A JSON merge patch (RFC 7396) of the model, applied before anything is computed and checked as the whole model is (problems are named under /overrides): e.g. {"grades": {"basis": "rounded"}} (what `options.gradeBasis` did) or {"totalRounding": {"places": 1}}. Arrays (levels, bands) are replaced whole.',
        example: { grades: { basis: 'rounded' } },
      }),
  })
  .strict()
  .openapi('EvaluationRequest', {
    example: { model: 'seed004-gaoxin-2021', values: SEED004_VALUES },
  });

const Bilingual = z.object({ en: z.string(), zh: z.string() });
const RoundingApplied = z.object({ places: z.number().int(), mode: z.string(), of: z.string(), applied: z.boolean() });
/** A name as every route gives it: in the model's language (Chinese), with the English one beside it when there is one. */
const names = {
  name: z.string().openapi({ description: 'The name in the model’s language (Chinese).', example: '预算执行率' }),
  name_en: z.string().optional().openapi({ description: 'The English name, when the model has one.', example: 'Budget execution rate' }),
};
const Subtotal = z.object({ id: z.string(), ...names, points: z.string(), applicablePoints: z.string(), score: z.string(), deducted: z.string() });

/** A measured value as it was read (src/domain/evaluation/evaluate.ts echo): what the request gave, a checklist's items in the model's order. */
const DecimalGiven = z.union([z.number(), z.string()]);
const ValueGiven = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.object({ numerator: DecimalGiven, denominator: DecimalGiven }),
  z.object({ tranches: z.array(z.object({ amount: DecimalGiven, value: DecimalGiven })) }),
]);
const MeasuredValue = z.union([ValueGiven, z.record(z.string(), ValueGiven)]).openapi('MeasuredValue', {
  description:
    'The value as read: a number or text, true/false, null ("does not apply"), {numerator, denominator}, {tranches: [{amount, value}]}, or {item: value, …} for a checklist.',
});

const AdjustmentResult = z.object({
  id: z.string(),
  ...names,
  type: z.enum(['bonus', 'penalty']),
  points: z.string(),
  value: MeasuredValue.openapi({ description: 'The value given; null when none was.' }),
  score: z.string(),
  unrounded: z.string().optional(),
  rule: z.string(),
  rounding: RoundingApplied,
  reason: Bilingual,
  reading: Bilingual.optional(),
  source: z.string().optional(),
});

export const EvaluationRow = z
  .object({
    id: z.string(),
    ...names,
    path: z.array(z.string()).openapi({ description: 'Ids from the top: the first-level indicator, the second-level group.', example: ['process', 'funds'] }),
    points: z.string(),
    applicable: z.boolean(),
    value: MeasuredValue,
    score: z.string().nullable().openapi({ example: '5.5' }),
    deducted: z.string().nullable(),
    unrounded: z.string().optional().openapi({ example: '5.5104' }),
    rule: z.string(),
    rounding: RoundingApplied,
    reason: Bilingual.openapi({ description: 'Which tier or clause applied and the arithmetic.' }),
    reading: Bilingual.optional(),
    source: z.string().optional(),
  })
  .openapi('EvaluationRow');

export const EvaluationSummary = z
  .object({
    indicators: z.number().int().openapi({ description: 'Indicators in the table.' }),
    notApplicable: z.number().int().openapi({ description: 'Indicators that do not apply (their points leave the total).' }),
    points: z.string(),
    applicablePoints: z.string(),
    sum: z.string().openapi({ description: 'Σ indicator scores (each already rounded as its indicator states).' }),
    rescaled: z.object({ total: z.string(), exact: z.string(), reason: Bilingual }).optional(),
    bonus: z.string(),
    penalty: z.string(),
    total: z.string().openapi({ example: '97' }),
    reason: Bilingual.openapi({ description: 'How the total came about.' }),
    grade: z.object({ grade: z.string().openapi({ example: '优' }), en: z.string(), minimum: z.string(), basis: z.string(), reason: Bilingual }),
  })
  .openapi('EvaluationSummary');

export const EvaluationResponse = envelope({
  summary: EvaluationSummary,
  row: EvaluationRow,
  extra: {
    sections: z
      .array(Subtotal.extend({ groups: z.array(Subtotal) }))
      .openapi({ description: 'Subtotals per first-level indicator (一级指标, a section of the table) and its groups (二级指标).' }),
    adjustments: z.array(AdjustmentResult).openapi({ description: 'Each bonus or penalty item of the model: its value, score and why.' }),
  },
}).openapi('EvaluationResponse', { description: 'rows: one per indicator, in the model’s order, each with its reason.' });

export const EvaluationModelSummary = z
  .object({
    id: z.string(),
    version: z.string(),
    title: Text,
    jurisdiction: z.string(),
    year: z.number().int(),
    points: z.string(),
    levels: z.array(z.object({ id: z.string(), title: Text, points: z.string() })),
    indicators: z.number().int(),
    sources: z.array(z.string()),
  })
  .openapi('EvaluationModelSummary');

export type EvaluationModelFileData = z.infer<typeof EvaluationModelFile>;
export type EvaluationRequestBody = z.infer<typeof EvaluationRequest>;
