/** The service's own pages: health, the OpenAPI document, the reference page, problem types, an index. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { listModels } from '../models/catalog.js';
import { problem, PROBLEMS, ProblemKind } from '../problem.js';
import { message } from '../../messages/index.js';
import { SERVICE_VERSION } from '../../version.js';
import { BEARER_SCHEME, BEARER_SECURITY_SCHEME, KEY_OPTIONAL } from '../access/openapi.js';

/** The one version (src/version.ts, as package.json says): GET /, /health, /openapi.json and every answer's provenance name it. */
export { SERVICE_VERSION };

/**
 * The reference page. Swagger UI's files are served by the service itself from /docs/assets (copied from
 * the swagger-ui-dist package on install), never from a CDN: many government intranets cannot reach one.
 */
const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>衔接资金分配计算服务 · Bridging-fund allocation API</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>body{margin:0} .lead{font:14px/1.5 system-ui,sans-serif;margin:16px 20px 0}</style>
</head>
<body>
<p class="lead">财政衔接推进乡村振兴补助资金 — 因素法分配、奖惩、产业比例、优化与绩效评价。Exact to the cent, every amount explained. Machine-readable: <a href="/openapi.json">/openapi.json</a>. 嵌入式计算器演示 · Widget demo: <a href="/demo">/demo</a>.</p>
<div id="swagger-ui"></div>
<noscript>This page needs JavaScript; the API itself is described in <a href="/openapi.json">/openapi.json</a>.</noscript>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: true });
</script>
</body>
</html>`;

export function metaRoutes(app: OpenAPIHono): void {
  app.get('/', (c) =>
    c.json({
      service: 'bridging-fund-allocator',
      version: SERVICE_VERSION,
      links: {
        docs: '/docs',
        // the embeddable widget on the 20-county sample (src/api/pages/)
        demo: '/demo',
        openapi: '/openapi.json',
        models: '/v1/models',
        allocations: '/v1/allocations',
        compare: '/v1/allocations/compare',
        optimizations: '/v1/optimizations',
        rankings: '/v1/rankings',
        evaluations: '/v1/evaluations',
        monitoring: '/v1/monitoring',
        industryShareCheck: '/v1/checks/industry-share',
        health: '/health',
      },
    }),
  );
  app.get('/health', (c) => c.json({ status: 'ok', version: SERVICE_VERSION, models: listModels().length }));
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/problems/:kind', (c) => {
    const kind = c.req.param('kind') as ProblemKind;
    const p = PROBLEMS[kind];
    if (!p || !Object.hasOwn(PROBLEMS, kind)) {
      return problem(c, 'not-found', message('unknown-problem-type', { shown: JSON.stringify(kind) }));
    }
    return c.json({ type: `/problems/${kind}`, ...p });
  });
  // API keys: /docs' "Authorize" takes one, and "Try it out" sends it (src/api/access/openapi.ts)
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, BEARER_SECURITY_SCHEME);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Bridging-fund allocation API (衔接资金分配计算服务)',
      version: SERVICE_VERSION,
      description:
        'Exact, explained allocation of rural-revitalization bridging funds (财政衔接推进乡村振兴补助资金). Amounts are decimal strings in an explicit unit (yuan or wan = 万元); parts add up to the total exactly. Every 4xx is application/problem+json naming each offending field by its JSON pointer, in English and Chinese.',
    },
    servers: [{ url: '/' }],
    // every route may be called with a key, most without one; those that need one say so themselves
    security: KEY_OPTIONAL,
  });
}
