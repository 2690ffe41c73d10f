-- A saved scenario pins the model it was saved with: {"id", "version", "hash"} as the answer's provenance
-- named it (JSON; null for routes without a model). GET /v1/scenarios/{id}/result refuses to run when the
-- model the service has now hashes otherwise, so a result is never silently made with another model.
ALTER TABLE scenario_revisions ADD COLUMN model TEXT;
