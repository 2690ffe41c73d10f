/**
 * GET /v1/models?kind=, GET /v1/models/{kind}/{id} — every built-in model, of every kind, as data: one
 * address per model (ids are unique within a kind, not across kinds); and the saved models the caller may
 * see (src/api/models/savedRoute.ts saves them), listed after the built-in ones, marked builtIn: false.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { EvaluationModelFile } from '../../schema/evaluation.js';
import { findModel, isModelKind, listModels, MODEL_KINDS, type ModelKind, unknownModel } from './catalog.js';
import { IndustryShareModelFile } from './industryShare.js';
import { MonitoringModelFile } from '../../schema/monitoring.js';
import { invalid, problem, problemResponses } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { PAGE_QUERY, pageFrom, pageOf } from '../revisions.js';
import { latestModels } from '../../store/models.js';
import { visibleTo } from '../access/principal.js';
import { MODEL_ETAG, SavedModel, savedModelOr404 } from './savedRoute.js';
import { RankingModelFile } from '../../schema/ranking.js';
import { ModelFile } from '../../schema/allocation.js';
import { ModelMetadata, PAGE_FIELDS, Problem } from '../../schema/common.js';
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
    builtIn: z.literal(true).openapi({ description: 'A built-in model: read-only, from the file named.' }),
    file: z
      .string()
      .openapi({ description: 'The file it comes from; one file per jurisdiction holds every year of it.', example: 'models/allocation/sichuan.json' }),
  })
  .strict()
  .openapi('ModelSummary');

/** A saved model as listed: its latest version (metadata as saved: optional, as in an inline model). */
const SavedModelSummary = z
  .object({
    kind: Kind,
    id: z.string().openapi({ example: 'guangyuan-2025' }),
    version: z.string().openapi({ description: 'The latest version, as its body and provenance name it.', example: '2' }),
    title: ModelMetadata.shape.title.optional(),
    jurisdiction: z.string().optional(),
    year: z.number().int().optional(),
    builtIn: z.literal(false).openapi({ description: 'A saved model: versioned; GET /v1/models/{kind}/{id}/versions.' }),
    visibility: z.enum(['public', 'private']),
    workspace: z.string(),
    hash: z.string().openapi({ description: 'SHA-256 of the latest version, as provenance names it.', example: 'sha256:9c1d…' }),
    updatedAt: z.string(),
  })
  .strict()
  .openapi('SavedModelSummary');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['Models'],
  summary: 'List the models, of one kind or of all: the built-in ones, then the saved ones the caller may see',
  request: {
    query: strictQuery({
      kind: z
        .string()
        .optional()
        .openapi({ description: `One of ${MODEL_KINDS.join(', ')}; all kinds without it.`, example: 'allocation' }),
      ...PAGE_QUERY,
    }),
  },
  responses: {
    200: {
      description: 'Models, by page (the list shape of datasets and scenarios too)',
      content: {
        'application/json': {
          schema: z.object({
            models: z.array(z.union([ModelSummary, SavedModelSummary])),
            ...PAGE_FIELDS,
          }),
        },
      },
    },
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
    200: {
      description:
        'A built-in model: the model file as it is. A saved model (builtIn: false in the list): its latest version as POST and PUT answer it (kind, id, version, hash, visibility, workspace, createdAt, updatedAt, model), with ETag "<version>".',
      headers: { ETag: { ...MODEL_ETAG.ETag, description: `Saved models only. ${MODEL_ETAG.ETag.description}` } },
      content: { 'application/json': { schema: z.union([AnyModel, SavedModel]) } },
    },
    304: { description: 'A saved model whose If-None-Match named its latest version: unchanged.' },
    ...problemResponses({ 'not-found': 'No such kind of model, or no model of that id (a deleted saved model too)' }, Problem),
  },
});

/** The one unknown-model answer of GET: a 404 with the same words as a request's unknown `model` (a 422). */
async function modelOr404(c: Context, kind: string, id: string) {
  if (!isModelKind(kind)) {
    return problem(c, 'not-found', message('unknown-model-kind', { shown: JSON.stringify(kind), kinds: MODEL_KINDS }));
  }
  const found = findModel(kind, id);
  if (!found) return c.get('store') ? savedModelOr404(c, kind, id) : problem(c, 'not-found', unknownModel(kind, id));
  return c.json(found.model as never, 200);
}

/** The saved models (latest versions) of a kind, or of all, that the caller may see, as listed. */
async function savedSummaries(c: Context, kind: ModelKind | undefined) {
  const store = c.get('store');
  if (!store) return [];
  const who = c.get('principal');
  return (await latestModels(store.db, kind))
    .filter((r) => isModelKind(r.kind) && visibleTo(who, r))
    .map((r) => {
      const m = JSON.parse(r.body) as { title?: { zh: string; en: string }; jurisdiction?: string; year?: number };
      return {
        kind: r.kind as ModelKind,
        id: r.id,
        version: String(r.version),
        ...(m.title !== undefined ? { title: m.title } : {}),
        ...(m.jurisdiction !== undefined ? { jurisdiction: m.jurisdiction } : {}),
        ...(m.year !== undefined ? { year: m.year } : {}),
        builtIn: false as const,
        visibility: r.visibility,
        workspace: r.workspace,
        hash: r.hash,
        updatedAt: r.created_at,
      };
    });
}

export function modelRoutes(app: OpenAPIHono): void {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const kind = q.kind;
    if (kind !== undefined && !isModelKind(kind)) {
      return invalid(c, [issue('?kind', 'unknown-model-kind', { shown: JSON.stringify(kind), kinds: MODEL_KINDS })]) as never;
    }
    const builtIn = listModels(kind as ModelKind | undefined).map((m) => ({ ...m, builtIn: true as const }));
    const all = [...builtIn, ...(await savedSummaries(c, kind as ModelKind | undefined))];
    const page = pageFrom(q);
    const models = all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
    return c.json({ models, ...pageOf('/v1/models', { kind }, page, all.length) }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const { kind, id } = c.req.valid('param');
    return (await modelOr404(c, kind, id)) as never;
  });
}
