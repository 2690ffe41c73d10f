/** Builders for the project-library check tests: a stored project with sane defaults, and the built-in rules. */
import { projectsModel } from '../../src/api/models/catalog.js';
import type { ProjectRulesModel, StoredIndicator, StoredProject } from '../../src/schema/projects.js';

export const SICHUAN: ProjectRulesModel = projectsModel('sichuan')!;

type Writable<T> = { -readonly [K in keyof T]?: T[K] };

/** A project that passes every check unless told otherwise: industry, 100 万元, 100 亩 output, one effect. */
export function project(over: Writable<StoredProject> & { id: string }): StoredProject {
  return {
    name: `项目 ${over.id}`,
    category: 'industry',
    purpose: 'consolidation',
    amount: '100',
    sources: ['central'],
    targets: {
      output: [{ name: '新建基地', value: '100', unit: '亩' }],
      effect: [{ name: '带动脱贫户增收', value: '50', unit: '户' }],
    },
    linkage: '村集体占股20%',
    feasibilityReviewed: true,
    status: 'reserve',
    enteredOn: '2024-01-01',
    changedIn: 0,
    ...over,
  } as StoredProject;
}

export const output = (...list: StoredIndicator[]) => ({ output: list, effect: [{ name: '带动脱贫户增收', value: '50', unit: '户' }] });
