-- Commissions and payouts: the program's commission plans and SPIFFs (program data: a rate
-- changed here is a data change, and never rewrites a line already earned, since each line
-- carries its own plan, base, rate and attribution), the lines a won registration earns, and
-- the monthly statements that pay them. Money is BIGINT minor units beside its currency.

-- What a won registration records: the booked first-year value and the close date.
ALTER TABLE registrations ADD COLUMN won_value_minor BIGINT;
ALTER TABLE registrations ADD COLUMN won_close_date TEXT;
-- How long after a close a reversed deal's commission is taken back (a clawback).
ALTER TABLE programs ADD COLUMN clawback_days INTEGER NOT NULL DEFAULT 180;

CREATE TABLE commission_plans (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('referral_fee', 'reseller_rebate', 'marketplace_fee', 'services_bonus', 'tech_incentive')),
    motion          TEXT    NOT NULL CHECK (motion IN ('referral', 'reseller', 'marketplace', 'services', 'tech')),
    tier            TEXT             CHECK (tier IN ('bronze', 'silver', 'gold')),  -- NULL: every tier
    attribution     TEXT    NOT NULL CHECK (attribution IN ('sourced', 'influenced')),
    rate_bp         INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),          -- basis points
    effective_from  TEXT    NOT NULL,                                              -- YYYY-MM-DD
    effective_to    TEXT                                                           -- inclusive; NULL: open
);
INSERT INTO commission_plans (kind, motion, tier, attribution, rate_bp, effective_from, effective_to) VALUES
    ('referral_fee', 'referral',    NULL,   'sourced',    1500, '2026-01-01', NULL),
    ('referral_fee', 'referral',    'gold', 'sourced',    2000, '2026-01-01', NULL),
    ('referral_fee', 'referral',    NULL,   'influenced',  750, '2026-01-01', NULL),
    ('referral_fee', 'referral',    'gold', 'influenced', 1000, '2026-01-01', NULL),
    ('reseller_rebate', 'reseller',    NULL,   'sourced',     800, '2026-01-01', NULL),
    ('reseller_rebate', 'reseller',    'gold', 'sourced',    1000, '2026-01-01', NULL),
    ('reseller_rebate', 'reseller',    NULL,   'influenced',  400, '2026-01-01', NULL),
    ('marketplace_fee', 'marketplace', NULL,   'sourced',     300, '2026-01-01', NULL),
    ('marketplace_fee', 'marketplace', NULL,   'influenced',  150, '2026-01-01', NULL),
    ('services_bonus', 'services',    NULL,   'sourced',    1000, '2026-01-01', NULL),
    ('services_bonus', 'services',    NULL,   'influenced',  500, '2026-01-01', NULL),
    ('tech_incentive', 'tech',        NULL,   'sourced',     500, '2026-01-01', NULL),
    ('tech_incentive', 'tech',        NULL,   'influenced',  250, '2026-01-01', NULL);

-- Time-boxed bonuses; criteria as JSON (domain::commission::SpiffCriteria).
CREATE TABLE spiffs (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    amount_minor  BIGINT  NOT NULL CHECK (amount_minor > 0),
    currency      TEXT    NOT NULL CHECK (length(currency) = 3),
    starts_on     TEXT    NOT NULL,
    ends_on       TEXT    NOT NULL,
    criteria      TEXT    NOT NULL
);
INSERT INTO spiffs (name, amount_minor, currency, starts_on, ends_on, criteria) VALUES
    ('Net-new customer won by a Silver partner', 50000, 'USD', '2026-10-01', '2026-12-31',
     '{"tiers":["silver"],"motions":[],"net_new_only":true,"sourced_only":false}');

-- One statement per partner, month and currency; immutable once issued (only its payment is
-- recorded later). Totals are stored as issued.
CREATE TABLE commission_statements (
    id                   INTEGER PRIMARY KEY,
    partner_id           INTEGER NOT NULL REFERENCES partners (id),
    period               TEXT    NOT NULL,  -- YYYY-MM
    currency             TEXT    NOT NULL CHECK (length(currency) = 3),
    issued_at            BIGINT  NOT NULL,
    issued_by            INTEGER REFERENCES users (id),
    lines_minor          BIGINT  NOT NULL,
    adjustments_minor    BIGINT  NOT NULL,
    total_minor          BIGINT  NOT NULL CHECK (total_minor >= 0),
    carry_forward_minor  BIGINT  NOT NULL,
    paid_on              TEXT,
    payout_reference     TEXT,
    paid_at              BIGINT,
    UNIQUE (partner_id, period, currency)
);

CREATE TABLE commission_lines (
    id                   INTEGER PRIMARY KEY,
    registration_id      INTEGER NOT NULL REFERENCES registrations (id),
    partner_id           INTEGER NOT NULL REFERENCES partners (id),
    kind                 TEXT    NOT NULL CHECK (kind IN ('base', 'spiff', 'adjustment', 'carried_forward')),
    plan_id              INTEGER REFERENCES commission_plans (id),
    plan_kind            TEXT,
    spiff_id             INTEGER REFERENCES spiffs (id),
    base_minor           BIGINT  NOT NULL,
    rate_bp              INTEGER NOT NULL,
    attribution_percent  INTEGER NOT NULL,
    amount_minor         BIGINT  NOT NULL,
    currency             TEXT    NOT NULL CHECK (length(currency) = 3),
    close_date           TEXT    NOT NULL,
    status               TEXT    NOT NULL CHECK (status IN ('new', 'approved', 'declined', 'on_hold', 'paid')),
    reason               TEXT,              -- a decline's or an adjustment's reason: the partner reads it
    statement_id         INTEGER REFERENCES commission_statements (id),
    internal_note        TEXT,              -- vendor only: never part of a partner response
    reverses_line_id     INTEGER REFERENCES commission_lines (id),  -- a clawback: the line it takes back
    created_at           BIGINT  NOT NULL,
    decided_at           BIGINT,
    decided_by           INTEGER REFERENCES users (id)
);
CREATE INDEX commission_lines_partner ON commission_lines (partner_id, close_date);
CREATE INDEX commission_lines_registration ON commission_lines (registration_id);
CREATE INDEX commission_lines_queue ON commission_lines (status, created_at);
-- Marking a registration won twice (on any instance) cannot earn twice.
CREATE UNIQUE INDEX commission_lines_one_base ON commission_lines (registration_id) WHERE kind = 'base';
-- A line is clawed back at most once.
CREATE UNIQUE INDEX commission_lines_one_clawback ON commission_lines (reverses_line_id) WHERE reverses_line_id IS NOT NULL;
CREATE UNIQUE INDEX commission_lines_one_spiff ON commission_lines (registration_id, spiff_id) WHERE kind = 'spiff';
