//! The page for addresses the portal does not have.

use crate::components::set_title;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// "Page not found", naming the address and offering the way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title("Page not found");
    let path = use_location().pathname;
    view! {
        <section class="page page--narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{move || path.get()}</code> "."</p>
            <p><A href=AppRoute::Home.path()>"Go to your home page"</A></p>
        </section>
    }
}
