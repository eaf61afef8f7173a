//! The app shell around every signed-in page: skip link, header (partner, tier badge, user
//! menu), the role's navigation and the `main` landmark. It also guards the pages: signed-out
//! visitors are sent to sign-in with their destination remembered.

use super::{ErrorPanel, Loading, TierBadge, UserMenu};
use crate::i18n::t;
use crate::routes::AppRoute;
use crate::session::{SessionState, use_session};
use domain::views::Me;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};

/// Renders the signed-in frame around the current page, or the session's loading/error state.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();

    Effect::new(move |_| {
        if session.state.get() == SessionState::SignedOut {
            let here = AppRoute::return_address(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
            );
            navigate(
                &AppRoute::sign_in_then(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    move || {
        match session.state.get() {
        SessionState::Checking | SessionState::SignedOut => {
            view! { <main id="main" class="centered"><Loading label=t("shell.loading_your_portal")/></main> }.into_any()
        }
        SessionState::Failed(error) => view! {
            <main id="main" class="centered">
                <ErrorPanel message=error.message() on_retry=Callback::new(move |_| session.refresh())/>
            </main>
        }
        .into_any(),
        SessionState::SignedIn(me) => view! { <Frame me/> }.into_any(),
    }
    }
}

/// The header, navigation and main area for a signed-in user.
#[component]
fn Frame(
    /// The signed-in user.
    me: Me,
) -> impl IntoView {
    let nav = AppRoute::navigation(me.user.role);
    // On a phone the tab bar scrolls: bring the current page's tab into view after each move,
    // centred where the bar allows (its neighbours show, and the last tab is not left cut by a
    // fraction of a pixel as "nearest" does).
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        request_animation_frame(|| {
            if let Some(tab) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                d.query_selector(".app-nav a[aria-current=page]")
                    .ok()
                    .flatten()
            }) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                options.set_inline(web_sys::ScrollLogicalPosition::Center);
                tab.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
    let org = match &me.partner {
        Some(p) => view! {
            <span class="org__name">{p.name.clone()}</span>
            <TierBadge tier=p.tier/>
        }
        .into_any(),
        None => {
            view! { <span class="org__name">{t("common.vendor_channel_team")}</span> }.into_any()
        }
    };
    view! {
        <a class="skip-link" href="#main">{t("shell.skip_to_content")}</a>
        <header class="app-header">
            <a class="brand" href=AppRoute::Home.path()>
                <span class="brand__mark" aria-hidden="true">"◆"</span>
                "Portico"
            </a>
            <div class="org">{org}</div>
            <UserMenu me=me.clone()/>
        </header>
        <nav class="app-nav" aria-label=t("shell.main")>
            <ul>
                {nav
                    .iter()
                    .map(|r| view! { <li><A href=r.path() exact=*r == AppRoute::Home>{r.label()}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
        <main id="main" class="app-main" tabindex="-1">
            <Outlet/>
        </main>
    }
}
