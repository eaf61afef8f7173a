//! Commission plans and SPIFFs as data.
//!
//! A [`CommissionPlan`] is a rate for one motion, one tier (or every tier) and one attribution
//! (sourced or influenced), in force between two dates. [`plan_for`] picks the plan in force on
//! a deal's close date. A [`Spiff`] is a time-boxed flat bonus with criteria.
//!
//! Dates are `YYYY-MM-DD` text, as stored and sent; a plan or SPIFF whose dates do not read as
//! dates is never in force (the screens that edit them validate the dates first).

use crate::date::Date;
use crate::motion::Motion;
use crate::registration::Attribution;
use crate::tier::Tier;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::line::WonDeal;

/// What a plan pays for; each motion has its own kind of commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// Referral partners: a fee for an introduced customer.
    ReferralFee,
    /// Resellers: a rebate on what they sold.
    ResellerRebate,
    /// Marketplace: a fee on a private offer that closed.
    MarketplaceFee,
    /// Services (SI/MSP): a bonus on attached licence revenue.
    ServicesBonus,
    /// Technology (ISV): an incentive on co-sold deals.
    TechIncentive,
}

impl PlanKind {
    pub const ALL: [PlanKind; 5] = [
        PlanKind::ReferralFee,
        PlanKind::ResellerRebate,
        PlanKind::MarketplaceFee,
        PlanKind::ServicesBonus,
        PlanKind::TechIncentive,
    ];

    /// The identifier used in data and JSON (`referral_fee`).
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::ReferralFee => "referral_fee",
            PlanKind::ResellerRebate => "reseller_rebate",
            PlanKind::MarketplaceFee => "marketplace_fee",
            PlanKind::ServicesBonus => "services_bonus",
            PlanKind::TechIncentive => "tech_incentive",
        }
    }

    /// The catalog id of its name (`commission.kind.referral_fee`).
    pub fn label_id(self) -> &'static str {
        match self {
            PlanKind::ReferralFee => "commission.kind.referral_fee",
            PlanKind::ResellerRebate => "commission.kind.reseller_rebate",
            PlanKind::MarketplaceFee => "commission.kind.marketplace_fee",
            PlanKind::ServicesBonus => "commission.kind.services_bonus",
            PlanKind::TechIncentive => "commission.kind.tech_incentive",
        }
    }

    pub fn parse(s: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind of commission a motion usually earns (a default for new plans).
    pub fn for_motion(motion: Motion) -> PlanKind {
        match motion {
            Motion::Referral => PlanKind::ReferralFee,
            Motion::Reseller => PlanKind::ResellerRebate,
            Motion::Marketplace => PlanKind::MarketplaceFee,
            Motion::Services => PlanKind::ServicesBonus,
            Motion::Tech => PlanKind::TechIncentive,
        }
    }
}

impl fmt::Display for PlanKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A commission rate for one motion × tier × attribution, in force from `effective_from` to
/// `effective_to` (both days included; no end means until further notice).
///
/// Plans are never edited into lines: a line keeps the plan id, rate and attribution it was
/// computed with, so changing or ending a plan later changes no line already computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionPlan {
    pub id: i64,
    pub kind: PlanKind,
    pub motion: Motion,
    /// The partner tier it is for; `None` is every tier.
    pub tier: Option<Tier>,
    pub attribution: Attribution,
    /// Basis points of the base (1 000 = 10 %).
    pub rate_bp: u32,
    /// First day in force, `YYYY-MM-DD`.
    pub effective_from: String,
    /// Last day in force, `YYYY-MM-DD`; `None` while open-ended.
    pub effective_to: Option<String>,
}

impl CommissionPlan {
    /// Whether the plan is in force on `date`: `effective_from <= date <= effective_to`. A plan
    /// whose dates do not read is never in force.
    pub fn in_force_on(&self, date: Date) -> bool {
        let Some(from) = Date::parse_iso(&self.effective_from) else {
            return false;
        };
        let to = match &self.effective_to {
            None => None,
            Some(to) => match Date::parse_iso(to) {
                Some(d) => Some(d),
                None => return false,
            },
        };
        from <= date && to.is_none_or(|to| date <= to)
    }

    /// Whether the plan is written for this motion, tier and attribution (an every-tier plan
    /// covers every tier).
    pub fn covers(&self, motion: Motion, tier: Tier, attribution: Attribution) -> bool {
        self.motion == motion
            && self.attribution == attribution
            && self.tier.is_none_or(|t| t == tier)
    }
}

/// The plan that applies to a deal of `motion`, by a partner of `tier`, `attribution`, closed on
/// `close_date`: among the plans that cover it and are in force on that day,
///
/// 1. a plan for the partner's tier beats an every-tier plan;
/// 2. then the plan that came into force last (the latest `effective_from`) wins, so a new plan
///    overlapping an old open-ended one takes over from its first day;
/// 3. then the highest id (the plan written last).
///
/// `None` when no plan covers the deal: it earns no base commission (SPIFFs may still apply).
pub fn plan_for(
    plans: &[CommissionPlan],
    motion: Motion,
    tier: Tier,
    attribution: Attribution,
    close_date: Date,
) -> Option<&CommissionPlan> {
    plans
        .iter()
        .filter(|p| p.covers(motion, tier, attribution) && p.in_force_on(close_date))
        .max_by_key(|p| (p.tier.is_some(), Date::parse_iso(&p.effective_from), p.id))
}

/// Which won deals a SPIFF rewards. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SpiffCriteria {
    /// Partner tiers that qualify; empty = every tier.
    pub tiers: Vec<Tier>,
    /// Motions that qualify; empty = every motion.
    pub motions: Vec<Motion>,
    /// Only customers the partner did not already serve (not incumbent).
    pub net_new_only: bool,
    /// Only deals the partner sourced (not merely influenced).
    pub sourced_only: bool,
}

impl SpiffCriteria {
    /// Whether a won deal meets every criterion.
    pub fn hold_for(&self, deal: &WonDeal) -> bool {
        (self.tiers.is_empty() || self.tiers.contains(&deal.tier))
            && (self.motions.is_empty() || self.motions.contains(&deal.motion))
            && !(self.net_new_only && deal.incumbent)
            && !(self.sourced_only && deal.attribution != Attribution::Sourced)
    }
}

/// A time-boxed bonus: a flat `amount_minor` in `currency` for each won deal closed between
/// `from` and `to` (both days included) that meets the criteria. It is paid in full whatever
/// the deal's attribution percent (use `sourced_only` to leave influenced deals out), and
/// several SPIFFs can reward the same deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spiff {
    pub id: i64,
    /// Shown to partners ("Q4 net-new push").
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    pub criteria: SpiffCriteria,
}

impl Spiff {
    /// Whether `date` is within `[from, to]`; never when either date does not read.
    pub fn runs_on(&self, date: Date) -> bool {
        match (Date::parse_iso(&self.from), Date::parse_iso(&self.to)) {
            (Some(from), Some(to)) => from <= date && date <= to,
            _ => false,
        }
    }

    /// Whether the SPIFF rewards `deal`, closed on `close_date`, leaving the currency aside
    /// ([`lines_for_won`](super::lines_for_won) skips a SPIFF in another currency).
    pub fn applies_to(&self, deal: &WonDeal, close_date: Date) -> bool {
        self.runs_on(close_date) && self.criteria.hold_for(deal)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn day(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    pub fn plan(
        id: i64,
        tier: Option<Tier>,
        rate_bp: u32,
        from: &str,
        to: Option<&str>,
    ) -> CommissionPlan {
        CommissionPlan {
            id,
            kind: PlanKind::ResellerRebate,
            motion: Motion::Reseller,
            tier,
            attribution: Attribution::Sourced,
            rate_bp,
            effective_from: from.into(),
            effective_to: to.map(Into::into),
        }
    }

    fn pick(plans: &[CommissionPlan], tier: Tier, date: &str) -> Option<i64> {
        plan_for(
            plans,
            Motion::Reseller,
            tier,
            Attribution::Sourced,
            day(date),
        )
        .map(|p| p.id)
    }

    #[test]
    fn a_plan_is_in_force_on_its_first_and_last_day_but_not_around_them() {
        // Arrange
        let p = plan(1, None, 1_000, "2026-01-01", Some("2026-06-30"));

        // Act / Assert
        assert!(!p.in_force_on(day("2025-12-31")));
        assert!(p.in_force_on(day("2026-01-01")));
        assert!(p.in_force_on(day("2026-06-30")));
        assert!(!p.in_force_on(day("2026-07-01")));
    }

    #[test]
    fn an_open_ended_plan_stays_in_force_and_unreadable_dates_never_are() {
        assert!(plan(1, None, 1, "2026-01-01", None).in_force_on(day("2099-12-31")));
        assert!(!plan(1, None, 1, "2026-1-1", None).in_force_on(day("2026-05-01")));
        assert!(!plan(1, None, 1, "2026-01-01", Some("soon")).in_force_on(day("2026-05-01")));
    }

    #[test]
    fn a_tier_plan_beats_an_every_tier_plan_even_when_the_latter_is_newer() {
        // Arrange
        let plans = [
            plan(1, Some(Tier::Gold), 1_200, "2026-01-01", None),
            plan(2, None, 1_000, "2026-03-01", None),
        ];

        // Act / Assert
        assert_eq!(pick(&plans, Tier::Gold, "2026-04-01"), Some(1));
        assert_eq!(pick(&plans, Tier::Silver, "2026-04-01"), Some(2));
        assert_eq!(
            pick(&plans, Tier::Silver, "2026-02-28"),
            None,
            "plan 2 not yet"
        );
    }

    #[test]
    fn among_equally_specific_plans_the_latest_start_then_the_highest_id_wins() {
        let plans = [
            plan(7, None, 1_000, "2026-01-01", None),
            plan(3, None, 1_100, "2026-07-01", None),
            plan(5, None, 900, "2026-07-01", Some("2026-12-31")),
        ];
        assert_eq!(pick(&plans, Tier::Bronze, "2026-06-30"), Some(7));
        assert_eq!(pick(&plans, Tier::Bronze, "2026-07-01"), Some(5));
        assert_eq!(pick(&plans, Tier::Bronze, "2027-01-01"), Some(3));
    }

    #[test]
    fn the_plan_in_force_on_the_close_date_applies_at_the_changeover_day() {
        // Arrange: the old plan ends on the 30th, the new one starts on the 1st.
        let plans = [
            plan(1, None, 1_000, "2026-01-01", Some("2026-06-30")),
            plan(2, None, 800, "2026-07-01", None),
        ];

        // Act / Assert
        assert_eq!(pick(&plans, Tier::Gold, "2026-06-30"), Some(1));
        assert_eq!(pick(&plans, Tier::Gold, "2026-07-01"), Some(2));
    }

    #[test]
    fn a_plan_for_another_motion_or_attribution_does_not_apply() {
        let mut other_motion = plan(1, None, 1_000, "2026-01-01", None);
        other_motion.motion = Motion::Referral;
        let mut influenced = plan(2, None, 1_000, "2026-01-01", None);
        influenced.attribution = Attribution::Influenced;
        assert_eq!(
            pick(&[other_motion, influenced], Tier::Gold, "2026-05-01"),
            None
        );
    }

    #[test]
    fn plan_kinds_have_snake_case_names_and_catalog_ids() {
        for k in PlanKind::ALL {
            assert_eq!(PlanKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
            assert_eq!(k.label_id(), format!("commission.kind.{k}"));
        }
        assert_eq!(PlanKind::for_motion(Motion::Tech), PlanKind::TechIncentive);
    }

    #[test]
    fn a_spiff_runs_from_its_first_to_its_last_day() {
        let s = Spiff {
            id: 1,
            name: "Q4 push".into(),
            amount_minor: 50_000,
            currency: "EUR".into(),
            from: "2026-10-01".into(),
            to: "2026-12-31".into(),
            criteria: SpiffCriteria::default(),
        };
        assert!(!s.runs_on(day("2026-09-30")));
        assert!(s.runs_on(day("2026-10-01")));
        assert!(s.runs_on(day("2026-12-31")));
        assert!(!s.runs_on(day("2027-01-01")));
    }
}
