/** POST /v1/evaluations, GET /v1/evaluations/models and /v1/evaluations/models/{id} — performance evaluation (绩效评价). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { text } from '../../engine/evaluation/rational.js';
import { evaluationTable, runEvaluation } from '../evaluation.js';
import { findEvaluationModel, listEvaluationModels } from '../evaluationCatalog.js';
import { EvaluationModelFile, EvaluationModelSummary, EvaluationQuery, EvaluationRequest, EvaluationResponse } from '../evaluationSchemas.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { problem, problemResponses } from '../problem.js';
import { Problem } from '../schemas.js';
import { postProblems, tableContent } from './common.js';

export const evaluateRoute = createRoute({
  method: 'post',
  path: '/v1/evaluations',
  tags: ['Evaluation'],
  summary: 'Score a 100-point performance evaluation table (绩效评价) and grade it',
  description: [
    'An indicator table (a built-in model id, or inline) and the measured values → each indicator’s score with its reason (which tier or clause applied and the arithmetic, in English and Chinese), subtotals per level and group, the total and the grade.',
    'Rule kinds: tiers, linear between two bounds, proportional above a threshold, per-occurrence deductions, occurrences (bonus/penalty), yes/no, choice, checklists. A rule whose own maximum differs from the indicator’s points is scaled to the points. Each indicator states its rounding (of the score or of the deduction).',
    'Indicators that do not apply (null or "n/a") leave the total, which is rescaled to 100 (total × 100 / applicable points). Grades compare the total with the model’s bands, each from its lower bound (inclusive) up to the next. ?format=csv gives one row per indicator.',
  ].join('\n\n'),
  request: {
    query: EvaluationQuery,
    body: { required: true, content: { 'application/json': { schema: EvaluationRequest } } },
  },
  responses: {
    200: { description: 'Scores, subtotals, total and grade.', content: tableContent(EvaluationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer (/values/<indicator>, /model/...).'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/evaluations/models',
  tags: ['Evaluation'],
  summary: 'List the built-in evaluation models (indicator tables)',
  responses: { 200: { description: 'Evaluation models', content: { 'application/json': { schema: z.object({ models: z.array(EvaluationModelSummary) }) } } } },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/evaluations/models/{id}',
  tags: ['Evaluation'],
  summary: 'One evaluation model, whole: levels, indicators, points, rules, rounding and how each rule is read',
  request: { params: z.object({ id: z.string().openapi({ example: 'seed004-gaoxin-2021' }) }) },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: EvaluationModelFile } } },
    ...problemResponses({ 'not-found': 'No such evaluation model' }, Problem),
  },
});

export function evaluationRoutes(app: OpenAPIHono): void {
  app.openapi(listRoute, (c) =>
    c.json(
      {
        models: listEvaluationModels().map((m) => ({
          id: m.id,
          version: m.version,
          title: m.title,
          jurisdiction: m.jurisdiction,
          year: m.year,
          points: text(findEvaluationModel(m.id)!.prepared.points),
          levels: m.levels.map((l) => ({ id: l.id, title: l.title, points: String(l.points) })),
          indicators: findEvaluationModel(m.id)!.prepared.indicators.length,
          sources: m.sources.map((s) => s.ref),
        })),
      },
      200,
    ),
  );

  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid('param');
    const entry = findEvaluationModel(id);
    if (!entry) {
      const ids = listEvaluationModels().map((m) => m.id);
      return problem(c, 'not-found', {
        en: `no evaluation model "${id}"; available: ${ids.join(', ')}.`,
        zh: `没有评价模型 "${id}"；可用模型：${ids.join('、')}。`,
      }) as never;
    }
    return c.json(entry.model, 200);
  });

  app.openapi(evaluateRoute, (c) => {
    const result = runEvaluation(c.req.valid('json'));
    const format = c.req.valid('query').format ?? 'json';
    if (format !== 'json') return c.body(toDelimited(evaluationTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
    return c.json(result as never, 200);
  });
}
