//! Registration storage: queries, access rules and the projection of rows into partner views.
//!
//! Partner-facing queries select [`PARTNER_COLUMNS`] only: the vendor-internal columns are never
//! read into a partner response's row type, so they cannot leak through it.

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::db::Tx;
use crate::db::now;
use crate::page::{Cursor, Page};
use domain::conflict::{Claim, ConflictPolicy};
use domain::customer::CustomerKey;
use domain::pipeline::{DealUpdate, InternalFields, ManagedDeal, PipelineDeal, SharedField};
use domain::registration::{Attribution, Protection, SlaClock, Status, registration_number};
use domain::views::{CategoryView, ContactView, HistoryEntry, RegistrationView};
use domain::{Motion, Role, Tier};
use std::time::Duration;

/// The program's settings.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    pub protection_days: i64,
    pub approval_sla_hours: i64,
    pub policy: ConflictPolicy,
}

/// Where registration ids are drawn from. Ids (and so the numbers people see, `R-48213377`)
/// are random, not counted up: a partner who sees its own numbers learns nothing of how many
/// registrations the program holds, or how fast they come in.
pub const ID_RANGE: std::ops::Range<i64> = crate::db::ID_RANGE;

/// A registration id not yet taken, for the `INSERT` that follows on the same connection
/// ([`crate::db::random_id`]).
pub async fn new_id(conn: &mut crate::db::Conn) -> Result<i64, sqlx::Error> {
    crate::db::random_id(conn, "registrations").await
}

pub async fn program(db: &Db) -> Result<Program, sqlx::Error> {
    let (protection_days, approval_sla_hours, policy): (i64, i64, String) = sqlx::query_as(
        "SELECT protection_days, approval_sla_hours, conflict_policy FROM programs ORDER BY id LIMIT 1",
    )
    .fetch_optional(db)
    .await?
    .unwrap_or((90, 48, "first_come".into()));
    Ok(Program {
        protection_days,
        approval_sla_hours,
        policy: ConflictPolicy::parse(&policy).unwrap_or(ConflictPolicy::FirstCome),
    })
}

/// The status as of `now`: an approved registration past its protection end is expired, even
/// before the sweeper has written it.
pub fn effective_status(status: &str, protection_end: Option<i64>, now: i64) -> Status {
    Status::parse(status)
        .unwrap_or(Status::Submitted)
        .at(protection_end, now)
}

/// Columns partners may receive (no internal ones), with the submitter's name and whether an
/// extension request is pending.
pub const PARTNER_COLUMNS: &str = "r.id, r.partner_id, r.submitted_by, u.name AS submitter_name, r.motion, r.category,
    r.customer_legal_name, r.customer_domain, r.customer_country, r.contact_name, r.contact_email,
    r.contact_role, r.products, r.value_minor, r.currency, r.expected_close, r.attribution,
    r.attribution_percent, r.incumbent, r.partner_notes, r.status, r.stage, r.vendor_owner,
    r.next_step, r.protection_start, r.protection_end, r.conflict_status, r.rejection_reason,
    r.source, r.submitted_at, r.last_activity_at,
    EXISTS (SELECT 1 FROM extension_requests e WHERE e.registration_id = r.id AND e.status = 'pending') AS extension_pending";

/// `FROM` clause matching [`PARTNER_COLUMNS`].
pub const FROM: &str = "FROM registrations r JOIN users u ON u.id = r.submitted_by";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: i64,
    pub partner_id: i64,
    pub submitted_by: i64,
    pub submitter_name: String,
    pub motion: String,
    pub category: String,
    pub customer_legal_name: String,
    pub customer_domain: String,
    pub customer_country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_role: String,
    pub products: String,
    pub value_minor: i64,
    pub currency: String,
    pub expected_close: String,
    pub attribution: String,
    pub attribution_percent: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    pub incumbent: bool,
    pub partner_notes: String,
    pub status: String,
    pub stage: Option<String>,
    pub vendor_owner: Option<String>,
    pub next_step: Option<String>,
    pub protection_start: Option<i64>,
    pub protection_end: Option<i64>,
    pub conflict_status: String,
    pub rejection_reason: Option<String>,
    pub source: String,
    pub submitted_at: i64,
    pub last_activity_at: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    pub extension_pending: bool,
}

impl RegistrationRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Submitted)
    }

    /// The status as of `now` (see [`effective_status`]).
    pub fn effective_status(&self, now: i64) -> Status {
        effective_status(&self.status, self.protection_end, now)
    }

    /// What the home page's rules read of this registration ([`domain::home`]).
    pub fn home_deal(&self, now: i64) -> domain::home::HomeDeal {
        domain::home::HomeDeal {
            id: self.id,
            customer: self.customer_legal_name.clone(),
            status: self.effective_status(now),
            submitted_at: self.submitted_at,
            protection_end: self.protection_end,
            currency: self.currency.clone(),
            value_minor: self.value_minor,
        }
    }

    pub fn protection(&self) -> Option<Protection> {
        match (self.protection_start, self.protection_end) {
            (Some(start), Some(end)) => Some(Protection { start, end }),
            _ => None,
        }
    }

    /// The partner view: safe fields only, bounded by the `fields` the program shares
    /// ([`RegistrationView::shared_only`]; managers' answers pass [`SharedField::ALL`]).
    pub fn view(&self, program: &Program, fields: &[SharedField], now: i64) -> RegistrationView {
        let status = self.effective_status(now);
        RegistrationView {
            id: self.id,
            number: registration_number(self.id),
            motion: self.motion.parse().unwrap_or(Motion::Referral),
            category: self.category.clone(),
            customer_legal_name: self.customer_legal_name.clone(),
            customer_domain: self.customer_domain.clone(),
            customer_country: self.customer_country.clone(),
            contact: ContactView {
                name: self.contact_name.clone(),
                email: self.contact_email.clone(),
                role: self.contact_role.clone(),
            },
            products: serde_json::from_str(&self.products).unwrap_or_default(),
            estimated_value_minor: self.value_minor,
            currency: self.currency.clone(),
            expected_close: self.expected_close.clone(),
            attribution: Attribution::parse(&self.attribution).unwrap_or(Attribution::Influenced),
            attribution_percent: self.attribution_percent.clamp(0, 100) as u8,
            incumbent: self.incumbent,
            notes: self.partner_notes.clone(),
            status,
            stage: self.stage.clone(),
            vendor_owner: self.vendor_owner.clone(),
            next_step: self.next_step.clone(),
            protection: self.protection(),
            sla: (status == Status::Submitted)
                .then(|| SlaClock::new(self.submitted_at, program.approval_sla_hours, now)),
            conflict_status: self.conflict_status.clone(),
            rejection_reason: self.rejection_reason.clone(),
            extension_requested: self.extension_pending,
            source: self.source.clone(),
            submitted_by: self.submitter_name.clone(),
            submitted_at: self.submitted_at,
            last_activity_at: Some(self.last_activity_at),
        }
        .shared_only(fields)
    }

    /// The pipeline row, with only the `fields` the program shares.
    pub fn pipeline_deal(&self, fields: &[SharedField], at: i64) -> PipelineDeal {
        PipelineRow {
            id: self.id,
            customer_legal_name: self.customer_legal_name.clone(),
            motion: self.motion.clone(),
            status: self.status.clone(),
            stage: self.stage.clone(),
            vendor_owner: self.vendor_owner.clone(),
            next_step: self.next_step.clone(),
            protection_end: self.protection_end,
            last_activity_at: self.last_activity_at,
            source: self.source.clone(),
        }
        .deal(fields, at)
    }

    pub fn customer_key(&self) -> CustomerKey {
        CustomerKey::new(
            &self.customer_legal_name,
            &self.customer_domain,
            &self.customer_country,
        )
    }
}

/// SQL condition (over alias `r`) for the registrations `user` may see, binding `$1`/`$2`.
/// Channel managers see all; partner admins their company's; partner users what they submitted
/// or collaborate on.
pub(crate) fn visibility(user: &CurrentUser) -> (&'static str, i64, i64) {
    match (user.role, &user.partner) {
        (Role::ChannelManager, _) => ("($1 = $1 AND $2 = $2)", 0, 0),
        (Role::PartnerAdmin, Some(p)) => ("(r.partner_id = $1 AND $2 = $2)", p.id, 0),
        (Role::PartnerUser, Some(p)) => (
            "(r.partner_id = $1 AND (r.submitted_by = $2 OR EXISTS (SELECT 1 FROM registration_collaborators c
               WHERE c.registration_id = r.id AND c.user_id = $2)))",
            p.id,
            user.id,
        ),
        // A partner role without a partner sees nothing.
        _ => ("(1 = 0 AND $1 = $1 AND $2 = $2)", 0, 0),
    }
}

/// The registration `id` if `user` may see it; `None` both when it does not exist and when it
/// is not theirs (the caller answers 404 either way).
pub async fn visible(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    let (cond, a, b) = visibility(user);
    sqlx::query_as(&format!(
        "SELECT {PARTNER_COLUMNS} {FROM} WHERE {cond} AND r.id = $3"
    ))
    .bind(a)
    .bind(b)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Any registration by id, regardless of who asks (callers check access first).
pub async fn by_id(db: &Db, id: i64) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {PARTNER_COLUMNS} {FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The view of registration `id` as of now with the shared `fields` (callers check access
/// first).
pub async fn view_by_id(
    db: &Db,
    id: i64,
    fields: &[SharedField],
) -> Result<Option<RegistrationView>, sqlx::Error> {
    let Some(row) = by_id(db, id).await? else {
        return Ok(None);
    };
    Ok(Some(row.view(&program(db).await?, fields, now())))
}

/// The keyset range and limit of `page` over sort column `time` (then `r.id`), as SQL
/// appended to a `WHERE` and after the `ORDER BY`, with placeholders `$n`–`$n+2` (bound by
/// [`bind_page`]); nothing for `None` (every row).
fn keyset(page: Option<Page>, time: &str, order: Order, n: usize) -> (String, String) {
    if page.is_none() {
        return (String::new(), String::new());
    }
    let op = match order {
        Order::Newest => '<',
        Order::Oldest => '>',
    };
    (
        format!(
            " AND ({time} {op} ${n} OR ({time} = ${n} AND r.id {op} ${}))",
            n + 1
        ),
        format!(" LIMIT ${}", n + 2),
    )
}

/// A list's direction: newest first (descending) or oldest first.
#[derive(Clone, Copy)]
enum Order {
    Newest,
    Oldest,
}

/// Binds what [`keyset`] refers to; the first page starts past every row.
fn bind_page<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    page: Option<Page>,
    order: Order,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    let Some(page) = page else {
        return query;
    };
    let start = page.after.unwrap_or(match order {
        Order::Newest => Cursor {
            at: i64::MAX,
            id: i64::MAX,
        },
        Order::Oldest => Cursor {
            at: i64::MIN,
            id: i64::MIN,
        },
    });
    query.bind(start.at).bind(start.id).bind(page.fetch())
}

/// The registrations `user` may see, newest first: one page of them (fetched with one row
/// more, see [`crate::page::finish`]), or every one for `None`.
pub async fn list_visible(
    db: &Db,
    user: &CurrentUser,
    page: Option<Page>,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    let (cond, a, b) = visibility(user);
    let (range, limit) = keyset(page, "r.submitted_at", Order::Newest, 3);
    bind_page(
        sqlx::query_as(&format!(
            "SELECT {PARTNER_COLUMNS} {FROM} WHERE {cond}{range} ORDER BY r.submitted_at DESC, r.id DESC{limit}"
        ))
        .bind(a)
        .bind(b),
        page,
        Order::Newest,
    )
    .fetch_all(db)
    .await
}

/// Columns the pipeline needs (safe ones only; projection starts in the query).
pub const PIPELINE_COLUMNS: &str =
    "r.id, r.customer_legal_name, r.motion, r.status, r.stage, r.vendor_owner,
    r.next_step, r.protection_end, r.last_activity_at, r.source";

/// A registration as the pipeline reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PipelineRow {
    pub id: i64,
    pub customer_legal_name: String,
    pub motion: String,
    pub status: String,
    pub stage: Option<String>,
    pub vendor_owner: Option<String>,
    pub next_step: Option<String>,
    pub protection_end: Option<i64>,
    pub last_activity_at: i64,
    pub source: String,
}

impl PipelineRow {
    /// The pipeline row with only the `fields` the program shares.
    pub fn deal(&self, fields: &[SharedField], at: i64) -> PipelineDeal {
        let has = |f| fields.contains(&f);
        let status = match (
            Status::parse(&self.status).unwrap_or(Status::Submitted),
            self.protection_end,
        ) {
            (Status::Approved, Some(end)) if end <= at => Status::Expired,
            (s, _) => s,
        };
        PipelineDeal {
            id: self.id,
            number: registration_number(self.id),
            customer: self.customer_legal_name.clone(),
            motion: self.motion.parse().unwrap_or(Motion::Referral),
            status,
            stage: self.stage.clone().filter(|_| has(SharedField::Stage)),
            vendor_owner: self
                .vendor_owner
                .clone()
                .filter(|_| has(SharedField::VendorOwner)),
            next_step: self
                .next_step
                .clone()
                .filter(|_| has(SharedField::NextStep)),
            protection_end: self.protection_end.filter(|_| has(SharedField::Protection)),
            last_activity_at: Some(self.last_activity_at)
                .filter(|_| has(SharedField::LastActivity)),
            source: self.source.clone(),
        }
    }
}

/// The pipeline rows `user` may see, most recent activity first: one page (see
/// [`list_visible`]) or every one.
pub async fn pipeline_visible(
    db: &Db,
    user: &CurrentUser,
    page: Option<Page>,
) -> Result<Vec<PipelineRow>, sqlx::Error> {
    let (cond, a, b) = visibility(user);
    let (range, limit) = keyset(page, "r.last_activity_at", Order::Newest, 3);
    bind_page(
        sqlx::query_as(&format!(
            "SELECT {PIPELINE_COLUMNS} FROM registrations r WHERE {cond}{range}
              ORDER BY r.last_activity_at DESC, r.id DESC{limit}"
        ))
        .bind(a)
        .bind(b),
        page,
        Order::Newest,
    )
    .fetch_all(db)
    .await
}

/// A competing registration with what the manager's queue shows of it.
pub struct ClaimRow {
    pub claim: Claim,
    pub partner_name: String,
}

#[derive(sqlx::FromRow)]
struct ClaimQueryRow {
    id: i64,
    partner_id: i64,
    partner_name: String,
    tier: String,
    status: String,
    protection_end: Option<i64>,
    submitted_at: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    incumbent: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    certified: bool,
}

/// Live-or-not registrations for the same customer as `key` (submitted or approved), except
/// `exclude`.
pub async fn claims_for<'e, E>(
    db: E,
    key: &CustomerKey,
    exclude: Option<i64>,
) -> Result<Vec<ClaimRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<ClaimQueryRow> = sqlx::query_as(
        "SELECT r.id, r.partner_id, p.name AS partner_name, p.tier, r.status, r.protection_end, r.submitted_at,
                r.incumbent,
                EXISTS (SELECT 1 FROM partner_certifications pc WHERE pc.partner_id = r.partner_id) AS certified
           FROM registrations r JOIN partners p ON p.id = r.partner_id
          -- Look the customer up by its indexed keys first: filtering on status first reads
          -- every open registration (the status index matches them all).
          WHERE r.id IN (SELECT d.id FROM registrations d
                          WHERE d.customer_domain_key = $2 AND d.status IN ('submitted', 'approved')
                         UNION
                         SELECT n.id FROM registrations n
                          WHERE n.customer_name_key = $3 AND n.customer_country = $4
                            AND n.status IN ('submitted', 'approved'))
            AND r.id <> $1
          ORDER BY r.submitted_at",
    )
    .bind(exclude.unwrap_or(-1))
    // A key part that is missing binds NULL, which equals nothing.
    .bind(key.domain.as_deref())
    .bind((!key.name.is_empty()).then_some(key.name.as_str()))
    .bind(&key.country)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(ClaimRow::from).collect())
}

impl From<ClaimQueryRow> for ClaimRow {
    fn from(r: ClaimQueryRow) -> Self {
        ClaimRow {
            claim: Claim {
                registration_id: r.id,
                partner_id: r.partner_id,
                tier: r.tier.parse().unwrap_or(Tier::Bronze),
                status: Status::parse(&r.status).unwrap_or(Status::Submitted),
                protection_end: r.protection_end,
                submitted_at: r.submitted_at,
                incumbent: r.incumbent,
                certified: r.certified,
            },
            partner_name: r.partner_name,
        }
    }
}

#[derive(sqlx::FromRow)]
struct KeyedClaimQueryRow {
    #[sqlx(flatten)]
    claim: ClaimQueryRow,
    customer_domain_key: String,
    customer_name_key: String,
    customer_country: String,
}

/// Live-or-not claims (submitted or approved) on any of `keys`' customers, each with its own
/// key, in one query: the approvals queue reads a page's conflicts with it. The caller picks
/// each row's competitors with [`CustomerKey::same_customer`].
pub async fn claims_on_any(
    db: &Db,
    keys: &[CustomerKey],
) -> Result<Vec<(CustomerKey, ClaimRow)>, sqlx::Error> {
    let domains: Vec<&str> = keys.iter().filter_map(|k| k.domain.as_deref()).collect();
    let names: Vec<&str> = keys
        .iter()
        .filter(|k| !k.name.is_empty())
        .map(|k| k.name.as_str())
        .collect();
    if domains.is_empty() && names.is_empty() {
        return Ok(Vec::new());
    }
    let list = |from: usize, n: usize| {
        if n == 0 {
            "NULL".to_owned()
        } else {
            (from..from + n)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let sql = format!(
        "SELECT r.id, r.partner_id, p.name AS partner_name, p.tier, r.status, r.protection_end, r.submitted_at,
                r.incumbent,
                EXISTS (SELECT 1 FROM partner_certifications pc WHERE pc.partner_id = r.partner_id) AS certified,
                r.customer_domain_key, r.customer_name_key, r.customer_country
           FROM registrations r JOIN partners p ON p.id = r.partner_id
          WHERE r.id IN (SELECT d.id FROM registrations d
                          WHERE d.customer_domain_key IN ({}) AND d.status IN ('submitted', 'approved')
                         UNION
                         SELECT n.id FROM registrations n
                          WHERE n.customer_name_key IN ({}) AND n.status IN ('submitted', 'approved'))
          ORDER BY r.submitted_at",
        list(1, domains.len()),
        list(1 + domains.len(), names.len()),
    );
    let mut query = sqlx::query_as::<_, KeyedClaimQueryRow>(&sql);
    for value in domains.iter().chain(&names) {
        query = query.bind(*value);
    }
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| {
            let key = CustomerKey {
                domain: Some(r.customer_domain_key).filter(|d| !d.is_empty()),
                name: r.customer_name_key,
                country: r.customer_country,
            };
            (key, ClaimRow::from(r.claim))
        })
        .collect())
}

/// Which rules computed a row's customer keys (`customer_key_version`): 1 = IDNA and the
/// confusables skeleton ([`domain::customer::domain_key`]). Bump it when the rules change.
pub const CUSTOMER_KEY_VERSION: i64 = 1;

/// Recomputes the customer keys of rows computed by older rules, in batches. Idempotent, so
/// instances starting together may all run it.
pub async fn rekey_customers(db: &Db) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, customer_legal_name, customer_domain, customer_country FROM registrations
              WHERE customer_key_version < $1 ORDER BY id LIMIT 500",
        )
        .bind(CUSTOMER_KEY_VERSION)
        .fetch_all(db)
        .await?;
        if rows.is_empty() {
            break;
        }
        let mut tx = db.begin().await?;
        for (id, name, domain, country) in &rows {
            let key = CustomerKey::new(name, domain, country);
            set_customer_key(&mut tx, *id, &key).await?;
        }
        tx.commit().await?;
        done += rows.len();
    }
    if done > 0 {
        tracing::info!(count = done, "customer keys recomputed");
    }
    Ok(done)
}

/// Stores `key` as registration `id`'s comparison keys, computed by today's rules.
pub async fn set_customer_key(
    conn: &mut crate::db::Conn,
    id: i64,
    key: &CustomerKey,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE registrations SET customer_domain_key = $1, customer_name_key = $2, customer_key_version = $3
          WHERE id = $4",
    )
    .bind(key.domain.as_deref().unwrap_or(""))
    .bind(&key.name)
    .bind(CUSTOMER_KEY_VERSION)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The lock rows of a customer (see [`crate::db::lock`]): one for its domain, one for its name in
/// its country. Two registrations for the same customer share at least one of them, so
/// transactions that check and then change a customer's claims take these first.
pub fn customer_locks(key: &CustomerKey) -> Vec<String> {
    let mut names = Vec::with_capacity(2);
    if let Some(d) = &key.domain {
        names.push(format!("customer:domain:{d}"));
    }
    if !key.name.is_empty() {
        names.push(format!("customer:name:{}:{}", key.country, key.name));
    }
    names
}

#[derive(sqlx::FromRow)]
struct ManagedRow {
    #[sqlx(flatten)]
    row: RegistrationRow,
    partner_name: String,
    partner_tier: String,
    deal_amount_minor: Option<i64>,
    discount_band: Option<String>,
    margin_percent: Option<i64>,
    internal_notes: Option<String>,
    competitor_notes: Option<String>,
}

/// Deals with every field, internal ones included (channel managers only): all of them, or
/// just `only`; most recent activity first.
pub async fn managed_deals(
    db: &Db,
    only: Option<i64>,
    page: Option<Page>,
) -> Result<Vec<ManagedDeal>, sqlx::Error> {
    let (range, limit) = keyset(page, "r.last_activity_at", Order::Newest, 2);
    let rows: Vec<ManagedRow> = bind_page(
        sqlx::query_as(&format!(
            "SELECT {PARTNER_COLUMNS}, p.name AS partner_name, p.tier AS partner_tier, r.deal_amount_minor,
                    r.discount_band, r.margin_percent, r.internal_notes, r.competitor_notes
               {FROM} JOIN partners p ON p.id = r.partner_id
              WHERE ($1 IS NULL OR r.id = $1){range}
              ORDER BY r.last_activity_at DESC, r.id DESC{limit}"
        ))
        .bind(only),
        page,
        Order::Newest,
    )
    .fetch_all(db)
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(|m| ManagedDeal {
            deal: m.row.pipeline_deal(&SharedField::ALL, at),
            partner_name: m.partner_name,
            partner_tier: m.partner_tier.parse().unwrap_or(Tier::Bronze),
            currency: m.row.currency.clone(),
            internal: InternalFields {
                deal_amount_minor: m.deal_amount_minor,
                discount_band: m.discount_band,
                margin_percent: m.margin_percent,
                internal_notes: m.internal_notes,
                competitor_notes: m.competitor_notes,
            },
        })
        .collect())
}

/// Applies a channel manager's deal update to registration `id` (fields left out keep their
/// value; owner and next step are trimmed) and stamps its activity at `at`, inside `tx`.
pub async fn update_deal(
    tx: &mut Tx<'_>,
    id: i64,
    update: &DealUpdate,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE registrations SET
            stage = COALESCE($1, stage), vendor_owner = COALESCE($2, vendor_owner), next_step = COALESCE($3, next_step),
            deal_amount_minor = COALESCE($4, deal_amount_minor), discount_band = COALESCE($5, discount_band),
            margin_percent = COALESCE($6, margin_percent), internal_notes = COALESCE($7, internal_notes),
            competitor_notes = COALESCE($8, competitor_notes), last_activity_at = $9
          WHERE id = $10",
    )
    .bind(&update.stage)
    .bind(update.vendor_owner.as_deref().map(str::trim))
    .bind(update.next_step.as_deref().map(str::trim))
    .bind(update.deal_amount_minor)
    .bind(&update.discount_band)
    .bind(update.margin_percent)
    .bind(&update.internal_notes)
    .bind(&update.competitor_notes)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Which registrations the channel managers' queue lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueView {
    /// Awaiting a decision (the default).
    Submitted,
    Approved,
    /// With a pending extension request.
    Extension,
    All,
}

impl QueueView {
    /// The view named `s` (`submitted`, `approved`, `extension`, `all`).
    pub fn parse(s: &str) -> Option<QueueView> {
        match s {
            "submitted" => Some(QueueView::Submitted),
            "approved" => Some(QueueView::Approved),
            "extension" => Some(QueueView::Extension),
            "all" => Some(QueueView::All),
            _ => None,
        }
    }

    /// The view's SQL condition, over alias `r`.
    fn condition(self) -> &'static str {
        match self {
            QueueView::Submitted => "r.status = 'submitted'",
            QueueView::Approved => "r.status = 'approved'",
            QueueView::Extension => {
                "EXISTS (SELECT 1 FROM extension_requests e WHERE e.registration_id = r.id AND e.status = 'pending')"
            }
            QueueView::All => "1 = 1",
        }
    }
}

/// A queued registration with its partner, read in the queue's one query.
#[derive(sqlx::FromRow)]
pub struct QueueRow {
    #[sqlx(flatten)]
    pub row: RegistrationRow,
    pub partner_name: String,
    pub partner_tier: String,
    /// Whether the partner holds a certification.
    #[sqlx(try_from = "crate::db::Flag")]
    pub certified: bool,
    /// The newest pending extension request's reason.
    pub extension_reason: Option<String>,
}

/// The channel managers' queue: one page of the registrations in `view`, oldest first.
pub async fn queue(db: &Db, view: QueueView, page: Page) -> Result<Vec<QueueRow>, sqlx::Error> {
    let condition = view.condition();
    let (range, limit) = keyset(Some(page), "r.submitted_at", Order::Oldest, 1);
    bind_page(
        sqlx::query_as(&format!(
            "SELECT {PARTNER_COLUMNS}, p.name AS partner_name, p.tier AS partner_tier,
                    EXISTS (SELECT 1 FROM partner_certifications pc WHERE pc.partner_id = r.partner_id) AS certified,
                    (SELECT e.reason FROM extension_requests e WHERE e.registration_id = r.id AND e.status = 'pending'
                      ORDER BY e.id DESC LIMIT 1) AS extension_reason
               {FROM} JOIN partners p ON p.id = r.partner_id
              WHERE {condition}{range} ORDER BY r.submitted_at, r.id{limit}"
        )),
        Some(page),
        Order::Oldest,
    )
    .fetch_all(db)
    .await
}

/// Approves registration `id` if it is still submitted: `protection` starts, the deal enters
/// `stage` owned by `owner`, and its conflict is cleared; inside `tx`. False when someone else
/// decided it first.
pub async fn approve(
    tx: &mut Tx<'_>,
    id: i64,
    protection: Protection,
    stage: &str,
    owner: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE registrations SET status = 'approved', protection_start = $1, protection_end = $2, stage = $3,
                vendor_owner = $4, next_step = 'Kick-off call with the partner', decided_at = $5, last_activity_at = $5,
                conflict_status = 'none'
          WHERE id = $6 AND status = 'submitted'",
    )
    .bind(protection.start)
    .bind(protection.end)
    .bind(stage)
    .bind(owner)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Marks registration `id` as facing an active protection (another partner's approval).
pub async fn mark_conflict_active(tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE registrations SET conflict_status = 'active' WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rejects registration `id` with `reason` if it is still submitted; inside `tx`. False when
/// someone else decided it first.
pub async fn reject(tx: &mut Tx<'_>, id: i64, reason: &str, at: i64) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE registrations SET status = 'rejected', rejection_reason = $1, decided_at = $2, last_activity_at = $2
          WHERE id = $3 AND status = 'submitted'",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Moves an approved registration's protection end to `end`; inside `tx`.
pub async fn extend_protection(
    tx: &mut Tx<'_>,
    id: i64,
    end: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE registrations SET protection_end = $1, last_activity_at = $2 WHERE id = $3 AND status = 'approved'")
        .bind(end)
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Grants registration `id`'s pending extension request, if there is one; inside `tx`.
pub async fn grant_extension(tx: &mut Tx<'_>, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE extension_requests SET status = 'granted', decided_at = $1 WHERE registration_id = $2 AND status = 'pending'")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Files user `user`'s extension request for registration `id`; inside `tx`. False when one is
/// already pending (one pending request per registration is a unique index, so of concurrent
/// requests exactly one is filed).
pub async fn request_extension(
    tx: &mut Tx<'_>,
    id: i64,
    user: i64,
    reason: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query("INSERT INTO extension_requests (registration_id, requested_by, reason, requested_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(user)
        .bind(reason)
        .bind(at)
        .execute(&mut **tx)
        .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stamps registration `id`'s last activity at `at`; inside `tx`.
pub async fn touch(tx: &mut Tx<'_>, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE registrations SET last_activity_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Registration categories a tier may use, in the program's order.
pub async fn categories_for(db: &Db, tier: Tier) -> Result<Vec<CategoryView>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT code, label, description, minimum_tier FROM registration_categories ORDER BY position",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, label, description, min)| {
            let minimum_tier: Tier = min.parse().ok()?;
            tier.reaches(minimum_tier).then_some(CategoryView {
                code,
                label,
                description,
                minimum_tier,
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: i64,
    action: String,
    actor: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// The registration's history as partners may see it, oldest first: events that reveal a field
/// the program does not share (a stage move, a new protection end) are left out.
pub async fn history(
    db: &Db,
    id: i64,
    fields: &[SharedField],
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.at, a.action, u.name AS actor, a.before_json, a.after_json
           FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.entity = 'registration' AND a.entity_id = $1
          ORDER BY a.at, a.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let field = |json: &Option<String>, key: &str| -> Option<serde_json::Value> {
        json.as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| v.get(key).cloned())
    };
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            // Only the lifecycle events partners may read (not edits of internal fields).
            let action = AuditAction::parse(&r.action)?;
            let label = action.partner_label()?;
            if action.reveals().is_some_and(|f| !fields.contains(&f)) {
                return None;
            }
            let status = |json: &Option<String>| {
                field(json, "status").and_then(|v| v.as_str().and_then(Status::parse))
            };
            let detail = field(&r.after_json, "detail").and_then(|v| v.as_str().map(str::to_owned));
            Some(HistoryEntry {
                at: r.at,
                actor: r.actor.unwrap_or_else(|| "Portico".into()),
                action: label.to_owned(),
                from: status(&r.before_json),
                to: status(&r.after_json),
                detail,
            })
        })
        .collect())
}

/// Marks approved registrations whose protection has ended as expired, with an audit event
/// each. Returns how many expired.
pub async fn expire_due(db: &Db, at: i64) -> Result<usize, sqlx::Error> {
    let due: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM registrations WHERE status = 'approved' AND protection_end <= $1",
    )
    .bind(at)
    .fetch_all(db)
    .await?;
    let mut expired = 0;
    for (id,) in due {
        let mut tx = db.begin().await?;
        let changed = sqlx::query(
            "UPDATE registrations SET status = 'expired', last_activity_at = $1
              WHERE id = $2 AND status = 'approved' AND protection_end <= $1",
        )
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            AuditEvent::new(AuditAction::RegistrationExpired, id)
                .before(serde_json::json!({ "status": "approved" }))
                .after(serde_json::json!({ "status": "expired" }))
                .record(&mut tx)
                .await?;
            expired += 1;
        }
        tx.commit().await?;
    }
    Ok(expired)
}

/// Expires protections as they end, without anyone acting (every 30 seconds).
pub async fn expiry_loop(db: Db) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    loop {
        tick.tick().await;
        match expire_due(&db, now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "protections expired"),
            Err(e) => tracing::warn!(%e, "could not expire protections"),
        }
    }
}
