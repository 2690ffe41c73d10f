/**
 * The one scenario file format (scenarios/<resource>/*.json) and how an answer is held against it:
 *
 *   { "title", "description", …, "route": "/v1/allocations", "query"?: "explain=true",
 *     "request": <the body, exactly as posted>,
 *     "expected": { "status": 200, "body": <pattern>, "exact"?: [pointer], "absent"?: [pointer] },
 *     "oracle"?: { <an oracle's facts that are not in the answer, for its route's own checks> } }
 *
 * `body` is a pattern: an object is compared by the keys it names, an array element by element and of the same
 * length, anything else exactly. `exact` names subtrees compared whole (a key the pattern does not name is a
 * difference there); `absent` names what must not be in the answer. In both, `*` is every element of an array.
 * Pure: no I/O, so the CLI (src/cli.ts) and the tests (tests/scenarios/run.test.ts) share it.
 */

export interface ScenarioExpected {
  status: number;
  body?: unknown;
  exact?: string[];
  absent?: string[];
}

export interface ScenarioFile {
  title?: string;
  description?: string;
  route: string;
  query?: string;
  request: unknown;
  expected?: ScenarioExpected;
  oracle?: Record<string, unknown>;
}

/** What is wrong with a parsed file as a scenario, or undefined. */
export function formatProblem(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'not a JSON object';
  const d = doc as Record<string, unknown>;
  if (typeof d.route !== 'string' || !d.route.startsWith('/')) return '"route" must be a path such as "/v1/allocations"';
  if (d.query !== undefined && (typeof d.query !== 'string' || d.query.startsWith('?')))
    return '"query" must be a query string without "?", e.g. "explain=true"';
  if (!('request' in d)) return 'no "request" (the body to post)';
  const e = d.expected as Record<string, unknown> | undefined;
  if (e !== undefined && (e === null || typeof e !== 'object' || typeof e.status !== 'number')) return '"expected" must be {"status", "body"}';
  return undefined;
}

/** The path and query a scenario is posted to. */
export const scenarioUrl = (doc: ScenarioFile) => (doc.query ? `${doc.route}?${doc.query}` : doc.route);

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string) => Object.hasOwn(o, k);

/** Differences between an answer and a pattern, each "pointer: expected …, got …". */
export function matchPattern(actual: unknown, pattern: unknown, at = ''): string[] {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return [`${at || '/'}: expected an array of ${pattern.length}, got ${show(actual)}`];
    const out = pattern.flatMap((p, i) => matchPattern(actual[i], p, `${at}/${i}`));
    if (actual.length !== pattern.length) out.push(`${at || '/'}: expected ${pattern.length} element(s), got ${actual.length}`);
    return out;
  }
  if (isObject(pattern)) {
    if (!isObject(actual)) return [`${at || '/'}: expected an object, got ${show(actual)}`];
    return Object.keys(pattern).flatMap((k) => matchPattern(own(actual, k) ? actual[k] : undefined, pattern[k], `${at}/${escape(k)}`));
  }
  return JSON.stringify(actual) === JSON.stringify(pattern) ? [] : [`${at || '/'}: expected ${show(pattern)}, got ${show(actual)}`];
}

/** Keys in `actual` that `pattern` does not name, at any depth (for `exact` subtrees). */
function extraKeys(actual: unknown, pattern: unknown, at: string): string[] {
  if (Array.isArray(pattern) && Array.isArray(actual)) return pattern.flatMap((p, i) => extraKeys(actual[i], p, `${at}/${i}`));
  if (isObject(pattern) && isObject(actual)) {
    return Object.keys(actual).flatMap((k) =>
      own(pattern, k) ? extraKeys(actual[k], pattern[k], `${at}/${escape(k)}`) : [`${at}/${escape(k)}: not expected, got ${show(actual[k])}`],
    );
  }
  return [];
}

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** Every [concrete pointer, value, present] a pointer with `*` reaches in `root`. */
function resolve(root: unknown, pointer: string): [string, unknown, boolean][] {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/').map(unescape);
  let found: [string, unknown, boolean][] = [['', root, true]];
  for (const part of parts) {
    found = found.flatMap(([at, v, present]): [string, unknown, boolean][] => {
      if (!present) return [];
      if (part === '*' && Array.isArray(v)) return v.map((x, i) => [`${at}/${i}`, x, true]);
      if (isObject(v) || Array.isArray(v)) {
        const has = own(v as Record<string, unknown>, part);
        return [[`${at}/${escape(part)}`, has ? (v as Record<string, unknown>)[part] : undefined, has]];
      }
      return [[`${at}/${escape(part)}`, undefined, false]];
    });
  }
  return found;
}

/** Differences between an answer (status and parsed body) and a scenario's expected block. */
export function compareAnswer(expected: ScenarioExpected, status: number, body: unknown): string[] {
  if (status !== expected.status) return [`status: expected ${expected.status}, got ${status}`];
  const out = expected.body === undefined ? [] : matchPattern(body, expected.body);
  for (const pointer of expected.exact ?? []) {
    for (const [at, value, present] of resolve(body, pointer)) {
      const want = resolve(expected.body, at)[0];
      if (present && want?.[2]) out.push(...extraKeys(value, want[1], at));
    }
  }
  for (const pointer of expected.absent ?? []) {
    for (const [at, value, present] of resolve(body, pointer)) {
      if (present) out.push(`${at}: expected (absent), got ${show(value)}`);
    }
  }
  return out;
}
