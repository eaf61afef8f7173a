//! The enablement library: what an asset is (kind and facets), the rules of the asset form, and
//! the faceted search the browser runs over a partner's entitled assets — ranking comes from
//! [`crate::search`]; this module adds facet filters and counts, sorting, highlighting,
//! snippets, "did you mean" and related assets.

use crate::error::FieldErrors;
use crate::message::Message;
use crate::motion::Motion;
use crate::registration::text_field;
use crate::search::{IndexBuilder, SearchDoc, SearchIndex, tokens};
use crate::tier::Tier;
use serde::{Deserialize, Serialize};

/// Declares a facet enum: snake_case wire names, labels, `ALL`, `parse`.
macro_rules! facet_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $slug:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The identifier used in data, URLs and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s)
            }
        }
    };
}

facet_enum! {
    /// What sort of material an asset is.
    Kind {
        Play = "play", "Play";
        CaseStudy = "case_study", "Case study";
        RoiOnePager = "roi_one_pager", "ROI one-pager";
        TalkTrack = "talk_track", "Talk track";
        Pricing = "pricing", "Pricing & margins";
        Explainer = "explainer", "Explainer";
        Faq = "faq", "FAQ";
        Checklist = "checklist", "Checklist";
        Template = "template", "Template";
        Slide = "slide", "Slide";
        Guide = "guide", "Guide";
    }
}

facet_enum! {
    /// The customer's industry an asset speaks to (none listed: every industry).
    Industry {
        FinancialServices = "financial_services", "Financial services";
        Healthcare = "healthcare", "Healthcare";
        Manufacturing = "manufacturing", "Manufacturing";
        Retail = "retail", "Retail";
        PublicSector = "public_sector", "Public sector";
        Technology = "technology", "Technology";
        Energy = "energy", "Energy";
    }
}

facet_enum! {
    /// The customer problem an asset helps sell a solution to.
    UseCase {
        Security = "security", "Security";
        Analytics = "analytics", "Analytics";
        CustomerExperience = "customer_experience", "Customer experience";
        CloudMigration = "cloud_migration", "Cloud migration";
        Automation = "automation", "Automation";
        Compliance = "compliance", "Compliance";
    }
}

/// One enablement asset as a partner (or anyone signed in) receives it. It has no field for
/// anything internal: assets a partner may not see are not sent at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Asset {
    pub id: i64,
    pub title: String,
    pub summary: String,
    /// Plain text; paragraphs separated by blank lines.
    pub body: String,
    pub kind: Kind,
    pub motions: Vec<Motion>,
    /// Empty: relevant to every industry.
    pub industries: Vec<Industry>,
    pub use_cases: Vec<UseCase>,
    /// The lowest tier that may see it.
    pub min_tier: Tier,
    /// `YYYY-MM-DD`.
    pub updated: String,
    /// Where the file or page itself lives.
    pub link: String,
}

/// A short reference to another asset (related assets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetRef {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
}

impl From<&Asset> for AssetRef {
    fn from(a: &Asset) -> Self {
        AssetRef {
            id: a.id,
            title: a.title.clone(),
            summary: a.summary.clone(),
            kind: a.kind,
        }
    }
}

/// The library the caller may see: every entitled, published asset (bodies included, since the
/// browser builds its search index from them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LibraryPayload {
    pub assets: Vec<Asset>,
}

/// One asset's page: the asset and a few related ones the caller may also see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetDetail {
    pub asset: Asset,
    pub related: Vec<AssetRef>,
}

/// An asset as channel managers manage it: published or retired, and how often it was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedAsset {
    pub asset: Asset,
    /// Retired assets are hidden from partners but kept (and can be restored).
    pub retired: bool,
    /// How many people have opened it.
    pub viewers: i64,
}

/// The asset form as typed: every field a string so each mistake is reported on its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AssetInput {
    pub title: String,
    pub summary: String,
    pub body: String,
    /// One of the kinds, e.g. `play`, `case_study`.
    pub kind: String,
    /// One or more of referral, reseller, marketplace, services, tech.
    pub motions: Vec<String>,
    /// Zero or more industries (none: every industry).
    pub industries: Vec<String>,
    pub use_cases: Vec<String>,
    /// bronze, silver or gold.
    pub min_tier: String,
    /// An `https://` (or `http://`) address.
    pub link: String,
}

/// An asset whose every field passed the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAsset {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub kind: Kind,
    pub motions: Vec<Motion>,
    pub industries: Vec<Industry>,
    pub use_cases: Vec<UseCase>,
    pub min_tier: Tier,
    pub link: String,
}

pub const MAX_TITLE: usize = 120;
pub const MAX_SUMMARY: usize = 300;
pub const MAX_BODY: usize = 20_000;
pub const MAX_LINK: usize = 500;

/// Parses every value of a multi-valued field, reporting the first unknown one.
fn parse_all<T: Copy + Ord>(
    values: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for v in values {
        let v = v.trim();
        match parse(v) {
            Some(x) => out.push(x),
            None => {
                return Err(v.chars().take(40).collect());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether `link` is an absolute http(s) address with a host and no spaces or control characters.
pub fn valid_link(link: &str) -> bool {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host.contains('.')
                && !link.chars().any(|c| c.is_whitespace() || c.is_control())
                && !host.contains('@')
        }
        None => false,
    }
}

impl AssetInput {
    /// The form's fields in order (error keys use these names).
    pub const FIELDS: [&'static str; 9] = [
        "title",
        "summary",
        "body",
        "kind",
        "motions",
        "industries",
        "use_cases",
        "min_tier",
        "link",
    ];

    /// The form filled in from an existing asset, for editing.
    pub fn from_asset(a: &Asset) -> AssetInput {
        AssetInput {
            title: a.title.clone(),
            summary: a.summary.clone(),
            body: a.body.clone(),
            kind: a.kind.as_str().to_owned(),
            motions: a.motions.iter().map(|m| m.as_str().to_owned()).collect(),
            industries: a.industries.iter().map(|m| m.as_str().to_owned()).collect(),
            use_cases: a.use_cases.iter().map(|m| m.as_str().to_owned()).collect(),
            min_tier: a.min_tier.as_str().to_owned(),
            link: a.link.clone(),
        }
    }

    /// Checks every field; errors are keyed by field name and say how to fix the value.
    pub fn validate(&self) -> Result<ValidAsset, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut err = |field: &str, msg: Message| {
            errors.entry(field.to_owned()).or_insert(msg);
        };
        let title = text_field(&mut err, "title", &self.title, 3, MAX_TITLE);
        let summary = text_field(&mut err, "summary", &self.summary, 10, MAX_SUMMARY);
        let body = self.body.trim().replace("\r\n", "\n");
        let body_len = body.chars().count();
        if body_len == 0 {
            err("body", Message::Required);
        } else if body_len > MAX_BODY {
            err(
                "body",
                Message::TooLongBy {
                    max: MAX_BODY as u32,
                    over: (body_len - MAX_BODY) as u32,
                },
            );
        } else if body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            err("body", Message::ControlCharactersBeyondBreaks);
        }
        let kind = Kind::parse(self.kind.trim());
        if kind.is_none() {
            err("kind", Message::Choose);
        }
        let motions = match parse_all(&self.motions, |s| s.parse::<Motion>().ok()) {
            Ok(m) if m.is_empty() => {
                err("motions", Message::Required);
                None
            }
            Ok(m) => Some(m),
            Err(bad) => {
                err("motions", Message::UnknownChoice { value: bad });
                None
            }
        };
        let industries = parse_all(&self.industries, Industry::parse)
            .map_err(|bad| err("industries", Message::UnknownChoice { value: bad }))
            .ok();
        let use_cases = parse_all(&self.use_cases, UseCase::parse)
            .map_err(|bad| err("use_cases", Message::UnknownChoice { value: bad }))
            .ok();
        let min_tier = self.min_tier.trim().parse::<Tier>().ok();
        if min_tier.is_none() {
            err("min_tier", Message::Choose);
        }
        let link = self.link.trim();
        if link.is_empty() {
            err("link", Message::Required);
        } else if link.chars().count() > MAX_LINK {
            err(
                "link",
                Message::TooLong {
                    max: MAX_LINK as u32,
                },
            );
        } else if !valid_link(link) {
            err("link", Message::NotALink);
        }
        match (
            title, summary, kind, motions, industries, use_cases, min_tier,
        ) {
            (
                Some(title),
                Some(summary),
                Some(kind),
                Some(motions),
                Some(industries),
                Some(use_cases),
                Some(min_tier),
            ) if errors.is_empty() => Ok(ValidAsset {
                title,
                summary,
                body,
                kind,
                motions,
                industries,
                use_cases,
                min_tier,
                link: link.to_owned(),
            }),
            _ => Err(errors),
        }
    }

    /// The single field `name`'s message, for inline checking as the user leaves it.
    pub fn field_error(&self, name: &str) -> Option<Message> {
        self.validate().err().and_then(|mut e| e.remove(name))
    }
}

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

    fn slot(self) -> usize {
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
    fn masks(&self) -> [u16; 4] {
        facet_masks(
            &self.motions,
            &self.use_cases,
            &self.industries,
            &self.kinds,
        )
    }
}

/// Facet values as one bit mask per facet, in [`Facet`] slot order.
fn facet_masks(
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn asset(
        id: i64,
        title: &str,
        body: &str,
        kind: Kind,
        motions: &[Motion],
        updated: &str,
    ) -> Asset {
        Asset {
            id,
            title: title.into(),
            summary: String::new(),
            body: body.into(),
            kind,
            motions: motions.to_vec(),
            industries: vec![],
            use_cases: vec![],
            min_tier: Tier::Bronze,
            updated: updated.into(),
            link: "https://content.example.com/x".into(),
        }
    }

    fn sample() -> Vec<Asset> {
        vec![
            asset(
                1,
                "Warm introduction talk track",
                "Open with the customer's goal.",
                Kind::TalkTrack,
                &[Motion::Referral],
                "2026-03-01",
            ),
            asset(
                2,
                "Pricing matrix",
                "Reseller pricing by tier and volume.",
                Kind::Pricing,
                &[Motion::Reseller],
                "2026-05-01",
            ),
            asset(
                3,
                "Margin structure",
                "How reseller margins grow with volume.",
                Kind::Pricing,
                &[Motion::Reseller],
                "2026-06-01",
            ),
            asset(
                4,
                "Private offer explainer",
                "Marketplace private offers, step by step.",
                Kind::Explainer,
                &[Motion::Marketplace],
                "2026-02-01",
            ),
            asset(
                5,
                "Procurement FAQ",
                "Questions procurement asks about private offers.",
                Kind::Faq,
                &[Motion::Marketplace, Motion::Reseller],
                "2026-07-01",
            ),
            asset(
                6,
                "SOW checklist",
                "Deliverables, milestones, acceptance.",
                Kind::Checklist,
                &[Motion::Services],
                "2026-01-10",
            ),
        ]
    }

    #[test]
    fn building_in_steps_gives_the_same_library() {
        let mut b = LibraryBuilder::new(sample());
        assert!(!b.step(4));
        assert_eq!(b.progress(), (4, 6));
        let stepped = b.finish();
        let q = LibraryQuery {
            text: "pricing".into(),
            ..Default::default()
        };
        assert_eq!(stepped.run(&q, 10), Library::new(sample()).run(&q, 10));
        let mut b = LibraryBuilder::new(sample());
        assert!(b.step(usize::MAX));
    }

    #[test]
    fn facet_counts_ignore_their_own_filter_but_honour_the_others() {
        let lib = Library::new(sample());
        let mut q = LibraryQuery::default();
        q.toggle(Facet::Motion, "reseller");
        let r = lib.run(&q, 10);
        assert_eq!(r.total, 3);
        // Motion counts are computed without the motion filter: other motions stay choosable.
        assert_eq!(r.count(Facet::Motion, "marketplace"), 2);
        assert_eq!(r.count(Facet::Motion, "reseller"), 3);
        // Kind counts honour the motion filter.
        assert_eq!(r.count(Facet::Kind, "pricing"), 2);
        assert_eq!(r.count(Facet::Kind, "checklist"), 0);
        q.toggle(Facet::Kind, "faq");
        let r = lib.run(&q, 10);
        assert_eq!(r.hits, vec![4]);
        // Two values of one facet widen; two facets narrow.
        q.toggle(Facet::Motion, "services");
        assert_eq!(lib.run(&q, 10).total, 1);
    }

    #[test]
    fn text_and_facets_combine_and_sort_by_date_on_request() {
        let lib = Library::new(sample());
        let mut q = LibraryQuery {
            text: "private".into(),
            ..Default::default()
        };
        let r = lib.run(&q, 10);
        assert_eq!(r.hits, vec![3, 4]);
        q.sort = LibrarySort::Newest;
        assert_eq!(lib.run(&q, 10).hits, vec![4, 3]);
        q.toggle(Facet::Kind, "faq");
        assert_eq!(lib.run(&q, 10).hits, vec![4]);
    }

    #[test]
    fn no_text_lists_newest_first_and_limit_keeps_the_total() {
        let lib = Library::new(sample());
        let r = lib.run(&LibraryQuery::default(), 2);
        assert_eq!(r.total, 6);
        assert_eq!(r.hits, vec![4, 2]);
    }

    #[test]
    fn a_query_with_no_match_suggests_a_correction() {
        let lib = Library::new(sample());
        let q = LibraryQuery {
            text: "procurmnet fak".into(),
            ..Default::default()
        };
        let r = lib.run(&q, 10);
        assert_eq!(r.total, 0);
        assert_eq!(r.suggestion.as_deref(), Some("procurement faq"));
        let fixed = LibraryQuery {
            text: r.suggestion.unwrap(),
            ..Default::default()
        };
        assert_eq!(lib.run(&fixed, 10).hits, vec![4]);
    }

    #[test]
    fn highlight_marks_matched_words_and_keeps_all_text() {
        let terms = vec!["pricing".to_owned(), "tier".to_owned()];
        let parts = highlight("Reseller Pricing, by tier!", &terms);
        assert_eq!(
            parts,
            vec![
                ("Reseller ", false),
                ("Pricing", true),
                (", by ", false),
                ("tier", true),
                ("!", false)
            ]
        );
        let joined: String = parts.iter().map(|(s, _)| *s).collect();
        assert_eq!(joined, "Reseller Pricing, by tier!");
    }

    #[test]
    fn snippet_centres_on_the_first_match() {
        let body = "one two three four five six seven eight nine ten eleven twelve margin thirteen fourteen";
        let s = snippet(body, &["margin".to_owned()], 30);
        assert!(s.contains("margin"), "{s}");
        assert!(s.starts_with('…'), "{s}");
        assert_eq!(snippet("short", &[], 30), "short");
    }

    #[test]
    fn url_pairs_round_trip() {
        let q = LibraryQuery::from_pairs([
            ("q", "roi"),
            ("motion", "tech"),
            ("motion", "referral"),
            ("kind", "case_study"),
            ("industry", "nonsense"),
            ("sort", "newest"),
        ]);
        assert_eq!(q.motions, vec![Motion::Referral, Motion::Tech]);
        assert!(q.industries.is_empty());
        let pairs = q.to_pairs();
        let again = LibraryQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(q, again);
    }

    #[test]
    fn related_prefers_shared_motions() {
        let all = sample();
        let r = related(&all[1], &all, 3);
        assert_eq!(all[r[0]].id, 3);
        assert!(!r.contains(&1));
    }

    #[test]
    fn the_form_reports_each_bad_field() {
        let bad = AssetInput {
            title: "x".into(),
            kind: "poster".into(),
            motions: vec!["reseller".into(), "telepathy".into()],
            min_tier: "platinum".into(),
            link: "javascript:alert(1)".into(),
            ..Default::default()
        };
        let e = bad.validate().unwrap_err();
        for f in [
            "title", "summary", "body", "kind", "motions", "min_tier", "link",
        ] {
            assert!(e.contains_key(f), "{f}: {e:?}");
        }
        assert!(!e.contains_key("industries"));
        let good = AssetInput {
            title: "Joint demo guide".into(),
            summary: "How to run a demo with the vendor.".into(),
            body: "Line one.\r\n\r\nLine two.".into(),
            kind: "guide".into(),
            motions: vec!["tech".into(), "tech".into()],
            industries: vec![],
            use_cases: vec!["analytics".into()],
            min_tier: "silver".into(),
            link: "https://content.example.com/demo".into(),
        };
        let v = good.validate().unwrap();
        assert_eq!(v.motions, vec![Motion::Tech]);
        assert_eq!(v.body, "Line one.\n\nLine two.");
        assert!(!valid_link("https://user@evil/"));
        assert!(!valid_link("https://exa mple.com"));
    }

    proptest! {
        #[test]
        fn filters_keep_exactly_the_text_hits_that_pass_them(pick in 0usize..1000, which in 0usize..4, other in proptest::bool::ANY, motion in 0usize..5, kind in 0usize..11, text in "(pric|private|margin|sow|)") {
            let lib = Library::new(sample());
            // Mostly the motion and kind of an asset in the sample, so the filters keep
            // something to check; sometimes any pair, which may keep nothing.
            let (motion, kind) = if other {
                (Motion::ALL[motion], Kind::ALL[kind])
            } else {
                let a = &lib.assets()[pick % lib.assets().len()];
                (a.motions[which % a.motions.len()], a.kind)
            };
            let text_only = lib.run(&LibraryQuery { text: text.clone(), ..Default::default() }, 1000);
            let mut q = LibraryQuery { text: text.clone(), ..Default::default() };
            q.toggle(Facet::Motion, motion.as_str());
            q.toggle(Facet::Kind, kind.as_str());
            let r = lib.run(&q, 1000);
            if !other && text.is_empty() {
                prop_assert!(r.total > 0, "the asset the pair came from is kept");
            }
            prop_assert_eq!(r.hits.len(), r.total);
            // No hit fails a filter, and no text hit that passes both is missing.
            let passes = |h: &u32| {
                let a = &lib.assets()[*h as usize];
                a.motions.contains(&motion) && a.kind == kind
            };
            let mut got = r.hits.clone();
            got.sort_unstable();
            let mut expected: Vec<u32> = text_only.hits.iter().copied().filter(passes).collect();
            expected.sort_unstable();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn highlight_never_loses_text(s in "\\PC{0,60}", t in "[a-z]{1,5}") {
            let parts = highlight(&s, &[t]);
            let joined: String = parts.iter().map(|(p, _)| *p).collect();
            prop_assert_eq!(joined, s);
        }

        #[test]
        fn snippet_never_panics(s in "\\PC{0,200}", max in 1usize..80) {
            let _ = snippet(&s, &["a".to_owned()], max);
        }
    }
}
