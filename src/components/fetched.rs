//! One way to show data that is being fetched: a spinner while it loads (the previous answer
//! stays on screen while a refetch runs), the page's view when it arrives, and the error panel
//! with its retry when it fails. Pages write only the happy path:
//!
//! ```ignore
//! <Fetched data loading=t("embed.loading_the_embed_settings") let:settings>
//!     <EmbedSettingsView settings/>
//! </Fetched>
//! ```

use super::{ApiErrorPanel, Loading};
use crate::api;
use leptos::prelude::*;
use std::sync::Arc;

/// Renders `children` with the resource's value once it is there; [`Loading`] until then;
/// [`ApiErrorPanel`] (retry refetches) on failure, or `not_found` when the answer is 404 and the
/// page has its own words for a missing record.
#[component]
pub fn Fetched<T, V, F>(
    /// The request.
    data: LocalResource<Result<T, api::Error>>,
    /// What the loading indicator says, e.g. "Loading your pipeline…".
    loading: &'static str,
    /// Shown instead of the error panel when the record is not there (404).
    #[prop(optional, into)]
    not_found: Option<ViewFn>,
    /// The view of the data.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    view! {
        <Transition fallback=move || view! { <Loading label=loading/> }>
            {move || {
                let children = Arc::clone(&children);
                let not_found = not_found.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) if error.is_not_found() && not_found.is_some() => {
                            not_found.map(|v| v.run()).into_any()
                        }
                        Err(error) => view! {
                            <ApiErrorPanel error on_retry=Callback::new(move |_| data.refetch())/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
    }
}
