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

mod engine;
mod form;
mod highlight;
mod query;

pub use engine::*;
pub use form::*;
pub use highlight::*;
pub use query::*;

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
