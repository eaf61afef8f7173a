//! A loading indicator that screen readers announce politely.

use leptos::prelude::*;

/// A spinner with a label, in a `status` live region.
#[component]
pub fn Loading(
    /// What is being loaded, e.g. "Loading your portal…".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <div class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}
