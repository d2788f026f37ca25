-- The hub's first layout: schools and their tokens, receipts, every
-- summary received as its cells, the current summary of each school and
-- window, users and sessions. The database's constraints, not a process's
-- memory, keep (school, id) and (school, sequence) unique, so that hub
-- processes can run side by side.

CREATE TABLE schools (
	code       text PRIMARY KEY,
	name       text NOT NULL,
	token_hash bytea NOT NULL UNIQUE, -- SHA-256 of the token; a revoked one stays, to say so
	revoked    boolean NOT NULL DEFAULT false,
	enrolled   timestamptz NOT NULL,
	last_sync  timestamptz,
	highest    bigint NOT NULL DEFAULT 0,
	epoch      integer NOT NULL DEFAULT 0 -- raised when the district resets the school's sequence
);

CREATE TABLE receipts (
	rid       bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- rises with every summary received
	school    text NOT NULL REFERENCES schools (code),
	id        text NOT NULL,
	sequence  bigint NOT NULL,
	year      text NOT NULL,
	"window"  text NOT NULL,
	received  timestamptz NOT NULL,
	current   boolean NOT NULL,
	body_hash bytea NOT NULL,
	epoch     integer NOT NULL, -- the school's when received: sequences are unique within one
	PRIMARY KEY (school, id),
	UNIQUE (school, epoch, sequence)
);

-- The cells of every summary received (every version), in its order. The
-- percentages stay coded as sent; est1 and est2 are the counts behind them
-- in 1/200 of a student (whole numbers, so sums are exact), and coded says
-- whether one was top or bottom coded: roll-ups add these up in SQL.
CREATE TABLE cells (
	summary    bigint NOT NULL REFERENCES receipts (rid),
	pos        integer NOT NULL,
	section    text NOT NULL,
	measure    text NOT NULL,
	grade      text NOT NULL,
	dimension  text NOT NULL,
	grp        text NOT NULL,
	n          integer,          -- NULL: withheld (a v1 cell)
	pct        text,             -- at/above, Tier 2 or adequate, by section
	pct2       text,             -- Tier 3
	risk_ratio double precision, -- Tier 3's
	suppressed boolean NOT NULL,
	reason     text NOT NULL,
	est1       bigint NOT NULL,
	est2       bigint NOT NULL,
	coded      boolean NOT NULL,
	PRIMARY KEY (summary, pos)
);

-- The current summary of each school and window: the one of the highest
-- sequence received.
CREATE TABLE current_summaries (
	school   text NOT NULL REFERENCES schools (code),
	year     text NOT NULL,
	"window" text NOT NULL,
	rid      bigint NOT NULL REFERENCES receipts (rid),
	sequence bigint NOT NULL,
	PRIMARY KEY (school, year, "window")
);
CREATE INDEX current_by_window ON current_summaries (year, "window", school);

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
