/**
 * The GET forms in /openapi.json (src/api/sheets/openapi.ts): each route's description lists the options its
 * POST really takes (a route that refuses ?table or ?project does not offer them), and the body names a
 * planner writes first (model, total, unit …) are parameters with their descriptions.
 */
import { describe, expect, it } from 'vitest';
import { CALCULATION_ROUTES } from '../../src/api/references/resolve.js';
import { app } from './request.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { description?: string };
}
interface Operation {
  description: string;
  parameters: Parameter[];
}

const doc = (async () => (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { get: Operation; post: Operation }> })();
const ANSWER_OPTIONS = ['format', 'explain', 'table', 'region', 'project', 'column'];

describe('GET forms in OpenAPI', () => {
  it.each(CALCULATION_ROUTES)('%s: the options line names exactly the answer options its POST takes', async (route) => {
    const { get, post } = (await doc).paths[route];
    const taken = post.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const line = get.description.split('\n').find((l) => l.startsWith('- Options stay options: '));
    expect(line, get.description).toBeDefined();
    const listed = line!.slice('- Options stay options: '.length).split(';')[0].split(', ');
    expect(listed).toEqual(ANSWER_OPTIONS.filter((o) => taken.includes(o)));
  });

  it('/v1/allocations offers no ?table nor ?project (its POST refuses them), and documents model, total, unit and weights.X', async () => {
    const { get } = (await doc).paths['/v1/allocations'];
    const line = get.description.split('\n').find((l) => l.startsWith('- Options stay options: '))!;
    expect(line).not.toMatch(/\btable\b|\bproject\b/);
    const params = Object.fromEntries(get.parameters.map((p) => [p.name, p]));
    for (const name of ['model', 'total', 'unit']) {
      expect(params[name], name).toBeDefined();
      expect(params[name].in).toBe('query');
      expect(params[name].required, name).toBe(true);
      expect((params[name].description ?? params[name].schema?.description ?? '').length, name).toBeGreaterThan(10);
    }
    expect(params.total.description ?? params.total.schema?.description).toContain('amount to split');
    expect(get.description).toContain('`weights.X` is `overrides.weights.X`');
  });

  it("/v1/allocations/compare: the baseline's names (model, total, unit) are its parameters too; /v1/evaluations takes no dataset", async () => {
    const d = await doc;
    const compare = d.paths['/v1/allocations/compare'].get.parameters.map((p) => p.name);
    expect(compare).toEqual(expect.arrayContaining(['model', 'total', 'unit', 'dataset']));
    const evaluations = d.paths['/v1/evaluations'].get;
    expect(evaluations.parameters.map((p) => p.name)).not.toContain('dataset');
    expect(evaluations.description).not.toContain('dataset=<id>');
  });
});
