//! What a failed request shows instead of a blank page: the reason and a way on — a retry when
//! one can help, the way home when it cannot (a page that is not for this role, a record that
//! is not there).

use crate::i18n::t;
use leptos::prelude::*;

/// An alert with the error's message and a "Try again" button.
#[component]
pub fn ErrorPanel(
    /// The readable reason, from `api::Error::message`.
    #[prop(into)]
    message: String,
    /// Called when the person asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <h2>{t("error_panel.something_went_wrong")}</h2>
            <p>{message}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t("common.try_again")}
            </button>
        </div>
    }
}

/// An [`ErrorPanel`] for a failed API call. If the session has ended, it sends the person to
/// sign in (the shell remembers where they were) instead of offering a pointless retry.
#[component]
pub fn ApiErrorPanel(
    /// The failed call's error.
    error: crate::api::Error,
    /// Called when the person asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    if error.is_unauthenticated() {
        crate::session::use_session().signed_out();
    }
    let title = match error.code() {
        Some(domain::ErrorCode::Forbidden) => t("error_panel.not_available_to_you"),
        Some(domain::ErrorCode::NotFound) => t("error_panel.not_found"),
        _ => return view! { <ErrorPanel message=error.message() on_retry/> }.into_any(),
    };
    // Trying again cannot change the answer: offer the way back instead.
    view! {
        <div class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{error.message()}</p>
            <a class="button" href=crate::routes::AppRoute::Home.path()>{t("common.go_to_your_home_page")}</a>
        </div>
    }
    .into_any()
}
