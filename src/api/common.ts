/** Pieces every POST route shares: its answer's content types and the problems it may answer. */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { fromZod, invalid, problemResponses } from './problem.js';
import { Problem } from '../schema/common.js';

/** The JSON answer, or its rows for a spreadsheet. */
export function tableContent(json: z.ZodType) {
  const text = { schema: { type: 'string' as const } };
  return { 'application/json': { schema: json }, 'text/csv': text, 'text/tab-separated-values': text };
}

/** What a POST with a JSON body can answer besides 200. */
export function postProblems(invalid: string) {
  return problemResponses(
    {
      'malformed-json': 'Malformed JSON.',
      'body-too-large': 'Body larger than 5 MB.',
      'unsupported-media-type': 'Body not sent as application/json.',
      'invalid-request': invalid,
    },
    Problem,
  );
}


/**
 * A resource's Hono app (and the root app): a request that fails its schema is a 422 listing every issue,
 * query parameters named "?name", body fields by their JSON pointer.
 */
export function resourceApp(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = fromZod(result.error.issues);
      const located = result.target === 'query' ? issues.map((i) => ({ ...i, path: '?' + i.path.slice(1) })) : issues;
      return invalid(c, located);
    },
  });
}
