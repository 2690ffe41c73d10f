/** GET /v1/models and GET /v1/models/{id} — the built-in models, as data. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { findModel, listModels } from '../catalog.js';
import { problem, problemResponses } from '../problem.js';
import { ModelFile, Problem, Text } from '../schemas.js';

const ModelSummary = z
  .object({
    id: z.string(),
    version: z.string(),
    title: Text,
    jurisdiction: z.string(),
    year: z.number().int(),
    unit: z.string(),
    factors: z.array(z.object({ id: z.string(), weight: z.string() })),
    sources: z.array(z.string()),
  })
  .openapi('ModelSummary');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['Models'],
  summary: 'List the built-in allocation models',
  responses: { 200: { description: 'Models', content: { 'application/json': { schema: z.object({ models: z.array(ModelSummary) }) } } } },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/models/{id}',
  tags: ['Models'],
  summary: 'One model, whole: factors, indicators, transforms, weights and sources',
  request: { params: z.object({ id: z.string().openapi({ example: 'sichuan-2024' }) }) },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: ModelFile } } },
    ...problemResponses({ 'not-found': 'No such model' }, Problem),
  },
});

export function modelRoutes(app: OpenAPIHono): void {
  app.openapi(listRoute, (c) =>
    c.json(
      {
        models: listModels().map((m) => ({
          id: m.id,
          version: m.version,
          title: m.title!,
          jurisdiction: m.jurisdiction!,
          year: m.year!,
          unit: m.unit!,
          factors: m.factors.map((f) => ({ id: f.id, weight: String(f.weight) })),
          sources: (m.sources ?? []).map((s) => s.ref),
        })),
      },
      200,
    ),
  );
  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid('param');
    const entry = findModel(id);
    if (!entry) {
      const ids = listModels().map((m) => m.id);
      return problem(c, 'not-found', {
        en: `no model "${id}"; available: ${ids.join(', ')}.`,
        zh: `没有模型 "${id}"；可用模型：${ids.join('、')}。`,
      }) as never;
    }
    return c.json(entry.model as z.infer<typeof ModelFile>, 200);
  });
}
