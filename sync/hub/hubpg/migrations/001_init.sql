-- The hub's first layout: schools and their tokens, receipts, the current
-- summary of each school and window, users and sessions. The database's
-- constraints, not a process's memory, keep (school, id) and
-- (school, sequence) unique, so that hub processes can run side by side.

CREATE TABLE schools (
	code       text PRIMARY KEY,
	name       text NOT NULL,
	token_hash bytea NOT NULL UNIQUE, -- SHA-256 of the token; a revoked one stays, to say so
	revoked    boolean NOT NULL DEFAULT false,
	enrolled   timestamptz NOT NULL,
	last_sync  timestamptz,
	highest    bigint NOT NULL DEFAULT 0
);

CREATE TABLE receipts (
	school    text NOT NULL REFERENCES schools (code),
	id        text NOT NULL,
	sequence  bigint NOT NULL,
	year      text NOT NULL,
	"window"  text NOT NULL,
	received  timestamptz NOT NULL,
	current   boolean NOT NULL,
	body_hash bytea NOT NULL,
	PRIMARY KEY (school, id),
	UNIQUE (school, sequence)
);

CREATE TABLE current_summaries (
	school   text NOT NULL REFERENCES schools (code),
	year     text NOT NULL,
	"window" text NOT NULL,
	id       text NOT NULL,
	sequence bigint NOT NULL,
	received timestamptz NOT NULL,
	body     bytea NOT NULL,
	PRIMARY KEY (school, year, "window")
);

-- Users and sessions are kept as the hub's JSON records, so that a field
-- the hub adds to them needs no migration.
CREATE TABLE users (
	name   text PRIMARY KEY,
	record jsonb NOT NULL
);

CREATE TABLE sessions (
	token_hash bytea PRIMARY KEY,
	expires    timestamptz NOT NULL,
	record     jsonb NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires);
