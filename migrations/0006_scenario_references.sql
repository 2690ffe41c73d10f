-- What each saved scenario revision refers to: a dataset revision (where a route takes regions or projects)
-- or a saved scenario (lastYear), written in the same batch as the revision. A saved scenario must keep
-- re-running, so a dataset (or scenario) that the head revision of a live scenario names may not be deleted,
-- nor made private while a public scenario or another workspace's scenario names it (409 conflict, naming
-- them). Only head revisions of scenarios not deleted count: re-pointing a scenario (a new revision) or
-- deleting it releases what it named; an older revision (?revision=n) that names something since deleted
-- answers scenario-reference-gone. The row of a reference whose target is gone or hidden cannot be written:
-- target_revision comes from a guarded sub-select, NULL (a NOT NULL failure, the batch rolled back) when
-- the target was deleted or made private between the check and the write.
CREATE TABLE scenario_references (
  scenario_id TEXT NOT NULL REFERENCES scenarios (id),
  revision INTEGER NOT NULL,
  pointer TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('dataset', 'scenario')),
  target_id TEXT NOT NULL,
  target_revision INTEGER NOT NULL,
  PRIMARY KEY (scenario_id, revision, pointer)
);
CREATE INDEX scenario_references_target ON scenario_references (target_kind, target_id);

-- The references of the scenarios saved before this table: every pinned reference of every revision.
INSERT OR IGNORE INTO scenario_references (scenario_id, revision, pointer, target_kind, target_id, target_revision)
SELECT scenario_id, revision, '/regions', 'dataset', json_extract(request, '$.regions.dataset'), json_extract(request, '$.regions.revision')
FROM scenario_revisions
WHERE route IN ('/v1/allocations', '/v1/optimizations', '/v1/monitoring', '/v1/rankings')
  AND json_valid(request) AND json_type(request, '$.regions.dataset') = 'text' AND json_type(request, '$.regions.revision') = 'integer';
INSERT OR IGNORE INTO scenario_references (scenario_id, revision, pointer, target_kind, target_id, target_revision)
SELECT scenario_id, revision, '/projects', 'dataset', json_extract(request, '$.projects.dataset'), json_extract(request, '$.projects.revision')
FROM scenario_revisions
WHERE route IN ('/v1/optimizations', '/v1/monitoring')
  AND json_valid(request) AND json_type(request, '$.projects.dataset') = 'text' AND json_type(request, '$.projects.revision') = 'integer';
INSERT OR IGNORE INTO scenario_references (scenario_id, revision, pointer, target_kind, target_id, target_revision)
SELECT scenario_id, revision, '/baseline/regions', 'dataset', json_extract(request, '$.baseline.regions.dataset'), json_extract(request, '$.baseline.regions.revision')
FROM scenario_revisions
WHERE route = '/v1/allocations/compare'
  AND json_valid(request) AND json_type(request, '$.baseline.regions.dataset') = 'text' AND json_type(request, '$.baseline.regions.revision') = 'integer';
INSERT OR IGNORE INTO scenario_references (scenario_id, revision, pointer, target_kind, target_id, target_revision)
SELECT scenario_id, revision, '/lastYear', 'scenario', json_extract(request, '$.lastYear.scenario'), json_extract(request, '$.lastYear.revision')
FROM scenario_revisions
WHERE route = '/v1/allocations'
  AND json_valid(request) AND json_type(request, '$.lastYear.scenario') = 'text' AND json_type(request, '$.lastYear.revision') = 'integer';
INSERT OR IGNORE INTO scenario_references (scenario_id, revision, pointer, target_kind, target_id, target_revision)
SELECT scenario_id, revision, '/baseline/lastYear', 'scenario', json_extract(request, '$.baseline.lastYear.scenario'), json_extract(request, '$.baseline.lastYear.revision')
FROM scenario_revisions
WHERE route = '/v1/allocations/compare'
  AND json_valid(request) AND json_type(request, '$.baseline.lastYear.scenario') = 'text' AND json_type(request, '$.baseline.lastYear.revision') = 'integer';
