//! The embedded form's page (`GET /embed/v1/form`), which the loader frames on a partner's
//! website. It is rendered here, complete, so the browser paints the form at once and the
//! small wasm bundle (`crates/embed`) only adds inline validation and sending.
//!
//! The page carries its own Content-Security-Policy: `frame-ancestors` names only the website
//! it was served for (an allowed origin, or the portal itself for the Embed page's preview), so
//! no other site can frame it; design overrides from the host go in one `<style>` with a
//! per-response nonce, after every value passed `domain::embed`'s parsers.

use super::Embed;
use crate::i18n;
use catalog::{Arg, Locale};
use domain::Motion;
use domain::countries::COUNTRIES;
use domain::embed::{HONEYPOT, ThemeOverrides};
use domain::registration::{CURRENCIES, RegistrationInput};
use domain::views::CategoryView;
use std::fmt::Write;
use std::path::Path;

/// The bundle's file names, from `dist/embed/v1/assets.txt` (written by `cargo xtask build`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    pub script: String,
    pub style: String,
}

impl Assets {
    /// Reads the manifest; without a build, names that simply 404 (the page still renders).
    pub async fn read(dist: &Path) -> Assets {
        let text = tokio::fs::read_to_string(dist.join("embed/v1/assets.txt"))
            .await
            .unwrap_or_default();
        let get = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(str::trim)
                .filter(|v| {
                    v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                })
                .unwrap_or("")
                .to_owned()
        };
        let or = |v: String, fallback: &str| if v.is_empty() { fallback.to_owned() } else { v };
        Assets {
            script: or(get("script"), "embed.js"),
            style: or(get("style"), "embed.css"),
        }
    }
}

/// Everything the form page shows.
pub struct FormPage<'a> {
    pub embed: &'a Embed,
    /// The website the page is served for (postMessage target, frame-ancestors).
    pub host: &'a str,
    pub token: &'a str,
    pub today: &'a str,
    pub motions: &'a [Motion],
    pub categories: &'a [CategoryView],
    pub theme: &'a ThemeOverrides,
    pub nonce: &'a str,
    pub assets: &'a Assets,
    /// The reader's language.
    pub locale: Locale,
}

/// `&`, `<`, `>`, `"` and `'` as entities (for text and quoted attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's Content-Security-Policy.
pub fn csp(frame_ancestor: &str, nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; \
frame-ancestors {frame_ancestor}"
    )
}

struct Field<'a> {
    name: &'a str,
    label: String,
    hint: Option<String>,
}

fn field_open(out: &mut String, f: &Field<'_>) {
    let _ = write!(
        out,
        "<div class=\"embed-field\"><label for=\"f-{n}\">{l}</label>",
        n = f.name,
        l = f.label
    );
    if let Some(h) = &f.hint {
        let _ = write!(out, "<p class=\"embed-hint\" id=\"h-{}\">{h}</p>", f.name);
    }
}

fn described_by(f: &Field<'_>) -> String {
    match f.hint {
        Some(_) => format!("h-{n} e-{n}", n = f.name),
        None => format!("e-{}", f.name),
    }
}

fn field_close(out: &mut String, name: &str) {
    let _ = write!(
        out,
        "<p class=\"embed-error\" id=\"e-{name}\" hidden></p></div>"
    );
}

fn input(out: &mut String, f: Field<'_>, attrs: &str) {
    field_open(out, &f);
    let _ = write!(
        out,
        "<input id=\"f-{n}\" name=\"{n}\" aria-describedby=\"{d}\" {attrs}>",
        n = f.name,
        d = described_by(&f)
    );
    field_close(out, f.name);
}

fn select(out: &mut String, f: Field<'_>, options: &[(String, String)], placeholder: Option<&str>) {
    field_open(out, &f);
    let _ = write!(
        out,
        "<select id=\"f-{n}\" name=\"{n}\" aria-describedby=\"{d}\" required>",
        n = f.name,
        d = described_by(&f)
    );
    if let Some(p) = placeholder {
        let _ = write!(out, "<option value=\"\">{}</option>", escape(p));
    }
    for (value, label) in options {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(label)
        );
    }
    out.push_str("</select>");
    field_close(out, f.name);
}

/// The families of catalog ids the form's script draws (its messages, the rules' and the
/// server's answers), copied into the page in the reader's language.
pub const SCRIPT_FAMILIES: &[&str] = &["form.", "err.", "msg."];

/// Whether the form's script needs `id`: a family it draws, and of the field-specific wordings
/// (`err.required.contact_email`) only those of the form's own fields — the others name fields
/// of other pages, some of them internal to the vendor.
pub fn script_needs(id: &str) -> bool {
    if !SCRIPT_FAMILIES.iter().any(|f| id.starts_with(f)) {
        return false;
    }
    let mut parts = id.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(_), None) => true,
        (Some(_), Some(_), Some(field)) => RegistrationInput::FIELDS.contains(&field),
        _ => false,
    }
}

/// The whole page, in `p.locale`.
pub fn render(p: &FormPage<'_>) -> String {
    let l = p.locale;
    let tx = |id: &str| escape(&i18n::text(l, id, &[]));
    let label = |id: &str| i18n::text(l, id, &[]);
    let field = |name: &'static str, id: &str, hint: Option<&str>| Field {
        name,
        label: escape(&label(id)),
        hint: hint.map(tx),
    };
    let partner_arg = || [("partner", Arg::Text(p.embed.partner.name.clone()))];
    let title = escape(&i18n::text(l, "form.title", &partner_arg()));
    let mut out = String::with_capacity(24 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{lang}\" data-tier=\"{tier}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">\
<title>{title}</title><link rel=\"stylesheet\" href=\"/embed/v1/{css}\">",
        lang = l.code(),
        tier = p.embed.partner.tier.as_str(),
        css = escape(&p.assets.style),
    );
    if !p.theme.is_empty() {
        let _ = write!(
            out,
            "<style nonce=\"{}\">html[data-tier]{{{}}}</style>",
            p.nonce,
            p.theme.declarations()
        );
    }
    // The texts the script shows (its own, the rules' messages), as catalog lines: a
    // `text/plain` script is never run and its content is not parsed as markup (the catalog test
    // in `crate::i18n` keeps `</` out of every text).
    let _ = write!(
        out,
        "<script type=\"text/plain\" id=\"portico-messages\">{}</script>",
        i18n::lines(l, script_needs)
    );
    let categories: Vec<String> = p.categories.iter().map(|c| c.code.clone()).collect();
    let _ = write!(
        out,
        "<script type=\"module\" src=\"/embed/v1/{js}\"></script></head><body><main class=\"embed\">\
<form id=\"embed-form\" class=\"embed-form\" novalidate data-key=\"{key}\" data-token=\"{token}\" \
data-today=\"{today}\" data-host=\"{host}\" data-categories=\"{cats}\">\
<h1 class=\"embed-title\">{title}</h1>\
<p class=\"embed-intro\">{intro}</p>\
<p id=\"embed-alert\" class=\"embed-alert\" role=\"alert\" hidden></p>",
        js = escape(&p.assets.script),
        key = escape(&p.embed.key),
        token = escape(p.token),
        today = escape(p.today),
        host = escape(p.host),
        cats = escape(&categories.join(",")),
        intro = escape(&i18n::text(l, "form.intro", &partner_arg())),
    );
    let choose = label("form.choose");

    let _ = write!(out, "<fieldset><legend>{}</legend>", tx("form.the_deal"));
    let motions: Vec<(String, String)> = p
        .motions
        .iter()
        .map(|m| (m.as_str().to_owned(), label(m.label_id())))
        .collect();
    select(
        &mut out,
        field("motion", "form.motion", None),
        &motions,
        (motions.len() > 1).then_some(choose.as_str()),
    );
    let cats: Vec<(String, String)> = p
        .categories
        .iter()
        .map(|c| {
            let id = format!("category.{}", c.code);
            let text = i18n::catalog(l)
                .get(&id)
                .map_or_else(|| c.label.clone(), str::to_owned);
            (c.code.clone(), text)
        })
        .collect();
    select(
        &mut out,
        field("category", "form.category", None),
        &cats,
        None,
    );
    input(
        &mut out,
        field("products", "form.products", Some("form.products_hint")),
        "required",
    );
    out.push_str("<div class=\"embed-row\">");
    input(
        &mut out,
        field("estimated_value", "form.estimated_value", None),
        "inputmode=\"decimal\" required",
    );
    let currencies: Vec<(String, String)> = CURRENCIES
        .iter()
        .map(|c| ((*c).to_owned(), (*c).to_owned()))
        .collect();
    select(
        &mut out,
        field("currency", "form.currency", None),
        &currencies,
        None,
    );
    out.push_str("</div>");
    input(
        &mut out,
        field("expected_close", "form.expected_close", None),
        &format!("type=\"date\" min=\"{}\" required", escape(p.today)),
    );
    out.push_str("<div class=\"embed-row\">");
    select(
        &mut out,
        field("attribution", "form.attribution", None),
        &[
            ("sourced".into(), label("form.sourced")),
            ("influenced".into(), label("form.influenced")),
        ],
        None,
    );
    input(
        &mut out,
        field("attribution_percent", "form.attribution_percent", None),
        "inputmode=\"numeric\" required",
    );
    let _ = write!(
        out,
        "</div></fieldset><fieldset><legend>{}</legend>",
        tx("form.the_customer")
    );
    input(
        &mut out,
        field("customer_legal_name", "form.legal_name", None),
        "autocomplete=\"off\" required",
    );
    input(
        &mut out,
        field("customer_domain", "form.domain", Some("form.domain_hint")),
        "autocomplete=\"off\" required",
    );
    // By name, as a visitor looks for their country (the list is kept in ISO-code order). The
    // names are English here; the script names them in the page's language (`Intl`).
    let mut countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned()))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    select(
        &mut out,
        field("customer_country", "form.country", None),
        &countries,
        Some(choose.as_str()),
    );
    let _ = write!(
        out,
        "<div class=\"embed-check\"><input type=\"checkbox\" id=\"f-incumbent\" name=\"incumbent\">\
<label for=\"f-incumbent\">{}</label></div></fieldset><fieldset><legend>{}</legend>",
        tx("form.incumbent"),
        tx("form.contact")
    );
    input(
        &mut out,
        field("contact_name", "form.contact_name", None),
        "autocomplete=\"off\" required",
    );
    input(
        &mut out,
        field("contact_email", "form.contact_email", None),
        "type=\"email\" autocomplete=\"off\" required",
    );
    input(
        &mut out,
        field(
            "contact_role",
            "form.contact_role",
            Some("form.contact_role_hint"),
        ),
        "autocomplete=\"off\" required",
    );
    out.push_str("</fieldset>");
    field_open(&mut out, &field("notes", "form.notes", None));
    out.push_str("<textarea id=\"f-notes\" name=\"notes\" rows=\"3\" aria-describedby=\"e-notes\"></textarea>");
    field_close(&mut out, "notes");
    // The honeypot: off-screen and out of the accessibility tree; people never fill it.
    let _ = write!(
        out,
        "<div class=\"embed-hp\" aria-hidden=\"true\"><label for=\"f-{HONEYPOT}\">{}</label>\
<input id=\"f-{HONEYPOT}\" name=\"{HONEYPOT}\" tabindex=\"-1\" autocomplete=\"off\"></div>",
        tx("form.honeypot")
    );
    let _ = write!(
        out,
        "<button type=\"submit\" class=\"embed-submit\" disabled>{submit}</button></form>\
<div id=\"embed-done\" class=\"embed-done\" role=\"status\" tabindex=\"-1\" hidden></div>\
<p class=\"embed-footer\">{footer}</p></main></body></html>",
        submit = tx("form.submit"),
        footer = escape(&i18n::text(l, "form.footer", &partner_arg())),
    );
    out
}

/// A short page in place of the form (unknown key, website not allowed, no build): the
/// catalog's `{id}_title` and `{id}` in `locale`.
pub fn message_page(locale: Locale, id: &str) -> String {
    let title = i18n::text(locale, &format!("{id}_title"), &[]);
    let text = i18n::text(locale, id, &[]);
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">\
<title>{t}</title></head><body><main><h1>{t}</h1><p>{x}</p></main></body></html>",
        lang = locale.code(),
        t = escape(&title),
        x = escape(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            escape(r#"<b a="x">'&'</b>"#),
            "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }

    fn page(locale: Locale) -> String {
        let embed = Embed {
            partner: crate::auth::PartnerRef {
                id: 1,
                name: "Vertex <Systems>".into(),
                tier: domain::Tier::Gold,
            },
            key: "pe_0123".into(),
            key_created_at: 0,
            owner_id: None,
            origins: vec![],
        };
        let categories = [CategoryView {
            code: "standard".into(),
            label: "Standard".into(),
            description: String::new(),
            minimum_tier: domain::Tier::Bronze,
        }];
        render(&FormPage {
            embed: &embed,
            host: "https://shop.example",
            token: "t",
            today: "2026-12-04",
            motions: &[Motion::Referral, Motion::Reseller],
            categories: &categories,
            theme: &ThemeOverrides::default(),
            nonce: "n",
            assets: &Assets {
                script: "embed.js".into(),
                style: "embed.css".into(),
            },
            locale,
        })
    }

    /// Each language draws every text from its catalog: no id is left showing, the partner's
    /// name is escaped, and the script gets its words in the same language.
    #[test]
    fn the_form_speaks_the_readers_language() {
        let en = page(Locale::En);
        let de = page(Locale::De);
        assert!(en.starts_with("<!doctype html><html lang=\"en\""));
        assert!(de.starts_with("<!doctype html><html lang=\"de\""));
        assert!(en.contains("Register a deal with Vertex &lt;Systems&gt;"));
        assert!(de.contains("Einen Deal bei Vertex &lt;Systems&gt; registrieren"));
        assert!(de.contains(">Deal registrieren</button>") && de.contains(">Empfehlung</option>"));
        for html in [&en, &de] {
            let (words, markup) = html.split_once("</script>").unwrap();
            let rest =
                markup.to_owned() + words.split("<script type=\"text/plain\"").next().unwrap();
            assert!(!rest.contains("form."), "an id shows instead of its text");
            let lines = words.split("id=\"portico-messages\">").nth(1).unwrap();
            let c = catalog::Catalog::parse(lines).unwrap();
            for id in [
                "form.sending",
                "form.needs_attention",
                "err.required",
                "msg.embed_received",
            ] {
                assert!(c.get(id).is_some(), "the script lacks {id}");
            }
        }
        let de_words = de.split("id=\"portico-messages\">").nth(1).unwrap();
        assert!(de_words.contains("form.sending = Wird gesendet…"));
    }

    #[test]
    fn the_script_gets_the_forms_wordings_and_no_other_fields() {
        assert!(script_needs("err.required"));
        assert!(script_needs("err.required.contact_email"));
        assert!(script_needs("form.submit") && script_needs("msg.embed_received"));
        assert!(!script_needs("err.too_long.margin_percent"));
        assert!(!script_needs("nav.home") && !script_needs("audit.approved"));
    }

    #[test]
    fn a_message_page_is_in_the_readers_language_too() {
        let de = message_page(Locale::De, "form.not_allowed");
        assert!(de.contains("lang=\"de\"") && de.contains("<h1>Website nicht zugelassen</h1>"));
        let en = message_page(Locale::En, "form.not_active");
        assert!(en.contains("<h1>Form not active</h1>"));
    }

    #[test]
    fn the_policy_frames_only_the_named_site_and_allows_no_inline_script() {
        let p = csp("https://shop.example", "abc");
        assert!(p.contains("frame-ancestors https://shop.example"));
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(p.contains("style-src 'self' 'nonce-abc';"));
        assert!(!p.contains("unsafe-inline"));
    }
}
