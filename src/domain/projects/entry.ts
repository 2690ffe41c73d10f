/**
 * Entry review (入库审查, seed 003 §7–8; seed 001 §(三)): the reasons a project may not enter the library,
 * every one at once, and the words of a project checked against the model (category, fund sources,
 * purpose), which are input errors rather than refusals.
 *
 * Refused: no performance targets (an output and an effect indicator), no feasibility review (评估论证),
 * no benefit-linkage mechanism (利益联结机制), a purpose the model marks unrelated, or an item of the
 * negative list — by category, or by one of its keywords in the name or the content (a choice: the
 * documents list uses, not words; the model's keywords say which words stand for which use).
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import type { LibraryProjectInput, ProjectRulesModel, StoredProject } from '../../schema/projects.js';

/** What entry review reads of a project: as written, or as stored. */
export type Reviewed = Pick<LibraryProjectInput | StoredProject, 'name' | 'category' | 'purpose' | 'content' | 'targets' | 'linkage' | 'feasibilityReviewed'>;

/** One reason for refusal: its code and words, and the field it is about (a JSON pointer segment). */
export interface EntryReason {
  readonly code: string;
  readonly field: string;
  readonly en: string;
  readonly zh: string;
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** The negative-list item the project falls under, and why (its category, or a keyword in name or content). */
export function negativeListHit(
  p: Reviewed,
  model: ProjectRulesModel,
): { item: ProjectRulesModel['negativeList'][number]; keyword?: string; field?: 'name' | 'content' } | undefined {
  for (const item of model.negativeList) {
    if (item.categories?.includes(p.category)) return { item };
    for (const keyword of item.keywords) {
      if (p.name.includes(keyword)) return { item, keyword, field: 'name' };
      if (p.content?.includes(keyword)) return { item, keyword, field: 'content' };
    }
  }
  return undefined;
}

/** Every reason the project may not enter, in a fixed order (targets, feasibility, linkage, purpose, negative list); empty: admitted. */
export function entryReasons(p: Reviewed, model: ProjectRulesModel): EntryReason[] {
  const out: EntryReason[] = [];
  const add = (field: string, i: Issue) => out.push({ code: i.code!, field, en: i.en, zh: i.zh });
  const rules = model.entry;
  if (rules.requireTargets && (!p.targets?.output?.length || !p.targets?.effect?.length)) add('targets', issue('', 'entry-no-targets'));
  if (rules.requireFeasibility && p.feasibilityReviewed !== true) add('feasibilityReviewed', issue('', 'entry-no-feasibility'));
  if (rules.requireLinkage && blank(p.linkage)) add('linkage', issue('', 'entry-no-linkage'));
  const purpose = p.purpose === undefined ? undefined : model.purposes.find((x) => x.id === p.purpose);
  if (purpose && !purpose.related) add('purpose', issue('', 'entry-unrelated', { purpose: purpose.id, purposeZh: purpose.zh }));
  const hit = negativeListHit(p, model);
  if (hit) add(hit.field ?? 'category', issue('', 'entry-negative-list', { item: hit.item.en, itemZh: hit.item.zh, keyword: hit.keyword, field: hit.field }));
  return out;
}

/** The entry reasons as issues under `path` (a project's pointer): what a refused write answers, 422. */
export function entryIssues(p: Reviewed, model: ProjectRulesModel, path: string): Issue[] {
  return entryReasons(p, model).map((r) => ({ path: `${path}/${r.field}`, code: r.code, en: r.en, zh: r.zh }));
}

/**
 * A project's ids checked against the model: category, fund sources, purpose (unknown ones are 422 input errors).
 * The messages list the model's words as a county writes them, each with its id: "中央衔接资金 (central)".
 */
export function vocabularyIssues(p: Pick<LibraryProjectInput, 'category' | 'sources' | 'purpose'>, model: ProjectRulesModel, path: string): Issue[] {
  const out: Issue[] = [];
  const named = (list: readonly { id: string; zh: string }[]) => list.map(({ id, zh }) => ({ id, zh }));
  const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
  if (!ids(model.categories).includes(p.category))
    out.push(issue(`${path}/category`, 'project-unknown-category', { shown: p.category, known: named(model.categories) }));
  const sources = ids(model.fundSources);
  p.sources?.forEach((s, i) => {
    if (!sources.includes(s)) out.push(issue(`${path}/sources/${i}`, 'unknown-fund-source', { shown: s, known: named(model.fundSources) }));
  });
  if (p.purpose !== undefined && !ids(model.purposes).includes(p.purpose))
    out.push(issue(`${path}/purpose`, 'project-unknown-purpose', { shown: p.purpose, known: named(model.purposes) }));
  return out;
}
