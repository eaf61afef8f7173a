//! Full-text search over the enablement library, run in the browser (and natively in tests).
//!
//! - Tokens: lower-cased, accents folded, split on anything that is not a letter or digit.
//! - Ranking: BM25F — per-field term frequencies weighted (title over summary over body) and
//!   length-normalised per field, then BM25 saturation and IDF per term.
//! - The last query token also matches as a prefix (the word being typed); tokens of four letters
//!   or more also match vocabulary terms one edit away (insertion, deletion, substitution or
//!   swap of neighbours), found through a deletion-neighbourhood table rather than a vocabulary
//!   scan. Prefix and typo matches score less than exact ones.
//! - Layout is flat (sorted vocabulary, postings in one array) so building and querying stay
//!   cheap in wasm.

use crate::customer::fold_accent;

/// Field boosts: a title match counts more than a summary match, which counts more than body.
const TITLE_BOOST: f32 = 3.0;
const SUMMARY_BOOST: f32 = 1.5;
const BODY_BOOST: f32 = 1.0;
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Score factor for a prefix expansion and for a one-edit (typo) match.
const PREFIX_FACTOR: f32 = 0.7;
const TYPO_FACTOR: f32 = 0.45;
/// At most this many vocabulary terms expand one prefix (the most common ones are kept): fewer
/// for one or two letters, which match a large share of the vocabulary and say little yet.
fn max_prefix_terms(prefix_chars: usize) -> usize {
    match prefix_chars {
        1 => 8,
        2 => 24,
        _ => 64,
    }
}
/// A document whose title holds every word of a multi-word query scores this much more: two
/// words in a short title are a stronger signal than one there and one in the body.
const ALL_IN_TITLE: f32 = 1.5;
/// Marks a posting whose term occurs in the document's title.
const IN_TITLE: u32 = 1 << 31;

/// Splits `text` into normalised tokens.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.chars()
                .flat_map(char::to_lowercase)
                .map(fold_accent)
                .collect()
        })
}

/// The text of one searchable document.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// A built index over documents numbered `0..n` in the order given.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Sorted, unique terms.
    terms: Vec<Box<str>>,
    /// `postings[offsets[t]..offsets[t + 1]]` holds term `t`'s (document | [`IN_TITLE`],
    /// saturated BM25F weight `tf' (k1 + 1) / (tf' + k1)`, computed once at build time).
    offsets: Vec<u32>,
    postings: Vec<(u32, f32)>,
    /// Inverse document frequency per term.
    idf: Vec<f32>,
    /// (hash of a term or of one of its single-character deletions, term id), sorted.
    deletions: Vec<(u64, u32)>,
    docs: usize,
    /// Per-document work arrays reused across queries (reset sparsely after each one).
    scratch: std::sync::Mutex<Scratch>,
}

#[derive(Debug, Default)]
struct Scratch {
    /// Query words matched so far.
    matched: Vec<u16>,
    /// Query words matched in the title.
    in_title: Vec<u16>,
    /// For the word being scored: the best expansion's score, and whether it was in the title.
    best: Vec<f32>,
    best_in_title: Vec<bool>,
}

impl Clone for SearchIndex {
    fn clone(&self) -> Self {
        SearchIndex {
            terms: self.terms.clone(),
            offsets: self.offsets.clone(),
            postings: self.postings.clone(),
            idf: self.idf.clone(),
            deletions: self.deletions.clone(),
            docs: self.docs,
            scratch: Default::default(),
        }
    }
}

/// One ranked hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
}

fn hash(s: &str) -> u64 {
    // FNV-1a: tiny, deterministic, good enough to bucket short strings.
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `s` without the character at each position, for short-enough strings.
fn single_deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

/// Optimal-string-alignment distance (a swap of neighbours is one edit) between `a` and `b`,
/// when it is at most `max`.
fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        if cur.iter().min().copied().unwrap_or(0) > max {
            return None;
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

/// Whether `a` and `b` are at most one edit apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    edit_distance_within(a, b, 1).is_some()
}

/// Builds a [`SearchIndex`] a document at a time, so a caller can spread the work over several
/// turns of an event loop (add a batch, yield, add the next) and never block a page for long.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    /// Term text → provisional id (order of first appearance).
    ids: std::collections::HashMap<String, u32>,
    /// Per provisional term id: (document, term frequency in title, summary, body).
    postings: Vec<Vec<(u32, [u16; 3])>>,
    /// Per document: token count of title, summary, body.
    lengths: Vec<[u32; 3]>,
    /// Per provisional term id: (1 + the last document it was seen in, its slot in that
    /// document's list), so counting a repeated term is a lookup, not a scan.
    seen: Vec<(u32, u32)>,
}

impl IndexBuilder {
    /// Adds the next document (numbered from 0 in the order added).
    pub fn add(&mut self, doc: &SearchDoc<'_>) {
        let n = self.lengths.len() as u32;
        let mut per_doc: Vec<(u32, [u16; 3])> = Vec::new();
        let mut lengths = [0u32; 3];
        for (k, text) in [doc.title, doc.summary, doc.body].into_iter().enumerate() {
            for t in tokens(text) {
                lengths[k] += 1;
                let next = self.ids.len() as u32;
                let id = *self.ids.entry(t).or_insert(next);
                if id == next {
                    self.postings.push(Vec::new());
                    self.seen.push((0, 0));
                }
                let seen = &mut self.seen[id as usize];
                if seen.0 == n + 1 {
                    let tf = &mut per_doc[seen.1 as usize].1;
                    tf[k] = tf[k].saturating_add(1);
                } else {
                    *seen = (n + 1, per_doc.len() as u32);
                    let mut tf = [0u16; 3];
                    tf[k] = 1;
                    per_doc.push((id, tf));
                }
            }
        }
        for (id, tf) in per_doc {
            self.postings[id as usize].push((n, tf));
        }
        self.lengths.push(lengths);
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// Sorts the vocabulary, weighs the postings (BM25F) and builds the typo table.
    pub fn finish(self) -> SearchIndex {
        let docs = self.lengths.len();
        let n = docs.max(1) as f32;
        let mut total = [0u64; 3];
        for l in &self.lengths {
            for k in 0..3 {
                total[k] += u64::from(l[k]);
            }
        }
        let avg: Vec<f32> = total.iter().map(|t| (*t as f32 / n).max(1.0)).collect();
        let boosts = [TITLE_BOOST, SUMMARY_BOOST, BODY_BOOST];
        // Per document and field: boost / length normalisation, computed once.
        let field_weight: Vec<[f32; 3]> = self
            .lengths
            .iter()
            .map(|l| {
                let mut w = [0.0; 3];
                for k in 0..3 {
                    w[k] = boosts[k] / (1.0 - B + B * l[k] as f32 / avg[k]);
                }
                w
            })
            .collect();

        let mut vocabulary: Vec<(String, u32)> = self.ids.into_iter().collect();
        vocabulary.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings_by_id = self.postings;
        let mut index = SearchIndex {
            docs,
            ..Default::default()
        };
        index.terms.reserve(vocabulary.len());
        for (term, id) in vocabulary {
            index.offsets.push(index.postings.len() as u32);
            for (doc, tf) in std::mem::take(&mut postings_by_id[id as usize]) {
                let fw = &field_weight[doc as usize];
                let w: f32 = (0..3).map(|k| f32::from(tf[k]) * fw[k]).sum();
                let flag = if tf[0] > 0 { IN_TITLE } else { 0 };
                index.postings.push((doc | flag, w * (K1 + 1.0) / (w + K1)));
            }
            index.terms.push(term.into_boxed_str());
        }
        index.offsets.push(index.postings.len() as u32);
        index.idf = (0..index.terms.len())
            .map(|t| {
                let df = (index.offsets[t + 1] - index.offsets[t]) as f32;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
            })
            .collect();
        for (id, term) in index.terms.iter().enumerate() {
            if term.chars().count() >= 3 {
                index.deletions.push((hash(term), id as u32));
                for d in single_deletions(term) {
                    index.deletions.push((hash(&d), id as u32));
                }
            }
        }
        index.deletions.sort_unstable();
        index.deletions.dedup();
        index
    }
}

impl SearchIndex {
    /// Indexes `docs`; document `i` of the slice is hit `doc == i`.
    pub fn build(docs: &[SearchDoc<'_>]) -> SearchIndex {
        let mut builder = IndexBuilder::default();
        for d in docs {
            builder.add(d);
        }
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.docs
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    fn term_id(&self, t: &str) -> Option<usize> {
        self.terms.binary_search_by(|x| (**x).cmp(t)).ok()
    }

    /// Vocabulary terms that start with `prefix` (longer than it), most frequent first, capped.
    fn prefix_terms(&self, prefix: &str) -> Vec<usize> {
        let start = self.terms.partition_point(|t| &**t < prefix);
        let mut ids: Vec<usize> = (start..self.terms.len())
            .take_while(|&i| self.terms[i].starts_with(prefix))
            .filter(|&i| &*self.terms[i] != prefix)
            .collect();
        let cap = max_prefix_terms(prefix.chars().count());
        if ids.len() > cap {
            ids.sort_by_key(|&i| std::cmp::Reverse(self.offsets[i + 1] - self.offsets[i]));
            ids.truncate(cap);
        }
        ids
    }

    /// Vocabulary terms one edit away from `token` (not the token itself).
    fn typo_terms(&self, token: &str) -> Vec<usize> {
        let mut keys = vec![hash(token)];
        keys.extend(single_deletions(token).iter().map(|d| hash(d)));
        let mut ids: Vec<usize> = Vec::new();
        for k in keys {
            let start = self.deletions.partition_point(|(h, _)| *h < k);
            for &(h, id) in &self.deletions[start..] {
                if h != k {
                    break;
                }
                ids.push(id as usize);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|&i| &*self.terms[i] != token && within_one_edit(token, &self.terms[i]));
        ids
    }

    /// The expansions of each query token: (term id, factor). Exact matches count fully; the last
    /// token's prefix expansions and every token's one-edit neighbours count less.
    pub fn expand(&self, query: &str) -> Vec<Vec<(usize, f32)>> {
        let toks: Vec<String> = tokens(query).collect();
        let last = toks.len().saturating_sub(1);
        toks.iter()
            .enumerate()
            .map(|(i, t)| {
                let mut out: Vec<(usize, f32)> = Vec::new();
                if let Some(id) = self.term_id(t) {
                    out.push((id, 1.0));
                }
                if i == last {
                    out.extend(
                        self.prefix_terms(t)
                            .into_iter()
                            .map(|id| (id, PREFIX_FACTOR)),
                    );
                }
                if t.chars().count() >= 4 {
                    for id in self.typo_terms(t) {
                        if !out.iter().any(|(x, _)| *x == id) {
                            out.push((id, TYPO_FACTOR));
                        }
                    }
                }
                out
            })
            .collect()
    }

    /// Scores every document matching every query token (each through any of its expansions),
    /// into `scores` (resized to the document count; entries not hit are 0). Returns the hits.
    pub fn score(&self, query: &str, scores: &mut Vec<f32>) -> Vec<u32> {
        self.score_expanded(&self.expand(query), scores)
    }

    /// [`SearchIndex::score`] for expansions already computed by [`SearchIndex::expand`].
    pub fn score_expanded(
        &self,
        expansions: &[Vec<(usize, f32)>],
        scores: &mut Vec<f32>,
    ) -> Vec<u32> {
        scores.clear();
        scores.resize(self.docs, 0.0);
        if expansions.is_empty() || expansions.iter().any(Vec::is_empty) {
            return Vec::new();
        }
        let mut guard = self
            .scratch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let sc = &mut *guard;
        if sc.matched.len() != self.docs {
            sc.matched = vec![0; self.docs];
            sc.in_title = vec![0; self.docs];
            sc.best = vec![0.0; self.docs];
            sc.best_in_title = vec![false; self.docs];
        }
        // Documents must match every word: count words matched per document. Documents that
        // match the first word are `touched`; only they can ever hold state to reset.
        let mut touched: Vec<u32> = Vec::new();
        let mut hit: Vec<u32> = Vec::new();
        for (k, terms) in expansions.iter().enumerate() {
            for &(t, factor) in terms {
                let (a, b) = (self.offsets[t] as usize, self.offsets[t + 1] as usize);
                let mult = self.idf[t] * factor;
                for &(tagged, sat) in &self.postings[a..b] {
                    let d = (tagged & !IN_TITLE) as usize;
                    // Past the first word, only documents that matched every earlier word count.
                    if usize::from(sc.matched[d]) != k {
                        continue;
                    }
                    let s = mult * sat;
                    if sc.best[d] == 0.0 {
                        hit.push(d as u32);
                    }
                    if s > sc.best[d] {
                        sc.best[d] = s;
                    }
                    sc.best_in_title[d] |= tagged & IN_TITLE != 0;
                }
            }
            for doc in hit.drain(..) {
                let d = doc as usize;
                sc.matched[d] += 1;
                scores[d] += sc.best[d];
                sc.in_title[d] += u16::from(sc.best_in_title[d]);
                if k == 0 {
                    touched.push(doc);
                }
                sc.best[d] = 0.0;
                sc.best_in_title[d] = false;
            }
        }
        let need = expansions.len() as u16;
        let mut out = Vec::with_capacity(touched.len());
        for &doc in &touched {
            let d = doc as usize;
            if sc.matched[d] == need {
                if need > 1 && sc.in_title[d] == need {
                    scores[d] *= ALL_IN_TITLE;
                }
                out.push(doc);
            } else {
                scores[d] = 0.0;
            }
            sc.matched[d] = 0;
            sc.in_title[d] = 0;
        }
        out
    }

    /// The vocabulary terms the expansions stand for, sorted and unique: the words to highlight.
    pub fn expansion_terms(&self, expansions: &[Vec<(usize, f32)>]) -> Vec<String> {
        let mut out: Vec<String> = expansions
            .iter()
            .flatten()
            .map(|(t, _)| self.terms[*t].to_string())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A corrected query for one that matches nothing: each word with no match at all is
    /// replaced by the most common vocabulary term at most two edits away. `None` when no word
    /// needs or has a correction. Scans the vocabulary, so it is for the no-results path only.
    pub fn suggest(&self, query: &str) -> Option<String> {
        let toks: Vec<String> = tokens(query).collect();
        let expansions = self.expand(query);
        let mut changed = false;
        let mut out = Vec::with_capacity(toks.len());
        for (t, exp) in toks.iter().zip(&expansions) {
            if !exp.is_empty() || t.chars().count() < 3 {
                out.push(t.clone());
                continue;
            }
            let best = (0..self.terms.len())
                .filter_map(|i| {
                    edit_distance_within(t, &self.terms[i], 2).map(|d| {
                        let df = self.offsets[i + 1] - self.offsets[i];
                        (d, std::cmp::Reverse(df), i)
                    })
                })
                .min();
            match best {
                Some((_, _, i)) => {
                    changed = true;
                    out.push(self.terms[i].to_string());
                }
                None => out.push(t.clone()),
            }
        }
        changed.then(|| out.join(" "))
    }

    /// Approximate heap bytes the index holds (for benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self.offsets.len() * 4
            + self.postings.len() * 8
            + self.idf.len() * 4
            + self.deletions.len() * 16
    }

    /// The `limit` best hits for `query`, best first (ties by document number).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut scores = Vec::new();
        let docs = self.score(query, &mut scores);
        let mut hits: Vec<Hit> = docs
            .into_iter()
            .map(|doc| Hit {
                doc,
                score: scores[doc as usize],
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(docs: &[(&'static str, &'static str, &'static str)]) -> SearchIndex {
        let docs: Vec<SearchDoc<'_>> = docs
            .iter()
            .map(|(t, s, b)| SearchDoc {
                title: t,
                summary: s,
                body: b,
            })
            .collect();
        SearchIndex::build(&docs)
    }

    const LIBRARY: &[(&str, &str, &str)] = &[
        (
            "Warm introduction talk track",
            "What to say when you introduce a customer",
            "Open with the customer's goal.",
        ),
        (
            "Pricing matrix and margin structure",
            "Reseller pricing by tier",
            "Margins grow with volume.",
        ),
        (
            "Private offer explainer",
            "Marketplace private offers step by step",
            "Procurement teams like private offers.",
        ),
        (
            "SOW checklist",
            "Scoping a services engagement",
            "List deliverables, milestones and acceptance.",
        ),
        (
            "Joint demo guide",
            "Running an integration demo with the vendor",
            "Show the integration live.",
        ),
    ];

    #[test]
    fn tokens_are_lowercased_accent_folded_and_split_on_punctuation() {
        assert_eq!(
            tokens("Café-Prix, SOW/Checklist!").collect::<Vec<_>>(),
            vec!["cafe", "prix", "sow", "checklist"]
        );
    }

    #[test]
    fn a_title_match_ranks_above_a_body_match() {
        let idx = index(LIBRARY);
        let hits = idx.search("private", 10);
        assert_eq!(hits[0].doc, 2);
        let hits = idx.search("integration", 10);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn the_last_word_matches_as_a_prefix() {
        let idx = index(LIBRARY);
        assert_eq!(idx.search("pric", 10).first().map(|h| h.doc), Some(1));
        assert_eq!(idx.search("warm intro", 10).first().map(|h| h.doc), Some(0));
        // Only the last word is a prefix: "intro" is no word of the library (nor one edit from
        // one), so with the words swapped nothing matches.
        assert!(idx.search("intro warm", 10).is_empty());
    }

    #[test]
    fn one_typo_still_finds_the_asset() {
        let idx = index(LIBRARY);
        for typo in ["chekclist", "checklst", "checklisst", "chocklist"] {
            assert_eq!(
                idx.search(typo, 10).first().map(|h| h.doc),
                Some(3),
                "{typo}"
            );
        }
    }

    #[test]
    fn both_words_in_the_title_beat_one_in_a_shorter_title_and_one_in_the_body() {
        let docs = [
            SearchDoc {
                title: "Harbor freight renewal checklist overview",
                summary: "",
                body: "Plain text.",
            },
            SearchDoc {
                title: "Harbor playbook",
                summary: "",
                body: "Renewal renewal renewal terms for the renewal desk.",
            },
        ];
        let idx = SearchIndex::build(&docs);
        assert_eq!(idx.search("harbor renewal", 10)[0].doc, 0);
        // The scratch space is reset: the same query twice gives the same answer.
        assert_eq!(
            idx.search("harbor renewal", 10),
            idx.search("harbor renewal", 10)
        );
    }

    #[test]
    fn a_one_letter_prefix_expands_to_its_most_frequent_terms_only() {
        // Twelve words start with "p"; "partner" is in four documents, "plan" in three, "pilot"
        // in two, the rest in one (frequency counts documents).
        let bodies = [
            "partner plan pilot pad pan pat",
            "partner plan pilot peg pen pet",
            "partner plan pig pin pit",
            "partner",
        ];
        let docs: Vec<SearchDoc<'_>> = bodies
            .iter()
            .map(|body| SearchDoc {
                title: "Words",
                summary: "",
                body,
            })
            .collect();
        let idx = SearchIndex::build(&docs);
        let exp = idx.expand("p");
        assert_eq!(exp[0].len(), 8, "capped at eight of twelve");
        let terms: Vec<&str> = exp[0].iter().map(|(id, _)| &*idx.terms[*id]).collect();
        for frequent in ["partner", "plan", "pilot"] {
            assert!(terms.contains(&frequent), "{frequent} kept: {terms:?}");
        }
        // Two letters allow more: every "pa…" word.
        assert_eq!(idx.expand("pa")[0].len(), 4); // partner, pad, pan, pat
    }

    #[test]
    fn every_word_must_match() {
        let idx = index(LIBRARY);
        assert!(idx.search("pricing zebra", 10).is_empty());
        assert!(idx.search("", 10).is_empty());
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one_edit() {
        assert!(within_one_edit("form", "from"));
        assert!(within_one_edit("demo", "dem"));
        assert!(within_one_edit("demo", "demos"));
        assert!(!within_one_edit("demo", "dome s"));
        assert!(!within_one_edit("margin", "marine"));
    }

    proptest! {
        #[test]
        fn an_exact_title_match_always_outranks_a_body_only_match(word in "[a-z]{5,9}", filler in "[a-z]{3,6}( [a-z]{3,6}){0,8}") {
            let title_doc = format!("{word} guide");
            let body_doc = format!("{filler} {word} {filler}");
            let docs = vec![
                SearchDoc { title: "unrelated heading", summary: "", body: &body_doc },
                SearchDoc { title: &title_doc, summary: "", body: &filler },
            ];
            let idx = SearchIndex::build(&docs);
            let hits = idx.search(&word, 10);
            prop_assert_eq!(hits.first().map(|h| h.doc), Some(1));
        }

        #[test]
        fn searching_never_panics(q in "\\PC{0,30}") {
            let idx = index(LIBRARY);
            let _ = idx.search(&q, 10);
        }
    }
}
