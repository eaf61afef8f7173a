-- Programs, partners, users, sessions and the audit trail.
-- Timestamps are Unix seconds (BIGINT) so the same queries run on SQLite and PostgreSQL.

CREATE TABLE programs (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL,
    protection_days     INTEGER NOT NULL DEFAULT 90 CHECK (protection_days > 0),
    approval_sla_hours  INTEGER NOT NULL DEFAULT 48 CHECK (approval_sla_hours > 0),
    conflict_policy     TEXT    NOT NULL DEFAULT 'first_come'
                        CHECK (conflict_policy IN ('first_come', 'tier_priority'))
);

CREATE TABLE partners (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    tier        TEXT    NOT NULL CHECK (tier IN ('bronze', 'silver', 'gold')),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE partner_motions (
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    motion      TEXT    NOT NULL
                CHECK (motion IN ('referral', 'reseller', 'marketplace', 'services', 'tech')),
    PRIMARY KEY (partner_id, motion)
);

CREATE TABLE partner_territories (
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    country     TEXT    NOT NULL CHECK (length(country) = 2),
    PRIMARY KEY (partner_id, country)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL
                   CHECK (role IN ('partner_user', 'partner_admin', 'channel_manager')),
    partner_id     INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    password_hash  TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    -- Partner roles belong to exactly one partner; channel managers to none.
    CHECK ((role = 'channel_manager') = (partner_id IS NULL))
);

-- Server-side sessions. Only a SHA-256 of the cookie's token is stored, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    at           BIGINT  NOT NULL,
    actor_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action       TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    BIGINT,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_entity ON audit_events (entity, entity_id);
