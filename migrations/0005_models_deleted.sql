-- Saved models are deleted softly: every version of the model is marked (who, when) and kept, so an answer
-- that named a pinned version ("<id>@<n>": a saved scenario) still re-runs; the model leaves the lists and
-- its plain id no longer resolves. A later save of the id continues its numbering.
ALTER TABLE models ADD COLUMN deleted_at TEXT;
ALTER TABLE models ADD COLUMN deleted_by TEXT;
