//! The signed-in home page: who you are, for which partner, at which tier.

use crate::components::{TierBadge, set_title};
use crate::routes::AppRoute;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// Greets the user and summarises their account and where to go next.
#[component]
pub fn HomePage() -> impl IntoView {
    set_title(AppRoute::Home.label());
    let session = use_session();
    move || {
        session.me().map(|me| {
            let first = me
                .user
                .name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned();
            let account = match me.partner.clone() {
                Some(p) => view! {
                    <dl class="facts">
                        <div><dt>"Partner"</dt><dd>{p.name}</dd></div>
                        <div><dt>"Tier"</dt><dd><TierBadge tier=p.tier/></dd></div>
                        <div><dt>"Your role"</dt><dd>{me.user.role.label()}</dd></div>
                    </dl>
                }
                .into_any(),
                None => view! {
                    <dl class="facts">
                        <div><dt>"Organisation"</dt><dd>"Vendor channel team"</dd></div>
                        <div><dt>"Your role"</dt><dd>{me.user.role.label()}</dd></div>
                    </dl>
                }
                .into_any(),
            };
            let links = AppRoute::navigation(me.user.role)
                .iter()
                .filter(|r| **r != AppRoute::Home)
                .map(|r| view! { <li><A href=r.path()>{r.label()}</A></li> })
                .collect_view();
            view! {
                <section class="page">
                    <h1>{format!("Welcome, {first}")}</h1>
                    <div class="card">
                        <h2>"Your account"</h2>
                        {account}
                    </div>
                    <div class="card">
                        <h2>"Go to"</h2>
                        <ul class="link-list">{links}</ul>
                    </div>
                </section>
            }
        })
    }
}
