/**
 * The shapes every route shares: decimals, shares ("0.6" or "60%"), ids, names, units, sources, bilingual
 * issues, a model's optional metadata and the problem+json body. Every object is strict.
 */
import { z } from '@hono/zod-openapi';
import { EngineError } from '../core/errors.js';
import { normalise, parseDecimal, type Scaled, UNITS } from '../core/money.js';
import { type Coded, decimalProblem, type DecimalKind, textProblem } from '../messages/grammar.js';
import { MESSAGES, message } from '../messages/index.js';

/**
 * A custom issue carries its Chinese text in params.zh; problem.ts reads it. Call it at each use: zod's
 * normalizeParams rewrites the object it is given (message → error), so a shared one read by a later
 * addIssue lost its English text and answered "Invalid input".
 */
export function bilingual(en: string, zh: string, code?: string) {
  // prefer zodMessage(code, …) from src/messages: the text then lives in the one catalogue
  return { message: en, params: { zh, ...(code ? { code } : {}) } };
}

/** A catalogue message (with its code) as a zod custom issue's fields; see messages.zodMessage. */
export function coded(m: Coded) {
  return { message: m.en, params: { zh: m.zh, code: m.code } };
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
      ctx.addIssue({
        code: 'custom',
        path: [...prefix, ...segments],
        message: issue.en,
        params: { zh: issue.zh, ...(issue.code ? { code: issue.code } : {}) },
      });
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
    if (problem) ctx.addIssue({ code: 'custom', ...coded(problem) });
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
    if (problem) ctx.addIssue({ code: 'custom', ...coded(problem) });
  }).transform((v) => (typeof v === 'string' ? (percentShare(v) ?? v) : v));
}

/** A weight: a share ("0.35" or "35%") whose bounds and sum the model check reports (src/domain/allocation/model.ts). */
export const Weight = shareField().openapi({ type: 'string', description: 'A share: a fraction ("0.35") or a percentage ("35%").', example: '0.35' });

/** A decimal kind's own bound: why x is out of it, or undefined. Shared with the allocation fast path. */
export type DecimalCheck = (x: Scaled) => Coded | undefined;

/** A request's decimal read as written: parseDecimal forgives spaces around a number (the engine reads spreadsheets); a request may not. */
export function requestDecimal(v: string | number): Scaled | undefined {
  return typeof v === 'string' && /^\s|\s$/.test(v) ? undefined : parseDecimal(v);
}

export const positive: DecimalCheck = (x) => (x.coefficient <= 0n ? message('not-positive') : undefined);

/** A decimal given as a JSON number or a string ("1134.00" keeps its trailing zeros and avoids floats). */
export const Decimal = decimalField('decimal').openapi({
  type: 'string',
  description: 'A decimal as a string (preferred) or a JSON number.',
  example: '1134.00',
});

export const PositiveDecimal = decimalField('positive', positive).openapi({
  type: 'string',
  description: 'A positive decimal as a string (preferred) or a JSON number.',
  example: '1134.00',
});

/** The finest granularity: 10^-8 of the unit (0.01 分 of a 万元); finer is no amount anyone pays. */
export const MAX_GRANULARITY_DECIMALS = 8;

/**
 * What amounts are whole multiples of: positive, at most 8 decimals. The upper bound is the total's
 * own check (the total must be a whole number of granules, so a granularity above it is refused there).
 */
export const granule: DecimalCheck = (x) =>
  x.coefficient <= 0n
    ? message('not-positive')
    : x.scale > MAX_GRANULARITY_DECIMALS
      ? message('granularity-too-fine', { decimals: MAX_GRANULARITY_DECIMALS })
      : undefined;

export const Granularity = decimalField('positive', granule).openapi({
  type: 'string',
  description: 'Amounts are whole multiples of this; positive, at most 8 decimals.',
  example: '0.01',
});

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
      if (problem) ctx.addIssue({ code: 'custom', ...coded(problem) });
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
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          ...coded({ ...message('bad-key', { shown: JSON.stringify(key), en: problem.en, zh: problem.zh }), code: problem.code }),
        });
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
    ref: z
      .string()
      .min(1)
      .max(300)
      .openapi({ description: 'The short name a parameter\'s `source` cites, e.g. "质效双提方案 §二4".', example: '质效双提方案' }),
    title: plainText(500).optional(),
    issuer: plainText(500).optional().openapi({ description: 'Who issued the document.' }),
    number: plainText(200).optional().openapi({ description: "The document's number (文号) or, without one, its index number." }),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .openapi({ description: 'Date of issue, YYYY-MM-DD.', example: '2024-05-15' }),
    url: z.string().url().max(2000).optional().openapi({ description: 'Where the public document can be read.' }),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('Source', { description: 'The public document a model (or one of its parameters) encodes: title, issuer, number, date, address.' });

export const Unit = z.enum(UNITS as [string, ...string[]]).openapi({
  description: '`yuan` (元) or `wan` (万元 = 10,000 yuan).',
  example: 'wan',
});

export const nonNegative: DecimalCheck = (x) => (x.coefficient < 0n ? message('negative') : undefined);

export const NonNegativeDecimal = decimalField('amount', nonNegative).openapi({ type: 'string', example: '200' });

/** A share between 0 and 1: "0.9", or "90%" (read as "0.9"). */
export const Fraction = shareField((x) => (x.coefficient < 0n || x.coefficient > 10n ** BigInt(x.scale) ? message('share-out-of-range') : undefined)).openapi(
  { type: 'string', description: 'A share between 0 and 1: a fraction ("0.9") or a percentage ("90%").', example: '0.9' },
);

/** A share that may exceed 1 (a growth cap of "1.2" = 120%): never negative, "20%" read as "0.2". */
export const NonNegativeShare = shareField(nonNegative).openapi({
  type: 'string',
  description: 'A non-negative share: a fraction ("0.2") or a percentage ("20%").',
  example: '0.2',
});

/** A model's id: lowercase letters, digits and hyphens (it is a path segment of GET /v1/models/<kind>/<id>). */
const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ModelId = z
  .string()
  .superRefine((v, ctx) => {
    // a refinement, not .regex(): zod keeps no params on a format issue, so its code and Chinese text would be lost
    if (!MODEL_ID.test(v)) ctx.addIssue({ code: 'custom', ...coded(message('bad-model-id')) });
  })
  .openapi({ description: 'Lowercase letters, digits and hyphens.', pattern: MODEL_ID.source, example: 'sichuan-2024' });

/**
 * The metadata every model of every kind carries (allocation, evaluation, monitoring, points, industry-share):
 * what it is, which edition, where and when it applies, and the public documents it encodes. A kind's file
 * schema spreads these fields (`z.object({ ...modelMetadata, …its own })`); inline, `optionalMetadata(modelMetadata)`.
 */
export const modelMetadata = {
  id: ModelId,
  version: plainText(50, 1).openapi({ description: 'The edition of the model; the provenance of an answer names it.', example: '2024.2' }),
  title: Text,
  jurisdiction: plainText(200, 1).openapi({ description: 'Where it applies.', example: '四川省 Sichuan' }),
  year: z.number().int().min(2000).max(2100).openapi({ description: 'The budget year it is for.', example: 2024 }),
  description: z.string().max(5000).optional(),
  sources: z.array(Source).min(1).max(50).openapi({ description: 'The public documents it encodes: title, issuer, number (文号), date, URL.' }),
};

/** The same fields for a model sent inline in a request: every one optional. */
export function inlineModelMetadata() {
  return { ...optionalMetadata(modelMetadata), description: modelMetadata.description };
}

/** The shared metadata as one schema (for the OpenAPI document and for GET /v1/models' summaries). */
export const ModelMetadata = z.object(modelMetadata).strict().openapi('ModelMetadata', { description: 'What every model carries, of every kind.' });

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

export const Problem = z
  .object({
    type: z.string().openapi({ description: 'A relative URI; GET it for a description of the kind.' }),
    title: z.string(),
    title_zh: z.string(),
    status: z.number().int(),
    code: z.string().optional().openapi({
      description: "The problem's stable code: its kind's (not-found, method-not-allowed, body-too-large …), or the one code every issue in errors shares.",
      example: 'unknown-model',
    }),
    detail: z.string(),
    detail_zh: z.string(),
    errors: z
      .array(
        z.object({
          pointer: z.string().openapi({ description: 'JSON pointer (RFC 6901) of the field in the request body; "?name" for a query parameter.' }),
          code: z.string().openapi({
            description: `A stable, kebab-case machine code (the message catalogue, src/messages/); clients may switch on it. The codes: ${Object.keys(MESSAGES).sort().join(', ')}.`,
            example: 'thousands-separator',
          }),
          detail: z.string(),
          detail_zh: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'Every independent issue at once.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json), with a stable code for each issue.' });

/** The model an answer used: its id and version (the provenance adds the hash of its content). */
export const ModelUsedRef = z
  .object({ id: z.string(), version: z.string() })
  .nullable()
  .openapi('ModelUsed', { description: 'The model the answer used, or null on routes that take none.' });

export const Provenance = z
  .object({
    service: z.string().openapi({ description: 'The service version that computed the answer.', example: '0.2.0' }),
    model: z
      .object({
        id: z.string(),
        version: z.string(),
        hash: z.string().openapi({ description: 'sha256 of the model as used (after overrides), canonical JSON.' }),
      })
      .nullable(),
    request: z.string().openapi({ description: 'sha256 of the canonical request: route, query and body with object keys sorted.', example: 'sha256:9f2c…' }),
    references: z
      .array(
        z.union([
          z.object({ pointer: z.string(), dataset: z.string(), revision: z.number().int(), hash: z.string() }).strict(),
          z.object({ pointer: z.string(), scenario: z.string(), revision: z.number().int(), missing: z.array(z.string()) }).strict(),
        ]),
      )
      .optional()
      .openapi({
        description:
          "Only when the request used references (src/api/references/): each one, by its pointer: the dataset id, revision and content hash read there, or the saved scenario and revision last year's amounts came from, with the regions it had none for.",
      }),
  })
  .openapi('Provenance', { description: 'What made this answer: a saved answer can be traced, and a cache keyed by these never serves another.' });

/**
 * The paging fields of every list of the memory (datasets, scenarios, models), beside the list itself:
 * `{<plural>: [...], ...PAGE_FIELDS}` (src/api/revisions.ts pageOf fills them).
 */
export const PAGE_FIELDS = {
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  next: z.string().nullable().openapi({ description: "The next page's address, or null on the last page." }),
};

/**
 * The one envelope of every calculation answer: model, unit, summary, rows, the route's other parts, provenance.
 * `extra` are the parts between rows and provenance (books, groups, other tables, the trace …).
 */
export function envelope<S extends z.ZodType, R extends z.ZodType, E extends z.ZodRawShape>(parts: { summary: S; row: R; extra?: E }) {
  return z.object({
    model: ModelUsedRef,
    unit: z.string().nullable().openapi({ description: 'The unit of every amount in the answer: yuan (元), wan (万元), or points (分); null where none.' }),
    summary: parts.summary,
    rows: z.array(parts.row),
    ...((parts.extra ?? {}) as E),
    provenance: Provenance,
  });
}

/** A share as every answer shows it: the fraction to 12 decimals. */
export const ShareOut = z.string().openapi({ description: 'A share as a fraction, 12 decimals.', example: '0.490802637607' });
/** …and beside it, the same share as a percentage with 2 decimals and the sign. */
export const PercentOut = z.string().openapi({ description: 'The share beside it as a percentage, 2 decimals, with %.', example: '49.08%' });
