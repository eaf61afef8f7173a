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
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment, path};

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

    let section = |route: AppRoute| move || view! { <SectionPage route/> };
    move || {
        i18n::apply(locale.get());
        view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=AppRoute::SignIn.matcher() view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=AppRoute::Home.matcher() view=HomePage/>
                    <Route path=AppRoute::Library.matcher() view=LibraryPage/>
                    <Route path=(StaticSegment(AppRoute::Library.segments()[0]), ParamSegment("id")) view=AssetPage/>
                    <Route path=AppRoute::Deals.matcher() view=DealsPage/>
                    <Route path=AppRoute::NewDeal.matcher() view=RegisterDealPage/>
                    <Route path=(StaticSegment(AppRoute::Deals.segments()[0]), ParamSegment("id")) view=RegistrationPage/>
                    <Route path=AppRoute::Pipeline.matcher() view=PipelinePage/>
                    <Route path=AppRoute::Approvals.matcher() view=ApprovalsPage/>
                    <Route path=AppRoute::Content.matcher() view=ContentPage/>
                    <Route path=(StaticSegment(AppRoute::Content.segments()[0]), StaticSegment(AppRoute::Content.segments()[1]), ParamSegment("id")) view=AssetEditorPage/>
                    <Route path=AppRoute::Partners.matcher() view=section(AppRoute::Partners)/>
                    <Route path=AppRoute::StyleGuide.matcher() view=StyleGuidePage/>
                    <Route path=AppRoute::Embed.matcher() view=EmbedPage/>
                    <Route path=path!("/*any") view=NotFoundPage/>
                </ParentRoute>
            </Routes>
        </Router>
        }
    }
}
