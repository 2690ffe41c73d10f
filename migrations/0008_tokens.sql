-- Save tokens (issue 14): short-lived, narrowly scoped bearers a page that embeds the widget gets from its own
-- server (POST /v1/tokens with a write key), so no long-lived key ever sits in a page's source. A token reads
-- like a read key of its workspace and may do what its grants say (today: save-scenario, POST /v1/scenarios).
-- As with api_keys, the secret (`bft_…`) is shown once and only its SHA-256 is kept; `prefix` names it in
-- messages. `grants` is a JSON array of grant names; `issued_by` the id of the key that made it.
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  grants TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX tokens_hash ON tokens (hash);
