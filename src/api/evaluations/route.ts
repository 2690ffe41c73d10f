/** POST /v1/evaluations — performance evaluation (绩效评价); its models are listed by GET /v1/models?kind=evaluation. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { evaluationTable, runEvaluation } from './run.js';
import { EvaluationRequest, EvaluationResponse } from '../../schema/evaluation.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { EVALUATION_EXAMPLES } from '../examples.js';

const EvaluationQuery = queryOptions({ rows: 'one row per indicator' });

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
    body: { required: true, content: { 'application/json': { schema: EvaluationRequest, examples: EVALUATION_EXAMPLES } } },
  },
  responses: {
    200: { description: 'Scores, subtotals, total and grade.', content: tableContent(EvaluationResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer (/values/<indicator>, /model/...).'),
  },
});

export function evaluationRoutes(app: OpenAPIHono): void {
  app.openapi(evaluateRoute, (c) => {
    const result = runEvaluation(c.req.valid('json'));
    const { format } = readOptions(c.req.valid('query'));
    if (format !== 'json') return c.body(toDelimited(evaluationTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
    return c.json(result as never, 200);
  });
}
