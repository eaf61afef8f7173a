//! A partner's progress toward the next tier, criterion by criterion: the partner's own home
//! page and the channel managers' partner page draw the same list.

use crate::format;
use crate::i18n::{t, tf};
use domain::home::{Criterion, CriterionProgress, TierProgress};
use leptos::prelude::*;

/// "2 of 3 criteria met", then each criterion with its value, target and a progress bar.
#[component]
pub fn TierProgressList(
    /// The criteria of the next tier and where the partner stands.
    progress: TierProgress,
) -> impl IntoView {
    let met = progress.criteria.iter().filter(|c| c.met()).count();
    view! {
        <p>{tf("home.of_criteria_met", &[("met", &met), ("total", &progress.criteria.len())])}</p>
        <ul class="progress-list">
            {progress.criteria.iter().map(|c| {
                let label = criterion_label(c.criterion);
                view! {
                    <li class:progress-list__met=c.met()>
                        <span class="progress-list__label">{label}</span>
                        <span class="progress-list__value">{criterion_value(c)}{c.met().then_some(" ✓")}</span>
                        <progress max="100" value=c.percent().to_string() aria-label=label>{format!("{}%", c.percent())}</progress>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn criterion_label(c: Criterion) -> &'static str {
    match c {
        Criterion::AnnualRevenue => t("home.annual_revenue"),
        Criterion::ApprovedRegistrations => t("home.approved_registrations_12_months"),
        Criterion::Certifications => t("home.certifications"),
    }
}

/// "USD 12,000 of USD 25,000" (revenue targets are in US dollars), else plain counts.
fn criterion_value(p: &CriterionProgress) -> String {
    let (current, target) = match p.criterion {
        Criterion::AnnualRevenue => (
            format::money(p.current, "USD"),
            format::money(p.target, "USD"),
        ),
        _ => (format::number(p.current), format::number(p.target)),
    };
    tf("home.of", &[("current", &current), ("target", &target)])
}
