//! Statements: what is paid to a partner for a month ([`Period`]), in one currency.
//!
//! [`build_statement`] decides which lines a statement takes and what it pays. A statement is
//! immutable once issued: the lines it took are marked with its id and paid with it; a line
//! approved later, or a correction, goes on a later statement.

use super::line::{LineKind, LineStatus, NewLine};
use super::sum_minor;
use crate::date::Date;
use crate::message::Message;
use std::fmt;
use std::str::FromStr;

/// A calendar month, `YYYY-MM`: a statement's period. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    /// 1 to 12 (private, so every period is a real month).
    month: u8,
}

impl Period {
    /// The month `month` (1 to 12) of `year`, or `None`.
    pub fn new(year: i32, month: u8) -> Option<Period> {
        (1..=12).contains(&month).then_some(Period { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Strict `YYYY-MM` (four-digit year, two-digit month 01 to 12); anything else is
    /// [`Message::NotAPeriod`].
    pub fn parse(s: &str) -> Result<Period, Message> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
            return Err(Message::NotAPeriod);
        }
        let year = s[0..4].parse().map_err(|_| Message::NotAPeriod)?;
        let month = s[5..7].parse().map_err(|_| Message::NotAPeriod)?;
        if (1..=12).contains(&month) {
            Ok(Period { year, month })
        } else {
            Err(Message::NotAPeriod)
        }
    }

    /// The month `date` falls in.
    pub fn of(date: Date) -> Period {
        let year = date.year();
        (1..=12)
            .rev()
            .map(|month| Period { year, month })
            .find(|p| p.first_day() <= date)
            .unwrap_or(Period { year, month: 1 })
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).expect("a period is a real month")
    }

    pub fn last_day(self) -> Date {
        self.next().first_day().add_days(-1)
    }

    /// Whether `date` is in this month.
    pub fn contains(self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The month before (December of the year before for January).
    pub fn previous(self) -> Period {
        match self.month {
            1 => Period {
                year: self.year - 1,
                month: 12,
            },
            m => Period {
                year: self.year,
                month: m - 1,
            },
        }
    }

    /// The month after (January of the year after for December).
    pub fn next(self) -> Period {
        match self.month {
            12 => Period {
                year: self.year + 1,
                month: 1,
            },
            m => Period {
                year: self.year,
                month: m + 1,
            },
        }
    }

    /// The quarter, 1 to 4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = Message;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

/// What a statement needs to know of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementInput {
    pub line_id: i64,
    pub kind: LineKind,
    pub status: LineStatus,
    pub amount_minor: i64,
    pub currency: String,
    /// The won deal's close date (`YYYY-MM-DD`); for an adjustment, the day it was made.
    pub close_date: String,
    /// The statement that already took the line, if any.
    pub statement_id: Option<i64>,
}

/// What a statement pays, and which lines it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementTotals {
    pub period: Period,
    pub currency: String,
    /// The lines the statement takes, in the order given.
    pub line_ids: Vec<i64>,
    /// The base and SPIFF lines.
    pub lines_minor: i64,
    /// The adjustment lines (clawbacks are negative).
    pub adjustments_minor: i64,
    /// What is paid: `lines_minor + adjustments_minor`, or zero when that is negative.
    pub total_minor: i64,
    /// The negative balance carried to the next statement of the currency (zero or less).
    pub carry_forward_minor: i64,
}

impl StatementTotals {
    /// The carried balance as the adjustment line the next period's statement takes (the API
    /// stores it dated the next period's first day), or `None` when nothing is carried.
    pub fn carry_forward_line(&self) -> Option<NewLine> {
        (self.carry_forward_minor < 0).then(|| NewLine {
            kind: LineKind::CarriedForward,
            ..NewLine::adjustment(self.carry_forward_minor, &self.currency, None)
        })
    }
}

/// The statement of `period` in `currency`: one statement per currency, never a conversion.
///
/// It takes every line that
/// - is in `currency` (a line in another currency waits for that currency's statement),
/// - is **approved** (new, on-hold and declined lines are not paid; paid ones were),
/// - is on no statement yet, and
/// - closed (or, for an adjustment, was made) on or before the period's last day; an older line
///   approved late is taken by the next statement, a later one waits for its month.
///
/// Base and SPIFF lines add up to `lines_minor`, adjustments to `adjustments_minor`. The total
/// payable is their sum, **never negative**: a negative balance (clawbacks larger than what is
/// earned) is paid as zero and returned as `carry_forward_minor`, which the next statement of
/// the currency takes as an adjustment ([`StatementTotals::carry_forward_line`]).
pub fn build_statement(
    period: Period,
    currency: &str,
    lines: &[StatementInput],
) -> StatementTotals {
    let last_day = period.last_day();
    let taken: Vec<&StatementInput> = lines
        .iter()
        .filter(|l| {
            l.currency == currency
                && l.status == LineStatus::Approved
                && l.statement_id.is_none()
                && Date::parse_iso(&l.close_date).is_some_and(|d| d <= last_day)
        })
        .collect();
    let of_kind = |adjustment: bool| {
        sum_minor(
            taken
                .iter()
                .filter(|l| l.kind.is_adjustment() == adjustment)
                .map(|l| l.amount_minor),
        )
    };
    let lines_minor = of_kind(false);
    let adjustments_minor = of_kind(true);
    let balance = sum_minor([lines_minor, adjustments_minor]);
    StatementTotals {
        period,
        currency: currency.to_owned(),
        line_ids: taken.iter().map(|l| l.line_id).collect(),
        lines_minor,
        adjustments_minor,
        total_minor: balance.max(0),
        carry_forward_minor: balance.min(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn line(
        id: i64,
        kind: LineKind,
        status: LineStatus,
        amount: i64,
        currency: &str,
        date: &str,
    ) -> StatementInput {
        StatementInput {
            line_id: id,
            kind,
            status,
            amount_minor: amount,
            currency: currency.into(),
            close_date: date.into(),
            statement_id: None,
        }
    }

    #[test]
    fn a_period_parses_from_year_and_month() {
        // Act
        let p = Period::parse("2026-11").unwrap();

        // Assert
        assert_eq!((p.year(), p.month()), (2026, 11));
        assert_eq!(Some(p), Period::new(2026, 11));
        assert_eq!(Period::new(2026, 13), None);
        assert_eq!(p.to_string(), "2026-11");
        assert_eq!("0999-01".parse::<Period>().unwrap().to_string(), "0999-01");
    }

    #[test]
    fn anything_but_a_strict_year_and_month_is_not_a_period() {
        for bad in [
            "",
            "2026",
            "2026-1",
            "2026-13",
            "2026-00",
            "26-11",
            "2026/11",
            "2026-11-01",
            "+026-11",
            "2026-1a",
            " 2026-11",
            "２０２６-11",
        ] {
            assert_eq!(Period::parse(bad), Err(Message::NotAPeriod), "{bad:?}");
        }
        let m = crate::message::english("period", &Message::NotAPeriod);
        assert!(m.contains("YYYY-MM"), "{m}");
    }

    #[test]
    fn a_period_knows_its_first_and_last_day_including_leap_februaries() {
        assert_eq!(
            Period::parse("2026-11").unwrap().first_day(),
            day("2026-11-01")
        );
        assert_eq!(
            Period::parse("2026-11").unwrap().last_day(),
            day("2026-11-30")
        );
        assert_eq!(
            Period::parse("2028-02").unwrap().last_day(),
            day("2028-02-29")
        );
        assert_eq!(
            Period::parse("2027-02").unwrap().last_day(),
            day("2027-02-28")
        );
        assert_eq!(
            Period::parse("2026-12").unwrap().last_day(),
            day("2026-12-31")
        );
    }

    #[test]
    fn a_period_contains_its_days_and_no_others() {
        let p = Period::parse("2026-11").unwrap();
        assert!(!p.contains(day("2026-10-31")));
        assert!(p.contains(day("2026-11-01")));
        assert!(p.contains(day("2026-11-30")));
        assert!(!p.contains(day("2026-12-01")));
        assert_eq!(Period::of(day("2026-11-30")), p);
        assert_eq!(
            Period::of(day("2026-01-01")),
            Period::parse("2026-01").unwrap()
        );
    }

    #[test]
    fn the_month_before_january_is_last_december() {
        assert_eq!(
            Period::parse("2026-01").unwrap().previous(),
            Period::parse("2025-12").unwrap()
        );
        assert_eq!(
            Period::parse("2026-11").unwrap().previous(),
            Period::parse("2026-10").unwrap()
        );
        assert_eq!(
            Period::parse("2026-12").unwrap().next(),
            Period::parse("2027-01").unwrap()
        );
        assert_eq!(Period::parse("2026-12").unwrap().quarter(), 4);
        assert_eq!(Period::parse("2026-04").unwrap().quarter(), 2);
    }

    #[test]
    fn a_statement_takes_approved_lines_of_its_currency_up_to_the_period_end() {
        use LineKind::*;
        use LineStatus::*;
        // Arrange
        let mut on_other_statement = line(7, Base, Approved, 1, "EUR", "2026-11-01");
        on_other_statement.statement_id = Some(3);
        let lines = [
            line(1, Base, Approved, 600_000, "EUR", "2026-11-20"),
            line(2, Spiff, Approved, 25_000, "EUR", "2026-11-30"),
            line(3, Base, Approved, 900_000, "USD", "2026-11-20"),
            line(4, Base, New, 100, "EUR", "2026-11-20"),
            line(5, Base, OnHold, 100, "EUR", "2026-11-20"),
            line(6, Base, Declined, 100, "EUR", "2026-11-20"),
            on_other_statement,
            line(8, Base, Paid, 100, "EUR", "2026-11-02"),
            line(9, Base, Approved, 100, "EUR", "2026-12-01"),
            line(10, Base, Approved, 40_000, "EUR", "2026-09-15"),
            line(11, Adjustment, Approved, -15_000, "EUR", "2026-11-25"),
            line(12, Base, Approved, 100, "EUR", "not a date"),
        ];

        // Act
        let s = build_statement(Period::parse("2026-11").unwrap(), "EUR", &lines);

        // Assert
        assert_eq!(s.line_ids, [1, 2, 10, 11]);
        assert_eq!(s.lines_minor, 665_000);
        assert_eq!(s.adjustments_minor, -15_000);
        assert_eq!(s.total_minor, 650_000);
        assert_eq!(s.carry_forward_minor, 0);
        assert_eq!(s.carry_forward_line(), None);
    }

    #[test]
    fn each_currency_gets_its_own_statement() {
        let lines = [
            line(
                1,
                LineKind::Base,
                LineStatus::Approved,
                500,
                "EUR",
                "2026-11-20",
            ),
            line(
                2,
                LineKind::Base,
                LineStatus::Approved,
                700,
                "USD",
                "2026-11-20",
            ),
        ];
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(build_statement(p, "USD", &lines).line_ids, [2]);
        assert_eq!(build_statement(p, "USD", &lines).total_minor, 700);
        assert_eq!(
            build_statement(p, "GBP", &lines).line_ids,
            Vec::<i64>::new()
        );
    }

    #[test]
    fn a_negative_balance_pays_nothing_and_carries_forward() {
        // Arrange: 100.00 earned, a 250.00 clawback.
        let lines = [
            line(
                1,
                LineKind::Base,
                LineStatus::Approved,
                10_000,
                "EUR",
                "2026-11-20",
            ),
            line(
                2,
                LineKind::Adjustment,
                LineStatus::Approved,
                -25_000,
                "EUR",
                "2026-11-21",
            ),
        ];

        // Act
        let s = build_statement(Period::parse("2026-11").unwrap(), "EUR", &lines);

        // Assert
        assert_eq!(s.line_ids, [1, 2]);
        assert_eq!(s.total_minor, 0);
        assert_eq!(s.carry_forward_minor, -15_000);
        let carried = s.carry_forward_line().unwrap();
        assert_eq!(
            (carried.kind, carried.amount_minor),
            (LineKind::CarriedForward, -15_000)
        );
        assert_eq!(carried.currency, "EUR");
    }

    fn any_line() -> impl Strategy<Value = StatementInput> {
        (
            prop::sample::select(LineKind::ALL.to_vec()),
            prop::sample::select(LineStatus::ALL.to_vec()),
            -10_000_000i64..10_000_000,
            prop::sample::select(vec!["EUR", "USD"]),
            1u8..=28,
            prop::sample::select(vec![10u8, 11, 12]),
            prop::option::of(1i64..5),
        )
            .prop_map(|(kind, status, amount, currency, d, m, statement_id)| {
                StatementInput {
                    line_id: 0,
                    kind,
                    status,
                    amount_minor: amount,
                    currency: currency.into(),
                    close_date: format!("2026-{m:02}-{d:02}"),
                    statement_id,
                }
            })
    }

    proptest! {
        #[test]
        fn the_total_is_the_sum_of_the_lines_taken_when_not_negative(
            mut lines in prop::collection::vec(any_line(), 0..40),
        ) {
            for (i, l) in lines.iter_mut().enumerate() {
                l.line_id = i as i64;
            }
            let s = build_statement(Period::parse("2026-11").unwrap(), "EUR", &lines);
            let eligible: Vec<i64> = lines.iter()
                .filter(|l| l.currency == "EUR" && l.status == LineStatus::Approved
                    && l.statement_id.is_none() && l.close_date.as_str() <= "2026-11-30")
                .map(|l| l.line_id)
                .collect();
            prop_assert_eq!(&s.line_ids, &eligible);
            let taken: i64 = lines.iter()
                .filter(|l| s.line_ids.contains(&l.line_id))
                .map(|l| l.amount_minor)
                .sum();
            prop_assert_eq!(s.lines_minor + s.adjustments_minor, taken);
            if taken >= 0 {
                prop_assert_eq!(s.total_minor, taken);
                prop_assert_eq!(s.carry_forward_minor, 0);
            } else {
                prop_assert_eq!(s.total_minor, 0);
                prop_assert_eq!(s.carry_forward_minor, taken);
            }
        }
    }
}
