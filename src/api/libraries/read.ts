/**
 * The shared readers of the project library (issue 15) for the routes that calculate on projects (entry
 * review, indicator checks, the yearly review, plan review, matching): the projects a body names (inline, or a
 * stored library by reference), the project-rules model it names, and a stored library for the GET forms.
 * One set of rules for all of them: inline projects are checked by the schema and the model's vocabulary (not
 * by entry review, which is what some of them compute); a reference is read as datasets are (public, or of
 * the caller's workspace), an unknown one is a 422 at its pointer.
 */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import { toStored } from '../../domain/projects/project.js';
import { vocabularyIssues } from '../../domain/projects/entry.js';
import { issue, message } from '../../messages/index.js';
import {
  LibraryProject,
  type LibraryProjectInput,
  MAX_LIBRARY_PROJECTS,
  projectFields,
  type ProjectRulesModel,
  type StoredProject,
} from '../../schema/projects.js';
import { type LibraryView, readLibrary } from '../../store/libraries.js';
import { DEFAULT_PROJECTS_MODEL, projectsModel, unknownModel } from '../models/catalog.js';
import { fromZod, problem } from '../problem.js';
import { today } from '../respond.js';
import { storeOr503 } from '../access/principal.js';

/** The stored library a calculation read, as its provenance names it. */
export interface LibraryRef {
  readonly id: string;
  readonly revision: number;
  readonly hash: string;
  readonly county: string;
  readonly unit: string;
  readonly model: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Inline projects checked as a calculation takes them: each by the schema (LibraryProject) and the model's
 * vocabulary, numbers unique; every issue at once under `path` (/projects/3/amount). Not entry review.
 */
export function inlineProjects(raw: readonly unknown[], path: string, model: ProjectRulesModel): { projects: StoredProject[] } | { issues: Issue[] } {
  const issues: Issue[] = [];
  if (raw.length > MAX_LIBRARY_PROJECTS) return { issues: [issue(path, 'too-many', { maximum: MAX_LIBRARY_PROJECTS })] };
  const projects: StoredProject[] = [];
  const seen = new Map<string, number>();
  const at = today();
  raw.forEach((row, i) => {
    const parsed = LibraryProject.safeParse(row);
    if (!parsed.success) {
      issues.push(...fromZod(parsed.error.issues).map((x) => ({ ...x, path: `${path}/${i}${x.path === '/' ? '' : x.path}` })));
      // every independent issue at once: the model's vocabulary on the fields that parsed
      issues.push(...vocabularyOf(parsedFields(row), model, `${path}/${i}`));
      return;
    }
    issues.push(...vocabularyIssues(parsed.data, model, `${path}/${i}`));
    const first = seen.get(parsed.data.id);
    if (first !== undefined) issues.push(issue(`${path}/${i}/id`, 'duplicate-project-id', { id: parsed.data.id, first }));
    else seen.set(parsed.data.id, i);
    projects.push(toStored(parsed.data, { today: at, revision: 0 }));
  });
  return issues.length > 0 ? { issues } : { projects };
}

/** The fields of a row that its schema accepts one by one: what the model's rules can still check when the row as a whole is refused. */
export function parsedFields(row: unknown): Partial<LibraryProjectInput> {
  if (!isObject(row)) return {};
  const out: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(projectFields)) {
    if (row[field] === undefined) continue;
    const one = (schema as z.ZodType).safeParse(row[field]);
    if (one.success) out[field] = one.data;
  }
  return out as Partial<LibraryProjectInput>;
}

/** The model's vocabulary on the fields given (category, fund sources, purpose): those missing or refused are not looked at. */
export function vocabularyOf(p: Partial<LibraryProjectInput>, model: ProjectRulesModel, path: string): Issue[] {
  // a category that is missing or refused is the schema's issue: stand in a known one so only the others are checked
  const category = p.category ?? model.categories[0].id;
  return vocabularyIssues({ category, sources: p.sources, purpose: p.purpose }, model, path);
}

/**
 * The projects a calculation body names: inline LibraryProject[] (checked: schema, vocabulary; NOT entry review)
 * or a reference { "library": id, "revision"?: n } (read access as datasets; unknown/unseen → 422 at path).
 * Inline projects become StoredProject via toStored(today, revision 0).
 */
export async function projectsOf(
  c: Context,
  raw: unknown,
  path: string,
  model: ProjectRulesModel,
): Promise<{ projects: StoredProject[]; library?: LibraryRef } | { issues: Issue[] }> {
  if (Array.isArray(raw)) return inlineProjects(raw, path, model);
  if (raw === undefined) return { issues: [issue(path, 'required', { expected: 'array' })] };
  if (!isObject(raw) || !('library' in raw)) return { issues: [{ path, ...message('library-reference-form') }] };
  const issues: Issue[] = [];
  for (const key of Object.keys(raw)) {
    if (key !== 'library' && key !== 'revision') issues.push({ path: `${path}/${key}`, ...message('unknown-field', { shown: JSON.stringify(key) }) });
  }
  const id = raw.library;
  if (typeof id !== 'string' || id.length < 1 || id.length > 100) issues.push({ path: `${path}/library`, ...message('library-reference-form') });
  const revision = raw.revision;
  if (revision !== undefined && !(typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 1))
    issues.push(issue(`${path}/revision`, 'wrong-type', { expected: 'a revision number (1, 2, …)', got: JSON.stringify(revision) }));
  if (issues.length > 0) return { issues };
  const store = c.get('store');
  if (!store) return { issues: [issue(`${path}/library`, 'unknown-library', { id: id as string })] };
  const found = await readLibrary(store, c.get('principal'), id as string, revision as number | undefined);
  if ('missing' in found) {
    return {
      issues: [
        found.missing === 'library'
          ? issue(`${path}/library`, 'unknown-library', { id: id as string })
          : issue(`${path}/revision`, 'unknown-library-revision', { id: id as string, revision: revision as number, head: found.head }),
      ],
    };
  }
  const v = found.view;
  return { projects: v.projects, library: { id: v.id, revision: v.revision, hash: v.hash, county: v.county, unit: v.unit, model: v.model } };
}

/** The model a body names (`model`, default the library's, else sichuan), or the unknown-model issue at /model. */
export function rulesModelOf(id: string | undefined, path = '/model'): { model: ProjectRulesModel; id: string } | { issues: Issue[] } {
  const name = id ?? DEFAULT_PROJECTS_MODEL;
  const model = projectsModel(name);
  return model ? { model, id: name } : { issues: [unknownModel('projects', name, path)] };
}

/** A stored library's head (or ?revision) for GET /v1/libraries/{id}/<calc>: the view or a 404 problem Response. */
export async function libraryFor(c: Context, id: string, revision?: number): Promise<LibraryView | Response> {
  const s = storeOr503(c);
  if ('response' in s) return s.response;
  const found = await readLibrary(s.store, c.get('principal'), id, revision);
  if ('view' in found) return found.view;
  if (found.missing === 'library') return problem(c, 'not-found', message('unknown-library', { id }));
  return problem(c, 'not-found', message('unknown-library-revision', { id, revision: revision ?? 0, head: found.head }));
}
