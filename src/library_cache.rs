//! The partner's library, kept so it opens at once on the next visit and keeps working offline:
//! the built index in memory for the life of the page, the documents (with their ETag) in
//! localStorage across visits. Each visit revalidates with `If-None-Match`, so an unchanged
//! library costs one empty 304. The copy belongs to one user; signing out forgets it.
//! [`load_library`] is the state machine the library page watches: memory, else the saved copy,
//! else the server; then revalidation, with [`Freshness`] saying whether what is shown is current.

use crate::api::{self, LibraryFetch};
use domain::library::{Library, LibraryBuilder, LibraryPayload};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::Arc;

const PREFIX: &str = "portico.library.";
/// Assets indexed per slice before the work yields to the browser when a slice runs long.
const SLICE_BUDGET_MS: f64 = 8.0;

/// A library as stored between visits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub etag: Option<String>,
    /// When it was fetched (milliseconds since the epoch).
    pub saved_at: f64,
    pub payload: LibraryPayload,
}

/// The library in memory: whose, which version, the built index.
#[derive(Clone)]
pub struct Loaded {
    pub user_id: i64,
    pub etag: Option<String>,
    pub saved_at: f64,
    pub library: Arc<Library>,
}

thread_local! {
    static MEMORY: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(user_id: i64) -> String {
    format!("{PREFIX}{user_id}")
}

/// The library already built in this page for `user_id`.
pub fn in_memory(user_id: i64) -> Option<Loaded> {
    MEMORY.with(|m| m.borrow().clone().filter(|l| l.user_id == user_id))
}

pub fn remember(loaded: Loaded) {
    MEMORY.with(|m| *m.borrow_mut() = Some(loaded));
}

/// The copy saved by an earlier visit.
pub fn stored(user_id: i64) -> Option<Stored> {
    let text = storage()?.get_item(&key(user_id)).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Saves a copy for the next visit; a full or refused storage only costs that speed-up.
pub fn store(user_id: i64, stored: &Stored) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(stored))
        && s.set_item(&key(user_id), &text).is_err()
    {
        let _ = s.remove_item(&key(user_id));
    }
}

/// Forgets every saved library and the one in memory (on sign-out).
pub fn forget_all() {
    MEMORY.with(|m| *m.borrow_mut() = None);
    if let Some(s) = storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(now_ms, |p| p.now())
}

/// Lets the browser handle input and paint before the next slice of work.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Builds the search index in slices of about [`SLICE_BUDGET_MS`], yielding to the browser
/// between them, so typing and scrolling stay responsive however large the library is.
pub async fn build(payload: LibraryPayload, progress: impl Fn(usize, usize)) -> Library {
    let mut builder = LibraryBuilder::new(payload.assets);
    loop {
        let start = performance_now();
        let mut done = false;
        while !done && performance_now() - start < SLICE_BUDGET_MS {
            done = builder.step(64);
        }
        if done {
            break;
        }
        let (n, total) = builder.progress();
        progress(n, total);
        yield_to_browser().await;
    }
    builder.finish()
}

/// Where the library stands.
#[derive(Clone)]
pub enum Load {
    /// Fetching or indexing; `(done, total)` while indexing.
    Working(Option<(usize, usize)>),
    Ready(Loaded),
    Failed(api::Error),
}

/// Whether the copy shown could not be checked with the server.
#[derive(Clone, Copy, PartialEq)]
pub enum Freshness {
    Checking,
    Current,
    /// Offline (or the server failed): showing the copy saved at this time (ms since epoch).
    Saved(f64),
}

/// Loads the library: from memory at once, else from the copy saved last visit, else from the
/// server; then revalidates with the server and swaps in a newer library when there is one.
pub fn load_library(user_id: i64, load: RwSignal<Load>, freshness: RwSignal<Freshness>) {
    spawn_local(async move {
        let mut etag = None;
        let mut saved_at = 0.0;
        if let Some(loaded) = in_memory(user_id) {
            etag = loaded.etag.clone();
            saved_at = loaded.saved_at;
            load.set(Load::Ready(loaded));
        } else if let Some(stored) = stored(user_id) {
            etag = stored.etag.clone();
            saved_at = stored.saved_at;
            let library = build(stored.payload, |n, t| {
                load.set(Load::Working(Some((n, t))));
            })
            .await;
            let loaded = Loaded {
                user_id,
                etag: stored.etag,
                saved_at,
                library: Arc::new(library),
            };
            remember(loaded.clone());
            load.set(Load::Ready(loaded));
        }
        let had_copy = etag.is_some() || saved_at > 0.0;
        freshness.set(Freshness::Checking);
        match api::library(etag.as_deref()).await {
            Ok(LibraryFetch::NotModified) => freshness.set(Freshness::Current),
            Ok(LibraryFetch::Fresh(payload, tag)) => {
                let stored = Stored {
                    etag: tag.clone(),
                    saved_at: now_ms(),
                    payload: payload.clone(),
                };
                store(user_id, &stored);
                let library = build(payload, |n, t| {
                    if !had_copy {
                        load.set(Load::Working(Some((n, t))));
                    }
                })
                .await;
                let loaded = Loaded {
                    user_id,
                    etag: tag,
                    saved_at: stored.saved_at,
                    library: Arc::new(library),
                };
                remember(loaded.clone());
                load.set(Load::Ready(loaded));
                freshness.set(Freshness::Current);
            }
            Err(e) if had_copy && !e.is_unauthenticated() => {
                freshness.set(Freshness::Saved(saved_at));
            }
            Err(e) => load.set(Load::Failed(e)),
        }
    });
}
