//! The asset form's rules: every field a string as typed, checked into a [`ValidAsset`] with
//! each mistake reported on its own field (the channel managers' editor and the server share
//! them).

use super::*;

/// The asset form as typed: every field a string so each mistake is reported on its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AssetInput {
    pub title: String,
    pub summary: String,
    pub body: String,
    /// One of the kinds, e.g. `play`, `case_study`.
    pub kind: String,
    /// One or more of referral, reseller, marketplace, services, tech.
    pub motions: Vec<String>,
    /// Zero or more industries (none: every industry).
    pub industries: Vec<String>,
    pub use_cases: Vec<String>,
    /// bronze, silver or gold.
    pub min_tier: String,
    /// An `https://` (or `http://`) address.
    pub link: String,
}

/// An asset whose every field passed the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAsset {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub kind: Kind,
    pub motions: Vec<Motion>,
    pub industries: Vec<Industry>,
    pub use_cases: Vec<UseCase>,
    pub min_tier: Tier,
    pub link: String,
}

pub const MAX_TITLE: usize = 120;
pub const MAX_SUMMARY: usize = 300;
pub const MAX_BODY: usize = 20_000;
pub const MAX_LINK: usize = 500;

/// Parses every value of a multi-valued field, reporting the first unknown one.
fn parse_all<T: Copy + Ord>(
    values: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for v in values {
        let v = v.trim();
        match parse(v) {
            Some(x) => out.push(x),
            None => {
                return Err(v.chars().take(40).collect());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether `link` is an absolute http(s) address with a host and no spaces or control characters.
pub fn valid_link(link: &str) -> bool {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host.contains('.')
                && !link.chars().any(|c| c.is_whitespace() || c.is_control())
                && !host.contains('@')
        }
        None => false,
    }
}

impl AssetInput {
    /// The form's fields in order (error keys use these names).
    pub const FIELDS: [&'static str; 9] = [
        "title",
        "summary",
        "body",
        "kind",
        "motions",
        "industries",
        "use_cases",
        "min_tier",
        "link",
    ];

    /// The form filled in from an existing asset, for editing.
    pub fn from_asset(a: &Asset) -> AssetInput {
        AssetInput {
            title: a.title.clone(),
            summary: a.summary.clone(),
            body: a.body.clone(),
            kind: a.kind.as_str().to_owned(),
            motions: a.motions.iter().map(|m| m.as_str().to_owned()).collect(),
            industries: a.industries.iter().map(|m| m.as_str().to_owned()).collect(),
            use_cases: a.use_cases.iter().map(|m| m.as_str().to_owned()).collect(),
            min_tier: a.min_tier.as_str().to_owned(),
            link: a.link.clone(),
        }
    }

    /// Checks every field; errors are keyed by field name and say how to fix the value.
    pub fn validate(&self) -> Result<ValidAsset, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut err = |field: &str, msg: Message| {
            errors.entry(field.to_owned()).or_insert(msg);
        };
        let title = text_field(&mut err, "title", &self.title, 3, MAX_TITLE);
        let summary = text_field(&mut err, "summary", &self.summary, 10, MAX_SUMMARY);
        let body = self.body.trim().replace("\r\n", "\n");
        let body_len = body.chars().count();
        if body_len == 0 {
            err("body", Message::Required);
        } else if body_len > MAX_BODY {
            err(
                "body",
                Message::TooLongBy {
                    max: MAX_BODY as u32,
                    over: (body_len - MAX_BODY) as u32,
                },
            );
        } else if body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            err("body", Message::ControlCharactersBeyondBreaks);
        }
        let kind = Kind::parse(self.kind.trim());
        if kind.is_none() {
            err("kind", Message::Choose);
        }
        let motions = match parse_all(&self.motions, |s| s.parse::<Motion>().ok()) {
            Ok(m) if m.is_empty() => {
                err("motions", Message::Required);
                None
            }
            Ok(m) => Some(m),
            Err(bad) => {
                err("motions", Message::UnknownChoice { value: bad });
                None
            }
        };
        let industries = parse_all(&self.industries, Industry::parse)
            .map_err(|bad| err("industries", Message::UnknownChoice { value: bad }))
            .ok();
        let use_cases = parse_all(&self.use_cases, UseCase::parse)
            .map_err(|bad| err("use_cases", Message::UnknownChoice { value: bad }))
            .ok();
        let min_tier = self.min_tier.trim().parse::<Tier>().ok();
        if min_tier.is_none() {
            err("min_tier", Message::Choose);
        }
        let link = self.link.trim();
        if link.is_empty() {
            err("link", Message::Required);
        } else if link.chars().count() > MAX_LINK {
            err(
                "link",
                Message::TooLong {
                    max: MAX_LINK as u32,
                },
            );
        } else if !valid_link(link) {
            err("link", Message::NotALink);
        }
        match (
            title, summary, kind, motions, industries, use_cases, min_tier,
        ) {
            (
                Some(title),
                Some(summary),
                Some(kind),
                Some(motions),
                Some(industries),
                Some(use_cases),
                Some(min_tier),
            ) if errors.is_empty() => Ok(ValidAsset {
                title,
                summary,
                body,
                kind,
                motions,
                industries,
                use_cases,
                min_tier,
                link: link.to_owned(),
            }),
            _ => Err(errors),
        }
    }

    /// The single field `name`'s message, for inline checking as the user leaves it.
    pub fn field_error(&self, name: &str) -> Option<Message> {
        self.validate().err().and_then(|mut e| e.remove(name))
    }
}
