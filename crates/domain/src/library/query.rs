//! What a partner asks the library for: text, facet filters and the order, read from and
//! written to the page's URL query so a search can be shared as a link.

use super::*;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LibrarySort {
    /// Best match first (newest first when there is no query text).
    #[default]
    Relevance,
    Newest,
}

/// What the partner asked for: text plus facet filters (any of the values chosen within a facet,
/// all facets together) and the order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LibraryQuery {
    pub text: String,
    pub motions: Vec<Motion>,
    pub industries: Vec<Industry>,
    pub use_cases: Vec<UseCase>,
    pub kinds: Vec<Kind>,
    pub sort: LibrarySort,
}

/// The facets, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Motion,
    UseCase,
    Industry,
    Kind,
}

impl Facet {
    pub const ALL: [Facet; 4] = [Facet::Motion, Facet::UseCase, Facet::Industry, Facet::Kind];

    /// The URL parameter.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Motion => "motion",
            Facet::UseCase => "use_case",
            Facet::Industry => "industry",
            Facet::Kind => "kind",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Facet::Motion => "Motion",
            Facet::UseCase => "Use case",
            Facet::Industry => "Industry",
            Facet::Kind => "Kind",
        }
    }

    /// Every value of the facet: (identifier, label).
    pub fn values(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Facet::Motion => Motion::ALL
                .iter()
                .map(|m| (m.as_str(), m.label()))
                .collect(),
            Facet::UseCase => UseCase::ALL
                .iter()
                .map(|m| (m.as_str(), m.label()))
                .collect(),
            Facet::Industry => Industry::ALL
                .iter()
                .map(|m| (m.as_str(), m.label()))
                .collect(),
            Facet::Kind => Kind::ALL.iter().map(|m| (m.as_str(), m.label())).collect(),
        }
    }

    pub(super) fn slot(self) -> usize {
        self as usize
    }
}

/// Position of `x` in `all` as a bit.
fn bit<T: PartialEq>(all: &[T], x: &T) -> u16 {
    all.iter().position(|a| a == x).map_or(0, |i| 1 << i)
}

impl LibraryQuery {
    /// Reads `q`, `motion`, `use_case`, `industry`, `kind` (each repeatable) and `sort` pairs;
    /// unknown values are ignored rather than failing.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = LibraryQuery::default();
        for (k, v) in pairs {
            match k {
                "q" => q.text = v.to_owned(),
                "motion" => q.motions.extend(v.parse::<Motion>().ok()),
                "use_case" => q.use_cases.extend(UseCase::parse(v)),
                "industry" => q.industries.extend(Industry::parse(v)),
                "kind" => q.kinds.extend(Kind::parse(v)),
                "sort" if v == "newest" => q.sort = LibrarySort::Newest,
                _ => {}
            }
        }
        q.motions.sort_unstable();
        q.motions.dedup();
        q.use_cases.sort_unstable();
        q.use_cases.dedup();
        q.industries.sort_unstable();
        q.industries.dedup();
        q.kinds.sort_unstable();
        q.kinds.dedup();
        q
    }

    /// The non-default parts, for the URL.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.text.is_empty() {
            out.push(("q", self.text.clone()));
        }
        for f in Facet::ALL {
            for v in self.selected(f) {
                out.push((f.key(), v.to_owned()));
            }
        }
        if self.sort == LibrarySort::Newest {
            out.push(("sort", "newest".to_owned()));
        }
        out
    }

    /// The identifiers chosen in facet `f`.
    pub fn selected(&self, f: Facet) -> Vec<&'static str> {
        match f {
            Facet::Motion => self.motions.iter().map(|x| x.as_str()).collect(),
            Facet::UseCase => self.use_cases.iter().map(|x| x.as_str()).collect(),
            Facet::Industry => self.industries.iter().map(|x| x.as_str()).collect(),
            Facet::Kind => self.kinds.iter().map(|x| x.as_str()).collect(),
        }
    }

    /// Adds or removes value `v` of facet `f`.
    pub fn toggle(&mut self, f: Facet, v: &str) {
        fn flip<T: PartialEq + Ord>(list: &mut Vec<T>, x: Option<T>) {
            if let Some(x) = x {
                match list.iter().position(|y| *y == x) {
                    Some(i) => {
                        list.remove(i);
                    }
                    None => {
                        list.push(x);
                        list.sort_unstable();
                    }
                }
            }
        }
        match f {
            Facet::Motion => flip(&mut self.motions, v.parse::<Motion>().ok()),
            Facet::UseCase => flip(&mut self.use_cases, UseCase::parse(v)),
            Facet::Industry => flip(&mut self.industries, Industry::parse(v)),
            Facet::Kind => flip(&mut self.kinds, Kind::parse(v)),
        }
    }

    pub fn has_filters(&self) -> bool {
        !(self.motions.is_empty()
            && self.use_cases.is_empty()
            && self.industries.is_empty()
            && self.kinds.is_empty())
    }

    pub fn clear_filters(&mut self) {
        self.motions.clear();
        self.use_cases.clear();
        self.industries.clear();
        self.kinds.clear();
    }

    /// The filters as one bit mask per facet (0: no filter).
    pub(super) fn masks(&self) -> [u16; 4] {
        facet_masks(
            &self.motions,
            &self.use_cases,
            &self.industries,
            &self.kinds,
        )
    }
}

/// Facet values as one bit mask per facet, in [`Facet`] slot order.
pub(super) fn facet_masks(
    motions: &[Motion],
    use_cases: &[UseCase],
    industries: &[Industry],
    kinds: &[Kind],
) -> [u16; 4] {
    fn union<T: PartialEq>(all: &[T], values: &[T]) -> u16 {
        values.iter().map(|x| bit(all, x)).fold(0, |a, b| a | b)
    }
    let mut m = [0u16; 4];
    m[Facet::Motion.slot()] = union(&Motion::ALL, motions);
    m[Facet::UseCase.slot()] = union(UseCase::ALL, use_cases);
    m[Facet::Industry.slot()] = union(Industry::ALL, industries);
    m[Facet::Kind.slot()] = union(Kind::ALL, kinds);
    m
}
