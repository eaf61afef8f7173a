//! The sign-in page: e-mail and password, validated as you leave each field (with the domain
//! crate's rules, the same the server applies) and again on submit. The language can be chosen
//! here too, before signing in.

use crate::api;
use crate::components::{LanguageSelect, Mounted, set_title};
use crate::i18n::{field_msg, t};
use crate::routes::AppRoute;
use crate::session::{SessionState, use_session};
use domain::views::SignInRequest;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The sign-in form. On success it goes to `?next=` (a local path) or home.
#[component]
pub fn SignInPage() -> impl IntoView {
    set_title(AppRoute::SignIn.label());
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let email_ref = NodeRef::<html::Input>::new();
    let password_ref = NodeRef::<html::Input>::new();

    // Already signed in (e.g. opened /sign-in in a second tab): go on.
    let go_next = {
        let navigate = navigate.clone();
        move || {
            let next = AppRoute::safe_next(query.get_untracked().get("next").as_deref());
            navigate(
                &next,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    };
    {
        let go_next = go_next.clone();
        Effect::new(move |_| {
            if matches!(session.state.get(), SessionState::SignedIn(_)) {
                go_next();
            }
        });
    }

    let request = move || SignInRequest {
        email: email.get_untracked(),
        password: password.get_untracked(),
    };
    let check_field = move |name: &str| {
        let errors = request().validate().err().unwrap_or_default();
        match name {
            "email" => email_error.set(errors.get("email").map(|m| field_msg("email", m))),
            _ => password_error.set(errors.get("password").map(|m| field_msg("password", m))),
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let req = request();
        if let Err(errors) = req.validate() {
            email_error.set(errors.get("email").map(|m| field_msg("email", m)));
            password_error.set(errors.get("password").map(|m| field_msg("password", m)));
            let first = if errors.contains_key("email") {
                email_ref
            } else {
                password_ref
            };
            if let Some(input) = first.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        pending.set(true);
        spawn_local(async move {
            match api::sign_in(&req).await {
                Ok(me) => session.signed_in(me),
                Err(e) => {
                    email_error.set(e.field("email"));
                    password_error.set(e.field("password"));
                    form_error.set(Some(e.message()));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <main id="main" class="sign-in">
            <div class="sign-in__card">
                <p class="brand brand--large">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    "Portico"
                </p>
                <h1>{t("sign_in.sign_in_to_your_partner_portal")}</h1>
                <form on:submit=on_submit novalidate>
                    {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <div class="field">
                        <label for="email">{t("common.e_mail")}</label>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            inputmode="email"
                            spellcheck="false"
                            node_ref=email_ref
                            bind:value=email
                            aria-invalid=move || email_error.get().is_some().to_string()
                            aria-describedby=move || email_error.get().map(|_| "email-error")
                            on:blur={ let mounted = Mounted::new(); move |_| mounted.defer(move || check_field("email")) }
                        />
                        {move || email_error.get().map(|e| view! { <p id="email-error" class="field-error">{e}</p> })}
                    </div>
                    <div class="field">
                        <label for="password">{t("sign_in.password")}</label>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            node_ref=password_ref
                            bind:value=password
                            aria-invalid=move || password_error.get().is_some().to_string()
                            aria-describedby=move || password_error.get().map(|_| "password-error")
                            on:blur={ let mounted = Mounted::new(); move |_| mounted.defer(move || check_field("password")) }
                        />
                        {move || password_error.get().map(|e| view! { <p id="password-error" class="field-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button button--primary button--wide" disabled=move || pending.get()>
                        {move || if pending.get() { t("sign_in.signing_in") } else { t("common.sign_in") }}
                    </button>
                </form>
                <LanguageSelect/>
            </div>
        </main>
    }
}
