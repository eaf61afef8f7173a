//! Commissions and payouts on the wire: a partner's lines and statements as partners see them,
//! the commissions page, the channel managers' requests, and a statement as CSV.
//!
//! Partner views carry what a partner may check its money with (base, rate, attribution,
//! amount, status, the decline reason) and have no field for vendor-internal data: no internal
//! note, no deal amount, discount or margin.

use crate::commission::{
    CommissionSummary, LineAction, LineKind, LineStatus, Period, PlanKind, Projection,
    StatementInput, amount_problem, currency_problem, validate_decline_reason,
};
use crate::date::Date;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::registration::text_field;
use serde::{Deserialize, Serialize};

/// A commission line as the partner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionLineView {
    pub id: i64,
    pub registration_id: i64,
    /// The customer's legal name.
    pub customer: String,
    pub kind: LineKind,
    /// The plan's kind, for a base line.
    pub plan_kind: Option<PlanKind>,
    /// The SPIFF's name, for a SPIFF line.
    pub spiff_name: Option<String>,
    /// Basis points (1 000 = 10 %).
    pub rate_bp: u32,
    pub attribution_percent: u8,
    /// What the rate applies to (a base line: the first-year value), minor units.
    pub base_minor: i64,
    /// `share(base_minor, rate_bp, attribution_percent)`, minor units.
    pub amount_minor: i64,
    pub currency: String,
    pub status: LineStatus,
    /// Why it was declined, written for the partner.
    pub decline_reason: Option<String>,
    /// `YYYY-MM-DD`: the won deal's close date (an adjustment's: the day it was made).
    pub close_date: String,
    /// The statement that pays it, once issued.
    pub statement_id: Option<i64>,
}

impl From<&CommissionLineView> for StatementInput {
    fn from(l: &CommissionLineView) -> Self {
        StatementInput {
            line_id: l.id,
            kind: l.kind,
            status: l.status,
            amount_minor: l.amount_minor,
            currency: l.currency.clone(),
            close_date: l.close_date.clone(),
            statement_id: l.statement_id,
        }
    }
}

/// An issued statement with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementView {
    pub id: i64,
    /// `YYYY-MM`.
    pub period: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    pub lines: Vec<CommissionLineView>,
    /// The adjustment lines' sum (clawbacks, carried balances), already in `total_minor`.
    pub adjustments_minor: i64,
    /// What is paid; never negative.
    pub total_minor: i64,
    /// The negative balance carried to the next statement (zero or less).
    pub carry_forward_minor: i64,
    /// `YYYY-MM-DD`, once paid.
    pub paid_on: Option<String>,
    /// The payment's reference (bank transfer, remittance), once paid.
    pub payout_reference: Option<String>,
}

/// A statement in a list, without its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementListItem {
    pub id: i64,
    /// `YYYY-MM`.
    pub period: String,
    pub currency: String,
    pub issued_on: String,
    pub line_count: u32,
    pub adjustments_minor: i64,
    pub total_minor: i64,
    pub carry_forward_minor: i64,
    pub paid_on: Option<String>,
    pub payout_reference: Option<String>,
}

impl From<&StatementView> for StatementListItem {
    fn from(s: &StatementView) -> Self {
        StatementListItem {
            id: s.id,
            period: s.period.clone(),
            currency: s.currency.clone(),
            issued_on: s.issued_on.clone(),
            line_count: u32::try_from(s.lines.len()).unwrap_or(u32::MAX),
            adjustments_minor: s.adjustments_minor,
            total_minor: s.total_minor,
            carry_forward_minor: s.carry_forward_minor,
            paid_on: s.paid_on.clone(),
            payout_reference: s.payout_reference.clone(),
        }
    }
}

/// The partner's commissions page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionsPage {
    pub summary: CommissionSummary,
    pub lines: Vec<CommissionLineView>,
    pub statements: Vec<StatementListItem>,
    /// An estimate of what approved open registrations may earn.
    pub projection: Projection,
}

/// A commission line as channel managers see it in their queue: the partner's view of it, the
/// partner, and the vendor's internal note (never sent to a partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedCommissionLine {
    #[serde(flatten)]
    pub line: CommissionLineView,
    pub partner_id: i64,
    pub partner_name: String,
    pub internal_note: Option<String>,
}

/// A statement in the channel managers' list: which partner it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedStatement {
    #[serde(flatten)]
    pub statement: StatementListItem,
    pub partner_id: i64,
    pub partner_name: String,
}

/// A channel manager takes a line back because its won deal was reversed (cancelled,
/// refunded): the reason the partner reads, and the day of the reversal, which must fall within
/// the program's clawback window after the close.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClawbackRequest {
    /// 5 to 1000 characters; the partner reads it on the adjustment line.
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub reversed_on: String,
}

impl ClawbackRequest {
    /// The reason trimmed and the day parsed, or the fields' problems.
    pub fn validate(&self) -> Result<(String, Date), FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = crate::views::validate_reason(&self.reason, "reason")
            .map_err(|e| errors.extend(e))
            .ok();
        let day = Date::parse_iso(self.reversed_on.trim());
        if day.is_none() {
            errors.insert("reversed_on".into(), Message::NotADate);
        }
        match (reason, day) {
            (Some(r), Some(d)) if errors.is_empty() => Ok((r, d)),
            _ => Err(errors),
        }
    }
}

/// A channel manager marks a registration won: what its commission is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MarkWonRequest {
    /// Minor units, more than zero.
    pub first_year_value_minor: i64,
    /// ISO 4217, e.g. `EUR`.
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub close_date: String,
}

impl MarkWonRequest {
    /// The request with its currency in capitals and texts trimmed, or the messages of the
    /// fields that need attention (the rules of [`crate::commission::WonDeal::validate`]).
    pub fn validate(&self) -> Result<MarkWonRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let currency = self.currency.trim().to_ascii_uppercase();
        let close_date = self.close_date.trim().to_owned();
        if let Some(m) = amount_problem(self.first_year_value_minor) {
            errors.insert("first_year_value_minor".into(), m);
        }
        if let Some(m) = currency_problem(&currency) {
            errors.insert("currency".into(), m);
        }
        if Date::parse_iso(&close_date).is_none() {
            errors.insert("close_date".into(), Message::NotADate);
        }
        if errors.is_empty() {
            Ok(MarkWonRequest {
                first_year_value_minor: self.first_year_value_minor,
                currency,
                close_date,
            })
        } else {
            Err(errors)
        }
    }
}

/// At most this many lines in one decision.
pub const MAX_DECISION_LINES: usize = 500;

/// A channel manager approves, declines or holds lines, one or many at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineDecisionRequest {
    pub ids: Vec<i64>,
    /// approve, decline or hold (lines are paid through their statement).
    pub action: LineAction,
    /// Needed to decline (shown to the partner); optional otherwise.
    #[serde(default)]
    pub reason: Option<String>,
}

impl LineDecisionRequest {
    /// The decision with its ids sorted and without repeats and its reason trimmed (an empty
    /// reason is none), or the messages of the fields that need attention: `ids` (one to
    /// [`MAX_DECISION_LINES`]), `action` (not pay), `reason` (a decline's, by
    /// [`validate_decline_reason`]; any other at most 1000 characters).
    pub fn validate(&self) -> Result<LineDecisionRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut ids = self.ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            errors.insert("ids".into(), Message::Required);
        } else if ids.len() > MAX_DECISION_LINES {
            errors.insert(
                "ids".into(),
                Message::TooMany {
                    max: MAX_DECISION_LINES as u32,
                },
            );
        }
        if self.action == LineAction::Pay {
            errors.insert("action".into(), Message::Choose);
        }
        let given = self
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let reason = match (self.action, given) {
            (LineAction::Decline, r) => validate_decline_reason(r).map(Some),
            (_, None) => Ok(None),
            (_, Some(r)) => crate::views::validate_reason(r, "reason").map(Some),
        };
        let reason = reason.unwrap_or_else(|e| {
            errors.extend(e);
            None
        });
        if errors.is_empty() {
            Ok(LineDecisionRequest {
                ids,
                action: self.action,
                reason,
            })
        } else {
            Err(errors)
        }
    }
}

/// A channel manager issues a partner's statement for a month in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IssueStatementRequest {
    pub partner_id: i64,
    /// `YYYY-MM`.
    pub period: String,
    /// ISO 4217, e.g. `EUR`.
    pub currency: String,
}

impl IssueStatementRequest {
    /// The period and the currency in capitals, or the messages of `partner_id` (choose one),
    /// `period` (`YYYY-MM`) and `currency` (three letters).
    pub fn validate(&self) -> Result<(Period, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.partner_id <= 0 {
            errors.insert("partner_id".into(), Message::Choose);
        }
        let period = Period::parse(self.period.trim());
        if let Err(m) = &period {
            errors.insert("period".into(), m.clone());
        }
        let currency = self.currency.trim().to_ascii_uppercase();
        if let Some(m) = currency_problem(&currency) {
            errors.insert("currency".into(), m);
        }
        match period {
            Ok(p) if errors.is_empty() => Ok((p, currency)),
            _ => Err(errors),
        }
    }
}

/// Longest payout reference.
pub const MAX_PAYOUT_REFERENCE: usize = 100;

/// A channel manager records an issued statement's payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MarkPaidRequest {
    /// The bank transfer's or remittance's reference, 1 to 100 characters.
    pub payout_reference: String,
    /// `YYYY-MM-DD`.
    pub paid_on: String,
}

impl MarkPaidRequest {
    /// The request trimmed, or the messages of `payout_reference` and `paid_on`.
    pub fn validate(&self) -> Result<MarkPaidRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut err = |field: &str, m: Message| {
            errors.entry(field.to_owned()).or_insert(m);
        };
        let reference = text_field(
            &mut err,
            "payout_reference",
            &self.payout_reference,
            1,
            MAX_PAYOUT_REFERENCE,
        );
        let paid_on = self.paid_on.trim();
        if Date::parse_iso(paid_on).is_none() {
            err("paid_on", Message::NotADate);
        }
        match reference {
            Some(payout_reference) if errors.is_empty() => Ok(MarkPaidRequest {
                payout_reference,
                paid_on: paid_on.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// The CSV header: stable English column ids, not translated (a spreadsheet's formulas and an
/// accounting import refer to them).
pub const STATEMENT_CSV_HEADER: [&str; 16] = [
    "statement_id",
    "period",
    "line_id",
    "registration_id",
    "customer",
    "kind",
    "plan_kind",
    "spiff_name",
    "rate_bp",
    "attribution_percent",
    "base_minor",
    "amount_minor",
    "currency",
    "status",
    "close_date",
    "payout_reference",
];

/// A statement's lines as CSV (RFC 4180: comma-separated, CRLF line ends, a cell with a comma,
/// quote or line break quoted and its quotes doubled), one row per line under
/// [`STATEMENT_CSV_HEADER`]. Amounts are integers in minor units and codes are the stable ids
/// (`base`, `approved`, `referral_fee`), so a spreadsheet or an accounting import reads them
/// without a locale. Text cells a person wrote (customer, SPIFF name, payout reference) are
/// guarded against formula injection as the pipeline's CSV does: a leading `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'`.
pub fn statement_csv(statement: &StatementView) -> String {
    let mut out = STATEMENT_CSV_HEADER.join(",");
    out.push_str("\r\n");
    for l in &statement.lines {
        let cells = [
            statement.id.to_string(),
            crate::pipeline::csv_cell(&statement.period),
            l.id.to_string(),
            l.registration_id.to_string(),
            crate::pipeline::csv_cell(&l.customer),
            l.kind.as_str().to_owned(),
            l.plan_kind
                .map(|k| k.as_str())
                .unwrap_or_default()
                .to_owned(),
            crate::pipeline::csv_cell(l.spiff_name.as_deref().unwrap_or_default()),
            l.rate_bp.to_string(),
            l.attribution_percent.to_string(),
            l.base_minor.to_string(),
            l.amount_minor.to_string(),
            crate::pipeline::csv_cell(&l.currency),
            l.status.as_str().to_owned(),
            crate::pipeline::csv_cell(&l.close_date),
            crate::pipeline::csv_cell(statement.payout_reference.as_deref().unwrap_or_default()),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clawback_needs_a_reason_and_a_day() {
        let ok = ClawbackRequest {
            reason: " The customer cancelled within 30 days. ".into(),
            reversed_on: "2026-12-01".into(),
        };
        let (reason, day) = ok.validate().unwrap();
        assert_eq!(reason, "The customer cancelled within 30 days.");
        assert_eq!(day.to_string(), "2026-12-01");
        let bad = ClawbackRequest {
            reason: "".into(),
            reversed_on: "01.12.2026".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert!(errors.contains_key("reason") && errors.contains_key("reversed_on"));
    }

    #[test]
    fn won_deals_are_only_in_currencies_the_program_registers() {
        let req = MarkWonRequest {
            first_year_value_minor: 100,
            currency: "xau".into(),
            close_date: "2026-11-15".into(),
        };
        assert_eq!(req.validate().unwrap_err()["currency"], Message::Choose);
    }

    fn line() -> CommissionLineView {
        CommissionLineView {
            id: 11,
            registration_id: 48_213_377,
            customer: "Globex, \"The\" Corporation".into(),
            kind: LineKind::Base,
            plan_kind: Some(PlanKind::ResellerRebate),
            spiff_name: None,
            rate_bp: 1_200,
            attribution_percent: 50,
            base_minor: 10_000_000,
            amount_minor: 600_000,
            currency: "EUR".into(),
            status: LineStatus::Paid,
            decline_reason: None,
            close_date: "2026-11-20".into(),
            statement_id: Some(3),
        }
    }

    fn statement() -> StatementView {
        StatementView {
            id: 3,
            period: "2026-11".into(),
            currency: "EUR".into(),
            issued_on: "2026-12-01".into(),
            lines: vec![line()],
            adjustments_minor: 0,
            total_minor: 600_000,
            carry_forward_minor: 0,
            paid_on: Some("2026-12-05".into()),
            payout_reference: Some("=HYPERLINK(\"x\")".into()),
        }
    }

    #[test]
    fn a_partner_line_view_has_no_field_for_internal_data() {
        // Arrange
        let json = serde_json::to_value(line()).unwrap();

        // Act
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();

        // Assert
        for internal in [
            "internal",
            "margin",
            "discount",
            "deal_amount",
            "note",
            "competitor",
        ] {
            assert!(
                !keys.iter().any(|k| k.contains(internal)),
                "{internal} in {keys:?}"
            );
        }
        assert_eq!(json["kind"], "base");
        assert_eq!(json["plan_kind"], "reseller_rebate");
        assert_eq!(json["status"], "paid");
    }

    #[test]
    fn the_statement_csv_has_stable_column_ids_and_one_row_per_line() {
        // Act
        let csv = statement_csv(&statement());

        // Assert
        let mut rows = csv.split("\r\n");
        assert_eq!(
            rows.next().unwrap(),
            "statement_id,period,line_id,registration_id,customer,kind,plan_kind,spiff_name,\
             rate_bp,attribution_percent,base_minor,amount_minor,currency,status,close_date,\
             payout_reference"
        );
        assert_eq!(
            rows.next().unwrap(),
            "3,2026-11,11,48213377,\"Globex, \"\"The\"\" Corporation\",base,reseller_rebate,,\
             1200,50,10000000,600000,EUR,paid,2026-11-20,\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(rows.next(), Some(""), "every row ends with CRLF");
        assert_eq!(rows.next(), None);
    }

    #[test]
    fn formula_starts_in_text_cells_are_neutralised_but_negative_amounts_stay_numbers() {
        // Arrange
        let mut s = statement();
        s.lines[0].customer = "-1+1".into();
        s.lines[0].spiff_name = Some("@SUM(A1)".into());
        s.lines[0].kind = LineKind::Adjustment;
        s.lines[0].amount_minor = -5_000;
        s.payout_reference = Some("+49 line\nbreak".into());

        // Act
        let csv = statement_csv(&s);

        // Assert
        assert!(csv.contains(",'-1+1,"), "{csv}");
        assert!(csv.contains(",'@SUM(A1),"), "{csv}");
        assert!(csv.contains(",-5000,"), "{csv}");
        assert!(csv.contains(",\"'+49 line\nbreak\"\r\n"), "{csv}");
    }

    #[test]
    fn a_mark_won_request_is_normalised_or_names_each_bad_field() {
        let ok = MarkWonRequest {
            first_year_value_minor: 10_000_000,
            currency: " eur ".into(),
            close_date: "2026-11-20 ".into(),
        };
        let v = ok.validate().unwrap();
        assert_eq!(
            (v.currency.as_str(), v.close_date.as_str()),
            ("EUR", "2026-11-20")
        );
        let e = MarkWonRequest::default().validate().unwrap_err();
        assert_eq!(e["first_year_value_minor"], Message::AmountNotPositive);
        assert_eq!(e["currency"], Message::CurrencyCode);
        assert_eq!(e["close_date"], Message::NotADate);
    }

    #[test]
    fn a_decline_without_a_reason_is_refused_and_ids_are_deduplicated() {
        // Arrange
        let decline = LineDecisionRequest {
            ids: vec![3, 1, 3],
            action: LineAction::Decline,
            reason: None,
        };

        // Act
        let refused = decline.validate().unwrap_err();
        let accepted = LineDecisionRequest {
            reason: Some("  The order was cancelled.  ".into()),
            ..decline
        }
        .validate()
        .unwrap();

        // Assert
        assert_eq!(refused["reason"], Message::TooShort { min: 5 });
        assert_eq!(accepted.ids, [1, 3]);
        assert_eq!(accepted.reason.as_deref(), Some("The order was cancelled."));
    }

    #[test]
    fn a_decision_needs_ids_and_cannot_pay() {
        let pay = LineDecisionRequest {
            ids: vec![],
            action: LineAction::Pay,
            reason: Some("   ".into()),
        };
        let e = pay.validate().unwrap_err();
        assert_eq!(e["ids"], Message::Required);
        assert_eq!(e["action"], Message::Choose);
        assert!(!e.contains_key("reason"), "a blank optional reason is none");
        let too_many = LineDecisionRequest {
            ids: (0..=MAX_DECISION_LINES as i64).collect(),
            action: LineAction::Approve,
            reason: None,
        };
        assert_eq!(
            too_many.validate().unwrap_err()["ids"],
            Message::TooMany { max: 500 }
        );
        let hold = LineDecisionRequest {
            ids: vec![1],
            action: LineAction::Hold,
            reason: None,
        };
        assert_eq!(hold.validate().unwrap().reason, None);
    }

    #[test]
    fn a_decision_request_reads_from_json_with_the_action_in_snake_case() {
        let r: LineDecisionRequest =
            serde_json::from_str(r#"{"ids":[1,2],"action":"hold"}"#).unwrap();
        assert_eq!((r.action, r.reason), (LineAction::Hold, None));
    }

    #[test]
    fn issuing_a_statement_needs_a_partner_a_month_and_a_currency() {
        let ok = IssueStatementRequest {
            partner_id: 7,
            period: "2026-11".into(),
            currency: "usd".into(),
        };
        assert_eq!(
            ok.validate().unwrap(),
            (Period::new(2026, 11).unwrap(), "USD".to_owned())
        );
        let e = IssueStatementRequest {
            partner_id: 0,
            period: "Nov 2026".into(),
            currency: "dollars".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(e["partner_id"], Message::Choose);
        assert_eq!(e["period"], Message::NotAPeriod);
        assert_eq!(e["currency"], Message::CurrencyCode);
    }

    #[test]
    fn marking_paid_needs_a_reference_and_a_date() {
        let ok = MarkPaidRequest {
            payout_reference: " SEPA-2026-12-0042 ".into(),
            paid_on: "2026-12-05".into(),
        };
        assert_eq!(ok.validate().unwrap().payout_reference, "SEPA-2026-12-0042");
        let e = MarkPaidRequest::default().validate().unwrap_err();
        assert_eq!(e["payout_reference"], Message::Required);
        assert_eq!(e["paid_on"], Message::NotADate);
        let long = MarkPaidRequest {
            payout_reference: "x".repeat(MAX_PAYOUT_REFERENCE + 1),
            paid_on: "2026-12-05".into(),
        };
        assert_eq!(
            long.validate().unwrap_err()["payout_reference"],
            Message::TooLong { max: 100 }
        );
    }

    #[test]
    fn a_statement_list_item_counts_the_lines_it_leaves_out() {
        let item = StatementListItem::from(&statement());
        assert_eq!(
            (item.id, item.line_count, item.total_minor),
            (3, 1, 600_000)
        );
        let input = StatementInput::from(&line());
        assert_eq!((input.line_id, input.statement_id), (11, Some(3)));
    }
}
