//! Deal registrations: the form's input and its validation (run in the browser and the API),
//! the status lifecycle, protection windows and the approval SLA clock.

use crate::countries::country_name;
use crate::customer::registrable_domain;
use crate::date::Date;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::{EmailAddress, Motion};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const HOUR: i64 = 3600;
pub const DAY: i64 = 86_400;
/// A reminder is due this long before protection ends.
pub const REMINDER_BEFORE: i64 = 7 * DAY;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Approved,
    Rejected,
    Expired,
    Won,
    Lost,
}

impl Status {
    /// The status as of `now`: an approval whose protection has ended is expired, whether or
    /// not the sweeper has stored that yet, so no reader ever sees a lapsed protection as live.
    pub fn at(self, protection_end: Option<i64>, now: i64) -> Status {
        match (self, protection_end) {
            (Status::Approved, Some(end)) if end <= now => Status::Expired,
            (s, _) => s,
        }
    }

    pub const ALL: [Status; 6] = [
        Status::Submitted,
        Status::Approved,
        Status::Rejected,
        Status::Expired,
        Status::Won,
        Status::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Expired => "expired",
            Status::Won => "won",
            Status::Lost => "lost",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "Awaiting decision",
            Status::Approved => "Approved",
            Status::Rejected => "Rejected",
            Status::Expired => "Expired",
            Status::Won => "Won",
            Status::Lost => "Lost",
        }
    }

    /// The catalog id of [`Status::label`] (`status.approved`).
    pub fn label_id(self) -> &'static str {
        match self {
            Status::Submitted => "status.submitted",
            Status::Approved => "status.approved",
            Status::Rejected => "status.rejected",
            Status::Expired => "status.expired",
            Status::Won => "status.won",
            Status::Lost => "status.lost",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something that changes a registration's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Approve,
    Reject,
    Expire,
    Extend,
    MarkWon,
    MarkLost,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Expire => "expire",
            Action::Extend => "extend the protection of",
            Action::MarkWon => "mark as won",
            Action::MarkLost => "mark as lost",
        }
    }
}

/// A transition the lifecycle does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A registration that is {} cannot be changed to {}: only {}.", from.label().to_lowercase(), action.verb(), allowed(*from))]
pub struct InvalidTransition {
    pub from: Status,
    pub action: Action,
}

impl InvalidTransition {
    /// What the person who asked is told.
    pub fn message(&self) -> Message {
        match self.from {
            Status::Submitted => Message::NotYetApproved,
            Status::Approved => Message::AlreadyDecided { status: self.from },
            closed => Message::Closed { status: closed },
        }
    }
}

fn allowed(from: Status) -> &'static str {
    match from {
        Status::Submitted => "approval or rejection is possible while it awaits a decision",
        Status::Approved => "expiry, extension, won or lost follow approval",
        _ => "no further change is possible once it is closed",
    }
}

/// The lifecycle: submitted → approved | rejected; approved → expired | won | lost (or extended).
pub fn transition(from: Status, action: Action) -> Result<Status, InvalidTransition> {
    use Action::*;
    use Status::*;
    match (from, action) {
        (Submitted, Approve) => Ok(Approved),
        (Submitted, Reject) => Ok(Rejected),
        (Approved, Expire) => Ok(Expired),
        (Approved, Extend) => Ok(Approved),
        (Approved, MarkWon) => Ok(Won),
        (Approved, MarkLost) => Ok(Lost),
        _ => Err(InvalidTransition { from, action }),
    }
}

/// Protection that starts at approval and lasts `window_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Protection {
    pub start: i64,
    pub end: i64,
}

impl Protection {
    pub fn starting(at: i64, window_days: i64) -> Self {
        Protection {
            start: at,
            end: at + window_days * DAY,
        }
    }

    pub fn extended(self, days: i64) -> Self {
        Protection {
            end: self.end + days * DAY,
            ..self
        }
    }

    pub fn reminder_due(self) -> i64 {
        self.end - REMINDER_BEFORE
    }

    pub fn is_expired(self, now: i64) -> bool {
        now >= self.end
    }

    /// Within the last seven days, not yet expired: the partner should be reminded.
    pub fn needs_reminder(self, now: i64) -> bool {
        now >= self.reminder_due() && !self.is_expired(now)
    }
}

/// The approval clock of a submitted registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaClock {
    pub due_at: i64,
    pub overdue: bool,
}

impl SlaClock {
    pub fn new(submitted_at: i64, sla_hours: i64, now: i64) -> Self {
        let due_at = submitted_at + sla_hours * HOUR;
        SlaClock {
            due_at,
            overdue: now > due_at,
        }
    }

    /// "decision due in 31 h", "decision overdue by 5 h".
    pub fn describe(self, now: i64) -> String {
        if now > self.due_at {
            format!("decision overdue by {}", duration_words(now - self.due_at))
        } else {
            format!("decision due in {}", duration_words(self.due_at - now))
        }
    }
}

/// "45 min", "31 h" (up to 72 h), "5 days" (rounded up, so "due in 1 h" never means already due).
pub fn duration_words(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < HOUR {
        format!("{} min", (secs + 59) / 60)
    } else if secs <= 3 * DAY {
        format!("{} h", (secs + HOUR - 1) / HOUR)
    } else {
        format!("{} days", (secs + DAY - 1) / DAY)
    }
}

/// Partner-originated or partner-influenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    Sourced,
    Influenced,
}

impl Attribution {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sourced" => Some(Attribution::Sourced),
            "influenced" => Some(Attribution::Influenced),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Sourced => "sourced",
            Attribution::Influenced => "influenced",
        }
    }
}

/// Currencies the program accepts for estimated values.
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "SGD", "INR", "BRL",
    "MXN",
];

/// The registration form, exactly as typed. Text fields are kept as text so that every problem
/// can be reported against its field; [`RegistrationInput::validate`] turns it into a
/// [`ValidRegistration`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RegistrationInput {
    /// referral, reseller, marketplace, services or tech.
    pub motion: String,
    /// A registration category the partner's tier offers (`standard` for everyone).
    pub category: String,
    pub customer_legal_name: String,
    /// The customer's web domain, e.g. `acme.com` (a URL is accepted too).
    pub customer_domain: String,
    /// ISO 3166-1 alpha-2 code, e.g. `DE`.
    pub customer_country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_role: String,
    /// One or more products.
    pub products: Vec<String>,
    /// A positive decimal number with at most two decimals, e.g. `125000` or `9950.50`.
    pub estimated_value: String,
    /// ISO 4217 code from the program's list.
    pub currency: String,
    /// `YYYY-MM-DD`, today or later.
    pub expected_close: String,
    /// `sourced` or `influenced`.
    pub attribution: String,
    /// Whole number from 1 to 100.
    pub attribution_percent: String,
    /// `true` when the partner already serves this customer (incumbent).
    pub incumbent: bool,
    pub notes: String,
}

/// A registration whose every field passed the program's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub motion: Motion,
    pub category: String,
    pub customer_legal_name: String,
    /// Registrable domain (folded).
    pub customer_domain: String,
    pub customer_country: String,
    pub contact_name: String,
    pub contact_email: EmailAddress,
    pub contact_role: String,
    pub products: Vec<String>,
    /// In minor units (cents).
    pub value_minor: i64,
    pub currency: String,
    pub expected_close: Date,
    pub attribution: Attribution,
    pub attribution_percent: u8,
    pub incumbent: bool,
    pub notes: String,
}

/// What validation needs to know besides the input.
pub struct Context<'a> {
    pub today: Date,
    /// Category codes the partner's tier may use.
    pub categories: &'a [String],
}

pub const MAX_NAME: usize = 200;
pub const MAX_NOTES: usize = 2000;
pub const MAX_PRODUCTS: usize = 20;
/// Largest estimated value accepted, in whole currency units.
pub const MAX_VALUE: i64 = 10_000_000_000;

impl RegistrationInput {
    /// The form's fields in the order people fill them (error keys use these names).
    pub const FIELDS: [&'static str; 16] = [
        "motion",
        "category",
        "products",
        "estimated_value",
        "currency",
        "expected_close",
        "attribution",
        "attribution_percent",
        "customer_legal_name",
        "customer_domain",
        "customer_country",
        "incumbent",
        "contact_name",
        "contact_email",
        "contact_role",
        "notes",
    ];

    /// Checks every field; errors are keyed by field name and say how to fix the value.
    pub fn validate(&self, ctx: &Context<'_>) -> Result<ValidRegistration, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut err = |field: &str, msg: Message| {
            errors.entry(field.to_owned()).or_insert(msg);
        };

        let motion = self.motion.parse::<Motion>().ok();
        if motion.is_none() {
            err("motion", Message::Choose);
        }
        let category = if self.category.trim().is_empty() {
            "standard".to_owned()
        } else {
            self.category.trim().to_owned()
        };
        if !ctx.categories.contains(&category) {
            err("category", Message::Choose);
        }
        let legal_name = text_field(
            &mut err,
            "customer_legal_name",
            &self.customer_legal_name,
            2,
            MAX_NAME,
        );
        let domain = registrable_domain(&self.customer_domain);
        if self.customer_domain.trim().is_empty() {
            err("customer_domain", Message::Required);
        } else if domain.is_none() {
            err("customer_domain", Message::NotADomain);
        }
        let country = self.customer_country.trim().to_ascii_uppercase();
        if country_name(&country).is_none() {
            err("customer_country", Message::Choose);
        }
        let contact_name = text_field(&mut err, "contact_name", &self.contact_name, 2, 120);
        let contact_email = match EmailAddress::parse(&self.contact_email) {
            Ok(e) => Some(e),
            Err(e) => {
                // The catalog words it for the customer's contact, not "your" address.
                err("contact_email", e.into());
                None
            }
        };
        let contact_role = text_field(&mut err, "contact_role", &self.contact_role, 2, 120);
        let products: Vec<String> = self
            .products
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if products.is_empty() {
            err("products", Message::Required);
        } else if products.len() > MAX_PRODUCTS {
            err(
                "products",
                Message::TooMany {
                    max: MAX_PRODUCTS as u32,
                },
            );
        } else if let Some(bad) = products
            .iter()
            .find(|p| p.chars().count() > 100 || p.chars().any(char::is_control))
        {
            err(
                "products",
                Message::BadProductName {
                    start: bad.chars().take(20).collect(),
                },
            );
        }
        let value_minor = match parse_money(&self.estimated_value) {
            Ok(v) => Some(v),
            Err(msg) => {
                err("estimated_value", msg);
                None
            }
        };
        let currency = self.currency.trim().to_ascii_uppercase();
        if !CURRENCIES.contains(&currency.as_str()) {
            err("currency", Message::Choose);
        }
        let close = match Date::parse_iso(self.expected_close.trim()) {
            Some(d) if d < ctx.today => {
                err("expected_close", Message::DateInPast);
                None
            }
            Some(d) if d > ctx.today.add_days(3 * 365) => {
                err("expected_close", Message::DateTooFar);
                None
            }
            Some(d) => Some(d),
            None => {
                err("expected_close", Message::NotADate);
                None
            }
        };
        let attribution = Attribution::parse(self.attribution.trim());
        if attribution.is_none() {
            err("attribution", Message::Choose);
        }
        let percent = match self.attribution_percent.trim().parse::<u8>() {
            Ok(p @ 1..=100) => Some(p),
            _ => {
                err(
                    "attribution_percent",
                    Message::WholeNumber { min: 1, max: 100 },
                );
                None
            }
        };
        let notes = self.notes.trim().to_owned();
        if notes.chars().count() > MAX_NOTES {
            err(
                "notes",
                Message::TooLongBy {
                    max: MAX_NOTES as u32,
                    over: (notes.chars().count() - MAX_NOTES) as u32,
                },
            );
        } else if notes
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            err("notes", Message::ControlCharactersBeyondBreaks);
        }

        match (
            motion,
            legal_name,
            domain,
            contact_name,
            contact_email,
            contact_role,
            value_minor,
            close,
            attribution,
            percent,
        ) {
            (
                Some(motion),
                Some(name),
                Some(domain),
                Some(cn),
                Some(ce),
                Some(cr),
                Some(v),
                Some(close),
                Some(a),
                Some(p),
            ) if errors.is_empty() => Ok(ValidRegistration {
                motion,
                category,
                customer_legal_name: name,
                customer_domain: domain,
                customer_country: country,
                contact_name: cn,
                contact_email: ce,
                contact_role: cr,
                products,
                value_minor: v,
                currency,
                expected_close: close,
                attribution: a,
                attribution_percent: p,
                incumbent: self.incumbent,
                notes,
            }),
            _ => Err(errors),
        }
    }

    /// The single field `name`'s message, for inline checking as the user leaves it.
    pub fn field_error(&self, name: &str, ctx: &Context<'_>) -> Option<Message> {
        self.validate(ctx).err().and_then(|mut e| e.remove(name))
    }
}

/// Required single-line text of `min..=max` characters with no control characters.
pub(crate) fn text_field(
    err: &mut impl FnMut(&str, Message),
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    let n = v.chars().count();
    if n == 0 {
        err(field, Message::Required);
        None
    } else if n < min {
        err(field, Message::TooShort { min: min as u32 });
        None
    } else if n > max {
        err(field, Message::TooLong { max: max as u32 });
        None
    } else if v.chars().any(char::is_control) {
        err(field, Message::ControlCharacters);
        None
    } else {
        Some(v.to_owned())
    }
}

/// "125000", "125,000.50", "9950.5" → minor units. Thousands separators (`,` or space) allowed.
pub fn parse_money(input: &str) -> Result<i64, Message> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != ' ' && *c != '\u{a0}')
        .collect();
    if s.is_empty() {
        return Err(Message::Required);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Message::NotANumber);
    }
    if frac.len() > 2 {
        return Err(Message::TwoDecimals);
    }
    let whole: i64 = whole.parse().map_err(|_| Message::ValueTooLarge)?;
    if whole > MAX_VALUE {
        return Err(Message::ValueTooLarge);
    }
    let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let minor = whole * 100 + cents;
    if minor == 0 {
        return Err(Message::NotPositive);
    }
    Ok(minor)
}

/// Minor units as "125,000.50" (no currency).
pub fn format_money(minor: i64) -> String {
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match minor % 100 {
        0 => grouped,
        c => format!("{grouped}.{c:02}"),
    }
}

/// A registration number as shown to people: `R-48213377` (ids are drawn at random, so the
/// numbers say nothing of the program's volume; rows stored before that keep short ones, `R-000042`).
pub fn registration_number(id: i64) -> String {
    format!("R-{id:06}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::new(2026, 11, 21).unwrap()
    }

    fn categories() -> Vec<String> {
        vec!["standard".into()]
    }

    pub fn valid_input() -> RegistrationInput {
        RegistrationInput {
            motion: "reseller".into(),
            category: "standard".into(),
            customer_legal_name: "Globex Corporation".into(),
            customer_domain: "https://www.globex.com".into(),
            customer_country: "us".into(),
            contact_name: "Hank Scorpio".into(),
            contact_email: "hank@globex.com".into(),
            contact_role: "CEO".into(),
            products: vec!["Analytics".into(), " ".into()],
            estimated_value: "125,000.5".into(),
            currency: "usd".into(),
            expected_close: "2027-02-01".into(),
            attribution: "sourced".into(),
            attribution_percent: "100".into(),
            incumbent: false,
            notes: "Met at the summit.".into(),
        }
    }

    #[test]
    fn a_complete_form_validates_and_normalises() {
        let cats = categories();
        let v = valid_input()
            .validate(&Context {
                today: today(),
                categories: &cats,
            })
            .unwrap();
        assert_eq!(v.customer_domain, "globex.com");
        assert_eq!(v.customer_country, "US");
        assert_eq!(v.currency, "USD");
        assert_eq!(v.value_minor, 12_500_050);
        assert_eq!(v.products, vec!["Analytics".to_owned()]);
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let cats = categories();
        let errors = RegistrationInput::default()
            .validate(&Context {
                today: today(),
                categories: &cats,
            })
            .unwrap_err();
        let optional = ["category", "incumbent", "notes"];
        for field in RegistrationInput::FIELDS
            .iter()
            .filter(|f| !optional.contains(f))
        {
            assert!(errors.contains_key(*field), "{field} has no message");
        }
        assert!(
            !errors.contains_key("category"),
            "an empty category means standard"
        );
        assert!(!errors.contains_key("notes"));
    }

    #[test]
    fn each_bad_value_gets_a_message_that_says_how_to_fix_it() {
        let cats = categories();
        let ctx = Context {
            today: today(),
            categories: &cats,
        };
        let check = |f: fn(&mut RegistrationInput), field: &str, needle: &str| {
            let mut input = valid_input();
            f(&mut input);
            let msg = input
                .field_error(field, &ctx)
                .unwrap_or_else(|| panic!("{field} accepted"));
            let msg = crate::message::english(field, &msg);
            assert!(msg.contains(needle), "{field}: {msg}");
        };
        check(
            |i| i.customer_domain = "not a domain".into(),
            "customer_domain",
            "like acme.com",
        );
        check(
            |i| i.customer_country = "XX".into(),
            "customer_country",
            "country",
        );
        check(|i| i.contact_email = "hank@".into(), "contact_email", "@");
        check(
            |i| i.estimated_value = "12k".into(),
            "estimated_value",
            "number",
        );
        check(
            |i| i.estimated_value = "0".into(),
            "estimated_value",
            "more than zero",
        );
        check(
            |i| i.estimated_value = "1.234".into(),
            "estimated_value",
            "two decimals",
        );
        check(
            |i| i.expected_close = "2020-01-01".into(),
            "expected_close",
            "past",
        );
        check(
            |i| i.expected_close = "next week".into(),
            "expected_close",
            "YYYY-MM-DD",
        );
        check(
            |i| i.attribution_percent = "101".into(),
            "attribution_percent",
            "1 to 100",
        );
        check(
            |i| i.category = "strategic".into(),
            "category",
            "tier offers",
        );
        check(
            |i| i.customer_legal_name = "Globex\u{7}".into(),
            "customer_legal_name",
            "control",
        );
        check(
            |i| i.notes = "x".repeat(MAX_NOTES + 5),
            "notes",
            "shorten them by 5",
        );
        check(|i| i.motion = "wholesale".into(), "motion", "referral");
    }

    #[test]
    fn a_tier_category_is_accepted_only_when_the_tier_offers_it() {
        let gold = vec!["standard".to_owned(), "strategic_account".to_owned()];
        let mut input = valid_input();
        input.category = "strategic_account".into();
        assert!(
            input
                .validate(&Context {
                    today: today(),
                    categories: &gold
                })
                .is_ok()
        );
        assert!(
            input
                .validate(&Context {
                    today: today(),
                    categories: &categories()
                })
                .is_err()
        );
    }

    #[test]
    fn the_lifecycle_allows_only_its_transitions() {
        use Action::*;
        use Status::*;
        assert_eq!(transition(Submitted, Approve), Ok(Approved));
        assert_eq!(transition(Submitted, Reject), Ok(Rejected));
        assert_eq!(transition(Approved, Expire), Ok(Expired));
        assert_eq!(transition(Approved, Extend), Ok(Approved));
        let e = transition(Rejected, Approve).unwrap_err();
        assert!(e.to_string().contains("rejected"), "{e}");
        for action in [Approve, Reject, Expire, Extend, MarkWon, MarkLost] {
            for closed in [Rejected, Expired, Won, Lost] {
                assert!(transition(closed, action).is_err(), "{closed} → {action:?}");
            }
        }
        assert!(transition(Submitted, Extend).is_err());
        assert!(transition(Approved, Approve).is_err());
    }

    #[test]
    fn protection_lasts_the_window_and_reminds_seven_days_before_expiry() {
        let p = Protection::starting(0, 90);
        assert_eq!(p.end, 90 * DAY);
        assert!(!p.needs_reminder(82 * DAY));
        assert!(p.needs_reminder(83 * DAY));
        assert!(!p.is_expired(90 * DAY - 1));
        assert!(p.is_expired(90 * DAY));
        assert!(!p.needs_reminder(90 * DAY));
        assert_eq!(p.extended(30).end, 120 * DAY);
    }

    #[test]
    fn the_sla_clock_reads_like_a_person_wrote_it() {
        let clock = SlaClock::new(0, 48, 17 * HOUR);
        assert!(!clock.overdue);
        assert_eq!(clock.describe(17 * HOUR), "decision due in 31 h");
        let late = SlaClock::new(0, 48, 53 * HOUR);
        assert!(late.overdue);
        assert_eq!(late.describe(53 * HOUR), "decision overdue by 5 h");
        assert_eq!(duration_words(90), "2 min");
        assert_eq!(duration_words(5 * DAY), "5 days");
        assert_eq!(duration_words(48 * HOUR), "48 h");
    }

    #[test]
    fn money_is_parsed_and_formatted_in_minor_units() {
        assert_eq!(parse_money("125000"), Ok(12_500_000));
        assert_eq!(parse_money("1 250.5"), Ok(125_050));
        assert_eq!(
            parse_money("1,250"),
            Ok(125_000),
            "a comma groups thousands"
        );
        assert!(parse_money("-5").is_err());
        assert!(parse_money("").is_err());
        assert!(parse_money("99999999999").is_err());
        assert_eq!(format_money(12_500_050), "125,000.50");
        assert_eq!(format_money(100), "1");
        assert_eq!(registration_number(42), "R-000042");
    }

    proptest! {
        #[test]
        fn money_round_trips(minor in 1i64..1_000_000_000_000) {
            prop_assert_eq!(parse_money(&format_money(minor)), Ok(minor));
        }

        #[test]
        fn validation_never_panics(name in "\\PC{0,300}", domain in "\\PC{0,80}", value in "\\PC{0,20}", date in "\\PC{0,12}") {
            let cats = vec!["standard".to_owned()];
            let input = RegistrationInput { customer_legal_name: name, customer_domain: domain, estimated_value: value, expected_close: date, ..valid_input() };
            let _ = input.validate(&Context { today: Date::new(2026, 11, 21).unwrap(), categories: &cats });
        }
    }
}
