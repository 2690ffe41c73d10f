/** Saved scenarios (/v1/scenarios) and the reference form every calculation route takes for its rows. */
import { z } from '@hono/zod-openapi';
import { zodMessage } from '../messages/index.js';
import { CALCULATION_ROUTES } from '../api/references/resolve.js';
import { PAGE_FIELDS, plainText } from './common.js';

/**
 * A dataset revision instead of the rows themselves: every calculation route takes it where it takes
 * `regions` or `projects` (allocations, compare's baseline, optimizations, monitoring, rankings).
 */
export const DatasetReference = z
  .object({
    dataset: z.string().min(1).max(100).openapi({ description: 'The dataset id (GET /v1/datasets).', example: 'ds_sichuan2024counties' }),
    revision: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'The revision read; the newest without it (a saved scenario always pins it).', example: 3 }),
  })
  .strict()
  .openapi('DatasetReference', {
    description:
      'Instead of inline rows: {"dataset": "<id>", "revision": n}. The rows of that dataset revision are used as if sent inline; the answer names them in provenance.references (pointer, dataset, revision, hash) and in the X-References header. An unknown or private dataset, a revision it does not have, or a dataset of projects where regions are taken is a 422 naming the field.',
  });

/** Last year's amounts from a saved scenario (allocations, compare's baseline). */
export const LastYearReference = z
  .object({
    scenario: z.string().min(1).max(100).openapi({ description: 'A saved allocation scenario (GET /v1/scenarios).', example: 'sc_2023final' }),
    revision: z.number().int().min(1).optional().openapi({ description: 'Its revision; the newest without it (a saved scenario pins it).' }),
  })
  .strict()
  .openapi('LastYearReference', {
    description:
      'Each region\'s lastYear is its amount in that saved scenario\'s result (by id; "city/county" for a second-level region). A region the scenario has no amount for gets none, and is listed under provenance.references[].missing. A region with its own lastYear is a 422 (give one or the other); so is a scenario in another unit.',
  });

const Route = z
  .string()
  .superRefine((route, ctx) => {
    if (!CALCULATION_ROUTES.includes(route)) {
      ctx.addIssue({ code: 'custom', ...zodMessage('scenario-route-unknown', { shown: JSON.stringify(route), routes: CALCULATION_ROUTES }) });
    }
  })
  .openapi({ description: 'The calculation route the request is for.', enum: CALCULATION_ROUTES, example: '/v1/allocations' });

const Visibility = z.enum(['public', 'private']).openapi({ description: 'private (default): only keys of its workspace see it.', example: 'private' });

export const SCENARIO_EXAMPLE_REQUEST = {
  model: 'sichuan-2024',
  total: '1000.00',
  unit: 'wan',
  regions: { dataset: 'ds_sichuan2024counties', revision: 3 },
  lastYear: { scenario: 'sc_2023final' },
};

export const ScenarioInput = z
  .object({
    title: plainText(200, 1).openapi({ example: '2025 衔接资金分配（初稿）' }),
    route: Route,
    query: z
      .record(z.string(), z.string().max(200))
      .optional()
      .openapi({ description: 'Query options of the route (explain, region, table); not format, which the result takes.', example: {} }),
    request: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The route's request body, inline rows or references; checked by running it.", example: SCENARIO_EXAMPLE_REQUEST }),
    visibility: Visibility.optional(),
  })
  .strict()
  .openapi('ScenarioInput', {
    example: { title: '2025 衔接资金分配（初稿）', route: '/v1/allocations', request: SCENARIO_EXAMPLE_REQUEST, visibility: 'private' },
  });

const ModelPin = z.object({ id: z.string(), version: z.string(), hash: z.string() }).nullable().openapi({
  description:
    "The model the scenario was saved with, pinned: a result is refused (422 scenario-model-changed) when the service's model of that id hashes otherwise, never made with another model.",
});

/** Any JSON value, typed (a saved request holds any route's body, references included). */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonValue: z.ZodType<Json> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]))
  .openapi('JsonValue', { description: 'Any JSON value.' });

export const Scenario = z
  .object({
    id: z.string().openapi({ example: 'sc_k4x2m7q9a1b3c5d7e9f1g3h5j7' }),
    revision: z.number().int().openapi({ description: 'This revision (the ETag).', example: 1 }),
    head: z.number().int().openapi({ description: 'The newest revision.', example: 1 }),
    title: z.string(),
    route: z.string(),
    query: z.record(z.string(), z.string()),
    request: z.record(z.string(), JsonValue).openapi({ description: 'As saved: every dataset and last-year reference pinned to a revision.' }),
    model: ModelPin,
    visibility: Visibility,
    workspace: z.string(),
    hash: z.string().openapi({ description: 'SHA-256 of the revision’s content (as the audit trail records it).' }),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    result: z.string().openapi({ description: 'Where its result is: GET it (?format=csv for a spreadsheet).', example: '/v1/scenarios/sc_k4x2…/result' }),
  })
  .openapi('Scenario');

export const ScenarioSummary = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    title: z.string(),
    route: z.string(),
    visibility: Visibility,
    workspace: z.string(),
    createdAt: z.string().openapi({ description: 'When the scenario was first saved.' }),
    updatedAt: z.string().openapi({ description: 'When its newest revision was saved.' }),
  })
  .openapi('ScenarioSummary');

export const ScenarioList = z
  .object({
    scenarios: z.array(ScenarioSummary),
    ...PAGE_FIELDS,
  })
  .openapi('ScenarioList');

export type ScenarioInputBody = z.infer<typeof ScenarioInput>;
