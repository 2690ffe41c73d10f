/** POST /v1/evaluations — performance evaluation (绩效评价); its models are listed by GET /v1/models?kind=evaluation. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { EVALUATION_TABLES, evaluationChecks, runEvaluation } from './run.js';
import { EvaluationRequest, EvaluationResponse } from '../../schema/evaluation.js';
import { alsoCheck, postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { respond } from '../respond.js';
import { EVALUATION_EXAMPLES } from '../examples.js';

const EvaluationQuery = queryOptions({ rows: 'the indicators (or ?table=sections, adjustments), with a total row', tables: EVALUATION_TABLES });

export const evaluateRoute = createRoute({
  method: 'post',
  path: '/v1/evaluations',
  tags: ['Evaluation'],
  summary: 'Score a 100-point performance evaluation table (绩效评价) and grade it',
  description: [
    'An indicator table (`model`: a built-in model id, or inline; `overrides`: a JSON merge patch of it) and the measured values → one row per indicator with its score and reason (which tier or clause applied and the arithmetic, in English and Chinese), subtotals per section (first-level indicator) and group, the total and the grade in `summary`. The unit is `points`.',
    'Rule kinds: tiers, linear between two bounds, proportional above a threshold, per-occurrence deductions, occurrences (bonus/penalty), yes/no, choice, checklists. A rule whose own maximum differs from the indicator’s points is scaled to the points. Each indicator states its rounding (of the score or of the deduction).',
    'Indicators that do not apply (null or "n/a") leave the total, which is rescaled to 100 (total × 100 / applicable points). Grades compare the total with the model’s bands, each from its minimum (inclusive) up to the next. ?format=csv gives the indicators with a total row (?table=sections or adjustments for the others). The route has no trace: ?explain=true is a 422 (each row carries its reason).',
  ].join('\n\n'),
  request: {
    query: EvaluationQuery,
    body: { required: true, content: { 'application/json': { schema: EvaluationRequest, examples: EVALUATION_EXAMPLES } } },
  },
  responses: {
    200: { description: 'Scores, subtotals, total and grade.', content: tableContent(EvaluationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer (/values/<indicator>, /model/..., /overrides/...).'),
  },
});

export function evaluationRoutes(app: OpenAPIHono): void {
  // a body that failed its schema is checked for the rest too: every independent mistake in one 422
  alsoCheck(app, 'post', '/v1/evaluations', (body, failed) => evaluationChecks(body, failed).issues);
  app.openapi(evaluateRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = runEvaluation(body);
    return respond(c, { route: '/v1/evaluations', body }, answer, readOptions(c.req.valid('query'), EVALUATION_TABLES)) as never;
  });
}
