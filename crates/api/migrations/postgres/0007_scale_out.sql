-- Scale-out: state that used to live in one process moves into the database, and the
-- constraints and lock rows that close races between writers on several instances.

-- (SQLite's 0007 also turns registrations.incumbent into a 0/1 integer; PostgreSQL has
-- declared it BOOLEAN since 0002.)

-- Which demo data sets were seeded: the first instance to insert the row seeds, the others skip.
CREATE TABLE seed_runs (
    what  TEXT   PRIMARY KEY,
    at    BIGINT NOT NULL
);

-- Fixed-window counters for sign-in throttling and the embedded form's limits, shared by every
-- instance: increment-then-compare in one statement; old windows are pruned by the sweeper.
CREATE TABLE rate_buckets (
    bucket        TEXT   NOT NULL,
    window_start  BIGINT NOT NULL,
    hits          BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_buckets_window ON rate_buckets (window_start);

-- Secrets every instance must share (the embedded form's token key), generated once.
CREATE TABLE app_secrets (
    name        TEXT   PRIMARY KEY,
    value       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Lock rows: a transaction that must not interleave with another on the same thing (one
-- customer, the program's settings, a partner's embed) upserts its row first. PostgreSQL then
-- holds that row lock to the end of the transaction; SQLite takes its single write lock.
CREATE TABLE lock_rows (
    name      TEXT   PRIMARY KEY,
    taken_at  BIGINT NOT NULL
);

-- At most one pending extension request per registration (duplicates from before are closed).
UPDATE extension_requests SET status = 'declined', decided_at = requested_at
 WHERE status = 'pending'
   AND id NOT IN (SELECT MIN(id) FROM extension_requests WHERE status = 'pending' GROUP BY registration_id);
CREATE UNIQUE INDEX extension_requests_one_pending ON extension_requests (registration_id) WHERE status = 'pending';
