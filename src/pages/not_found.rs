//! The page for addresses the portal does not have.

use crate::components::set_title;
use crate::i18n::t;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// "Page not found", naming the address and offering the way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title(t("not_found.page_not_found"));
    let path = use_location().pathname;
    let sentence = t("not_found.there_is_no_page_at");
    let (before, after) = sentence.split_once("{path}").unwrap_or((sentence, ""));
    view! {
        <section class="page page--narrow">
            <h1>{t("not_found.page_not_found")}</h1>
            <p>{before}<code>{move || path.get()}</code>{after}</p>
            <p><A href=AppRoute::Home.path()>{t("common.go_to_your_home_page")}</A></p>
        </section>
    }
}
