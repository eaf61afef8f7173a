//! The embedded form's page (`GET /embed/v1/form`), which the loader frames on a partner's
//! website. It is rendered here, complete, so the browser paints the form at once and the
//! small wasm bundle (`crates/embed`) only adds inline validation and sending.
//!
//! The page carries its own Content-Security-Policy: `frame-ancestors` names only the website
//! it was served for (an allowed origin, or the portal itself for the Embed page's preview), so
//! no other site can frame it; design overrides from the host go in one `<style>` with a
//! per-response nonce, after every value passed `domain::embed`'s parsers.

use super::Embed;
use domain::Motion;
use domain::countries::COUNTRIES;
use domain::embed::{HONEYPOT, ThemeOverrides};
use domain::registration::CURRENCIES;
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
    label: &'a str,
    hint: Option<&'a str>,
}

fn field_open(out: &mut String, f: &Field<'_>) {
    let _ = write!(
        out,
        "<div class=\"embed-field\"><label for=\"f-{n}\">{l}</label>",
        n = f.name,
        l = f.label
    );
    if let Some(h) = f.hint {
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

fn select(out: &mut String, f: Field<'_>, options: &[(String, String)], placeholder: bool) {
    field_open(out, &f);
    let _ = write!(
        out,
        "<select id=\"f-{n}\" name=\"{n}\" aria-describedby=\"{d}\" required>",
        n = f.name,
        d = described_by(&f)
    );
    if placeholder {
        out.push_str("<option value=\"\">Choose…</option>");
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

/// The whole page.
pub fn render(p: &FormPage<'_>) -> String {
    let partner = escape(&p.embed.partner.name);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\" data-tier=\"{tier}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">\
<title>Register a deal with {partner}</title><link rel=\"stylesheet\" href=\"/embed/v1/{css}\">",
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
    let categories: Vec<String> = p.categories.iter().map(|c| c.code.clone()).collect();
    let _ = write!(
        out,
        "<script type=\"module\" src=\"/embed/v1/{js}\"></script></head><body><main class=\"embed\">\
<form id=\"embed-form\" class=\"embed-form\" novalidate data-key=\"{key}\" data-token=\"{token}\" \
data-today=\"{today}\" data-host=\"{host}\" data-categories=\"{cats}\">\
<h1 class=\"embed-title\">Register a deal with {partner}</h1>\
<p class=\"embed-intro\">Every field is required unless it says optional. {partner} will confirm your registration.</p>\
<p id=\"embed-alert\" class=\"embed-alert\" role=\"alert\" hidden></p>",
        js = escape(&p.assets.script),
        key = escape(&p.embed.key),
        token = escape(p.token),
        today = escape(p.today),
        host = escape(p.host),
        cats = escape(&categories.join(",")),
    );

    out.push_str("<fieldset><legend>The deal</legend>");
    let motions: Vec<(String, String)> = p
        .motions
        .iter()
        .map(|m| (m.as_str().to_owned(), m.label().to_owned()))
        .collect();
    select(
        &mut out,
        Field {
            name: "motion",
            label: "Motion",
            hint: None,
        },
        &motions,
        motions.len() > 1,
    );
    let cats: Vec<(String, String)> = p
        .categories
        .iter()
        .map(|c| (c.code.clone(), c.label.clone()))
        .collect();
    select(
        &mut out,
        Field {
            name: "category",
            label: "Registration category",
            hint: None,
        },
        &cats,
        false,
    );
    input(
        &mut out,
        Field {
            name: "products",
            label: "Products",
            hint: Some("Separate several with commas."),
        },
        "required",
    );
    out.push_str("<div class=\"embed-row\">");
    input(
        &mut out,
        Field {
            name: "estimated_value",
            label: "Estimated value",
            hint: None,
        },
        "inputmode=\"decimal\" required",
    );
    let currencies: Vec<(String, String)> = CURRENCIES
        .iter()
        .map(|c| ((*c).to_owned(), (*c).to_owned()))
        .collect();
    select(
        &mut out,
        Field {
            name: "currency",
            label: "Currency",
            hint: None,
        },
        &currencies,
        false,
    );
    out.push_str("</div>");
    input(
        &mut out,
        Field {
            name: "expected_close",
            label: "Expected close date",
            hint: None,
        },
        &format!("type=\"date\" min=\"{}\" required", escape(p.today)),
    );
    out.push_str("<div class=\"embed-row\">");
    select(
        &mut out,
        Field {
            name: "attribution",
            label: "Sourced or influenced",
            hint: None,
        },
        &[
            ("sourced".into(), "Sourced".into()),
            ("influenced".into(), "Influenced".into()),
        ],
        false,
    );
    input(
        &mut out,
        Field {
            name: "attribution_percent",
            label: "Attribution %",
            hint: None,
        },
        "inputmode=\"numeric\" required",
    );
    out.push_str("</div></fieldset><fieldset><legend>The customer</legend>");
    input(
        &mut out,
        Field {
            name: "customer_legal_name",
            label: "Legal name",
            hint: None,
        },
        "autocomplete=\"off\" required",
    );
    input(
        &mut out,
        Field {
            name: "customer_domain",
            label: "Web domain",
            hint: Some("Like acme.com."),
        },
        "autocomplete=\"off\" required",
    );
    // By name, as a visitor looks for their country (the list is kept in ISO-code order).
    let mut countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned()))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    select(
        &mut out,
        Field {
            name: "customer_country",
            label: "Country",
            hint: None,
        },
        &countries,
        true,
    );
    out.push_str(
        "<div class=\"embed-check\"><input type=\"checkbox\" id=\"f-incumbent\" name=\"incumbent\">\
<label for=\"f-incumbent\">We already serve this customer (incumbent)</label></div>",
    );
    out.push_str("</fieldset><fieldset><legend>Customer contact</legend>");
    input(
        &mut out,
        Field {
            name: "contact_name",
            label: "Name",
            hint: None,
        },
        "autocomplete=\"off\" required",
    );
    input(
        &mut out,
        Field {
            name: "contact_email",
            label: "E-mail",
            hint: None,
        },
        "type=\"email\" autocomplete=\"off\" required",
    );
    input(
        &mut out,
        Field {
            name: "contact_role",
            label: "Role",
            hint: Some("Like CIO or Head of Procurement."),
        },
        "autocomplete=\"off\" required",
    );
    out.push_str("</fieldset>");
    field_open(
        &mut out,
        &Field {
            name: "notes",
            label: "Notes (optional)",
            hint: None,
        },
    );
    out.push_str("<textarea id=\"f-notes\" name=\"notes\" rows=\"3\" aria-describedby=\"e-notes\"></textarea>");
    field_close(&mut out, "notes");
    // The honeypot: off-screen and out of the accessibility tree; people never fill it.
    let _ = write!(
        out,
        "<div class=\"embed-hp\" aria-hidden=\"true\"><label for=\"f-{HONEYPOT}\">Leave this empty</label>\
<input id=\"f-{HONEYPOT}\" name=\"{HONEYPOT}\" tabindex=\"-1\" autocomplete=\"off\"></div>"
    );
    let _ = write!(
        out,
        "<button type=\"submit\" class=\"embed-submit\" disabled>Register the deal</button></form>\
<div id=\"embed-done\" class=\"embed-done\" role=\"status\" tabindex=\"-1\" hidden></div>\
<p class=\"embed-footer\">Registrations go to {partner} through Portico.</p></main></body></html>"
    );
    out
}

/// A short page in place of the form (unknown key, website not allowed, no build).
pub fn message_page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">\
<title>{t}</title></head><body><main><h1>{t}</h1><p>{x}</p></main></body></html>",
        t = escape(title),
        x = escape(text)
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

    #[test]
    fn the_policy_frames_only_the_named_site_and_allows_no_inline_script() {
        let p = csp("https://shop.example", "abc");
        assert!(p.contains("frame-ancestors https://shop.example"));
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(p.contains("style-src 'self' 'nonce-abc';"));
        assert!(!p.contains("unsafe-inline"));
    }
}
