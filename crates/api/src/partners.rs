//! Partner storage: a partner company's profile data as the home page and the embedded form read
//! it — its channel manager, MDF funds, motions and territories, profile confirmation, the next
//! tier's criteria and the partner's progress counts, onboarding facts, and what its tier
//! unlocks (exclusive registration categories, early-access certifications); and the channel
//! managers' partner list and partner page (figures, users, recent registrations).

use crate::db::{Db, Flag, Tx, now};
use domain::home::{
    Amount, ChannelManagerCard, CompanyProfile, Criterion, CriterionProgress, MdfBalance,
    NamedItem, TierProgress,
};
use domain::registration::{DAY, Status, registration_number};
use domain::views::{PartnerPerson, PartnerRegistration, PartnerSummary, win_rate_percent};
use domain::{Motion, Role, Tier};
use std::collections::BTreeMap;

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

/// A partner's figures for the channel managers' list, as stored (the rules are applied in
/// [`summaries`]).
struct SummaryRow {
    id: i64,
    name: String,
    tier: String,
    annual_revenue_minor: i64,
    people: i64,
    registrations: i64,
    approved: i64,
    won: i64,
    lost: i64,
    last_activity_at: Option<i64>,
}

type SummaryTuple = (
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
);

/// Columns of one partner's list figures; `$1` (when bound) picks one partner.
const SUMMARY_SELECT: &str = "SELECT p.id, p.name, p.tier, p.annual_revenue_minor,
        (SELECT COUNT(*) FROM users u WHERE u.partner_id = p.id),
        (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id),
        (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id
           AND r.status IN ('approved', 'won', 'lost', 'expired')),
        (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id AND r.status = 'won'),
        (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id AND r.status = 'lost'),
        (SELECT MAX(r.last_activity_at) FROM registrations r WHERE r.partner_id = p.id)
   FROM partners p";

impl From<SummaryTuple> for SummaryRow {
    fn from(t: SummaryTuple) -> Self {
        SummaryRow {
            id: t.0,
            name: t.1,
            tier: t.2,
            annual_revenue_minor: t.3,
            people: t.4,
            registrations: t.5,
            approved: t.6,
            won: t.7,
            lost: t.8,
            last_activity_at: t.9,
        }
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Every partner's list figures, sorted by name. Open pipeline is the value of approved
/// registrations whose protection has not ended at `at`, per currency.
pub async fn summaries(db: &Db, at: i64) -> Result<Vec<PartnerSummary>, sqlx::Error> {
    let rows: Vec<SummaryTuple> = sqlx::query_as(SUMMARY_SELECT).fetch_all(db).await?;
    let motions: Vec<(i64, String)> =
        sqlx::query_as("SELECT partner_id, motion FROM partner_motions ORDER BY motion")
            .fetch_all(db)
            .await?;
    let open = open_pipeline(db, None, at).await?;
    let mut list: Vec<PartnerSummary> = rows
        .into_iter()
        .map(|t| {
            let row = SummaryRow::from(t);
            let motions = motions
                .iter()
                .filter(|(p, _)| *p == row.id)
                .filter_map(|(_, m)| m.parse().ok())
                .collect();
            let pipeline = open.get(&row.id).cloned().unwrap_or_default();
            summary(row, motions, pipeline)
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(list)
}

/// One partner's list figures, or `None` when there is no such partner.
pub async fn summary_of(
    db: &Db,
    partner: i64,
    at: i64,
) -> Result<Option<PartnerSummary>, sqlx::Error> {
    let row: Option<SummaryTuple> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE p.id = $1"))
        .bind(partner)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut motions = motions(db, partner).await?;
    motions.sort_by_key(|m| m.as_str());
    let mut open = open_pipeline(db, Some(partner), at).await?;
    let pipeline = open.remove(&partner).unwrap_or_default();
    Ok(Some(summary(SummaryRow::from(row), motions, pipeline)))
}

fn summary(row: SummaryRow, motions: Vec<Motion>, open_pipeline: Vec<Amount>) -> PartnerSummary {
    let (won, lost) = (count(row.won), count(row.lost));
    PartnerSummary {
        id: row.id,
        name: row.name,
        tier: row.tier.parse().unwrap_or(Tier::Bronze),
        motions,
        people: count(row.people),
        registrations: count(row.registrations),
        approved: count(row.approved),
        won,
        lost,
        win_rate_percent: win_rate_percent(won, lost),
        open_pipeline,
        annual_revenue_minor: row.annual_revenue_minor,
        last_activity_at: row.last_activity_at,
    }
}

/// Approved registrations still protected at `at`, summed per partner and currency (currencies
/// sorted). Summed here rather than in SQL, where the engines differ on SUM's type.
async fn open_pipeline(
    db: &Db,
    partner: Option<i64>,
    at: i64,
) -> Result<BTreeMap<i64, Vec<Amount>>, sqlx::Error> {
    const OPEN: &str = "SELECT partner_id, currency, value_minor FROM registrations
          WHERE status = 'approved' AND (protection_end IS NULL OR protection_end > $1)";
    let rows: Vec<(i64, String, i64)> = match partner {
        Some(p) => {
            sqlx::query_as(&format!("{OPEN} AND partner_id = $2"))
                .bind(at)
                .bind(p)
                .fetch_all(db)
                .await?
        }
        None => sqlx::query_as(OPEN).bind(at).fetch_all(db).await?,
    };
    let mut sums: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
    for (p, currency, value) in rows {
        *sums.entry(p).or_default().entry(currency).or_default() += value;
    }
    Ok(sums
        .into_iter()
        .map(|(p, by_currency)| {
            let amounts = by_currency
                .into_iter()
                .map(|(currency, minor)| Amount { currency, minor })
                .collect();
            (p, amounts)
        })
        .collect())
}

/// The partner's users, sorted by name (roles this build does not know are skipped).
pub async fn people(db: &Db, partner: i64) -> Result<Vec<PartnerPerson>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT name, email, role FROM users WHERE partner_id = $1 ORDER BY name, id",
    )
    .bind(partner)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, email, role)| {
            let role = Role::ALL.into_iter().find(|r| r.as_str() == role)?;
            Some(PartnerPerson { name, email, role })
        })
        .collect())
}

/// The partner's newest registrations (at most `limit`), with their status as of `at`.
pub async fn recent_registrations(
    db: &Db,
    partner: i64,
    limit: usize,
    at: i64,
) -> Result<Vec<PartnerRegistration>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT id, customer_legal_name, status, protection_end, submitted_at FROM registrations
          WHERE partner_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2",
    )
    .bind(partner)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, customer, status, protection_end, submitted_at)| {
            Some(PartnerRegistration {
                id,
                number: registration_number(id),
                customer,
                status: Status::parse(&status)?.at(protection_end, at),
                submitted_at,
            })
        })
        .collect())
}

/// Progress toward the tier above `tier` (`None` at the top): each criterion's target and the
/// partner's current value, approvals counted over the year before `at`.
pub async fn tier_progress(
    db: &Db,
    partner: i64,
    tier: Tier,
    at: i64,
) -> Result<Option<TierProgress>, sqlx::Error> {
    let Some(next) = Tier::ALL.into_iter().find(|t| *t > tier) else {
        return Ok(None);
    };
    let targets = tier_criteria(db, next).await?;
    let counts = progress_counts(db, partner, at - 365 * DAY).await?;
    let criteria = targets
        .into_iter()
        .map(|(criterion, target)| CriterionProgress {
            criterion,
            current: match criterion {
                Criterion::AnnualRevenue => counts.annual_revenue_minor,
                Criterion::ApprovedRegistrations => counts.approved_registrations,
                Criterion::Certifications => counts.certifications,
            },
            target,
        })
        .collect();
    Ok(Some(TierProgress {
        next_tier: next,
        criteria,
    }))
}
