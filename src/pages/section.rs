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
        AppRoute::Library => t("section.plays_case_studies_talk_tracks_and"),
        AppRoute::Registrations => t("section.register_deals_see_each_registrations_status"),
        AppRoute::Pipeline => t("section.your_registered_deals_by_stage_with"),
        AppRoute::Approvals => t("section.registrations_waiting_for_a_decision_oldest"),
        AppRoute::Content => t("section.publish_edit_and_retire_enablement_assets"),
        AppRoute::Partners => t("section.the_partner_companies_in_the_program"),
        _ => "",
    };
    view! {
        <section class="page">
            <h1>{route.label()}</h1>
            <div class="empty-state">
                <p>{what}</p>
                <p class="muted">{t("section.nothing_to_show_here_yet")}</p>
            </div>
        </section>
    }
}
