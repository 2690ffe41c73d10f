/** POST /v1/rankings — the points ranking (计分制): scored events → composite per county → top and bottom N. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { rankingTable, runRanking } from './run.js';
import { RankingRequest, RankingResponse } from '../../schema/ranking.js';
import { postProblems, tableContent } from '../common.js';
import { queryOptions, readOptions } from '../queryOptions.js';
import { RANKING_EXAMPLES } from '../examples.js';

const RankingQuery = queryOptions({ rows: 'the rows, best first' });

export const rankingRoute = createRoute({
  method: 'post',
  path: '/v1/rankings',
  tags: ['Ranking'],
  summary: 'Rank counties by composite points from scored events; the bottom N lose, the top N gain',
  description: [
    'Seed 003 §二6: checks (检查发现), unannounced visits (暗访), dispatch (调度) and bulletins (通报) are scored; the 10 counties with the lowest composite lose 200–400万元 of next year’s funds, the top 10 are rewarded.',
    'composite = base + Σ over the model’s event kinds of clamp(weight × Σ points of the county’s events of that kind, min, max). Ranked by the same code as the allocation pipeline’s points stage: equal composites share a rank (1-2-2-4), a tie at a group’s edge brings every tied county in, and with fewer than 2N counties N shrinks to ⌊n/2⌋.',
    'Rows come best first (equal composites by id); ?format=csv or tsv gives them for a spreadsheet.',
  ].join('\n\n'),
  request: {
    query: RankingQuery,
    body: { required: true, content: { 'application/json': { schema: RankingRequest, examples: RANKING_EXAMPLES } } },
  },
  responses: {
    200: { description: 'The ranking, best first.', content: tableContent(RankingResponse) },
    ...postProblems('Invalid fields, each named by its JSON pointer (an unknown event kind, an event for a county not listed, duplicate county ids, bad dates …).'),
  },
});

export function rankingRoutes(app: OpenAPIHono): void {
  app.openapi(rankingRoute, (c) => {
    const result = runRanking(c.req.valid('json'));
    const { format } = readOptions(c.req.valid('query'));
    if (format !== 'json') return c.body(toDelimited(rankingTable(result), format), 200, { 'content-type': MEDIA_TYPE[format] });
    return c.json(result, 200);
  });
}
