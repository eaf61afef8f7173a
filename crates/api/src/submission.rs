//! Submitting a deal registration, shared by the portal's form and the form partners embed in
//! their websites: the same validation, the same conflict check, the same insert and audit
//! event, the same idempotent replay. Only where it came from ([`Source`]) differs.

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::PartnerRef;
use crate::db::Db;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::registrations as store;
use domain::conflict::{Availability, availability};
use domain::customer::CustomerKey;
use domain::registration::{Context, RegistrationInput, Status};
use serde_json::json;
use sha2::{Digest, Sha256};

/// Where a registration came from (the `source` column).
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The portal's own form, by a signed-in partner user.
    Portal,
    /// The embedded form on a partner's website: the reference the visitor is given and the
    /// website it was sent from.
    Embed { reference: &'a str, origin: &'a str },
}

impl Source<'_> {
    fn as_str(&self) -> &'static str {
        match self {
            Source::Portal => "portal",
            Source::Embed { .. } => "embed",
        }
    }
}

/// One submission.
pub struct Submission<'a> {
    pub partner: &'a PartnerRef,
    /// The partner user the registration is filed under (`submitted_by`).
    pub submitted_by: i64,
    /// Who acted, for the audit trail; `None` for a website visitor.
    pub actor: Option<i64>,
    pub source: Source<'a>,
    /// A retry with the same key returns the first registration instead of a duplicate.
    pub idempotency_key: Option<&'a str>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Created(i64),
    /// An earlier request with the same idempotency key created this one.
    Replayed(i64),
}

impl Submitted {
    pub fn id(self) -> i64 {
        match self {
            Submitted::Created(id) | Submitted::Replayed(id) => id,
        }
    }
}

fn today() -> domain::date::Date {
    domain::date::Date::from_unix(now())
}

/// The portal's validation of `input` for `partner`'s tier, and nothing else: what a preview of
/// the embedded form answers (no conflict check, nothing stored).
pub async fn check(db: &Db, partner: &PartnerRef, input: &RegistrationInput) -> ApiResult<()> {
    let categories: Vec<String> = store::categories_for(db, partner.tier)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    input
        .validate(&Context {
            today: today(),
            categories: &categories,
        })
        .map(|_| ())
        .map_err(ApiError::Validation)
}

/// Validates `input` against the partner's tier, records the conflict status (never telling
/// the submitter who holds the customer), inserts the registration with its audit event in one
/// transaction, and flags other partners' pending claims on the customer as at risk.
pub async fn submit(
    db: &Db,
    s: &Submission<'_>,
    input: &RegistrationInput,
) -> ApiResult<Submitted> {
    let body_hash = hex::encode(Sha256::digest(
        serde_json::to_vec(input).unwrap_or_default(),
    ));
    if let Some(key) = s.idempotency_key
        && let Some(id) = replay(db, s, key, &body_hash).await?
    {
        return Ok(Submitted::Replayed(id));
    }

    let categories: Vec<String> = store::categories_for(db, s.partner.tier)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    let valid = input
        .validate(&Context {
            today: today(),
            categories: &categories,
        })
        .map_err(ApiError::Validation)?;
    let customer = CustomerKey::new(
        &valid.customer_legal_name,
        &valid.customer_domain,
        &valid.customer_country,
    );
    let at = now();

    // The customer's claims are read under its lock rows, so two submissions (or a submission
    // and an approval) for one customer on any instances see each other.
    let mut tx = db.begin().await?;
    crate::db::lock(&mut tx, &store::customer_locks(&customer)).await?;
    let claims: Vec<_> = store::claims_for(&mut *tx, &customer, None).await?;
    let others: Vec<_> = claims
        .iter()
        .filter(|c| c.claim.partner_id != s.partner.id)
        .map(|c| c.claim.clone())
        .collect();
    let conflict = match availability(&others, s.partner.id, at) {
        Availability::Protected { .. } => "active",
        Availability::PossibleConflict { .. } => "risk",
        Availability::Free { .. } => "none",
    };
    let id = store::new_id(&mut tx).await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO registrations (id, partner_id, submitted_by, motion, category, customer_legal_name, customer_domain,
            customer_name_key, customer_country, contact_name, contact_email, contact_role, products, value_minor,
            currency, expected_close, attribution, attribution_percent, incumbent, partner_notes, status,
            conflict_status, source, submitted_at, last_activity_at, idempotency_key, idempotency_hash,
            customer_domain_key, customer_key_version)
         VALUES ($25, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 'submitted',
            $20, $21, $22, $22, $23, $24, $26, $27)
         RETURNING id",
    )
    .bind(s.partner.id)
    .bind(s.submitted_by)
    .bind(valid.motion.as_str())
    .bind(&valid.category)
    .bind(&valid.customer_legal_name)
    .bind(&valid.customer_domain)
    .bind(&customer.name)
    .bind(&valid.customer_country)
    .bind(&valid.contact_name)
    .bind(valid.contact_email.as_str())
    .bind(&valid.contact_role)
    .bind(serde_json::to_string(&valid.products).unwrap_or_else(|_| "[]".into()))
    .bind(valid.value_minor)
    .bind(&valid.currency)
    .bind(valid.expected_close.to_string())
    .bind(valid.attribution.as_str())
    .bind(i64::from(valid.attribution_percent))
    .bind(valid.incumbent)
    .bind(&valid.notes)
    .bind(conflict)
    .bind(s.source.as_str())
    .bind(at)
    .bind(s.idempotency_key)
    .bind(&body_hash)
    .bind(id)
    .bind(customer.domain.as_deref().unwrap_or(""))
    .bind(store::CUSTOMER_KEY_VERSION)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        // A concurrent retry with the same key won the race: answer with its registration.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() && s.idempotency_key.is_some() => {
            drop(tx);
            let key = s.idempotency_key.unwrap_or_default();
            return replay(db, s, key, &body_hash)
                .await?
                .map(Submitted::Replayed)
                .ok_or_else(|| ApiError::internal("idempotent replay", "row vanished"));
        }
        Err(e) => return Err(e.into()),
    };
    // Other partners' pending claims on this customer are now at risk too.
    for other in others.iter().filter(|c| c.status == Status::Submitted) {
        sqlx::query("UPDATE registrations SET conflict_status = 'risk' WHERE id = $1 AND conflict_status = 'none'")
            .bind(other.registration_id)
            .execute(&mut *tx)
            .await?;
    }
    let after = match s.source {
        Source::Portal => json!({ "status": "submitted" }),
        Source::Embed { reference, origin } => {
            sqlx::query("INSERT INTO embed_submissions (registration_id, reference, origin, submitted_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(reference)
                .bind(origin)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            json!({ "status": "submitted", "detail": format!("Sent through the registration form on {origin} (reference {reference}).") })
        }
    };
    AuditEvent::new(AuditAction::RegistrationSubmitted, id)
        .by(s.actor)
        .after(after)
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(Submitted::Created(id))
}

/// The registration an earlier request with this key created, if any; 409 when the key was
/// used for different content.
async fn replay(db: &Db, s: &Submission<'_>, key: &str, body_hash: &str) -> ApiResult<Option<i64>> {
    let found: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, idempotency_hash FROM registrations WHERE submitted_by = $1 AND idempotency_key = $2",
    )
    .bind(s.submitted_by)
    .bind(key)
    .fetch_optional(db)
    .await?;
    let Some((id, hash)) = found else {
        return Ok(None);
    };
    if hash.as_deref() != Some(body_hash) {
        return Err(ApiError::Conflict(match s.source {
            Source::Portal => domain::message::Message::DraftReused,
            Source::Embed { .. } => domain::message::Message::EmbedFormReused,
        }));
    }
    Ok(Some(id))
}
