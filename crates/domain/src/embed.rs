//! The registration form that partners embed in their own websites: allowed origins (parsed
//! and normalised the same way in the portal's editor and in the API), the embed key's shape,
//! the theme overrides a host page may pass, the snippet, and the wire types of the embed
//! endpoints.

use crate::error::FieldErrors;
use crate::message::Message;
use crate::registration::RegistrationInput;
use serde::{Deserialize, Serialize};

/// Most origins one partner may list.
pub const MAX_ORIGINS: usize = 20;
/// Embed keys are this prefix followed by 32 lowercase hex digits (128 random bits).
pub const KEY_PREFIX: &str = "pe_";
/// The loader's path on the portal (stable: it is pasted into partners' pages).
pub const LOADER_PATH: &str = "/embed/v1/loader.js";
/// The form page the loader frames.
pub const FORM_PATH: &str = "/embed/v1/form";
/// The honeypot field: hidden from people, filled by naive bots.
pub const HONEYPOT: &str = "website";

/// Whether `key` has the shape of an embed key (checked before any database look-up).
pub fn is_key_syntax(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX).is_some_and(|hex| {
        hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Normalises a web origin to `scheme://host[:port]`: scheme and host lowercased, the default
/// port dropped, one trailing `/` tolerated. Anything else — a path, query, fragment, user
/// name, wildcard, another scheme — is refused with a sentence saying what to write instead,
/// because the browser's `Origin` header is compared to the result byte for byte.
pub fn normalize_origin(input: &str) -> Result<String, OriginProblem> {
    let s = input.trim();
    if s.is_empty() {
        return Err(OriginProblem::Empty);
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(OriginProblem::NoScheme);
    };
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return Err(OriginProblem::Scheme),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err(OriginProblem::Path);
    }
    if authority.contains('@') {
        return Err(OriginProblem::UserName);
    }
    if authority.contains('*') {
        return Err(OriginProblem::Wildcard);
    }
    if !authority.is_ascii() {
        return Err(OriginProblem::NotAscii);
    }
    let (host, port) = split_host_port(authority).ok_or(OriginProblem::Invalid)?;
    let host = host.to_ascii_lowercase();
    if !valid_host(&host) {
        return Err(OriginProblem::Host);
    }
    match port {
        None => Ok(format!("{scheme}://{host}")),
        Some(p) if p == default_port => Ok(format!("{scheme}://{host}")),
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && !p.starts_with('0') => Ok(format!("{scheme}://{host}:{n}")),
            _ => Err(OriginProblem::Port),
        },
    }
}

/// Why an allowed-website entry is not an origin (each has its sentence in the catalogs, as
/// `origin.<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginProblem {
    Empty,
    NoScheme,
    Scheme,
    Path,
    UserName,
    Wildcard,
    NotAscii,
    Invalid,
    Host,
    Port,
}

impl OriginProblem {
    /// The catalog id of its sentence.
    pub fn label_id(self) -> &'static str {
        match self {
            OriginProblem::Empty => "origin.empty",
            OriginProblem::NoScheme => "origin.no_scheme",
            OriginProblem::Scheme => "origin.scheme",
            OriginProblem::Path => "origin.path",
            OriginProblem::UserName => "origin.user_name",
            OriginProblem::Wildcard => "origin.wildcard",
            OriginProblem::NotAscii => "origin.not_ascii",
            OriginProblem::Invalid => "origin.invalid",
            OriginProblem::Host => "origin.host",
            OriginProblem::Port => "origin.port",
        }
    }
}

impl From<OriginProblem> for catalog::Arg {
    fn from(p: OriginProblem) -> Self {
        catalog::Arg::Label(p.label_id())
    }
}

/// `host[:port]` or `[v6]:port` → (host, port).
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        let host = &authority[..v6.len() + 2];
        return match after {
            "" => Some((host, None)),
            p => Some((host, Some(p.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        None => Some((authority, None)),
        Some((h, p)) if !p.contains(':') => Some((h, Some(p))),
        _ => None,
    }
}

fn valid_host(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !v6.is_empty()
            && v6
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

/// The allowed-origins list as typed (one per entry): each normalised, duplicates folded, at
/// most [`MAX_ORIGINS`]. Errors are filed under `origins` and name the entry.
pub fn validate_origins(entries: &[String]) -> Result<Vec<String>, FieldErrors> {
    let mut out: Vec<String> = Vec::new();
    let mut problem = None;
    for (i, entry) in entries.iter().enumerate() {
        if entry.trim().is_empty() {
            continue;
        }
        match normalize_origin(entry) {
            Ok(o) if !out.contains(&o) => out.push(o),
            Ok(_) => {}
            Err(p) => {
                problem.get_or_insert(Message::BadOrigin {
                    entry: i as u32 + 1,
                    problem: p,
                });
            }
        }
    }
    if problem.is_none() && out.len() > MAX_ORIGINS {
        problem = Some(Message::TooMany {
            max: MAX_ORIGINS as u32,
        });
    }
    match problem {
        None => Ok(out),
        Some(m) => Err(FieldErrors::from([("origins".to_owned(), m)])),
    }
}

/// A host page's design overrides, from the embed element's `data-*` attributes. Each value is
/// checked against a strict syntax (no CSS can be smuggled in); a value that fails is dropped
/// and the tier's token stays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeOverrides {
    /// Buttons, links and focus (`#rgb` or `#rrggbb`).
    pub accent: Option<String>,
    /// Body text.
    pub text: Option<String>,
    /// The form's background.
    pub background: Option<String>,
    /// A font stack of installed or generic families.
    pub font: Option<String>,
    /// Corner radius: `0`–`32px`, or `0`–`2rem`/`em`.
    pub radius: Option<String>,
}

impl ThemeOverrides {
    /// The names the loader passes (from `data-accent`, `data-text`, …).
    pub const PARAMS: [&'static str; 5] = ["accent", "text", "background", "font", "radius"];

    /// Reads each override with its parser; unusable ones are `None`.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        ThemeOverrides {
            accent: get("accent").and_then(|v| parse_color(&v)),
            text: get("text").and_then(|v| parse_color(&v)),
            background: get("background").and_then(|v| parse_color(&v)),
            font: get("font").and_then(|v| parse_font(&v)),
            radius: get("radius").and_then(|v| parse_radius(&v)),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == ThemeOverrides::default()
    }

    /// CSS custom-property declarations overriding the design tokens (safe to place in a
    /// stylesheet: every value passed its parser).
    pub fn declarations(&self) -> String {
        let mut css = String::new();
        let mut put = |name: &str, value: &str| {
            css.push_str(name);
            css.push(':');
            css.push_str(value);
            css.push(';');
        };
        if let Some(a) = &self.accent {
            put("--color-accent", a);
            put("--color-link", a);
            put("--color-on-accent", readable_on(a));
        }
        if let Some(t) = &self.text {
            put("--color-text", t);
            put("--color-text-muted", t);
        }
        if let Some(b) = &self.background {
            put("--color-bg", b);
            put("--color-surface", b);
        }
        if let Some(f) = &self.font {
            put("--font-body", f);
            put("--font-heading", f);
        }
        if let Some(r) = &self.radius {
            put("--radius-sm", r);
            put("--radius-md", r);
            put("--radius-lg", r);
        }
        css
    }
}

/// `#rgb` or `#rrggbb` → `#rrggbb` (lowercase).
pub fn parse_color(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    match hex.len() {
        6 => Some(format!("#{hex}")),
        3 => Some(hex.chars().fold(String::from("#"), |mut out, c| {
            out.push(c);
            out.push(c);
            out
        })),
        _ => None,
    }
}

/// White or near-black, whichever reads better on `background` (`#rrggbb`): the WCAG contrast
/// ratio of each is compared.
pub fn readable_on(background: &str) -> &'static str {
    let l = relative_luminance(background).unwrap_or(0.0);
    // Contrast with white: 1.05 / (l + 0.05); with #111111 (luminance ≈ 0.0056): (l + 0.05) / 0.0556.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.0556 {
        "#ffffff"
    } else {
        "#111111"
    }
}

fn relative_luminance(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// A radius: a number (at most two decimals) with `px` (0–32), or `rem`/`em` (0–2); `0` alone.
pub fn parse_radius(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    if s == "0" {
        return Some("0".into());
    }
    let (number, unit, max) = if let Some(n) = s.strip_suffix("px") {
        (n, "px", 32.0)
    } else if let Some(n) = s.strip_suffix("rem") {
        (n, "rem", 2.0)
    } else if let Some(n) = s.strip_suffix("em") {
        (n, "em", 2.0)
    } else {
        return None;
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits =
        |p: &str, max_len: usize| p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole, 2)
        || !digits(frac, 2)
        || (number.contains('.') && frac.is_empty())
    {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    (value <= max).then(|| format!("{number}{unit}"))
}

/// CSS generic families accepted in a font stack.
const GENERIC_FONTS: [&str; 8] = [
    "serif",
    "sans-serif",
    "monospace",
    "system-ui",
    "ui-sans-serif",
    "ui-serif",
    "ui-rounded",
    "cursive",
];

/// A font stack: up to four comma-separated families, each a generic family or a name of
/// letters, digits, spaces and hyphens (quoted or not). Returned with names quoted.
pub fn parse_font(s: &str) -> Option<String> {
    let families: Vec<&str> = s.split(',').map(str::trim).collect();
    if families.is_empty() || families.len() > 4 {
        return None;
    }
    let mut out = Vec::with_capacity(families.len());
    for f in families {
        let unquoted = f
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| f.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .unwrap_or(f)
            .trim();
        let name_ok = !unquoted.is_empty()
            && unquoted.len() <= 40
            && unquoted.starts_with(|c: char| c.is_ascii_alphabetic())
            && unquoted
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
        if !name_ok {
            return None;
        }
        let lower = unquoted.to_ascii_lowercase();
        if GENERIC_FONTS.contains(&lower.as_str()) {
            out.push(lower);
        } else {
            out.push(format!("\"{unquoted}\""));
        }
    }
    Some(out.join(", "))
}

/// The two lines a partner pastes into their page.
pub fn snippet(portal_origin: &str, key: &str) -> String {
    format!(
        "<script src=\"{portal_origin}{LOADER_PATH}\" defer></script>\n<div data-portico-embed data-key=\"{key}\"></div>"
    )
}

/// `GET /api/v1/partner/embed`: what a partner admin sees on the Embed page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedSettings {
    /// The public key in the snippet; rotating it invalidates the old one at once.
    pub key: String,
    /// Websites (`scheme://host[:port]`) allowed to show the form and submit it.
    pub allowed_origins: Vec<String>,
    /// The portal's own origin, where the loader and the form are served from.
    pub portal_origin: String,
    /// The snippet to paste (script tag + element).
    pub snippet: String,
    /// When the key was last created or rotated (Unix seconds).
    pub key_created_at: i64,
}

/// `PUT /api/v1/partner/embed/origins` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmbedOriginsUpdate {
    /// One origin per entry, like `https://www.example.com`; blank entries are ignored.
    pub origins: Vec<String>,
}

/// `GET /api/v1/embed/{key}/config`: what the loader learns before it frames the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedConfig {
    /// The partner's name, for the frame's title.
    pub partner: String,
    /// The form page to frame (absolute path on the portal, without theme parameters).
    pub form_path: String,
    /// The frame's title in the visitor's language ("Register a deal with …").
    pub title: String,
    /// The language the form will speak (`en`, `de`), chosen from the visitor's browser.
    pub lang: String,
}

/// What the loader shows in place of the form when the portal refuses it: the reason in the
/// visitor's language (the loader has no catalog of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedRefusal {
    #[serde(flatten)]
    pub error: crate::error::ErrorBody,
    /// The sentence to show, rendered for the visitor.
    pub text: String,
}

/// `POST /api/v1/embed/{key}/registrations` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmbedSubmission {
    /// The form token issued with the form page (it proves the page was loaded, and when).
    pub token: String,
    /// Must stay empty (a field people never see).
    #[serde(default)]
    pub website: String,
    #[serde(deserialize_with = "object_only")]
    pub registration: RegistrationInput,
}

/// Reads the registration from a JSON object only: serde's derive would also read a struct
/// from an array (`["reseller"]`), which no form sends.
fn object_only<'de, D: serde::Deserializer<'de>>(d: D) -> Result<RegistrationInput, D::Error> {
    struct ObjectVisitor;
    impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
        type Value = RegistrationInput;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object with the registration's fields")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            RegistrationInput::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(ObjectVisitor)
}

/// The answer to an embedded submission: a thank-you and a reference, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedReceipt {
    /// A reference to quote to the partner, like `EMB-7K3Q-9XPM`.
    pub reference: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub message: Message,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_to_scheme_host_and_port() {
        let ok = |s: &str| normalize_origin(s).unwrap();
        assert_eq!(ok("https://www.Example.com"), "https://www.example.com");
        assert_eq!(
            ok("  HTTPS://shop.example.com/ "),
            "https://shop.example.com"
        );
        assert_eq!(ok("https://example.com:443"), "https://example.com");
        assert_eq!(ok("http://example.com:80"), "http://example.com");
        assert_eq!(ok("http://127.0.0.2:8123"), "http://127.0.0.2:8123");
        assert_eq!(ok("http://localhost:3000"), "http://localhost:3000");
        assert_eq!(ok("https://[::1]:8443"), "https://[::1]:8443");
        assert_eq!(ok("https://xn--mller-kva.de"), "https://xn--mller-kva.de");
    }

    #[test]
    fn anything_but_an_exact_origin_is_refused_with_a_way_out() {
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "javascript://x",
            "https://example.com/path",
            "https://example.com/?q=1",
            "https://example.com#top",
            "https://user@example.com",
            "https://*.example.com",
            "https://müller.de",
            "https://exa mple.com",
            "https://-bad-.com",
            "https://example.com:0",
            "https://example.com:65536",
            "https://example.com:08080",
            "https://example.com:x",
            "https://",
            "null",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
        assert_eq!(
            normalize_origin("example.com"),
            Err(OriginProblem::NoScheme)
        );
        assert_eq!(
            normalize_origin("https://*.example.com"),
            Err(OriginProblem::Wildcard)
        );
    }

    #[test]
    fn an_origin_list_folds_duplicates_skips_blanks_and_names_bad_entries() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            validate_origins(&list(&[
                "https://a.example",
                "",
                "HTTPS://A.example/",
                "http://b.example:8080"
            ]))
            .unwrap(),
            ["https://a.example", "http://b.example:8080"]
        );
        let e = validate_origins(&list(&["https://a.example", "a.example/x"])).unwrap_err();
        assert_eq!(
            crate::message::english("origins", &e["origins"]),
            "Entry 2: The address has no scheme (https://). Write it like https://www.example.com (scheme and host, optionally :port)."
        );
        let many: Vec<String> = (0..=MAX_ORIGINS)
            .map(|i| format!("https://s{i}.example"))
            .collect();
        assert!(validate_origins(&many).is_err());
        assert_eq!(validate_origins(&[]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn keys_have_one_shape() {
        assert!(is_key_syntax("pe_0123456789abcdef0123456789abcdef"));
        assert!(!is_key_syntax("pe_0123456789ABCDEF0123456789abcdef"));
        assert!(!is_key_syntax("pe_0123"));
        assert!(!is_key_syntax("0123456789abcdef0123456789abcdef"));
        assert!(!is_key_syntax("pe_0123456789abcdef0123456789abcdeg"));
    }

    #[test]
    fn theme_overrides_accept_only_their_syntax() {
        assert_eq!(parse_color("#0A7"), Some("#00aa77".into()));
        assert_eq!(parse_color(" #12ab9F "), Some("#12ab9f".into()));
        for bad in [
            "red",
            "#12345",
            "#1234567",
            "#ggg",
            "rgb(1,2,3)",
            "#fff;}body{",
            "",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
        assert_eq!(parse_radius("8px"), Some("8px".into()));
        assert_eq!(parse_radius("0.5rem"), Some("0.5rem".into()));
        assert_eq!(parse_radius("0"), Some("0".into()));
        for bad in [
            "33px",
            "3rem",
            "8",
            "-1px",
            "1.px",
            "1e1px",
            "8px;x",
            "calc(1px)",
            "100%",
        ] {
            assert_eq!(parse_radius(bad), None, "{bad}");
        }
        assert_eq!(
            parse_font("Inter, 'Helvetica Neue', Sans-Serif"),
            Some("\"Inter\", \"Helvetica Neue\", sans-serif".into())
        );
        for bad in [
            "",
            "Comic Sans;}",
            "a,b,c,d,e",
            "\"x\\\"",
            "url(x)",
            "1font",
            "Inter,,serif",
        ] {
            assert_eq!(parse_font(bad), None, "{bad}");
        }
    }

    #[test]
    fn overrides_become_token_declarations_with_a_readable_text_colour_on_the_accent() {
        let t = ThemeOverrides::parse(|name| match name {
            "accent" => Some("#ffdd00".into()),
            "radius" => Some("4px".into()),
            "font" => Some("nope;".into()),
            _ => None,
        });
        assert_eq!(t.font, None);
        let css = t.declarations();
        assert!(css.contains("--color-accent:#ffdd00;"), "{css}");
        assert!(css.contains("--color-on-accent:#111111;"), "{css}");
        assert!(css.contains("--radius-md:4px;"), "{css}");
        assert_eq!(readable_on("#1f5fa8"), "#ffffff");
        assert!(ThemeOverrides::default().is_empty());
    }

    #[test]
    fn the_snippet_is_one_script_tag_and_one_element() {
        let s = snippet(
            "https://portal.example",
            "pe_0123456789abcdef0123456789abcdef",
        );
        assert_eq!(s.matches("<script").count(), 1);
        assert!(s.contains("src=\"https://portal.example/embed/v1/loader.js\""));
        assert!(s.contains("data-key=\"pe_0123456789abcdef0123456789abcdef\""));
    }
}
