/**
 * /v1/datasets: what a planner sends (metadata and rows, as JSON; or rows as CSV/TSV with the metadata in
 * the query or headers) and what the service answers. Rows of kind `regions` are exactly the `regions` of
 * the calculation routes (Region of schema/allocation.ts, one level: no children); rows of kind `projects`
 * are a simple project-library row (id, name, region, category, cost, town, village and values of one's
 * own) until the project library has its own schema.
 */
import { z } from '@hono/zod-openapi';
import { EXAMPLE_REGIONS, IndicatorValue, Region } from './allocation.js';
import { zodMessage } from '../messages/index.js';
import { Id, Name, NonNegativeDecimal, PAGE_FIELDS, plainKeys, plainText } from './common.js';

/** The years a dataset may describe. */
export const YEARS = { min: 2000, max: 2100 } as const;
const isYear = (v: number) => Number.isInteger(v) && v >= YEARS.min && v <= YEARS.max;

/** ?year= of a list: a year as text, refused with the year's own message (not a pattern's). */
export const YEAR_QUERY = z.string().superRefine((v, ctx) => {
  if (!/^\d{4}$/.test(v) || !isYear(Number(v))) ctx.addIssue({ code: 'custom', ...zodMessage('bad-year', { shown: JSON.stringify(v.slice(0, 40)) }) });
});

export const DATASET_KINDS = ['regions', 'projects'] as const;
export const DatasetKindSchema = z
  .enum(DATASET_KINDS)
  .openapi({ description: "regions (a table for the calculation routes' `regions`) or projects (a project library).", example: 'regions' });
export const VisibilitySchema = z.enum(['public', 'private']).openapi({
  description: 'private (default): only keys of the writing workspace (and admins) see it; public: anyone, without a key.',
  example: 'private',
});

export const ProjectRow = z
  .object({
    id: Id.openapi({ example: 'P01' }),
    name: Name.optional().openapi({ example: '白岩村猕猴桃产业园' }),
    region: plainText(200, 1).optional().openapi({ description: "The region's id (a county).", example: '510121' }),
    category: plainText(200, 1).optional().openapi({ description: 'industry, infrastructure, …', example: 'industry' }),
    cost: NonNegativeDecimal.optional().openapi({ description: 'Full cost, in the unit the planner works in.', example: '120.00' }),
    town: plainText(200, 1).optional(),
    village: plainText(200, 1).optional(),
    values: plainKeys(IndicatorValue)
      .optional()
      .openapi({ description: 'Any other numbers or texts, by id.', example: { beneficiaries: 420 } }),
  })
  .strict()
  .openapi('ProjectRow');

export const ROW_SCHEMAS = { regions: z.array(Region), projects: z.array(ProjectRow) } as const;

const meta = {
  title: plainText(200, 1).openapi({ example: '2024年各县分配因素数据' }),
  jurisdiction: plainText(200, 1).openapi({ description: 'Whose regions or projects: a province, a city.', example: '四川省' }),
  year: z
    .number()
    .superRefine((v, ctx) => {
      if (!isYear(v)) ctx.addIssue({ code: 'custom', ...zodMessage('bad-year', { shown: String(v) }) });
    })
    .openapi({ description: `The data vintage: the year the figures describe, ${YEARS.min}–${YEARS.max}.`, example: 2024 }),
  model: plainText(64, 1).nullable().optional().openapi({
    description:
      'An allocation model id: its indicator titles map Chinese headers to indicator ids, its categories take their Chinese names (国家重点县 → national), and every row is checked against it.',
    example: 'sichuan-2024',
  }),
  source: z.string().max(2000).nullable().optional().openapi({ description: 'Where the figures come from.', example: '2024年四川统计年鉴；各县上报' }),
  visibility: VisibilitySchema.optional(),
};

export const CreateDatasetBody = z
  .object({
    ...meta,
    kind: DatasetKindSchema.optional().openapi({
      description: "regions (a table for the calculation routes' `regions`; the default, as for a CSV upload) or projects (a project library).",
    }),
    rows: z.array(z.unknown()).min(1).openapi({ description: 'Regions (Region) or projects (ProjectRow); at most 10,000.', example: EXAMPLE_REGIONS }),
  })
  .strict()
  .openapi('CreateDataset');

/** A new revision: the rows, and any metadata to change (what is left out stays as it was). */
export const UpdateDatasetBody = z
  .object({
    title: meta.title.optional(),
    jurisdiction: meta.jurisdiction.optional(),
    year: meta.year.optional(),
    model: meta.model,
    source: meta.source,
    visibility: meta.visibility,
    kind: DatasetKindSchema.optional().openapi({ description: "If sent, the dataset's own kind (a kind never changes)." }),
    rows: CreateDatasetBody.shape.rows,
  })
  .strict()
  .openapi('UpdateDataset');

/** The metadata fields a CSV/TSV upload takes from the query (or Dataset-<Field> headers). */
export const CSV_METADATA = ['title', 'jurisdiction', 'year', 'kind', 'model', 'source', 'visibility'] as const;

const Hash = z.string().openapi({ description: 'sha256 of the canonical content (kind, metadata and rows; keys sorted).', example: 'sha256:8c20e79e…' });

const revisionFields = {
  revision: z.number().int().openapi({ example: 1 }),
  title: meta.title,
  jurisdiction: meta.jurisdiction,
  year: meta.year,
  model: z.string().nullable(),
  source: z.string().nullable(),
  rowCount: z.number().int(),
  hash: Hash,
  createdAt: z.string().openapi({ description: 'When this revision was written (ISO-8601 UTC).' }),
  createdBy: z.string().nullable().openapi({ description: 'The key that wrote it.' }),
};

export const RevisionSummarySchema = z.object(revisionFields).openapi('DatasetRevisionSummary');

export const DatasetSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'ds_3kq9x…' }),
    kind: DatasetKindSchema,
    visibility: VisibilitySchema,
    workspace: z.string(),
    head: z.number().int().openapi({ description: 'The newest revision; its ETag is "head".' }),
    ...revisionFields,
    createdAt: z.string().openapi({ description: 'When the dataset was created (ISO-8601 UTC).' }),
    updatedAt: z.string().openapi({ description: 'When its head revision was written.' }),
    updatedBy: z.string().nullable(),
  })
  .openapi('DatasetSummary');

export const DatasetAnswer = z
  .object({
    id: z.string(),
    kind: DatasetKindSchema,
    visibility: VisibilitySchema,
    workspace: z.string(),
    revision: z.number().int(),
    head: z.number().int(),
    title: z.string(),
    jurisdiction: z.string(),
    year: z.number().int(),
    model: z.string().nullable(),
    source: z.string().nullable(),
    rowCount: z.number().int(),
    hash: Hash,
    createdAt: z.string().openapi({ description: 'When the dataset was created.' }),
    createdBy: z.string().nullable(),
    updatedAt: z.string().openapi({ description: 'When this revision was written.' }),
    updatedBy: z.string().nullable(),
    encoding: z.string().optional().openapi({ description: 'Writes from CSV/TSV: the encoding the upload was read in (utf-8, utf-8-bom, gbk, utf-16le).' }),
    rows: z.array(z.union([Region, ProjectRow])).openapi({ description: 'Regions (kind regions) or project rows (kind projects), as stored.' }),
  })
  .openapi('Dataset');

export const DatasetList = z
  .object({
    datasets: z.array(DatasetSummarySchema),
    ...PAGE_FIELDS,
  })
  .openapi('DatasetList');

export const RevisionList = z.object({ id: z.string(), head: z.number().int(), revisions: z.array(RevisionSummarySchema) }).openapi('DatasetRevisions');
