//! Showing why a result matched: highlighted words and a snippet around the first match.

use super::*;

/// Splits `text` into runs, marking the words whose normalised form is in `terms` (sorted), for
/// highlighting matches.
pub fn highlight<'t>(text: &'t str, terms: &[String]) -> Vec<(&'t str, bool)> {
    let mut out: Vec<(&'t str, bool)> = Vec::new();
    let push = |s: &'t str, hit: bool, out: &mut Vec<(&'t str, bool)>| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            // Merge neighbouring runs of the same kind (byte ranges are contiguous).
            Some((prev, h)) if *h == hit && !hit => {
                let start = prev.as_ptr() as usize - text.as_ptr() as usize;
                *prev = &text[start..start + prev.len() + s.len()];
            }
            _ => out.push((s, hit)),
        }
    };
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if w != in_word {
            let run = &text[start..i];
            let hit = in_word && is_term(run, terms);
            push(run, hit, &mut out);
            start = i;
            in_word = w;
        }
    }
    let run = &text[start..];
    let hit = in_word && is_term(run, terms);
    push(run, hit, &mut out);
    out
}

fn is_term(word: &str, terms: &[String]) -> bool {
    !terms.is_empty()
        && tokens(word)
            .next()
            .is_some_and(|t| terms.binary_search(&t).is_ok())
}

/// About `max` characters of `body` around its first highlighted word (its start when none),
/// cut at word boundaries, with "…" where text was left out.
pub fn snippet(body: &str, terms: &[String], max: usize) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = highlight(&flat, terms)
        .iter()
        .scan(0usize, |pos, (s, hit)| {
            let at = *pos;
            *pos += s.len();
            Some((at, *hit))
        })
        .find(|(_, hit)| *hit)
        .map(|(at, _)| at);
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    if chars.len() <= max {
        return flat;
    }
    let first_char = first
        .map(|b| chars.partition_point(|(i, _)| *i < b))
        .unwrap_or(0);
    let mut from = first_char.saturating_sub(max / 4);
    // Start at a word boundary.
    while from > 0 && chars[from - 1].1 != ' ' {
        from -= 1;
    }
    let mut to = (from + max).min(chars.len());
    while to < chars.len() && to > from && chars[to - 1].1 != ' ' {
        to -= 1;
    }
    if to <= from {
        to = (from + max).min(chars.len());
    }
    let byte = |c: usize| chars.get(c).map_or(flat.len(), |(i, _)| *i);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(flat[byte(from)..byte(to)].trim());
    if to < chars.len() {
        out.push('…');
    }
    out
}
