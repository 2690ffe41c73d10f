-- The service's memory: API keys, datasets with immutable revisions, saved scenarios with a result cache,
-- saved models, and the audit trail. Applied by `wrangler d1 migrations apply DB --local` (npm run dev),
-- by the workerd tests (applyD1Migrations) and by the Node entry (src/store/sqlite.ts), all recording what
-- ran in d1_migrations. Times are ISO-8601 UTC text; JSON columns are text.

-- A key is shown once at creation; only its SHA-256 is kept. Scopes nest: read < write < admin.
-- A workspace is the team a key works for (a province's finance department): private datasets,
-- scenarios and models belong to one, and every key of that workspace may use them.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  workspace TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  revoked_at TEXT
);

-- A dataset is a table of regions or projects for a jurisdiction and a year; every change is a new
-- revision, and `head` is the newest. The primary key (dataset_id, revision) is what makes two writers
-- with the same If-Match collide: one inserts revision n+1, the other's insert fails as a whole batch.
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  kind TEXT NOT NULL CHECK (kind IN ('regions', 'projects')),
  head INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  deleted_at TEXT,
  deleted_by TEXT
);

CREATE TABLE dataset_revisions (
  dataset_id TEXT NOT NULL REFERENCES datasets (id),
  revision INTEGER NOT NULL,
  title TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  year INTEGER NOT NULL,
  model TEXT,
  source TEXT,
  rows TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  PRIMARY KEY (dataset_id, revision)
);

-- A saved scenario is one calculation request (route, query, body) that names a dataset revision and a
-- model version, so it re-runs byte for byte; revisions like datasets.
CREATE TABLE scenarios (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  head INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  deleted_at TEXT,
  deleted_by TEXT
);

CREATE TABLE scenario_revisions (
  scenario_id TEXT NOT NULL REFERENCES scenarios (id),
  revision INTEGER NOT NULL,
  title TEXT NOT NULL,
  route TEXT NOT NULL,
  query TEXT NOT NULL,
  request TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  PRIMARY KEY (scenario_id, revision)
);

-- Answers by the hash of everything that makes them (route, query, the request with its references
-- resolved to content hashes, model hash, service version): a key that cannot name another answer.
CREATE TABLE results (
  key TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A province's own models, same schema as models/<kind>/; each save is a new version.
CREATE TABLE models (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  workspace TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  body TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  PRIMARY KEY (kind, id, version)
);

-- Every write: who (key id, or "cli"), when, what, and the content hash of what was written.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  workspace TEXT,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  revision INTEGER,
  hash TEXT,
  detail TEXT
);
CREATE INDEX audit_log_resource ON audit_log (resource, resource_id);
