//! Writing figures into BENCHMARKS.md (each section between its `<!-- name:start -->` and
//! `<!-- name:end -->` markers, the rest of the file untouched) and the number formats the
//! tables share.

use crate::util::root;
use anyhow::{Context, Result};

/// Milliseconds with three decimals below 1 ms, two from 1 ms, none from 1 s.
pub(super) fn ms(x: &serde_json::Value) -> String {
    match x.as_f64() {
        Some(v) if v < 1.0 => format!("{v:.3}"),
        Some(v) if v < 1000.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.0}"),
        None => "–".into(),
    }
}

/// Bytes as MB (one decimal), or kB below 1 MB.
pub(super) fn megabytes(x: &serde_json::Value) -> String {
    match x.as_f64() {
        Some(b) if b < 1e6 => format!("{:.0} kB", b / 1e3),
        Some(b) => format!("{:.1} MB", b / 1e6),
        None => "–".into(),
    }
}

pub(super) fn percent(x: &serde_json::Value) -> String {
    x.as_f64()
        .map_or_else(|| "–".into(), |r| format!("{:.1} %", r * 100.0))
}

pub(super) fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**not met**" }
}

/// Thousands with a thin space, as the prose writes them (20 000).
pub(super) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub(super) fn write_section(name: &str, body: &str) -> Result<()> {
    let path = root().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let block = format!("{start}\n{body}{end}");
    let new = match (text.find(&start), text.find(&end)) {
        (Some(a), Some(b)) if b > a => format!("{}{}{}", &text[..a], block, &text[b + end.len()..]),
        _ => format!("{text}\n{block}\n"),
    };
    std::fs::write(&path, new).context("BENCHMARKS.md")
}
