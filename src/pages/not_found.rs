//! The page for addresses the portal does not have.

use crate::components::set_title;
use crate::i18n::t;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

/// "Page not found", naming the address and offering the way home; an address that moved
/// ([`AppRoute::moved`]: the old `/deals…` links) goes on to its new place instead.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title(t("not_found.page_not_found"));
    let location = use_location();
    let path = location.pathname;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(to) = AppRoute::moved(&path.get(), &location.search.get()) {
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
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
