//! Partner storage: a partner company's profile data as the home page and the embedded form read
//! it — its channel manager, MDF funds, motions and territories, profile confirmation, the next
//! tier's criteria and the partner's progress counts, onboarding facts, and what its tier
//! unlocks (exclusive registration categories, early-access certifications).

use crate::db::{Db, Flag, Tx, now};
use domain::home::{ChannelManagerCard, CompanyProfile, Criterion, MdfBalance, NamedItem};
use domain::{Motion, Tier};

/// The partner's channel manager (name and e-mail), if one is assigned.
pub async fn channel_manager(
    db: &Db,
    partner: i64,
) -> Result<Option<ChannelManagerCard>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT u.name, u.email FROM partners p JOIN users u ON u.id = p.channel_manager_id WHERE p.id = $1",
    )
    .bind(partner)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(name, email)| ChannelManagerCard { name, email }))
}

/// The partner's market development funds, if it has any.
pub async fn mdf(db: &Db, partner: i64) -> Result<Option<MdfBalance>, sqlx::Error> {
    let row: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT currency, allocated_minor, claimed_minor, expires_on FROM mdf_funds WHERE partner_id = $1",
    )
    .bind(partner)
    .fetch_optional(db)
    .await?;
    Ok(row.map(
        |(currency, allocated_minor, claimed_minor, expires_on)| MdfBalance {
            currency,
            allocated_minor,
            claimed_minor,
            expires_on,
        },
    ))
}

/// The partner's motions as stored (unordered; unknown values are skipped).
pub async fn motions(db: &Db, partner: i64) -> Result<Vec<Motion>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT motion FROM partner_motions WHERE partner_id = $1")
            .bind(partner)
            .fetch_all(db)
            .await?;
    Ok(rows.iter().filter_map(|(m,)| m.parse().ok()).collect())
}

/// The company profile: motions and territories (each sorted by their stored value) and whether
/// a partner admin has confirmed them.
pub async fn profile(db: &Db, partner: i64) -> Result<CompanyProfile, sqlx::Error> {
    let motions: Vec<(String,)> =
        sqlx::query_as("SELECT motion FROM partner_motions WHERE partner_id = $1 ORDER BY motion")
            .bind(partner)
            .fetch_all(db)
            .await?;
    let territories: Vec<(String,)> = sqlx::query_as(
        "SELECT country FROM partner_territories WHERE partner_id = $1 ORDER BY country",
    )
    .bind(partner)
    .fetch_all(db)
    .await?;
    let (confirmed,): (Option<i64>,) =
        sqlx::query_as("SELECT profile_confirmed_at FROM partners WHERE id = $1")
            .bind(partner)
            .fetch_one(db)
            .await?;
    Ok(CompanyProfile {
        motions: motions.iter().filter_map(|(m,)| m.parse().ok()).collect(),
        territories: territories.into_iter().map(|(c,)| c).collect(),
        confirmed: confirmed.is_some(),
    })
}

/// Marks the partner's profile confirmed now (the first confirmation's time is kept), inside
/// `tx` so the audit event commits with it.
pub async fn confirm_profile(tx: &mut Tx<'_>, partner: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE partners SET profile_confirmed_at = COALESCE(profile_confirmed_at, $1) WHERE id = $2",
    )
    .bind(now())
    .bind(partner)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The criteria for reaching `tier` with their targets, in the program's order (criteria this
/// build does not know are skipped).
pub async fn tier_criteria(db: &Db, tier: Tier) -> Result<Vec<(Criterion, i64)>, sqlx::Error> {
    let targets: Vec<(String, i64)> = sqlx::query_as(
        "SELECT criterion, target FROM tier_criteria WHERE tier = $1 ORDER BY position",
    )
    .bind(tier.as_str())
    .fetch_all(db)
    .await?;
    Ok(targets
        .into_iter()
        .filter_map(|(c, target)| Some((Criterion::parse(&c)?, target)))
        .collect())
}

/// Where a partner stands on the tier criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressCounts {
    /// Annual revenue through the program, in USD cents.
    pub annual_revenue_minor: i64,
    /// Registrations approved (and since won or expired) whose protection started at or after
    /// the `since` asked for.
    pub approved_registrations: i64,
    /// Certifications the partner holds.
    pub certifications: i64,
}

/// The partner's current values for every tier criterion, counting approvals since `since`.
pub async fn progress_counts(
    db: &Db,
    partner: i64,
    since: i64,
) -> Result<ProgressCounts, sqlx::Error> {
    let (revenue, approved, certifications): (i64, i64, i64) = sqlx::query_as(
        "SELECT p.annual_revenue_minor,
                (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id
                   AND r.status IN ('approved', 'won', 'expired') AND r.protection_start >= $2),
                (SELECT COUNT(*) FROM partner_certifications c WHERE c.partner_id = p.id)
           FROM partners p WHERE p.id = $1",
    )
    .bind(partner)
    .bind(since)
    .fetch_one(db)
    .await?;
    Ok(ProgressCounts {
        annual_revenue_minor: revenue,
        approved_registrations: approved,
        certifications,
    })
}

/// What a user has done that ticks onboarding steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnboardingFacts {
    /// They opened at least one library asset.
    pub viewed_content: bool,
    /// They submitted at least one registration.
    pub registered_deal: bool,
}

/// The onboarding facts of user `user`.
pub async fn onboarding_facts(db: &Db, user: i64) -> Result<OnboardingFacts, sqlx::Error> {
    let (Flag(viewed), Flag(registered)): (Flag, Flag) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM asset_views WHERE user_id = $1),
                EXISTS (SELECT 1 FROM registrations WHERE submitted_by = $1)",
    )
    .bind(user)
    .fetch_one(db)
    .await?;
    Ok(OnboardingFacts {
        viewed_content: viewed,
        registered_deal: registered,
    })
}

/// Registration categories that exactly `tier` unlocks (its benefit over the tier below), in
/// the program's order.
pub async fn exclusive_categories(db: &Db, tier: Tier) -> Result<Vec<NamedItem>, sqlx::Error> {
    named_items(
        db,
        "SELECT label, description FROM registration_categories WHERE minimum_tier = $1 ORDER BY position",
        tier,
    )
    .await
}

/// Early-access certification programs that open at exactly `tier`, in the program's order.
pub async fn early_access_certifications(
    db: &Db,
    tier: Tier,
) -> Result<Vec<NamedItem>, sqlx::Error> {
    named_items(
        db,
        "SELECT name, description FROM certification_programs WHERE early_access = TRUE AND min_tier = $1 ORDER BY position",
        tier,
    )
    .await
}

/// The (name, description) rows `sql` selects for `tier` (bound as `$1`).
async fn named_items(db: &Db, sql: &str, tier: Tier) -> Result<Vec<NamedItem>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(sql)
        .bind(tier.as_str())
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(name, description)| NamedItem { name, description })
        .collect())
}
