//! Calendar dates (proleptic Gregorian, UTC) without a date library: parsing `YYYY-MM-DD`,
//! day arithmetic and formatting Unix times. Kept small on purpose: it ships in the browser
//! bundle, where a general date library costs tens of kilobytes.

use std::fmt;

/// A calendar date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const SECS_PER_DAY: i64 = 86_400;

impl Date {
    /// A valid date, or `None` (e.g. February 30th).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// The UTC date of a Unix time in seconds.
    pub fn from_unix(secs: i64) -> Date {
        Date::from_days(secs.div_euclid(SECS_PER_DAY))
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    pub fn year(self) -> i32 {
        self.year
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `2027-02-18` for a Unix time.
pub fn format_date(secs: i64) -> String {
    Date::from_unix(secs).to_string()
}

/// `2027-02-18 14:05 UTC` for a Unix time.
pub fn format_date_time(secs: i64) -> String {
    let of_day = secs.rem_euclid(SECS_PER_DAY);
    format!(
        "{} {:02}:{:02} UTC",
        Date::from_unix(secs),
        of_day / 3600,
        of_day % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates_convert_both_ways() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::parse_iso("2000-02-29").unwrap().to_days(), 11_016);
        assert_eq!(Date::from_unix(1_795_256_702).to_string(), "2026-11-21");
        assert_eq!(format_date_time(1_795_256_702), "2026-11-21 10:25 UTC");
        assert_eq!(Date::from_unix(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn only_real_iso_dates_parse() {
        assert!(Date::parse_iso("2027-02-28").is_some());
        assert!(
            Date::parse_iso("2100-02-29").is_none(),
            "2100 is not a leap year"
        );
        for bad in [
            "2027-2-28",
            "2027-02-30",
            "27-02-2027",
            "2027/02/01",
            "",
            "2027-13-01",
            "2027-00-10",
            "+027-01-01",
        ] {
            assert!(Date::parse_iso(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn adding_days_crosses_months_and_years() {
        assert_eq!(
            Date::parse_iso("2026-12-31")
                .unwrap()
                .add_days(1)
                .to_string(),
            "2027-01-01"
        );
        assert_eq!(
            Date::parse_iso("2028-02-28")
                .unwrap()
                .add_days(1)
                .to_string(),
            "2028-02-29"
        );
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let d = Date::from_days(days);
            prop_assert_eq!(d.to_days(), days);
            prop_assert_eq!(Date::parse_iso(&d.to_string()), if d.year() >= 0 && d.year() <= 9999 { Some(d) } else { None });
        }

        #[test]
        fn order_follows_time(a in -100_000i64..100_000, b in -100_000i64..100_000) {
            prop_assert_eq!(Date::from_days(a).cmp(&Date::from_days(b)), a.cmp(&b));
        }
    }
}
