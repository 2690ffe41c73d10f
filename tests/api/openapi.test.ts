/**
 * /openapi.json is a contract a generated client can trust (issue 11): every response part is typed (no
 * `{}` schema, which a generator turns into `any`), every answer the service really gives fits its schema with
 * no key the schema does not name, every operation carries a request example (each optimization kind too),
 * and each example, posted as it is — what /docs' "Try it out" sends — is answered 2xx.
 *
 * The answers checked are real: every golden scenario under scenarios/<resource>/ (src/scenarios/files.ts),
 * with and without ?explain=true, and every operation example. They are held against the schema taken from
 * /openapi.json itself by the small validator below, which reads an object schema without
 * `additionalProperties` as closed: a field the engine returns and the schema leaves out fails here.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { loadScenario, scenarioPaths, shortName } from '../../src/scenarios/files.js';

type Schema = Record<string, any>;
interface Operation {
  parameters?: { in: string; name: string; example?: unknown; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const app = createApp();
const ROOT = fileURLToPath(new URL('../../scenarios/', import.meta.url));
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

beforeAll(async () => {
  const res = await app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});

const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]) : s);

const KEYWORDS_THAT_TYPE = ['type', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', '$ref', 'not'];
/** A schema that says nothing of its value's shape: `{}` or only words. */
const saysNothing = (s: Schema) => typeof s === 'object' && !KEYWORDS_THAT_TYPE.some((k) => k in s);

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Why `value` does not fit `schema` (JSON Schema 2020-12 as OpenAPI 3.1 uses it), one line each; [] when it fits. */
function mismatches(schema: Schema, value: unknown, at = ''): string[] {
  const s = resolve(schema);
  const here = at || '/';
  if (s.allOf) return s.allOf.flatMap((x: Schema) => mismatches(x, value, at));
  if (s.anyOf || s.oneOf) {
    const branches: Schema[] = s.anyOf ?? s.oneOf;
    const fits = branches.filter((b) => mismatches(b, value, at).length === 0).length;
    if (s.oneOf ? fits !== 1 : fits === 0) {
      const why = branches.map((b) => mismatches(b, value, at).slice(0, 2).join('; '));
      return [`${here}: fits ${fits} of ${branches.length} branches (${why.join(' | ')})`];
    }
    if (!s.type) return [];
  }
  if ('const' in s && value !== s.const) return [`${here}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`];
  if (s.enum && !s.enum.includes(value)) return [`${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  if (s.type) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${here}: ${t}, expected ${types.join(' or ')}`];
  }
  if (Array.isArray(value)) return s.items ? value.flatMap((x, i) => mismatches(s.items, x, `${at}/${i}`)) : [];
  if (value === null || typeof value !== 'object') return [];
  if (saysNothing(s)) return []; // `{}` takes anything; the test of untyped parts finds it
  const props: Record<string, Schema> = s.properties ?? {};
  const out = (s.required ?? []).filter((k: string) => !(k in value)).map((k: string) => `${at}/${k}: required, missing`);
  for (const [k, v] of Object.entries(value)) {
    if (props[k]) out.push(...mismatches(props[k], v, `${at}/${k}`));
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...mismatches(s.additionalProperties, v, `${at}/${k}`));
    else if (s.additionalProperties !== true) out.push(`${at}/${k}: not in the schema`);
  }
  return out;
}

/** Every place under a response schema that says nothing of its value, by path (allOf's description-only parts aside). */
function untyped(schema: Schema, at: string, seen: Set<string>): string[] {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return untyped(resolve(schema), schema.$ref.replace('#/components/schemas/', '#'), seen);
  }
  if (saysNothing(schema)) return [at];
  const out: string[] = [];
  if (schema.allOf) {
    const typed = schema.allOf.filter((x: Schema) => !saysNothing(x));
    if (typed.length === 0) out.push(at);
    typed.forEach((x: Schema, i: number) => out.push(...untyped(x, `${at}/allOf/${i}`, seen)));
  }
  for (const k of ['anyOf', 'oneOf'] as const) schema[k]?.forEach((x: Schema, i: number) => out.push(...untyped(x, `${at}/${k}/${i}`, seen)));
  for (const [k, v] of Object.entries<Schema>(schema.properties ?? {})) out.push(...untyped(v, `${at}/${k}`, seen));
  if (schema.items) out.push(...untyped(schema.items, `${at}/items`, seen));
  if (schema.additionalProperties === true) out.push(`${at}/additionalProperties`);
  else if (typeof schema.additionalProperties === 'object') out.push(...untyped(schema.additionalProperties, `${at}/additionalProperties`, seen));
  return out;
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, op })),
  );

/** The operation's request examples by name: the media type's `examples`, or its one `example`. */
function requestExamples(op: Operation): Record<string, unknown> {
  const json = op.requestBody?.content['application/json'];
  if (!json) return {};
  const named = Object.fromEntries(Object.entries(json.examples ?? {}).map(([k, v]) => [k, v.value]));
  return json.example !== undefined ? { example: json.example, ...named } : named;
}

/** The query string "Try it out" fills in: every query parameter with an example, as Swagger UI does. */
function queryOfExamples(op: Operation): string {
  const filled = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.example ?? p.schema?.example] as const);
  return new URLSearchParams(filled.filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** Writes of the memory: their examples need a write key and stored data; each is posted by its own test (tests/api/scenarios-openapi.test.ts, saved-models-openapi.test.ts, datasets.test.ts …). */
const NEEDS_KEY_AND_DATA = new Set([
  '/v1/scenarios',
  '/v1/models/{kind}',
  '/v1/datasets',
  '/v1/keys',
  '/v1/tokens',
  // the project library's writes: posted with a key by tests/api/libraries.test.ts
  '/v1/libraries',
  '/v1/libraries/{id}/projects',
  '/v1/libraries/{id}/decisions',
]);

/** Posts `body` and holds the answer against the schema /openapi.json gives for its status and content type. */
async function expectDocumentedAnswer(route: string, query: string, body: unknown) {
  const url = query ? `${route}?${query}` : route;
  const res = await app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const op = doc.paths[route]?.post;
  expect(op, `${route} is in /openapi.json`).toBeDefined();
  const documented = op.responses[String(res.status)];
  expect(documented, `${url}: status ${res.status} is documented`).toBeDefined();
  const type = (res.headers.get('content-type') ?? '').split(';')[0];
  const text = await res.text();
  const content = documented.content?.[type];
  expect(content, `${url}: ${res.status} ${type} is documented`).toBeDefined();
  if (/json/.test(type)) expect(mismatches(content!.schema, JSON.parse(text)).slice(0, 20), `${url} (${res.status})`).toEqual([]);
  return res.status;
}

describe('/openapi.json: response schemas', () => {
  it('no response part, at any depth, is an untyped {} (a generated client would get `any`)', () => {
    const found: string[] = [];
    for (const { name, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        for (const [type, c] of Object.entries(r.content ?? {}))
          found.push(...untyped(c.schema, `${name} ${status} ${type}`, new Set()).map((p) => `${name} ${status}: ${p}`));
      }
    }
    expect(found).toEqual([]);
  });

  it('the validator is not a rubber stamp: a missing field, an extra key and a wrong type each fail', () => {
    // held against the one Problem schema every route shares (a route's own answer shape is its own tests')
    const schema = doc.paths['/v1/allocations'].post.responses['422'].content!['application/problem+json'].schema;
    const error = { pointer: '/total', code: 'thousands-separator', detail: 'x', detail_zh: '某' };
    const good = {
      type: '/problems/invalid-request',
      title: 't',
      title_zh: '标题',
      status: 422,
      code: 'thousands-separator',
      detail: 'd',
      detail_zh: '说明',
      errors: [error],
    };
    expect(mismatches(schema, good)).toEqual([]);
    expect(mismatches(schema, { ...good, errors: [{ ...error, secret: 1 }] })).toEqual(['/errors/0/secret: not in the schema']);
    expect(mismatches(schema, { ...good, status: '422' })).toEqual(['/status: string, expected integer']);
    const { code: _, ...noCode } = error;
    expect(mismatches(schema, { ...good, errors: [noCode] })).toEqual(['/errors/0/code: required, missing']);
    expect(mismatches(schema, { ...good, errors: 'none' }).length).toBeGreaterThan(0);
  });

  it("every documented problem example carries codes: one per issue, and the problem's own where it lists none", () => {
    const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
    let seen = 0;
    for (const { name, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        const content = r.content?.['application/problem+json'] as { schema: Schema; example?: any } | undefined;
        if (!content) continue;
        expect(content.example, `${name} ${status}`).toBeDefined();
        const example = content.example;
        expect(mismatches(content.schema, example), `${name} ${status}`).toEqual([]);
        for (const e of example.errors ?? []) expect(e.code, `${name} ${status} ${e.pointer}`).toMatch(KEBAB);
        if (!example.errors) expect(example.code, `${name} ${status}`).toMatch(KEBAB);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
    const problem = doc.components.schemas.Problem;
    expect(resolve(problem.properties.errors).items.required).toContain('code');
    expect(problem.properties.code).toBeDefined();
  });

  const files = scenarioPaths(ROOT).map((path) => [shortName(path, ROOT), loadScenario(path)] as const);
  it.each(files)('scenario %s: the answer, with and without ?explain=true, fits its documented schema exactly', async (_, scenario) => {
    const plain = (scenario.query ?? '')
      .split('&')
      .filter((p) => p && p !== 'explain=true')
      .join('&');
    await expectDocumentedAnswer(scenario.route, plain, scenario.request);
    await expectDocumentedAnswer(scenario.route, [plain, 'explain=true'].filter(Boolean).join('&'), scenario.request);
  });
});

describe('one version', () => {
  it("GET /, /health and /openapi.json name the version every answer's provenance names", async () => {
    const { SERVICE_VERSION } = await import('../../src/version.js');
    const index = (await (await app.request('/')).json()) as { version: string };
    const health = (await (await app.request('/health')).json()) as { version: string };
    expect([index.version, health.version, (doc as unknown as { info: { version: string } }).info.version]).toEqual([
      SERVICE_VERSION,
      SERVICE_VERSION,
      SERVICE_VERSION,
    ]);
  });
});

describe('/openapi.json: request examples ("Try it out")', () => {
  it('every operation with a body has a JSON request example', () => {
    const without = operations()
      .filter(({ op }) => op.requestBody)
      .filter(({ op }) => Object.keys(requestExamples(op)).length === 0)
      .map(({ name }) => name);
    expect(without).toEqual([]);
    expect(operations().filter(({ op }) => op.requestBody).length).toBeGreaterThanOrEqual(7);
  });

  it('POST /v1/optimizations has an example of every kind: regions, portfolio, sources', () => {
    const kinds = Object.values(requestExamples(doc.paths['/v1/optimizations'].post)).map((e) => (e as { kind: string }).kind);
    expect(kinds.sort()).toEqual(['portfolio', 'regions', 'sources']);
  });

  it('every example, posted as it is with the query Try it out fills in, answers 2xx, and fits its schema exactly (with ?explain=true too)', async () => {
    let posted = 0;
    for (const { name, path, method, op } of operations()) {
      if (method !== 'post' || NEEDS_KEY_AND_DATA.has(path)) continue;
      for (const [example, body] of Object.entries(requestExamples(op))) {
        const status = await expectDocumentedAnswer(path, '', body);
        expect(status, `${name} example "${example}"`).toBeLessThan(300);
        const query = queryOfExamples(op);
        expect(await expectDocumentedAnswer(path, query, body), `${name}?${query} example "${example}" (Try it out)`).toBeLessThan(300);
        await expectDocumentedAnswer(path, 'explain=true', body);
        posted++;
      }
    }
    expect(posted).toBeGreaterThanOrEqual(9);
  }, 60_000);
});
