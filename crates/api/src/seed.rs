//! Demo data, seeded into an empty database on first run (design.md, "Demo data"), read from
//! the data files in `crates/api/seed/`: `people.json` (the program, partner companies with
//! their standing, users), `announcements.json`, `registrations.json` (one in every state, with
//! vendor-internal fields the canary sweep checks partners never receive) and `assets.json`
//! (the library). Every demo user's password is `portico-demo`.

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::password;
use crate::db::Db;
use crate::db::now;
use crate::library;
use domain::customer::registrable_domain;
use domain::library::AssetInput;
use domain::registration::{DAY, Status};
use domain::{Motion, Role, Tier};
use serde::Deserialize;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "portico-demo";

/// The demo program, partners and users (`seed/people.json`).
const DEMO_PEOPLE: &str = include_str!("../seed/people.json");
/// Demo announcements per tier (`seed/announcements.json`).
const DEMO_ANNOUNCEMENTS: &str = include_str!("../seed/announcements.json");
/// Demo registrations in every state (`seed/registrations.json`).
const DEMO_REGISTRATIONS: &str = include_str!("../seed/registrations.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct People {
    program: String,
    partners: Vec<DemoPartner>,
    users: Vec<DemoUser>,
}

/// A demo partner company and its standing (what the tier home pages show).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPartner {
    name: String,
    tier: Tier,
    motions: Vec<Motion>,
    territories: Vec<String>,
    /// Last twelve months, USD cents.
    annual_revenue_minor: i64,
    profile_confirmed: bool,
    #[serde(default)]
    mdf: Option<DemoFund>,
    #[serde(default)]
    certifications: Vec<String>,
}

/// A co-marketing fund (minor units) and the day it lapses.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFund {
    currency: String,
    allocated_minor: i64,
    claimed_minor: i64,
    /// `YYYY-MM-DD`.
    expires_on: String,
}

/// A demo user; `partner` names a partner company, none for vendor staff.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoUser {
    email: String,
    name: String,
    role: Role,
    #[serde(default)]
    partner: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAnnouncement {
    title: String,
    body: String,
    /// The lowest and highest tier it reaches.
    tiers: [Tier; 2],
    requires_ack: bool,
    published_days_ago: i64,
}

/// A span of time before (or after) the seeding moment.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Span {
    Days(i64),
    Hours(i64),
}

impl Span {
    fn seconds(self) -> i64 {
        match self {
            Span::Days(n) => n * DAY,
            Span::Hours(n) => n * HOUR,
        }
    }
}

/// A demo registration; times are relative to the seeding moment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoRegistration {
    /// The partner company's name.
    partner: String,
    /// The submitter's e-mail address.
    submitter: String,
    motion: Motion,
    category: String,
    customer: DemoCustomer,
    contact: DemoContact,
    products: Vec<String>,
    /// Whole units of `currency`.
    value: i64,
    currency: String,
    close_in_days: i64,
    incumbent: bool,
    notes: String,
    submitted_ago: Span,
    state: DemoState,
    /// The conflict flag as stored (`none` unless given).
    #[serde(default)]
    conflict: Option<String>,
    internal: DemoInternal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCustomer {
    legal_name: String,
    domain: String,
    country: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoContact {
    name: String,
    email: String,
    role: String,
}

/// Vendor-internal fields (partners never see them).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoInternal {
    /// Whole units.
    deal_amount: i64,
    discount_band: String,
    margin_percent: i64,
    notes: String,
    competitor_notes: String,
}

#[derive(Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
enum DemoState {
    Submitted,
    /// Approved, now in the motion's stage number `stage`.
    Approved {
        decided_ago: Span,
        stage: usize,
        next_step: String,
    },
    Rejected {
        decided_ago: Span,
        reason: String,
    },
    Expired {
        decided_ago: Span,
    },
    Won {
        decided_ago: Span,
    },
}

/// The demo data set, read from `seed/*.json` and checked to refer to itself (every
/// registration's partner and submitter exist, the submitter works for that partner, stages
/// exist for the motion, exactly one channel manager).
struct Demo {
    people: People,
    announcements: Vec<DemoAnnouncement>,
    registrations: Vec<DemoRegistration>,
}

fn invalid(what: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Protocol(format!("demo data: {what}"))
}

impl Demo {
    fn load() -> Result<Demo, sqlx::Error> {
        let people: People = serde_json::from_str(DEMO_PEOPLE)
            .map_err(|e| invalid(format_args!("seed/people.json: {e}")))?;
        let announcements = serde_json::from_str(DEMO_ANNOUNCEMENTS)
            .map_err(|e| invalid(format_args!("seed/announcements.json: {e}")))?;
        let registrations: Vec<DemoRegistration> = serde_json::from_str(DEMO_REGISTRATIONS)
            .map_err(|e| invalid(format_args!("seed/registrations.json: {e}")))?;
        let demo = Demo {
            people,
            announcements,
            registrations,
        };
        for u in &demo.people.users {
            if let Some(p) = &u.partner {
                demo.partner(p)?;
            }
        }
        demo.manager()?;
        for r in &demo.registrations {
            demo.partner(&r.partner)?;
            let submitter = demo.user(&r.submitter)?;
            if submitter.partner.as_deref() != Some(r.partner.as_str()) {
                return Err(invalid(format_args!(
                    "{} does not work for {}",
                    r.submitter, r.partner
                )));
            }
            if let DemoState::Approved { stage, .. } = r.state
                && stage >= r.motion.stages().len()
            {
                return Err(invalid(format_args!(
                    "{}: {} has no stage {stage}",
                    r.customer.legal_name, r.motion
                )));
            }
        }
        Ok(demo)
    }

    fn partner(&self, name: &str) -> Result<usize, sqlx::Error> {
        self.people
            .partners
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| invalid(format_args!("no partner named {name}")))
    }

    fn user(&self, email: &str) -> Result<&DemoUser, sqlx::Error> {
        self.people
            .users
            .iter()
            .find(|u| u.email == email)
            .ok_or_else(|| invalid(format_args!("no user {email}")))
    }

    /// The one channel manager: decides the demo registrations and manages every partner.
    fn manager(&self) -> Result<usize, sqlx::Error> {
        let mut managers = self
            .people
            .users
            .iter()
            .enumerate()
            .filter(|(_, u)| u.role == Role::ChannelManager);
        match (managers.next(), managers.next()) {
            (Some((i, _)), None) => Ok(i),
            _ => Err(invalid("there must be exactly one channel manager")),
        }
    }
}

/// Seeds the demo data: the program, partners and users when there are no partners yet, and the
/// library when there are no assets yet.
pub async fn seed_if_empty(db: &Db) -> Result<(), sqlx::Error> {
    seed_library_if_empty(db).await?;
    seed_people_if_empty(db).await?;
    seed_commissions_if_empty(db).await
}

/// The demo commissions (`seed/commissions.json`): each won demo registration earns its lines
/// through the same rules and store as a channel manager's "mark won" (first-year value = its
/// value, closed the day it was won), then goes as far as its entry says — new, on hold or
/// declined with a reason, approved, on an issued statement, or paid — and one line is clawed
/// back. So the Commissions pages show every status, a SPIFF and a clawback from the start.
async fn seed_commissions_if_empty(db: &Db) -> Result<(), sqlx::Error> {
    use crate::commissions as store;
    use domain::commission::{LineStatus, Period, WonDeal, clawback, lines_for_won};
    use domain::date::Date;
    {
        let mut tx = db.begin().await?;
        let first = first_to_seed(
            &mut tx,
            "commissions",
            "SELECT COUNT(*) FROM commission_lines",
        )
        .await?;
        tx.commit().await?;
        if !first {
            return Ok(());
        }
    }
    let entries: Vec<DemoCommission> = serde_json::from_str(DEMO_COMMISSIONS)
        .map_err(|e| invalid(format_args!("seed/commissions.json: {e}")))?;
    let plans = store::plans(db).await?;
    let spiffs = store::spiffs(db).await?;
    let window = store::clawback_days(db).await?;
    let at = now();
    for (n, entry) in entries.iter().enumerate() {
        #[allow(clippy::type_complexity)]
        let row: Option<(i64, i64, String, String, i64, crate::db::Flag, i64, String, i64, String)> =
            sqlx::query_as(
                "SELECT r.id, r.partner_id, r.motion, r.attribution, r.attribution_percent, r.incumbent,
                        r.value_minor, r.currency, r.decided_at, p.tier
                   FROM registrations r JOIN partners p ON p.id = r.partner_id
                  WHERE r.status = 'won' AND r.customer_domain = $1",
            )
            .bind(&entry.customer_domain)
            .fetch_optional(db)
            .await?;
        let Some((
            id,
            partner,
            motion,
            attribution,
            percent,
            incumbent,
            value,
            currency,
            decided,
            tier,
        )) = row
        else {
            return Err(invalid(format_args!(
                "seed/commissions.json: no won registration for {}",
                entry.customer_domain
            )));
        };
        let close_day = Date::from_unix(decided);
        let close = close_day.to_string();
        let (Ok(motion), Some(attribution), Ok(tier)) = (
            motion.parse(),
            domain::registration::Attribution::parse(&attribution),
            tier.parse(),
        ) else {
            return Err(invalid(format_args!(
                "{}: unreadable registration",
                entry.customer_domain
            )));
        };
        let deal = WonDeal {
            registration_id: id,
            motion,
            tier,
            attribution,
            attribution_percent: u8::try_from(percent).unwrap_or(100),
            incumbent: incumbent.0,
            first_year_value_minor: value,
            currency: currency.clone(),
            close_date: close.clone(),
        };
        let lines = lines_for_won(&deal, &plans, &spiffs);
        let mut tx = db.begin().await?;
        sqlx::query(
            "UPDATE registrations SET won_value_minor = $1, won_close_date = $2 WHERE id = $3",
        )
        .bind(value)
        .bind(&close)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let ids =
            store::insert_lines(&mut tx, id, partner, &close, &lines, &plans, decided).await?;
        let to = match entry.lines {
            DemoLines::New => None,
            DemoLines::OnHold => Some(LineStatus::OnHold),
            DemoLines::Declined => Some(LineStatus::Declined),
            DemoLines::Approved | DemoLines::Stated | DemoLines::Paid => Some(LineStatus::Approved),
        };
        if let Some(to) = to {
            for line in &ids {
                store::set_status(
                    &mut tx,
                    *line,
                    LineStatus::New,
                    to,
                    entry.reason.as_deref(),
                    None,
                    decided,
                )
                .await?;
            }
        }
        tx.commit().await?;
        if matches!(entry.lines, DemoLines::Stated | DemoLines::Paid) {
            let period = Period::of(close_day);
            // Issued when its month was over (not later than now).
            let issued_at = (period.next().first_day().to_days() * DAY + 9 * 3600).min(at);
            if let store::Issued::Statement(statement) =
                store::issue_statement(db, partner, period, &currency, None, issued_at).await?
                && entry.lines == DemoLines::Paid
            {
                let mut tx = db.begin().await?;
                let paid_on = period.next().first_day().to_string();
                store::mark_paid(
                    &mut tx,
                    statement,
                    &format!("PAY-{period}-{:03}", n + 1),
                    &paid_on,
                    at,
                )
                .await?;
                tx.commit().await?;
            }
        }
        if let Some(c) = &entry.clawback {
            let reversed = Date::from_unix(decided + c.reversed_after_days * DAY);
            let mut tx = db.begin().await?;
            for line in store::lines_by_ids(&mut tx, &ids[..1]).await? {
                if let Some(amount) = clawback(line.line.amount_minor, close_day, reversed, window)
                {
                    store::insert_clawback(
                        &mut tx,
                        &line.line,
                        amount,
                        &reversed.to_string(),
                        &c.reason,
                        None,
                        at,
                    )
                    .await?;
                }
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

/// The demo commissions: how far each won demo registration's lines have gone.
const DEMO_COMMISSIONS: &str = include_str!("../seed/commissions.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCommission {
    /// The won registration's customer domain.
    customer_domain: String,
    lines: DemoLines,
    /// A hold's or a decline's reason, which the partner reads.
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    clawback: Option<DemoClawback>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum DemoLines {
    New,
    OnHold,
    Declined,
    Approved,
    /// Approved and on an issued statement, not paid yet.
    Stated,
    Paid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoClawback {
    reversed_after_days: i64,
    reason: String,
}

/// Claims the demo data set `what` for this transaction: `true` when this instance is the first
/// to seed it and the table `count_sql` counts is empty. The marker row is written first, so on
/// PostgreSQL a second instance waits for the first to commit and then skips; on SQLite the
/// write lock does the same. (The count covers databases seeded before the marker existed.)
async fn first_to_seed(
    tx: &mut crate::db::Tx<'_>,
    what: &str,
    count_sql: &str,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO seed_runs (what, at) VALUES ($1, $2) ON CONFLICT (what) DO NOTHING",
    )
    .bind(what)
    .bind(now())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(false);
    }
    let (rows,): (i64,) = sqlx::query_as(count_sql).fetch_one(&mut **tx).await?;
    Ok(rows == 0)
}

/// The demo library: 60 assets across every motion, industry, use case and tier.
const DEMO_LIBRARY: &str = include_str!("../seed/assets.json");

#[derive(Deserialize)]
struct SeedAsset {
    #[serde(flatten)]
    input: AssetInput,
    /// `YYYY-MM-DD`.
    updated: String,
}

/// Publishes the demo library when there are no assets yet. Each asset passes the same
/// validation as one a channel manager publishes.
pub async fn seed_library_if_empty(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    if !first_to_seed(&mut tx, "library", "SELECT COUNT(*) FROM assets").await? {
        return Ok(());
    }
    let seeds: Vec<SeedAsset> = serde_json::from_str(DEMO_LIBRARY)
        .map_err(|e| sqlx::Error::Protocol(format!("seed/assets.json: {e}")))?;
    for s in &seeds {
        let valid = s
            .input
            .validate()
            .map_err(|e| sqlx::Error::Protocol(format!("seed asset '{}': {e:?}", s.input.title)))?;
        library::insert(&mut tx, &valid, &s.updated).await?;
    }
    tx.commit().await
}

async fn seed_people_if_empty(db: &Db) -> Result<(), sqlx::Error> {
    let (partners,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM partners")
        .fetch_one(db)
        .await?;
    if partners > 0 {
        return Ok(());
    }
    let demo = Demo::load()?;
    // Hash off the async runtime: argon2 is deliberately slow.
    let users = demo.people.users.len();
    let hashes = tokio::task::spawn_blocking(move || {
        (0..users)
            .map(|_| password::hash(DEMO_PASSWORD))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("seed hashing: {e}")))?
    .map_err(|e| sqlx::Error::Protocol(format!("seed hashing: {e}")))?;

    let at = now();
    let mut tx = db.begin().await?;
    if !first_to_seed(&mut tx, "people", "SELECT COUNT(*) FROM partners").await? {
        return Ok(());
    }
    sqlx::query("INSERT INTO programs (id, name) VALUES (1, $1)")
        .bind(&demo.people.program)
        .execute(&mut *tx)
        .await?;
    let mut partner_ids = Vec::with_capacity(demo.people.partners.len());
    for p in &demo.people.partners {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO partners (name, tier, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&p.name)
        .bind(p.tier.as_str())
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for m in &p.motions {
            sqlx::query("INSERT INTO partner_motions (partner_id, motion) VALUES ($1, $2)")
                .bind(id)
                .bind(m.as_str())
                .execute(&mut *tx)
                .await?;
        }
        for c in &p.territories {
            sqlx::query("INSERT INTO partner_territories (partner_id, country) VALUES ($1, $2)")
                .bind(id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
        }
        for cert in &p.certifications {
            sqlx::query("INSERT INTO partner_certifications (partner_id, certification, earned_at) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(cert)
                .bind(at - 200 * DAY)
                .execute(&mut *tx)
                .await?;
        }
        partner_ids.push(id);
    }
    let mut user_ids = Vec::with_capacity(users);
    for (u, hash) in demo.people.users.iter().zip(hashes) {
        let partner = match &u.partner {
            Some(name) => Some(partner_ids[demo.partner(name)?]),
            None => None,
        };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, name, role, partner_id, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&u.email)
        .bind(&u.name)
        .bind(u.role.as_str())
        .bind(partner)
        .bind(hash)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        user_ids.push(id);
    }
    let ids = Ids {
        partners: &partner_ids,
        users: &user_ids,
        manager: user_ids[demo.manager()?],
        manager_name: &demo.people.users[demo.manager()?].name,
    };
    for r in &demo.registrations {
        seed_registration(&mut tx, &demo, r, &ids, at).await?;
    }
    seed_home(&mut tx, &demo, &ids, at).await?;
    tx.commit().await?;
    tracing::info!(
        partners = partner_ids.len(),
        users = user_ids.len(),
        registrations = demo.registrations.len(),
        "seeded demo data"
    );
    Ok(())
}

const HOUR: i64 = 3600;

/// The stored ids of the demo partners and users (in their files' order), and the manager's.
struct Ids<'a> {
    partners: &'a [i64],
    users: &'a [i64],
    manager: i64,
    /// Owns every approved demo deal on the vendor's side.
    manager_name: &'a str,
}

/// Standing data the tier home pages show: each partner's channel manager, revenue, profile
/// confirmation and co-marketing fund; and announcements per tier.
async fn seed_home(
    tx: &mut crate::db::Tx<'_>,
    demo: &Demo,
    ids: &Ids<'_>,
    at: i64,
) -> Result<(), sqlx::Error> {
    for (id, p) in ids.partners.iter().zip(&demo.people.partners) {
        sqlx::query(
            "UPDATE partners SET channel_manager_id = $1, annual_revenue_minor = $2, profile_confirmed_at = $3
              WHERE id = $4",
        )
        .bind(ids.manager)
        .bind(p.annual_revenue_minor)
        .bind(p.profile_confirmed.then_some(at - 100 * DAY))
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if let Some(fund) = &p.mdf {
            sqlx::query(
                "INSERT INTO mdf_funds (partner_id, currency, allocated_minor, claimed_minor, expires_on)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&fund.currency)
            .bind(fund.allocated_minor)
            .bind(fund.claimed_minor)
            .bind(&fund.expires_on)
            .execute(&mut **tx)
            .await?;
        }
    }
    for a in &demo.announcements {
        let [min, max] = a.tiers;
        sqlx::query(
            "INSERT INTO announcements (title, body, min_tier, min_tier_rank, max_tier_rank, requires_ack, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&a.title)
        .bind(&a.body)
        .bind(min.as_str())
        .bind(min.rank())
        .bind(max.rank())
        .bind(a.requires_ack)
        .bind(at - a.published_days_ago * DAY)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn seed_registration(
    tx: &mut crate::db::Tx<'_>,
    demo: &Demo,
    r: &DemoRegistration,
    ids: &Ids<'_>,
    at: i64,
) -> Result<(), sqlx::Error> {
    let submitted_at = at - r.submitted_ago.seconds();
    let close = domain::date::format_date(at + r.close_in_days * DAY);
    let stages = r.motion.stages();
    let (status, stage, next_step, start, end, decided, reason, last) = match &r.state {
        DemoState::Submitted => (
            Status::Submitted,
            None,
            None,
            None,
            None,
            None,
            None,
            submitted_at,
        ),
        DemoState::Approved {
            decided_ago,
            stage,
            next_step,
        } => {
            let d = at - decided_ago.seconds();
            (
                Status::Approved,
                Some(stages[*stage]),
                Some(next_step.as_str()),
                Some(d),
                Some(d + 90 * DAY),
                Some(d),
                None,
                at - DAY,
            )
        }
        DemoState::Rejected {
            decided_ago,
            reason,
        } => {
            let d = at - decided_ago.seconds();
            let reason = Some(reason.as_str());
            (Status::Rejected, None, None, None, None, Some(d), reason, d)
        }
        DemoState::Expired { decided_ago } => {
            let d = at - decided_ago.seconds();
            (
                Status::Expired,
                Some(stages[1]),
                None,
                Some(d),
                Some(d + 90 * DAY),
                Some(d),
                None,
                d + 90 * DAY,
            )
        }
        DemoState::Won { decided_ago } => {
            let d = at - decided_ago.seconds();
            (
                Status::Won,
                Some(stages[4]),
                None,
                Some(d),
                Some(d + 90 * DAY),
                Some(d),
                None,
                at - 3 * DAY,
            )
        }
    };
    let submitter = demo
        .people
        .users
        .iter()
        .position(|u| u.email == r.submitter)
        .map(|i| ids.users[i])
        .ok_or_else(|| invalid(format_args!("no user {}", r.submitter)))?;
    let partner = ids.partners[demo.partner(&r.partner)?];
    let c = &r.customer;
    let id = crate::registrations::new_id(tx).await?;
    let key = domain::customer::CustomerKey::new(&c.legal_name, &c.domain, &c.country);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO registrations (id, partner_id, submitted_by, motion, category, customer_legal_name, customer_domain,
            customer_name_key, customer_country, contact_name, contact_email, contact_role, products, value_minor, currency,
            expected_close, attribution, attribution_percent, incumbent, partner_notes, status, stage, vendor_owner, next_step,
            protection_start, protection_end, conflict_status, rejection_reason, source, submitted_at, decided_at,
            last_activity_at, deal_amount_minor, discount_band, margin_percent, internal_notes, competitor_notes,
            customer_domain_key, customer_key_version)
         VALUES ($34, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'sourced', 100, $16, $17, $18, $19, $20,
            $21, $22, $23, $24, $25, 'portal', $26, $27, $28, $29, $30, $31, $32, $33, $35, $36)
         RETURNING id",
    )
    .bind(partner)
    .bind(submitter)
    .bind(r.motion.as_str())
    .bind(&r.category)
    .bind(&c.legal_name)
    .bind(registrable_domain(&c.domain).unwrap_or_default())
    .bind(&key.name)
    .bind(&c.country)
    .bind(&r.contact.name)
    .bind(&r.contact.email)
    .bind(&r.contact.role)
    .bind(serde_json::to_string(&r.products).unwrap_or_default())
    .bind(r.value * 100)
    .bind(&r.currency)
    .bind(close)
    .bind(r.incumbent)
    .bind(&r.notes)
    .bind(status.as_str())
    .bind(stage)
    .bind(stage.map(|_| ids.manager_name))
    .bind(next_step)
    .bind(start)
    .bind(end)
    .bind(r.conflict.as_deref().unwrap_or("none"))
    .bind(reason)
    .bind(submitted_at)
    .bind(decided)
    .bind(last)
    .bind(r.internal.deal_amount * 100)
    .bind(&r.internal.discount_band)
    .bind(r.internal.margin_percent)
    .bind(&r.internal.notes)
    .bind(&r.internal.competitor_notes)
    .bind(id)
    .bind(key.domain.as_deref().unwrap_or(""))
    .bind(crate::registrations::CUSTOMER_KEY_VERSION)
    .fetch_one(&mut **tx)
    .await?;
    let mut events = vec![
        AuditEvent::new(AuditAction::RegistrationSubmitted, id)
            .at(submitted_at)
            .by(submitter)
            .after(serde_json::json!({ "status": "submitted" })),
    ];
    if let Some(d) = decided {
        let (action, to) = if status == Status::Rejected {
            (AuditAction::RegistrationRejected, "rejected")
        } else {
            (AuditAction::RegistrationApproved, "approved")
        };
        let mut after = serde_json::json!({ "status": to });
        if let Some(reason) = reason {
            after["detail"] = reason.into();
        }
        events.push(
            AuditEvent::new(action, id)
                .at(d)
                .by(ids.manager)
                .before(serde_json::json!({ "status": "submitted" }))
                .after(after),
        );
    }
    if status == Status::Expired {
        events.push(
            AuditEvent::new(AuditAction::RegistrationExpired, id)
                .at(end.unwrap_or(at))
                .before(serde_json::json!({ "status": "approved" }))
                .after(serde_json::json!({ "status": "expired" })),
        );
    }
    for event in events {
        event.record(tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_data_reads_and_refers_to_itself() {
        let demo = Demo::load().expect("seed/*.json");
        assert_eq!(demo.people.partners.len(), 3);
        assert_eq!(demo.registrations.len(), 14);
        // Every demo commission names a won demo registration, and each line status is shown.
        let commissions: Vec<DemoCommission> =
            serde_json::from_str(DEMO_COMMISSIONS).expect("seed/commissions.json");
        for c in &commissions {
            assert!(
                demo.registrations
                    .iter()
                    .any(|r| r.customer.domain == c.customer_domain
                        && matches!(r.state, DemoState::Won { .. })),
                "{}",
                c.customer_domain
            );
        }
        for lines in [
            DemoLines::New,
            DemoLines::OnHold,
            DemoLines::Declined,
            DemoLines::Stated,
            DemoLines::Paid,
        ] {
            assert!(commissions.iter().any(|c| c.lines == lines));
        }
        assert!(commissions.iter().any(|c| c.clawback.is_some()));
        assert!(
            demo.people
                .users
                .iter()
                .any(|u| u.role == Role::ChannelManager)
        );
        // Every tier has a partner, and one registration is in each state.
        for tier in Tier::ALL {
            assert!(
                demo.people.partners.iter().any(|p| p.tier == tier),
                "{tier}"
            );
        }
        for state in ["submitted", "approved", "rejected", "expired", "won"] {
            assert!(
                demo.registrations.iter().any(|r| {
                    let s = match r.state {
                        DemoState::Submitted => "submitted",
                        DemoState::Approved { .. } => "approved",
                        DemoState::Rejected { .. } => "rejected",
                        DemoState::Expired { .. } => "expired",
                        DemoState::Won { .. } => "won",
                    };
                    s == state
                }),
                "{state}"
            );
        }
    }
}
