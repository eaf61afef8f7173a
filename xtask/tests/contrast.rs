//! WCAG 2.x contrast of every theme's text/background token pairs, read from the CSS a designer
//! edits: `style/tokens.css` (the default theme: channel managers, sign-in) and each
//! `style/tiers/*.css`. A tier's value of a token is its own override or else the base one,
//! with `var(--x)` resolved inside the same theme (tokens.css declares the base on
//! `:root, [data-tier]`, so that is also what the browser does).
//!
//! `cargo test -p xtask --test contrast -- --nocapture` prints every ratio.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A theme's custom properties: name (`--color-text`) → value as written.
type Tokens = BTreeMap<String, String>;

/// Body text, labels, links, badges: WCAG 1.4.3 (AA) for normal-size text.
const TEXT: f64 = 4.5;
/// Focus indicators and the edges of controls: WCAG 1.4.11 non-text contrast.
const UI: f64 = 3.0;

/// Every foreground/background pair the components in `style/app.css` put together, with the
/// minimum ratio. Add a row when a component puts a new pair on screen.
#[rustfmt::skip]
const PAIRS: &[(&str, &str, f64, &str)] = &[
    ("--color-text", "--color-bg", TEXT, "page text"),
    ("--color-text", "--color-surface", TEXT, "card text"),
    ("--color-text", "--color-info-bg", TEXT, "notice, neutral status badge"),
    ("--color-text", "--color-warning-bg", TEXT, "conflict list"),
    ("--color-text-muted", "--color-bg", TEXT, "secondary text on the page"),
    ("--color-text-muted", "--color-surface", TEXT, "secondary text, hints"),
    ("--color-link", "--color-bg", TEXT, "links on the page"),
    ("--color-link", "--color-surface", TEXT, "links in cards"),
    ("--color-accent", "--color-surface", TEXT, "secondary button, current nav item"),
    ("--color-on-accent", "--color-accent", TEXT, "primary button, pressed tab"),
    ("--color-on-brand", "--color-brand", TEXT, "header"),
    ("--color-brand", "--color-surface", TEXT, "wordmark on a card"),
    ("--color-on-tier", "--color-tier", TEXT, "tier badge"),
    ("--color-danger", "--color-danger-bg", TEXT, "error panel, rejected badge"),
    ("--color-danger", "--color-surface", TEXT, "field error, overdue clock"),
    ("--color-danger", "--color-bg", TEXT, "field error on the page"),
    ("--color-on-danger", "--color-danger", TEXT, "danger button"),
    ("--color-success", "--color-success-bg", TEXT, "success notice, approved badge"),
    ("--color-success", "--color-surface", TEXT, "met criterion, done mark on a card"),
    ("--color-warning", "--color-warning-bg", TEXT, "conflict, submitted badge"),
    ("--color-warning", "--color-surface", TEXT, "expiring clock"),
    ("--color-warning", "--color-bg", TEXT, "expiring clock on the page"),
    ("--color-mark-text", "--color-mark-bg", TEXT, "search match"),
    ("--color-focus", "--color-bg", UI, "focus ring on the page"),
    ("--color-focus", "--color-surface", UI, "focus ring in a card"),
    ("--color-focus-on-brand", "--color-brand", UI, "focus ring in the header"),
    ("--color-control-border", "--color-surface", UI, "input edges"),
];

/// One rule: its selector and its custom properties in order.
#[derive(Debug)]
struct Rule {
    selector: String,
    declarations: Vec<(String, String)>,
}

/// Reads a token file: rules holding custom properties and comments, nothing else. Anything
/// it does not understand is an error, never skipped.
fn parse(css: &str) -> Result<Vec<Rule>, String> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start + 2..]
            .find("*/")
            .ok_or("a comment is not closed")?;
        text.push(' ');
        rest = &rest[start + 2 + end + 2..];
    }
    text.push_str(rest);

    let mut rules = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest
            .find('{')
            .ok_or_else(|| format!("expected a rule near {rest:?}"))?;
        let selector = rest[..open]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if selector.is_empty() || selector.contains(['}', ';', '@']) {
            return Err(format!("cannot read the selector {selector:?}"));
        }
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| format!("the rule {selector:?} is not closed"))?;
        let body = &rest[open + 1..close];
        if body.contains('{') {
            return Err(format!("nested blocks in {selector:?}"));
        }
        let mut declarations: Vec<(String, String)> = Vec::new();
        for declaration in body.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let (name, value) = declaration
                .split_once(':')
                .ok_or_else(|| format!("cannot read {declaration:?} in {selector:?}"))?;
            let (name, value) = (name.trim(), value.trim());
            if !name.starts_with("--") || name.len() < 3 {
                return Err(format!(
                    "{name:?} in {selector:?}: token files hold custom properties (--name) only"
                ));
            }
            if value.is_empty() {
                return Err(format!("{name} in {selector:?} has no value"));
            }
            if declarations.iter().any(|(n, _)| n == name) {
                return Err(format!("{name} is declared twice in {selector:?}"));
            }
            declarations.push((name.to_owned(), value.to_owned()));
        }
        rules.push(Rule {
            selector,
            declarations,
        });
        rest = rest[close + 1..].trim_start();
    }
    Ok(rules)
}

/// The declarations of a file that must be exactly one rule with `selector`.
fn only_rule(path: &Path, selector: &str) -> Result<Tokens, String> {
    let css =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let rules = parse(&css).map_err(|e| format!("{}: {e}", path.display()))?;
    match rules.as_slice() {
        [rule] if rule.selector == selector => Ok(rule.declarations.iter().cloned().collect()),
        _ => Err(format!(
            "{}: expected one rule `{selector} {{ … }}`, found {:?}",
            path.display(),
            rules.iter().map(|r| &r.selector).collect::<Vec<_>>()
        )),
    }
}

/// A theme's value of a token, with `var(--x)` references followed (inside the theme).
fn resolve(theme: &Tokens, name: &str) -> Result<String, String> {
    let mut name = name.to_owned();
    for _ in 0..16 {
        let value = theme
            .get(&name)
            .ok_or_else(|| format!("{name} is not defined"))?
            .trim();
        match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
            Some(inner) if inner.trim().starts_with("--") && !inner.contains([',', '(']) => {
                name = inner.trim().to_owned();
            }
            Some(_) => {
                return Err(format!(
                    "cannot read {value:?} (only var(--name) is followed)"
                ));
            }
            None => return Ok(value.to_owned()),
        }
    }
    Err(format!("{name}: var() references go round in a circle"))
}

/// `#rgb` or `#rrggbb` → 0–255 channels; anything else is an error.
fn hex(value: &str) -> Result<[u8; 3], String> {
    let digits = value
        .strip_prefix('#')
        .filter(|d| d.chars().all(|c| c.is_ascii_hexdigit()))
        .ok_or_else(|| format!("{value:?} is not a #rgb or #rrggbb colour"))?;
    let channel = |s: &str| u8::from_str_radix(s, 16).map_err(|e| e.to_string());
    match digits.len() {
        3 => {
            let c: Vec<u8> = digits
                .chars()
                .map(|c| channel(&c.to_string()).map(|v| v * 17))
                .collect::<Result<_, _>>()?;
            Ok([c[0], c[1], c[2]])
        }
        6 => Ok([
            channel(&digits[0..2])?,
            channel(&digits[2..4])?,
            channel(&digits[4..6])?,
        ]),
        _ => Err(format!("{value:?} is not a #rgb or #rrggbb colour")),
    }
}

/// WCAG 2.x relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2.x contrast ratio, 1 to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A theme's ratio for one pair.
fn ratio(theme: &Tokens, fg: &str, bg: &str) -> Result<f64, String> {
    let colour = |name: &str| resolve(theme, name).and_then(|v| hex(&v));
    Ok(contrast(colour(fg)?, colour(bg)?))
}

fn style() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../style")
}

/// (theme name, tokens): the default theme, then every tier's (base + its overrides).
fn themes() -> Result<Vec<(String, Tokens)>, String> {
    let base = only_rule(&style().join("tokens.css"), ":root, [data-tier]")?;
    let mut themes = vec![("default".to_owned(), base.clone())];
    let mut files: Vec<PathBuf> = std::fs::read_dir(style().join("tiers"))
        .map_err(|e| format!("reading style/tiers: {e}"))?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    files.sort();
    for path in files {
        let tier = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".css"))
            .ok_or_else(|| format!("{}: tier files are <tier>.css", path.display()))?
            .to_owned();
        let overrides = only_rule(&path, &format!("[data-tier=\"{tier}\"]"))?;
        let mut theme = base.clone();
        for (name, value) in overrides {
            if !base.contains_key(&name) {
                return Err(format!(
                    "tiers/{tier}.css overrides {name}, which tokens.css does not define"
                ));
            }
            theme.insert(name, value);
        }
        themes.push((tier, theme));
    }
    Ok(themes)
}

#[test]
fn every_themes_text_and_background_pairs_meet_wcag_aa() {
    let themes = themes().unwrap_or_else(|e| panic!("{e}"));
    assert!(themes.len() > 1, "no tier files in style/tiers");
    let mut table = String::new();
    let mut failures = Vec::new();
    for (tier, theme) in &themes {
        // The pair closest to its minimum.
        let mut lowest: Option<(f64, f64, &str, &str)> = None;
        for &(fg, bg, min, used_for) in PAIRS {
            match ratio(theme, fg, bg) {
                Ok(r) => {
                    let _ = writeln!(table, "{tier:8} {r:5.2}:1 (≥ {min}) {fg} on {bg}");
                    if r < min {
                        failures.push(format!(
                            "{tier}: {fg} on {bg} is {r:.2}:1, needs {min}:1 ({used_for})"
                        ));
                    }
                    if lowest.is_none_or(|(l, m, _, _)| r / min < l / m) {
                        lowest = Some((r, min, fg, bg));
                    }
                }
                Err(e) => failures.push(format!("{tier}: {fg} on {bg}: {e}")),
            }
        }
        if let Some((r, min, fg, bg)) = lowest {
            let _ = writeln!(table, "{tier:8} closest: {fg} on {bg} {r:.2}:1 (≥ {min})\n");
        }
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "contrast below WCAG 2.2 AA:\n  {}",
        failures.join("\n  ")
    );
}

/// The hue of a colour in degrees (0–360), as HSL has it.
fn hue([r, g, b]: [u8; 3]) -> f64 {
    let (r, g, b) = (
        f64::from(r) / 255.0,
        f64::from(g) / 255.0,
        f64::from(b) / 255.0,
    );
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let d = max - min;
    if d == 0.0 {
        return 0.0;
    }
    let h = if max == r {
        ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    h * 60.0
}

/// Degrees between two hues around the colour wheel (0–180).
fn hue_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 360.0;
    d.min(360.0 - d)
}

/// A focus ring must not read as an error: its hue stays at least this far from the error red.
const FOCUS_FROM_DANGER: f64 = 60.0;

#[test]
fn focus_rings_do_not_look_like_errors() {
    let mut failures = Vec::new();
    for (tier, theme) in &themes().unwrap_or_else(|e| panic!("{e}")) {
        let colour = |name: &str| resolve(theme, name).and_then(|v| hex(&v));
        match (colour("--color-focus"), colour("--color-danger")) {
            (Ok(focus), Ok(danger)) => {
                let d = hue_distance(hue(focus), hue(danger));
                println!(
                    "{tier:8} focus {:.0}° vs danger {:.0}°: {d:.0}° apart",
                    hue(focus),
                    hue(danger)
                );
                if d < FOCUS_FROM_DANGER {
                    failures.push(format!(
                        "{tier}: the focus ring's hue is {d:.0}° from the error colour's (needs {FOCUS_FROM_DANGER}°)"
                    ));
                }
            }
            (f, d) => failures.push(format!("{tier}: {f:?} / {d:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hues_are_read_as_hsl_does() {
    assert_eq!(hue([255, 0, 0]), 0.0);
    assert_eq!(hue([0, 255, 0]), 120.0);
    assert_eq!(hue([0, 0, 255]), 240.0);
    assert_eq!(hue_distance(350.0, 10.0), 20.0);
    // The old focus orange and the error red: 17° apart, too close.
    assert!(hue_distance(hue([0xc2, 0x41, 0x0c]), hue([0xb4, 0x23, 0x18])) < FOCUS_FROM_DANGER);
}

#[test]
fn every_tier_file_is_linked_from_index_html() {
    let index = std::fs::read_to_string(style().join("../index.html")).expect("index.html");
    for (tier, _) in themes().unwrap_or_else(|e| panic!("{e}")).iter().skip(1) {
        assert!(
            index.contains(&format!("href=\"style/tiers/{tier}.css\"")),
            "index.html does not link style/tiers/{tier}.css"
        );
    }
}

#[test]
fn components_use_colour_tokens_only() {
    let css = std::fs::read_to_string(style().join("app.css")).expect("style/app.css");
    let mut found = Vec::new();
    for (n, line) in css.lines().enumerate() {
        let code = line
            .split("/*")
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let hex_colour = code.match_indices('#').any(|(i, _)| {
            code[i + 1..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .count()
                >= 3
        });
        let colour_function = ["rgb(", "rgba(", "hsl(", "hsla(", "oklch(", "color("]
            .iter()
            .any(|f| code.contains(f));
        let named = code
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .any(|w| {
                [
                    "white", "black", "red", "green", "blue", "gray", "grey", "silver", "gold",
                ]
                .contains(&w)
            });
        if hex_colour || colour_function || named {
            found.push(format!("style/app.css:{}: {}", n + 1, line.trim()));
        }
    }
    assert!(
        found.is_empty(),
        "colours belong in tokens.css (use var(--color-…)):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn ratios_match_wcag_examples() {
    let ratio = |a: &str, b: &str| contrast(hex(a).unwrap(), hex(b).unwrap());
    assert!((ratio("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!((ratio("#fff", "#fff") - 1.0).abs() < 1e-9);
    // The classic just-below-AA grey.
    let grey = ratio("#777777", "#ffffff");
    assert!((4.47..4.49).contains(&grey), "{grey}");
    assert_eq!(hex("#1F5fa8"), Ok([0x1f, 0x5f, 0xa8]));
}

#[test]
fn the_parser_refuses_what_it_cannot_read() {
    assert!(parse(":root { --a: #fff; }").is_ok());
    assert!(
        parse(":root { color: #fff; }").is_err(),
        "not a custom property"
    );
    assert!(
        parse(":root { --a: #fff; --a: #000; }").is_err(),
        "declared twice"
    );
    assert!(
        parse(":root { --a: #fff; /* open").is_err(),
        "unclosed comment"
    );
    assert!(
        parse("@media (x) { :root { --a: #fff } }").is_err(),
        "at-rules"
    );
    assert!(parse(":root { --a: #fff").is_err(), "unclosed rule");
    for bad in ["rgb(0 0 0)", "#ffff", "#12345g", "white", "#1234567"] {
        assert!(hex(bad).is_err(), "{bad}");
    }
    let theme: Tokens = [
        ("--a", "var(--b)"),
        ("--b", "#123456"),
        ("--c", "var(--d)"),
        ("--d", "var(--c)"),
        ("--e", "var(--b, #fff)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(resolve(&theme, "--a").as_deref(), Ok("#123456"));
    assert!(resolve(&theme, "--c").is_err(), "cycle");
    assert!(resolve(&theme, "--e").is_err(), "fallbacks are not read");
    assert!(resolve(&theme, "--zz").is_err(), "missing");
}
