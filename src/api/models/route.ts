/**
 * GET /v1/models?kind=, GET /v1/models/{kind}/{id} — every built-in model, of every kind, as data: one
 * address per model (ids are unique within a kind, not across kinds).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { EvaluationModelFile } from '../../schema/evaluation.js';
import { findModel, isModelKind, listModels, MODEL_KINDS, type ModelKind, unknownModel } from './catalog.js';
import { IndustryShareModelFile } from './industryShare.js';
import { MonitoringModelFile } from '../../schema/monitoring.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { RankingModelFile } from '../../schema/ranking.js';
import { ModelFile } from '../../schema/allocation.js';
import { ModelMetadata, Problem } from '../../schema/common.js';
import { issue, message } from '../../messages/index.js';

const Kind = z.enum(MODEL_KINDS).openapi('ModelKind', {
  description:
    'allocation (factor method and pipeline), evaluation (100-point tables), monitoring (spending milestones and alerts), points (county points ranking), industry-share (floors on the share used for industry).',
  example: 'allocation',
});

/** A model as listed: its kind, the shared metadata (schema/common.ts ModelMetadata) but its sources, and its file. */
const ModelSummary = ModelMetadata.pick({ id: true, version: true, title: true, jurisdiction: true, year: true })
  .extend({
    kind: Kind,
    file: z
      .string()
      .openapi({ description: 'The file it comes from; one file per jurisdiction holds every year of it.', example: 'models/allocation/sichuan.json' }),
  })
  .strict()
  .openapi('ModelSummary');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['Models'],
  summary: 'List the built-in models, of one kind or of all',
  request: {
    query: strictQuery({
      kind: z
        .string()
        .optional()
        .openapi({ description: `One of ${MODEL_KINDS.join(', ')}; all kinds without it.`, example: 'allocation' }),
    }),
  },
  responses: {
    200: { description: 'Models', content: { 'application/json': { schema: z.object({ models: z.array(ModelSummary) }) } } },
    ...problemResponses({ 'invalid-request': 'An unknown kind.' }, Problem),
  },
});

const AnyModel = z
  .union([ModelFile, EvaluationModelFile, MonitoringModelFile, RankingModelFile, IndustryShareModelFile])
  .openapi({ description: 'The model of that kind, whole, each parameter with its source.' });

const getRoute = createRoute({
  method: 'get',
  path: '/v1/models/{kind}/{id}',
  tags: ['Models'],
  summary: 'One model, whole, with the public sources of its parameters',
  request: {
    params: z.object({ kind: z.string().openapi({ example: 'allocation' }), id: z.string().openapi({ example: 'sichuan-2024' }) }),
    query: strictQuery({}),
  },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: AnyModel } } },
    ...problemResponses({ 'not-found': 'No such kind of model, or no model of that id' }, Problem),
  },
});

/** The one unknown-model answer of GET: a 404 with the same words as a request's unknown `model` (a 422). */
function modelOr404(c: Context, kind: string, id: string) {
  if (!isModelKind(kind)) {
    return problem(c, 'not-found', message('unknown-model-kind', { shown: JSON.stringify(kind), kinds: MODEL_KINDS }));
  }
  const found = findModel(kind, id);
  if (!found) return problem(c, 'not-found', unknownModel(kind, id));
  return c.json(found.model as never, 200);
}

export function modelRoutes(app: OpenAPIHono): void {
  app.openapi(listRoute, (c) => {
    const { kind } = c.req.valid('query');
    if (kind !== undefined && !isModelKind(kind)) {
      return invalid(c, [issue('?kind', 'unknown-model-kind', { shown: JSON.stringify(kind), kinds: MODEL_KINDS })]) as never;
    }
    return c.json({ models: listModels(kind as ModelKind | undefined) }, 200);
  });
  app.openapi(getRoute, (c) => {
    const { kind, id } = c.req.valid('param');
    return modelOr404(c, kind, id) as never;
  });
}
