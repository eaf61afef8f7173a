//! The root component: session, language, router, and the `<html data-tier>` theme switch.

use crate::components::Shell;
use crate::i18n;
use crate::pages::{
    ApprovalsPage, AssetEditorPage, AssetPage, CommissionsPage, ContentPage, EmbedPage, HomePage,
    LibraryPage, ManageCommissionsPage, NewRegistrationPage, NotFoundPage, PartnerPage,
    PartnersPage, PipelinePage, RegistrationPage, RegistrationsPage, SignInPage, StatementPage,
    StyleGuidePage,
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
    ($load:ident: $group:ident { $($page:ident => $view:expr),+ $(,)? }) => {
        /// The pages of this group, by name (the split point's argument).
        #[derive(Clone, Copy)]
        #[repr(u8)]
        enum $group {
            $($page),+
        }

        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($load, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $load(page: $group) -> Result<AnyView, SplitLoaderError> {
            Ok(match page {
                $($group::$page => $view.into_any(),)+
            })
        }

        #[cfg(not(feature = "split"))]
        async fn $load(page: $group) -> Result<AnyView, SplitLoaderError> {
            Ok(match page {
                $($group::$page => $view.into_any(),)+
            })
        }
    };
}

/// A route showing one page of a [`page_group!`], named by its group's enum. A group that
/// cannot be fetched (offline, a deploy replaced it) shows [`PageLoadFailed`] instead of
/// stopping the app; the loader remembers only successes, so the next visit retries.
macro_rules! lazy_page {
    ($route:ident, $load:ident, $page:expr) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                match $load($page).await {
                    Ok(page) => page,
                    Err(_) => view! { <PageLoadFailed/> }.into_any(),
                }
            }
        }
    };
}

page_group!(sign_in_pages: SignInPages { SignIn => view! { <SignInPage/> } });
page_group!(home_pages: HomePages { Home => view! { <HomePage/> } });
page_group!(library_pages: LibraryPages {
    Library => view! { <LibraryPage/> },
    Asset => view! { <AssetPage/> },
});
page_group!(registration_pages: RegistrationPages {
    Registrations => view! { <RegistrationsPage/> },
    NewRegistration => view! { <NewRegistrationPage/> },
    Registration => view! { <RegistrationPage/> },
    Approvals => view! { <ApprovalsPage/> },
});
page_group!(pipeline_pages: PipelinePages { Pipeline => view! { <PipelinePage/> } });
// Both roles' commission pages: they share the lines table and the statement view, and each role
// moves between its list and a statement; the managers' queue is small beside what it shares.
page_group!(commission_pages: CommissionPages {
    Commissions => view! { <CommissionsPage/> },
    Statement => view! { <StatementPage/> },
    ManageCommissions => view! { <ManageCommissionsPage/> },
    ManageStatement => view! { <StatementPage manager=true/> },
});
page_group!(manage_pages: ManagePages {
    Content => view! { <ContentPage/> },
    AssetEditor => view! { <AssetEditorPage/> },
    Partners => view! { <PartnersPage/> },
    Partner => view! { <PartnerPage/> },
    StyleGuide => view! { <StyleGuidePage/> },
    Embed => view! { <EmbedPage/> },
});

lazy_page!(SignInRoute, sign_in_pages, SignInPages::SignIn);
lazy_page!(HomeRoute, home_pages, HomePages::Home);
lazy_page!(LibraryRoute, library_pages, LibraryPages::Library);
lazy_page!(AssetRoute, library_pages, LibraryPages::Asset);
lazy_page!(
    RegistrationsRoute,
    registration_pages,
    RegistrationPages::Registrations
);
lazy_page!(
    NewRegistrationRoute,
    registration_pages,
    RegistrationPages::NewRegistration
);
lazy_page!(
    RegistrationRoute,
    registration_pages,
    RegistrationPages::Registration
);
lazy_page!(
    ApprovalsRoute,
    registration_pages,
    RegistrationPages::Approvals
);
lazy_page!(PipelineRoute, pipeline_pages, PipelinePages::Pipeline);
lazy_page!(
    CommissionsRoute,
    commission_pages,
    CommissionPages::Commissions
);
lazy_page!(StatementRoute, commission_pages, CommissionPages::Statement);
lazy_page!(
    ManageCommissionsRoute,
    commission_pages,
    CommissionPages::ManageCommissions
);
lazy_page!(
    ManageStatementRoute,
    commission_pages,
    CommissionPages::ManageStatement
);
lazy_page!(ContentRoute, manage_pages, ManagePages::Content);
lazy_page!(AssetEditorRoute, manage_pages, ManagePages::AssetEditor);
lazy_page!(PartnersRoute, manage_pages, ManagePages::Partners);
lazy_page!(PartnerRoute, manage_pages, ManagePages::Partner);
lazy_page!(StyleGuideRoute, manage_pages, ManagePages::StyleGuide);
lazy_page!(EmbedRoute, manage_pages, ManagePages::Embed);

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
            <span class="visually-hidden">{move || visible.get().then(|| i18n::t("app.loading_the_page"))}</span>
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
            <h1 id="load-failed-title">{i18n::t("app.this_page_could_not_be_loaded")}</h1>
            <p role="alert">{i18n::t("app.check_your_connection_then_try_again")}</p>
            <button type="button" class="button" on:click=reload>{i18n::t("common.try_again")}</button>
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
                    <Route path=AppRoute::Registrations.matcher() view={Lazy::<RegistrationsRoute>::new()}/>
                    <Route path=AppRoute::NewRegistration.matcher() view={Lazy::<NewRegistrationRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Registrations.segments()[0]), ParamSegment("id")) view={Lazy::<RegistrationRoute>::new()}/>
                    <Route path=AppRoute::Pipeline.matcher() view={Lazy::<PipelineRoute>::new()}/>
                    <Route path=AppRoute::Commissions.matcher() view={Lazy::<CommissionsRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Commissions.segments()[0]), StaticSegment("statements"), ParamSegment("id")) view={Lazy::<StatementRoute>::new()}/>
                    <Route path=AppRoute::Approvals.matcher() view={Lazy::<ApprovalsRoute>::new()}/>
                    <Route path=AppRoute::ManageCommissions.matcher() view={Lazy::<ManageCommissionsRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::ManageCommissions.segments()[0]), StaticSegment(AppRoute::ManageCommissions.segments()[1]), StaticSegment("statements"), ParamSegment("id")) view={Lazy::<ManageStatementRoute>::new()}/>
                    <Route path=AppRoute::Content.matcher() view={Lazy::<ContentRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Content.segments()[0]), StaticSegment(AppRoute::Content.segments()[1]), ParamSegment("id")) view={Lazy::<AssetEditorRoute>::new()}/>
                    <Route path=AppRoute::Partners.matcher() view={Lazy::<PartnersRoute>::new()}/>
                    <Route path=(StaticSegment(AppRoute::Partners.segments()[0]), StaticSegment(AppRoute::Partners.segments()[1]), ParamSegment("id")) view={Lazy::<PartnerRoute>::new()}/>
                    <Route path=AppRoute::StyleGuide.matcher() view={Lazy::<StyleGuideRoute>::new()}/>
                    <Route path=AppRoute::Embed.matcher() view={Lazy::<EmbedRoute>::new()}/>
                    <Route path=path!("/*any") view=NotFoundPage/>
                </ParentRoute>
            </Routes>
        </Router>
        }
    }
}
