/**
 * The one message catalogue: each feature's part (src/messages/<feature>.ts) joined, so a code names one
 * message everywhere. tests/messages.test.ts proves no code is defined twice and every code is kebab-case.
 * Usage: `issue('/total', 'total-not-whole-granules', { total, granularity })`.
 */
import type { Issue } from '../core/errors.js';
import { type Catalogue, issueFrom } from './catalogue.js';
import { COMMON } from './common.js';
import { EVALUATION } from './evaluation.js';
import { RANKING } from './ranking.js';
import { INDUSTRY_SHARE } from './industryShare.js';
import { MONITORING } from './monitoring.js';
import { OPTIMIZATION } from './optimization.js';
import { ALLOCATION } from './allocation.js';
import { ACCESS } from './access.js';
import { DATASETS } from './datasets.js';
import { MODELS } from './models.js';
import { SCENARIOS } from './scenarios.js';
import { SHEETS } from './sheets.js';
import { FORMATS_OUT } from './formats.js';
import { TOKENS } from './tokens.js';
import { PROJECTS } from './projects.js';
import { LIBRARIES } from './libraries.js';
import { PROJECT_CHECKS } from './projectChecks.js';
import { MATCHING } from './matching.js';
import { LIBRARY_TABLES } from './libraryTables.js';

/** The parts, by feature; each file is owned by its feature. */
export const PARTS = {
  common: COMMON,
  evaluation: EVALUATION,
  ranking: RANKING,
  monitoring: MONITORING,
  industryShare: INDUSTRY_SHARE,
  optimization: OPTIMIZATION,
  allocation: ALLOCATION,
  access: ACCESS,
  datasets: DATASETS,
  models: MODELS,
  scenarios: SCENARIOS,
  sheets: SHEETS,
  formats: FORMATS_OUT,
  tokens: TOKENS,
  projects: PROJECTS,
  libraries: LIBRARIES,
  projectChecks: PROJECT_CHECKS,
  matching: MATCHING,
  libraryTables: LIBRARY_TABLES,
} satisfies Record<string, Catalogue>;

type Parts = typeof PARTS;
type Joined = { [P in keyof Parts]: Parts[P] }[keyof Parts];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type Messages = UnionToIntersection<Joined>;

export const MESSAGES = Object.assign({}, ...Object.values(PARTS)) as Messages;
export type Code = keyof Messages & string;

/** An issue at a JSON pointer with its code and bilingual message from the catalogue. */
export function issue<K extends Code>(path: string, code: K, ...params: Parameters<Messages[K]>): Issue {
  const catalogue: Catalogue = MESSAGES;
  return issueFrom(catalogue, path, code, params[0]);
}

/** A catalogue message with its code, where no pointer goes with it (a problem's detail: 404, 405, 413 …). */
export function message<K extends Code>(code: K, ...params: Parameters<Messages[K]>): { code: K; en: string; zh: string } {
  const catalogue: Catalogue = MESSAGES;
  const m = catalogue[code](params[0]);
  return { code, en: m.en, zh: m.zh };
}

/**
 * A catalogue message as a zod custom issue's fields (`ctx.addIssue({ code: 'custom', path, ...zodMessage(…) })`):
 * the English text as zod's message, the Chinese text and the code in params, read by problem.fromZod.
 * Call it at each use: zod's normalizeParams rewrites the object it is given.
 */
export function zodMessage<K extends Code>(code: K, ...params: Parameters<Messages[K]>): { message: string; params: { zh: string; code: K } } {
  const catalogue: Catalogue = MESSAGES;
  const m = catalogue[code](params[0]);
  return { message: m.en, params: { zh: m.zh, code } };
}
