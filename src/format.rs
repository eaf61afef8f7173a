//! Display helpers for times, numbers and money in the browser, per the UI's locale (the
//! browser's `Intl` does the formatting; the clock comes from JavaScript; durations and
//! protection rules from the domain crate). Dates are calendar days in UTC, as the server
//! stores them.

use crate::i18n::{Locale, locale, tf, tn};
use domain::date::Date;
use domain::registration::{DAY, HOUR, Protection, SlaClock, format_money};
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales() -> Array {
    Array::of1(&JsValue::from_str(locale().tag()))
}

fn intl_date(secs: i64, with_time: bool) -> Option<String> {
    let mut pairs = vec![("timeZone", "UTC"), ("dateStyle", "medium")];
    if with_time {
        pairs.push(("timeStyle", "short"));
    }
    let f = Intl::DateTimeFormat::new(&locales(), &options(&pairs));
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    f.format().call1(&JsValue::NULL, &d).ok()?.as_string()
}

/// A day, e.g. "Feb 18, 2027" / "18.02.2027".
pub fn date(secs: i64) -> String {
    intl_date(secs, false).unwrap_or_else(|| domain::date::format_date(secs))
}

/// A day and time in UTC, e.g. "Feb 18, 2027, 2:05 PM UTC" / "18.02.2027, 14:05 UTC".
pub fn date_time(secs: i64) -> String {
    intl_date(secs, true)
        .map(|s| format!("{s} UTC"))
        .unwrap_or_else(|| domain::date::format_date_time(secs))
}

/// An ISO day (`2026-11-05`) in the locale's format; the text itself when it is not a date.
pub fn iso_date(day: &str) -> String {
    Date::parse_iso(day).map_or_else(|| day.to_owned(), |d| date(d.to_days() * DAY))
}

/// A whole number with the locale's grouping, e.g. "12,500" / "12.500".
#[cfg(target_arch = "wasm32")]
pub fn number(n: i64) -> String {
    let f = Intl::NumberFormat::new(&locales(), &Object::new());
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// [`number`] outside a browser (the native unit tests): thousands grouped as the locale does.
#[cfg(not(target_arch = "wasm32"))]
pub fn number(n: i64) -> String {
    let sep = match locale() {
        Locale::En => ',',
        Locale::De => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// Money from minor units, e.g. "$125,000.50" / "125.000,50 $".
pub fn money(minor: i64, currency: &str) -> String {
    let f = Intl::NumberFormat::new(
        &locales(),
        &options(&[("style", "currency"), ("currency", currency)]),
    );
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(minor as f64 / 100.0))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{currency} {}", format_money(minor)))
}

/// An amount as typed in the UI's language, rewritten the way the domain reads it
/// (`125000.50`). German writes "125.000,50": with a comma, the comma is the decimal mark and
/// dots group thousands; without one, dots count as grouping only when each is followed by
/// exactly three digits ("125.000"), so "9950.5" keeps its decimal point. English input is
/// left as it is.
pub fn amount_input(text: &str) -> String {
    amount_input_in(text, locale())
}

fn amount_input_in(text: &str, l: Locale) -> String {
    let text = text.trim();
    if l != Locale::De {
        return text.to_owned();
    }
    if text.contains(',') {
        text.chars()
            .filter(|c| *c != '.' && !c.is_whitespace())
            .map(|c| if c == ',' { '.' } else { c })
            .collect()
    } else if text.contains('.')
        && text
            .split('.')
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    {
        text.replace('.', "")
    } else {
        text.to_owned()
    }
}

/// A calendar month (`2026-11`) as the locale names it, e.g. "November 2026" / "November
/// 2026"; the text itself when it is not a month.
pub fn month(period: &str) -> String {
    let Ok(p) = domain::commission::Period::parse(period) else {
        return period.to_owned();
    };
    let f = Intl::DateTimeFormat::new(
        &locales(),
        &options(&[("timeZone", "UTC"), ("month", "long"), ("year", "numeric")]),
    );
    let d = js_sys::Date::new(&JsValue::from_f64(
        (p.first_day().to_days() * DAY) as f64 * 1000.0,
    ));
    f.format()
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| period.to_owned())
}

/// A month's short name (1 = January), e.g. "Jan" / "Jan.", for a chart's axis.
pub fn month_short(month: u8) -> String {
    let f = Intl::DateTimeFormat::new(
        &locales(),
        &options(&[("timeZone", "UTC"), ("month", "short")]),
    );
    let days = Date::new(2026, month, 1).map_or(0, Date::to_days);
    let d = js_sys::Date::new(&JsValue::from_f64((days * DAY) as f64 * 1000.0));
    f.format()
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| month.to_string())
}

fn intl_percent(fraction: f64) -> Option<String> {
    let f = Intl::NumberFormat::new(
        &locales(),
        &options(&[("style", "percent"), ("maximumFractionDigits", "2")]),
    );
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(fraction))
        .ok()?
        .as_string()
}

/// A rate in basis points as a percentage, e.g. 1 250 bp → "12.5%" / "12,5 %".
pub fn rate_bp(bp: u32) -> String {
    intl_percent(f64::from(bp) / 10_000.0)
        .unwrap_or_else(|| format!("{}.{:02} %", bp / 100, bp % 100))
}

/// A whole percentage, e.g. "50%" / "50 %".
pub fn percent(n: u8) -> String {
    intl_percent(f64::from(n) / 100.0).unwrap_or_else(|| format!("{n} %"))
}

/// Today in the browser's time zone as `YYYY-MM-DD` (what a date field holds).
pub fn today_iso() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// A time span in words, rounded up: minutes under an hour, hours up to three days, then days.
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < HOUR {
        tf("format.min", &[("n", &((secs + 59) / 60))])
    } else if secs <= 3 * DAY {
        tf("format.h", &[("n", &((secs + HOUR - 1) / HOUR))])
    } else {
        tn("format.days", (secs + DAY - 1) / DAY)
    }
}

/// "Protected until Feb 18, 2027 · 88 days left", or when it ended.
pub fn protection(p: Protection, now: i64) -> String {
    if p.is_expired(now) {
        tf("format.protection_ended", &[("date", &date(p.end))])
    } else {
        tf(
            "format.protected_until_left",
            &[("date", &date(p.end)), ("left", &duration(p.end - now))],
        )
    }
}

/// The approval clock: "decision due in 31 h" or "decision overdue by 5 h".
pub fn sla(clock: SlaClock, now: i64) -> String {
    if now > clock.due_at {
        tf(
            "format.decision_overdue_by",
            &[("time", &duration(now - clock.due_at))],
        )
    } else {
        tf(
            "format.decision_due_in",
            &[("time", &duration(clock.due_at - now))],
        )
    }
}

/// Whether a protection ends within seven days (the reminder window).
pub fn expiring_soon(p: Protection, now: i64) -> bool {
    p.end > now && p.end - now <= 7 * DAY
}

/// Every country the form offers as (ISO code, name in the UI's language), sorted by that
/// name as the language sorts: the browser's `Intl.DisplayNames` and `Intl.Collator` give both,
/// so no table of names ships in the bundle; where the browser has no name the domain's English
/// one stands in.
pub fn countries() -> Vec<(String, String)> {
    let names = Intl::DisplayNames::new(&locales(), &options(&[("type", "region")]));
    let mut list: Vec<(String, String)> = domain::countries::COUNTRIES
        .iter()
        .map(|(code, english)| {
            let name = names
                .of(code)
                .map(String::from)
                .filter(|n| !n.is_empty() && n != code)
                .unwrap_or_else(|| (*english).to_owned());
            ((*code).to_owned(), name)
        })
        .collect();
    let compare = Intl::Collator::new(&locales(), &Object::new()).compare();
    list.sort_by(|a, b| {
        let order = compare
            .call2(&JsValue::NULL, &a.1.as_str().into(), &b.1.as_str().into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        order.total_cmp(&0.0)
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_amounts_are_read_the_german_way() {
        let de = |s| amount_input_in(s, Locale::De);
        assert_eq!(de("125.000,50"), "125000.50");
        assert_eq!(de("125.000"), "125000");
        assert_eq!(de("1.250.000"), "1250000");
        assert_eq!(de("9950,5"), "9950.5");
        assert_eq!(de(" 12 500,00 "), "12500.00");
        assert_eq!(
            de("9950.5"),
            "9950.5",
            "a point before one or two digits is a decimal point"
        );
        assert_eq!(de("125000"), "125000");
        // Three decimals stay three decimals, so the domain refuses them instead of guessing.
        assert_eq!(de("125,000"), "125.000");
        assert_eq!(
            domain::registration::parse_money(&de("125,000")),
            Err(domain::message::Message::TwoDecimals)
        );
        assert_eq!(
            domain::registration::parse_money(&de("125.000,50")),
            Ok(12_500_050)
        );
    }

    #[test]
    fn english_amounts_are_left_as_typed() {
        assert_eq!(amount_input_in("125,000.50", Locale::En), "125,000.50");
        assert_eq!(amount_input_in("9950.5", Locale::En), "9950.5");
    }
}
