//! The enablement library: search as you type over the assets the partner's tier may see, with
//! facets, highlighted matches and sorting; and one asset's page. The search engine is the
//! domain crate's, run here in the browser over an index built in slices (never blocking input)
//! and cached (see `library_cache`), so the library opens at once next time and works offline.

use crate::api;
use crate::components::{ApiErrorPanel, Fetched, Loading, set_title};
use crate::format;
use crate::i18n::{t, tf, tn, tnf};
use crate::labels;
use crate::library_cache::{self, Freshness, Load, load_library};
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::url_state::url_state;
use domain::Motion;
use domain::library::Kind;
use domain::library::{
    Asset, AssetDetail, Facet, Library, LibraryQuery, LibraryResults, LibrarySort, highlight,
    snippet,
};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// Results drawn at first; "Show more" adds this many again.
const PAGE: usize = 30;
/// Characters of body text shown under each result.
const SNIPPET: usize = 180;

/// `/library`: search and browse the enablement library.
#[component]
pub fn LibraryPage() -> impl IntoView {
    set_title(AppRoute::Library.label());
    let session = use_session();
    let user_id = session.me().map_or(0, |m| m.user.id);
    let load = RwSignal::new(Load::Working(None));
    let freshness = RwSignal::new(Freshness::Checking);
    load_library(user_id, load, freshness);

    view! {
        <section class="page library">
            <h1>{t("common.library")}</h1>
            {move || match load.get() {
                Load::Working(progress) => {
                    let label = match progress {
                        Some((n, total)) => tf("library.indexing_the_library_of", &[("n", &n), ("total", &total)]),
                        None => t("common.loading_the_library").to_owned(),
                    };
                    view! { <Loading label/> }.into_any()
                }
                Load::Failed(error) => view! {
                    <ApiErrorPanel error on_retry=Callback::new(move |_| {
                        load.set(Load::Working(None));
                        load_library(user_id, load, freshness);
                    })/>
                }
                .into_any(),
                Load::Ready(loaded) => view! {
                    <OfflineNotice freshness/>
                    <LibrarySearch library=loaded.library/>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn OfflineNotice(freshness: RwSignal<Freshness>) -> impl IntoView {
    move || match freshness.get() {
        Freshness::Saved(at) => {
            let when = domain::date::format_date_time((at / 1000.0) as i64);
            Some(view! {
                <p class="notice" role="status">
                    {tf("library.you_are_offline_or_the_server", &[("when", &when)])}
                </p>
            })
        }
        _ => None,
    }
}

/// The search box, facets and results over a built library.
#[component]
fn LibrarySearch(library: Arc<Library>) -> impl IntoView {
    let library = StoredValue::new(library);
    let (state, update) = url_state(
        AppRoute::Library.path(),
        |m| LibraryQuery::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))),
        LibraryQuery::to_pairs,
    );
    let shown = RwSignal::new(PAGE);
    // A new query starts from the first page of results.
    Effect::new(move |_| {
        state.track();
        shown.set(PAGE);
    });
    let results = Memo::new(move |_| {
        let q = state.get();
        let limit = shown.get();
        library.with_value(|l| l.run(&q, limit))
    });
    let total_assets = library.with_value(|l| l.assets().len());

    // "/" focuses the search box from anywhere on the page (not while typing elsewhere).
    let input = NodeRef::<html::Input>::new();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.has_attribute("contenteditable")
            });
        if !typing && let Some(i) = input.get() {
            ev.prevent_default();
            let _ = i.focus();
        }
    });
    on_cleanup(move || handle.remove());
    // Arrow down from the search box moves into the results.
    let list = NodeRef::<html::Ol>::new();
    let to_results = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "ArrowDown"
            && let Some(first) = list
                .get()
                .and_then(|l| l.query_selector("a").ok().flatten())
                .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a).ok())
        {
            ev.prevent_default();
            let _ = first.focus();
        }
    };

    let update_text = update.clone();
    let update_sort = update.clone();
    let update_facet = update.clone();
    let update_clear = update.clone();
    let update_suggest = update.clone();
    let clear_filters = Callback::new(move |_: ()| update_clear(&|q| q.clear_filters(), false));
    let use_suggestion = Callback::new(move |s: String| {
        update_suggest(&move |q| q.text = s.clone(), false);
    });
    let toggle = Callback::new(move |(f, v): (Facet, &'static str)| {
        update_facet(&move |q| q.toggle(f, v), false);
    });

    view! {
        <div class="library-search" role="search">
            <label for="library-q" class="library-search__label">{t("library.search_the_library")}</label>
            <div class="library-search__row">
                <input id="library-q" type="search" node_ref=input autocomplete="off" spellcheck="false"
                    placeholder=t("library.plays_case_studies_talk_tracks")
                    aria-describedby="library-hint" aria-controls="library-results"
                    prop:value=move || state.with(|q| q.text.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); update_text(&move |q| q.text = v.clone(), true) }
                    on:keydown=to_results/>
                <label for="library-sort" class="visually-hidden">{t("library.sort")}</label>
                <select id="library-sort" on:change=move |ev| {
                    let newest = event_target_value(&ev) == "newest";
                    update_sort(&move |q| q.sort = if newest { LibrarySort::Newest } else { LibrarySort::Relevance }, false)
                }>
                    <option value="relevance" selected=move || state.with(|q| q.sort == LibrarySort::Relevance)>{t("library.best_match")}</option>
                    <option value="newest" selected=move || state.with(|q| q.sort == LibrarySort::Newest)>{t("library.newest_first")}</option>
                </select>
            </div>
            <p id="library-hint" class="muted small">{t("library.press_to_search_from_anywhere_on")}</p>
        </div>
        <div class="library-layout">
            <Facets state results toggle clear_filters/>
            <div class="library-results">
                <ResultsStatus state results total_assets/>
                <ol id="library-results" class="asset-list" node_ref=list>
                    <For each=move || results.with(|r| r.hits.clone()) key=|i| *i let:i>
                        <ResultItem asset=library.with_value(|l| l.assets()[i as usize].clone()) results/>
                    </For>
                </ol>
                {move || {
                    let (n, total) = results.with(|r| (r.hits.len(), r.total));
                    (n < total).then(|| view! {
                        <button type="button" class="button button--secondary" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {tf("library.show_more_of_shown", &[("n", &n), ("total", &total)])}
                        </button>
                    })
                }}
                <NoResults state results clear_filters use_suggestion total_assets/>
            </div>
        </div>
    }
}

#[component]
fn ResultsStatus(
    state: RwSignal<LibraryQuery>,
    results: Memo<LibraryResults>,
    total_assets: usize,
) -> impl IntoView {
    view! {
        <p class="library-count" role="status" aria-live="polite">
            {move || {
                let total = results.with(|r| r.total);
                let text = state.with(|q| q.text.trim().to_owned());
                if text.is_empty() {
                    if state.with(LibraryQuery::has_filters) {
                        // The noun agrees with the library's size: "1 of 3 assets".
                        tf("library.of_assets", &[("n", &total), ("total", &total_assets)])
                    } else {
                        tn("library.assets", total as i64)
                    }
                } else {
                    tnf("library.assets_for", total as i64, &[("text", &text)])
                }
            }}
        </p>
    }
}

/// Helpful empty states: an empty library, or no results with a suggestion and a way out.
#[component]
fn NoResults(
    state: RwSignal<LibraryQuery>,
    results: Memo<LibraryResults>,
    clear_filters: Callback<()>,
    use_suggestion: Callback<String>,
    total_assets: usize,
) -> impl IntoView {
    move || {
        if total_assets == 0 {
            return Some(
                view! {
                    <div class="empty-state">
                        <h2>{t("library.the_library_is_empty_for_now")}</h2>
                        <p>{t("library.your_channel_manager_has_not_published")}</p>
                    </div>
                }
                .into_any(),
            );
        }
        if results.with(|r| r.total) > 0 {
            return None;
        }
        let text = state.with(|q| q.text.trim().to_owned());
        let filtered = state.with(LibraryQuery::has_filters);
        let suggestion = results.with(|r| r.suggestion.clone());
        Some(
            view! {
                <div class="empty-state">
                    <h2>{if text.is_empty() { t("library.no_assets_match_these_filters").to_owned() } else { tf("library.no_results_for", &[("text", &text)]) }}</h2>
                    {suggestion.map(|s| {
                        let label = s.clone();
                        view! {
                            <p>{t("library.did_you_mean")}" "
                                <button type="button" class="link-button" on:click=move |_| use_suggestion.run(s.clone())>{label}</button>
                                "?"
                            </p>
                        }
                    })}
                    {filtered.then(|| view! {
                        <p>
                            <button type="button" class="button button--secondary" on:click=move |_| clear_filters.run(())>{t("library.clear_filters")}</button>
                        </p>
                    })}
                    <p class="muted">{t("library.try_fewer_or_shorter_words_the")}</p>
                </div>
            }
            .into_any(),
        )
    }
}

#[component]
fn Facets(
    state: RwSignal<LibraryQuery>,
    results: Memo<LibraryResults>,
    toggle: Callback<(Facet, &'static str)>,
    clear_filters: Callback<()>,
) -> impl IntoView {
    // On a phone the filters start folded so results come first; on wider screens they are open.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w >= 768.0);
    let selected = move || {
        state.with(|q| {
            Facet::ALL
                .iter()
                .map(|f| q.selected(*f).len())
                .sum::<usize>()
        })
    };
    // On a phone the results are below the filters: a button closes them and shows the results.
    let details = NodeRef::<html::Details>::new();
    let show_results = move |_| {
        if let Some(d) = details.get_untracked() {
            d.set_open(false);
        }
        if let Some(list) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("library-results"))
        {
            list.scroll_into_view();
        }
    };
    view! {
        <details class="library-facets" open=wide node_ref=details>
        <summary class="library-facets__toggle">
            {move || match selected() {
                0 => t("library.filters").to_owned(),
                n => tf("library.filters_selected", &[("n", &n)]),
            }}
        </summary>
        <div class="library-facets__groups" role="group" aria-label=t("library.filters")>
            {Facet::ALL.into_iter().map(|f| view! {
                <fieldset class="facet">
                    <legend>{facet_label(f)}</legend>
                    {f.values().into_iter().map(|(value, _)| {
                        let id = format!("facet-{}-{value}", f.key());
                        let checked = move || state.with(|q| q.selected(f).contains(&value));
                        let count = move || results.with(|r| r.count(f, value));
                        view! {
                            <div class="facet__option" class:facet__option--empty=move || count() == 0 && !checked()>
                                <input type="checkbox" id=id.clone() prop:checked=checked
                                    on:change=move |_| toggle.run((f, value))/>
                                <label for=id>{facet_value_label(value)}<span class="facet__count">{count}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            {move || state.with(LibraryQuery::has_filters).then(|| view! {
                <button type="button" class="button button--secondary" on:click=move |_| clear_filters.run(())>{t("library.clear_filters")}</button>
            })}
            {(!wide).then(|| view! {
                <button type="button" class="button button--primary library-facets__show" on:click=show_results>
                    {move || match results.with(|r| r.total) {
                        1 => t("library.show_1_result").to_owned(),
                        n => tf("library.show_results", &[("n", &n)]),
                    }}
                </button>
            })}
        </div>
        </details>
    }
}

/// Text with the query's matched words in `<mark>`.
fn marked(text: &str, terms: &[String]) -> impl IntoView + use<> {
    highlight(text, terms)
        .into_iter()
        .map(|(part, hit)| {
            let part = part.to_owned();
            if hit {
                view! { <mark>{part}</mark> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

pub fn motions_label(motions: &[Motion]) -> String {
    motions
        .iter()
        .map(|m| labels::motion(*m))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn ResultItem(asset: Asset, results: Memo<LibraryResults>) -> impl IntoView {
    let href = AppRoute::asset(asset.id);
    let meta = tf(
        "library.updated",
        &[
            ("kind", &kind_label(asset.kind)),
            ("motions", &motions_label(&asset.motions)),
            ("date", &format::iso_date(&asset.updated)),
        ],
    );
    let title = asset.title.clone();
    let summary = asset.summary.clone();
    let body = asset.body.clone();
    view! {
        <li class="asset-card">
            <a href=href class="asset-card__link">
                <span class="asset-card__title">{move || results.with(|r| marked(&title, &r.terms))}</span>
            </a>
            <p class="asset-card__summary">{move || results.with(|r| marked(&summary, &r.terms))}</p>
            {move || results.with(|r| {
                (!r.terms.is_empty()).then(|| {
                    let s = snippet(&body, &r.terms, SNIPPET);
                    view! { <p class="asset-card__snippet">{marked(&s, &r.terms)}</p> }
                })
            })}
            <p class="asset-card__meta">{meta}</p>
        </li>
    }
}

/// `/library/:id`: one asset, its details and related assets.
#[component]
pub fn AssetPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let session = use_session();
    let user_id = session.me().map_or(0, |m| m.user.id);
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            let Some(id) = id else {
                return Ok(None);
            };
            match api::asset(id).await {
                Ok(d) => Ok(Some(d)),
                // Offline: the saved library still has the asset (without related ones).
                Err(api::Error::Network) => library_cache::in_memory(user_id)
                    .and_then(|l| l.library.assets().iter().find(|a| a.id == id).cloned())
                    .map(|asset| {
                        Some(AssetDetail {
                            asset,
                            related: Vec::new(),
                        })
                    })
                    .ok_or(api::Error::Network),
                Err(e) => Err(e),
            }
        }
    });
    view! {
        <section class="page asset-page">
            <p><a href=AppRoute::Library.path() class="back-link">{format!("← {}", AppRoute::Library.label())}</a></p>
            <Fetched data loading=t("common.loading_the_asset") not_found=AssetNotFound let:detail>
                {match detail {
                    Some(detail) => view! { <AssetView detail/> }.into_any(),
                    None => AssetNotFound().into_any(),
                }}
            </Fetched>
        </section>
    }
}

/// What an asset id that is not there (or not shared with this partner) shows.
#[component]
fn AssetNotFound() -> impl IntoView {
    set_title(t("library.asset_not_found"));
    view! {
        <div class="empty-state">
            <h1>{t("library.asset_not_found")}</h1>
            <p>{t("library.this_asset_does_not_exist_was")}</p>
            <p><a href=AppRoute::Library.path() class="button">{t("library.back_to_the_library")}</a></p>
        </div>
    }
}

#[component]
fn AssetView(detail: AssetDetail) -> impl IntoView {
    let a = detail.asset;
    set_title(&a.title);
    let facts: Vec<(&str, String)> = vec![
        (t("common.kind"), kind_label(a.kind).to_owned()),
        (t("common.motions"), motions_label(&a.motions)),
        (
            t("library.industries"),
            if a.industries.is_empty() {
                t("library.all_industries").to_owned()
            } else {
                a.industries
                    .iter()
                    .map(|i| facet_value_label(i.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            t("common.use_cases"),
            if a.use_cases.is_empty() {
                t("library.general").to_owned()
            } else {
                a.use_cases
                    .iter()
                    .map(|u| facet_value_label(u.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            t("common.for"),
            tf(
                "library.partners_and_above",
                &[("tier", &a.min_tier.label())],
            ),
        ),
        (t("common.updated"), format::iso_date(&a.updated)),
    ];
    let paragraphs: Vec<String> = a
        .body
        .split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    view! {
        <article class="asset">
            <h1>{a.title.clone()}</h1>
            <p class="asset__summary">{a.summary.clone()}</p>
            <dl class="asset__facts">
                {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            <div class="asset__body">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <p><a class="button" href=a.link.clone() target="_blank" rel="noopener noreferrer">{t("library.open_the_file")}<span class="visually-hidden">{t("library.opens_in_a_new_tab")}</span></a></p>
        </article>
        {(!detail.related.is_empty()).then(|| view! {
            <section class="related" aria-labelledby="related-heading">
                <h2 id="related-heading">{t("library.related_assets")}</h2>
                <ul class="asset-list">
                    {detail.related.into_iter().map(|r| view! {
                        <li class="asset-card">
                            <a href=AppRoute::asset(r.id) class="asset-card__link"><span class="asset-card__title">{r.title}</span></a>
                            <p class="asset-card__summary">{r.summary}</p>
                            <p class="asset-card__meta">{kind_label(r.kind)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// A kind's name in the UI language.
pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Play => t("library.play"),
        Kind::CaseStudy => t("library.case_study"),
        Kind::RoiOnePager => t("library.roi_one_pager"),
        Kind::TalkTrack => t("library.talk_track"),
        Kind::Pricing => t("library.pricing_margins"),
        Kind::Explainer => t("library.explainer"),
        Kind::Faq => t("library.faq"),
        Kind::Checklist => t("library.checklist"),
        Kind::Template => t("library.template"),
        Kind::Slide => t("library.slide"),
        Kind::Guide => t("library.guide"),
    }
}

/// A facet's name in the UI language.
pub fn facet_label(f: Facet) -> &'static str {
    match f {
        Facet::Motion => t("common.motion"),
        Facet::UseCase => t("library.use_case"),
        Facet::Industry => t("library.industry"),
        Facet::Kind => t("common.kind"),
    }
}

/// A facet value's name in the UI language (any facet's identifier).
pub fn facet_value_label(id: &str) -> String {
    if let Some(k) = Kind::parse(id) {
        return kind_label(k).to_owned();
    }
    let label = match id {
        "financial_services" => t("library.financial_services"),
        "healthcare" => t("library.healthcare"),
        "manufacturing" => t("library.manufacturing"),
        "retail" => t("library.retail"),
        "public_sector" => t("library.public_sector"),
        "technology" => t("library.technology"),
        "energy" => t("library.energy"),
        "security" => t("library.security"),
        "analytics" => t("library.analytics"),
        "customer_experience" => t("library.customer_experience"),
        "cloud_migration" => t("library.cloud_migration"),
        "automation" => t("library.automation"),
        "compliance" => t("library.compliance"),
        other => {
            return other
                .parse::<Motion>()
                .map_or_else(|_| other.to_owned(), |m| labels::motion(m).to_owned());
        }
    };
    label.to_owned()
}
