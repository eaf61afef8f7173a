//! Commission lines: what a won deal earns ([`lines_for_won`]), the line lifecycle
//! ([`line_transition`]) and the clawback rule ([`clawback`]).
//!
//! Every line carries the base, rate and attribution it was computed with, and its amount is
//! always [`share`]`(base_minor, rate_bp, attribution_percent)`: a plan changed later changes no
//! line, and anyone can check a line from its own fields. A correction is a new line of kind
//! [`LineKind::Adjustment`], never an edit.

use super::plan::{CommissionPlan, Spiff, plan_for};
use super::{FULL_RATE_BP, amount_problem, currency_problem, share};
use crate::date::Date;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::motion::Motion;
use crate::registration::Attribution;
use crate::tier::Tier;
use crate::views::validate_reason;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A deal marked won, with what its commission depends on. The server assembles it from the
/// registration (motion, attribution, incumbent), the partner's tier on the close date and the
/// channel manager's [`MarkWonRequest`](crate::views::MarkWonRequest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WonDeal {
    pub registration_id: i64,
    pub motion: Motion,
    pub tier: Tier,
    pub attribution: Attribution,
    /// 1 to 100.
    pub attribution_percent: u8,
    /// The partner already served the customer.
    pub incumbent: bool,
    /// The commission base: the deal's first-year value, in minor units.
    pub first_year_value_minor: i64,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub close_date: String,
}

impl WonDeal {
    /// Checks the values commissions are computed from; errors are keyed by field name:
    /// `first_year_value_minor` (more than zero, within the program's limit), `currency` (three
    /// capital letters), `close_date` (`YYYY-MM-DD`), `attribution_percent` (1 to 100).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(m) = amount_problem(self.first_year_value_minor) {
            errors.insert("first_year_value_minor".into(), m);
        }
        if let Some(m) = currency_problem(&self.currency) {
            errors.insert("currency".into(), m);
        }
        if Date::parse_iso(&self.close_date).is_none() {
            errors.insert("close_date".into(), Message::NotADate);
        }
        if !(1..=100).contains(&self.attribution_percent) {
            errors.insert(
                "attribution_percent".into(),
                Message::WholeNumber { min: 1, max: 100 },
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// What a line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The plan's rate on the deal's first-year value.
    Base,
    /// A SPIFF's flat bonus.
    Spiff,
    /// A correction (a clawback, a manager's correction).
    Adjustment,
    /// A statement's negative balance, taken by the next statement of the currency. The same
    /// money as the clawbacks that caused it: it counts in statements, never again in what was
    /// earned.
    CarriedForward,
}

impl LineKind {
    pub const ALL: [LineKind; 4] = [
        LineKind::Base,
        LineKind::Spiff,
        LineKind::Adjustment,
        LineKind::CarriedForward,
    ];

    /// Whether a statement counts it among its adjustments (not its earned lines).
    pub fn is_adjustment(self) -> bool {
        matches!(self, LineKind::Adjustment | LineKind::CarriedForward)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Base => "base",
            LineKind::Spiff => "spiff",
            LineKind::Adjustment => "adjustment",
            LineKind::CarriedForward => "carried_forward",
        }
    }

    /// The catalog id of its name (`commission.line.base`).
    pub fn label_id(self) -> &'static str {
        match self {
            LineKind::Base => "commission.line.base",
            LineKind::Spiff => "commission.line.spiff",
            LineKind::Adjustment => "commission.line.adjustment",
            LineKind::CarriedForward => "commission.line.carried_forward",
        }
    }

    pub fn parse(s: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for LineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A line to be stored (status `new`). `amount_minor` is always
/// `share(base_minor, rate_bp, attribution_percent)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub kind: LineKind,
    /// The plan a base line was computed with.
    pub plan_id: Option<i64>,
    /// The SPIFF a SPIFF line pays.
    pub spiff_id: Option<i64>,
    pub base_minor: i64,
    pub rate_bp: u32,
    pub attribution_percent: u8,
    pub amount_minor: i64,
    pub currency: String,
    /// A person's reason, for adjustments.
    pub reason: Option<String>,
}

impl NewLine {
    /// A correction of `amount_minor` (negative takes money back): base = amount, rate 100 %,
    /// attribution 100 %, so the amount rule holds for it too.
    pub fn adjustment(amount_minor: i64, currency: &str, reason: Option<String>) -> NewLine {
        NewLine {
            kind: LineKind::Adjustment,
            plan_id: None,
            spiff_id: None,
            base_minor: amount_minor,
            rate_bp: FULL_RATE_BP,
            attribution_percent: 100,
            amount_minor,
            currency: currency.to_owned(),
            reason,
        }
    }
}

/// The lines a won deal earns, in order: the base line, then one line per SPIFF (by id).
///
/// - **Base**: the plan in force on the close date ([`plan_for`]) × the deal's first-year value
///   × its attribution percent, by [`share`]. No plan, no base line.
/// - **SPIFFs**: every SPIFF that runs on the close date and whose criteria hold, in full. A
///   SPIFF in **another currency than the deal's is skipped**: Portico never converts money
///   silently (the program writes a SPIFF per currency it pays in).
/// - A line that would be zero (a 0 % plan, rounding to nothing, a zero SPIFF) is left out.
///
/// Validate the deal first ([`WonDeal::validate`]): a close date that does not read earns no line.
pub fn lines_for_won(deal: &WonDeal, plans: &[CommissionPlan], spiffs: &[Spiff]) -> Vec<NewLine> {
    let Some(close) = Date::parse_iso(&deal.close_date) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(plan) = plan_for(plans, deal.motion, deal.tier, deal.attribution, close) {
        let amount = share(
            deal.first_year_value_minor,
            plan.rate_bp,
            deal.attribution_percent,
        );
        if amount != 0 {
            lines.push(NewLine {
                kind: LineKind::Base,
                plan_id: Some(plan.id),
                spiff_id: None,
                base_minor: deal.first_year_value_minor,
                rate_bp: plan.rate_bp,
                attribution_percent: deal.attribution_percent,
                amount_minor: amount,
                currency: deal.currency.clone(),
                reason: None,
            });
        }
    }
    let mut rewarding: Vec<&Spiff> = spiffs
        .iter()
        .filter(|s| s.currency == deal.currency && s.amount_minor > 0 && s.applies_to(deal, close))
        .collect();
    rewarding.sort_by_key(|s| s.id);
    lines.extend(rewarding.into_iter().map(|s| NewLine {
        kind: LineKind::Spiff,
        plan_id: None,
        spiff_id: Some(s.id),
        base_minor: s.amount_minor,
        rate_bp: FULL_RATE_BP,
        attribution_percent: 100,
        amount_minor: s.amount_minor,
        currency: s.currency.clone(),
        reason: None,
    }));
    lines
}

/// Where a commission line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Computed, awaiting a channel manager's decision.
    New,
    /// Will be paid with the next statement of its currency.
    Approved,
    /// Will not be paid (with a reason the partner reads).
    Declined,
    /// Waiting for something (a signed order, a payment from the customer).
    OnHold,
    /// Paid with an issued statement.
    Paid,
}

impl LineStatus {
    pub const ALL: [LineStatus; 5] = [
        LineStatus::New,
        LineStatus::Approved,
        LineStatus::Declined,
        LineStatus::OnHold,
        LineStatus::Paid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::New => "new",
            LineStatus::Approved => "approved",
            LineStatus::Declined => "declined",
            LineStatus::OnHold => "on_hold",
            LineStatus::Paid => "paid",
        }
    }

    /// The catalog id of its name (`commission.status.on_hold`).
    pub fn label_id(self) -> &'static str {
        match self {
            LineStatus::New => "commission.status.new",
            LineStatus::Approved => "commission.status.approved",
            LineStatus::Declined => "commission.status.declined",
            LineStatus::OnHold => "commission.status.on_hold",
            LineStatus::Paid => "commission.status.paid",
        }
    }

    pub fn parse(s: &str) -> Option<LineStatus> {
        LineStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl fmt::Display for LineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a channel manager (or issuing a statement's payment) does to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineAction {
    Approve,
    /// Needs a reason ([`validate_decline_reason`]).
    Decline,
    Hold,
    /// Only through an issued statement's payment.
    Pay,
}

impl LineAction {
    pub const ALL: [LineAction; 4] = [
        LineAction::Approve,
        LineAction::Decline,
        LineAction::Hold,
        LineAction::Pay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineAction::Approve => "approve",
            LineAction::Decline => "decline",
            LineAction::Hold => "hold",
            LineAction::Pay => "pay",
        }
    }

    pub fn parse(s: &str) -> Option<LineAction> {
        LineAction::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The line lifecycle; anything else is refused with the message named:
///
/// - `new` → `approved` (approve), `declined` (decline), `on_hold` (hold); pay:
///   `err.line_not_approved`.
/// - `on_hold` → `approved`, `declined`; hold again: `err.line_already_on_hold`; pay:
///   `err.line_not_approved`.
/// - `approved` → `paid` (pay) only when the line is on an issued statement
///   (`on_issued_statement`), else `err.line_not_on_issued_statement`; approve, decline or hold:
///   `err.line_already_approved`.
/// - `declined`: `err.line_declined`; `paid`: `err.line_paid`, whatever the action.
///
/// Approved, declined and paid lines are settled: a correction is an adjustment line. A decline
/// also needs a reason ([`validate_decline_reason`]).
pub fn line_transition(
    status: LineStatus,
    action: LineAction,
    on_issued_statement: bool,
) -> Result<LineStatus, Message> {
    use LineAction::*;
    use LineStatus::*;
    match (status, action) {
        (New | OnHold, Approve) => Ok(Approved),
        (New | OnHold, Decline) => Ok(Declined),
        (New, Hold) => Ok(OnHold),
        (OnHold, Hold) => Err(Message::LineAlreadyOnHold),
        (New | OnHold, Pay) => Err(Message::LineNotApproved),
        (Approved, Pay) if on_issued_statement => Ok(Paid),
        (Approved, Pay) => Err(Message::LineNotOnIssuedStatement),
        (Approved, _) => Err(Message::LineAlreadyApproved),
        (Declined, _) => Err(Message::LineDeclined),
        (Paid, _) => Err(Message::LinePaid),
    }
}

/// A decline's reason, which the partner reads: the registration decisions' rule
/// ([`validate_reason`]: 5 to 1000 characters, line breaks but no other control characters),
/// keyed `reason`. A missing reason is an empty one.
pub fn validate_decline_reason(reason: Option<&str>) -> Result<String, FieldErrors> {
    validate_reason(reason.unwrap_or_default(), "reason")
}

/// What a won deal reversed on `reversed_on` (cancelled, refunded, lost to a credit) takes back
/// from a line of `line_amount_minor`: the amount negated, as an adjustment, when the reversal
/// comes at most `window_days` days after `close_date` (the last day of the window included;
/// a reversal dated before the close counts as within it). After the window, or for a zero
/// line, nothing: `None`.
pub fn clawback(
    line_amount_minor: i64,
    close_date: Date,
    reversed_on: Date,
    window_days: u32,
) -> Option<i64> {
    let days_after_close = reversed_on.to_days() - close_date.to_days();
    (line_amount_minor != 0 && days_after_close <= i64::from(window_days))
        .then(|| line_amount_minor.saturating_neg())
}

#[cfg(test)]
mod tests {
    use super::super::plan::SpiffCriteria;
    use super::super::plan::tests::{day, plan};
    use super::*;

    fn deal() -> WonDeal {
        WonDeal {
            registration_id: 42,
            motion: Motion::Reseller,
            tier: Tier::Gold,
            attribution: Attribution::Sourced,
            attribution_percent: 50,
            incumbent: false,
            first_year_value_minor: 10_000_000,
            currency: "EUR".into(),
            close_date: "2026-11-20".into(),
        }
    }

    fn spiff(id: i64, currency: &str, criteria: SpiffCriteria) -> Spiff {
        Spiff {
            id,
            name: format!("SPIFF {id}"),
            amount_minor: 25_000,
            currency: currency.into(),
            from: "2026-10-01".into(),
            to: "2026-12-31".into(),
            criteria,
        }
    }

    #[test]
    fn a_valid_won_deal_passes_and_each_bad_field_is_named() {
        // Arrange
        let bad = WonDeal {
            first_year_value_minor: 0,
            currency: "eur".into(),
            close_date: "20.11.2026".into(),
            attribution_percent: 0,
            ..deal()
        };

        // Act
        let errors = bad.validate().unwrap_err();

        // Assert
        assert_eq!(deal().validate(), Ok(()));
        assert_eq!(errors["first_year_value_minor"], Message::AmountNotPositive);
        assert_eq!(errors["currency"], Message::CurrencyCode);
        assert_eq!(errors["close_date"], Message::NotADate);
        assert_eq!(
            errors["attribution_percent"],
            Message::WholeNumber { min: 1, max: 100 }
        );
        let huge = WonDeal {
            first_year_value_minor: super::super::MAX_VALUE_MINOR + 1,
            ..deal()
        };
        assert_eq!(
            huge.validate().unwrap_err()["first_year_value_minor"],
            Message::ValueTooLarge
        );
    }

    #[test]
    fn the_messages_of_a_won_deal_read_in_english() {
        let m = crate::message::english("currency", &Message::CurrencyCode);
        assert!(m.contains("three-letter"), "{m}");
        let m = crate::message::english("first_year_value_minor", &Message::AmountNotPositive);
        assert!(m.contains("greater than zero"), "{m}");
    }

    #[test]
    fn a_won_deal_earns_the_plan_rate_on_its_value_times_its_attribution() {
        // Arrange: 100 000.00 at 12 % for gold, 50 % attribution.
        let plans = [plan(9, Some(Tier::Gold), 1_200, "2026-01-01", None)];

        // Act
        let lines = lines_for_won(&deal(), &plans, &[]);

        // Assert: 6 000.00
        assert_eq!(
            lines,
            [NewLine {
                kind: LineKind::Base,
                plan_id: Some(9),
                spiff_id: None,
                base_minor: 10_000_000,
                rate_bp: 1_200,
                attribution_percent: 50,
                amount_minor: 600_000,
                currency: "EUR".into(),
                reason: None,
            }]
        );
    }

    #[test]
    fn a_line_keeps_its_rate_and_plan_when_the_plan_changes_later() {
        // Arrange
        let mut plans = vec![plan(9, None, 1_000, "2026-01-01", None)];
        let line = lines_for_won(&deal(), &plans, &[]).remove(0);

        // Act: the plan is cut to 5 % afterwards.
        plans[0].rate_bp = 500;

        // Assert
        assert_eq!(
            (line.plan_id, line.rate_bp, line.amount_minor),
            (Some(9), 1_000, 500_000)
        );
        assert_eq!(
            line.amount_minor,
            share(line.base_minor, line.rate_bp, line.attribution_percent)
        );
        assert_eq!(lines_for_won(&deal(), &plans, &[])[0].amount_minor, 250_000);
    }

    #[test]
    fn without_a_plan_in_force_there_is_no_base_line() {
        let plans = [plan(9, None, 1_000, "2026-11-21", None)];
        assert_eq!(lines_for_won(&deal(), &plans, &[]), []);
        let zero = [plan(9, None, 0, "2026-01-01", None)];
        assert_eq!(
            lines_for_won(&deal(), &zero, &[]),
            [],
            "a zero line is left out"
        );
    }

    #[test]
    fn matching_spiffs_follow_the_base_line_in_id_order_paid_in_full() {
        // Arrange
        let plans = [plan(9, None, 1_000, "2026-01-01", None)];
        let spiffs = [
            spiff(5, "EUR", SpiffCriteria::default()),
            spiff(
                2,
                "EUR",
                SpiffCriteria {
                    tiers: vec![Tier::Gold],
                    ..SpiffCriteria::default()
                },
            ),
            spiff(
                3,
                "EUR",
                SpiffCriteria {
                    tiers: vec![Tier::Bronze],
                    ..SpiffCriteria::default()
                },
            ),
        ];

        // Act
        let lines = lines_for_won(&deal(), &plans, &spiffs);

        // Assert
        let kinds: Vec<_> = lines
            .iter()
            .map(|l| (l.kind, l.spiff_id, l.amount_minor))
            .collect();
        assert_eq!(
            kinds,
            [
                (LineKind::Base, None, 500_000),
                (LineKind::Spiff, Some(2), 25_000),
                (LineKind::Spiff, Some(5), 25_000),
            ]
        );
        for l in &lines {
            assert_eq!(
                l.amount_minor,
                share(l.base_minor, l.rate_bp, l.attribution_percent)
            );
        }
    }

    #[test]
    fn a_spiff_in_another_currency_than_the_deal_is_skipped_not_converted() {
        // Arrange
        let spiffs = [spiff(1, "USD", SpiffCriteria::default())];

        // Act
        let lines = lines_for_won(&deal(), &[], &spiffs);

        // Assert
        assert_eq!(lines, []);
    }

    #[test]
    fn spiff_criteria_leave_out_incumbents_influenced_deals_and_other_motions() {
        let net_new = SpiffCriteria {
            net_new_only: true,
            ..SpiffCriteria::default()
        };
        let sourced = SpiffCriteria {
            sourced_only: true,
            ..SpiffCriteria::default()
        };
        let referral = SpiffCriteria {
            motions: vec![Motion::Referral],
            ..SpiffCriteria::default()
        };
        let incumbent = WonDeal {
            incumbent: true,
            ..deal()
        };
        let influenced = WonDeal {
            attribution: Attribution::Influenced,
            ..deal()
        };
        assert!(net_new.hold_for(&deal()) && !net_new.hold_for(&incumbent));
        assert!(sourced.hold_for(&deal()) && !sourced.hold_for(&influenced));
        assert!(!referral.hold_for(&deal()));
    }

    #[test]
    fn a_spiff_applies_on_its_boundary_days_only_within_them() {
        let s = spiff(1, "EUR", SpiffCriteria::default());
        for (close, earns) in [
            ("2026-09-30", false),
            ("2026-10-01", true),
            ("2026-12-31", true),
            ("2027-01-01", false),
        ] {
            let d = WonDeal {
                close_date: close.into(),
                ..deal()
            };
            assert_eq!(
                lines_for_won(&d, &[], std::slice::from_ref(&s)).len(),
                usize::from(earns),
                "{close}"
            );
        }
    }

    #[test]
    fn the_line_lifecycle_allows_exactly_its_transitions() {
        use LineAction::*;
        use LineStatus::*;
        // Arrange: the whole table, (from, action, on an issued statement) → outcome.
        let table: [(LineStatus, [Result<LineStatus, Message>; 4]); 5] = [
            (
                New,
                [
                    Ok(Approved),
                    Ok(Declined),
                    Ok(OnHold),
                    Err(Message::LineNotApproved),
                ],
            ),
            (
                OnHold,
                [
                    Ok(Approved),
                    Ok(Declined),
                    Err(Message::LineAlreadyOnHold),
                    Err(Message::LineNotApproved),
                ],
            ),
            (
                Approved,
                [
                    Err(Message::LineAlreadyApproved),
                    Err(Message::LineAlreadyApproved),
                    Err(Message::LineAlreadyApproved),
                    Ok(Paid),
                ],
            ),
            (Declined, [const { Err(Message::LineDeclined) }; 4]),
            (Paid, [const { Err(Message::LinePaid) }; 4]),
        ];

        for (from, outcomes) in table {
            for (action, expected) in LineAction::ALL.into_iter().zip(outcomes) {
                // Act
                let got = line_transition(from, action, true);

                // Assert
                assert_eq!(got, expected, "{from} → {action:?}");
            }
        }
        assert_eq!(
            line_transition(Approved, Pay, false),
            Err(Message::LineNotOnIssuedStatement)
        );
        assert_eq!(line_transition(New, Approve, false), Ok(Approved));
    }

    #[test]
    fn every_lifecycle_refusal_reads_in_english() {
        for m in [
            Message::LineNotApproved,
            Message::LineNotOnIssuedStatement,
            Message::LineAlreadyOnHold,
            Message::LineAlreadyApproved,
            Message::LineDeclined,
            Message::LinePaid,
        ] {
            assert!(
                crate::message::english("", &m).contains("commission line"),
                "{m:?}"
            );
        }
    }

    #[test]
    fn a_decline_needs_a_reason_of_five_characters_or_more() {
        assert_eq!(
            validate_decline_reason(None).unwrap_err()["reason"],
            Message::TooShort { min: 5 }
        );
        assert!(validate_decline_reason(Some("  no ")).is_err());
        assert_eq!(
            validate_decline_reason(Some(" Order was cancelled. ")).unwrap(),
            "Order was cancelled."
        );
    }

    #[test]
    fn a_reversal_on_the_last_day_of_the_window_claws_back_and_a_day_later_does_not() {
        // Arrange
        let close = day("2026-11-20");

        // Act / Assert
        assert_eq!(
            clawback(600_000, close, day("2026-11-20"), 90),
            Some(-600_000)
        );
        assert_eq!(
            clawback(600_000, close, close.add_days(90), 90),
            Some(-600_000)
        );
        assert_eq!(clawback(600_000, close, close.add_days(91), 90), None);
        assert_eq!(
            clawback(600_000, close, close.add_days(-3), 90),
            Some(-600_000)
        );
        assert_eq!(clawback(0, close, close, 90), None);
        assert_eq!(
            clawback(-100, close, close, 0),
            Some(100),
            "an adjustment reversed"
        );
    }

    #[test]
    fn an_adjustment_line_obeys_the_amount_rule() {
        let a = NewLine::adjustment(-12_345, "EUR", Some("Clawback: order cancelled".into()));
        assert_eq!(a.kind, LineKind::Adjustment);
        assert_eq!(
            a.amount_minor,
            share(a.base_minor, a.rate_bp, a.attribution_percent)
        );
    }

    #[test]
    fn line_kinds_statuses_and_actions_round_trip_through_their_names() {
        for k in LineKind::ALL {
            assert_eq!(LineKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
        for s in LineStatus::ALL {
            assert_eq!(LineStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
            assert_eq!(s.label_id(), format!("commission.status.{s}"));
        }
        for a in LineAction::ALL {
            assert_eq!(LineAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.as_str())
            );
        }
    }

    proptest::proptest! {
        /// Whatever a line earned, its clawback within the window takes exactly that back: the
        /// two lines sum to zero, and a statement taking both pays nothing for them.
        #[test]
        fn a_clawback_nets_to_zero_with_its_line(
            base in 1i64..1_000_000_000_000,
            rate in 0u32..=10_000,
            attribution in 1u8..=100,
            after in 0i64..=180,
        ) {
            let amount = crate::commission::share(base, rate, attribution);
            let close = day("2026-06-15");
            match clawback(amount, close, close.add_days(after), 180) {
                Some(back) => proptest::prop_assert_eq!(amount + back, 0),
                None => proptest::prop_assert_eq!(amount, 0),
            }
        }
    }
}
