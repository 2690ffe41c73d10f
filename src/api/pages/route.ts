/**
 * The service's pages for people (issue 14): GET /demo (the widget on the 20-county sample, snippets to copy)
 * and GET /embed (one <fund-allocator> from the query, for an iframe). HTML in Chinese and English, each with
 * a Content-Security-Policy on a fresh nonce. /embed may be framed by any site (no X-Frame-Options, no
 * frame-ancestors); /demo only by the service's own pages. HEAD is answered from GET (Hono); another method is
 * the app's 405 problem, another path its 404 problem. Outside /v1, so the API's middleware (keys, rate
 * limit, the spreadsheet door, body limits) does not apply: nothing here reads a body or a key.
 */
import { Hono } from 'hono';
import { demoPage, demoRequest } from './demo.js';
import { embedPage, embedRequest } from './embed.js';
import { contentSecurityPolicy, nonce, PAGE_HEADERS } from './html.js';

/** The origin a page was asked at, for its snippets (escaped when written). */
const originOf = (url: string) => new URL(url).origin;

export function pageRoutes(): Hono {
  const pages = new Hono();
  pages.get('/demo', (c) => {
    const scriptNonce = nonce();
    const request = demoRequest(new URL(c.req.url).searchParams);
    return c.html(demoPage(request, originOf(c.req.url), scriptNonce), 200, {
      ...PAGE_HEADERS,
      'content-security-policy': contentSecurityPolicy(scriptNonce, "'self'"),
    });
  });
  pages.get('/embed', (c) => {
    const scriptNonce = nonce();
    const request = embedRequest(new URL(c.req.url).searchParams);
    return c.html(embedPage(request, scriptNonce), 200, { ...PAGE_HEADERS, 'content-security-policy': contentSecurityPolicy(scriptNonce) });
  });
  return pages;
}
