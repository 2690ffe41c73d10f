/** Pieces every POST route shares: its answer's content types and the problems it may answer. */
import { z } from '@hono/zod-openapi';
import { problemResponses } from './problem.js';
import { Problem } from '../schema/allocation.js';

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

