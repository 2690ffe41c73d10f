-- The project library (项目库, issue 15): a county's projects, every change a new immutable revision, as
-- datasets keep theirs. A revision holds the whole project list as JSON (each project with the revision that
-- last changed it, `changedIn`, and its review decisions), so any revision reads back as it was.
-- The primary key (library_id, revision) makes two writers of revision n+1 collide: one batch fails as a
-- whole; a project-level write (PATCH, decisions) then retries on the new head (src/store/libraries.ts).
-- D1 keeps at most 2,000,000 bytes in a row: the service refuses a project list above MAX_LIBRARY_BYTES first.
CREATE TABLE libraries (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  head INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  deleted_at TEXT,
  deleted_by TEXT
);

CREATE TABLE library_revisions (
  library_id TEXT NOT NULL REFERENCES libraries (id),
  revision INTEGER NOT NULL,
  name TEXT NOT NULL,
  county TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('wan', 'yuan')),
  model TEXT NOT NULL,
  projects TEXT NOT NULL,
  project_count INTEGER NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  PRIMARY KEY (library_id, revision)
);
