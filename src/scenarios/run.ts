/**
 * Posts a scenario to the app (app.request: the same door as HTTP, no server) and holds the answer against its
 * expected block. Used by `npm run scenario` and tests/scenarios/run.test.ts alike.
 */
import { compareAnswer, scenarioUrl, type ScenarioFile } from './match.js';

/** What app.request needs of a Hono app. */
export interface RequestHandler {
  request(input: string, init: RequestInit): Response | Promise<Response>;
}

export interface ScenarioRun {
  status: number;
  contentType: string;
  /** parsed JSON, or the text of a CSV/TSV answer */
  body: unknown;
  /** empty when the answer agrees with `expected` (or there is none) */
  differences: string[];
}

export async function runScenario(app: RequestHandler, doc: ScenarioFile, request: unknown = doc.request): Promise<ScenarioRun> {
  const res = await app.request(scenarioUrl(doc), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  const body = /json/.test(contentType) ? JSON.parse(text) : text;
  const differences = doc.expected ? compareAnswer(doc.expected, res.status, body) : [];
  if (res.status >= 400 && !contentType.startsWith('application/problem+json')) {
    differences.push(`content-type: a ${res.status} must be application/problem+json, got ${contentType || '(none)'}`);
  }
  return { status: res.status, contentType, body, differences };
}
