//! Commission storage: the program's plans and SPIFFs, the lines a won registration earns, their
//! decisions, and the monthly statements that pay them. The rules (which plan, how much, which
//! line a statement takes, which status follows which) are `domain::commission`'s; this module
//! only reads and writes rows, for SQLite and PostgreSQL alike.
//!
//! Partner reads select [`LINE_COLUMNS`] into [`LineRow`], which has no field for the vendor's
//! internal note; only the managers' queue reads it ([`ManagedLineRow`]). A partner user sees
//! the lines of the registrations it may see (the registrations' one visibility rule), a partner
//! admin the company's.

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::CurrentUser;
use crate::db::{Conn, Db, Tx, random_id};
use domain::commission::{
    CommissionPlan, LineKind, LineStatus, NewLine, Period, PlanKind, Spiff, SpiffCriteria,
    StatementInput, build_statement,
};
use domain::date::Date;
use domain::registration::Attribution;
use domain::views::{
    CommissionLineView, ManagedCommissionLine, ManagedStatement, StatementListItem, StatementView,
};
use domain::{Motion, Tier};

/// The program's commission plans, every one (past, present and future: the rules pick).
pub async fn plans(db: &Db) -> Result<Vec<CommissionPlan>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct PlanRow {
        id: i64,
        kind: String,
        motion: String,
        tier: Option<String>,
        attribution: String,
        rate_bp: i64,
        effective_from: String,
        effective_to: Option<String>,
    }
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT id, kind, motion, tier, attribution, rate_bp, effective_from, effective_to
           FROM commission_plans ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            Some(CommissionPlan {
                id: p.id,
                kind: PlanKind::parse(&p.kind)?,
                motion: p.motion.parse::<Motion>().ok()?,
                tier: match p.tier {
                    Some(t) => Some(t.parse::<Tier>().ok()?),
                    None => None,
                },
                attribution: Attribution::parse(&p.attribution)?,
                rate_bp: u32::try_from(p.rate_bp).ok()?,
                effective_from: p.effective_from,
                effective_to: p.effective_to,
            })
        })
        .collect())
}

/// The program's SPIFFs.
pub async fn spiffs(db: &Db) -> Result<Vec<Spiff>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, amount_minor, currency, starts_on, ends_on, criteria FROM spiffs ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, amount_minor, currency, from, to, criteria)| {
            let criteria: SpiffCriteria = serde_json::from_str(&criteria).ok()?;
            Some(Spiff {
                id,
                name,
                amount_minor,
                currency,
                from,
                to,
                criteria,
            })
        })
        .collect())
}

/// Marks an approved registration won with its booked first-year value and close date.
/// `false` when it is no longer approved (decided meanwhile, on any instance).
pub async fn mark_won(
    tx: &mut Tx<'_>,
    registration_id: i64,
    value_minor: i64,
    close_date: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE registrations SET status = 'won', won_value_minor = $1, won_close_date = $2,
                last_activity_at = $3
          WHERE id = $4 AND status = 'approved' AND (protection_end IS NULL OR protection_end > $3)",
    )
    .bind(value_minor)
    .bind(close_date)
    .bind(at)
    .bind(registration_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Stores the lines a won registration earns (`plans`: where a base line's plan kind is read);
/// returns their ids.
pub async fn insert_lines(
    tx: &mut Tx<'_>,
    registration_id: i64,
    partner_id: i64,
    close_date: &str,
    lines: &[NewLine],
    plans: &[CommissionPlan],
    at: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(lines.len());
    for line in lines {
        let plan_kind = line
            .plan_id
            .and_then(|id| plans.iter().find(|p| p.id == id))
            .map(|p| p.kind);
        let id = random_id(tx, "commission_lines").await?;
        sqlx::query(
            "INSERT INTO commission_lines (id, registration_id, partner_id, kind, plan_id, plan_kind,
                 spiff_id, base_minor, rate_bp, attribution_percent, amount_minor, currency,
                 close_date, status, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'new', $14, $15)",
        )
        .bind(id)
        .bind(registration_id)
        .bind(partner_id)
        .bind(line.kind.as_str())
        .bind(line.plan_id)
        .bind(plan_kind.map(PlanKind::as_str))
        .bind(line.spiff_id)
        .bind(line.base_minor)
        .bind(i64::from(line.rate_bp))
        .bind(i64::from(line.attribution_percent))
        .bind(line.amount_minor)
        .bind(&line.currency)
        .bind(close_date)
        .bind(line.reason.as_deref())
        .bind(at)
        .execute(&mut **tx)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Columns partners may receive: no internal note.
pub const LINE_COLUMNS: &str =
    "l.id, l.registration_id, l.partner_id, r.customer_legal_name AS customer,
    l.kind, l.plan_kind, s.name AS spiff_name, l.rate_bp, l.attribution_percent, l.base_minor,
    l.amount_minor, l.currency, l.status, l.reason, l.close_date, l.statement_id";

/// `FROM` clause matching [`LINE_COLUMNS`].
const LINE_FROM: &str = "FROM commission_lines l JOIN registrations r ON r.id = l.registration_id
    LEFT JOIN spiffs s ON s.id = l.spiff_id";

/// A line as partners may receive it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub registration_id: i64,
    pub partner_id: i64,
    pub customer: String,
    pub kind: String,
    pub plan_kind: Option<String>,
    pub spiff_name: Option<String>,
    pub rate_bp: i64,
    pub attribution_percent: i64,
    pub base_minor: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub reason: Option<String>,
    pub close_date: String,
    pub statement_id: Option<i64>,
}

impl LineRow {
    pub fn status(&self) -> LineStatus {
        LineStatus::parse(&self.status).unwrap_or(LineStatus::New)
    }

    /// The partner's view: the reason is shown only on a declined line or an adjustment.
    pub fn view(&self) -> CommissionLineView {
        let kind = LineKind::parse(&self.kind).unwrap_or(LineKind::Base);
        let status = self.status();
        CommissionLineView {
            id: self.id,
            registration_id: self.registration_id,
            customer: self.customer.clone(),
            kind,
            plan_kind: self.plan_kind.as_deref().and_then(PlanKind::parse),
            spiff_name: self.spiff_name.clone(),
            rate_bp: u32::try_from(self.rate_bp).unwrap_or(0),
            attribution_percent: u8::try_from(self.attribution_percent).unwrap_or(0),
            base_minor: self.base_minor,
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            status,
            decline_reason: (status == LineStatus::Declined || kind.is_adjustment())
                .then(|| self.reason.clone())
                .flatten(),
            close_date: self.close_date.clone(),
            statement_id: self.statement_id,
        }
    }

    /// What a statement needs of the line.
    pub fn statement_input(&self) -> StatementInput {
        StatementInput {
            line_id: self.id,
            kind: LineKind::parse(&self.kind).unwrap_or(LineKind::Base),
            status: self.status(),
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            close_date: self.close_date.clone(),
            statement_id: self.statement_id,
        }
    }
}

/// The lines `user` may see, newest close first: a partner admin the company's, a partner user
/// those of the registrations it may see; channel managers every line.
pub async fn lines_visible(db: &Db, user: &CurrentUser) -> Result<Vec<LineRow>, sqlx::Error> {
    let (cond, a, b) = crate::registrations::visibility(user);
    sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS} {LINE_FROM} WHERE {cond} ORDER BY l.close_date DESC, l.id DESC"
    ))
    .bind(a)
    .bind(b)
    .fetch_all(db)
    .await
}

/// One registration's lines (the caller checked that the registration is visible).
pub async fn lines_of_registration(
    db: &Db,
    registration_id: i64,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS} {LINE_FROM} WHERE l.registration_id = $1 ORDER BY l.kind, l.id"
    ))
    .bind(registration_id)
    .fetch_all(db)
    .await
}

/// A line in the managers' queue: the partner's view, the partner and the internal note.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ManagedLineRow {
    #[sqlx(flatten)]
    pub line: LineRow,
    pub partner_name: String,
    pub internal_note: Option<String>,
}

impl ManagedLineRow {
    pub fn view(&self) -> ManagedCommissionLine {
        let mut line = self.line.view();
        // Managers read every line's reason (a hold's, too).
        line.decline_reason = self.line.reason.clone();
        ManagedCommissionLine {
            line,
            partner_id: self.line.partner_id,
            partner_name: self.partner_name.clone(),
            internal_note: self.internal_note.clone(),
        }
    }
}

/// Which lines the managers' queue lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    /// New and on hold: waiting for a decision.
    Open,
    Only(LineStatus),
    All,
}

impl QueueFilter {
    pub fn parse(s: &str) -> Option<QueueFilter> {
        match s {
            "open" => Some(QueueFilter::Open),
            "all" => Some(QueueFilter::All),
            other => LineStatus::parse(other).map(QueueFilter::Only),
        }
    }

    fn condition(self) -> String {
        match self {
            QueueFilter::Open => "l.status IN ('new', 'on_hold')".into(),
            QueueFilter::Only(s) => format!("l.status = '{}'", s.as_str()),
            QueueFilter::All => "1 = 1".into(),
        }
    }
}

/// The managers' queue, oldest first (at most 1000 lines).
pub async fn queue(db: &Db, filter: QueueFilter) -> Result<Vec<ManagedLineRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS}, p.name AS partner_name, l.internal_note {LINE_FROM}
           JOIN partners p ON p.id = l.partner_id
          WHERE {} ORDER BY l.created_at, l.id LIMIT 1000",
        filter.condition()
    ))
    .fetch_all(db)
    .await
}

/// Some lines by id, for a decision (in the decision's transaction).
pub async fn lines_by_ids(
    conn: &mut Conn,
    ids: &[i64],
) -> Result<Vec<ManagedLineRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {LINE_COLUMNS}, p.name AS partner_name, l.internal_note {LINE_FROM}
           JOIN partners p ON p.id = l.partner_id
          WHERE l.id IN ({}) ORDER BY l.id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *conn).await
}

/// Moves a line from `from` to `to` (with the decline's or hold's reason); `false` when it was
/// no longer `from` (decided meanwhile).
pub async fn set_status(
    tx: &mut Tx<'_>,
    id: i64,
    from: LineStatus,
    to: LineStatus,
    reason: Option<&str>,
    by: Option<i64>,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE commission_lines SET status = $1, reason = COALESCE($2, reason), decided_at = $3,
                decided_by = $4
          WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(at)
    .bind(by)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// A partner's lines in `currency` that no statement has taken yet (the statement's rule picks
/// among them), read in the issuing transaction.
pub async fn unstated_lines(
    conn: &mut Conn,
    partner_id: i64,
    currency: &str,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS} {LINE_FROM}
          WHERE l.partner_id = $1 AND l.currency = $2 AND l.statement_id IS NULL
          ORDER BY l.close_date, l.id"
    ))
    .bind(partner_id)
    .bind(currency)
    .fetch_all(&mut *conn)
    .await
}

/// What a new statement stores.
pub struct NewStatement<'a> {
    pub partner_id: i64,
    pub period: &'a str,
    pub currency: &'a str,
    pub issued_by: Option<i64>,
    pub lines_minor: i64,
    pub adjustments_minor: i64,
    pub total_minor: i64,
    pub carry_forward_minor: i64,
    pub line_ids: &'a [i64],
}

/// Issues a statement and attaches its lines. `None` when that partner's statement for the
/// period and currency exists already (issued meanwhile, on any instance: the unique key
/// decides), or a line was taken by another statement meanwhile.
pub async fn issue(
    tx: &mut Tx<'_>,
    s: &NewStatement<'_>,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let exists: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM commission_statements WHERE partner_id = $1 AND period = $2 AND currency = $3",
    )
    .bind(s.partner_id)
    .bind(s.period)
    .bind(s.currency)
    .fetch_optional(&mut **tx)
    .await?;
    if exists.is_some() {
        return Ok(None);
    }
    let id = random_id(tx, "commission_statements").await?;
    let inserted = sqlx::query(
        "INSERT INTO commission_statements (id, partner_id, period, currency, issued_at, issued_by,
             lines_minor, adjustments_minor, total_minor, carry_forward_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (partner_id, period, currency) DO NOTHING",
    )
    .bind(id)
    .bind(s.partner_id)
    .bind(s.period)
    .bind(s.currency)
    .bind(at)
    .bind(s.issued_by)
    .bind(s.lines_minor)
    .bind(s.adjustments_minor)
    .bind(s.total_minor)
    .bind(s.carry_forward_minor)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Ok(None);
    }
    for line in s.line_ids {
        let taken = sqlx::query(
            "UPDATE commission_lines SET statement_id = $1
              WHERE id = $2 AND statement_id IS NULL AND status = 'approved'",
        )
        .bind(id)
        .bind(*line)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if taken != 1 {
            return Ok(None);
        }
    }
    Ok(Some(id))
}

/// A statement's row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementRow {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub period: String,
    pub currency: String,
    pub issued_at: i64,
    pub line_count: i64,
    pub adjustments_minor: i64,
    pub total_minor: i64,
    pub carry_forward_minor: i64,
    pub paid_on: Option<String>,
    pub payout_reference: Option<String>,
}

const STATEMENT_COLUMNS: &str = "st.id, st.partner_id, p.name AS partner_name, st.period, st.currency,
    st.issued_at, (SELECT COUNT(*) FROM commission_lines l WHERE l.statement_id = st.id) AS line_count,
    st.adjustments_minor, st.total_minor, st.carry_forward_minor, st.paid_on, st.payout_reference
    FROM commission_statements st JOIN partners p ON p.id = st.partner_id";

impl StatementRow {
    pub fn item(&self) -> StatementListItem {
        StatementListItem {
            id: self.id,
            period: self.period.clone(),
            currency: self.currency.clone(),
            issued_on: Date::from_unix(self.issued_at).to_string(),
            line_count: u32::try_from(self.line_count).unwrap_or(0),
            adjustments_minor: self.adjustments_minor,
            total_minor: self.total_minor,
            carry_forward_minor: self.carry_forward_minor,
            paid_on: self.paid_on.clone(),
            payout_reference: self.payout_reference.clone(),
        }
    }

    pub fn managed(&self) -> ManagedStatement {
        ManagedStatement {
            statement: self.item(),
            partner_id: self.partner_id,
            partner_name: self.partner_name.clone(),
        }
    }
}

/// A partner's statements, newest period first.
pub async fn statements_of(db: &Db, partner_id: i64) -> Result<Vec<StatementRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {STATEMENT_COLUMNS} WHERE st.partner_id = $1 ORDER BY st.period DESC, st.currency"
    ))
    .bind(partner_id)
    .fetch_all(db)
    .await
}

/// Every statement, newest period first (at most 1000).
pub async fn all_statements(db: &Db) -> Result<Vec<StatementRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {STATEMENT_COLUMNS} ORDER BY st.period DESC, p.name, st.currency LIMIT 1000"
    ))
    .fetch_all(db)
    .await
}

/// One statement with its lines; `None` when there is no such statement.
pub async fn statement(
    db: &Db,
    id: i64,
) -> Result<Option<(StatementRow, StatementView)>, sqlx::Error> {
    let Some(row): Option<StatementRow> =
        sqlx::query_as(&format!("SELECT {STATEMENT_COLUMNS} WHERE st.id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?
    else {
        return Ok(None);
    };
    let lines: Vec<LineRow> = sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS} {LINE_FROM} WHERE l.statement_id = $1 ORDER BY l.close_date, l.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    let view = StatementView {
        id: row.id,
        period: row.period.clone(),
        currency: row.currency.clone(),
        issued_on: Date::from_unix(row.issued_at).to_string(),
        lines: lines.iter().map(LineRow::view).collect(),
        adjustments_minor: row.adjustments_minor,
        total_minor: row.total_minor,
        carry_forward_minor: row.carry_forward_minor,
        paid_on: row.paid_on.clone(),
        payout_reference: row.payout_reference.clone(),
    };
    Ok(Some((row, view)))
}

/// Records a statement's payment and marks its lines paid; `false` when it was paid already.
pub async fn mark_paid(
    tx: &mut Tx<'_>,
    id: i64,
    reference: &str,
    paid_on: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE commission_statements SET paid_on = $1, payout_reference = $2, paid_at = $3
          WHERE id = $4 AND paid_on IS NULL",
    )
    .bind(paid_on)
    .bind(reference)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE commission_lines SET status = 'paid' WHERE statement_id = $1 AND status = 'approved'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// The partners and currencies with approved lines that no statement has taken, closed on or
/// before `last_day` (what the monthly schedule issues).
pub async fn due_statements(db: &Db, last_day: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT partner_id, currency FROM commission_lines
          WHERE status = 'approved' AND statement_id IS NULL AND close_date <= $1
          ORDER BY partner_id, currency",
    )
    .bind(last_day)
    .fetch_all(db)
    .await
}

/// The partner's approved registrations still open (not won, lost or expired), for the
/// projection: (id, motion, attribution, attribution %, value, currency).
#[allow(clippy::type_complexity)]
pub async fn open_deals(
    db: &Db,
    user: &CurrentUser,
    at: i64,
) -> Result<Vec<(i64, String, String, i64, i64, String)>, sqlx::Error> {
    let (cond, a, b) = crate::registrations::visibility(user);
    sqlx::query_as(&format!(
        "SELECT r.id, r.motion, r.attribution, r.attribution_percent, r.value_minor, r.currency
           FROM registrations r
          WHERE {cond} AND r.status = 'approved' AND (r.protection_end IS NULL OR r.protection_end > $3)"
    ))
    .bind(a)
    .bind(b)
    .bind(at)
    .fetch_all(db)
    .await
}

/// The tier of a partner company, `None` when there is no such partner.
pub async fn partner_tier(db: &Db, partner_id: i64) -> Result<Option<Tier>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT tier FROM partners WHERE id = $1")
        .bind(partner_id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|(t,)| t.parse().ok()))
}

/// What issuing a statement came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    /// The new statement's id.
    Statement(i64),
    /// That partner's statement for the period and currency exists already.
    Exists,
    /// No approved line in that currency waits for a statement of the period.
    NothingDue,
}

/// Issues `partner_id`'s statement of `period` in `currency` (`by`: the channel manager, or
/// `None` for the schedule): the approved lines no statement has taken, as
/// `domain::commission::build_statement` picks them, in one transaction. Safe on every
/// instance at once: the (partner, period, currency) key and the lines' `statement_id IS NULL`
/// condition let only one statement take a line.
pub async fn issue_statement(
    db: &Db,
    partner_id: i64,
    period: Period,
    currency: &str,
    by: Option<i64>,
    at: i64,
) -> Result<Issued, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Written first: on SQLite this takes the write lock before the read below (a read
    // transaction upgraded later fails while another instance writes); on PostgreSQL it
    // queues a second issuer of the same statement until this one commits.
    crate::db::lock(
        &mut tx,
        &[format!("commission-statement:{partner_id}:{currency}")],
    )
    .await?;
    let candidates: Vec<StatementInput> = unstated_lines(&mut tx, partner_id, currency)
        .await?
        .iter()
        .map(LineRow::statement_input)
        .collect();
    let totals = build_statement(period, currency, &candidates);
    if totals.line_ids.is_empty() {
        return Ok(Issued::NothingDue);
    }
    let period_text = period.to_string();
    let id = issue(
        &mut tx,
        &NewStatement {
            partner_id,
            period: &period_text,
            currency,
            issued_by: by,
            lines_minor: totals.lines_minor,
            adjustments_minor: totals.adjustments_minor,
            total_minor: totals.total_minor,
            carry_forward_minor: totals.carry_forward_minor,
            line_ids: &totals.line_ids,
        },
        at,
    )
    .await?;
    let Some(id) = id else {
        return Ok(Issued::Exists);
    };
    // A negative balance (clawbacks beyond what the period earned) is paid as zero and goes on
    // as an adjustment the next statement takes, on the registration of this statement's last
    // adjustment (the clawback that caused it).
    if let Some(carried) = totals.carry_forward_line() {
        let on = candidates
            .iter()
            .rev()
            .find(|l| l.kind.is_adjustment() && totals.line_ids.contains(&l.line_id))
            .map(|l| l.line_id);
        if let Some(source) = on {
            let (registration,): (i64,) =
                sqlx::query_as("SELECT registration_id FROM commission_lines WHERE id = $1")
                    .bind(source)
                    .fetch_one(&mut *tx)
                    .await?;
            let next = period.next().first_day().to_string();
            let ids = insert_lines(
                &mut tx,
                registration,
                partner_id,
                &next,
                &[carried],
                &[],
                at,
            )
            .await?;
            sqlx::query(
                "UPDATE commission_lines SET status = 'approved', decided_at = $1 WHERE id = $2",
            )
            .bind(at)
            .bind(ids[0])
            .execute(&mut *tx)
            .await?;
        }
    }
    AuditEvent::new(AuditAction::StatementIssued, id)
        .by(by)
        .after(serde_json::json!({
            "partner_id": partner_id, "period": period_text, "currency": currency,
            "lines": totals.line_ids, "total_minor": totals.total_minor,
        }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(Issued::Statement(id))
}

/// The monthly schedule: once a month is over, every partner's approved lines of that month
/// (or earlier, not yet on a statement) get their statement per currency. Returns how many
/// statements were issued.
pub async fn issue_due(db: &Db, at: i64) -> Result<usize, sqlx::Error> {
    let period = Period::of(Date::from_unix(at)).previous();
    let last_day = period.last_day().to_string();
    let mut issued = 0;
    for (partner_id, currency) in due_statements(db, &last_day).await? {
        if let Issued::Statement(_) =
            issue_statement(db, partner_id, period, &currency, None, at).await?
        {
            issued += 1;
        }
    }
    Ok(issued)
}

/// Issues the past month's statements as they fall due, on every instance (every 15 minutes;
/// the statements' key lets one win).
pub async fn statement_loop(db: Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(15 * 60));
    loop {
        tick.tick().await;
        match issue_due(&db, crate::db::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(statements = n, "commission statements issued"),
            Err(e) => tracing::warn!(%e, "could not issue commission statements"),
        }
    }
}

/// The program's clawback window in days.
pub async fn clawback_days(db: &Db) -> Result<u32, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT clawback_days FROM programs ORDER BY id LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(row.map_or(180, |(d,)| u32::try_from(d).unwrap_or(180)))
}

/// Stores a clawback of `line`: an approved adjustment of `amount_minor` (negative) on the same
/// registration, dated `reversed_on`, with the reason the partner reads. `None` when the line
/// was clawed back already (the unique index decides, on any instance).
pub async fn insert_clawback(
    tx: &mut Tx<'_>,
    line: &LineRow,
    amount_minor: i64,
    reversed_on: &str,
    reason: &str,
    by: Option<i64>,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM commission_lines WHERE reverses_line_id = $1")
            .bind(line.id)
            .fetch_optional(&mut **tx)
            .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let adjustment = NewLine::adjustment(amount_minor, &line.currency, Some(reason.to_owned()));
    let ids = insert_lines(
        tx,
        line.registration_id,
        line.partner_id,
        reversed_on,
        &[adjustment],
        &[],
        at,
    )
    .await?;
    sqlx::query(
        "UPDATE commission_lines SET status = 'approved', decided_at = $1, decided_by = $2,
                reverses_line_id = $3
          WHERE id = $4",
    )
    .bind(at)
    .bind(by)
    .bind(line.id)
    .bind(ids[0])
    .execute(&mut **tx)
    .await?;
    Ok(Some(ids[0]))
}
