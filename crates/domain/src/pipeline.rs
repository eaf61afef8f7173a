//! The shared pipeline: which fields partners see, stage changes in the motion's order, and
//! filtering and sorting (run in the browser over thousands of deals).

use crate::Motion;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::registration::{DAY, Status};
use crate::views::has_control_beyond_line_breaks;
use serde::{Deserialize, Serialize};

/// A pipeline field the program may share with partners. Customer, motion and status are
/// always shown (they are the partner's own registration); these are the vendor's to share.
/// Internal fields (price, discount, margin, notes) are not in this list and can never be shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SharedField {
    Stage,
    VendorOwner,
    NextStep,
    Protection,
    LastActivity,
}

impl SharedField {
    pub const ALL: [SharedField; 5] = [
        SharedField::Stage,
        SharedField::VendorOwner,
        SharedField::NextStep,
        SharedField::Protection,
        SharedField::LastActivity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SharedField::Stage => "stage",
            SharedField::VendorOwner => "vendor_owner",
            SharedField::NextStep => "next_step",
            SharedField::Protection => "protection",
            SharedField::LastActivity => "last_activity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SharedField::Stage => "Stage",
            SharedField::VendorOwner => "Vendor owner",
            SharedField::NextStep => "Next step",
            SharedField::Protection => "Protection status and expiry",
            SharedField::LastActivity => "Last activity",
        }
    }

    pub fn parse(s: &str) -> Option<SharedField> {
        SharedField::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Why a stage change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    #[error("'{stage}' is not a stage of the {motion} motion; its stages are: {stages}.")]
    UnknownStage {
        stage: String,
        motion: &'static str,
        stages: String,
    },
    #[error(
        "A deal moves one stage at a time: from '{from}' the next stage is '{next}', not '{to}'."
    )]
    Skipped {
        from: String,
        next: String,
        to: String,
    },
    #[error("Give the next step when you change the stage, so the partner knows what happens now.")]
    MissingNextStep,
}

impl StageError {
    /// What the person who asked is told.
    pub fn message(&self) -> Message {
        match self {
            StageError::UnknownStage { .. } => Message::UnknownStage,
            StageError::Skipped { next, .. } => Message::StageStep { next: next.clone() },
            StageError::MissingNextStep => Message::StageNeedsNextStep,
        }
    }
}

/// Whether a deal of `motion` may move from `from` to `to` with `next_step`. Forward moves go one
/// stage at a time; moving back is allowed (deals slip); every change needs a next step.
pub fn check_stage_change(
    motion: Motion,
    from: Option<&str>,
    to: &str,
    next_step: &str,
) -> Result<usize, StageError> {
    let stages = motion.stages();
    let target = stages
        .iter()
        .position(|s| *s == to)
        .ok_or_else(|| StageError::UnknownStage {
            stage: to.to_owned(),
            motion: motion.label(),
            stages: stages.join(", "),
        })?;
    let current = from.and_then(|f| stages.iter().position(|s| *s == f));
    let allowed_next = current.map_or(0, |c| c + 1);
    if target > allowed_next {
        let from_name = current.map_or("(none)", |c| stages[c]);
        return Err(StageError::Skipped {
            from: from_name.to_owned(),
            next: stages[allowed_next.min(4)].to_owned(),
            to: to.to_owned(),
        });
    }
    if next_step.trim().is_empty() {
        return Err(StageError::MissingNextStep);
    }
    Ok(target)
}

/// A deal as the pipeline shows it to partners: safe fields only, the shareable ones `None`
/// when the program does not share them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineDeal {
    pub id: i64,
    pub number: String,
    pub customer: String,
    pub motion: Motion,
    pub status: Status,
    pub stage: Option<String>,
    pub vendor_owner: Option<String>,
    pub next_step: Option<String>,
    /// Unix seconds.
    pub protection_end: Option<i64>,
    /// Unix seconds.
    pub last_activity_at: Option<i64>,
    /// Where the partner registered it: `portal`, or `embed` (the form on their website).
    #[serde(default = "portal_source")]
    pub source: String,
}

fn portal_source() -> String {
    "portal".into()
}

impl PipelineDeal {
    /// Position of the stage in its motion (0–4), if shared and known.
    pub fn stage_index(&self) -> Option<usize> {
        let stage = self.stage.as_deref()?;
        self.motion.stages().iter().position(|s| *s == stage)
    }

    /// Protected and ending within seven days of `now`.
    pub fn expiring_soon(&self, now: i64) -> bool {
        self.status == Status::Approved
            && self
                .protection_end
                .is_some_and(|end| end > now && end - now <= 7 * DAY)
    }
}

/// `GET /api/v1/pipeline`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineView {
    /// The fields the program shares with partners ("fields shared with you").
    pub shared_fields: Vec<SharedField>,
    pub deals: Vec<PipelineDeal>,
}

/// Vendor-internal fields of a deal. Only channel managers ever receive this type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InternalFields {
    /// Minor units, in the registration's currency.
    pub deal_amount_minor: Option<i64>,
    pub discount_band: Option<String>,
    pub margin_percent: Option<i64>,
    pub internal_notes: Option<String>,
    pub competitor_notes: Option<String>,
}

/// A deal in the channel managers' pipeline: every field, internal ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedDeal {
    pub deal: PipelineDeal,
    pub partner_name: String,
    pub partner_tier: crate::Tier,
    pub currency: String,
    pub internal: InternalFields,
}

/// `PATCH /api/v1/manage/registrations/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DealUpdate {
    /// A stage of the deal's motion: the next one, or an earlier one.
    pub stage: Option<String>,
    pub vendor_owner: Option<String>,
    /// Required with a stage change.
    pub next_step: Option<String>,
    pub deal_amount_minor: Option<i64>,
    pub discount_band: Option<String>,
    pub margin_percent: Option<i64>,
    pub internal_notes: Option<String>,
    pub competitor_notes: Option<String>,
}

/// Longest texts a deal update accepts, per field.
pub const DEAL_TEXT_LIMITS: [(&str, usize); 5] = [
    ("vendor_owner", 120),
    ("next_step", 300),
    ("discount_band", 60),
    ("internal_notes", 4000),
    ("competitor_notes", 4000),
];

impl DealUpdate {
    /// Field names in the editor's order, for focusing the first error.
    pub const FIELDS: [&'static str; 8] = [
        "stage",
        "next_step",
        "vendor_owner",
        "deal_amount_minor",
        "discount_band",
        "margin_percent",
        "internal_notes",
        "competitor_notes",
    ];

    /// The value rules, one message per field: the same in the managers' editor and on the
    /// server (the stage's order is [`check_stage_change`], which needs the deal's motion).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut fields = FieldErrors::new();
        let texts = [
            &self.vendor_owner,
            &self.next_step,
            &self.discount_band,
            &self.internal_notes,
            &self.competitor_notes,
        ];
        for ((name, max), value) in DEAL_TEXT_LIMITS.iter().zip(texts) {
            let Some(v) = value else { continue };
            let notes = name.ends_with("_notes");
            let message = if v.chars().count() > *max {
                Message::TooLong { max: *max as u32 }
            } else if (*name == "vendor_owner" || *name == "next_step") && v.trim().is_empty() {
                Message::NotEmpty
            } else if notes && has_control_beyond_line_breaks(v) {
                Message::ControlCharactersBeyondBreaks
            } else if !notes && v.chars().any(char::is_control) {
                Message::ControlCharacters
            } else {
                continue;
            };
            fields.insert((*name).into(), message);
        }
        if self
            .margin_percent
            .is_some_and(|m| !(-100..=100).contains(&m))
        {
            fields.insert(
                "margin_percent".into(),
                Message::WholeNumber {
                    min: -100,
                    max: 100,
                },
            );
        }
        if self.deal_amount_minor.is_some_and(|a| a < 0) {
            fields.insert("deal_amount_minor".into(), Message::Negative);
        }
        if fields.is_empty() {
            Ok(())
        } else {
            Err(fields)
        }
    }
}

/// `PUT /api/v1/manage/program/shared-fields`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SharedFieldsUpdate {
    pub fields: Vec<SharedField>,
}

/// Columns the pipeline sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Customer,
    Motion,
    Stage,
    VendorOwner,
    NextStep,
    Status,
    Protection,
    LastActivity,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Customer,
        SortKey::Motion,
        SortKey::Stage,
        SortKey::VendorOwner,
        SortKey::NextStep,
        SortKey::Status,
        SortKey::Protection,
        SortKey::LastActivity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Customer => "customer",
            SortKey::Motion => "motion",
            SortKey::Stage => "stage",
            SortKey::VendorOwner => "owner",
            SortKey::NextStep => "next_step",
            SortKey::Status => "status",
            SortKey::Protection => "protection",
            SortKey::LastActivity => "activity",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Filters and sort order of the pipeline view; it round-trips through the URL query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineQuery {
    /// Case-insensitive text matched against customer, number, owner and next step.
    pub text: String,
    pub motion: Option<Motion>,
    pub stage: Option<String>,
    pub status: Option<Status>,
    /// Only approved deals whose protection ends within seven days.
    pub expiring: bool,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for PipelineQuery {
    fn default() -> Self {
        PipelineQuery {
            text: String::new(),
            motion: None,
            stage: None,
            status: None,
            expiring: false,
            sort: SortKey::LastActivity,
            descending: true,
        }
    }
}

impl PipelineQuery {
    /// Reads `q`, `motion`, `stage`, `status`, `expiring`, `sort`, `dir` pairs; unknown or
    /// malformed values fall back to the defaults rather than failing.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = PipelineQuery::default();
        for (k, v) in pairs {
            match k {
                "q" => q.text = v.to_owned(),
                "motion" => q.motion = v.parse().ok(),
                "stage" if !v.is_empty() => q.stage = Some(v.to_owned()),
                "status" => q.status = Status::parse(v),
                "expiring" => q.expiring = v == "1" || v == "true",
                "sort" => q.sort = SortKey::parse(v).unwrap_or(q.sort),
                "dir" => q.descending = v != "asc",
                _ => {}
            }
        }
        q
    }

    /// The non-default parts, for the URL.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let d = PipelineQuery::default();
        let mut out = Vec::new();
        if !self.text.is_empty() {
            out.push(("q", self.text.clone()));
        }
        if let Some(m) = self.motion {
            out.push(("motion", m.as_str().to_owned()));
        }
        if let Some(s) = &self.stage {
            out.push(("stage", s.clone()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.as_str().to_owned()));
        }
        if self.expiring {
            out.push(("expiring", "1".to_owned()));
        }
        if self.sort != d.sort || self.descending != d.descending {
            out.push(("sort", self.sort.as_str().to_owned()));
            out.push((
                "dir",
                if self.descending { "desc" } else { "asc" }.to_owned(),
            ));
        }
        out
    }

    /// Whether one deal passes the filters. `needle` is the lower-cased text.
    fn matches(&self, deal: &PipelineDeal, needle: &str, now: i64) -> bool {
        if self.motion.is_some_and(|m| m != deal.motion)
            || self.status.is_some_and(|s| s != deal.status)
            || self
                .stage
                .as_deref()
                .is_some_and(|s| deal.stage.as_deref() != Some(s))
            || (self.expiring && !deal.expiring_soon(now))
        {
            return false;
        }
        needle.is_empty()
            || [
                Some(deal.customer.as_str()),
                Some(deal.number.as_str()),
                deal.vendor_owner.as_deref(),
                deal.next_step.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(|field| contains_folded(field, needle))
    }

    /// Indices into `deals` of the rows to show, in display order.
    pub fn apply(&self, deals: &[PipelineDeal], now: i64) -> Vec<usize> {
        self.filter_sorted(deals, &self.sort_all(deals), now)
    }

    /// Every deal's index in this query's sort order. Only the sort key and direction matter,
    /// so the browser sorts once per sort change and filters the result on each keystroke.
    pub fn sort_all(&self, deals: &[PipelineDeal]) -> Vec<usize> {
        let d = deals;
        let mut rows: Vec<usize> = (0..d.len()).collect();
        // Keys are computed once per row, not per comparison.
        match self.sort {
            SortKey::Customer => {
                rows.sort_by_cached_key(|&i| (d[i].customer.to_lowercase(), d[i].id))
            }
            SortKey::Motion => rows.sort_by_key(|&i| (d[i].motion, d[i].id)),
            SortKey::Stage => {
                rows.sort_by_cached_key(|&i| (d[i].motion, d[i].stage_index(), d[i].id))
            }
            SortKey::VendorOwner => {
                rows.sort_by_cached_key(|&i| (d[i].vendor_owner.clone(), d[i].id))
            }
            SortKey::NextStep => rows.sort_by_cached_key(|&i| (d[i].next_step.clone(), d[i].id)),
            SortKey::Status => rows.sort_by_key(|&i| (d[i].status.as_str(), d[i].id)),
            SortKey::Protection => rows.sort_by_key(|&i| (d[i].protection_end, d[i].id)),
            SortKey::LastActivity => rows.sort_by_key(|&i| (d[i].last_activity_at, d[i].id)),
        }
        if self.descending {
            rows.reverse();
        }
        rows
    }

    /// The rows of `sorted` (from [`PipelineQuery::sort_all`]) that pass the filters, in order.
    pub fn filter_sorted(&self, deals: &[PipelineDeal], sorted: &[usize], now: i64) -> Vec<usize> {
        let needle = self.text.trim().to_lowercase();
        sorted
            .iter()
            .copied()
            .filter(|&i| self.matches(&deals[i], &needle, now))
            .collect()
    }
}

fn contains_folded(haystack: &str, needle_lower: &str) -> bool {
    if haystack.is_ascii() && needle_lower.is_ascii() {
        haystack
            .as_bytes()
            .windows(needle_lower.len())
            .any(|w| w.eq_ignore_ascii_case(needle_lower.as_bytes()))
    } else {
        haystack.to_lowercase().contains(needle_lower)
    }
}

/// How many of the given rows sit in each stage, in the motions' stage order (stages with no
/// deals included, so charts keep their shape). Deals without a shared stage are not counted.
pub fn stage_counts(deals: &[PipelineDeal], rows: &[usize]) -> Vec<(Motion, &'static str, usize)> {
    // One pass over the rows: counts[motion][stage].
    let mut counts = [[0usize; 5]; 5];
    let mut present = [false; 5];
    for &i in rows {
        let m = Motion::ALL
            .iter()
            .position(|x| *x == deals[i].motion)
            .unwrap_or(0);
        present[m] = true;
        if let Some(s) = deals[i].stage_index() {
            counts[m][s] += 1;
        }
    }
    let mut out = Vec::new();
    for (m, motion) in Motion::ALL.iter().enumerate().filter(|(m, _)| present[*m]) {
        for (s, stage) in motion.stages().iter().enumerate() {
            out.push((*motion, *stage, counts[m][s]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;

    fn cmp_folded(a: &str, b: &str) -> std::cmp::Ordering {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    }

    fn deal(id: i64, customer: &str, motion: Motion, stage: usize, status: Status) -> PipelineDeal {
        PipelineDeal {
            id,
            number: format!("R-{id:06}"),
            customer: customer.into(),
            motion,
            status,
            stage: Some(motion.stages()[stage].into()),
            vendor_owner: Some("Maya Chen".into()),
            next_step: Some("Call".into()),
            protection_end: Some(NOW + id * DAY),
            last_activity_at: Some(NOW - id),
            source: "portal".into(),
        }
    }

    #[test]
    fn stages_move_forward_one_at_a_time_and_need_a_next_step() {
        let m = Motion::Reseller;
        assert_eq!(
            check_stage_change(m, Some("Deal Registration"), "Qualification", "Scope call"),
            Ok(1)
        );
        assert!(matches!(
            check_stage_change(m, Some("Deal Registration"), "Transact", "x"),
            Err(StageError::Skipped { .. })
        ));
        assert_eq!(
            check_stage_change(m, Some("Transact"), "Qualification", "Re-qualify"),
            Ok(1),
            "moving back is allowed"
        );
        assert_eq!(
            check_stage_change(m, Some("Deal Registration"), "Qualification", "  "),
            Err(StageError::MissingNextStep)
        );
        let e = check_stage_change(m, None, "Validate", "x").unwrap_err();
        assert!(e.to_string().contains("Configure & Quote"), "{e}");
    }

    #[test]
    fn filters_combine_and_text_matches_case_insensitively() {
        let deals = vec![
            deal(1, "Globex", Motion::Reseller, 1, Status::Approved),
            deal(2, "Initech", Motion::Referral, 0, Status::Submitted),
            deal(3, "globetrotter", Motion::Reseller, 2, Status::Approved),
        ];
        let q = PipelineQuery {
            text: "GLOBE".into(),
            ..Default::default()
        };
        assert_eq!(q.apply(&deals, NOW).len(), 2);
        let q = PipelineQuery {
            text: "globe".into(),
            stage: Some("Configure & Quote".into()),
            ..Default::default()
        };
        assert_eq!(q.apply(&deals, NOW), vec![2]);
        let q = PipelineQuery {
            motion: Some(Motion::Referral),
            ..Default::default()
        };
        assert_eq!(q.apply(&deals, NOW), vec![1]);
        let q = PipelineQuery {
            expiring: true,
            ..Default::default()
        };
        assert_eq!(
            q.apply(&deals, NOW),
            vec![0, 2],
            "approved and ending within 7 days, newest activity first"
        );
    }

    #[test]
    fn sorting_by_customer_either_way() {
        let deals = vec![
            deal(1, "beta", Motion::Reseller, 1, Status::Approved),
            deal(2, "Alpha", Motion::Reseller, 1, Status::Approved),
            deal(3, "gamma", Motion::Reseller, 1, Status::Approved),
        ];
        let mut q = PipelineQuery {
            sort: SortKey::Customer,
            descending: false,
            ..Default::default()
        };
        assert_eq!(q.apply(&deals, NOW), vec![1, 0, 2]);
        q.descending = true;
        assert_eq!(q.apply(&deals, NOW), vec![2, 0, 1]);
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = PipelineQuery {
            text: "acme".into(),
            motion: Some(Motion::Tech),
            stage: Some("Validation".into()),
            status: Some(Status::Approved),
            expiring: true,
            sort: SortKey::Customer,
            descending: false,
        };
        let pairs = q.to_pairs();
        let back = PipelineQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert!(PipelineQuery::default().to_pairs().is_empty());
        assert_eq!(
            PipelineQuery::from_pairs([("motion", "bogus"), ("sort", "nope")]),
            PipelineQuery::default()
        );
    }

    #[test]
    fn stage_counts_keep_every_stage_of_each_motion() {
        let deals = vec![
            deal(1, "a", Motion::Reseller, 1, Status::Approved),
            deal(2, "b", Motion::Reseller, 1, Status::Approved),
        ];
        let counts = stage_counts(&deals, &[0, 1]);
        assert_eq!(counts.len(), 5);
        assert_eq!(counts[1], (Motion::Reseller, "Qualification", 2));
        assert_eq!(counts[0].2, 0);
    }

    proptest! {
        #[test]
        fn filtered_rows_are_a_sorted_subset(n in 0usize..60, text in "[a-c]{0,2}", desc in prop::bool::ANY) {
            let deals: Vec<PipelineDeal> = (0..n as i64)
                .map(|i| deal(i, ["abc", "bca", "cab", "Acc"][i as usize % 4], Motion::ALL[i as usize % 5], i as usize % 5, Status::Approved))
                .collect();
            let q = PipelineQuery { text, sort: SortKey::Customer, descending: desc, ..Default::default() };
            let rows = q.apply(&deals, NOW);
            let mut unique = rows.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), rows.len());
            for w in rows.windows(2) {
                let o = cmp_folded(&deals[w[0]].customer, &deals[w[1]].customer);
                let in_order = if desc { o != std::cmp::Ordering::Less } else { o != std::cmp::Ordering::Greater };
                prop_assert!(in_order, "rows out of order");
            }
        }
    }
}

/// The visible rows as CSV with only the columns partners may see (`fields`), for export.
/// Cells are quoted when needed and guarded against spreadsheet formula injection.
pub fn to_csv(
    deals: &[PipelineDeal],
    rows: &[usize],
    fields: &[SharedField],
    date: impl Fn(i64) -> String,
) -> String {
    let mut header = vec!["Registration", "Customer", "Motion", "Status"];
    let shared = |f: SharedField| fields.contains(&f);
    for f in SharedField::ALL.into_iter().filter(|f| shared(*f)) {
        header.push(match f {
            SharedField::Stage => "Stage",
            SharedField::VendorOwner => "Vendor owner",
            SharedField::NextStep => "Next step",
            SharedField::Protection => "Protection ends",
            SharedField::LastActivity => "Last activity",
        });
    }
    let mut out = header.join(",");
    out.push_str("\r\n");
    for &i in rows {
        let d = &deals[i];
        let mut cells = vec![
            d.number.clone(),
            d.customer.clone(),
            d.motion.label().to_owned(),
            d.status.label().to_owned(),
        ];
        for f in SharedField::ALL.into_iter().filter(|f| shared(*f)) {
            cells.push(match f {
                SharedField::Stage => d.stage.clone().unwrap_or_default(),
                SharedField::VendorOwner => d.vendor_owner.clone().unwrap_or_default(),
                SharedField::NextStep => d.next_step.clone().unwrap_or_default(),
                SharedField::Protection => d.protection_end.map(&date).unwrap_or_default(),
                SharedField::LastActivity => d.last_activity_at.map(&date).unwrap_or_default(),
            });
        }
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// One CSV text cell: RFC 4180 quoting, and a leading `= + - @` (or tab, CR) defused with `'`
/// so a spreadsheet never evaluates it. Every CSV the portal writes quotes text through this.
pub(crate) fn csv_cell(value: &str) -> String {
    // A leading = + - @ would make a spreadsheet evaluate the cell.
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    fn d() -> PipelineDeal {
        PipelineDeal {
            id: 1,
            number: "R-000001".into(),
            customer: "Acme, \"The\" Company".into(),
            motion: Motion::Reseller,
            status: Status::Approved,
            stage: Some("Qualification".into()),
            vendor_owner: Some("=HYPERLINK(\"x\")".into()),
            next_step: None,
            protection_end: Some(0),
            last_activity_at: Some(0),
            source: "embed".into(),
        }
    }

    #[test]
    fn csv_has_only_the_shared_columns() {
        let csv = to_csv(&[d()], &[0], &[SharedField::Stage], |_| "1970-01-01".into());
        let header = csv.lines().next().unwrap();
        assert_eq!(header, "Registration,Customer,Motion,Status,Stage");
        assert!(
            !csv.contains("HYPERLINK"),
            "the owner column was not shared"
        );
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let csv = to_csv(&[d()], &[0], &SharedField::ALL, |_| "1970-01-01".into());
        let row = csv.lines().nth(1).unwrap();
        assert!(row.contains("\"Acme, \"\"The\"\" Company\""), "{row}");
        assert!(row.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{row}");
    }

    #[test]
    fn a_deal_update_names_each_bad_field_once() {
        let ok = DealUpdate {
            next_step: Some("Call the CFO".into()),
            margin_percent: Some(-20),
            deal_amount_minor: Some(0),
            internal_notes: Some("line one\nline two\ttabbed".into()),
            ..DealUpdate::default()
        };
        assert_eq!(ok.validate(), Ok(()));
        let bad = DealUpdate {
            vendor_owner: Some("  ".into()),
            next_step: Some("x".repeat(301)),
            discount_band: Some("A\tB".into()),
            margin_percent: Some(101),
            deal_amount_minor: Some(-1),
            competitor_notes: Some("bell\u{7}".into()),
            ..DealUpdate::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(
            e.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "competitor_notes",
                "deal_amount_minor",
                "discount_band",
                "margin_percent",
                "next_step",
                "vendor_owner"
            ]
        );
        let en = |f: &str| crate::message::english(f, &e[f]);
        assert_eq!(en("next_step"), "Keep this to 300 characters or fewer.");
        assert_eq!(
            en("margin_percent"),
            "Margin is a percentage from -100 to 100."
        );
        assert_eq!(
            DealUpdate {
                margin_percent: Some(-100),
                ..DealUpdate::default()
            }
            .validate(),
            Ok(())
        );
    }
}
