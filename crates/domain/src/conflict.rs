//! The program's conflict rules: whether a customer is free, and which claim wins.
//!
//! Hierarchy (from the deal-registration policy): registered beats unregistered, incumbent beats
//! net-new, certification breaks ties; after that the program's policy decides — first come,
//! first served, or tier priority. A partner asking about a customer learns the rule that fired
//! and the protection end date, never which partner holds it.

use crate::Tier;
use crate::registration::Status;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How the program breaks a tie that the hierarchy leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConflictPolicy {
    FirstCome,
    TierPriority,
}

impl ConflictPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictPolicy::FirstCome => "first_come",
            ConflictPolicy::TierPriority => "tier_priority",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "first_come" => Some(ConflictPolicy::FirstCome),
            "tier_priority" => Some(ConflictPolicy::TierPriority),
            _ => None,
        }
    }
}

/// A registration for the same customer, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub registration_id: i64,
    pub partner_id: i64,
    pub tier: Tier,
    pub status: Status,
    /// Unix seconds; set once approved.
    pub protection_end: Option<i64>,
    pub submitted_at: i64,
    pub incumbent: bool,
    pub certified: bool,
}

impl Claim {
    /// Approved and not yet expired at `now`.
    pub fn is_protected(&self, now: i64) -> bool {
        self.status == Status::Approved && self.protection_end.is_some_and(|end| end > now)
    }

    /// Still in play: protected, or awaiting a decision.
    pub fn is_live(&self, now: i64) -> bool {
        self.is_protected(now) || self.status == Status::Submitted
    }
}

/// The rule that decided an answer; partners see its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    NoOtherClaim,
    PendingDecision,
    OwnPendingRegistration,
    RegisteredBeatsUnregistered,
    OwnProtection,
    IncumbentBeatsNetNew,
    CertificationBreaksTies,
    FirstCome,
    TierPriority,
    /// A registration the asker cannot see (a colleague's) may claim the customer.
    PossibleClaim,
}

impl Rule {
    /// The catalog id of the sentence shown to people (`rule.first_come`).
    pub fn label_id(self) -> &'static str {
        match self {
            Rule::NoOtherClaim => "rule.no_other_claim",
            Rule::PendingDecision => "rule.pending_decision",
            Rule::OwnPendingRegistration => "rule.own_pending_registration",
            Rule::RegisteredBeatsUnregistered => "rule.registered_beats_unregistered",
            Rule::OwnProtection => "rule.own_protection",
            Rule::IncumbentBeatsNetNew => "rule.incumbent_beats_net_new",
            Rule::CertificationBreaksTies => "rule.certification_breaks_ties",
            Rule::FirstCome => "rule.first_come",
            Rule::TierPriority => "rule.tier_priority",
            Rule::PossibleClaim => "rule.possible_claim",
        }
    }
}

/// What a partner learns when asking whether a customer is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Availability {
    Free {
        rule: Rule,
    },
    PossibleConflict {
        rule: Rule,
    },
    /// `until` is the day the protection ends, `YYYY-MM-DD` (UTC): a date, not a time, so the
    /// answer does not tell when the holder was approved.
    Protected {
        rule: Rule,
        until: String,
    },
}

impl Availability {
    pub fn rule(&self) -> Rule {
        match self {
            Availability::Free { rule }
            | Availability::PossibleConflict { rule }
            | Availability::Protected { rule, .. } => *rule,
        }
    }
}

/// Whether `asking_partner` can claim a customer that already has `claims` (all for the same
/// customer). Other partners' identities never appear in the answer.
pub fn availability(claims: &[Claim], asking_partner: i64, now: i64) -> Availability {
    let protected = claims
        .iter()
        .filter(|c| c.is_protected(now))
        .max_by_key(|c| c.protection_end);
    if let Some(holder) = protected {
        let until = crate::date::Date::from_unix(holder.protection_end.unwrap_or(now)).to_string();
        let rule = if holder.partner_id == asking_partner {
            Rule::OwnProtection
        } else {
            Rule::RegisteredBeatsUnregistered
        };
        return Availability::Protected { rule, until };
    }
    let pending = |own: bool| {
        claims
            .iter()
            .any(|c| c.status == Status::Submitted && (c.partner_id == asking_partner) == own)
    };
    if pending(false) {
        Availability::PossibleConflict {
            rule: Rule::PendingDecision,
        }
    } else if pending(true) {
        Availability::PossibleConflict {
            rule: Rule::OwnPendingRegistration,
        }
    } else {
        Availability::Free {
            rule: Rule::NoOtherClaim,
        }
    }
}

/// [`availability`] as a partner *user* may learn it: claims of the asker's own company that
/// `visible` says the asker cannot see (a colleague's registration) are never described — when
/// one of them is live, the answer is only "possible conflict" ([`Rule::PossibleClaim`]).
/// Another partner's protection is still answered as such.
pub fn availability_seen_by(
    claims: &[Claim],
    asking_partner: i64,
    visible: impl Fn(&Claim) -> bool,
    now: i64,
) -> Availability {
    let (hidden, seen): (Vec<Claim>, Vec<Claim>) = claims
        .iter()
        .cloned()
        .partition(|c| c.partner_id == asking_partner && !visible(c));
    let answer = availability(&seen, asking_partner, now);
    if hidden.iter().any(|c| c.is_live(now)) && !matches!(answer, Availability::Protected { .. }) {
        return Availability::PossibleConflict {
            rule: Rule::PossibleClaim,
        };
    }
    answer
}

/// Which of two claims for one customer comes first, and the rule that decided it.
pub fn precedence(a: &Claim, b: &Claim, policy: ConflictPolicy, now: i64) -> (Ordering, Rule) {
    let by = |x: bool, y: bool| y.cmp(&x); // true first
    let steps = [
        (
            by(a.is_protected(now), b.is_protected(now)),
            Rule::RegisteredBeatsUnregistered,
        ),
        (by(a.incumbent, b.incumbent), Rule::IncumbentBeatsNetNew),
        (by(a.certified, b.certified), Rule::CertificationBreaksTies),
    ];
    for (ord, rule) in steps {
        if ord != Ordering::Equal {
            return (ord, rule);
        }
    }
    match policy {
        ConflictPolicy::TierPriority if a.tier != b.tier => {
            (b.tier.cmp(&a.tier), Rule::TierPriority)
        }
        ConflictPolicy::TierPriority => (
            a.submitted_at
                .cmp(&b.submitted_at)
                .then(a.registration_id.cmp(&b.registration_id)),
            Rule::FirstCome,
        ),
        ConflictPolicy::FirstCome => (
            a.submitted_at
                .cmp(&b.submitted_at)
                .then(a.registration_id.cmp(&b.registration_id)),
            Rule::FirstCome,
        ),
    }
}

/// Claims in the order the program favours them (best first).
pub fn rank(claims: &mut [Claim], policy: ConflictPolicy, now: i64) {
    claims.sort_by(|a, b| precedence(a, b, policy, now).0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;
    const DAY: i64 = 86_400;

    fn claim(id: i64, partner: i64, status: Status) -> Claim {
        Claim {
            registration_id: id,
            partner_id: partner,
            tier: Tier::Silver,
            status,
            protection_end: (status == Status::Approved).then_some(NOW + 30 * DAY),
            submitted_at: NOW - id * DAY,
            incumbent: false,
            certified: false,
        }
    }

    #[test]
    fn a_colleagues_registration_the_asker_cannot_see_is_only_a_possible_conflict() {
        let hidden = |c: &Claim| c.registration_id != 7;
        // A colleague's protection (registration 7, own company 1): no date, no "your company".
        let colleagues = claim(7, 1, Status::Approved);
        assert_eq!(
            availability_seen_by(std::slice::from_ref(&colleagues), 1, hidden, NOW),
            Availability::PossibleConflict {
                rule: Rule::PossibleClaim
            }
        );
        // A colleague's pending registration: the same answer.
        let pending = claim(7, 1, Status::Submitted);
        assert_eq!(
            availability_seen_by(std::slice::from_ref(&pending), 1, hidden, NOW).rule(),
            Rule::PossibleClaim
        );
        // What the asker can see is answered as before.
        assert_eq!(
            availability_seen_by(std::slice::from_ref(&colleagues), 1, |_| true, NOW).rule(),
            Rule::OwnProtection
        );
        // Another partner's protection is still a protection, with its day.
        let others = claim(8, 2, Status::Approved);
        assert!(matches!(
            availability_seen_by(&[pending, others], 1, hidden, NOW),
            Availability::Protected {
                rule: Rule::RegisteredBeatsUnregistered,
                ..
            }
        ));
        // A colleague's old, expired claim says nothing.
        let mut expired = claim(7, 1, Status::Approved);
        expired.protection_end = Some(NOW - 1);
        assert_eq!(
            availability_seen_by(&[expired], 1, hidden, NOW).rule(),
            Rule::NoOtherClaim
        );
    }

    #[test]
    fn protection_is_answered_as_a_day_not_a_time() {
        let held = claim(1, 2, Status::Approved);
        let Availability::Protected { until, .. } = availability(&[held], 1, NOW) else {
            panic!("protected");
        };
        assert_eq!(until.len(), 10, "YYYY-MM-DD: {until}");
        assert_eq!(&until[4..5], "-");
    }

    #[test]
    fn a_customer_nobody_claims_is_free() {
        assert_eq!(
            availability(&[], 1, NOW),
            Availability::Free {
                rule: Rule::NoOtherClaim
            }
        );
        let old = Claim {
            status: Status::Rejected,
            ..claim(1, 2, Status::Rejected)
        };
        assert_eq!(availability(&[old], 1, NOW).rule(), Rule::NoOtherClaim);
    }

    #[test]
    fn an_approved_unexpired_registration_protects_the_customer_until_its_end() {
        let held = claim(1, 2, Status::Approved);
        assert_eq!(
            availability(std::slice::from_ref(&held), 1, NOW),
            Availability::Protected {
                rule: Rule::RegisteredBeatsUnregistered,
                until: crate::date::Date::from_unix(NOW + 30 * DAY).to_string()
            }
        );
        assert_eq!(availability(&[held], 2, NOW).rule(), Rule::OwnProtection);
    }

    #[test]
    fn an_expired_protection_no_longer_protects() {
        let mut held = claim(1, 2, Status::Approved);
        held.protection_end = Some(NOW - 1);
        assert_eq!(availability(&[held], 1, NOW).rule(), Rule::NoOtherClaim);
    }

    #[test]
    fn a_pending_registration_is_a_possible_conflict() {
        assert_eq!(
            availability(&[claim(1, 2, Status::Submitted)], 1, NOW).rule(),
            Rule::PendingDecision
        );
        assert_eq!(
            availability(&[claim(1, 1, Status::Submitted)], 1, NOW).rule(),
            Rule::OwnPendingRegistration
        );
    }

    #[test]
    fn the_hierarchy_registered_then_incumbent_then_certification_then_policy() {
        let registered = claim(1, 1, Status::Approved);
        let mut incumbent = claim(2, 2, Status::Submitted);
        incumbent.incumbent = true;
        assert_eq!(
            precedence(&registered, &incumbent, ConflictPolicy::FirstCome, NOW),
            (Ordering::Less, Rule::RegisteredBeatsUnregistered)
        );

        let net_new = claim(3, 3, Status::Submitted);
        assert_eq!(
            precedence(&incumbent, &net_new, ConflictPolicy::FirstCome, NOW),
            (Ordering::Less, Rule::IncumbentBeatsNetNew)
        );

        let mut certified = claim(4, 4, Status::Submitted);
        certified.certified = true;
        assert_eq!(
            precedence(&net_new, &certified, ConflictPolicy::FirstCome, NOW),
            (Ordering::Greater, Rule::CertificationBreaksTies)
        );
    }

    #[test]
    fn the_policy_decides_the_rest_first_come_or_tier_priority() {
        let mut early_bronze = claim(5, 1, Status::Submitted);
        early_bronze.tier = Tier::Bronze;
        let mut late_gold = claim(1, 2, Status::Submitted);
        late_gold.tier = Tier::Gold;
        assert!(early_bronze.submitted_at < late_gold.submitted_at);
        assert_eq!(
            precedence(&early_bronze, &late_gold, ConflictPolicy::FirstCome, NOW),
            (Ordering::Less, Rule::FirstCome)
        );
        assert_eq!(
            precedence(&early_bronze, &late_gold, ConflictPolicy::TierPriority, NOW),
            (Ordering::Greater, Rule::TierPriority)
        );
    }

    fn any_claim() -> impl Strategy<Value = Claim> {
        (
            1i64..50,
            1i64..5,
            0usize..3,
            prop::bool::ANY,
            prop::bool::ANY,
            prop::bool::ANY,
            0i64..100,
        )
            .prop_map(
                |(id, partner, tier, approved, incumbent, certified, age)| Claim {
                    registration_id: id,
                    partner_id: partner,
                    tier: Tier::ALL[tier],
                    status: if approved {
                        Status::Approved
                    } else {
                        Status::Submitted
                    },
                    protection_end: approved.then_some(NOW + DAY),
                    submitted_at: NOW - age * 3600,
                    incumbent,
                    certified,
                },
            )
    }

    proptest! {
        #[test]
        fn precedence_is_antisymmetric(a in any_claim(), b in any_claim(), tier_policy in prop::bool::ANY) {
            let policy = if tier_policy { ConflictPolicy::TierPriority } else { ConflictPolicy::FirstCome };
            prop_assert_eq!(precedence(&a, &b, policy, NOW).0, precedence(&b, &a, policy, NOW).0.reverse());
        }

        #[test]
        fn a_protected_claim_always_ranks_above_every_unprotected_one(mut claims in prop::collection::vec(any_claim(), 1..8)) {
            rank(&mut claims, ConflictPolicy::TierPriority, NOW);
            let first_unprotected = claims.iter().position(|c| !c.is_protected(NOW)).unwrap_or(claims.len());
            prop_assert!(claims[first_unprotected..].iter().all(|c| !c.is_protected(NOW)));
        }

        #[test]
        fn the_answer_never_depends_on_who_holds_the_customer(mut claims in prop::collection::vec(any_claim(), 0..6), other in 10i64..20) {
            // Re-assigning every other partner's claims to a different partner id changes nothing.
            let before = availability(&claims, 1, NOW);
            for c in claims.iter_mut().filter(|c| c.partner_id != 1) { c.partner_id = other; }
            prop_assert_eq!(availability(&claims, 1, NOW), before);
        }
    }
}
