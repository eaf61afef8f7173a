//! The user menu in the header: who is signed in, their role, the language, and sign-out.

use super::LanguageSelect;
use crate::api;
use crate::i18n::t;
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::views::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// A disclosure button showing the user's name; it opens a panel with their details and a
/// language switch and a "Sign out" button. Escape closes it and returns the focus to the button.
#[component]
pub fn UserMenu(
    /// The signed-in user.
    me: Me,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let signing_out = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let session = use_session();
    let navigate = use_navigate();

    let sign_out = move |_| {
        signing_out.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::sign_out().await {
                Ok(()) => {
                    session.signed_out();
                    navigate(AppRoute::SignIn.path(), Default::default());
                }
                Err(e) => error.set(Some(e.message())),
            }
            signing_out.set(false);
        });
    };
    let initials: String = me
        .user
        .name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    let partner_line = me.partner.as_ref().map(|p| p.name.clone());

    view! {
        <div
            class="user-menu"
            on:keydown=move |ev| {
                // Escape closes the panel and gives the focus back to the button that opened it
                // (it would otherwise fall to the page's body with the hidden panel).
                if ev.key() == "Escape" && open.get_untracked() {
                    open.set(false);
                    if let Some(b) = button.get_untracked() {
                        let _ = b.focus();
                    }
                }
            }
        >
            <button
                type="button"
                class="user-menu__button"
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-controls="user-menu-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="avatar" aria-hidden="true">{initials}</span>
                <span class="user-menu__name">{me.user.name.clone()}</span>
                <span class="visually-hidden">{t("user_menu.account_menu")}</span>
            </button>
            <div id="user-menu-panel" class="user-menu__panel" hidden=move || !open.get()>
                <p class="user-menu__who">
                    <strong>{me.user.name.clone()}</strong>
                    <span>{me.user.email.clone()}</span>
                    <span>{labels::role(me.user.role)}</span>
                    {partner_line.map(|p| view! { <span>{p}</span> })}
                </p>
                <LanguageSelect id="language-menu"/>
                <button
                    type="button"
                    class="button button--secondary"
                    disabled=move || signing_out.get()
                    on:click=sign_out
                >
                    {move || if signing_out.get() { t("user_menu.signing_out") } else { t("user_menu.sign_out") }}
                </button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
        </div>
    }
}
