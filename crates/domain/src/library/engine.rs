//! The search engine over a partner's entitled assets: the index ([`Library`], built in
//! batches), facet filters and counts, ordering, "did you mean" and related assets.

use super::*;

/// The indices (into `pool`) of up to `n` assets most related to `target`: shared motions count
/// most, then shared use cases, industries and the same kind; newest first among equals.
pub fn related(target: &Asset, pool: &[Asset], n: usize) -> Vec<usize> {
    fn shared<T: PartialEq>(a: &[T], b: &[T]) -> usize {
        a.iter().filter(|x| b.contains(x)).count()
    }
    let mut scored: Vec<(usize, usize)> = pool
        .iter()
        .enumerate()
        .filter(|(_, a)| a.id != target.id)
        .map(|(i, a)| {
            let score = 3 * shared(&a.motions, &target.motions)
                + 2 * shared(&a.use_cases, &target.use_cases)
                + shared(&a.industries, &target.industries)
                + usize::from(a.kind == target.kind);
            (i, score)
        })
        .filter(|(_, s)| *s > 0)
        .collect();
    scored.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| pool[b.0].updated.cmp(&pool[a.0].updated))
            .then_with(|| pool[a.0].id.cmp(&pool[b.0].id))
    });
    scored.into_iter().take(n).map(|(i, _)| i).collect()
}

/// The answer to one [`LibraryQuery`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LibraryResults {
    /// How many assets match in all.
    pub total: usize,
    /// The first `limit` matches (indices into [`Library::assets`]), in order.
    pub hits: Vec<u32>,
    /// Per facet (in [`Facet::ALL`] order), per value (in the facet's value order): how many
    /// assets would match with the query, the other facets' filters and this value.
    pub counts: [Vec<usize>; 4],
    /// The words to highlight (normalised, sorted).
    pub terms: Vec<String>,
    /// When nothing matches the text: a corrected query that does.
    pub suggestion: Option<String>,
}

impl LibraryResults {
    /// The count for value `v` of facet `f`.
    pub fn count(&self, f: Facet, v: &str) -> usize {
        f.values()
            .iter()
            .position(|(id, _)| *id == v)
            .and_then(|i| self.counts[f.slot()].get(i).copied())
            .unwrap_or(0)
    }
}

/// A partner's library, indexed for search.
#[derive(Debug, Clone, Default)]
pub struct Library {
    assets: Vec<Asset>,
    index: SearchIndex,
    /// Per asset: its facet values as bit masks, in [`Facet`] slot order.
    masks: Vec<[u16; 4]>,
    /// Asset indices, newest first.
    newest: Vec<u32>,
    /// Per asset: its position in `newest`.
    rank: Vec<u32>,
}

/// Builds a [`Library`] a batch of assets at a time (see [`IndexBuilder`]).
#[derive(Debug)]
pub struct LibraryBuilder {
    assets: Vec<Asset>,
    next: usize,
    builder: IndexBuilder,
}

impl LibraryBuilder {
    pub fn new(assets: Vec<Asset>) -> LibraryBuilder {
        LibraryBuilder {
            assets,
            next: 0,
            builder: IndexBuilder::default(),
        }
    }

    /// Indexes up to `n` more assets; true when all are in.
    pub fn step(&mut self, n: usize) -> bool {
        let end = self.next.saturating_add(n).min(self.assets.len());
        for a in &self.assets[self.next..end] {
            self.builder.add(&SearchDoc {
                title: &a.title,
                summary: &a.summary,
                body: &a.body,
            });
        }
        self.next = end;
        self.next == self.assets.len()
    }

    /// Assets indexed so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.assets.len())
    }

    /// Finishes the index (indexing whatever is left).
    pub fn finish(mut self) -> Library {
        self.step(usize::MAX);
        let assets = self.assets;
        let masks = assets
            .iter()
            .map(|a| facet_masks(&a.motions, &a.use_cases, &a.industries, &[a.kind]))
            .collect();
        let mut newest: Vec<u32> = (0..assets.len() as u32).collect();
        newest.sort_by(|&a, &b| {
            let (a, b) = (&assets[a as usize], &assets[b as usize]);
            b.updated.cmp(&a.updated).then(a.id.cmp(&b.id))
        });
        let mut rank = vec![0u32; assets.len()];
        for (r, &i) in newest.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        Library {
            index: self.builder.finish(),
            assets,
            masks,
            newest,
            rank,
        }
    }
}

impl Library {
    pub fn new(assets: Vec<Asset>) -> Library {
        LibraryBuilder::new(assets).finish()
    }

    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs `query`: matches, facet counts, highlight terms and (when the text matches nothing)
    /// a suggestion. Only the first `limit` matches are ordered and returned.
    pub fn run(&self, query: &LibraryQuery, limit: usize) -> LibraryResults {
        let filters = query.masks();
        let has_text = tokens(&query.text).next().is_some();
        let mut scores = Vec::new();
        let (candidates, terms) = if has_text {
            let expansions = self.index.expand(&query.text);
            let terms = self.index.expansion_terms(&expansions);
            (self.index.score_expanded(&expansions, &mut scores), terms)
        } else {
            (self.newest.clone(), Vec::new())
        };
        let suggestion = if has_text && candidates.is_empty() {
            self.index.suggest(&query.text)
        } else {
            None
        };

        let mut counts = [[0usize; 16]; 4];
        let mut matches: Vec<u32> = Vec::with_capacity(candidates.len());
        for &d in &candidates {
            let m = &self.masks[d as usize];
            let pass: [bool; 4] =
                std::array::from_fn(|g| filters[g] == 0 || m[g] & filters[g] != 0);
            let failing = pass.iter().filter(|p| !**p).count();
            if failing == 0 {
                matches.push(d);
            }
            if failing > 1 {
                continue;
            }
            for g in 0..4 {
                // Count this facet's values when every *other* facet passes.
                if failing == 0 || !pass[g] {
                    let mut bits = m[g];
                    while bits != 0 {
                        counts[g][bits.trailing_zeros() as usize] += 1;
                        bits &= bits - 1;
                    }
                }
            }
        }

        let total = matches.len();
        let by_relevance = has_text && query.sort == LibrarySort::Relevance;
        let rank = &self.rank;
        let order = |a: &u32, b: &u32| -> std::cmp::Ordering {
            if by_relevance {
                scores[*b as usize]
                    .total_cmp(&scores[*a as usize])
                    .then(rank[*a as usize].cmp(&rank[*b as usize]))
            } else {
                rank[*a as usize].cmp(&rank[*b as usize])
            }
        };
        if has_text || query.sort != LibrarySort::Relevance {
            if matches.len() > limit && limit > 0 {
                matches.select_nth_unstable_by(limit - 1, order);
                matches.truncate(limit);
            }
            matches.sort_unstable_by(order);
        }
        matches.truncate(limit);

        LibraryResults {
            total,
            hits: matches,
            counts: std::array::from_fn(|g| {
                let n = Facet::ALL[g].values().len();
                counts[g][..n].to_vec()
            }),
            terms,
            suggestion,
        }
    }
}
