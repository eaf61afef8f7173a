//! "Show more" under a paged list: loads the page after the last one shown and appends it.

use crate::api::{Error, Page};
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// A list that grows a page at a time: what is shown and where the next page is.
pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Send + Sync + 'static> Paged<T> {
    /// Starts from the first page.
    pub fn new(first: Page<T>) -> Self {
        Paged {
            items: RwSignal::new(first.items),
            next: RwSignal::new(first.next),
        }
    }
}

/// The button that loads the next page of `paged` with `fetch` (given the next page's address);
/// absent on the last page. Its state and any error are announced politely.
#[component]
pub fn ShowMore<T, F, Fut>(
    /// The list the button grows.
    paged: Paged<T>,
    /// Loads the page at an address.
    fetch: F,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + 'static,
{
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let more = move |_| {
        let Some(url) = paged.next.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match fetch(url).await {
                Ok(page) => {
                    paged.items.update(|v| v.extend(page.items));
                    paged.next.set(page.next);
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="show-more">
            <p class="field-error" role="status">{move || error.get()}</p>
            {move || paged.next.with(Option::is_some).then(|| view! {
                <button type="button" class="button" on:click=more disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()>
                    {move || if busy.get() { t("show_more.loading_more") } else { t("show_more.show_more") }}
                </button>
            })}
        </div>
    }
}
