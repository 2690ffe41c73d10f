/**
 * The GET form of a calculation: its query is the request (docs/contract.md § The spreadsheet door), so a
 * spreadsheet's WEBSERVICE / IMPORTDATA / Power Query, which can only fetch a URL, runs the same POST.
 *
 *   /v1/allocations?dataset=ds_…&model=sichuan-2024&total=5000&unit=wan&weights.policy=0.40&format=csv
 *
 * - The options (format, explain, table, region, project, column, key, errors, rows) stay options.
 * - `dataset=<id>` (+ `revision=<n>`) is the route's first row spot (or the one ?rows names) as
 *   `{"dataset": id, "revision": n}`; `regions=<id>[@n]` / `projects=<id>[@n]` name a spot explicitly;
 *   `lastYear=<scenario>[@n]` is `"lastYear": {"scenario": id, "revision": n}` where the route takes it.
 * - Every other name is a dotted path into the body; a numeric segment is a list index
 *   (`setAsides.0.amount`). On /v1/allocations `weights.X` is `overrides.weights.X`; on
 *   /v1/allocations/compare every name outside `baseline.`/`variants.` is the baseline's (so an allocation's
 *   query, plus `variants.0.name=…`, is a comparison), and `variants.N.weights.X` is `variants.N.overrides.weights.X`.
 * - Values: true/false/null are JSON's; a value starting with {, [ or " is JSON (so "123" is a string);
 *   a number whose shortest text is itself (String(Number(v)) === v: "5000", not "0.40") is a number;
 *   anything else is the text as written. Money stays exact either way.
 * - A repeated name, or two names setting one place (a.b=1&a=2), is a 422 naming both.
 *
 * Pure: no Hono. `formBody` reads a query; `formQuery` writes one (the inverse, for tests and examples).
 */
import { type Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { checkBody } from '../bodyGuard.js';
import { REFERENCE_SPOTS, type RowsKind } from '../references/resolve.js';

/** Query names that are options of the answer, never body fields. */
export const FORM_OPTIONS = ['format', 'explain', 'table', 'region', 'project', 'column', 'key', 'errors', 'rows'] as const;
/** The options the inner POST keeps in its query (key becomes its Authorization, errors and rows are the door's). */
export const INNER_OPTIONS: readonly string[] = ['format', 'explain', 'table', 'region', 'project', 'column'];

/** The most items a list written in the query may have: far above any URL's length. */
export const MAX_QUERY_INDEX = 9999;

type Segment = string | number;

export interface Form {
  /** The request body the query writes. */
  readonly body: Record<string, unknown>;
  /** The options, as given (one value each). */
  readonly options: Readonly<Record<string, string>>;
  readonly issues: readonly Issue[];
}

export interface FormSettings {
  /** The spot the body's table fills (a POST of CSV/TSV/XLSX): a reference to it in the query is an issue. */
  readonly rowsTaken?: RowsKind;
}

const isOption = (name: string): boolean => (FORM_OPTIONS as readonly string[]).includes(name);
const INDEX = /^(0|[1-9][0-9]*)$/;

/** Which body path a query name writes on this route (aliases applied), or undefined when it is malformed. */
export function pathOf(route: string, name: string): Segment[] | undefined {
  const parts = name.split('.');
  if (parts.some((p) => p === '')) return undefined;
  let path: string[] = parts;
  if (route === '/v1/allocations' && path[0] === 'weights') path = ['overrides', ...path];
  if (route === '/v1/allocations/compare') {
    if (path[0] === 'variants' && path.length > 2 && path[2] === 'weights') path = ['variants', path[1], 'overrides', ...path.slice(2)];
    else if (path[0] !== 'baseline' && path[0] !== 'variants') path = ['baseline', ...(path[0] === 'weights' ? ['overrides', ...path] : path)];
  }
  return path.map((p) => (INDEX.test(p) ? Number(p) : p));
}

/** A query value as a JSON value, by the grammar above; or why it cannot be read. */
export function valueOf(raw: string): { value: unknown } | { reason: string; issues?: Issue[] } {
  if (raw === 'true') return { value: true };
  if (raw === 'false') return { value: false };
  if (raw === 'null') return { value: null };
  const first = raw.charAt(0);
  if (first === '{' || first === '[' || first === '"') {
    try {
      // the body guard's checks: depth before parsing, "__proto__" keys, numbers no double holds
      const checked = checkBody(raw);
      if (checked.issues.length > 0) return { reason: checked.issues[0].en, issues: checked.issues };
      return { value: checked.value };
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e) };
    }
  }
  if (raw !== '' && Number.isFinite(Number(raw)) && String(Number(raw)) === raw) return { value: Number(raw) };
  return { value: raw };
}

/** The spots of rows a route takes by name (regions, projects), with their paths. */
function spotsOf(route: string): { name: RowsKind; path: Segment[] }[] {
  return (REFERENCE_SPOTS[route]?.rows ?? []).map((s) => ({ name: s.kind, path: [...s.path] }));
}

/** `<id>` or `<id>@<n>`: a reference's id and revision, or undefined when it is not one. */
function referenceOf(raw: string): { id: string; revision?: number } | undefined {
  const m = /^([^@]+?)(?:@([1-9][0-9]{0,8}))?$/.exec(raw);
  if (!m || m[1].length > 100) return undefined;
  return m[2] === undefined ? { id: m[1] } : { id: m[1], revision: Number(m[2]) };
}

// The body is built as a tree first, each place remembering the name that made it, so a conflict names both.
type Node =
  | { kind: 'leaf'; name: string; value: unknown }
  | { kind: 'object'; name: string; fields: Map<string, Node> }
  | { kind: 'array'; name: string; items: Map<number, Node> };

/** Reads a query (its pairs, in order) into the body it writes on `route`, the options, and every issue at once. */
export function formBody(route: string, pairs: readonly (readonly [string, string])[], settings: FormSettings = {}): Form {
  const issues: Issue[] = [];
  const options: Record<string, string> = {};
  const seen = new Set<string>();
  const root: Node = { kind: 'object', name: '', fields: new Map() };
  const spots = spotsOf(route);
  const lastYear = REFERENCE_SPOTS[route]?.lastYear;
  let dataset: { raw: string } | undefined;
  let revision: string | undefined;

  const put = (name: string, path: readonly Segment[], value: unknown) => {
    const problem = place(root, name, path, value);
    if (problem) issues.push(problem);
  };

  for (const [name, raw] of pairs) {
    if (seen.has(name)) {
      if (!issues.some((i) => i.path === `?${name}` && i.code === 'query-name-repeated')) issues.push(issue(`?${name}`, 'query-name-repeated', { name }));
      continue;
    }
    seen.add(name);
    if (isOption(name)) {
      options[name] = raw;
      continue;
    }
    if (name === 'dataset') {
      dataset = { raw };
      continue;
    }
    if (name === 'revision') {
      revision = raw;
      continue;
    }
    const spot = spots.find((s) => s.name === name);
    const first = raw.charAt(0);
    const json = first === '{' || first === '[' || first === '"';
    if (spot && !json) {
      const ref = referenceOf(raw);
      if (!ref) issues.push(issue(`?${name}`, 'query-reference-invalid', { name, shown: raw, what: 'dataset' }));
      else if (settings.rowsTaken === spot.name) issues.push(issue(`?${name}`, 'rows-given-twice', { name }));
      else put(name, spot.path, { dataset: ref.id, ...(ref.revision !== undefined ? { revision: ref.revision } : {}) });
      continue;
    }
    const path = pathOf(route, name);
    if (!path) {
      issues.push(issue(`?${name}`, 'query-name-malformed', { name }));
      continue;
    }
    if (lastYear && name === 'lastYear' && !json) {
      const ref = referenceOf(raw);
      if (!ref) issues.push(issue(`?${name}`, 'query-reference-invalid', { name, shown: raw, what: 'scenario' }));
      else put(name, lastYear.path, { scenario: ref.id, ...(ref.revision !== undefined ? { revision: ref.revision } : {}) });
      continue;
    }
    const read = valueOf(raw);
    if ('reason' in read) {
      issues.push(issue(`?${name}`, 'query-value-not-json', { name, reason: read.reason }));
      continue;
    }
    put(name, path, read.value);
  }

  if (dataset !== undefined || revision !== undefined) {
    const kind = (options.rows ?? spots[0]?.name) as RowsKind | undefined;
    const spot = spots.find((s) => s.name === kind);
    let n: number | undefined;
    if (revision !== undefined) {
      if (/^[1-9][0-9]{0,8}$/.test(revision)) n = Number(revision);
      else issues.push(issue('?revision', 'query-revision-invalid', { shown: revision }));
      if (dataset === undefined) issues.push(issue('?revision', 'query-revision-without-dataset'));
    }
    if (dataset !== undefined) {
      if (!spot) {
        if (spots.length === 0) issues.push(issue('?dataset', 'query-no-rows-spot', { name: 'dataset', route }));
      } else if (settings.rowsTaken === spot.name) issues.push(issue('?dataset', 'rows-given-twice', { name: 'dataset' }));
      else if (dataset.raw === '' || dataset.raw.length > 100) {
        issues.push(issue('?dataset', 'query-reference-invalid', { name: 'dataset', shown: dataset.raw, what: 'dataset' }));
      } else put('dataset', spot.path, { dataset: dataset.raw, ...(n !== undefined ? { revision: n } : {}) });
    }
  }
  if (options.rows !== undefined && !spots.some((s) => s.name === options.rows)) {
    issues.push(issue('?rows', 'query-rows-invalid', { shown: options.rows, kinds: spots.map((s) => s.name) }));
  }
  issues.push(...gaps(root, []));
  return { body: issues.length > 0 ? {} : (valueOfNode(root) as Record<string, unknown>), options, issues };
}

/** Puts `value` at `path` in the tree; the conflict's issue when a place is already taken by another name. */
function place(root: Node, name: string, path: readonly Segment[], value: unknown): Issue | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (node.kind === 'leaf') return issue(`?${name}`, 'query-names-conflict', { name, other: node.name });
    if (typeof seg === 'number' && seg > MAX_QUERY_INDEX) return issue(`?${name}`, 'query-index-too-large', { name, maximum: MAX_QUERY_INDEX });
    // a list where the segment is a number, an object where it is a name; both in one place is a conflict
    if ((typeof seg === 'number') !== (node.kind === 'array')) {
      if (node === root) return issue(`?${name}`, 'query-name-malformed', { name });
      return issue(`?${name}`, 'query-names-conflict', { name, other: node.name });
    }
    const children: Map<Segment, Node> = node.kind === 'array' ? (node.items as Map<Segment, Node>) : (node.fields as Map<Segment, Node>);
    const existing = children.get(seg);
    if (last) {
      if (existing) return issue(`?${name}`, 'query-names-conflict', { name, other: existing.name });
      children.set(seg, { kind: 'leaf', name, value });
      return undefined;
    }
    if (existing) {
      node = existing;
      continue;
    }
    const next: Node = typeof path[i + 1] === 'number' ? { kind: 'array', name, items: new Map() } : { kind: 'object', name, fields: new Map() };
    children.set(seg, next);
    node = next;
  }
  return undefined;
}

/** Lists written with a gap (items.0 and items.2, no items.1): one issue per gap. */
function gaps(node: Node, at: Segment[]): Issue[] {
  if (node.kind === 'leaf') return [];
  const out: Issue[] = [];
  if (node.kind === 'array') {
    const n = node.items.size;
    for (const [index, item] of node.items) {
      if (index >= n) {
        let missing = 0;
        while (node.items.has(missing)) missing++;
        out.push(issue(`?${item.name}`, 'query-index-gap', { name: item.name, missing: [...at, missing].join('.') }));
        return out;
      }
    }
    for (const [index, item] of node.items) out.push(...gaps(item, [...at, index]));
    return out;
  }
  for (const [key, child] of node.fields) out.push(...gaps(child, [...at, key]));
  return out;
}

/** The tree as the JSON value it stands for: own data properties only ("__proto__" too, for the body guard to refuse). */
function valueOfNode(node: Node): unknown {
  if (node.kind === 'leaf') return node.value;
  if (node.kind === 'array') return [...node.items.keys()].sort((a, b) => a - b).map((i) => valueOfNode(node.items.get(i)!));
  return Object.fromEntries([...node.fields].map(([k, v]) => [k, valueOfNode(v)]));
}

// ── the inverse: a body as a query ──

/** Text that the grammar would read as something else than this string: quoted as JSON. */
function textOf(s: string): string {
  const v = valueOf(s);
  return 'value' in v && v.value === s ? s : JSON.stringify(s);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A key a dotted path can name in an object: no dot, not empty, not a list index. */
const pathKey = (k: string) => k !== '' && !k.includes('.') && !INDEX.test(k);

/**
 * The query that `formBody` reads back as `body` on `route`: references as `dataset=`/`regions=`/`lastYear=`,
 * objects and lists as dotted paths, what a path cannot name (empty containers, keys with dots) as JSON.
 * Throws when the body has a top-level field the grammar keeps for itself (an option name): no query says it.
 */
export function formQuery(route: string, body: Record<string, unknown>, options: Readonly<Record<string, string>> = {}): [string, string][] {
  const out: [string, string][] = [];
  const spots = REFERENCE_SPOTS[route];
  const rowSpots = spots?.rows ?? [];
  const lastYear = spots?.lastYear;
  const same = (a: readonly Segment[], b: readonly Segment[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const write = (path: Segment[], value: unknown) => {
    const spot = rowSpots.find((s) => same(s.path, path));
    if (spot && isPlainObject(value) && typeof value.dataset === 'string' && isReference(value, 'dataset')) {
      if (spot === rowSpots[0]) {
        out.push(['dataset', value.dataset]);
        if (value.revision !== undefined) out.push(['revision', String(value.revision)]);
      } else out.push([spot.kind, `${value.dataset}${value.revision !== undefined ? `@${value.revision}` : ''}`]);
      return;
    }
    if (lastYear && same(lastYear.path, path) && isPlainObject(value) && typeof value.scenario === 'string' && isReference(value, 'scenario')) {
      out.push(['lastYear', `${value.scenario}${value.revision !== undefined ? `@${value.revision}` : ''}`]);
      return;
    }
    const name = nameOf(route, path);
    const container = Array.isArray(value) ? value.length > 0 : isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every(pathKey);
    if (container) {
      if (Array.isArray(value)) value.forEach((v, i) => write([...path, i], v));
      else for (const [k, v] of Object.entries(value as Record<string, unknown>)) write([...path, k], v);
      return;
    }
    if (name === undefined) throw new Error(`formQuery: ${pointer(...path)} cannot be written in a query on ${route}`);
    // a spot's name takes references, and lastYear too: a value there that is not one goes as JSON
    const reserved = (spot !== undefined || (lastYear !== undefined && same(lastYear.path, path))) && typeof value === 'string';
    out.push([name, typeof value === 'string' && !reserved ? textOf(value) : JSON.stringify(value)]);
  };
  for (const [k, v] of Object.entries(body)) write([k], v);
  for (const [k, v] of Object.entries(options)) out.push([k, v]);
  return out;
}

function isReference(value: Record<string, unknown>, id: 'dataset' | 'scenario'): boolean {
  const keys = Object.keys(value);
  return (
    keys.every((k) => k === id || k === 'revision') &&
    (value.revision === undefined || (typeof value.revision === 'number' && Number.isSafeInteger(value.revision) && value.revision >= 1))
  );
}

/** The query name that writes `path` on `route` (pathOf's inverse), or undefined when no name does. */
function nameOf(route: string, path: readonly Segment[]): string | undefined {
  let parts = path.map(String);
  if (route === '/v1/allocations/compare') {
    if (parts[0] === 'baseline' && parts.length > 1) {
      parts = parts.slice(1);
      if (parts[0] === 'overrides' && parts[1] === 'weights' && parts.length > 2) parts = parts.slice(1);
      else if (parts[0] === 'baseline' || parts[0] === 'variants' || parts[0] === 'weights') return undefined;
    } else if (parts[0] === 'variants' && parts[2] === 'overrides' && parts[3] === 'weights' && parts.length > 4) {
      parts = ['variants', parts[1], ...parts.slice(3)];
    } else if (parts[0] !== 'variants' || parts[2] === 'weights') return undefined;
  } else if (route === '/v1/allocations') {
    if (parts[0] === 'overrides' && parts[1] === 'weights' && parts.length > 2) parts = parts.slice(1);
    else if (parts[0] === 'weights') return undefined;
  }
  const top = parts[0];
  if (isOption(top) || top === 'dataset' || top === 'revision') return undefined;
  const name = parts.join('.');
  const back = pathOf(route, name);
  return back && back.length === path.length && back.every((x, i) => x === path[i]) ? name : undefined;
}
