/**
 * The request fuzzer shared by the Node suite (tests/fuzz/fuzz.test.ts, against the real Node entry over HTTP)
 * and the workerd suite (tests/workers/fuzz.test.ts, against the Worker entry). Web standards and fast-check
 * only — no Node built-ins — so it runs inside workerd too.
 *
 * Requests come from the service's own description: every operation of /openapi.json (its request JSON
 * schemas, generated from the zod schemas, and their examples), the golden request bodies under scenarios/,
 * and mutations of those valid seeds (wrong types, prototype names as values and keys, deep nesting, huge and
 * tiny numbers as raw JSON literals, bad decimal strings, control characters and lone surrogates, unknown and
 * missing keys, duplicated ids, broken bodies, wrong content types, bad query strings, wrong methods).
 *
 * Every answer is checked by `checkResponse`: never a 5xx, a 4xx is bilingual application/problem+json with a
 * code for each issue (or for the problem when it lists none), a
 * 2xx says no "undefined"/"NaN"/"[object Object]" the request did not, CSV/TSV cells cannot run as formulas,
 * and no request takes longer than BOUND_MS. Generated solver options are clamped (timeLimitMs ≤ 2,000,
 * workLimit kept small) so that no generated case may legitimately take long: the service's own default
 * budget is 5 s, well inside the bound.
 */
import fc from 'fast-check';

/** No request may take longer than this (ms): the solver's default budget (5 s) plus room for a loaded machine. */
export const BOUND_MS = 10_000;

/** Generated solver options never ask for more than this (ms). */
export const MAX_GENERATED_TIME_LIMIT_MS = 2_000;

/** Generated arrays stay small (≤ 6 regions/projects) so solves are quick. */
const MAX_ITEMS = 6;

// ---------------------------------------------------------------------------------------------------------
// JSON values with verbatim parts

/** JSON text written as-is: 1e400, 100,000 levels of nesting, "\ud800" (no JS value serialises to these). */
export class Raw {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | number | string | Raw | Json[] | { [key: string]: Json };

/** JSON.stringify that writes Raw parts verbatim and keeps own "__proto__" keys. */
export function toJsonText(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(toJsonText).join(',') + ']';
  return (
    '{' +
    Object.keys(value)
      .map((k) => JSON.stringify(k) + ':' + toJsonText(value[k]))
      .join(',') +
    '}'
  );
}

/** A plain object with the given own entries, "__proto__" included as an ordinary own key. */
function objectOf(entries: [string, Json][]): { [key: string]: Json } {
  const o: { [key: string]: Json } = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function clone(value: Json): Json {
  if (value === null || typeof value !== 'object' || value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(clone);
  return objectOf(Object.keys(value).map((k) => [k, clone(value[k])]));
}

type Segment = string | number;

/** Every path into a value (the root excluded), objects and arrays included. */
function pathsOf(value: Json, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (value === null || typeof value !== 'object' || value instanceof Raw) return out;
  const keys: Segment[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  for (const k of keys) {
    const p = [...prefix, k];
    out.push(p);
    pathsOf((value as any)[k], p, out);
  }
  return out;
}

function getAt(value: Json, path: Segment[]): Json {
  let v: any = value;
  for (const s of path) v = v?.[s];
  return v;
}

/** A copy with the value at `path` replaced (undefined: removed); missing objects on the way are made. */
function setAt(value: Json, path: Segment[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const root = clone(value) ?? {};
  if (typeof root !== 'object' || root instanceof Raw) return setAt({}, path, replacement);
  let parent: any = root;
  for (const seg of path.slice(0, -1)) {
    let child = parent[seg];
    if (!child || typeof child !== 'object' || child instanceof Raw) {
      child = {};
      Object.defineProperty(parent, seg, { value: child, enumerable: true, writable: true, configurable: true });
    }
    parent = child;
  }
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    if (replacement === undefined) parent.splice(last, 1);
    else parent[last] = replacement;
  } else if (replacement === undefined) delete parent[last];
  else Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  return root;
}

/** A copy whose object at `path` has key `from` renamed to `to` (order kept). */
function renameKeyAt(value: Json, path: Segment[], from: string, to: string): Json {
  const obj = getAt(value, path) as { [key: string]: Json };
  const renamed = objectOf(Object.keys(obj).map((k) => [k === from ? to : k, obj[k]]));
  return setAt(value, path, renamed);
}

export const pointer = (path: Segment[]) => path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

// ---------------------------------------------------------------------------------------------------------
// The hostile values

export const PROTOTYPE_NAMES = [
  'toString',
  'valueOf',
  'constructor',
  'hasOwnProperty',
  '__proto__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  'prototype',
] as const;

/** 5,000 and 100,000 levels of {"a": …} or [[…]], as raw text (no JS engine could stringify them). */
export function deepNest(levels: number, kind: 'object' | 'array'): Raw {
  return kind === 'object' ? new Raw('{"a":'.repeat(levels) + '1' + '}'.repeat(levels)) : new Raw('['.repeat(levels) + '1' + ']'.repeat(levels));
}

const HOSTILE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-1e-400',
  '123456789012345678901234567890',
  '-0',
  '0.1e-7',
  '1e308',
  '5e-324',
  '9007199254740993',
  '1.0000000000000000001',
  '0.30000000000000004',
  '-1',
  '0',
  '1E2',
].map((t) => new Raw(t));

const BAD_DECIMALS = [
  'NaN',
  '1e400',
  '12,345',
  '5万',
  ' 100 ',
  '',
  '60%',
  'Infinity',
  '-Infinity',
  '-0',
  '0x10',
  '1e-400',
  '１２３',
  '1_000',
  '+5',
  '.5',
  '5.',
  '00012',
  '1e-61',
  '0.' + '0'.repeat(60) + '1',
  '9'.repeat(40),
  '-5',
  '1/3',
  '150%',
];

const CONTROL_STRINGS: Json[] = [
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\u200f',
  '\u2066x\u2069',
  '\t',
  '\r\n',
  '\u001b[31m',
  '\ufeff',
  'A'.repeat(10_000),
  new Raw('"\\ud800"'),
  new Raw('"a\\udfffb"'),
  new Raw('"\\u0000"'),
];

/** Text a spreadsheet would run as a formula unless neutralised (OWASP CSV injection). */
const FORMULA_STRINGS = ['-1+1', "-2+3+cmd|' /C calc'!A0", '=1+1', '+1+1', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("http://x")'];

/** JSON numbers no double holds exactly: refused, never rounded (issue 10, item 8). */
const INEXACT_NUMBERS = new Set(['1e400', '-1e400', '1e-400', '-1e-400', '123456789012345678901234567890', '9007199254740993', '1.0000000000000000001']);
/** Text that is no decimal in the service's grammar (items 3, 5 and 8): refused where a number was. */
const NOT_DECIMALS = new Set(['NaN', 'Infinity', '-Infinity', '12,345', '5万', ' 100 ', '', '0x10', '１２３', '1_000', '1e400', ...PROTOTYPE_NAMES]);
/** Ids and names refuse these (item 8): NUL, ESC, the bidi override; and lone surrogates (written as raw escapes). */
const notInIds = (v: Json) =>
  v instanceof Raw
    ? /\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(v.text)
    : typeof v === 'string' && /[\u0000\u001b\u202e]/.test(v);

const IDENTIFIER_KEYS = new Set([
  'id',
  'name',
  'title',
  'version',
  'ref',
  'code',
  'note',
  'description',
  'county',
  'region',
  'town',
  'village',
  'category',
  'source',
  'parent',
  'level',
  'period',
  'date',
  'from',
  'to',
  'reportDate',
]);

/**
 * Why `replacement` put where `original` was must be refused, if it must: an inexact number anywhere, no
 * decimal where a number was, a control character or lone surrogate in an id or a name.
 */
function mustRefuse(path: Segment[], original: Json, replacement: Json): string | undefined {
  if (replacement instanceof Raw && INEXACT_NUMBERS.has(replacement.text)) return `the number ${replacement.text}, which no double holds exactly`;
  const last = path[path.length - 1];
  // a decimal string, not an id that happens to be digits ("510821"), nor an item of a list of ids
  const decimalText = typeof original === 'string' && /^-?\d+(\.\d+)?$/.test(original) && typeof last === 'string' && !IDENTIFIER_KEYS.has(last);
  if ((typeof original === 'number' || decimalText) && typeof replacement === 'string' && NOT_DECIMALS.has(replacement)) {
    return `${JSON.stringify(replacement)} where a number was`;
  }
  if ((last === 'id' || last === 'name') && typeof original === 'string') {
    if (notInIds(replacement)) return `${describe(replacement)} in an ${last}`;
  }
  return undefined;
}

const WRONG_TYPES: Json[] = [0, 1, -1, 0.5, true, false, null, '', 'x', [], {}, [1], { a: 1 }, [null], 'null', 'true'];

const leafValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 3, arbitrary: fc.constantFrom<Json>(...PROTOTYPE_NAMES) },
  { weight: 3, arbitrary: fc.constantFrom<Json>(...HOSTILE_NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom<Json>(...BAD_DECIMALS) },
  { weight: 3, arbitrary: fc.constantFrom<Json>(...CONTROL_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom<Json>(...FORMULA_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(deepNest(5_000, 'object'), deepNest(5_000, 'array')) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(deepNest(100_000, 'object'), deepNest(100_000, 'array')) },
);

// ---------------------------------------------------------------------------------------------------------
// JSON Schema (OpenAPI 3.1) → fast-check

export type Schema = { [key: string]: any };
export interface OpenApiDoc {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 20 && s && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s ?? {};
}

/** Decimal-looking text near a schema's example: "120.00" → "3.5", "0", "120.00", "98765.43". */
const decimalText = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
  fc.constantFrom('0', '1', '0.5', '0.6', '1.00', '100'),
);

const keyText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'x', 'A', 'B', 'P01', 'T1', 'industry', 'beneficiaries') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
);

function isDecimalExample(example: unknown): boolean {
  return typeof example === 'string' && /^-?\d+(\.\d+)?$/.test(example);
}

/** An arbitrary for values of `schema`, small by design; `depth` stops recursive schemas (pipelines). */
export function arbitraryFor(doc: OpenApiDoc, schema: Schema, depth = 0): fc.Arbitrary<Json> {
  const s = resolve(doc, schema);
  if (depth > 8) return fc.constant(s.example ?? null);
  const next = (sub: Schema) => arbitraryFor(doc, sub, depth + 1);
  const alternatives = s.oneOf ?? s.anyOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map(next));
  if (Array.isArray(s.allOf)) return next(Object.assign({}, ...s.allOf.map((p: Schema) => resolve(doc, p))));
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as Json[]));
  if ('const' in s) return fc.constant(s.const as Json);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (type.length > 1) return fc.oneof(...type.map((t: string) => next({ ...s, type: t })));
  const withExample = (a: fc.Arbitrary<Json>) =>
    s.example !== undefined ? fc.oneof({ weight: 1, arbitrary: fc.constant(s.example as Json) }, { weight: 2, arbitrary: a }) : a;
  switch (type[0]) {
    case 'string': {
      if (s.pattern) return fc.constant((s.example as Json) ?? 'a'); // patterns: the example, not a regex engine
      const max = Math.min(s.maxLength ?? 12, 12);
      const min = Math.min(s.minLength ?? 0, max);
      const text = fc.string({ minLength: min, maxLength: max });
      return withExample(isDecimalExample(s.example) ? fc.oneof(decimalText, text) : text);
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
      const lo = Math.max(Math.ceil(min), -(2 ** 31));
      const hi = Math.min(Math.floor(max), 2 ** 31 - 1);
      const int = lo <= hi ? fc.integer({ min: lo, max: hi }) : fc.constant(min as Json);
      return withExample(type[0] === 'integer' ? int : fc.oneof(int, fc.double({ min, max, noNaN: true, noDefaultInfinity: true })));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? MAX_ITEMS, Math.max(minLength, MAX_ITEMS));
      return withExample(fc.array(next(s.items ?? {}), { minLength, maxLength }));
    }
    case 'object': {
      const props: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) props[k] = next(v);
      const record = fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
      const extra = s.additionalProperties;
      if (extra && typeof extra === 'object') {
        const exampleKeys = s.example && typeof s.example === 'object' ? Object.keys(s.example) : [];
        const key = exampleKeys.length ? fc.oneof(fc.constantFrom(...exampleKeys), keyText) : keyText;
        const dict = fc.dictionary(key, next(extra), { maxKeys: 3 });
        return withExample(fc.tuple(record, dict).map(([r, d]) => ({ ...d, ...r }) as Json));
      }
      return withExample(record as fc.Arbitrary<Json>);
    }
    default:
      // {}: any JSON (merge patches, evaluation values): small
      return withExample(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>);
  }
}

/** The schema of the value at `path` under `schema`, if the schema says. */
function schemaAt(doc: OpenApiDoc, schema: Schema, path: Segment[]): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const seg of path) {
    if (!s) return undefined;
    s = resolve(doc, s);
    const alternatives: Schema[] | undefined = s.oneOf ?? s.anyOf;
    if (alternatives) {
      s = alternatives.map((a) => resolve(doc, a)).find((a) => (typeof seg === 'number' ? a.items : (a.properties?.[seg] ?? a.additionalProperties)));
      if (!s) return undefined;
    }
    if (typeof seg === 'number') s = s.items;
    else s = s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  }
  return s;
}

/** Pointers of the free-form objects in a schema (merge patches: `additionalProperties: {}`), e.g. /overrides/pipeline. */
export function freeFormPaths(doc: OpenApiDoc, schema: Schema, prefix: Segment[] = [], depth = 0, out: Segment[][] = []): Segment[][] {
  const s = resolve(doc, schema);
  if (depth > 4) return out;
  for (const alt of s.oneOf ?? s.anyOf ?? []) freeFormPaths(doc, alt, prefix, depth + 1, out);
  for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
    const r = resolve(doc, v);
    const p = [...prefix, k];
    if (r.type === 'object' && r.additionalProperties && Object.keys(r.additionalProperties).length === 0 && !r.properties) out.push(p);
    else freeFormPaths(doc, v, p, depth + 1, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Cases

export interface FuzzCase {
  /** Which family made it: schema, seed, overlay, mutation, raw, query, method, path. */
  family: string;
  /** What was done, for the report: "/regions/0/id ← \"toString\"". */
  label: string;
  method: string;
  /** Path and query. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The status this case must get, when the contract fixes it (405 for a wrong method on an existing path). */
  expectStatus?: number;
  /** Why this request must be refused with a 4xx, if it must (an inexact number, a bad decimal, NUL in an id). */
  mustRefuse?: string;
}

export interface Operation {
  method: string;
  /** The route as documented, e.g. /v1/models/{id}. */
  route: string;
  schema?: Schema;
  queryNames: string[];
  seeds: Json[];
}

/** The documented operations with their request schemas and example bodies, plus the seeds given by route. */
export function operationsOf(doc: OpenApiDoc, seedsByRoute: Record<string, Json[]> = {}): Operation[] {
  const ops: Operation[] = [];
  for (const [route, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries<any>(byMethod)) {
      const schema: Schema | undefined = op.requestBody?.content?.['application/json']?.schema;
      const seeds: Json[] = [];
      if (schema) {
        const s = resolve(doc, schema);
        if (s.example) seeds.push(s.example);
        for (const alt of s.oneOf ?? s.anyOf ?? []) {
          const a = resolve(doc, alt);
          if (a.example && typeof a.example === 'object') seeds.push(a.example);
        }
      }
      seeds.push(...(seedsByRoute[route] ?? []));
      const queryNames = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
      ops.push({ method: method.toUpperCase(), route, schema, queryNames, seeds });
    }
  }
  return ops;
}

/** Clamp solver options so no generated case may legitimately run long (see BOUND_MS). */
export function clampSolver(body: Json): Json {
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof Raw) return body;
  const solver = body.solver;
  if (!solver || typeof solver !== 'object' || Array.isArray(solver) || solver instanceof Raw) return body;
  const clamped: { [key: string]: Json } = { ...solver };
  if (typeof clamped.timeLimitMs === 'number' && clamped.timeLimitMs > MAX_GENERATED_TIME_LIMIT_MS) {
    clamped.timeLimitMs = MAX_GENERATED_TIME_LIMIT_MS;
  }
  const work = clamped.workLimit;
  if (work && typeof work === 'object' && !Array.isArray(work) && !(work instanceof Raw)) {
    const w: { [key: string]: Json } = { ...work };
    if (typeof w.mipNodes === 'number' && w.mipNodes > 5_000) w.mipNodes = 5_000;
    if (typeof w.simplexIterations === 'number' && w.simplexIterations > 200_000) w.simplexIterations = 200_000;
    clamped.workLimit = w;
  }
  return { ...body, solver: clamped };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A seed with one thing changed at a random place: the mutations of the issue. */
type Mutated = { label: string; body: Json; mustRefuse?: string };

function mutationOf(doc: OpenApiDoc, op: Operation, seed: Json): fc.Arbitrary<Mutated> {
  const paths = pathsOf(seed);
  const objectPaths: Segment[][] = [
    [],
    ...paths.filter((p) => {
      const v = getAt(seed, p);
      return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);
    }),
  ];
  const arrayPaths = paths.filter((p) => Array.isArray(getAt(seed, p)) && (getAt(seed, p) as Json[]).length > 0);
  const stringPaths = paths.filter((p) => typeof getAt(seed, p) === 'string');
  const keyed = objectPaths.filter((p) => Object.keys(getAt(seed, p) as object).length > 0);
  const freeForm = op.schema ? freeFormPaths(doc, op.schema) : [];
  const pick = <T>(xs: T[]) => fc.nat({ max: Math.max(0, xs.length - 1) }).map((i) => xs[i]);
  const choices: { weight: number; arbitrary: fc.Arbitrary<Mutated> }[] = [];
  if (paths.length) {
    // a leaf or subtree replaced by a hostile value
    choices.push({
      weight: 6,
      arbitrary: fc
        .tuple(pick(paths), leafValue)
        .map(([p, v]) => ({ label: `${pointer(p)} ← ${describe(v)}`, body: setAt(seed, p, v), mustRefuse: mustRefuse(p, getAt(seed, p), v) })),
    });
    // a key removed (a required one, often)
    choices.push({ weight: 1, arbitrary: pick(paths).map((p) => ({ label: `${pointer(p)} removed`, body: setAt(seed, p, undefined) })) });
    // a subtree regenerated from its own schema
    if (op.schema) {
      const schema = op.schema;
      choices.push({
        weight: 2,
        arbitrary: pick(paths).chain((p) => {
          const sub = schemaAt(doc, schema, p);
          return sub
            ? arbitraryFor(doc, sub).map((v) => ({ label: `${pointer(p)} ← generated ${describe(v)}`, body: setAt(seed, p, v) }))
            : fc.constant({ label: `${pointer(p)} ← null`, body: setAt(seed, p, null) });
        }),
      });
    }
  }
  if (stringPaths.length) {
    // ids, names, categories, decimals: prototype names, bad decimals, control characters, formulas
    const text = fc.oneof(
      fc.constantFrom<Json>(...PROTOTYPE_NAMES),
      fc.constantFrom<Json>(...BAD_DECIMALS),
      fc.constantFrom(...CONTROL_STRINGS),
      fc.constantFrom<Json>(...FORMULA_STRINGS),
    );
    choices.push({
      weight: 5,
      arbitrary: fc
        .tuple(pick(stringPaths), text)
        .map(([p, v]) => ({ label: `${pointer(p)} ← ${describe(v)}`, body: setAt(seed, p, v), mustRefuse: mustRefuse(p, getAt(seed, p), v) })),
    });
  }
  if (keyed.length) {
    // a key renamed to a prototype name (indicator ids, benefit measures, town caps, fields)
    choices.push({
      weight: 3,
      arbitrary: fc.tuple(pick(keyed), fc.nat(), fc.constantFrom(...PROTOTYPE_NAMES)).map(([p, i, name]) => {
        const keys = Object.keys(getAt(seed, p) as object);
        const from = keys[i % keys.length];
        return { label: `${pointer(p)}: key "${from}" renamed "${name}"`, body: renameKeyAt(seed, p, from, name) };
      }),
    });
  }
  // a key added: unknown, or a prototype name, with a plain or hostile value
  choices.push({
    weight: 2,
    arbitrary: fc
      .tuple(
        pick(objectPaths),
        fc.constantFrom('extra', 'unknownField', ...PROTOTYPE_NAMES),
        fc.oneof(fc.constant<Json>({}), fc.constant<Json>('x'), leafValue),
      )
      .map(([p, k, v]) => ({
        label: `${pointer(p)} + key "${k}": ${describe(v)}`,
        body: setAt(seed, [...p, k], v),
      })),
  });
  if (arrayPaths.length) {
    // duplicated items (ids) and emptied arrays
    choices.push({
      weight: 2,
      arbitrary: fc.tuple(pick(arrayPaths), fc.boolean()).map(([p, empty]) => {
        const arr = getAt(seed, p) as Json[];
        return empty
          ? { label: `${pointer(p)} emptied`, body: setAt(seed, p, []) }
          : { label: `${pointer(p)}/0 duplicated`, body: setAt(seed, p, [...arr, clone(arr[0])]) };
      }),
    });
  }
  if (freeForm.length) {
    // merge patches nested deep (mergePatch/composePatches recursion)
    choices.push({
      weight: 2,
      arbitrary: fc.tuple(pick(freeForm), fc.constantFrom(1_000, 5_000, 100_000)).map(([p, n]) => ({
        label: `${pointer(p)} ← {"a": …} × ${n}`,
        body: setAt(seed, p, deepNest(n, 'object')),
      })),
    });
  }
  return fc.oneof(...choices);
}

function describe(v: Json): string {
  const t = v instanceof Raw ? v.text : JSON.stringify(v);
  return t.length > 60 ? `${t.slice(0, 40)}… (${t.length} chars)` : t;
}

/** Broken bodies and wrong content types. */
function rawBodyOf(seedText: string): fc.Arbitrary<{ label: string; headers: Record<string, string>; body?: string }> {
  return fc.oneof(
    fc.nat({ max: Math.max(0, seedText.length - 1) }).map((n) => ({ label: `truncated at ${n}`, headers: JSON_HEADERS, body: seedText.slice(0, n) })),
    fc.constantFrom(
      { label: 'text/plain', headers: { 'content-type': 'text/plain' }, body: seedText },
      { label: 'form content type', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: seedText },
      { label: 'no content type', headers: {} as Record<string, string>, body: seedText },
      { label: 'json; charset=latin1', headers: { 'content-type': 'application/json; charset=latin1' }, body: seedText },
      { label: 'multipart', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n' + seedText + '\r\n--x--' },
      { label: 'empty body', headers: JSON_HEADERS, body: '' },
      { label: 'no body', headers: JSON_HEADERS, body: undefined },
      { label: 'body null', headers: JSON_HEADERS, body: 'null' },
      { label: 'body []', headers: JSON_HEADERS, body: '[]' },
      { label: 'body 1', headers: JSON_HEADERS, body: '1' },
      { label: 'body "x"', headers: JSON_HEADERS, body: '"x"' },
      { label: 'BOM + JSON', headers: JSON_HEADERS, body: '\ufeff' + seedText },
      { label: 'trailing garbage', headers: JSON_HEADERS, body: seedText + 'x' },
      { label: 'duplicate key first', headers: JSON_HEADERS, body: seedText.replace(/^\{/, '{"__proto__":{"polluted":1},') },
      { label: 'body 1e400', headers: JSON_HEADERS, body: '1e400' },
      { label: 'deep array body', headers: JSON_HEADERS, body: deepNest(100_000, 'array').text },
      { label: 'deep object body', headers: JSON_HEADERS, body: deepNest(100_000, 'object').text },
      { label: 'NUL bytes', headers: JSON_HEADERS, body: '\u0000'.repeat(16) },
      { label: 'lone surrogate in text', headers: JSON_HEADERS, body: seedText.replace(/"/, '"\ud800') },
    ),
  );
}

const BAD_QUERIES = [
  'format=xls',
  'format=value',
  'column=id',
  'explain=maybe',
  'explain=1',
  'explain=true&format=csv',
  'foo=1',
  'format=',
  'format=csv&format=json',
  'table=nope',
  'explain=true&explain=false',
  '__proto__=1',
  'toString=1',
  'format=CSV',
  'format=%00',
];

/** Query strings: valid (CSV and TSV are checked for formula cells; XML, XLSX and one cell too), invalid and unknown. */
function queryOf(op: Operation): fc.Arbitrary<string> {
  const valid = ['format=csv', 'format=tsv', 'format=json', 'format=xml', 'format=xlsx', 'format=value&column=id'];
  if (op.queryNames.includes('explain')) valid.push('explain=true', 'explain=false');
  if (op.queryNames.includes('table')) valid.push('format=csv&table=projects', 'format=csv&table=alerts', 'format=tsv&table=regions');
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_QUERIES) },
  );
}

/** The request cases for one body-taking operation: `runs` of them, deterministic for a seed. */
export function casesForOperation(doc: OpenApiDoc, op: Operation, runs: number, seed: number): FuzzCase[] {
  if (!op.schema) return [];
  const seeds = op.seeds.length ? op.seeds : [null];
  const seedArb = fc.constantFrom(...seeds);
  const make = (family: string, label: string, body: Json, query: string, mustRefuse?: string): FuzzCase => ({
    family,
    label,
    method: op.method,
    url: op.route + (query ? '?' + query : ''),
    headers: JSON_HEADERS,
    body: toJsonText(clampSolver(body)),
    mustRefuse,
  });
  const schemaCases = fc.tuple(arbitraryFor(doc, op.schema), queryOf(op)).map(([b, q]) => make('schema', 'generated from the schema', b, q));
  const seedCases = fc.tuple(fc.nat({ max: seeds.length - 1 }), queryOf(op)).map(([i, q]) => make('seed', `seed #${i} as is`, seeds[i], q));
  const overlayCases = fc.tuple(seedArb, arbitraryFor(doc, op.schema), fc.nat(), queryOf(op)).map(([s, g, n, q]) => {
    if (!s || typeof s !== 'object' || Array.isArray(s) || !g || typeof g !== 'object' || Array.isArray(g)) return make('overlay', 'generated', g, q);
    const keys = Object.keys(g as object).filter((_, i) => ((n >> i) & 1) === 1);
    const merged = { ...(s as object), ...Object.fromEntries(keys.map((k) => [k, (g as any)[k]])) } as Json;
    return make('overlay', `seed with ${keys.join(', ') || 'nothing'} generated`, merged, q);
  });
  const mutationCases = fc
    .tuple(seedArb, queryOf(op))
    .chain(([s, q]) => mutationOf(doc, op, s).map((m) => make('mutation', m.label, m.body, q, m.mustRefuse)));
  const rawCases = seedArb.chain((s) =>
    rawBodyOf(toJsonText(s)).map((r) => ({ family: 'raw', label: r.label, method: op.method, url: op.route, headers: r.headers, body: r.body }) as FuzzCase),
  );
  const all = fc.oneof(
    { weight: 2, arbitrary: schemaCases },
    { weight: 1, arbitrary: seedCases },
    { weight: 2, arbitrary: overlayCases },
    { weight: 8, arbitrary: mutationCases },
    { weight: 2, arbitrary: rawCases },
  );
  // every seed once, unchanged, then the generated cases
  const fixed = seeds.map((s, i) => make('seed', `seed #${i} as is`, s, ''));
  return [...fixed, ...fc.sample(all, { seed, numRuns: runs })];
}

/**
 * Prototype names put systematically, not by chance: every string value and every object key of every seed
 * in turn becomes one of PROTOTYPE_NAMES (ids, indicator names, inputs, grades, source ids, categories,
 * benefit measures…). At most `limit` cases, spread evenly over the seeds' places.
 */
export function prototypeNameCases(op: Operation, limit: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  op.seeds.forEach((seed, s) => {
    for (const p of pathsOf(seed)) {
      const v = getAt(seed, p);
      const name = PROTOTYPE_NAMES[cases.length % PROTOTYPE_NAMES.length];
      const parent = p.slice(0, -1);
      const key = p[p.length - 1];
      const body = typeof v === 'string' ? setAt(seed, p, name) : typeof key === 'string' ? renameKeyAt(seed, parent, key, name) : undefined;
      if (body === undefined) continue;
      const label = typeof v === 'string' ? `seed #${s} ${pointer(p)} ← "${name}"` : `seed #${s} ${pointer(parent)}: key "${key}" renamed "${name}"`;
      const refuse = typeof v === 'string' ? mustRefuse(p, v, name) : undefined;
      cases.push({
        family: 'prototype',
        label,
        method: op.method,
        url: op.route,
        headers: JSON_HEADERS,
        body: toJsonText(clampSolver(body)),
        mustRefuse: refuse,
      });
    }
  });
  if (cases.length <= limit) return cases;
  const step = cases.length / limit;
  return Array.from({ length: limit }, (_, i) => cases[Math.floor(i * step)]);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/**
 * GET routes with their documented and hostile path parameters, every path with every other method (404 or
 * 405 problem+json), the service's own pages and unknown paths.
 */
export function casesForPaths(doc: OpenApiDoc, thorough = true): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const ids = thorough
    ? ['sichuan-2024', 'seed004-gaoxin-2021', 'default', ...PROTOTYPE_NAMES, 'nope', '%00', '%E2%80%AE', '..%2F..%2Fetc', 'a'.repeat(300), '%F0%9F%98%80']
    : ['sichuan-2024', '__proto__', '%00'];
  const documented = new Map<string, string[]>();
  for (const [route, byMethod] of Object.entries(doc.paths))
    documented.set(
      route,
      Object.keys(byMethod).map((m) => m.toUpperCase()),
    );
  for (const [route, methods] of documented) {
    const urls = route.includes('{') ? ids.map((id) => route.replace(/\{[^}]+\}/, id)) : [route];
    for (const url of urls) {
      for (const method of METHODS) {
        const declared = methods.includes(method);
        if (declared && method === 'POST') continue; // bodies: casesForOperation
        const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
        const expectStatus = wrongMethod(methods, method) ? 405 : undefined;
        cases.push({ family: declared ? 'route' : 'method', label: `${method} ${url}`, method, url, headers: body ? JSON_HEADERS : {}, body, expectStatus });
      }
      if (methods.includes('GET'))
        for (const q of BAD_QUERIES.slice(0, thorough ? 4 : 2))
          cases.push({ family: 'query', label: `GET ${url}?${q}`, method: 'GET', url: `${url}?${q}`, headers: {} });
    }
  }
  // a body over the 5 MB limit, sent whole (clients such as Python's urllib send it all before reading): 413
  const posts = [...documented].filter(([, m]) => m.includes('POST')).map(([route]) => route);
  for (const url of thorough ? posts : posts.slice(0, 1)) {
    const body = '{"regions":[' + '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",'.repeat(120_000) + '"x"]}';
    cases.push({
      family: 'path',
      label: `POST ${url} with a ${Math.round(body.length / 1e6)} MB body`,
      method: 'POST',
      url,
      headers: JSON_HEADERS,
      body,
      expectStatus: 413,
    });
  }
  const pages = ['/', '/health', '/docs', '/openapi.json', ...['not-found', 'invalid-request', ...PROTOTYPE_NAMES].map((k) => `/problems/${k}`)];
  const unknown = [
    '/v1',
    '/v1/',
    '/v1/nope',
    '/v1/allocations/x',
    '/v1//allocations',
    '/v1/allocations/',
    '/V1/ALLOCATIONS',
    '/%00',
    '/v1/models/a/b',
    '/' + 'x'.repeat(5000),
    '/v1/__proto__',
    '/v1/constructor',
    '/docs/assets/nope.js',
  ];
  const some = [
    '/',
    '/health',
    '/openapi.json',
    '/problems/__proto__',
    '/problems/toString',
    '/v1/nope',
    '/v1//allocations',
    '/' + 'x'.repeat(5000),
    '/v1/__proto__',
  ];
  for (const url of thorough ? [...pages, ...unknown] : some) {
    for (const method of METHODS) {
      const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
      // the service's own pages answer GET only
      const expectStatus = pages.includes(url) && wrongMethod(['GET'], method) ? 405 : undefined;
      cases.push({ family: 'path', label: `${method} ${url}`, method, url, headers: body ? JSON_HEADERS : {}, body, expectStatus });
    }
  }
  return cases;
}

/** A method a path with these methods must refuse with 405 (HEAD rides on GET; OPTIONS is CORS's). */
function wrongMethod(declared: string[], method: string): boolean {
  if (declared.includes(method) || method === 'OPTIONS') return false;
  return !(method === 'HEAD' && declared.includes('GET'));
}

/** Where each scenario file's request goes: the folder names it, else its own `route`, else allocations. */
export function scenarioRoute(file: string, scenario: { route?: unknown }): string | undefined {
  if (typeof scenario.route === 'string') return scenario.route.replace(/^POST\s+/, '');
  if (file.includes('/oracle/')) return undefined;
  if (file.includes('/optimizations/')) return '/v1/optimizations';
  if (file.includes('/rankings/')) return '/v1/rankings';
  if (file.includes('/evaluations/')) return '/v1/evaluations';
  if (file.includes('/monitoring/')) return '/v1/monitoring';
  if (file.includes('/checks/')) return '/v1/checks/industry-share';
  return '/v1/allocations';
}

// ---------------------------------------------------------------------------------------------------------
// The checks

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
  allow?: string | null;
}

export interface Violation {
  /** Which rule: 5xx, problem+json, slow, hang, garbled, formula, say-nothing. */
  rule: string;
  message: string;
}

const GARBLE = ['undefined', 'NaN', '[object Object]'];

/** Every string in a JSON value. */
function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) stringsOf((v as any)[k], out);
  return out;
}

/** RFC 4180 cells (quoted fields with doubled quotes), or tab-separated. */
export function cellsOf(text: string, separator: ',' | '\t'): string[] {
  const cells: string[] = [];
  const t = text.replace(/^\ufeff/, '');
  let i = 0;
  while (i <= t.length) {
    let cell = '';
    if (separator === ',' && t[i] === '"') {
      i++;
      while (i < t.length) {
        if (t[i] === '"' && t[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (t[i] === '"') {
          i++;
          break;
        } else cell += t[i++];
      }
    }
    while (i < t.length && t[i] !== separator && t[i] !== '\n' && !(t[i] === '\r' && t[i + 1] === '\n')) cell += t[i++];
    cells.push(cell);
    if (t[i] === '\r') i++;
    i++;
  }
  return cells;
}

/** The rules every answer keeps. */
/** A problem's code: stable, kebab-case (src/messages/). */
const KEBAB_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function checkResponse(c: FuzzCase, a: Answer): Violation[] {
  const v: Violation[] = [];
  if (a.ms > BOUND_MS) v.push({ rule: 'slow', message: `answered in ${Math.round(a.ms)} ms (bound ${BOUND_MS} ms)` });
  if (a.status >= 500) {
    v.push({ rule: '5xx', message: `status ${a.status}` });
    return v;
  }
  if (c.expectStatus !== undefined && a.status !== c.expectStatus) v.push({ rule: 'status', message: `${a.status}, not ${c.expectStatus}` });
  if (c.mustRefuse && a.status < 400) v.push({ rule: 'accepted', message: `${a.status} to a request holding ${c.mustRefuse}: it must be refused` });
  const body = c.body ?? '';
  const isHead = c.method === 'HEAD';
  if (a.status >= 400) {
    if (!a.contentType.startsWith('application/problem+json')) {
      v.push({ rule: 'problem+json', message: `${a.status} with content-type "${a.contentType}"` });
      return v;
    }
    if (isHead) return v;
    let p: any;
    try {
      p = JSON.parse(a.text);
    } catch {
      v.push({ rule: 'problem+json', message: `${a.status} body is not JSON` });
      return v;
    }
    for (const field of ['type', 'title', 'detail', 'detail_zh']) {
      if (typeof p?.[field] !== 'string' || p[field].length === 0) v.push({ rule: 'problem+json', message: `${a.status} without "${field}"` });
    }
    if (p?.status !== a.status) v.push({ rule: 'problem+json', message: `body status ${p?.status} ≠ ${a.status}` });
    for (const e of Array.isArray(p?.errors) ? p.errors : []) {
      if (/^\s*invalid input\.?\s*$/i.test(String(e?.detail))) v.push({ rule: 'say-nothing', message: `${e?.pointer}: "${e?.detail}"` });
    }
    // every problem is machine-readable: each issue has a kebab-case code, or (no issues) the problem has one
    const errors: any[] = Array.isArray(p?.errors) ? p.errors : [];
    const uncoded = errors.filter((e) => typeof e?.code !== 'string' || !KEBAB_CODE.test(e.code));
    if (uncoded.length > 0) v.push({ rule: 'code', message: `${a.status}: ${uncoded.map((e) => `${e?.pointer} without a code`).join('; ')}` });
    if (errors.length === 0 && (typeof p?.code !== 'string' || !KEBAB_CODE.test(p.code)))
      v.push({ rule: 'code', message: `${a.status} without errors[] or a code` });
    if (p?.code !== undefined && (typeof p.code !== 'string' || !KEBAB_CODE.test(p.code)))
      v.push({ rule: 'code', message: `${a.status}: code ${JSON.stringify(p.code)} is not kebab-case` });
    // details may name NaN (as refused input), and "got undefined" is the wording for a missing field
    // (reported apart); any other "undefined" or "[object Object]" is a slip
    garbled(p, body, v, /NaN|(got|实际为) undefined/g);
    if (a.status === 405 && !a.allow) v.push({ rule: 'problem+json', message: '405 without Allow' });
    return v;
  }
  if (isHead || a.status === 204 || a.status < 200 || a.status >= 300) return v;
  if (a.contentType.startsWith('application/json')) {
    try {
      garbled(JSON.parse(a.text), body, v);
    } catch {
      v.push({ rule: 'garbled', message: `${a.status} application/json that does not parse` });
    }
  } else if (/^text\/(csv|tab-separated-values)/.test(a.contentType)) {
    const cells = cellsOf(a.text, a.contentType.startsWith('text/csv') ? ',' : '\t');
    for (const cell of cells) {
      if (/^[=+\-@\t\r]/.test(cell) && !/^[-+]?\d+(\.\d+)?%?$/.test(cell)) {
        v.push({ rule: 'formula', message: `cell ${JSON.stringify(cell.slice(0, 40))} would run as a formula` });
        break;
      }
    }
    for (const g of GARBLE) if (a.text.includes(g) && !body.includes(g)) v.push({ rule: 'garbled', message: `CSV says "${g}"` });
  }
  return v;
}

function garbled(json: unknown, body: string, v: Violation[], allowed?: RegExp): void {
  for (const text of stringsOf(json)) {
    const s = allowed ? text.replace(allowed, '') : text;
    for (const g of GARBLE) {
      if (s.includes(g) && !body.includes(g)) {
        v.push({ rule: 'garbled', message: `says "${g}": ${JSON.stringify(s.slice(0, 120))}` });
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reporting

export interface Failure {
  c: FuzzCase;
  a: Answer | { status: 'hang' | 'crash'; ms: number };
  violations: Violation[];
  /** What the server logged while answering (its stack of a 500). */
  log?: string;
}

/**
 * One line that names the failure's kind, for deduplication: route, status and each rule broken, with what
 * tells root causes apart (the server's error line for a 5xx, the token for garbled text, the case for a
 * hang), numbers and quoted text left out.
 */
export function failureKey(route: string, f: Failure): string {
  const error = /(\w*Error): ([^:'"\n]*)/.exec(f.log ?? '');
  const errorLine = error ? `${error[1]}: ${error[2].trim()}`.replace(/\d+/g, 'N') : '';
  const rules = new Set(
    f.violations.map((x) => {
      if (x.rule === '5xx') return `5xx ${errorLine}`;
      if (x.rule === 'garbled') return `garbled ${/"(undefined|NaN|\[object Object\])"/.exec(x.message)?.[1] ?? ''}`;
      if (x.rule === 'hang' || x.rule === 'crash' || x.rule === 'blocked') return `${x.rule} (${f.c.label})`;
      if (x.rule === 'problem+json' || x.rule === 'status') return `${x.rule} ${x.message}`;
      return x.rule;
    }),
  );
  return `${route} | ${f.a.status} | ${[...rules].sort().join('; ')}`;
}

const clip = (s: string | undefined, n: number) => (s === undefined ? '(none)' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** A repro: the request (body truncated), the answer and what the server logged. */
export function formatFailure(f: Failure): string {
  const lines = [
    `${f.c.method} ${clip(f.c.url, 200)}  [${f.c.family}: ${f.c.label}]`,
    `  headers: ${JSON.stringify(f.c.headers)}`,
    `  body: ${clip(f.c.body, 600)}`,
    `  → ${f.a.status} in ${Math.round(f.a.ms)} ms${'contentType' in f.a ? ` (${f.a.contentType})` : ''}: ${'text' in f.a ? clip(f.a.text, 400) : '(no answer)'}`,
    `  violates: ${f.violations.map((x) => `${x.rule} — ${x.message}`).join('; ')}`,
  ];
  if (f.log) lines.push(`  server log: ${clip(f.log.trim(), 600)}`);
  return lines.join('\n');
}

/** Distinct failures (by failureKey), the smallest body kept for each, in a stable order. */
export function distinct(route: string, failures: Failure[]): Failure[] {
  const byKey = new Map<string, Failure>();
  for (const f of failures) {
    const k = failureKey(route, f);
    const kept = byKey.get(k);
    if (!kept || (f.c.body ?? '').length < (kept.c.body ?? '').length) byKey.set(k, f);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, f]) => f);
}

/** The three slowest requests of a sweep, for the log: where the time goes is the next limit to set. */
export function slowest(timed: [number, FuzzCase][]): string {
  return [...timed]
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([ms, c]) => `${Math.round(ms)} ms ${c.method} ${c.url.slice(0, 60)} [${c.family}: ${c.label.slice(0, 80)}]`)
    .join('; ');
}

/** FUZZ_SEED / FUZZ_RUNS, read by each suite from its runtime's environment. */
export function settings(env: { FUZZ_SEED?: string; FUZZ_RUNS?: string }, defaultRuns: number): { seed: number; runs: number } {
  const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : 20261202;
  const runs = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : defaultRuns;
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 0) throw new Error('FUZZ_SEED and FUZZ_RUNS are integers');
  return { seed, runs };
}
