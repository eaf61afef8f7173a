//! Portico's message catalogs and their renderer, shared by the portal (wasm), the embedded form
//! (server-rendered page plus its small wasm) and the server.
//!
//! Every user-visible text has a stable id (`pipeline.save_changes`, `err.too_long`). The
//! catalogs are plain text files in `i18n/` at the repository root, one message per line:
//!
//! ```text
//! # a comment
//! pipeline.save_changes = Save changes
//! err.too_long = Use at most {max} characters.
//! library.assets[one] = 1 asset
//! library.assets = {n} assets
//! ```
//!
//! - `{name}` is a placeholder, filled by [`Catalog::format`].
//! - `id[one]` is the singular of a counted message; it is chosen when the argument `n` is 1
//!   (English and German share this rule: "1 Dokument", "2 Dokumente", "0 Dokumente"). The plain
//!   `id` is the other form.
//! - `\n` in a text is a line break.
//!
//! English ([`EN`]) is compiled into everything. German ([`DE`], feature `de`) is compiled into
//! the server only; the portal fetches it as `/i18n/{DE_FILE}` when the visitor reads German.

use std::collections::HashMap;

include!(concat!(env!("OUT_DIR"), "/de_file.rs"));

/// The English catalog (the source language: every id is defined here).
pub const EN: &str = include_str!("../../../i18n/en.messages");
/// The German catalog.
#[cfg(feature = "de")]
pub const DE: &str = include_str!("../../../i18n/de.messages");

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    De,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// BCP 47 tag for `Intl` and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en-US",
            Locale::De => "de-DE",
        }
    }

    /// The two-letter code (`lang` attribute, stored choice).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The language's own name.
    pub fn label(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
        }
    }

    /// `de`, `de-AT`, `EN-gb` …; `None` for a language Portico does not speak.
    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("de") {
            Some(Locale::De)
        } else if s.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The first language of an `Accept-Language` header Portico speaks, by the header's
    /// weights (`q=`); English when none.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let weight = (q.clamp(0.0, 1.0) * 1000.0) as u16;
            if weight == 0 {
                continue;
            }
            if let Some(l) = Locale::parse(tag)
                && best.is_none_or(|(w, _)| weight > w)
            {
                best = Some((weight, l));
            }
        }
        best.map_or(Locale::En, |(_, l)| l)
    }
}

/// A line of a catalog that is not `id = text`, a comment or blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub text: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: not `id = text`: {:?}", self.line, self.text)
    }
}

/// One language's messages, borrowed from the catalog's text.
#[derive(Debug, Clone, Default)]
pub struct Catalog<'a> {
    entries: HashMap<&'a str, Text<'a>>,
}

/// A message as written: most have no escapes and are borrowed as they are.
#[derive(Debug, Clone)]
enum Text<'a> {
    Plain(&'a str),
    Unescaped(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Unescaped(s) => s,
        }
    }
}

impl<'a> Catalog<'a> {
    /// Reads a catalog; a later line with the same id replaces the earlier one (the tests forbid
    /// duplicates in the shipped catalogs).
    pub fn parse(source: &'a str) -> Result<Catalog<'a>, ParseError> {
        let mut entries = HashMap::new();
        for (i, raw) in source.lines().enumerate() {
            let line = raw.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((id, text)) = line.split_once(" = ") else {
                return Err(ParseError {
                    line: i + 1,
                    text: raw.to_owned(),
                });
            };
            let id = id.trim_end();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return Err(ParseError {
                    line: i + 1,
                    text: raw.to_owned(),
                });
            }
            let text = if text.contains('\\') {
                Text::Unescaped(text.replace("\\n", "\n"))
            } else {
                Text::Plain(text)
            };
            entries.insert(id, text);
        }
        Ok(Catalog { entries })
    }

    /// The text of `id` as written (placeholders unfilled).
    pub fn get(&self, id: &str) -> Option<&str> {
        self.entries.get(id).map(Text::as_str)
    }

    /// Every id, with `[one]` forms as written (`library.assets[one]`).
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.keys().copied()
    }

    /// The form of `id` for the count `n`: `id[one]` when `n` is 1 and the catalog has it.
    pub fn counted(&self, id: &str, n: i64) -> Option<&str> {
        if n == 1
            && let Some(one) = self.entries.get(format!("{id}[one]").as_str())
        {
            return Some(one.as_str());
        }
        self.get(id)
    }

    /// `id` with its placeholders filled from `args`; a count argument named `n` picks the
    /// plural form and a [`Arg::Label`] is itself looked up here. `None` when the catalog lacks
    /// the id.
    pub fn render(&self, id: &str, args: &[(&str, Arg)]) -> Option<String> {
        let count = args
            .iter()
            .find(|(k, _)| *k == "n")
            .and_then(|(_, v)| match v {
                Arg::Num(n) | Arg::Count(n, _) => Some(*n),
                _ => None,
            });
        let text = match count {
            Some(n) => self.counted(id, n)?,
            None => self.get(id)?,
        };
        if args.is_empty() {
            return Some(text.to_owned());
        }
        let filled: Vec<(&str, String)> = args
            .iter()
            .map(|(k, v)| {
                let shown = match v {
                    Arg::Text(s) | Arg::Count(_, s) => s.clone(),
                    Arg::Num(n) => n.to_string(),
                    Arg::Label(id) => self.get(id).unwrap_or(id).to_owned(),
                };
                (*k, shown)
            })
            .collect();
        Some(fill(text, &filled))
    }
}

/// A message argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as given (a name, a value the caller formatted).
    Text(String),
    /// A number shown without grouping (limits like 200 or 1000).
    Num(i64),
    /// A count and how the caller's locale writes it ("1.234"); picks the plural form as `n`.
    Count(i64, String),
    /// Another message's id, drawn in the same language (a status's name in a sentence).
    Label(&'static str),
}

impl From<&'static str> for Arg {
    fn from(id: &'static str) -> Self {
        Arg::Label(id)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
num_arg!(u8, u16, u32, u64, usize, i32, i64);

/// Replaces each `{name}` in `text` by its value in `args`; unknown names stay as written.
pub fn fill(text: &str, args: &[(&str, String)]) -> String {
    if args.is_empty() || !text.contains('{') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names of a text, sorted (for the catalogs' agreement test).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fills_and_counts() {
        let c = Catalog::parse(
            "# c\n\nx.hi = Hello {name}!\nx.assets[one] = 1 asset\nx.assets = {n} assets\nx.two = a\\nb\n",
        )
        .unwrap();
        let text = |s: &str| Arg::Text(s.to_owned());
        assert_eq!(
            c.render("x.hi", &[("name", text("Ava"))]).unwrap(),
            "Hello Ava!"
        );
        assert_eq!(
            c.render("x.assets", &[("n", Arg::Num(1))]).unwrap(),
            "1 asset"
        );
        assert_eq!(
            c.render("x.assets", &[("n", Arg::Num(2))]).unwrap(),
            "2 assets"
        );
        assert_eq!(
            c.render("x.assets", &[("n", Arg::Count(1000, "1.000".into()))])
                .unwrap(),
            "1.000 assets"
        );
        assert_eq!(
            c.render("x.hi", &[("name", Arg::Label("x.two"))]).unwrap(),
            "Hello a\nb!"
        );
        assert_eq!(c.get("x.two"), Some("a\nb"));
        assert_eq!(c.get("nope"), None);
        assert_eq!(fill("{a} {b} {", &[("a", "1".into())]), "1 {b} {");
    }

    #[test]
    fn a_bad_line_is_reported_with_its_number() {
        let e = Catalog::parse("a = b\nno equals sign\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn accept_language_picks_the_best_language_portico_speaks() {
        assert_eq!(
            Locale::from_accept_language("de-DE,de;q=0.9,en;q=0.8"),
            Locale::De
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR,en;q=0.5,de;q=0.7"),
            Locale::De
        );
        assert_eq!(Locale::from_accept_language("fr, en;q=0.1"), Locale::En);
        assert_eq!(Locale::from_accept_language("de;q=0, en"), Locale::En);
        assert_eq!(Locale::from_accept_language(""), Locale::En);
    }

    #[test]
    fn the_shipped_english_catalog_reads() {
        let en = Catalog::parse(EN).unwrap();
        assert!(en.ids().count() > 100);
    }

    #[cfg(feature = "de")]
    #[test]
    fn german_has_every_english_id_with_the_same_placeholders_and_no_other() {
        let en = Catalog::parse(EN).unwrap();
        let de = Catalog::parse(DE).unwrap();
        let mut problems = Vec::new();
        for id in en.ids() {
            match de.get(id) {
                None => problems.push(format!("missing in German: {id}")),
                Some(text) if text.trim().is_empty() => problems.push(format!("empty: {id}")),
                Some(text) => {
                    if placeholders(text) != placeholders(en.get(id).unwrap()) {
                        problems.push(format!("placeholders differ: {id}"));
                    }
                }
            }
        }
        for id in de.ids() {
            if en.get(id).is_none() {
                problems.push(format!("German only (no English): {id}"));
            }
        }
        problems.sort();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[cfg(feature = "de")]
    #[test]
    fn no_id_is_defined_twice_and_counted_messages_have_both_forms() {
        for (name, source) in [("en", EN), ("de", DE)] {
            let mut seen = std::collections::HashSet::new();
            for line in source.lines() {
                if let Some((id, _)) = line.split_once(" = ")
                    && !line.starts_with('#')
                {
                    assert!(seen.insert(id.trim()), "{name}: {id} defined twice");
                }
            }
            let c = Catalog::parse(source).unwrap();
            for id in c.ids() {
                if let Some(base) = id.strip_suffix("[one]") {
                    let other = c
                        .get(base)
                        .unwrap_or_else(|| panic!("{name}: {id} without {base}"));
                    assert!(other.contains("{n}"), "{name}: {base} must show {{n}}");
                }
            }
        }
    }
}
