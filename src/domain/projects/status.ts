/**
 * A project's status moves (seed 003 §9, seed 000): 储备 reserve → 计划 planned → 实施 implementing →
 * 完工 completed, one step at a time; a project not yet implemented may be taken back a step (a plan
 * dropped) or removed (移出); a removed one may come back to the reserve (it enters again, reviewed again).
 * A completed project is final. The same status is no move.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import type { ProjectStatus } from '../../schema/projects.js';

export const NEXT: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  reserve: ['planned', 'removed'],
  planned: ['implementing', 'reserve', 'removed'],
  implementing: ['completed'],
  completed: [],
  removed: ['reserve'],
};

/** Has the project been implemented (实施 or 完工)? The yearly review flags old projects that have not. */
export const implemented = (s: ProjectStatus): boolean => s === 'implementing' || s === 'completed';

/** The issue of a move the rules do not allow, at `path` (the status field written), or undefined. */
export function checkMove(from: ProjectStatus, to: ProjectStatus, path: string): Issue | undefined {
  if (from === to || NEXT[from].includes(to)) return undefined;
  return issue(path, 'status-jump', { from, to, next: NEXT[from] });
}
