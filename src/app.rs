//! The root component: session, language, router, and the `<html data-tier>` theme switch.

use crate::components::Shell;
use crate::i18n;
use crate::pages::{
    ApprovalsPage, AssetEditorPage, AssetPage, ContentPage, DealsPage, EmbedPage, HomePage,
    LibraryPage, NotFoundPage, PipelinePage, RegisterDealPage, RegistrationPage, SectionPage,
    SignInPage, StyleGuidePage,
};
use crate::routes::AppRoute;
use crate::session::provide_session;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, ParamSegment, StaticSegment, path};

/// Declares a group of pages whose code is loaded on demand. With the `split` feature (the
/// release build that `cargo xtask` makes) each group's code goes into its own wasm module,
/// fetched when one of its pages is first shown, so the first load carries only the shell and
/// that group. Without it (`trunk serve`, the wasm-bindgen tests) the same routes render from
/// the one module. Pages are grouped by how people move between them (each group is one split
/// point; fewer split points mean fewer shared chunks, and so fewer requests per page).
macro_rules! page_group {
    ($load:ident { $($n:literal => $view:expr),+ $(,)? }) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($load, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $load(page: u8) -> Result<AnyView, SplitLoaderError> {
            Ok(match page {
                $($n => $view.into_any(),)+
                _ => view! { <NotFoundPage/> }.into_any(),
            })
        }

        #[cfg(not(feature = "split"))]
        async fn $load(page: u8) -> Result<AnyView, SplitLoaderError> {
            Ok(match page {
                $($n => $view.into_any(),)+
                _ => view! { <NotFoundPage/> }.into_any(),
            })
        }
    };
}

/// A route showing page `$n` of a [`page_group!`]. A group that cannot be fetched (offline, a
/// deploy replaced it) shows [`PageLoadFailed`] instead of stopping the app; the loader
/// remembers only successes, so the next visit retries.
macro_rules! lazy_page {
    ($route:ident, $load:ident, $n:literal) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                match $load($n).await {
                    Ok(page) => page,
                    Err(_) => view! { <PageLoadFailed/> }.into_any(),
                }
            }
        }
    };
}

page_group!(sign_in_pages { 0 => view! { <SignInPage/> } });
page_group!(home_pages { 0 => view! { <HomePage/> } });
page_group!(library_pages {
    0 => view! { <LibraryPage/> },
    1 => view! { <AssetPage/> },
});
page_group!(deal_pages {
    0 => view! { <DealsPage/> },
    1 => view! { <RegisterDealPage/> },
    2 => view! { <RegistrationPage/> },
    3 => view! { <ApprovalsPage/> },
});
page_group!(pipeline_pages { 0 => view! { <PipelinePage/> } });
page_group!(manage_pages {
    0 => view! { <ContentPage/> },
    1 => view! { <AssetEditorPage/> },
    2 => view! { <SectionPage route=AppRoute::Partners/> },
    3 => view! { <StyleGuidePage/> },
    4 => view! { <EmbedPage/> },
});

lazy_page!(SignInRoute, sign_in_pages, 0);
lazy_page!(HomeRoute, home_pages, 0);
lazy_page!(LibraryRoute, library_pages, 0);
lazy_page!(AssetRoute, library_pages, 1);
lazy_page!(DealsRoute, deal_pages, 0);
lazy_page!(NewDealRoute, deal_pages, 1);
lazy_page!(RegistrationRoute, deal_pages, 2);
lazy_page!(ApprovalsRoute, deal_pages, 3);
lazy_page!(PipelineRoute, pipeline_pages, 0);
lazy_page!(ContentRoute, manage_pages, 0);
lazy_page!(AssetEditorRoute, manage_pages, 1);
lazy_page!(PartnersRoute, manage_pages, 2);
lazy_page!(StyleGuideRoute, manage_pages, 3);
lazy_page!(EmbedRoute, manage_pages, 4);

/// Whether the router is between pages (for state that must not write the URL meanwhile).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// A thin bar at the top while the next page loads, shown only when loading takes a moment
/// (query-only changes, like typing in the library, finish before it appears).
#[component]
fn PageLoading(routing: ReadSignal<bool>) -> impl IntoView {
    let visible = RwSignal::new(false);
    Effect::new(move |_| {
        if routing.get() {
            set_timeout(
                move || {
                    if routing.get_untracked() {
                        visible.set(true);
                    }
                },
                std::time::Duration::from_millis(200),
            );
        } else {
            visible.set(false);
        }
    });
    view! {
        <div class="page-loading" role="status" hidden=move || !visible.get()>
            <span class="visually-hidden">{move || visible.get().then(|| i18n::t("Loading the page…"))}</span>
        </div>
    }
}

/// Shown when a page's code could not be fetched.
#[component]
fn PageLoadFailed() -> impl IntoView {
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <section class="page page--narrow" aria-labelledby="load-failed-title">
            <h1 id="load-failed-title">{i18n::t("This page could not be loaded")}</h1>
            <p role="alert">{i18n::t("Check your connection, then try again.")}</p>
            <button type="button" class="button" on:click=reload>{i18n::t("Try again")}</button>
        </section>
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let session = provide_session();
    // The UI language; switching it redraws the app (the URL, session and drafts stay).
    let locale = RwSignal::new(i18n::initial());
    i18n::apply(locale.get_untracked());
    provide_context(i18n::LocaleSignal(locale));

    // Designers theme each tier in CSS under `html[data-tier=...]`; no tier name or colour
    // lives in Rust beyond this attribute.
    Effect::new(move |_| {
        let tier = session.me().and_then(|me| me.tier());
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = match tier {
                Some(t) => root.set_attribute("data-tier", t.as_str()),
                None => root.remove_attribute("data-tier"),
            };
        }
    });

    // True while the router loads the next page (its code chunk, on first visit).
    let (routing, set_routing) = signal(false);
    provide_context(Routing(routing));

    move || {
        i18n::apply(locale.get());
        view! {
        <Router set_is_routing=set_routing>
            <PageLoading routing/>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=AppRoute::SignIn.matcher() view={Lazy::<SignInRoute>::new()}/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=AppRoute::Home.matcher() view={Lazy::<HomeRoute>::new()}/>
                    <Route path=AppRoute::Library.matcher() view={Lazy::<LibraryRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Library.segments()[0]), ParamSegment("id")) view={Lazy::<AssetRoute>::new()}/>
                    <Route path=AppRoute::Deals.matcher() view={Lazy::<DealsRoute>::new()}/>
                    <Route path=AppRoute::NewDeal.matcher() view={Lazy::<NewDealRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Deals.segments()[0]), ParamSegment("id")) view={Lazy::<RegistrationRoute>::new()}/>
                    <Route path=AppRoute::Pipeline.matcher() view={Lazy::<PipelineRoute>::new()}/>
                    <Route path=AppRoute::Approvals.matcher() view={Lazy::<ApprovalsRoute>::new()}/>
                    <Route path=AppRoute::Content.matcher() view={Lazy::<ContentRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Content.segments()[0]), StaticSegment(AppRoute::Content.segments()[1]), ParamSegment("id")) view={Lazy::<AssetEditorRoute>::new()}/>
                    <Route path=AppRoute::Partners.matcher() view={Lazy::<PartnersRoute>::new()}/>
                    <Route path=AppRoute::StyleGuide.matcher() view={Lazy::<StyleGuideRoute>::new()}/>
                    <Route path=AppRoute::Embed.matcher() view={Lazy::<EmbedRoute>::new()}/>
                    <Route path=path!("/*any") view=NotFoundPage/>
                </ParentRoute>
            </Routes>
        </Router>
        }
    }
}
