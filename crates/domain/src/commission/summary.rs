//! The top of the partner's commissions page: what was earned, what is pending and what was
//! paid, per currency ([`CommissionSummary`]), earnings by month for a chart ([`by_month`]), and
//! what open deals may earn ([`projected`]), which is an estimate and typed as one
//! ([`Projection`]).
//!
//! Money in different currencies is never added up: every figure is per currency.

use super::line::{LineKind, LineStatus};
use super::plan::{CommissionPlan, plan_for};
use super::statement::Period;
use super::{Amount, share, sum_minor};
use crate::date::Date;
use crate::motion::Motion;
use crate::registration::{Attribution, Status};
use crate::tier::Tier;
use crate::views::CommissionLineView;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One currency's figures. "Earned" is approved or paid lines (adjustments included, so a
/// clawback lowers it), placed in time by the line's close date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencySummary {
    pub currency: String,
    /// Approved + paid, closed in today's calendar quarter.
    pub earned_quarter_minor: i64,
    /// Approved + paid, closed in today's calendar year.
    pub earned_year_minor: i64,
    /// New + on hold, whenever closed: awaiting a decision.
    pub pending_minor: i64,
    /// Approved, not yet paid: goes on the next statement.
    pub approved_unpaid_minor: i64,
    /// Paid, closed in today's calendar year.
    pub paid_year_minor: i64,
    /// Earned per month of today's year, January first (12 entries).
    pub months_minor: Vec<i64>,
}

/// The summary on the partner's commissions page, per currency (sorted by code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionSummary {
    /// The day the figures are for, `YYYY-MM-DD`.
    pub as_of: String,
    pub currencies: Vec<CurrencySummary>,
}

fn earned(status: LineStatus) -> bool {
    matches!(status, LineStatus::Approved | LineStatus::Paid)
}

impl CommissionSummary {
    /// The figures of `lines` as of `today`. Declined lines count nowhere; a line whose close
    /// date does not read counts in the undated figures (pending, approved unpaid) only.
    ///
    /// A carried-forward balance is the same money as the clawbacks behind it, already counted:
    /// it counts nowhere here.
    pub fn of(lines: &[CommissionLineView], today: Date) -> CommissionSummary {
        let own: Vec<CommissionLineView> = lines
            .iter()
            .filter(|l| l.kind != LineKind::CarriedForward)
            .cloned()
            .collect();
        let lines = own.as_slice();
        let this = Period::of(today);
        let currencies: BTreeSet<&str> = lines
            .iter()
            .filter(|l| l.status != LineStatus::Declined)
            .map(|l| l.currency.as_str())
            .collect();
        let months = by_month(lines, today.year());
        let currencies = currencies
            .into_iter()
            .map(|currency| {
                let mine = || lines.iter().filter(move |l| l.currency == currency);
                let dated = |keep: &dyn Fn(&CommissionLineView, Period) -> bool| {
                    sum_minor(
                        mine()
                            .filter(|l| {
                                Date::parse_iso(&l.close_date)
                                    .is_some_and(|d| keep(l, Period::of(d)))
                            })
                            .map(|l| l.amount_minor),
                    )
                };
                let with_status = |s: &[LineStatus]| {
                    sum_minor(
                        mine()
                            .filter(|l| s.contains(&l.status))
                            .map(|l| l.amount_minor),
                    )
                };
                CurrencySummary {
                    currency: currency.to_owned(),
                    earned_quarter_minor: dated(&|l, p| {
                        earned(l.status) && p.year() == this.year() && p.quarter() == this.quarter()
                    }),
                    earned_year_minor: dated(&|l, p| earned(l.status) && p.year() == this.year()),
                    pending_minor: with_status(&[LineStatus::New, LineStatus::OnHold]),
                    approved_unpaid_minor: with_status(&[LineStatus::Approved]),
                    paid_year_minor: dated(&|l, p| {
                        l.status == LineStatus::Paid && p.year() == this.year()
                    }),
                    months_minor: months
                        .iter()
                        .find(|m| m.currency == currency)
                        .map_or_else(|| vec![0; 12], |m| m.months_minor.clone()),
                }
            })
            .collect();
        CommissionSummary {
            as_of: today.to_string(),
            currencies,
        }
    }
}

/// One currency's earnings (approved + paid) per month of a year, for a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyEarnings {
    pub currency: String,
    pub year: i32,
    /// January first, 12 entries, by the lines' close dates.
    pub months_minor: Vec<i64>,
}

/// Earnings (approved + paid lines, adjustments included) per month of `year` by close date,
/// one entry per currency that earned something that year, sorted by currency.
pub fn by_month(lines: &[CommissionLineView], year: i32) -> Vec<MonthlyEarnings> {
    let mut per: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for l in lines.iter().filter(|l| earned(l.status)) {
        let Some(p) = Date::parse_iso(&l.close_date).map(Period::of) else {
            continue;
        };
        if p.year() == year {
            let months = per
                .entry(l.currency.as_str())
                .or_insert_with(|| vec![0; 12]);
            let m = &mut months[usize::from(p.month() - 1)];
            *m = sum_minor([*m, l.amount_minor]);
        }
    }
    per.into_iter()
        .map(|(currency, months_minor)| MonthlyEarnings {
            currency: currency.to_owned(),
            year,
            months_minor,
        })
        .collect()
}

/// An open registration, as far as a projection needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDeal {
    pub registration_id: i64,
    /// Only approved registrations are projected.
    pub status: Status,
    pub motion: Motion,
    /// The partner's tier today.
    pub tier: Tier,
    pub attribution: Attribution,
    pub attribution_percent: u8,
    /// The registration's estimated value, in minor units.
    pub value_minor: i64,
    pub currency: String,
}

/// **An estimate, not an amount owed**: what the partner's approved open registrations would
/// earn if each closed today at its estimated value under the plan in force today. SPIFFs,
/// later plan changes and the real first-year value are not foreseen; nothing here is a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Projection {
    /// The day the estimate is for, `YYYY-MM-DD`.
    pub as_of: String,
    /// Estimated base commission per currency (sorted by code).
    pub estimated: Vec<Amount>,
    /// Approved open registrations a plan covers (counted in `estimated`).
    pub deals_counted: u32,
    /// Approved open registrations no plan covers today (they would earn no base commission).
    pub deals_without_plan: u32,
}

/// The [`Projection`] of `open_deals` under `plans` as of `today`: for each approved one,
/// [`share`]`(value, rate of the plan that would apply today, attribution %)`.
pub fn projected(open_deals: &[OpenDeal], plans: &[CommissionPlan], today: Date) -> Projection {
    let mut per: BTreeMap<&str, i64> = BTreeMap::new();
    let (mut counted, mut without) = (0u32, 0u32);
    for d in open_deals.iter().filter(|d| d.status == Status::Approved) {
        match plan_for(plans, d.motion, d.tier, d.attribution, today) {
            Some(plan) => {
                counted += 1;
                let sum = per.entry(d.currency.as_str()).or_default();
                *sum = sum_minor([
                    *sum,
                    share(d.value_minor, plan.rate_bp, d.attribution_percent),
                ]);
            }
            None => without += 1,
        }
    }
    Projection {
        as_of: today.to_string(),
        estimated: per
            .into_iter()
            .map(|(currency, minor)| Amount {
                currency: currency.to_owned(),
                minor,
            })
            .collect(),
        deals_counted: counted,
        deals_without_plan: without,
    }
}

#[cfg(test)]
mod tests {
    use super::super::line::LineKind;
    use super::super::plan::tests::{day, plan};
    use super::*;

    fn view(
        id: i64,
        status: LineStatus,
        amount: i64,
        currency: &str,
        close: &str,
    ) -> CommissionLineView {
        CommissionLineView {
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
        }
    }

    #[test]
    fn the_summary_splits_earned_pending_approved_and_paid_per_currency() {
        use LineStatus::*;
        // Arrange: today is 2026-11-21 (Q4).
        let lines = [
            view(1, Approved, 100, "EUR", "2026-11-02"),
            view(2, Paid, 200, "EUR", "2026-10-01"),
            view(3, Paid, 400, "EUR", "2026-09-30"),
            view(4, Paid, 800, "EUR", "2025-12-31"),
            view(5, New, 1_600, "EUR", "2026-11-20"),
            view(6, OnHold, 3_200, "EUR", "2025-06-01"),
            view(7, Declined, 6_400, "EUR", "2026-11-20"),
            view(8, Approved, 7, "USD", "2026-01-15"),
            view(9, Declined, 9, "GBP", "2026-01-15"),
        ];

        // Act
        let s = CommissionSummary::of(&lines, day("2026-11-21"));

        // Assert
        assert_eq!(s.as_of, "2026-11-21");
        let eur = &s.currencies[0];
        assert_eq!(eur.currency, "EUR");
        assert_eq!(eur.earned_quarter_minor, 300);
        assert_eq!(eur.earned_year_minor, 700);
        assert_eq!(eur.pending_minor, 4_800);
        assert_eq!(eur.approved_unpaid_minor, 100);
        assert_eq!(eur.paid_year_minor, 600);
        assert_eq!(eur.months_minor[8..11], [400, 200, 100]);
        let usd = &s.currencies[1];
        assert_eq!(
            (
                usd.currency.as_str(),
                usd.earned_year_minor,
                usd.earned_quarter_minor
            ),
            ("USD", 7, 0)
        );
        assert_eq!(
            s.currencies.len(),
            2,
            "a currency with only declined lines shows nothing"
        );
    }

    #[test]
    fn a_carried_forward_balance_is_not_counted_again() {
        let mut earned = view(1, LineStatus::Approved, 1_800_000, "USD", "2026-10-28");
        earned.kind = LineKind::Base;
        let mut clawback = view(2, LineStatus::Approved, -1_800_000, "USD", "2026-11-22");
        clawback.kind = LineKind::Adjustment;
        let mut carried = view(3, LineStatus::Approved, -1_800_000, "USD", "2026-12-01");
        carried.kind = LineKind::CarriedForward;
        let s = CommissionSummary::of(&[earned, clawback, carried], day("2026-12-07"));
        assert_eq!(s.currencies[0].earned_year_minor, 0);
        assert_eq!(s.currencies[0].approved_unpaid_minor, 0);
    }

    #[test]
    fn a_clawback_adjustment_lowers_what_was_earned() {
        let mut clawback = view(2, LineStatus::Approved, -150, "EUR", "2026-11-10");
        clawback.kind = LineKind::Adjustment;
        let lines = [
            view(1, LineStatus::Paid, 500, "EUR", "2026-11-02"),
            clawback,
        ];
        let s = CommissionSummary::of(&lines, day("2026-11-21"));
        assert_eq!(s.currencies[0].earned_quarter_minor, 350);
    }

    #[test]
    fn earnings_by_month_have_twelve_months_per_currency_of_the_year() {
        // Arrange
        let lines = [
            view(1, LineStatus::Approved, 100, "EUR", "2026-01-31"),
            view(2, LineStatus::Paid, 50, "EUR", "2026-01-01"),
            view(3, LineStatus::Paid, 70, "EUR", "2026-12-31"),
            view(4, LineStatus::New, 999, "EUR", "2026-03-03"),
            view(5, LineStatus::Paid, 999, "EUR", "2025-12-31"),
            view(6, LineStatus::Paid, 5, "CHF", "2026-06-15"),
        ];

        // Act
        let months = by_month(&lines, 2026);

        // Assert
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].currency, "CHF");
        assert_eq!(months[0].months_minor[5], 5);
        assert_eq!(
            months[1].months_minor,
            [150, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70]
        );
        assert_eq!(by_month(&lines, 2024), []);
    }

    fn open(id: i64, status: Status, value: i64, currency: &str) -> OpenDeal {
        OpenDeal {
            registration_id: id,
            status,
            motion: Motion::Reseller,
            tier: Tier::Silver,
            attribution: Attribution::Sourced,
            attribution_percent: 50,
            value_minor: value,
            currency: currency.into(),
        }
    }

    #[test]
    fn the_projection_estimates_approved_open_deals_under_todays_plan() {
        // Arrange: 10 % until the end of November, 20 % from December.
        let plans = [
            plan(1, None, 1_000, "2026-01-01", Some("2026-11-30")),
            plan(2, None, 2_000, "2026-12-01", None),
        ];
        let mut referral = open(4, Status::Approved, 1_000_000, "EUR");
        referral.motion = Motion::Referral;
        let deals = [
            open(1, Status::Approved, 1_000_000, "EUR"),
            open(2, Status::Approved, 333, "USD"),
            open(3, Status::Submitted, 1_000_000, "EUR"),
            referral,
        ];

        // Act
        let p = projected(&deals, &plans, day("2026-11-21"));

        // Assert: 10 000.00 × 10 % × 50 % = 500.00; 3.33 × 5 % = 0.1665 → 0.17.
        assert_eq!(p.as_of, "2026-11-21");
        assert_eq!(
            p.estimated,
            [
                Amount {
                    currency: "EUR".into(),
                    minor: 50_000
                },
                Amount {
                    currency: "USD".into(),
                    minor: 17
                },
            ]
        );
        assert_eq!((p.deals_counted, p.deals_without_plan), (2, 1));
        assert_eq!(
            projected(&deals, &plans, day("2026-12-01")).estimated[0].minor,
            100_000
        );
    }
}
