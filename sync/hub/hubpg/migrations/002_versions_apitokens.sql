-- Every summary's body, kept as a version of its window (the equity,
-- history and completeness pages and the cells API read them), and the
-- read-only API tokens of BI tools. Receipts from before this step have no
-- body: a database's history starts with the summaries received after it.

CREATE TABLE summary_bodies (
	rid  bigint PRIMARY KEY REFERENCES receipts (rid),
	body bytea NOT NULL
);

CREATE TABLE api_tokens (
	hash       bytea PRIMARY KEY, -- SHA-256 of the token, never the token
	id         text NOT NULL UNIQUE, -- the hash's first 12 hex digits: names the token on the admin page
	name       text NOT NULL,
	created    timestamptz NOT NULL,
	created_by text NOT NULL,
	revoked    boolean NOT NULL DEFAULT false
);
