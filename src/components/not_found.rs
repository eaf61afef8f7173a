//! What a record page shows when its id is not there, or not the reader's to see (the server
//! answers both alike, 404): the page's own heading and explanation, as the document title too.

use super::set_title;
use leptos::prelude::*;

/// "Registration not found" and why, for a record page's 404.
#[component]
pub fn RecordNotFound(
    /// The heading and document title, from the catalog.
    title: &'static str,
    /// One sentence on what may have happened, from the catalog.
    explained: &'static str,
) -> impl IntoView {
    set_title(title);
    view! {
        <h1>{title}</h1>
        <p>{explained}</p>
    }
}
