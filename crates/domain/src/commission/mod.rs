//! Commissions and payouts: the program's rules, as data and pure functions.
//!
//! - **Money** is an `i64` count of the currency's minor units (cents) beside an ISO 4217 code
//!   ([`Amount`] where the two travel together). There are no floats anywhere, and exactly one
//!   rounding rule, [`share`]. Formatting money for people is the SPA's job.
//! - **Plans** ([`plan`]): a rate per motion × tier × sourced/influenced with effective dates;
//!   [`plan_for`] picks the one in force on the close date. **SPIFFs** are time-boxed flat
//!   bonuses with criteria.
//! - **Lines** ([`line`](mod@line)): what a won deal earns ([`lines_for_won`]), each line
//!   carrying its own plan id, base, rate and attribution, so a plan changed later never
//!   changes a line already computed; the line lifecycle ([`line_transition`]) and the clawback
//!   rule ([`clawback`]). Corrections are adjustment lines, never edits.
//! - **Statements** ([`statement`]): one per partner, month ([`Period`]) and currency
//!   ([`build_statement`]); a negative balance is carried forward, never paid as a negative.
//! - **Summary** ([`summary`]): what the partner's commissions page shows at the top, and the
//!   projection of open deals ([`projected`]), which is an estimate and typed as one.
//!
//! The wire types the API sends and the SPA draws are in
//! [`views`](crate::views) (`CommissionLineView`, `StatementView`, `CommissionsPage`, …).

pub mod line;
pub mod plan;
pub mod statement;
pub mod summary;

pub use crate::home::Amount;
pub use line::{
    LineAction, LineKind, LineStatus, NewLine, WonDeal, clawback, line_transition, lines_for_won,
    validate_decline_reason,
};
pub use plan::{CommissionPlan, PlanKind, Spiff, SpiffCriteria, plan_for};
pub use statement::{Period, StatementInput, StatementTotals, build_statement};
pub use summary::{
    CommissionSummary, CurrencySummary, MonthlyEarnings, OpenDeal, Projection, by_month, projected,
};

use crate::message::Message;

/// A rate of 100 %, in basis points (1 bp = 0.01 %).
pub const FULL_RATE_BP: u32 = 10_000;

/// The largest first-year value a won deal may carry, in minor units (the registration form's
/// limit, [`crate::registration::MAX_VALUE`] whole units).
pub const MAX_VALUE_MINOR: i64 = crate::registration::MAX_VALUE * 100;

/// **The** rounding rule: the part of `base_minor` that a rate of `rate_bp` basis points and an
/// attribution of `attribution_percent` % earn,
///
/// ```text
/// base × rate_bp × attribution_percent / (10 000 × 100)
/// ```
///
/// computed exactly in `i128` and rounded once, **half away from zero**, to the minor unit
/// (0.5 cent → 1 cent, −0.5 cent → −1 cent). Every commission amount in Portico is this
/// function of its line's own base, rate and attribution, so anyone can recompute a line.
///
/// A result beyond `i64` (only possible with rates far above 100 %) saturates.
///
/// ```
/// use domain::commission::share;
/// // 10 % of 1 234.55 at 50 % attribution = 61.7275 → 61.73
/// assert_eq!(share(123_455, 1_000, 50), 6_173);
/// ```
pub fn share(base_minor: i64, rate_bp: u32, attribution_percent: u8) -> i64 {
    const DIVISOR: i128 = 10_000 * 100;
    let exact = i128::from(base_minor) * i128::from(rate_bp) * i128::from(attribution_percent);
    let magnitude = (exact.abs() + DIVISOR / 2) / DIVISOR;
    let rounded = if exact < 0 { -magnitude } else { magnitude };
    i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
}

/// Whether `code` is three ASCII capital letters, the shape of an ISO 4217 currency code.
/// (Which currencies a program accepts is its own list; commissions follow the deal's.)
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A commission base or payment in minor units: more than zero and within the program's limit.
pub(crate) fn amount_problem(minor: i64) -> Option<Message> {
    if minor <= 0 {
        Some(Message::AmountNotPositive)
    } else if minor > MAX_VALUE_MINOR {
        Some(Message::ValueTooLarge)
    } else {
        None
    }
}

/// A currency code's problem, if any (see [`is_currency_code`]).
/// A currency commissions may be in: the shape of a code, and one the program registers deals
/// in ([`crate::registration::CURRENCIES`]).
pub(crate) fn currency_problem(code: &str) -> Option<Message> {
    if !is_currency_code(code) {
        Some(Message::CurrencyCode)
    } else if !crate::registration::CURRENCIES.contains(&code) {
        Some(Message::Choose)
    } else {
        None
    }
}

/// Adds minor units without overflow: a sum beyond `i64` saturates (no real ledger gets there,
/// but a wrapped total would be a silent lie).
pub(crate) fn sum_minor(amounts: impl IntoIterator<Item = i64>) -> i64 {
    let total: i128 = amounts.into_iter().map(i128::from).sum();
    i64::try_from(total).unwrap_or(if total < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn share_multiplies_base_rate_and_attribution_exactly() {
        // Arrange: 125 000.00 at 10 % (1 000 bp), 100 % attribution.
        let (base, rate, attribution) = (12_500_000, 1_000, 100);

        // Act
        let amount = share(base, rate, attribution);

        // Assert: 12 500.00
        assert_eq!(amount, 1_250_000);
    }

    #[test]
    fn share_rounds_a_half_cent_up_away_from_zero_for_positive_amounts() {
        // Arrange: 0.05 at 10 % and 100 % is exactly half a cent; 0.15 is 1.5 cents.
        // Act / Assert
        assert_eq!(share(5, 1_000, 100), 1, "0.5 → 1");
        assert_eq!(share(15, 1_000, 100), 2, "1.5 → 2");
        assert_eq!(share(25, 1_000, 100), 3, "2.5 → 3, not banker's 2");
    }

    #[test]
    fn share_rounds_a_half_cent_down_away_from_zero_for_negative_amounts() {
        assert_eq!(share(-5, 1_000, 100), -1, "-0.5 → -1");
        assert_eq!(share(-15, 1_000, 100), -2, "-1.5 → -2");
        assert_eq!(share(-25, 1_000, 100), -3, "-2.5 → -3");
    }

    #[test]
    fn share_rounds_just_below_and_above_half_to_the_nearest_cent() {
        // One cent at 49.99 %, 50 % and 50.01 %: 0.4999, 0.5 and 0.5001 of a cent.
        assert_eq!(share(1, 4_999, 100), 0);
        assert_eq!(share(1, 5_000, 100), 1);
        assert_eq!(share(1, 5_001, 100), 1);
        assert_eq!(share(-1, 4_999, 100), 0);
        assert_eq!(share(-1, 5_000, 100), -1);
    }

    #[test]
    fn share_rounds_once_after_applying_both_rate_and_attribution() {
        // Arrange: 0.05 at 10 % is 0.5 cent; at 50 % attribution 0.25 cent. Rounding the rate
        // first (0.5 → 1) and then the attribution (0.5 → 1) would pay a cent nobody earned.
        let (base, rate, attribution) = (5, 1_000, 50);

        // Act
        let amount = share(base, rate, attribution);

        // Assert
        assert_eq!(amount, 0);
        assert_eq!(share(123_455, 1_000, 50), 6_173, "61.7275 → 61.73");
    }

    #[test]
    fn share_of_zero_base_rate_or_attribution_is_zero() {
        assert_eq!(share(0, 1_000, 100), 0);
        assert_eq!(share(1_000, 0, 100), 0);
        assert_eq!(share(1_000, 1_000, 0), 0);
    }

    #[test]
    fn share_saturates_instead_of_wrapping_for_absurd_rates() {
        assert_eq!(share(i64::MAX, u32::MAX, 255), i64::MAX);
        assert_eq!(share(i64::MIN, u32::MAX, 255), i64::MIN);
        assert_eq!(share(i64::MAX, FULL_RATE_BP, 100), i64::MAX);
    }

    #[test]
    fn currency_codes_are_three_capital_letters() {
        for good in ["EUR", "USD", "JPY"] {
            assert!(is_currency_code(good), "{good}");
        }
        for bad in ["eur", "EURO", "EU", "", "E1R", "ÉUR"] {
            assert!(!is_currency_code(bad), "{bad}");
        }
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        assert_eq!(sum_minor([i64::MAX, 1]), i64::MAX);
        assert_eq!(sum_minor([i64::MIN, -1]), i64::MIN);
        assert_eq!(sum_minor([5, -7, 3]), 1);
    }

    proptest! {
        #[test]
        fn share_is_monotone_in_the_base(
            a in -1_000_000_000_000i64..1_000_000_000_000,
            b in -1_000_000_000_000i64..1_000_000_000_000,
            rate in 0u32..=FULL_RATE_BP,
            attribution in 0u8..=100,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(share(lo, rate, attribution) <= share(hi, rate, attribution));
        }

        #[test]
        fn share_never_exceeds_the_base_at_or_below_full_rate_and_attribution(
            base in 0i64..=MAX_VALUE_MINOR,
            rate in 0u32..=FULL_RATE_BP,
            attribution in 0u8..=100,
        ) {
            let amount = share(base, rate, attribution);
            prop_assert!((0..=base).contains(&amount), "{amount} of {base}");
        }

        #[test]
        fn share_is_symmetric_around_zero(
            base in -1_000_000_000_000i64..1_000_000_000_000,
            rate in 0u32..=FULL_RATE_BP,
            attribution in 0u8..=100,
        ) {
            prop_assert_eq!(share(-base, rate, attribution), -share(base, rate, attribution));
        }

        #[test]
        fn share_is_within_half_a_cent_of_the_exact_value(
            base in -1_000_000_000_000i64..1_000_000_000_000,
            rate in 0u32..=FULL_RATE_BP,
            attribution in 0u8..=100,
        ) {
            let exact = i128::from(base) * i128::from(rate) * i128::from(attribution);
            let error = (i128::from(share(base, rate, attribution)) * 1_000_000 - exact).abs();
            prop_assert!(error <= 500_000, "off by {error} millionths of a cent");
        }
    }
}
