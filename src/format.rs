//! Display helpers for times and money in the browser (the clock comes from JavaScript; the
//! formatting rules from the domain crate).

use domain::registration::{DAY, Protection, duration_words, format_money};

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// `2027-02-18`
pub fn date(secs: i64) -> String {
    domain::date::format_date(secs)
}

/// `2027-02-18 14:05 UTC`
pub fn date_time(secs: i64) -> String {
    domain::date::format_date_time(secs)
}

/// `USD 125,000.50`
pub fn money(minor: i64, currency: &str) -> String {
    format!("{currency} {}", format_money(minor))
}

/// "Protected until 2027-02-18 · 88 days left", or how long ago it ended.
pub fn protection(p: Protection, now: i64) -> String {
    if p.is_expired(now) {
        format!("Protection ended {}", date(p.end))
    } else {
        format!(
            "Protected until {} · {} left",
            date(p.end),
            duration_words(p.end - now)
        )
    }
}

/// Whether a protection ends within seven days (the reminder window).
pub fn expiring_soon(p: Protection, now: i64) -> bool {
    p.end > now && p.end - now <= 7 * DAY
}
