//! Synthetic deals for the benchmarks (`cargo xtask bench`): a partner user's pipeline grown to
//! thousands of deterministic registrations, so reads, the pipeline page and load tests measure a
//! big book rather than the handful of demo deals. Benchmark data, not demo data (that is
//! [`crate::seed`]); the server never adds it: the `portico-synthetic` binary
//! (`src/bin/portico-synthetic.rs`) does, on the database the server will use.

use crate::db::{Db, now};
use domain::Motion;
use domain::registration::DAY;

/// Why [`deals`] added nothing.
#[derive(Debug)]
pub enum Error {
    /// No user has this e-mail (the demo users exist only once the demo data is seeded).
    NoUser(String),
    /// The user is a channel manager, not a partner user: deals belong to a partner.
    NotPartner(String),
    Db(sqlx::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoUser(email) => write!(f, "no user {email}"),
            Error::NotPartner(email) => write!(f, "{email} is not a partner user"),
            Error::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Db(e)
    }
}

/// Adds deterministic synthetic deals submitted by `email` until that user has submitted
/// `count` registrations (their demo ones included), in one transaction; returns how many it
/// added. Running it again with the same count adds nothing, so a benchmark can prepare the
/// same database twice.
pub async fn deals(db: &Db, count: usize, email: &str) -> Result<usize, Error> {
    let Some((user_id, partner_id)): Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, partner_id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?
    else {
        return Err(Error::NoUser(email.to_owned()));
    };
    let partner_id = partner_id.ok_or_else(|| Error::NotPartner(email.to_owned()))?;
    let (have,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE submitted_by = $1")
            .bind(user_id)
            .fetch_one(db)
            .await?;
    let have = usize::try_from(have).unwrap_or(0);
    if have >= count {
        return Ok(0);
    }
    const WORDS: [&str; 16] = [
        "Apex", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
        "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer",
    ];
    const KINDS: [&str; 8] = [
        "Logistics",
        "Health",
        "Foods",
        "Energy",
        "Robotics",
        "Finance",
        "Media",
        "Retail",
    ];
    const OWNERS: [&str; 4] = ["Maya Chen", "Omar Haddad", "Lena Vogel", "Sam Ortiz"];
    const STEPS: [&str; 6] = [
        "Kick-off call with the partner",
        "Security review",
        "Send the quote",
        "Pilot review",
        "Order form signature",
        "Executive sponsor meeting",
    ];
    let at = now();
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut tx = db.begin().await?;
    for i in have..count {
        let motion = Motion::ALL[next() % 5];
        let name = format!(
            "{} {} {} {i}",
            WORDS[next() % 16],
            WORDS[next() % 16],
            KINDS[next() % 8]
        );
        let domain = format!("synthetic-{i}.example");
        let key = domain::customer::CustomerKey::new(&name, &domain, "US");
        let approved = next() % 4 != 0;
        let submitted_at = at - (next() % 120) as i64 * DAY - (next() % 86_400) as i64;
        let (status, stage, start, end) = if approved {
            let start = submitted_at + DAY;
            let stage = motion.stages()[next() % 5];
            ("approved", Some(stage), Some(start), Some(start + 90 * DAY))
        } else {
            ("submitted", None, None, None)
        };
        let id = crate::registrations::new_id(&mut tx).await?;
        sqlx::query(
            "INSERT INTO registrations (id, partner_id, submitted_by, motion, category, customer_legal_name, customer_domain,
                customer_name_key, customer_country, contact_name, contact_email, contact_role, products, value_minor,
                currency, expected_close, attribution, attribution_percent, incumbent, partner_notes, status, stage,
                vendor_owner, next_step, protection_start, protection_end, source, submitted_at, last_activity_at,
                deal_amount_minor, discount_band, margin_percent, internal_notes, competitor_notes,
                customer_domain_key, customer_key_version)
             VALUES ($18, $1, $2, $3, 'standard', $4, $5, $6, 'US', 'Synthetic Contact', $7, 'Buyer', '[\"Portico Analytics\"]',
                $8, 'USD', $9, 'sourced', 100, FALSE, '', $10, $11, $12, $13, $14, $15, 'portal', $16, $17, $8, 'Tier A', 20,
                'synthetic', 'synthetic', $19, $20)",
        )
        .bind(partner_id)
        .bind(user_id)
        .bind(motion.as_str())
        .bind(&name)
        .bind(&domain)
        .bind(&key.name)
        .bind(format!("buyer@{domain}"))
        .bind((10_000 + next() % 990_000) as i64 * 100)
        .bind(domain::date::format_date(at + (10 + next() % 200) as i64 * DAY))
        .bind(status)
        .bind(stage)
        .bind(stage.map(|_| OWNERS[next() % 4]))
        .bind(stage.map(|_| STEPS[next() % 6]))
        .bind(start)
        .bind(end)
        .bind(submitted_at)
        .bind(submitted_at + (next() % 86_400) as i64)
        .bind(id)
        .bind(key.domain.as_deref().unwrap_or(""))
        .bind(crate::registrations::CUSTOMER_KEY_VERSION)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(count, email, "synthetic deals ready");
    Ok(count - have)
}
