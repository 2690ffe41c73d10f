/** POST /v1/rankings — the points ranking (计分制): scored events → composite per region → top and bottom N. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { rankingChecks, runRanking } from './run.js';
import { RankingRequest, RankingResponse } from '../../schema/ranking.js';
import { alsoCheck, postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { respond } from '../respond.js';
import { RANKING_EXAMPLES } from '../examples.js';

const RankingQuery = queryOptions({ rows: 'the regions, best first, with a total row', rowsAre: ['regions'] });

export const rankingRoute = createRoute({
  method: 'post',
  path: '/v1/rankings',
  tags: ['Ranking'],
  summary: 'Rank regions by composite points from scored events; the bottom N lose, the top N gain',
  description: [
    '质效双提方案 §二6: checks (检查发现), unannounced visits (暗访), dispatch (调度) and bulletins (通报) are scored; the 10 counties with the lowest composite lose 200–400万元 of next year’s funds, the top 10 are rewarded.',
    'composite = base + Σ over the model’s event kinds of clamp(weight × Σ points of the region’s events of that kind, minimum, maximum). Ranked by the same code as the allocation pipeline’s points stage: equal composites share a rank (1-2-2-4), a tie at a group’s edge brings every tied region in, and with fewer than 2N regions N shrinks to ⌊n/2⌋.',
    '`model` is a points model id (GET /v1/models?kind=points) or one inline; `overrides` is a JSON merge patch of it. Rows come best first (equal composites by id), each with its reason; ?format=csv or tsv gives them for a spreadsheet, with a total row. The route has no trace: ?explain=true is a 422.',
  ].join('\n\n'),
  request: {
    query: RankingQuery,
    body: { required: true, content: { 'application/json': { schema: RankingRequest, examples: RANKING_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The ranking, best first.', content: tableContent(RankingResponse) },
    ...postProblems(
      'Invalid fields, each named by its JSON pointer (an unknown event kind, an event for a region not listed, duplicate region ids, bad dates, an override that breaks the model …).',
    ),
  },
});

export function rankingRoutes(app: OpenAPIHono): void {
  // a body that failed its schema is checked for the rest too: every independent mistake in one 422
  alsoCheck(app, 'post', '/v1/rankings', (body, failed) => rankingChecks(body, failed).issues);
  app.openapi(rankingRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = runRanking(body);
    return respond(c, { route: '/v1/rankings', body }, answer, readOptions(c.req.valid('query'))) as never;
  });
}
