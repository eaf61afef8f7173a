//! Tier home pages as program data: which widgets each tier's home shows, in what order and how
//! wide ([`layout`]), and the wire types of each widget's data. The server fills in only the
//! widgets of the caller's tier, so a partner never receives another tier's widget data; the
//! browser draws whatever layout it is given, with no tier branching of its own.

use crate::commission::{CommissionSummary, CurrencySummary};
use crate::date::Date;
use crate::library::AssetRef;
use crate::motion::Motion;
use crate::registration::{DAY, HOUR, Status, registration_number};
use crate::tier::Tier;
use crate::views::CommissionLineView;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A block on a home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Widget {
    /// Registrations awaiting a decision (with their SLA clock), protections expiring soon.
    NeedsAttention,
    /// Gold: the partner's dedicated channel manager.
    ChannelManager,
    /// Gold: the co-marketing fund (MDF) balance.
    MdfBalance,
    /// Gold: registration categories only Gold partners may use.
    ExclusiveCategories,
    /// Gold: certifications open to Gold partners before everyone else.
    EarlyAccessCertifications,
    /// Deal counts and value by status.
    PipelineSummary,
    /// A small chart of deals by stage.
    DealsByStage,
    /// Silver: library content for the partner's motions.
    RecommendedContent,
    /// Progress toward the next tier, criterion by criterion.
    TierProgress,
    /// Bronze: first steps that tick themselves from real activity.
    OnboardingChecklist,
    /// Bronze: content for getting started.
    GettingStarted,
    /// Gold and Silver: commissions this year per currency (earned, paid, pending).
    Earnings,
    /// Announcements for the tier, with read and acknowledgement.
    Announcements,
}

/// How much of the page's width a widget takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Span {
    Full,
    Half,
    Third,
}

/// One place on a home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    pub widget: Widget,
    pub span: Span,
}

const fn slot(widget: Widget, span: Span) -> Slot {
    Slot { widget, span }
}

/// The program's home layouts: Gold leads with its people and money, Silver with pipeline and
/// the road to Gold, Bronze with getting started.
const GOLD: &[Slot] = &[
    slot(Widget::ChannelManager, Span::Third),
    slot(Widget::MdfBalance, Span::Third),
    slot(Widget::PipelineSummary, Span::Third),
    slot(Widget::NeedsAttention, Span::Full),
    slot(Widget::Earnings, Span::Half),
    slot(Widget::DealsByStage, Span::Half),
    slot(Widget::ExclusiveCategories, Span::Half),
    slot(Widget::EarlyAccessCertifications, Span::Half),
    slot(Widget::Announcements, Span::Full),
];
const SILVER: &[Slot] = &[
    slot(Widget::PipelineSummary, Span::Half),
    slot(Widget::DealsByStage, Span::Half),
    slot(Widget::NeedsAttention, Span::Half),
    slot(Widget::Earnings, Span::Half),
    slot(Widget::TierProgress, Span::Half),
    slot(Widget::RecommendedContent, Span::Half),
    slot(Widget::Announcements, Span::Full),
];
const BRONZE: &[Slot] = &[
    slot(Widget::OnboardingChecklist, Span::Half),
    slot(Widget::TierProgress, Span::Half),
    slot(Widget::NeedsAttention, Span::Full),
    slot(Widget::GettingStarted, Span::Half),
    slot(Widget::DealsByStage, Span::Half),
    slot(Widget::Announcements, Span::Full),
];

/// The home layout of `tier`, in page order.
pub fn layout(tier: Tier) -> &'static [Slot] {
    match tier {
        Tier::Gold => GOLD,
        Tier::Silver => SILVER,
        Tier::Bronze => BRONZE,
    }
}

/// A registration that needs the partner's attention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionItem {
    pub id: i64,
    pub number: String,
    pub customer: String,
    /// Awaiting a decision: when it was submitted (Unix seconds).
    pub submitted_at: Option<i64>,
    /// Awaiting a decision: when the decision is due.
    pub decision_due_at: Option<i64>,
    /// Expiring: when protection ends.
    pub protection_end: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedsAttention {
    pub awaiting_decision: Vec<AttentionItem>,
    pub expiring_soon: Vec<AttentionItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelManagerCard {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MdfBalance {
    pub currency: String,
    pub allocated_minor: i64,
    pub claimed_minor: i64,
    /// `YYYY-MM-DD`: unclaimed funds lapse after this day.
    pub expires_on: String,
}

impl MdfBalance {
    pub fn available_minor(&self) -> i64 {
        (self.allocated_minor - self.claimed_minor).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedItem {
    pub name: String,
    pub description: String,
}

/// Counts of the caller's deals by status, and the value still open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineSummary {
    pub submitted: i64,
    pub approved: i64,
    pub won: i64,
    pub lost_or_expired: i64,
    /// Estimated value of submitted and approved deals, per currency.
    pub open_value: Vec<Amount>,
}

/// A sum of money in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Amount {
    pub currency: String,
    pub minor: i64,
}

/// Deals per stage of one motion, for a small chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCount {
    pub motion: Motion,
    pub stage: String,
    pub deals: i64,
}

/// A measure the program uses to place partners in tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Annual revenue through the program, in USD cents.
    AnnualRevenue,
    /// Registrations approved in the last twelve months.
    ApprovedRegistrations,
    /// Certifications held by the partner.
    Certifications,
}

impl Criterion {
    pub fn parse(s: &str) -> Option<Criterion> {
        match s {
            "annual_revenue" => Some(Criterion::AnnualRevenue),
            "approved_registrations" => Some(Criterion::ApprovedRegistrations),
            "certifications" => Some(Criterion::Certifications),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionProgress {
    pub criterion: Criterion,
    pub current: i64,
    pub target: i64,
}

impl CriterionProgress {
    /// Whole percent of the target reached, 0–100.
    pub fn percent(&self) -> u8 {
        if self.target <= 0 || self.current >= self.target {
            100
        } else {
            ((self.current.max(0) as i128 * 100) / self.target as i128) as u8
        }
    }

    pub fn met(&self) -> bool {
        self.current >= self.target
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierProgress {
    pub next_tier: Tier,
    pub criteria: Vec<CriterionProgress>,
}

/// A first step of onboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    /// The partner's company profile (motions, territories) confirmed.
    Profile,
    /// A library asset opened.
    FirstContent,
    /// A deal registered.
    FirstRegistration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnboardingItem {
    pub step: OnboardingStep,
    pub done: bool,
}

/// The company profile a partner confirms during onboarding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyProfile {
    pub motions: Vec<Motion>,
    /// ISO country codes.
    pub territories: Vec<String>,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Onboarding {
    pub items: Vec<OnboardingItem>,
    pub profile: CompanyProfile,
}

/// An announcement as its reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_at: i64,
    pub requires_ack: bool,
    pub read: bool,
    pub acknowledged_at: Option<i64>,
}

/// One widget's data; the variant says which widget it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "widget", content = "data", rename_all = "snake_case")]
pub enum WidgetData {
    NeedsAttention(NeedsAttention),
    ChannelManager(Option<ChannelManagerCard>),
    MdfBalance(Option<MdfBalance>),
    ExclusiveCategories(Vec<NamedItem>),
    EarlyAccessCertifications(Vec<NamedItem>),
    PipelineSummary(PipelineSummary),
    DealsByStage(Vec<StageCount>),
    RecommendedContent(Vec<AssetRef>),
    TierProgress(Option<TierProgress>),
    OnboardingChecklist(Onboarding),
    GettingStarted(Vec<AssetRef>),
    /// Per currency (sorted by code), only those with something earned or paid this year or
    /// pending: the partner reads `earned_year_minor`, `paid_year_minor` and `pending_minor`.
    Earnings(Vec<CurrencySummary>),
    Announcements(Vec<AnnouncementView>),
}

impl WidgetData {
    /// Which widget this data belongs to.
    pub fn widget(&self) -> Widget {
        match self {
            WidgetData::NeedsAttention(_) => Widget::NeedsAttention,
            WidgetData::ChannelManager(_) => Widget::ChannelManager,
            WidgetData::MdfBalance(_) => Widget::MdfBalance,
            WidgetData::ExclusiveCategories(_) => Widget::ExclusiveCategories,
            WidgetData::EarlyAccessCertifications(_) => Widget::EarlyAccessCertifications,
            WidgetData::PipelineSummary(_) => Widget::PipelineSummary,
            WidgetData::DealsByStage(_) => Widget::DealsByStage,
            WidgetData::RecommendedContent(_) => Widget::RecommendedContent,
            WidgetData::TierProgress(_) => Widget::TierProgress,
            WidgetData::OnboardingChecklist(_) => Widget::OnboardingChecklist,
            WidgetData::GettingStarted(_) => Widget::GettingStarted,
            WidgetData::Earnings(_) => Widget::Earnings,
            WidgetData::Announcements(_) => Widget::Announcements,
        }
    }
}

/// A partner's home page: its tier's layout and exactly those widgets' data, in layout order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeView {
    pub tier: Tier,
    pub layout: Vec<Slot>,
    pub widgets: Vec<WidgetData>,
}

/// Who acknowledged an announcement (channel managers' view).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub user_name: String,
    pub partner_name: String,
    pub at: i64,
}

/// An announcement with its reach, as channel managers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedAnnouncement {
    pub id: i64,
    pub title: String,
    pub min_tier: Tier,
    pub requires_ack: bool,
    pub published_at: i64,
    /// People who opened it.
    pub reads: i64,
    pub acknowledgements: Vec<Acknowledgement>,
}

/// Protections ending within this many days need the partner's attention.
pub const EXPIRING_DAYS: i64 = 7;

/// What the home page's rules need to know of one of the caller's registrations.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeDeal {
    pub id: i64,
    pub customer: String,
    /// The status as of now ([`Status::at`]: an approval whose protection ended is expired).
    pub status: Status,
    pub submitted_at: i64,
    pub protection_end: Option<i64>,
    pub currency: String,
    pub value_minor: i64,
}

impl NeedsAttention {
    /// Registrations awaiting a decision, soonest due first (due `sla_hours` after submission),
    /// and — only while the program shares protection — approved ones whose protection ends
    /// within [`EXPIRING_DAYS`], soonest first.
    pub fn of(deals: &[HomeDeal], protection_shared: bool, sla_hours: i64, at: i64) -> Self {
        let item = |d: &HomeDeal| AttentionItem {
            id: d.id,
            number: registration_number(d.id),
            customer: d.customer.clone(),
            submitted_at: None,
            decision_due_at: None,
            protection_end: None,
        };
        let mut awaiting: Vec<AttentionItem> = deals
            .iter()
            .filter(|d| d.status == Status::Submitted)
            .map(|d| AttentionItem {
                submitted_at: Some(d.submitted_at),
                decision_due_at: Some(d.submitted_at + sla_hours * HOUR),
                ..item(d)
            })
            .collect();
        awaiting.sort_by_key(|a| a.decision_due_at);
        let mut expiring: Vec<AttentionItem> = deals
            .iter()
            .filter(|d| {
                protection_shared
                    && d.status == Status::Approved
                    && d.protection_end
                        .is_some_and(|end| end - at <= EXPIRING_DAYS * DAY)
            })
            .map(|d| AttentionItem {
                protection_end: d.protection_end,
                ..item(d)
            })
            .collect();
        expiring.sort_by_key(|a| a.protection_end);
        NeedsAttention {
            awaiting_decision: awaiting,
            expiring_soon: expiring,
        }
    }
}

impl PipelineSummary {
    /// Counts by status (rejected, lost and expired together) and the estimated value still
    /// open (submitted and approved), per currency — never summed across currencies.
    pub fn of(deals: &[HomeDeal]) -> Self {
        let mut s = PipelineSummary {
            submitted: 0,
            approved: 0,
            won: 0,
            lost_or_expired: 0,
            open_value: Vec::new(),
        };
        let mut open: BTreeMap<&str, i64> = BTreeMap::new();
        for d in deals {
            match d.status {
                Status::Submitted => s.submitted += 1,
                Status::Approved => s.approved += 1,
                Status::Won => s.won += 1,
                Status::Lost | Status::Expired | Status::Rejected => s.lost_or_expired += 1,
            }
            if matches!(d.status, Status::Submitted | Status::Approved) {
                *open.entry(&d.currency).or_default() += d.value_minor;
            }
        }
        s.open_value = open
            .into_iter()
            .map(|(currency, minor)| Amount {
                currency: currency.to_owned(),
                minor,
            })
            .collect();
        s
    }
}

/// The "Commissions this year" widget's figures: [`CommissionSummary::of`] the caller's
/// visible lines as of `today`, keeping the currencies with something earned or paid this year
/// or pending (a currency whose lines all closed in earlier years shows nothing).
pub fn earnings(lines: &[CommissionLineView], today: Date) -> Vec<CurrencySummary> {
    CommissionSummary::of(lines, today)
        .currencies
        .into_iter()
        .filter(|c| c.earned_year_minor != 0 || c.paid_year_minor != 0 || c.pending_minor != 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn deal(
        id: i64,
        status: Status,
        submitted_at: i64,
        end: Option<i64>,
        value: (&str, i64),
    ) -> HomeDeal {
        HomeDeal {
            id,
            customer: format!("Customer {id}"),
            status,
            submitted_at,
            protection_end: end,
            currency: value.0.to_owned(),
            value_minor: value.1,
        }
    }

    #[test]
    fn attention_lists_the_soonest_due_first_and_expiring_only_when_protection_is_shared() {
        let at = 1_000 * DAY;
        let deals = [
            deal(1, Status::Submitted, at - 2 * HOUR, None, ("USD", 100)),
            deal(2, Status::Submitted, at - 30 * HOUR, None, ("USD", 100)),
            deal(
                3,
                Status::Approved,
                at - 90 * DAY,
                Some(at + 7 * DAY),
                ("USD", 100),
            ),
            deal(
                4,
                Status::Approved,
                at - 90 * DAY,
                Some(at + 7 * DAY + 1),
                ("USD", 100),
            ),
            deal(
                5,
                Status::Approved,
                at - 90 * DAY,
                Some(at + DAY),
                ("USD", 100),
            ),
            deal(6, Status::Won, at - 90 * DAY, Some(at + DAY), ("USD", 100)),
        ];
        let n = NeedsAttention::of(&deals, true, 48, at);
        let ids = |items: &[AttentionItem]| items.iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(ids(&n.awaiting_decision), [2, 1]);
        assert_eq!(n.awaiting_decision[0].decision_due_at, Some(at + 18 * HOUR));
        assert_eq!(n.awaiting_decision[0].protection_end, None);
        // Exactly 7 days counts; a second more does not; won deals need nothing.
        assert_eq!(ids(&n.expiring_soon), [5, 3]);
        assert_eq!(n.expiring_soon[0].submitted_at, None);
        assert_eq!(n.expiring_soon[1].number, registration_number(3));
        let hidden = NeedsAttention::of(&deals, false, 48, at);
        assert!(hidden.expiring_soon.is_empty());
        assert_eq!(ids(&hidden.awaiting_decision), [2, 1]);
    }

    #[test]
    fn the_summary_counts_by_status_and_keeps_currencies_apart() {
        let deals = [
            deal(1, Status::Submitted, 0, None, ("USD", 100)),
            deal(2, Status::Approved, 0, None, ("EUR", 250)),
            deal(3, Status::Approved, 0, None, ("USD", 50)),
            deal(4, Status::Won, 0, None, ("USD", 1_000)),
            deal(5, Status::Lost, 0, None, ("USD", 7)),
            deal(6, Status::Expired, 0, None, ("USD", 7)),
            deal(7, Status::Rejected, 0, None, ("USD", 7)),
        ];
        let s = PipelineSummary::of(&deals);
        assert_eq!(
            (s.submitted, s.approved, s.won, s.lost_or_expired),
            (1, 2, 1, 3)
        );
        let amount = |currency: &str, minor| Amount {
            currency: currency.to_owned(),
            minor,
        };
        assert_eq!(s.open_value, [amount("EUR", 250), amount("USD", 150)]);
        assert_eq!(PipelineSummary::of(&[]).open_value, []);
    }

    #[test]
    fn tiers_differ_in_content_and_every_tier_has_the_common_widgets() {
        for tier in Tier::ALL {
            let widgets: Vec<Widget> = layout(tier).iter().map(|s| s.widget).collect();
            for common in [
                Widget::NeedsAttention,
                Widget::Announcements,
                Widget::DealsByStage,
            ] {
                assert!(widgets.contains(&common), "{tier} lacks {common:?}");
            }
            let unique: HashSet<_> = widgets.iter().collect();
            assert_eq!(unique.len(), widgets.len(), "{tier} repeats a widget");
        }
        assert!(
            layout(Tier::Gold)
                .iter()
                .any(|s| s.widget == Widget::MdfBalance)
        );
        assert!(
            !layout(Tier::Silver)
                .iter()
                .any(|s| s.widget == Widget::MdfBalance)
        );
        assert!(
            layout(Tier::Bronze)
                .iter()
                .any(|s| s.widget == Widget::OnboardingChecklist)
        );
        assert_ne!(layout(Tier::Gold)[0].widget, layout(Tier::Bronze)[0].widget);
        let has_earnings = |tier| layout(tier).iter().any(|s| s.widget == Widget::Earnings);
        assert!(has_earnings(Tier::Gold) && has_earnings(Tier::Silver));
        assert!(!has_earnings(Tier::Bronze));
    }

    #[test]
    fn every_layout_fills_whole_rows_of_the_six_column_grid() {
        for tier in Tier::ALL {
            let mut row = 0;
            for s in layout(tier) {
                let columns = match s.span {
                    Span::Full => 6,
                    Span::Half => 3,
                    Span::Third => 2,
                };
                assert!(
                    row + columns <= 6,
                    "{tier}: {:?} overflows its row",
                    s.widget
                );
                row = (row + columns) % 6;
            }
            assert_eq!(row, 0, "{tier} ends with a part-filled row");
        }
    }

    #[test]
    fn earnings_are_this_years_per_currency_and_skip_currencies_with_nothing_this_year() {
        use crate::commission::{LineKind, LineStatus};
        let line = |id, status, amount, currency: &str, close: &str| CommissionLineView {
            id,
            registration_id: 1,
            customer: "Globex".into(),
            kind: LineKind::Base,
            plan_kind: None,
            spiff_name: None,
            rate_bp: 1_000,
            attribution_percent: 100,
            base_minor: amount * 10,
            amount_minor: amount,
            currency: currency.into(),
            status,
            decline_reason: None,
            close_date: close.into(),
            statement_id: None,
        };
        let mut clawback = line(4, LineStatus::Approved, -30, "USD", "2026-03-01");
        clawback.kind = LineKind::Adjustment;
        let lines = [
            line(1, LineStatus::Paid, 500, "CAD", "2026-01-10"),
            line(2, LineStatus::Paid, 900, "CAD", "2025-12-31"),
            line(3, LineStatus::Approved, 100, "USD", "2026-02-01"),
            clawback,
            line(5, LineStatus::New, 70, "USD", "2026-04-01"),
            line(6, LineStatus::OnHold, 5, "USD", "2025-04-01"),
            line(7, LineStatus::Paid, 800, "EUR", "2025-06-01"),
            line(8, LineStatus::Declined, 60, "GBP", "2026-04-01"),
        ];
        let today = Date::parse_iso("2026-11-21").unwrap();
        let got: Vec<_> = earnings(&lines, today)
            .iter()
            .map(|c| {
                (
                    c.currency.clone(),
                    c.earned_year_minor,
                    c.paid_year_minor,
                    c.pending_minor,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("CAD".to_owned(), 500, 500, 0),
                ("USD".to_owned(), 70, 0, 75),
            ]
        );
        assert_eq!(earnings(&[], today), []);
    }

    #[test]
    fn progress_is_capped_and_never_divides_by_zero() {
        let p = |current, target| CriterionProgress {
            criterion: Criterion::Certifications,
            current,
            target,
        };
        assert_eq!(p(1, 2).percent(), 50);
        assert_eq!(p(5, 2).percent(), 100);
        assert_eq!(p(0, 0).percent(), 100);
        assert_eq!(p(-3, 10).percent(), 0);
        assert!(p(2, 2).met());
        assert!(!p(1, 2).met());
    }

    #[test]
    fn widget_data_names_its_widget_on_the_wire() {
        let w = WidgetData::MdfBalance(None);
        assert_eq!(w.widget(), Widget::MdfBalance);
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["widget"], "mdf_balance");
        let w = WidgetData::Earnings(Vec::new());
        assert_eq!(w.widget(), Widget::Earnings);
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["widget"], "earnings");
        assert_eq!(serde_json::from_value::<WidgetData>(json).unwrap(), w);
    }
}
