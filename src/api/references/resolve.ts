/**
 * References instead of inline data: where a calculation route takes a list of regions or projects, it also
 * takes `{"dataset": "<id>", "revision": n}` (revision optional: the dataset's head), and an allocation takes
 * `"lastYear": {"scenario": "<id>", "revision": n}` beside its regions (each region's last-year amount is that
 * saved scenario's amount for it). This file knows where each route takes them (REFERENCE_SPOTS), reads
 * them, and does the three things done with them:
 *   resolveReferences — replaces them by the rows (the middleware, before the route's validator);
 *   pinReferences     — fills in the revision of every unpinned one (saving a scenario);
 *   hashReferences    — replaces them by content hashes (the result cache's key).
 */
import { type Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { unknownField } from '../problem.js';
import type { Principal } from '../access/principal.js';
import type { Store } from '../../store/store.js';
import { readDatasetRevision } from '../../store/datasets.js';
import { lookupDataset } from './datasets.js';
import type { SavedReference } from '../../store/references.js';

export type RowsKind = 'regions' | 'projects';

interface RowsSpot {
  readonly path: readonly string[];
  readonly kind: RowsKind;
  /** The fields of each row the route takes, where it takes fewer than a dataset's rows hold (a ranking: who is ranked). */
  readonly fields?: readonly string[];
}

interface RouteSpots {
  readonly rows: readonly RowsSpot[];
  /** Where `lastYear: {scenario}` goes, and the regions it fills. */
  readonly lastYear?: { readonly path: readonly string[]; readonly regions: readonly string[]; readonly unit: readonly string[] };
}

/** Every calculation route, and where it takes references. */
export const REFERENCE_SPOTS: Readonly<Record<string, RouteSpots>> = {
  '/v1/allocations': {
    rows: [{ path: ['regions'], kind: 'regions' }],
    lastYear: { path: ['lastYear'], regions: ['regions'], unit: ['unit'] },
  },
  '/v1/allocations/compare': {
    rows: [{ path: ['baseline', 'regions'], kind: 'regions' }],
    lastYear: { path: ['baseline', 'lastYear'], regions: ['baseline', 'regions'], unit: ['baseline', 'unit'] },
  },
  '/v1/optimizations': {
    rows: [
      { path: ['regions'], kind: 'regions' },
      { path: ['projects'], kind: 'projects' },
    ],
  },
  '/v1/monitoring': {
    rows: [
      { path: ['regions'], kind: 'regions' },
      { path: ['projects'], kind: 'projects' },
    ],
  },
  '/v1/rankings': { rows: [{ path: ['regions'], kind: 'regions', fields: ['id', 'name'] }] },
  '/v1/evaluations': { rows: [] },
  '/v1/checks/industry-share': { rows: [] },
};

export const CALCULATION_ROUTES = Object.keys(REFERENCE_SPOTS);

/** A reference as the answer's provenance names it. */
export type ReferenceUsed =
  | { readonly pointer: string; readonly dataset: string; readonly revision: number; readonly hash: string }
  | {
      readonly pointer: string;
      readonly scenario: string;
      readonly revision: number;
      /** "sha256:…" of the scenario's JSON answer whose amounts were read (GET /v1/scenarios/{id}/result?revision=n, byte for byte). */
      readonly hash: string;
      readonly missing: readonly string[];
    };

/** Last year's amounts read from a saved scenario's result, or the problems of the reference. */
export type LastYearAmounts =
  | { readonly amounts: ReadonlyMap<string, string>; readonly unit: string | null; readonly revision: number; readonly hash: string }
  | { readonly issues: readonly Issue[] };

/** What resolving needs: the memory, the caller, and a way to read a saved scenario's amounts. */
export interface Resolver {
  readonly store: Store;
  readonly principal: Principal;
  lastYear(id: string, revision: number | undefined, at: string): Promise<LastYearAmounts>;
  /** The result cache key of a saved scenario's answer (undefined when it cannot be named now). */
  scenarioKey?(id: string, revision: number): Promise<string | undefined>;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function getAt(body: unknown, path: readonly string[]): unknown {
  let v = body;
  for (const k of path) {
    if (!isObject(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** A copy of `body` with `value` at `path` (the objects on the way copied, the rest shared); undefined removes the key. */
export function setAt(body: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const o = isObject(body) ? { ...body } : {};
  const [k, ...rest] = path;
  const v = setAt(o[k], rest, value);
  if (v === undefined) delete o[k];
  else o[k] = v;
  return o;
}

/** The row with only these fields (those it has). */
function only(row: unknown, fields: readonly string[]): unknown {
  if (!isObject(row)) return row;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (Object.hasOwn(row, f)) out[f] = row[f];
  return out;
}

/** Does the body hold a reference where the route takes one? (The middleware's cheap test for inline requests.) */
export function holdsReference(route: string, body: unknown): boolean {
  const spots = REFERENCE_SPOTS[route];
  if (!spots || !isObject(body)) return false;
  for (const spot of spots.rows) if (isObject(getAt(body, spot.path))) return true;
  return spots.lastYear !== undefined && getAt(body, spots.lastYear.path) !== undefined;
}

/** The problems of the references' own shape (no lookups): a malformed reference is a 422 even where there is no database. */
export function referenceShapeIssues(route: string, body: unknown): Issue[] {
  const spots = REFERENCE_SPOTS[route];
  const issues: Issue[] = [];
  if (!spots) return issues;
  for (const spot of spots.rows) {
    const value = getAt(body, spot.path);
    if (!isObject(value)) continue;
    const ref = readDatasetRef(value, pointer(...spot.path));
    if (Array.isArray(ref)) issues.push(...ref);
  }
  const ly = spots.lastYear;
  const lastYear = ly ? getAt(body, ly.path) : undefined;
  if (ly && lastYear !== undefined) {
    const ref = readScenarioRef(lastYear, pointer(...ly.path));
    if (Array.isArray(ref)) issues.push(...ref);
  }
  return issues;
}

const positiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** `{"dataset", "revision"?}` read, or its problems at `at`. */
function readDatasetRef(value: Record<string, unknown>, at: string): { dataset: string; revision?: number } | Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(value)) if (key !== 'dataset' && key !== 'revision') issues.push({ path: `${at}/${key}`, ...unknownField(key) });
  const { dataset, revision } = value;
  if (typeof dataset !== 'string' || dataset.length === 0 || dataset.length > 100) {
    issues.push(
      issue(`${at}/dataset`, 'reference-invalid', {
        what: dataset === undefined ? 'the "dataset" id is missing' : '"dataset" must be a dataset id (a string)',
      }),
    );
  }
  if (revision !== undefined && !positiveInteger(revision)) {
    issues.push(issue(`${at}/revision`, 'reference-invalid', { what: `"revision" must be a whole number from 1, not ${JSON.stringify(revision)}` }));
  }
  return issues.length > 0 ? issues : { dataset: dataset as string, ...(revision !== undefined ? { revision: revision as number } : {}) };
}

/** `{"scenario", "revision"?}` read, or its problems at `at`. */
function readScenarioRef(value: unknown, at: string): { scenario: string; revision?: number } | Issue[] {
  if (!isObject(value)) return [issue(at, 'last-year-reference-invalid', { what: `not ${JSON.stringify(value)}` })];
  const issues: Issue[] = [];
  for (const key of Object.keys(value)) if (key !== 'scenario' && key !== 'revision') issues.push({ path: `${at}/${key}`, ...unknownField(key) });
  const { scenario, revision } = value;
  if (typeof scenario !== 'string' || scenario.length === 0 || scenario.length > 100) {
    issues.push(
      issue(`${at}/scenario`, 'last-year-reference-invalid', {
        what: scenario === undefined ? 'the "scenario" id is missing' : '"scenario" must be a scenario id (a string)',
      }),
    );
  }
  if (revision !== undefined && !positiveInteger(revision)) {
    issues.push(
      issue(`${at}/revision`, 'last-year-reference-invalid', { what: `"revision" must be a whole number from 1, not ${JSON.stringify(revision)}` }),
    );
  }
  return issues.length > 0 ? issues : { scenario: scenario as string, ...(revision !== undefined ? { revision: revision as number } : {}) };
}

/**
 * The body with every reference replaced by what it names: a dataset revision's rows, last year's amounts
 * written into the regions (a region the scenario has no amount for gets none, and is listed in `used` as
 * missing); or every problem of the references at once.
 */
export async function resolveReferences(
  resolver: Resolver,
  route: string,
  body: unknown,
): Promise<{ body: unknown; issues: Issue[]; used: ReferenceUsed[] }> {
  const spots = REFERENCE_SPOTS[route];
  const issues: Issue[] = [];
  const used: ReferenceUsed[] = [];
  if (!spots) return { body, issues, used };
  let out = body;
  for (const spot of spots.rows) {
    const value = getAt(body, spot.path);
    if (!isObject(value)) continue;
    const at = pointer(...spot.path);
    const ref = readDatasetRef(value, at);
    if (Array.isArray(ref)) {
      issues.push(...ref);
      continue;
    }
    const found = await readDatasetRevision(resolver.store, resolver.principal, ref.dataset, ref.revision);
    if (!found) {
      // missing, deleted, not visible, or no such revision: which one, for the message
      const meta = await lookupDataset(resolver.store, resolver.principal, ref.dataset, undefined);
      if (meta.found !== 'yes') issues.push(issue(`${at}/dataset`, 'unknown-dataset', { id: ref.dataset }));
      else issues.push(issue(`${at}/revision`, 'unknown-dataset-revision', { id: ref.dataset, revision: ref.revision ?? 0, head: meta.dataset.head }));
    } else if (found.kind !== spot.kind) {
      issues.push(issue(`${at}/dataset`, 'dataset-wrong-kind', { id: ref.dataset, kind: found.kind, expected: spot.kind }));
    } else {
      out = setAt(out, spot.path, spot.fields ? found.rows.map((row) => only(row, spot.fields!)) : found.rows);
      used.push({ pointer: at, dataset: ref.dataset, revision: found.revision, hash: found.hash });
    }
  }
  const ly = spots.lastYear;
  const lastYear = ly ? getAt(body, ly.path) : undefined;
  if (ly && lastYear !== undefined) {
    const at = pointer(...ly.path);
    const ref = readScenarioRef(lastYear, at);
    if (Array.isArray(ref)) issues.push(...ref);
    else if (issues.length === 0) {
      const amounts = await resolver.lastYear(ref.scenario, ref.revision, at);
      if ('issues' in amounts) issues.push(...amounts.issues);
      else {
        const unit = getAt(out, ly.unit);
        if (amounts.unit !== null && typeof unit === 'string' && unit !== amounts.unit) {
          issues.push(issue(`${at}/scenario`, 'last-year-unit-mismatch', { id: ref.scenario, unit: amounts.unit, expected: unit }));
        }
        const regions = getAt(out, ly.regions);
        const missing: string[] = [];
        if (Array.isArray(regions) && issues.length === 0) {
          const base = pointer(...ly.regions);
          const fill = (region: unknown, key: string, at: string): unknown => {
            if (!isObject(region) || typeof region.id !== 'string') return region;
            if (region.lastYear !== undefined) {
              issues.push(issue(`${at}/lastYear`, 'last-year-given-twice', { id: key }));
              return region;
            }
            const amount = amounts.amounts.get(key);
            if (amount === undefined) {
              missing.push(key);
              return region;
            }
            return { ...region, lastYear: amount };
          };
          const filled = regions.map((r, i) => {
            const top = fill(r, isObject(r) && typeof r.id === 'string' ? r.id : '', `${base}/${i}`);
            if (!isObject(top) || !Array.isArray(top.children)) return top;
            const city = top.id as string;
            return { ...top, children: top.children.map((k, j) => fill(k, `${city}/${isObject(k) ? String(k.id) : ''}`, `${base}/${i}/children/${j}`)) };
          });
          out = setAt(out, ly.regions, filled);
        }
        out = setAt(out, ly.path, undefined);
        used.push({ pointer: at, scenario: ref.scenario, revision: amounts.revision, hash: amounts.hash, missing });
      }
    }
  }
  return { body: out, issues, used };
}

/**
 * The body with every unpinned reference pinned to the head revision now (saving a scenario: it must re-run
 * on the same data a year later), and the datasets and scenarios it names with their visibility. A reference that names
 * nothing is left as it is: running the request names the problem.
 */
export async function pinReferences(
  resolver: Pick<Resolver, 'store' | 'principal'> & { scenario(id: string): Promise<{ head: number; visibility: string } | undefined> },
  route: string,
  body: unknown,
): Promise<{ body: unknown; datasets: Named[]; scenarios: Named[] }> {
  const spots = REFERENCE_SPOTS[route];
  const datasets: Named[] = [];
  const scenarios: Named[] = [];
  if (!spots) return { body, datasets, scenarios };
  let out = body;
  for (const spot of spots.rows) {
    const value = getAt(body, spot.path);
    if (!isObject(value)) continue;
    const at = pointer(...spot.path);
    const ref = readDatasetRef(value, at);
    if (Array.isArray(ref)) continue;
    const found = await lookupDataset(resolver.store, resolver.principal, ref.dataset, ref.revision);
    if (found.found !== 'yes') continue;
    datasets.push({ pointer: at, id: ref.dataset, visibility: found.dataset.visibility });
    out = setAt(out, spot.path, { dataset: ref.dataset, revision: found.revision });
  }
  const ly = spots.lastYear;
  const lastYear = ly ? getAt(body, ly.path) : undefined;
  if (ly && lastYear !== undefined) {
    const at = pointer(...ly.path);
    const ref = readScenarioRef(lastYear, at);
    const found = Array.isArray(ref) ? undefined : await resolver.scenario(ref.scenario);
    if (!Array.isArray(ref) && found) {
      scenarios.push({ pointer: at, id: ref.scenario, visibility: found.visibility });
      if (ref.revision === undefined) out = setAt(out, ly.path, { scenario: ref.scenario, revision: found.head });
    }
  }
  return { body: out, datasets, scenarios };
}

/** A dataset or scenario a request names, where, and who may see it. */
interface Named {
  readonly pointer: string;
  readonly id: string;
  readonly visibility: string;
}

/**
 * The body with every reference replaced by the content it names, as hashes: a dataset reference by
 * {dataset, revision, hash}, a last-year scenario by its result's cache key. undefined when one of them
 * names nothing the caller can see now (the request is then run, and its problem answered, uncached).
 */
export async function hashReferences(resolver: Resolver, route: string, body: unknown): Promise<unknown> {
  const spots = REFERENCE_SPOTS[route];
  if (!spots) return body;
  let out = body;
  for (const spot of spots.rows) {
    const value = getAt(body, spot.path);
    if (!isObject(value)) continue;
    const ref = readDatasetRef(value, '');
    if (Array.isArray(ref)) return undefined;
    const found = await lookupDataset(resolver.store, resolver.principal, ref.dataset, ref.revision);
    if (found.found !== 'yes' || found.dataset.kind !== spot.kind) return undefined;
    out = setAt(out, spot.path, { dataset: ref.dataset, revision: found.revision, hash: found.hash });
  }
  const ly = spots.lastYear;
  const lastYear = ly ? getAt(body, ly.path) : undefined;
  if (ly && lastYear !== undefined) {
    const ref = readScenarioRef(lastYear, '');
    if (Array.isArray(ref) || ref.revision === undefined || !resolver.scenarioKey) return undefined;
    const key = await resolver.scenarioKey(ref.scenario, ref.revision);
    if (key === undefined) return undefined;
    out = setAt(out, ly.path, { scenario: ref.scenario, revision: ref.revision, result: key });
  }
  return out;
}

/**
 * The references a saved (pinned) request holds, as src/store/references.ts keeps them: each dataset at its
 * pointer with its revision, and the lastYear scenario with its revision. A reference without a revision
 * (not pinned: it named nothing when the scenario was saved) is left out.
 */
export function savedReferences(route: string, body: unknown): SavedReference[] {
  const spots = REFERENCE_SPOTS[route];
  const out: SavedReference[] = [];
  if (!spots) return out;
  for (const spot of spots.rows) {
    const value = getAt(body, spot.path);
    if (!isObject(value)) continue;
    const ref = readDatasetRef(value, '');
    if (!Array.isArray(ref) && ref.revision !== undefined)
      out.push({ pointer: pointer(...spot.path), kind: 'dataset', id: ref.dataset, revision: ref.revision });
  }
  const ly = spots.lastYear;
  const lastYear = ly ? getAt(body, ly.path) : undefined;
  if (ly && lastYear !== undefined) {
    const ref = readScenarioRef(lastYear, '');
    if (!Array.isArray(ref) && ref.revision !== undefined)
      out.push({ pointer: pointer(...ly.path), kind: 'scenario', id: ref.scenario, revision: ref.revision });
  }
  return out;
}
