//! Demo data, seeded into an empty database on first run (design.md, "Demo data").
//! Every demo user's password is `portico-demo`.

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::password;
use crate::db::Db;
use crate::db::now;
use crate::library;
use domain::Motion;
use domain::customer::registrable_domain;
use domain::library::AssetInput;
use domain::registration::DAY;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "portico-demo";

/// A demo partner company.
pub struct DemoPartner {
    pub name: &'static str,
    pub tier: &'static str,
    pub motions: &'static [&'static str],
    pub territories: &'static [&'static str],
}

/// A demo user; `partner` indexes [`PARTNERS`], `None` for vendor staff.
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub partner: Option<usize>,
}

pub const PARTNERS: &[DemoPartner] = &[
    DemoPartner {
        name: "Vertex Cloud Solutions",
        tier: "gold",
        motions: &["reseller", "services"],
        territories: &["US", "CA", "GB"],
    },
    DemoPartner {
        name: "BluePeak Manufacturing",
        tier: "silver",
        motions: &["reseller"],
        territories: &["DE", "AT", "CH"],
    },
    DemoPartner {
        name: "Ironclad Security",
        tier: "bronze",
        motions: &["referral"],
        territories: &["US"],
    },
];

pub const USERS: &[DemoUser] = &[
    DemoUser {
        email: "ava@vertex.example",
        name: "Ava Lindqvist",
        role: "partner_admin",
        partner: Some(0),
    },
    DemoUser {
        email: "ben@vertex.example",
        name: "Ben Okafor",
        role: "partner_user",
        partner: Some(0),
    },
    DemoUser {
        email: "cara@bluepeak.example",
        name: "Cara Hoffmann",
        role: "partner_admin",
        partner: Some(1),
    },
    DemoUser {
        email: "dan@ironclad.example",
        name: "Dan Whitaker",
        role: "partner_admin",
        partner: Some(2),
    },
    DemoUser {
        email: "maya@portico.example",
        name: "Maya Chen",
        role: "channel_manager",
        partner: None,
    },
];

/// Seeds the demo data: the program, partners and users when there are no partners yet, and the
/// library when there are no assets yet.
pub async fn seed_if_empty(db: &Db) -> Result<(), sqlx::Error> {
    seed_library_if_empty(db).await?;
    seed_people_if_empty(db).await
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

#[derive(serde::Deserialize)]
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
    // Hash off the async runtime: argon2 is deliberately slow.
    let hashes = tokio::task::spawn_blocking(|| {
        USERS
            .iter()
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
    sqlx::query("INSERT INTO programs (id, name) VALUES (1, 'Portico Partner Program')")
        .execute(&mut *tx)
        .await?;
    let mut partner_ids = Vec::with_capacity(PARTNERS.len());
    for p in PARTNERS {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO partners (name, tier, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(p.name)
        .bind(p.tier)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for m in p.motions {
            sqlx::query("INSERT INTO partner_motions (partner_id, motion) VALUES ($1, $2)")
                .bind(id)
                .bind(m)
                .execute(&mut *tx)
                .await?;
        }
        for c in p.territories {
            sqlx::query("INSERT INTO partner_territories (partner_id, country) VALUES ($1, $2)")
                .bind(id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
        }
        partner_ids.push(id);
    }
    for (u, hash) in USERS.iter().zip(hashes) {
        sqlx::query(
            "INSERT INTO users (email, name, role, partner_id, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(u.email)
        .bind(u.name)
        .bind(u.role)
        .bind(u.partner.map(|i| partner_ids[i]))
        .bind(hash)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    let mut user_ids = Vec::with_capacity(USERS.len());
    for u in USERS {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(u.email)
            .fetch_one(&mut *tx)
            .await?;
        user_ids.push(id);
    }
    for (partner, cert) in [
        (0usize, "Portico Certified Architect"),
        (1, "Portico Sales Professional"),
    ] {
        sqlx::query("INSERT INTO partner_certifications (partner_id, certification, earned_at) VALUES ($1, $2, $3)")
            .bind(partner_ids[partner])
            .bind(cert)
            .bind(at - 200 * DAY)
            .execute(&mut *tx)
            .await?;
    }
    for r in REGISTRATIONS {
        seed_registration(&mut tx, r, &partner_ids, &user_ids, at).await?;
    }
    seed_home(&mut tx, &partner_ids, &user_ids, at).await?;
    tx.commit().await?;
    tracing::info!(
        partners = PARTNERS.len(),
        users = USERS.len(),
        registrations = REGISTRATIONS.len(),
        "seeded demo data"
    );
    Ok(())
}

const HOUR: i64 = 3600;

/// A co-marketing fund: currency, allocated and claimed (minor units), the day it lapses.
type DemoFund = (&'static str, i64, i64, &'static str);

/// Per partner (in [`PARTNERS`] order): annual revenue in USD cents, whether the company profile
/// is confirmed, and the co-marketing fund (currency, allocated, claimed, lapses on).
const PARTNER_STANDING: [(i64, bool, Option<DemoFund>); 3] = [
    (
        135_000_000,
        true,
        Some(("USD", 5_000_000, 1_850_000, "2026-12-31")),
    ),
    (62_000_000, true, None),
    (4_000_000, false, None),
];

/// Demo announcements: title, body, lowest and highest tier rank, acknowledgement required, days ago.
const ANNOUNCEMENTS: &[(&str, &str, i64, i64, bool, i64)] = &[
    (
        "Register Q4 deals by December 15",
        "Registrations submitted after December 15 are decided in January. Register open opportunities now so their protection covers the year-end buying window.",
        0,
        2,
        true,
        2,
    ),
    (
        "New connector certification for Integration Hub",
        "Technology partners can now certify connectors in two weeks instead of six. The checklist is in the library under Integration certification.",
        0,
        2,
        false,
        9,
    ),
    (
        "Welcome to the Portico partner program",
        "Start with the onboarding guide in the library, confirm your company profile, and register your first deal: protection starts the day it is approved.",
        0,
        0,
        true,
        20,
    ),
    (
        "Updated margin structure for 2027",
        "From January 1, reseller margins gain a volume step at 500k. Read the margin structure in the library before quoting 2027 renewals.",
        1,
        2,
        true,
        4,
    ),
    (
        "Silver partners join the MDF pilot in January",
        "Silver partners with two approved registrations this year can apply for co-marketing funds from January 5.",
        1,
        1,
        false,
        6,
    ),
    (
        "Gold partner summit: save the date",
        "The Gold partner summit takes place on March 18–19, 2027 in Lisbon, with roadmap briefings and executive sponsor meetings.",
        2,
        2,
        false,
        1,
    ),
];

/// Standing data the tier home pages show: each partner's channel manager (Maya), revenue,
/// profile confirmation and co-marketing fund; and announcements per tier.
async fn seed_home(
    tx: &mut crate::db::Tx<'_>,
    partner_ids: &[i64],
    user_ids: &[i64],
    at: i64,
) -> Result<(), sqlx::Error> {
    let manager = USERS
        .iter()
        .position(|u| u.partner.is_none())
        .map(|i| user_ids[i]);
    for (id, (revenue, confirmed, mdf)) in partner_ids.iter().zip(PARTNER_STANDING) {
        sqlx::query(
            "UPDATE partners SET channel_manager_id = $1, annual_revenue_minor = $2, profile_confirmed_at = $3
              WHERE id = $4",
        )
        .bind(manager)
        .bind(revenue)
        .bind(confirmed.then_some(at - 100 * DAY))
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if let Some((currency, allocated, claimed, expires)) = mdf {
            sqlx::query(
                "INSERT INTO mdf_funds (partner_id, currency, allocated_minor, claimed_minor, expires_on)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(currency)
            .bind(allocated)
            .bind(claimed)
            .bind(expires)
            .execute(&mut **tx)
            .await?;
        }
    }
    for (title, body, min, max, ack, days_ago) in ANNOUNCEMENTS {
        let tier = ["bronze", "silver", "gold"][*min as usize];
        sqlx::query(
            "INSERT INTO announcements (title, body, min_tier, min_tier_rank, max_tier_rank, requires_ack, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(title)
        .bind(body)
        .bind(tier)
        .bind(min)
        .bind(max)
        .bind(*ack)
        .bind(at - days_ago * DAY)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A demo registration; times are relative to the seeding moment (negative = in the past).
pub struct DemoRegistration {
    pub partner: usize,
    /// Index into [`USERS`].
    pub submitter: usize,
    pub motion: Motion,
    pub category: &'static str,
    pub customer: (&'static str, &'static str, &'static str),
    pub contact: (&'static str, &'static str, &'static str),
    pub products: &'static [&'static str],
    pub value: i64,
    pub currency: &'static str,
    pub close_in_days: i64,
    pub incumbent: bool,
    pub notes: &'static str,
    pub submitted_ago: i64,
    pub state: DemoState,
    /// Vendor-internal: deal amount (whole units), discount band, margin %, internal notes, competitor notes.
    pub internal: (i64, &'static str, i64, &'static str, &'static str),
}

pub enum DemoState {
    Submitted,
    /// Approved `decided_ago` seconds ago, now in stage `stage` (index into the motion's stages).
    Approved {
        decided_ago: i64,
        stage: usize,
        next_step: &'static str,
    },
    Rejected {
        decided_ago: i64,
        reason: &'static str,
    },
    Expired {
        decided_ago: i64,
    },
    Won {
        decided_ago: i64,
    },
}

pub const REGISTRATIONS: &[DemoRegistration] = &[
    DemoRegistration {
        partner: 0,
        submitter: 1,
        motion: Motion::Reseller,
        category: "strategic_account",
        customer: ("Globex Corporation", "globex.com", "US"),
        contact: ("Hank Scorpio", "hank@globex.com", "CEO"),
        products: &["Portico Analytics", "Integration Hub"],
        value: 480_000,
        currency: "USD",
        close_in_days: 75,
        incumbent: false,
        notes: "Board approved a platform consolidation budget for Q1.",
        submitted_ago: 22 * DAY,
        state: DemoState::Approved {
            decided_ago: 20 * DAY,
            stage: 1,
            next_step: "Security review with Globex IT on Thursday",
        },
        internal: (
            455_000,
            "Tier B (15-20%)",
            22,
            "Pricing exception approved by VP Sales.",
            "Initrode is the incumbent; weak on integrations.",
        ),
    },
    DemoRegistration {
        partner: 0,
        submitter: 0,
        motion: Motion::Services,
        category: "standard",
        customer: ("Initech LLC", "initech.com", "US"),
        contact: ("Bill Lumbergh", "bill@initech.com", "VP Operations"),
        products: &["Implementation Services"],
        value: 120_000,
        currency: "USD",
        close_in_days: 45,
        incumbent: true,
        notes: "Extension of the 2025 rollout to two new sites.",
        submitted_ago: 10 * HOUR,
        state: DemoState::Submitted,
        internal: (
            118_000,
            "Tier A (10-15%)",
            30,
            "Renewal due in March.",
            "None known.",
        ),
    },
    DemoRegistration {
        partner: 0,
        submitter: 1,
        motion: Motion::Reseller,
        category: "standard",
        customer: ("Umbrella Health Ltd", "umbrella-health.co.uk", "GB"),
        contact: ("Alice Abernathy", "alice@umbrella-health.co.uk", "CIO"),
        products: &["Portico Analytics"],
        value: 210_000,
        currency: "GBP",
        close_in_days: 20,
        incumbent: false,
        notes: "Procurement wants a pilot first.",
        submitted_ago: 87 * DAY,
        state: DemoState::Approved {
            decided_ago: 85 * DAY,
            stage: 3,
            next_step: "Send the order form for signature",
        },
        internal: (
            199_500,
            "Tier B (15-20%)",
            18,
            "Expect push-back on support pricing.",
            "Competing with Cyberdyne Health.",
        ),
    },
    DemoRegistration {
        partner: 0,
        submitter: 0,
        motion: Motion::Reseller,
        category: "standard",
        customer: ("Stark Logistics Inc", "starklogistics.com", "CA"),
        contact: ("Pepper Potts", "pepper@starklogistics.com", "COO"),
        products: &["Integration Hub", "Support Plus"],
        value: 95_000,
        currency: "CAD",
        close_in_days: 1,
        incumbent: true,
        notes: "Closed after the Q3 pilot.",
        submitted_ago: 120 * DAY,
        state: DemoState::Won {
            decided_ago: 118 * DAY,
        },
        internal: (
            92_000,
            "Tier A (10-15%)",
            25,
            "Reference customer candidate.",
            "Displaced a home-grown tool.",
        ),
    },
    DemoRegistration {
        partner: 1,
        submitter: 2,
        motion: Motion::Reseller,
        category: "standard",
        customer: ("Nordwind Maschinenbau GmbH", "nordwind.de", "DE"),
        contact: ("Jana Krüger", "j.krueger@nordwind.de", "Head of IT"),
        products: &["Portico Analytics", "Support Plus"],
        value: 160_000,
        currency: "EUR",
        close_in_days: 60,
        incumbent: false,
        notes: "Distributor deal via our DE channel.",
        submitted_ago: 60 * HOUR,
        state: DemoState::Submitted,
        internal: (
            150_000,
            "Tier C (20-25%)",
            15,
            "Distributor margin applies.",
            "SAP partner also bidding.",
        ),
    },
    DemoRegistration {
        partner: 1,
        submitter: 2,
        motion: Motion::Reseller,
        category: "standard",
        customer: ("Müller Präzision AG", "mueller-praezision.ch", "CH"),
        contact: ("Lukas Meier", "lukas.meier@mueller-praezision.ch", "CFO"),
        products: &["Integration Hub"],
        value: 75_000,
        currency: "CHF",
        close_in_days: 30,
        incumbent: false,
        notes: "Quote requested for 3 plants.",
        submitted_ago: 42 * DAY,
        state: DemoState::Approved {
            decided_ago: 40 * DAY,
            stage: 2,
            next_step: "Finalise the quote with volume pricing",
        },
        internal: (
            71_000,
            "Tier B (15-20%)",
            20,
            "Swiss VAT handling needed.",
            "None known.",
        ),
    },
    DemoRegistration {
        partner: 1,
        submitter: 2,
        motion: Motion::Reseller,
        category: "standard",
        customer: ("Rheinland Energie SE", "rheinland-energie.de", "DE"),
        contact: (
            "Tobias Wolf",
            "t.wolf@rheinland-energie.de",
            "Procurement lead",
        ),
        products: &["Portico Analytics"],
        value: 300_000,
        currency: "EUR",
        close_in_days: 90,
        incumbent: false,
        notes: "Public tender, partner-led.",
        submitted_ago: 15 * DAY,
        state: DemoState::Rejected {
            decided_ago: 14 * DAY,
            reason: "This is a public tender the vendor bids on directly; partner registration does not apply.",
        },
        internal: (
            280_000,
            "Tier C (20-25%)",
            12,
            "Direct bid by enterprise team.",
            "Three bidders.",
        ),
    },
    DemoRegistration {
        partner: 2,
        submitter: 3,
        motion: Motion::Referral,
        category: "standard",
        customer: ("Hooli Inc", "hooli.com", "US"),
        contact: ("Gavin Belson", "gavin@hooli.com", "CEO"),
        products: &["Portico Analytics"],
        value: 60_000,
        currency: "USD",
        close_in_days: 40,
        incumbent: false,
        notes: "Warm introduction through a former colleague.",
        submitted_ago: 30 * HOUR,
        state: DemoState::Submitted,
        internal: (
            58_000,
            "Tier A (10-15%)",
            28,
            "Small first deal, big upside.",
            "None known.",
        ),
    },
    DemoRegistration {
        partner: 2,
        submitter: 3,
        motion: Motion::Referral,
        category: "standard",
        customer: ("Globex Corp.", "www.globex.com", "US"),
        contact: ("Mindy Simmons", "mindy@globex.com", "Security lead"),
        products: &["Security Add-on"],
        value: 40_000,
        currency: "USD",
        close_in_days: 50,
        incumbent: false,
        notes: "They asked us about security tooling.",
        submitted_ago: 2 * HOUR,
        state: DemoState::Submitted,
        internal: (
            38_000,
            "Tier A (10-15%)",
            30,
            "Overlaps Vertex's protected deal.",
            "None known.",
        ),
    },
    DemoRegistration {
        partner: 2,
        submitter: 3,
        motion: Motion::Referral,
        category: "standard",
        customer: ("Pied Piper", "piedpiper.com", "US"),
        contact: ("Richard Hendricks", "richard@piedpiper.com", "CEO"),
        products: &["Integration Hub"],
        value: 25_000,
        currency: "USD",
        close_in_days: 10,
        incumbent: false,
        notes: "Startup; budget uncertain.",
        submitted_ago: 105 * DAY,
        state: DemoState::Expired {
            decided_ago: 100 * DAY,
        },
        internal: (
            24_000,
            "Tier A (10-15%)",
            30,
            "Let it lapse.",
            "None known.",
        ),
    },
];

async fn seed_registration(
    tx: &mut crate::db::Tx<'_>,
    r: &DemoRegistration,
    partner_ids: &[i64],
    user_ids: &[i64],
    at: i64,
) -> Result<(), sqlx::Error> {
    let submitted_at = at - r.submitted_ago;
    let close = domain::date::format_date(at + r.close_in_days * DAY);
    let (status, stage, next_step, start, end, decided, reason, last) = match r.state {
        DemoState::Submitted => (
            "submitted",
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
            let d = at - decided_ago;
            (
                "approved",
                Some(r.motion.stages()[stage]),
                Some(next_step),
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
            let d = at - decided_ago;
            ("rejected", None, None, None, None, Some(d), Some(reason), d)
        }
        DemoState::Expired { decided_ago } => {
            let d = at - decided_ago;
            (
                "expired",
                Some(r.motion.stages()[1]),
                None,
                Some(d),
                Some(d + 90 * DAY),
                Some(d),
                None,
                d + 90 * DAY,
            )
        }
        DemoState::Won { decided_ago } => {
            let d = at - decided_ago;
            (
                "won",
                Some(r.motion.stages()[4]),
                None,
                Some(d),
                Some(d + 90 * DAY),
                Some(d),
                None,
                at - 3 * DAY,
            )
        }
    };
    let conflict = if r.customer.1.contains("globex") && r.partner == 2 {
        "active"
    } else {
        "none"
    };
    let id = crate::registrations::new_id(tx).await?;
    let key = domain::customer::CustomerKey::new(r.customer.0, r.customer.1, r.customer.2);
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
    .bind(partner_ids[r.partner])
    .bind(user_ids[r.submitter])
    .bind(r.motion.as_str())
    .bind(r.category)
    .bind(r.customer.0)
    .bind(registrable_domain(r.customer.1).unwrap_or_default())
    .bind(&key.name)
    .bind(r.customer.2)
    .bind(r.contact.0)
    .bind(r.contact.1)
    .bind(r.contact.2)
    .bind(serde_json::to_string(r.products).unwrap_or_default())
    .bind(r.value * 100)
    .bind(r.currency)
    .bind(close)
    .bind(r.incumbent)
    .bind(r.notes)
    .bind(status)
    .bind(stage)
    .bind(stage.map(|_| "Maya Chen"))
    .bind(next_step)
    .bind(start)
    .bind(end)
    .bind(conflict)
    .bind(reason)
    .bind(submitted_at)
    .bind(decided)
    .bind(last)
    .bind(r.internal.0 * 100)
    .bind(r.internal.1)
    .bind(r.internal.2)
    .bind(r.internal.3)
    .bind(r.internal.4)
    .bind(id)
    .bind(key.domain.as_deref().unwrap_or(""))
    .bind(crate::registrations::CUSTOMER_KEY_VERSION)
    .fetch_one(&mut **tx)
    .await?;
    let manager = user_ids[USERS.len() - 1];
    let mut events = vec![
        AuditEvent::new(AuditAction::RegistrationSubmitted, id)
            .at(submitted_at)
            .by(user_ids[r.submitter])
            .after(serde_json::json!({ "status": "submitted" })),
    ];
    if let Some(d) = decided {
        let (action, to) = if status == "rejected" {
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
                .by(manager)
                .before(serde_json::json!({ "status": "submitted" }))
                .after(after),
        );
    }
    if status == "expired" {
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

/// Adds `count` deterministic synthetic deals submitted by `email` (for benchmarks: big
/// pipelines and load tests). Skipped when that user already has that many registrations.
pub async fn synthetic_deals(db: &Db, count: usize, email: &str) -> Result<(), sqlx::Error> {
    let Some((user_id, partner_id)): Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, partner_id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?
    else {
        return Err(sqlx::Error::Protocol(format!(
            "no user {email} for synthetic deals"
        )));
    };
    let partner_id = partner_id
        .ok_or_else(|| sqlx::Error::Protocol(format!("{email} is not a partner user")))?;
    let (have,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE submitted_by = $1")
            .bind(user_id)
            .fetch_one(db)
            .await?;
    if have as usize >= count {
        return Ok(());
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
    for i in have as usize..count {
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
    Ok(())
}
