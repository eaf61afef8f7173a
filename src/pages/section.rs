//! Sections of the portal whose features are still being built: each says plainly what it
//! will hold, so a visitor is never shown a blank page.

use crate::components::set_title;
use crate::i18n::t;
use crate::routes::AppRoute;
use leptos::prelude::*;

/// A section's heading and an honest empty state.
#[component]
pub fn SectionPage(
    /// The section shown.
    route: AppRoute,
) -> impl IntoView {
    set_title(route.label());
    let what = match route {
        AppRoute::Library => t(
            "Plays, case studies, talk tracks and pricing matrices for your motions, searchable as you type.",
        ),
        AppRoute::Deals => t(
            "Register deals, see each registration's status, decision clock and protection window.",
        ),
        AppRoute::Pipeline => {
            t("Your registered deals by stage, with only the fields shared with partners.")
        }
        AppRoute::Approvals => {
            t("Registrations waiting for a decision, oldest first, with their approval clock.")
        }
        AppRoute::Content => t("Publish, edit and retire enablement assets for each tier."),
        AppRoute::Partners => t("The partner companies in the program, their tiers and people."),
        _ => "",
    };
    view! {
        <section class="page">
            <h1>{route.label()}</h1>
            <div class="empty-state">
                <p>{what}</p>
                <p class="muted">{t("Nothing to show here yet.")}</p>
            </div>
        </section>
    }
}
