/**
 * The tables of migrations/*.sql as Kysely sees them: one interface per table, column names as in SQL.
 * A migration that changes a table changes its interface here in the same commit.
 */
import type { Generated } from 'kysely';

export type Visibility = 'public' | 'private';
export type Scope = 'read' | 'write' | 'admin';

export interface ApiKeyTable {
  id: string;
  name: string;
  workspace: string;
  scope: Scope;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}

/** migrations/0008: a save token (src/store/tokens.ts): short-lived, its grants a JSON array, its secret's SHA-256 only. */
export interface TokenTable {
  id: string;
  workspace: string;
  hash: string;
  prefix: string;
  /** JSON array of grant names: ["save-scenario"]. */
  grants: string;
  /** The id of the key that made it. */
  issued_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface DatasetTable {
  id: string;
  workspace: string;
  visibility: Visibility;
  kind: 'regions' | 'projects';
  head: number;
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface DatasetRevisionTable {
  dataset_id: string;
  revision: number;
  title: string;
  jurisdiction: string;
  year: number;
  model: string | null;
  source: string | null;
  /** JSON: the rows as a calculation route takes them. */
  rows: string;
  row_count: number;
  hash: string;
  created_at: string;
  created_by: string | null;
}

/** migrations/0009: a project library (issue 15), revisions as datasets keep theirs. */
export interface LibraryTable {
  id: string;
  workspace: string;
  visibility: Visibility;
  head: number;
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface LibraryRevisionTable {
  library_id: string;
  revision: number;
  name: string;
  county: string;
  unit: 'wan' | 'yuan';
  model: string;
  /** JSON: StoredProject[] (src/schema/projects.ts), each with changedIn and its decisions. */
  projects: string;
  project_count: number;
  hash: string;
  created_at: string;
  created_by: string | null;
}

export interface ScenarioTable {
  id: string;
  workspace: string;
  visibility: Visibility;
  head: number;
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface ScenarioRevisionTable {
  scenario_id: string;
  revision: number;
  title: string;
  route: string;
  /** JSON object of query parameters. */
  query: string;
  /** JSON: the request body as saved (with its references). */
  request: string;
  hash: string;
  created_at: string;
  created_by: string | null;
  /** JSON {id, version, hash} of the model the scenario was saved with, or null (migrations/0004). */
  model: string | null;
}

/** migrations/0006: what a scenario revision names (a dataset revision, or a saved scenario for lastYear). */
export interface ScenarioReferenceTable {
  scenario_id: string;
  revision: number;
  /** Where in the request: /regions, /projects, /baseline/regions, /lastYear … */
  pointer: string;
  target_kind: 'dataset' | 'scenario';
  target_id: string;
  target_revision: number;
}

export interface ResultTable {
  key: string;
  status: number;
  content_type: string;
  body: string;
  created_at: string;
}

export interface ModelTable {
  kind: string;
  id: string;
  version: number;
  workspace: string;
  visibility: Visibility;
  /** JSON: the model, same schema as models/<kind>/*.json. */
  body: string;
  hash: string;
  created_at: string;
  created_by: string | null;
  /** migrations/0005: a soft delete marks every version of the model. */
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface AuditTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  workspace: string | null;
  action: string;
  resource: string;
  resource_id: string;
  revision: number | null;
  hash: string | null;
  /** JSON, optional: what else a reader of the trail needs (a title, a scope). */
  detail: string | null;
}

export interface Database {
  api_keys: ApiKeyTable;
  tokens: TokenTable;
  datasets: DatasetTable;
  dataset_revisions: DatasetRevisionTable;
  libraries: LibraryTable;
  library_revisions: LibraryRevisionTable;
  scenarios: ScenarioTable;
  scenario_revisions: ScenarioRevisionTable;
  scenario_references: ScenarioReferenceTable;
  results: ResultTable;
  models: ModelTable;
  audit_log: AuditTable;
}
