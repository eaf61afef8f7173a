//! Page state that lives in the URL's query string (filters, sort, search text). The page
//! answers from local state at once and the URL follows when the person pauses (250 ms), so a
//! keystroke never waits for the router; the URL stays the source on load and on back/forward.

use crate::app::Routing;
use crate::routes::encode_component;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use std::time::Duration;

/// How long the URL waits for the person to pause.
const URL_DELAY: Duration = Duration::from_millis(250);

/// Signal + debounced URL writer for a page at `path` whose state reads from and writes to
/// query pairs. The returned `update(change, replace)` applies `change` at once and schedules
/// the URL; `replace` (typing) rewrites the current history entry, otherwise a new one is pushed
/// (a filter click is a step the back button should undo).
#[allow(clippy::type_complexity)] // the updater's type is spelled once, here
pub fn url_state<Q>(
    path: &'static str,
    from_pairs: fn(&ParamsMap) -> Q,
    to_pairs: fn(&Q) -> Vec<(&'static str, String)>,
) -> (
    RwSignal<Q>,
    impl Fn(&dyn Fn(&mut Q), bool) + Clone + 'static,
)
where
    Q: Clone + PartialEq + Send + Sync + 'static,
{
    let query_map = use_query_map();
    let navigate = use_navigate();
    let state = RwSignal::new(query_map.with_untracked(from_pairs));
    Effect::new(move |_| {
        let from_url = query_map.with(from_pairs);
        if from_url != state.get_untracked() {
            state.set(from_url);
        }
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let replace_only = StoredValue::new(true);
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    let writer = UrlWriter {
        path,
        to_pairs,
        state,
        pending,
        replace_only,
        routing: use_context::<Routing>().map(|r| r.0),
        navigate,
    };
    let update = move |change: &dyn Fn(&mut Q), replace: bool| {
        state.update(|q| change(q));
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        replace_only.update_value(|r| *r = *r && replace);
        writer.clone().arm();
    };
    (state, update)
}

/// Writes the page's state into the URL once the person pauses.
#[derive(Clone)]
struct UrlWriter<Q: Send + Sync + 'static, N> {
    path: &'static str,
    to_pairs: fn(&Q) -> Vec<(&'static str, String)>,
    state: RwSignal<Q>,
    pending: StoredValue<Option<TimeoutHandle>>,
    replace_only: StoredValue<bool>,
    routing: Option<ReadSignal<bool>>,
    navigate: N,
}

impl<Q, N> UrlWriter<Q, N>
where
    Q: Clone + Send + Sync + 'static,
    N: Fn(&str, NavigateOptions) + Clone + 'static,
{
    fn arm(self) {
        let pending = self.pending;
        let handle = set_timeout_with_handle(move || self.write(), URL_DELAY);
        pending.set_value(handle.ok());
    }

    fn write(self) {
        // The person has followed a link and the next page is loading: writing this page's URL
        // now would take them back. Wait; leaving the page cancels the timer (`on_cleanup`).
        if self.routing.is_some_and(|r| r.get_untracked()) {
            self.arm();
            return;
        }
        let qs: Vec<String> = self
            .state
            .with_untracked(self.to_pairs)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_component(&v)))
            .collect();
        let url = if qs.is_empty() {
            self.path.to_owned()
        } else {
            format!("{}?{}", self.path, qs.join("&"))
        };
        let replace = self.replace_only.get_value();
        self.replace_only.set_value(true);
        self.pending.set_value(None);
        (self.navigate)(
            &url,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    }
}
