//! Benchmark harness for the library search engine (`domain::library` / `domain::search`),
//! run in headless Chromium against MiniSearch by `tests/bench/search.mjs` (`cargo xtask bench
//! search`). Everything here is deterministic for a given size and seed:
//!
//! - [`generate`]: a synthetic library whose words follow a Zipf-like skew over a vocabulary of
//!   pronounceable pseudo-words mixed with real sales words;
//! - [`keystrokes`]: what a person types looking for a few assets, one query per keystroke;
//! - [`typos`]: two-word title queries with exactly one edit in one word, and the asset meant.
//!
//! The `#[wasm_bindgen]` surface ([`Dataset`], [`Loader`], [`Engine`]) hands the page the same
//! documents as JSON for both engines and runs `Library::run` per keystroke.

use domain::library::{Asset, Industry, Kind, Library, LibraryBuilder, LibraryQuery, UseCase};
use domain::{Motion, Tier};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// How many keystrokes [`keystrokes`] produces at least (it finishes the query it is typing).
pub const KEYSTROKES: usize = 300;
/// How many typo queries [`typos`] produces.
pub const TYPOS: usize = 500;
/// How many hits one keystroke asks for.
pub const LIMIT: usize = 20;

/// SplitMix64: small, fast, and good enough for synthetic data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the modulo bias is negligible at these sizes).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    /// `k` distinct values of `xs` (k ≤ len), in `xs`'s order.
    fn distinct<T: Copy>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        for i in 0..k {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        let mut chosen = idx[..k].to_vec();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| xs[i]).collect()
    }
}

/// Samples ranks `from..n` with probability ∝ 1 / (rank + 1)^s.
#[derive(Debug, Clone)]
struct Zipf {
    from: usize,
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64, from: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (from..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { from, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c <= u);
        self.from + i.min(self.cumulative.len() - 1)
    }
}

/// Real words a partner library would use; they take random ranks among the pseudo-words.
#[rustfmt::skip]
const SALES_WORDS: &[&str] = &[
    "pricing", "margin", "discount", "partner", "reseller", "referral", "marketplace", "quota",
    "pipeline", "forecast", "renewal", "upsell", "expansion", "onboarding", "enablement",
    "playbook", "objection", "champion", "procurement", "contract", "proposal", "quote", "invoice",
    "subscription", "license", "deployment", "integration", "migration", "security", "compliance",
    "analytics", "automation", "workflow", "dashboard", "roadmap", "milestone", "deliverable",
    "acceptance", "scoping", "services", "engagement", "consulting", "implementation", "support",
    "escalation", "retention", "churn", "adoption", "usage", "value", "outcome", "savings",
    "revenue", "profit", "budget", "approval", "signature", "negotiation", "closing", "discovery",
    "qualification", "demo", "trial", "pilot", "proof", "evaluation", "benchmark", "comparison",
    "competitor", "differentiation", "positioning", "messaging", "persona", "buyer", "stakeholder",
    "executive", "sponsor", "decision", "committee", "timeline", "urgency", "pain", "challenge",
    "solution", "benefit", "feature", "capability", "platform", "cloud", "hybrid", "premises",
    "infrastructure", "network", "storage", "database", "application", "mobile", "customer",
    "experience", "journey", "loyalty", "campaign", "webinar", "event", "newsletter", "content",
    "brochure", "datasheet", "whitepaper", "ebook", "template", "checklist", "guide", "explainer",
    "training", "certification", "accreditation", "tier", "bronze", "silver", "gold", "rebate",
    "incentive", "bonus", "commission", "registration", "conflict", "protection", "territory",
    "account", "region", "vertical", "segment", "enterprise", "midmarket", "startup", "government",
    "healthcare", "finance", "banking", "insurance", "retail", "manufacturing", "energy",
    "utilities", "telecom", "education", "logistics", "transport", "hospitality", "media",
    "technology", "software", "hardware", "bundle", "package", "edition", "upgrade", "addon",
    "seat", "volume", "annual", "monthly", "term", "payment", "billing", "credit", "fiscal",
    "quarter", "target", "goal", "metric", "report", "review", "meeting", "agenda", "handoff",
    "introduction", "followup", "cadence", "outreach", "prospect", "lead", "opportunity", "deal",
    "stage", "funnel", "conversion", "win", "loss", "case", "study", "story", "talk", "track",
    "slide", "deck", "pitch", "offer", "private", "public", "sector", "joint", "vendor", "program",
    "portal", "fund", "development", "marketing", "sales", "channel", "distributor", "alliance",
    "ecosystem", "roi", "tco", "calculator", "faq", "question", "answer", "risk", "audit",
    "privacy", "governance", "identity", "access", "endpoint", "backup", "recovery", "resilience",
    "performance", "scale", "growth",
];

#[rustfmt::skip]
const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br",
    "cl", "dr", "gr", "pl", "st", "tr", "sh", "ch", "th", "qu", "fl",
];
#[rustfmt::skip]
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io",
];
#[rustfmt::skip]
const CODAS: &[&str] = &[
    "", "", "", "n", "r", "s", "l", "t", "m", "x", "nd", "st", "ck",
];

/// How many pseudo-words the vocabulary holds besides the sales words.
const PSEUDO_WORDS: usize = 3000;

/// The vocabulary in rank order (most frequent first): pseudo-words of 3–12 letters and the
/// sales words, shuffled together. The same for every size and seed.
fn vocabulary() -> Vec<String> {
    let mut rng = Rng::new(0x00c0_ffee);
    let mut seen: std::collections::HashSet<String> =
        SALES_WORDS.iter().map(|w| (*w).to_owned()).collect();
    let mut words: Vec<String> = seen.iter().cloned().collect();
    words.sort_unstable();
    let mut pseudo = 0;
    while pseudo < PSEUDO_WORDS {
        let want = rng.range(3, 12);
        let mut w = String::new();
        while w.len() < want {
            w.push_str(rng.word(ONSETS));
            w.push_str(rng.word(VOWELS));
            if rng.below(3) == 0 {
                w.push_str(rng.word(CODAS));
            }
        }
        if (3..=12).contains(&w.len()) && seen.insert(w.clone()) {
            words.push(w);
            pseudo += 1;
        }
    }
    // Fisher–Yates: the sales words land at random ranks.
    for i in (1..words.len()).rev() {
        let j = rng.below(i + 1);
        words.swap(i, j);
    }
    words
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Words drawn from `zipf`, as sentences (capitalised, full stops), paragraphs of about four
/// sentences separated by a blank line.
fn prose(rng: &mut Rng, vocab: &[String], zipf: &Zipf, words: usize) -> String {
    let mut out = String::new();
    let mut left = words;
    let mut sentences = 0;
    while left > 0 {
        let len = rng.range(6, 16).min(left);
        left -= len;
        if !out.is_empty() {
            out.push_str(if sentences % 4 == 0 { "\n\n" } else { " " });
        }
        for i in 0..len {
            let w = &vocab[zipf.sample(rng)];
            if i == 0 {
                out.push_str(&capitalise(w));
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push('.');
        sentences += 1;
    }
    out
}

/// `n` assets with ids `1..=n`, the same for the same `n` and `seed`.
pub fn generate(n: u32, seed: u32) -> Vec<Asset> {
    let vocab = vocabulary();
    let text = Zipf::new(vocab.len(), 1.0, 0);
    // Titles skip the twenty most common words (they play the part of function words) and are
    // less skewed than running text, as titles are chosen to tell assets apart.
    let titles = Zipf::new(vocab.len(), 0.6, 20);
    let mut rng = Rng::new(u64::from(seed));
    (1..=n)
        .map(|id| {
            let k = rng.range(3, 7);
            let mut title_words: Vec<usize> = Vec::with_capacity(k);
            while title_words.len() < k {
                let w = titles.sample(&mut rng);
                if !title_words.contains(&w) {
                    title_words.push(w);
                }
            }
            let title = title_words
                .iter()
                .map(|&w| capitalise(&vocab[w]))
                .collect::<Vec<_>>()
                .join(" ");
            let summary_len = rng.range(16, 24);
            let summary = prose(&mut rng, &vocab, &text, summary_len);
            let body_len = rng.range(80, 150);
            let body = prose(&mut rng, &vocab, &text, body_len);
            let kind = *rng.pick(Kind::ALL);
            let motions = {
                let k = rng.range(1, 3);
                rng.distinct(&Motion::ALL, k)
            };
            let industries = {
                let k = rng.range(0, 2);
                rng.distinct(Industry::ALL, k)
            };
            let use_cases = {
                let k = rng.range(1, 2);
                rng.distinct(UseCase::ALL, k)
            };
            let min_tier = *rng.pick(&Tier::ALL);
            let updated = format!(
                "{:04}-{:02}-{:02}",
                rng.range(2022, 2026),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            Asset {
                id: i64::from(id),
                title,
                summary,
                body,
                kind,
                motions,
                industries,
                use_cases,
                min_tier,
                updated,
                link: format!("https://content.example.com/assets/{id}"),
            }
        })
        .collect()
}

fn title_words(a: &Asset) -> Vec<String> {
    a.title.split_whitespace().map(str::to_lowercase).collect()
}

/// The queries typed, one per keystroke: for target assets picked at random, two or three of
/// their title words (in title order) typed a character at a time; every prefix of the growing
/// query, spaces included, is one keystroke. At least [`KEYSTROKES`] of them.
pub fn keystrokes(assets: &[Asset], seed: u32) -> Vec<String> {
    let mut rng = Rng::new(u64::from(seed) ^ 0x6b65_7973);
    let mut out = Vec::new();
    if assets.is_empty() {
        return out;
    }
    while out.len() < KEYSTROKES {
        let words = title_words(rng.pick(assets));
        let k = rng.range(2, 3).min(words.len());
        let all: Vec<usize> = (0..words.len()).collect();
        let typed = rng
            .distinct(&all, k)
            .into_iter()
            .map(|i| words[i].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for (i, _) in typed.char_indices().skip(1) {
            out.push(typed[..i].to_owned());
        }
        out.push(typed);
    }
    out
}

/// One typo query: `query` is `exact` with one edit in one word; `id` is the asset meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typo {
    pub query: String,
    pub exact: String,
    pub id: i64,
    /// insertion, deletion, substitution or swap.
    pub edit: &'static str,
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// `word` (ASCII letters) with exactly one edit of the kind chosen at random; never `word`.
fn one_edit(rng: &mut Rng, word: &str) -> (String, &'static str) {
    let mut w: Vec<u8> = word.bytes().collect();
    let other = |rng: &mut Rng, not: u8| loop {
        let c = *rng.pick(LETTERS);
        if c != not {
            return c;
        }
    };
    let kind = rng.below(4);
    let swaps: Vec<usize> = (0..w.len() - 1).filter(|&i| w[i] != w[i + 1]).collect();
    let edit = match kind {
        0 => {
            let at = rng.range(0, w.len());
            w.insert(at, *rng.pick(LETTERS));
            "insertion"
        }
        1 => {
            w.remove(rng.below(w.len()));
            "deletion"
        }
        3 if !swaps.is_empty() => {
            let i = *rng.pick(&swaps);
            w.swap(i, i + 1);
            "swap"
        }
        _ => {
            let at = rng.below(w.len());
            w[at] = other(rng, w[at]);
            "substitution"
        }
    };
    (String::from_utf8(w).unwrap_or_default(), edit)
}

/// [`TYPOS`] queries of two title words of a random asset (in title order), one of at least five
/// letters carrying exactly one edit (insertion, deletion, substitution or swap of neighbours).
pub fn typos(assets: &[Asset], seed: u32) -> Vec<Typo> {
    let mut rng = Rng::new(u64::from(seed) ^ 0x7479_706f);
    let mut out = Vec::with_capacity(TYPOS);
    if assets.is_empty() {
        return out;
    }
    while out.len() < TYPOS {
        let a = rng.pick(assets);
        let words = title_words(a);
        let long: Vec<usize> = (0..words.len()).filter(|&i| words[i].len() >= 5).collect();
        if long.is_empty() || words.len() < 2 {
            continue;
        }
        let t = *rng.pick(&long);
        let o = loop {
            let o = rng.below(words.len());
            if o != t {
                break o;
            }
        };
        let (typo, edit) = one_edit(&mut rng, &words[t]);
        let (first, second) = (t.min(o), t.max(o));
        let pick = |i: usize| {
            if i == t {
                typo.clone()
            } else {
                words[i].clone()
            }
        };
        out.push(Typo {
            query: format!("{} {}", pick(first), pick(second)),
            exact: format!("{} {}", words[first], words[second]),
            id: a.id,
            edit,
        });
    }
    out
}

/// A generated library and its query sets, for the page.
#[wasm_bindgen]
pub struct Dataset {
    assets: Vec<Asset>,
    seed: u32,
}

#[wasm_bindgen]
impl Dataset {
    #[wasm_bindgen(constructor)]
    pub fn new(n: u32, seed: u32) -> Dataset {
        Dataset {
            assets: generate(n, seed),
            seed,
        }
    }

    /// The assets as the library payload's JSON array (what both engines index).
    pub fn assets_json(&self) -> String {
        serde_json::to_string(&self.assets).unwrap_or_default()
    }

    /// `["p", "pr", …]`: the keystroke sequence.
    pub fn keystrokes_json(&self) -> String {
        serde_json::to_string(&keystrokes(&self.assets, self.seed)).unwrap_or_default()
    }

    /// `[{query, exact, id, edit}, …]`: the typo queries.
    pub fn typos_json(&self) -> String {
        let list: Vec<serde_json::Value> = typos(&self.assets, self.seed)
            .into_iter()
            .map(|t| json!({ "query": t.query, "exact": t.exact, "id": t.id, "edit": t.edit }))
            .collect();
        serde_json::to_string(&list).unwrap_or_default()
    }
}

/// Parsed assets being indexed: time `new` as parsing, `step` + `finish` as the index build.
#[wasm_bindgen]
pub struct Loader {
    builder: LibraryBuilder,
}

#[wasm_bindgen]
impl Loader {
    /// Parses the assets JSON (a [`Dataset::assets_json`] string).
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> Result<Loader, JsError> {
        let assets: Vec<Asset> = serde_json::from_str(json)?;
        Ok(Loader {
            builder: LibraryBuilder::new(assets),
        })
    }

    /// Indexes up to `n` more assets (one slice of a build spread over several tasks); true
    /// when all are in.
    pub fn step(&mut self, n: u32) -> bool {
        self.builder.step(n as usize)
    }

    /// Indexes whatever is left and finishes the index: the searchable library.
    pub fn finish(self) -> Engine {
        Engine {
            library: self.builder.finish(),
            total: 0,
        }
    }
}

/// A built library, searched one keystroke at a time.
#[wasm_bindgen]
pub struct Engine {
    library: Library,
    total: u32,
}

#[wasm_bindgen]
impl Engine {
    /// What one keystroke costs in the app: `Library::run` (search, facet counts, the first
    /// [`LIMIT`] ordered). Returns those hits' asset ids.
    pub fn search(&mut self, text: &str) -> Vec<u32> {
        let query = LibraryQuery {
            text: text.to_owned(),
            ..Default::default()
        };
        let r = self.library.run(&query, LIMIT);
        self.total = r.total as u32;
        let assets = self.library.assets();
        r.hits
            .iter()
            .map(|&i| assets[i as usize].id as u32)
            .collect()
    }

    /// How many assets matched the last search in all.
    pub fn last_total(&self) -> u32 {
        self.total
    }

    /// `SearchIndex::heap_bytes` of the built index.
    pub fn heap_bytes(&self) -> usize {
        self.library.index().heap_bytes()
    }

    pub fn len(&self) -> usize {
        self.library.assets().len()
    }

    pub fn is_empty(&self) -> bool {
        self.library.assets().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_numbers_from_one() {
        let a = generate(300, 7);
        assert_eq!(a, generate(300, 7));
        assert_ne!(a, generate(300, 8));
        assert_eq!(
            a.iter().map(|x| x.id).collect::<Vec<_>>(),
            (1..=300).collect::<Vec<_>>()
        );
        for x in &a {
            let t = x.title.split_whitespace().count();
            assert!((3..=7).contains(&t), "{}", x.title);
            let b = x.body.split_whitespace().count();
            assert!((80..=150).contains(&b), "{b}");
            assert!(!x.motions.is_empty() && !x.use_cases.is_empty());
        }
        let vocab = vocabulary();
        assert!(vocab.len() >= PSEUDO_WORDS + 200);
        assert!(vocab.iter().all(|w| (2..=15).contains(&w.len())));
    }

    #[test]
    fn keystrokes_type_title_words_a_character_at_a_time() {
        let a = generate(500, 1);
        let keys = keystrokes(&a, 1);
        assert!(keys.len() >= KEYSTROKES && keys.len() < KEYSTROKES + 120);
        assert_eq!(keys, keystrokes(&a, 1));
        assert_eq!(keys[0].chars().count(), 1);
        assert!(keys.iter().all(|k| !k.is_empty()));
        assert!(keys.iter().any(|k| k.ends_with(' ')));
    }

    #[test]
    fn each_typo_is_exactly_one_edit_from_its_title_words() {
        let a = generate(500, 3);
        let ts = typos(&a, 3);
        assert_eq!(ts.len(), TYPOS);
        for t in &ts {
            let title = a[(t.id - 1) as usize].title.to_lowercase();
            let (q, e): (Vec<&str>, Vec<&str>) =
                (t.query.split(' ').collect(), t.exact.split(' ').collect());
            assert_eq!(e.len(), 2);
            assert!(e.iter().all(|w| title.split(' ').any(|x| x == *w)));
            let changed: Vec<usize> = (0..2).filter(|&i| q[i] != e[i]).collect();
            assert_eq!(changed.len(), 1, "{t:?}");
            assert!(e[changed[0]].len() >= 5);
            assert_eq!(osa(q[changed[0]], e[changed[0]]), 1, "{t:?}");
        }
        for edit in ["insertion", "deletion", "substitution", "swap"] {
            assert!(ts.iter().any(|t| t.edit == edit), "{edit}");
        }
    }

    #[test]
    fn the_engine_finds_exact_title_queries() {
        let a = generate(1000, 5);
        let lib = Library::new(a.clone());
        let ts = typos(&a, 5);
        let found = ts
            .iter()
            .filter(|t| {
                let q = LibraryQuery {
                    text: t.exact.clone(),
                    ..Default::default()
                };
                lib.run(&q, 10)
                    .hits
                    .iter()
                    .any(|&h| lib.assets()[h as usize].id == t.id)
            })
            .count();
        assert!(found * 10 >= ts.len() * 9, "{found} of {}", ts.len());
    }

    #[test]
    fn a_sliced_build_equals_a_whole_one() {
        let a = generate(300, 9);
        let mut sliced = LibraryBuilder::new(a.clone());
        while !sliced.step(64) {}
        let (sliced, whole) = (sliced.finish(), Library::new(a));
        let q = LibraryQuery {
            text: typos(whole.assets(), 9)[0].exact.clone(),
            ..Default::default()
        };
        assert_eq!(sliced.run(&q, 20), whole.run(&q, 20));
        assert_eq!(sliced.index().heap_bytes(), whole.index().heap_bytes());
    }

    /// Optimal-string-alignment distance (tests only).
    fn osa(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        d[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }
}
