-- Tier home pages: the program's tier criteria and certification programs (program data), each
-- partner's dedicated channel manager, revenue, co-marketing fund and profile confirmation, and
-- announcements with per-user read/acknowledgement records.

ALTER TABLE partners ADD COLUMN channel_manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
-- Annual revenue through the program, USD cents (a tier criterion).
ALTER TABLE partners ADD COLUMN annual_revenue_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE partners ADD COLUMN profile_confirmed_at BIGINT;

-- What a partner needs to reach a tier. Changing a target is a data change, not a code change.
CREATE TABLE tier_criteria (
    tier       TEXT    NOT NULL CHECK (tier IN ('silver', 'gold')),
    criterion  TEXT    NOT NULL CHECK (criterion IN ('annual_revenue', 'approved_registrations', 'certifications')),
    target     BIGINT  NOT NULL CHECK (target > 0),
    position   INTEGER NOT NULL,
    PRIMARY KEY (tier, criterion)
);
INSERT INTO tier_criteria (tier, criterion, target, position) VALUES
    ('silver', 'annual_revenue', 25000000, 1),
    ('silver', 'approved_registrations', 5, 2),
    ('silver', 'certifications', 1, 3),
    ('gold', 'annual_revenue', 100000000, 1),
    ('gold', 'approved_registrations', 15, 2),
    ('gold', 'certifications', 2, 3);

-- Certification programs; early-access ones open to their minimum tier before everyone else.
CREATE TABLE certification_programs (
    code          TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    min_tier      TEXT    NOT NULL CHECK (min_tier IN ('bronze', 'silver', 'gold')),
    early_access  INTEGER NOT NULL DEFAULT 0 CHECK (early_access IN (0, 1)),
    position      INTEGER NOT NULL
);
INSERT INTO certification_programs (code, name, description, min_tier, early_access, position) VALUES
    ('sales_pro', 'Portico Sales Professional', 'Positioning, discovery and the deal registration process.', 'bronze', 0, 1),
    ('architect', 'Portico Certified Architect', 'Designing Portico Analytics and Integration Hub deployments.', 'silver', 0, 2),
    ('workflow_beta', 'Integration Hub Workflow Engine (early access)', 'Build and certify workflows on the engine before general availability in Q1.', 'gold', 1, 3),
    ('security_preview', 'Security Add-on Specialist (preview)', 'Identity threat analytics: hands-on labs with the preview build.', 'gold', 1, 4);

-- Co-marketing funds (MDF) per partner.
CREATE TABLE mdf_funds (
    partner_id       INTEGER PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    currency         TEXT    NOT NULL,
    allocated_minor  BIGINT  NOT NULL CHECK (allocated_minor >= 0),
    claimed_minor    BIGINT  NOT NULL DEFAULT 0 CHECK (claimed_minor >= 0),
    expires_on       TEXT    NOT NULL
);

CREATE TABLE announcements (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    min_tier      TEXT    NOT NULL CHECK (min_tier IN ('bronze', 'silver', 'gold')),
    min_tier_rank INTEGER NOT NULL CHECK (min_tier_rank IN (0, 1, 2)),
    -- Only partners of exactly these tiers see it when set (e.g. Bronze onboarding news).
    max_tier_rank INTEGER NOT NULL DEFAULT 2 CHECK (max_tier_rank IN (0, 1, 2)),
    requires_ack  INTEGER NOT NULL DEFAULT 0 CHECK (requires_ack IN (0, 1)),
    published_at  BIGINT  NOT NULL
);
CREATE INDEX announcements_reach ON announcements (min_tier_rank, max_tier_rank, published_at);

CREATE TABLE announcement_receipts (
    announcement_id  INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at          BIGINT  NOT NULL,
    acknowledged_at  BIGINT,
    PRIMARY KEY (announcement_id, user_id)
);
