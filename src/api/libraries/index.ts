/**
 * The project library's routes (issue 15) as one resource: the calculations on projects first — their paths
 * (/v1/libraries/entry-review, /v1/libraries/matching …) must be matched before /v1/libraries/{id} — then the
 * library resource itself.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { libraryCheckRoutes } from './checks.js';
import { matchingRoutes } from './matching.js';
import { libraryRoutes } from './route.js';

export function libraryResource(sub: OpenAPIHono): void {
  libraryCheckRoutes(sub);
  matchingRoutes(sub);
  libraryRoutes(sub);
}
