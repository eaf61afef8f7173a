-- Deal registrations, their categories (tier benefits), certifications, extension requests.

-- Registration categories are program data: a tier unlocks the categories whose minimum tier it
-- reaches (Gold's exclusive categories are a benefit in data, not code).
CREATE TABLE registration_categories (
    code          TEXT PRIMARY KEY,
    label         TEXT NOT NULL,
    description   TEXT NOT NULL,
    minimum_tier  TEXT NOT NULL CHECK (minimum_tier IN ('bronze', 'silver', 'gold')),
    position      INTEGER NOT NULL
);
INSERT INTO registration_categories (code, label, description, minimum_tier, position) VALUES
    ('standard', 'Standard', 'Any new opportunity with a customer in your territory.', 'bronze', 1),
    ('strategic_account', 'Strategic account', 'A named strategic account on the program''s list. Gold benefit.', 'gold', 2),
    ('competitive_displacement', 'Competitive displacement', 'Replacing a competitor''s installed product. Gold benefit.', 'gold', 3);

CREATE TABLE partner_certifications (
    partner_id     INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    certification  TEXT    NOT NULL,
    earned_at      BIGINT  NOT NULL,
    PRIMARY KEY (partner_id, certification)
);

CREATE TABLE registrations (
    id                   INTEGER PRIMARY KEY,
    partner_id           INTEGER NOT NULL REFERENCES partners (id),
    submitted_by         INTEGER NOT NULL REFERENCES users (id),
    motion               TEXT    NOT NULL
                         CHECK (motion IN ('referral', 'reseller', 'marketplace', 'services', 'tech')),
    category             TEXT    NOT NULL REFERENCES registration_categories (code),
    customer_legal_name  TEXT    NOT NULL,
    customer_domain      TEXT    NOT NULL,  -- registrable domain, folded
    customer_name_key    TEXT    NOT NULL,  -- normalised legal name
    customer_country     TEXT    NOT NULL CHECK (length(customer_country) = 2),
    contact_name         TEXT    NOT NULL,
    contact_email        TEXT    NOT NULL,
    contact_role         TEXT    NOT NULL,
    products             TEXT    NOT NULL,  -- JSON array of names
    value_minor          BIGINT  NOT NULL CHECK (value_minor > 0),
    currency             TEXT    NOT NULL,
    expected_close       TEXT    NOT NULL,  -- YYYY-MM-DD
    attribution          TEXT    NOT NULL CHECK (attribution IN ('sourced', 'influenced')),
    attribution_percent  INTEGER NOT NULL CHECK (attribution_percent BETWEEN 1 AND 100),
    incumbent            BOOLEAN NOT NULL,
    partner_notes        TEXT    NOT NULL,
    status               TEXT    NOT NULL
                         CHECK (status IN ('submitted', 'approved', 'rejected', 'expired', 'won', 'lost')),
    stage                TEXT,
    vendor_owner         TEXT,
    next_step            TEXT,
    protection_start     BIGINT,
    protection_end       BIGINT,
    conflict_status      TEXT    NOT NULL DEFAULT 'none' CHECK (conflict_status IN ('none', 'risk', 'active')),
    rejection_reason     TEXT,
    source               TEXT    NOT NULL DEFAULT 'portal' CHECK (source IN ('portal', 'embed')),
    submitted_at         BIGINT  NOT NULL,
    decided_at           BIGINT,
    last_activity_at     BIGINT  NOT NULL,
    idempotency_key      TEXT,
    idempotency_hash     TEXT,
    -- Vendor-internal fields: never part of a partner response.
    deal_amount_minor    BIGINT,
    discount_band        TEXT,
    margin_percent       INTEGER,
    internal_notes       TEXT,
    competitor_notes     TEXT,
    UNIQUE (submitted_by, idempotency_key)
);
CREATE INDEX registrations_partner ON registrations (partner_id, submitted_at);
CREATE INDEX registrations_submitter ON registrations (submitted_by);
CREATE INDEX registrations_domain ON registrations (customer_domain);
CREATE INDEX registrations_name ON registrations (customer_name_key, customer_country);
CREATE INDEX registrations_status ON registrations (status, submitted_at);

-- Users who collaborate on a registration they did not submit (partner users see those too).
CREATE TABLE registration_collaborators (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, user_id)
);

CREATE TABLE extension_requests (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    requested_by     INTEGER NOT NULL REFERENCES users (id),
    reason           TEXT    NOT NULL,
    requested_at     BIGINT  NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'declined')),
    decided_at       BIGINT
);
CREATE INDEX extension_requests_registration ON extension_requests (registration_id, status);
