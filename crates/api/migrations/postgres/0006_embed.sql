-- The registration form partners embed in their own websites: one key per partner (public — it
-- is in the snippet — so it is stored as it is; rotating it replaces the row's key, and the old
-- one matches nothing from that moment), and the websites allowed to show and submit the form.
CREATE TABLE partner_embeds (
    partner_id      BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    embed_key       TEXT    NOT NULL UNIQUE CHECK (length(embed_key) = 35),
    key_created_at  BIGINT  NOT NULL,
    -- The partner admin who last set the embed up. Registrations from the form are filed under
    -- them (submitted_by), so every registration still has an accountable partner user.
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    updated_at      BIGINT  NOT NULL
);

-- Exact origins (`scheme://host[:port]`, normalised), compared byte for byte with the
-- browser's Origin header.
CREATE TABLE partner_embed_origins (
    partner_id  BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    origin      TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (partner_id, origin)
);

-- Registrations that came through the embedded form: the reference the visitor was given (not
-- the registration number, which would reveal how many registrations exist) and the website.
CREATE TABLE embed_submissions (
    registration_id  BIGINT PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    reference        TEXT    NOT NULL UNIQUE,
    origin           TEXT    NOT NULL,
    submitted_at     BIGINT  NOT NULL
);
