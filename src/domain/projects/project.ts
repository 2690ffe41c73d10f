/**
 * A project as written (LibraryProject, after the schema) made into a project as kept (StoredProject):
 * amounts as decimal text, the status set (储备 by default), the entry date set (the day it enters, unless
 * the county's own records give it), the revision that wrote it. The same for an inline project of a
 * calculation request, so every check reads one shape.
 */
import type { LibraryProjectInput, StoredIndicator, StoredProject } from '../../schema/projects.js';

const text = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));

function indicators(list: readonly { name: string; value: string | number; unit: string; core?: boolean }[] | undefined): StoredIndicator[] | undefined {
  return list?.map((i) => ({ name: i.name, value: String(i.value), unit: i.unit, ...(i.core !== undefined ? { core: i.core } : {}) }));
}

/** Drops the keys whose value is undefined, so a stored project (and its hash) holds only what was given. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function toStored(p: LibraryProjectInput, at: { today: string; revision: number }, kept?: Pick<StoredProject, 'decisions'>): StoredProject {
  const targets = p.targets && defined({ output: indicators(p.targets.output), effect: indicators(p.targets.effect) });
  return defined({
    id: p.id,
    name: p.name,
    town: p.town,
    village: p.village,
    category: p.category,
    purpose: p.purpose,
    content: p.content,
    amount: String(p.amount),
    approvedAmount: text(p.approvedAmount),
    sources: p.sources,
    targets,
    linkage: p.linkage,
    feasibilityReviewed: p.feasibilityReviewed,
    drawingReviewed: p.drawingReviewed,
    priority: p.priority,
    villageIncome: text(p.villageIncome),
    keyTown: p.keyTown,
    year: p.year,
    status: p.status ?? 'reserve',
    enteredOn: p.enteredOn ?? at.today,
    startedOn: p.startedOn,
    completedOn: p.completedOn,
    arranged: text(p.arranged),
    paid: text(p.paid),
    department: p.department,
    changedIn: at.revision,
    decisions: kept?.decisions,
  });
}

/** The fields a planner writes, from a stored project (what a PATCH merges into, what a CSV export shows). */
export function toWritten(p: StoredProject): LibraryProjectInput {
  const { changedIn: _c, decisions: _d, ...written } = p;
  return written as unknown as LibraryProjectInput;
}
