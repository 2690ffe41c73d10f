/**
 * Schemas of POST /v1/rankings and of the points models in models/points/: types, formats and the rules
 * inside one object (minimum ≤ maximum, unique kind ids, from ≤ to). Rules across the request (known regions
 * and kinds, unique region ids, events inside the period) are the engine's (src/domain/ranking/ranking.ts),
 * which answers EngineErrors with the same JSON pointers.
 */
import { z } from '@hono/zod-openapi';
import { compareScaled, parseDecimal } from '../core/money.js';
import { isIsoDate, PERIOD_FORMS, periodSpan } from '../core/periods.js';
import { POINTS_TIE_RULE } from '../domain/allocation/pipeline/points.js';
import { Group } from './allocation.js';
import { Decimal, envelope, Granularity, Id, Name, NonNegativeDecimal, plainText, Source, Text, Unit } from './common.js';
import { RANKING } from '../messages/ranking.js';
import { zodMessage } from '../messages/index.js';

/** A custom issue with its code and bilingual message from the ranking part of the catalogue. */
function coded<K extends keyof typeof RANKING>(code: K, ...params: Parameters<(typeof RANKING)[K]>) {
  const m = (RANKING[code] as (p: unknown) => { en: string; zh: string })(params[0]);
  return { message: m.en, params: { zh: m.zh, code } };
}

export const MAX_REGIONS = 10_000;
/** ~60 bytes an event: 100,000 events stay under the 5 MB body limit. */
export const MAX_EVENTS = 100_000;

export const EventKind = z
  .object({
    id: Id.openapi({ example: 'check' }),
    title: Text.optional(),
    weight: NonNegativeDecimal.optional().openapi({ description: "Multiplies the kind's Σ points (default 1).", example: '1' }),
    points: Decimal.optional().openapi({ description: 'Standard points of one event of this kind, used when an event gives none (e.g. "-5" a bulletin).' }),
    minimum: Decimal.optional().openapi({
      description: 'The kind\'s counted points (weight × Σ points) are at least this, e.g. "-30": at most 30 points off.',
    }),
    maximum: Decimal.optional().openapi({ description: "The kind's counted points are at most this." }),
    source: z.string().max(300).optional(),
  })
  .strict()
  .superRefine((k, ctx) => {
    const [minimum, maximum] = [k.minimum === undefined ? undefined : parseDecimal(k.minimum), k.maximum === undefined ? undefined : parseDecimal(k.maximum)];
    if (minimum && maximum && compareScaled(minimum, maximum) > 0) {
      ctx.addIssue({ code: 'custom', path: ['minimum'], ...coded('ranking-kind-bounds-reversed') });
    }
  })
  .openapi('EventKind', { description: 'A kind of scored event (检查发现, 暗访, 调度, 通报 …).' });

const Kinds = z
  .array(EventKind)
  .min(1)
  .max(50)
  .superRefine((kinds, ctx) => {
    const seen = new Set<string>();
    kinds.forEach((k, i) => {
      // the common code of a repeated id, as on every route (its first place is relative to the model, left out)
      if (seen.has(k.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], ...zodMessage('duplicate-id', { id: JSON.stringify(k.id) }) });
      seen.add(k.id);
    });
  });

const fields = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, coded('ranking-model-id-format'))
    .openapi({ example: 'sichuan-county-points' }),
  version: plainText(50, 1),
  title: Text,
  jurisdiction: plainText(200, 1),
  year: z.number().int().min(2000).max(2100),
  unit: Unit.openapi({ description: 'The unit the group amounts are written in.' }),
  granularity: Granularity.optional(),
  description: z.string().max(5000).optional(),
  sources: z.array(Source).min(1).max(50),
  base: Decimal.openapi({ description: 'Every region starts from this (e.g. 100); its events add or take points.', example: '100' }),
  kinds: Kinds,
  bottom: Group.optional().openapi({ description: 'The bottom N lose money: fixed, or linear from position 1 (the worst) to N.' }),
  top: Group.optional().openapi({ description: 'The top N gain money: fixed, or linear from position 1 (the best) to N.' }),
};

/** A points model file in models/points/. */
export const RankingModelFile = z.object(fields).strict().openapi('RankingModel');

/** An inline ranking model in a request: the same shape, metadata optional. */
export const InlineRankingModel = z
  .object({
    ...fields,
    id: fields.id.optional(),
    version: fields.version.optional(),
    title: Text.optional(),
    jurisdiction: fields.jurisdiction.optional(),
    year: fields.year.optional(),
    sources: z.array(Source).max(50).optional(),
  })
  .strict()
  .openapi('InlineRankingModel');

const IsoDate = z.string().max(10).refine(isIsoDate, coded('ranking-date-format')).openapi({ example: '2024-05-15' });

const Period = z
  .string()
  .max(7)
  .refine((t) => periodSpan(t) !== undefined, coded('ranking-period-format', { forms: PERIOD_FORMS }))
  .openapi({ example: '2024-Q2' });

export const ScoredEvent = z
  .object({
    region: Id.openapi({ description: 'Id of a region in `regions`.', example: '510683' }),
    kind: Id.openapi({ description: "One of the model's event kinds.", example: 'visit' }),
    points: Decimal.optional().openapi({ description: "Points, plus or minus; default the kind's standard points.", example: '-2' }),
    date: IsoDate.optional(),
    period: Period.optional().openapi({ description: `Instead of a date: ${PERIOD_FORMS}.` }),
    note: z.string().max(500).optional().openapi({ description: 'Free text (e.g. the bulletin number); not read.' }),
  })
  .strict()
  .openapi('ScoredEvent');

export const RankingRegion = z
  .object({ id: Id.openapi({ example: '510683' }), name: Name.optional().openapi({ example: '绵竹市' }) })
  .strict()
  .openapi('RankingRegion');

/** The request example: the schema's and the operation's (src/api/examples.ts). */
export const RANKING_EXAMPLE = {
  model: 'sichuan-county-points',
  unit: 'wan',
  period: { from: '2024-01-01', to: '2024-12-31' },
  regions: [
    { id: 'A', name: '甲县' },
    { id: 'B', name: '乙县' },
    { id: 'C', name: '丙县' },
    { id: 'D', name: '丁县' },
  ],
  events: [
    { region: 'A', kind: 'check', points: '-3', date: '2024-03-12' },
    { region: 'B', kind: 'visit', points: '-5', date: '2024-06-02' },
    { region: 'B', kind: 'bulletin', points: '2', period: '2024-Q3' },
    { region: 'D', kind: 'dispatch', points: '1.5', period: '2024-05' },
  ],
};

export const RankingRequest = z
  .object({
    model: z
      .union([
        plainText(64, 1).openapi({ description: 'Id of a points model (GET /v1/models?kind=points).', example: 'sichuan-county-points' }),
        InlineRankingModel,
      ])
      .openapi({ description: 'A built-in points model by id, or one inline.' }),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description:
          'A JSON merge patch (RFC 7396) of the model, applied before anything is computed and checked as the whole model is (problems are named under /overrides): e.g. {"bottom": {"count": 5}} or {"top": null}. Arrays (kinds) are replaced whole.',
        example: { bottom: { count: 5 } },
      }),
    unit: Unit,
    granularity: Granularity.optional().openapi({
      description: "Amounts are whole multiples of this (in `unit`); default the model's, else 0.01.",
      example: '0.01',
    }),
    period: z
      .object({ from: IsoDate, to: IsoDate })
      .strict()
      .superRefine((p, ctx) => {
        if (p.from > p.to) ctx.addIssue({ code: 'custom', path: ['to'], ...coded('ranking-period-reversed', { from: p.from, to: p.to }) });
      })
      .optional()
      .openapi({ description: 'The scoring period: when given, every event must be dated within it (guards against mixing years).' }),
    regions: z
      .array(RankingRegion)
      .min(1, coded('ranking-regions-empty'))
      .max(MAX_REGIONS, coded('ranking-regions-too-many', { max: MAX_REGIONS }))
      .openapi({ description: 'Every region ranked, with or without events (a region without events keeps the base score).' }),
    events: z
      .array(ScoredEvent)
      .max(MAX_EVENTS, coded('ranking-events-too-many', { max: MAX_EVENTS }))
      .openapi({ description: 'The scored events, one per check finding, visit, dispatch result, bulletin … (a spreadsheet row each).' }),
  })
  .strict()
  .openapi('RankingRequest', { example: RANKING_EXAMPLE });

const Bilingual = z.object({ en: z.string(), zh: z.string() });

const KindScore = z.object({
  events: z.number().int(),
  points: z.string().openapi({ description: 'Σ points of the events.' }),
  counted: z.string().openapi({ description: 'weight × Σ points, kept within the kind’s minimum and maximum: what enters the composite.' }),
  capped: z.boolean(),
});

export const RankingRow = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    composite: z.string().openapi({ example: '97' }),
    rank: z.number().int().openapi({ description: '1 = highest composite; equal composites share a rank.' }),
    rankFromBottom: z.number().int().openapi({ description: '1 = lowest composite; equal composites share it.' }),
    group: z.enum(['top', 'bottom', 'none']),
    penalty: z.string().openapi({ description: 'Lost from next year’s funds (bottom group), in `unit`.', example: '400.00' }),
    reward: z.string().openapi({ description: 'Gained (top group), in `unit`.', example: '0.00' }),
    events: z.number().int(),
    kinds: z.record(z.string(), KindScore).openapi({ description: 'The composite per event kind, in the model’s order.' }),
    reason: Bilingual.openapi({ description: 'How the composite, the rank and the amount came about.' }),
  })
  .openapi('RankingRow');

const GroupSummary = z.object({
  count: z.number().int().openapi({ description: "The model's N." }),
  applied: z.number().int().openapi({ description: 'N after shrinking to ⌊n/2⌋ when fewer than 2N regions are ranked.' }),
  members: z.number().int().openapi({ description: 'Regions in the group; more than N when a tie straddles its edge.' }),
  amount: z.object({ fixed: z.string().optional(), from: z.string().optional(), to: z.string().optional() }).openapi({
    description:
      'The model\'s amounts as applied: in `unit`, to the nearest granule, with the granularity\'s decimals (a model\'s 400 万元 is "400.00" in wan at 0.01, "4000000.00" in yuan).',
  }),
  total: z.string(),
});

export const RankingSummary = z
  .object({
    regions: z.number().int().openapi({ description: 'Regions ranked.' }),
    events: z.number().int().openapi({ description: 'Events counted.' }),
    penalties: z.string().openapi({ description: 'Σ penalties, in `unit`.' }),
    rewards: z.string().openapi({ description: 'Σ rewards, in `unit`.' }),
    groups: z.object({ bottom: GroupSummary.nullable(), top: GroupSummary.nullable() }),
  })
  .openapi('RankingSummary');

export const RankingResponse = envelope({
  summary: RankingSummary,
  row: RankingRow,
  extra: {
    granularity: z.string().openapi({ description: 'Amounts are whole multiples of this, in `unit`.', example: '0.01' }),
    formula: Bilingual.openapi({
      description: "The composite as this model forms it: base + each kind's weight × Σ points, within the kind's bounds.",
      example: {
        en: "composite = 100 + check + visit + dispatch + bulletin + warning, each kind being the Σ points of the region's events of that kind; no caps",
        zh: '…',
      },
    }),
    tieRule: Bilingual.openapi({ example: { en: POINTS_TIE_RULE, zh: '…' } }),
  },
}).openapi('RankingResponse', { description: 'rows: the regions, best first (equal composites by id, UTF-16 order).' });

export type RankingRequestBody = z.infer<typeof RankingRequest>;
export type RankingModelFileData = z.infer<typeof RankingModelFile>;
export type RankingResult = z.infer<typeof RankingResponse>;
