//! The shared pipeline. Partners see their deals with the fields the program shares; channel
//! managers see every deal and edit stage, owner, next step and internal fields. Filtering and
//! sorting run in the browser (rules from the domain crate), their state lives in the URL, and
//! only the rows in view are in the DOM, so ten thousand deals stay smooth.

use crate::api;
use crate::components::{ApiErrorPanel, Loading, StatusBadge, set_title};
use crate::format;
use crate::i18n::{field_msg, t, tf};
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::url_state::url_state;
use domain::Motion;
use domain::error::FieldErrors;
use domain::pipeline::{
    DealUpdate, ManagedDeal, PipelineDeal, PipelineQuery, SharedField, SortKey, stage_counts,
    to_csv,
};
use domain::registration::Status;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Height of one table row in pixels (matches `.pipeline-row` in app.css).
const ROW_HEIGHT: f64 = 48.0;
/// Rows rendered above and below the visible window.
const OVERSCAN: usize = 6;

/// `/pipeline`: the partner's or the channel manager's pipeline.
#[component]
pub fn PipelinePage() -> impl IntoView {
    set_title(AppRoute::Pipeline.label());
    let session = use_session();
    let is_partner = session.me().is_some_and(|m| m.user.role.is_partner());
    view! {
        <section class="page">
            <h1>{AppRoute::Pipeline.label()}</h1>
            {if is_partner { view! { <PartnerPipeline/> }.into_any() } else { view! { <ManagerPipeline/> }.into_any() }}
        </section>
    }
}

#[component]
fn PartnerPipeline() -> impl IntoView {
    let data = LocalResource::new(api::pipeline);
    view! {
        <Transition fallback=|| view! { <Loading label=t("pipeline.loading_your_pipeline")/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let shared = view.shared_fields.clone();
                        view! {
                            <p class="muted">
                                {tf("pipeline.fields_shared_with_you", &[("fields", &if shared.is_empty() {
                                    t("pipeline.customer_motion_and_status_only").to_owned()
                                } else {
                                    shared.iter().map(|f| labels::shared_field(*f)).collect::<Vec<_>>().join(", ")
                                })])}
                            </p>
                            <PipelineBoard deals=view.deals shared=shared on_edit=None/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ApiErrorPanel error on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ManagerPipeline() -> impl IntoView {
    let data = LocalResource::new(api::manage_pipeline);
    let editing = RwSignal::new(None::<i64>);
    // "R-… saved." after a save, until the next edit starts.
    let saved_note = RwSignal::new(None::<String>);
    view! {
        <SharedFieldsSetting/>
        {move || saved_note.get().map(|n| view! { <p class="notice notice--success" role="status">{n}</p> })}
        <Transition fallback=|| view! { <Loading label=t("pipeline.loading_the_pipeline")/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(managed) => {
                        let deals: Vec<PipelineDeal> = managed
                            .iter()
                            .map(|m| PipelineDeal { customer: format!("{} · {}", m.deal.customer, m.partner_name), ..m.deal.clone() })
                            .collect();
                        let managed = StoredValue::new(managed);
                        view! {
                            {move || editing.get().and_then(|id| managed.with_value(|all| all.iter().find(|m| m.deal.id == id).cloned())).map(|deal| view! {
                                <DealEditor deal on_close=Callback::new(move |saved: bool| {
                                    let number = editing.get_untracked().and_then(|id| managed.with_value(|all| all.iter().find(|m| m.deal.id == id).map(|m| m.deal.number.clone())));
                                    editing.set(None);
                                    if saved {
                                        saved_note.set(number.map(|n| tf("pipeline.saved", &[("number", &n)])));
                                        data.refetch();
                                    }
                                })/>
                            })}
                            <PipelineBoard deals shared=SharedField::ALL.to_vec() on_edit=Some(Callback::new(move |id| { saved_note.set(None); editing.set(Some(id)); }))/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ApiErrorPanel error on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Channel managers choose which safe pipeline fields partners see.
#[component]
fn SharedFieldsSetting() -> impl IntoView {
    let chosen = RwSignal::new(Vec::<SharedField>::new());
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        match api::shared_fields().await {
            Ok(s) => chosen.set(s.fields),
            Err(e) => status.set(Some(e.message())),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            status.set(Some(
                match api::set_shared_fields(chosen.get_untracked()).await {
                    Ok(_) => t("pipeline.saved_partners_now_see_these_fields").to_owned(),
                    Err(e) => e.message(),
                },
            ));
            busy.set(false);
        });
    };
    view! {
        <details class="card">
            <summary>{t("pipeline.fields_shared_with_partners")}</summary>
            <form on:submit=save>
                <p class="muted">{t("pipeline.customer_motion_and_status_are_always")}</p>
                {SharedField::ALL.into_iter().map(|f| {
                    let id = format!("share-{}", f.as_str());
                    view! {
                        <div class="field field--checkbox">
                            <input id=id.clone() type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&f))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != f); if on { c.push(f); } });
                                }/>
                            <label for=id>{labels::shared_field(f)}</label>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button" disabled=move || busy.get()>{t("pipeline.save_shared_fields")}</button>
                <p role="status">{move || status.get()}</p>
            </form>
        </details>
    }
}

/// A column of the table.
#[derive(Clone, Copy)]
struct Column {
    key: SortKey,
    needs: Option<SharedField>,
    width: &'static str,
}

const COLUMNS: [Column; 8] = [
    Column {
        key: SortKey::Customer,
        needs: None,
        width: "16rem",
    },
    Column {
        key: SortKey::Motion,
        needs: None,
        width: "10rem",
    },
    Column {
        key: SortKey::Stage,
        needs: Some(SharedField::Stage),
        width: "14rem",
    },
    Column {
        key: SortKey::VendorOwner,
        needs: Some(SharedField::VendorOwner),
        width: "9rem",
    },
    Column {
        key: SortKey::NextStep,
        needs: Some(SharedField::NextStep),
        width: "16rem",
    },
    Column {
        key: SortKey::Status,
        needs: None,
        width: "16rem",
    },
    Column {
        key: SortKey::Protection,
        needs: Some(SharedField::Protection),
        width: "18rem",
    },
    Column {
        key: SortKey::LastActivity,
        needs: Some(SharedField::LastActivity),
        width: "11rem",
    },
];

/// A column's heading.
fn column_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Customer => t("common.customer"),
        SortKey::Motion => t("common.motion"),
        SortKey::Stage => t("common.stage"),
        SortKey::VendorOwner => t("common.vendor_owner"),
        SortKey::NextStep => t("common.next_step"),
        SortKey::Status => t("common.status"),
        SortKey::Protection => t("common.protection"),
        SortKey::LastActivity => t("common.last_activity"),
    }
}

/// Filters, stage counts and chart, CSV export and the virtualised table.
#[component]
fn PipelineBoard(
    /// Every deal the caller may see.
    deals: Vec<PipelineDeal>,
    /// Fields shared with the viewer (all of them for channel managers).
    shared: Vec<SharedField>,
    /// Channel managers: called with a deal id to edit it.
    on_edit: Option<Callback<i64>>,
) -> impl IntoView {
    let total = deals.len();
    let deals = StoredValue::new(deals);
    let columns: Vec<Column> = COLUMNS
        .iter()
        .copied()
        .filter(|c| c.needs.is_none_or(|f| shared.contains(&f)))
        .collect();
    let template = {
        let mut t: Vec<&str> = columns.iter().map(|c| c.width).collect();
        if on_edit.is_some() {
            t.push("8rem");
        }
        t.join(" ")
    };
    let shared = StoredValue::new(shared);
    let columns = StoredValue::new(columns);

    // Filters and sort live in the URL (see `url_state`).
    let (state, update) = url_state(
        AppRoute::Pipeline.path(),
        |m| PipelineQuery::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))),
        PipelineQuery::to_pairs,
    );
    let query = Memo::new(move |_| state.get());
    // Sorting runs only when the sort changes; each keystroke filters the sorted order.
    let order = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    let sorted = Memo::new(move |_| {
        let (sort, descending) = order.get();
        let q = PipelineQuery {
            sort,
            descending,
            ..PipelineQuery::default()
        };
        deals.with_value(|d| q.sort_all(d))
    });
    let rows = Memo::new(move |_| {
        let q = query.get();
        sorted.with(|s| deals.with_value(|d| q.filter_sorted(d, s, format::now())))
    });
    let stages: Vec<String> = {
        let mut s: Vec<String> =
            deals.with_value(|d| d.iter().filter_map(|x| x.stage.clone()).collect());
        s.sort_by_key(|x| labels::stage(x));
        s.dedup();
        s
    };
    let export = move |_| {
        let csv = deals.with_value(|d| {
            shared.with_value(|f| to_csv(d, &rows.get_untracked(), f, format::date))
        });
        download("pipeline.csv", &csv);
    };
    let update_a = update.clone();
    let update_b = update.clone();
    let update_c = update.clone();
    let update_d = update.clone();
    let update_e = update.clone();
    let update_sort = update.clone();
    view! {
        <div class="pipeline-filters" role="search">
            <div class="field">
                <label for="pipeline-text">{t("pipeline.filter")}</label>
                <input id="pipeline-text" type="search" placeholder=t("pipeline.customer_number_owner_or_next_step")
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); update_a(&move |q| q.text = v.clone(), true) }/>
            </div>
            <div class="field">
                <label for="pipeline-motion">{t("common.motion")}</label>
                <select id="pipeline-motion" on:change=move |ev| { let v = event_target_value(&ev); update_b(&move |q| q.motion = v.parse().ok(), false) }>
                    <option value="" selected=move || query.with(|q| q.motion.is_none())>{t("pipeline.all_motions")}</option>
                    {Motion::ALL.iter().map(|m| {
                        let m = *m;
                        view! { <option value=m.as_str() selected=move || query.with(|q| q.motion == Some(m))>{labels::motion(m)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {shared.with_value(|s| s.contains(&SharedField::Stage)).then(|| view! {
                <div class="field">
                    <label for="pipeline-stage">{t("common.stage")}</label>
                    <select id="pipeline-stage" on:change=move |ev| { let v = event_target_value(&ev); update_c(&move |q| q.stage = (!v.is_empty()).then(|| v.clone()), false) }>
                        <option value="" selected=move || query.with(|q| q.stage.is_none())>{t("pipeline.all_stages")}</option>
                        {stages.into_iter().map(|s| {
                            let value = s.clone();
                            let label = labels::stage(&s);
                            view! { <option value=s selected=move || query.with(|q| q.stage.as_deref() == Some(value.as_str()))>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="pipeline-status">{t("common.status")}</label>
                <select id="pipeline-status" on:change=move |ev| { let v = event_target_value(&ev); update_d(&move |q| q.status = Status::parse(&v), false) }>
                    <option value="" selected=move || query.with(|q| q.status.is_none())>{t("pipeline.all_statuses")}</option>
                    {Status::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || query.with(|q| q.status == Some(s))>{labels::status(s)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field--checkbox">
                <input id="pipeline-expiring" type="checkbox" prop:checked=move || query.with(|q| q.expiring)
                    on:change=move |ev| { let v = event_target_checked(&ev); update_e(&move |q| q.expiring = v, false) }/>
                <label for="pipeline-expiring">{t("common.protection_expiring_within_7_days")}</label>
            </div>
        </div>
        <div class="pipeline-summary">
            <p role="status">{move || tf("pipeline.of_deals", &[("shown", &format::number(rows.with(Vec::len) as i64)), ("total", &format::number(total as i64))])}</p>
            <button type="button" class="button" on:click=export>{t("pipeline.export_csv")}</button>
        </div>
        <StageChart deals rows/>
        <VirtualTable deals rows columns template query on_sort=Callback::new(move |key: SortKey| {
            update_sort(&move |q| {
                if q.sort == key { q.descending = !q.descending } else { q.sort = key; q.descending = false }
            }, false)
        }) on_edit/>
    }
}

/// Counts per stage as a horizontal SVG bar chart drawn by the app. The bars are laid out once
/// (every stage of every motion in the pipeline); filtering only moves their lengths and labels.
#[component]
fn StageChart(deals: StoredValue<Vec<PipelineDeal>>, rows: Memo<Vec<usize>>) -> impl IntoView {
    let layout: Vec<(Motion, &'static str)> = deals.with_value(|d| {
        let all: Vec<usize> = (0..d.len()).collect();
        stage_counts(d, &all)
            .into_iter()
            .map(|(m, s, _)| (m, s))
            .collect()
    });
    if layout.is_empty() {
        return ().into_any();
    }
    let slots = StoredValue::new(layout.clone());
    // Counts aligned with the layout (motions missing from the filtered rows count zero).
    let counts = Memo::new(move |_| {
        let found = deals.with_value(|d| rows.with(|r| stage_counts(d, r)));
        slots.with_value(|l| {
            l.iter()
                .map(|(m, s)| {
                    found
                        .iter()
                        .find(|(fm, fs, _)| fm == m && fs == s)
                        .map_or(0, |x| x.2)
                })
                .collect::<Vec<usize>>()
        })
    });
    let count_at = move |i: usize| counts.with(|c| c.get(i).copied().unwrap_or(0));
    let max =
        Memo::new(move |_| counts.with(|c| c.iter().copied().max().unwrap_or(0).max(1)) as f64);
    let bar_h = 22.0;
    let height = layout.len() as f64 * (bar_h + 6.0);
    let label = move || {
        slots.with_value(|l| {
            l.iter()
                .enumerate()
                .map(|(i, (m, s))| {
                    format!(
                        "{} · {}: {}",
                        labels::motion(*m),
                        labels::stage(s),
                        count_at(i)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    view! {
        <details class="stage-chart" open>
            <summary>{t("common.deals_by_stage")}</summary>
            <svg viewBox=format!("0 0 640 {height}") role="img" aria-label=move || tf("common.deals_by_stage_2", &[("summary", &label())])>
                {layout.into_iter().enumerate().map(|(i, (motion, stage))| {
                    let y = i as f64 * (bar_h + 6.0);
                    let width = move || (count_at(i) as f64 / max.get()) * 300.0;
                    view! {
                        <g>
                            <text x="0" y=y + 15.0 class="stage-chart__label">{format!("{} · {}", labels::motion(motion), labels::stage(stage))}</text>
                            <rect x="300" y=y width=move || width().max(1.0) height=bar_h rx="3" class="stage-chart__bar"/>
                            <text x=move || 306.0 + width() y=y + 15.0 class="stage-chart__count">{move || count_at(i)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </details>
    }
    .into_any()
}

/// The table: a sticky header and only the rows in (or near) the viewport in the DOM.
#[component]
fn VirtualTable(
    deals: StoredValue<Vec<PipelineDeal>>,
    rows: Memo<Vec<usize>>,
    columns: StoredValue<Vec<Column>>,
    template: String,
    query: Memo<PipelineQuery>,
    on_sort: Callback<SortKey>,
    on_edit: Option<Callback<i64>>,
) -> impl IntoView {
    let scroller = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(480.0);
    // Measure the scroller once it is laid out (and again on window resizes).
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let h = f64::from(el.client_height());
            if h > 0.0 {
                viewport.set(h);
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let window = Memo::new(move |_| {
        let n = rows.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let last =
            (((scroll_top.get() + viewport.get()) / ROW_HEIGHT).ceil() as usize + OVERSCAN).min(n);
        (first.min(last), last)
    });
    let visible = move || {
        let (a, b) = window.get();
        rows.with(|r| {
            r[a..b]
                .iter()
                .enumerate()
                .map(|(k, &i)| (a + k, i))
                .collect::<Vec<_>>()
        })
    };
    let edit_header = on_edit.is_some();
    view! {
        <div class="pipeline-table" role="table" aria-label=t("common.deals") aria-rowcount=move || rows.with(Vec::len) + 1
            style:--pipeline-columns=template>
            <div class="pipeline-scroll" node_ref=scroller on:scroll=move |ev| {
                let el: web_sys::Element = event_target(&ev);
                scroll_top.set(f64::from(el.scroll_top()));
            }>
                <div class="pipeline-row pipeline-row--head" role="row" aria-rowindex="1">
                    {move || columns.with_value(|cols| cols.iter().map(|c| {
                        let key = c.key;
                        let sort = move || query.with(|q| if q.sort == key { if q.descending { "descending" } else { "ascending" } } else { "none" });
                        view! {
                            <div role="columnheader" aria-sort=sort>
                                <button type="button" class="sort-button" on:click=move |_| on_sort.run(key)>
                                    {column_label(c.key)}
                                    <span aria-hidden="true">{move || match sort() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                                </button>
                            </div>
                        }
                    }).collect_view())}
                    {edit_header.then(|| view! { <div role="columnheader"><span class="visually-hidden">{t("common.actions")}</span></div> })}
                </div>
                <div class="pipeline-body" role="rowgroup" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_HEIGHT)>
                    <For each=visible key=|(pos, i)| (*pos, *i) let:item>
                        {
                            let (pos, i) = item;
                            let deal = deals.with_value(|d| d[i].clone());
                            view! { <DealRow deal pos columns on_edit/> }
                        }
                    </For>
                </div>
            </div>
            {move || rows.with(Vec::is_empty).then(|| view! {
                <p class="empty-state">{t("pipeline.no_deals_match_these_filters")}</p>
            })}
        </div>
    }
}

#[component]
fn DealRow(
    deal: PipelineDeal,
    pos: usize,
    columns: StoredValue<Vec<Column>>,
    on_edit: Option<Callback<i64>>,
) -> impl IntoView {
    let now = format::now();
    let id = deal.id;
    let number = deal.number.clone();
    let cells = columns.with_value(|cols| {
        cols.iter()
            .map(|c| {
                let content = match c.key {
                    SortKey::Customer => {
                        // A plain link: the router still handles the click, without a
                        // per-row location subscription for aria-current.
                        let name = deal.customer.clone();
                        // Registered through the form on the partner's own website.
                        let website = (deal.source == "embed").then(|| {
                            view! { <span class="source-badge">{t("pipeline.website_form")}</span> }
                        });
                        view! { <a href=AppRoute::deal(deal.id)>{name}</a>{website} }.into_any()
                    }
                    SortKey::Motion => labels::motion(deal.motion).into_any(),
                    SortKey::Stage => deal.stage.as_deref().map_or_else(|| "—".into(), labels::stage).into_any(),
                    SortKey::VendorOwner => deal.vendor_owner.clone().unwrap_or_else(|| "—".into()).into_any(),
                    SortKey::NextStep => deal.next_step.clone().unwrap_or_else(|| "—".into()).into_any(),
                    SortKey::Status => view! { <StatusBadge status=deal.status/> }.into_any(),
                    SortKey::Protection => match deal.protection_end {
                        Some(end) if deal.status == Status::Approved => {
                            let soon = deal.expiring_soon(now);
                            view! {
                                <span class:clock--warning=soon>
                                    {soon.then_some("⚠ ")}
                                    {tf("pipeline.until", &[("date", &format::date(end)), ("left", &format::duration(end - now))])}
                                </span>
                            }
                            .into_any()
                        }
                        Some(end) => tf("pipeline.ended", &[("date", &format::date(end))]).into_any(),
                        None => "—".into_any(),
                    },
                    SortKey::LastActivity => deal.last_activity_at.map(format::date).unwrap_or_else(|| "—".into()).into_any(),
                };
                view! { <div role="cell" class="pipeline-cell">{content}</div> }
            })
            .collect_view()
    });
    view! {
        <div class="pipeline-row" role="row" aria-rowindex=pos + 2
            style:transform=format!("translateY({}px)", pos as f64 * ROW_HEIGHT)>
            {cells}
            {on_edit.map(|edit| view! {
                <div role="cell" class="pipeline-cell">
                    <button type="button" class="button button--small" on:click=move |_| edit.run(id)
                        aria-label=tf("pipeline.edit", &[("number", &number)])>{t("pipeline.edit_2")}</button>
                </div>
            })}
        </div>
    }
}

/// Channel managers' editor for one deal: stage, owner, next step and internal fields.
#[component]
fn DealEditor(deal: ManagedDeal, on_close: Callback<bool>) -> impl IntoView {
    let d = deal.deal.clone();
    let id = d.id;
    let stage = RwSignal::new(d.stage.clone().unwrap_or_default());
    let owner = RwSignal::new(d.vendor_owner.clone().unwrap_or_default());
    let next_step = RwSignal::new(d.next_step.clone().unwrap_or_default());
    let amount = RwSignal::new(
        deal.internal
            .deal_amount_minor
            .map(|m| (m / 100).to_string())
            .unwrap_or_default(),
    );
    let band = RwSignal::new(deal.internal.discount_band.clone().unwrap_or_default());
    let margin = RwSignal::new(
        deal.internal
            .margin_percent
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(deal.internal.internal_notes.clone().unwrap_or_default());
    let competitors = RwSignal::new(deal.internal.competitor_notes.clone().unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let original_stage = d.stage.clone();
    let original_step = d.next_step.clone();
    // The editor opens where the manager is looking, with the focus in its first field.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(f) = form.get() {
            f.scroll_into_view();
            focus_field("stage");
        }
    });
    // Field errors — the domain's rules here, the server's after — beside their fields.
    let show = move |found: FieldErrors| {
        let first = DealUpdate::FIELDS
            .iter()
            .find(|f| found.contains_key(**f))
            .copied();
        errors.set(found);
        if let Some(f) = first {
            focus_field(f);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let opt = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let new_stage = opt(stage.get_untracked()).filter(|s| Some(s) != original_stage.as_ref());
        let new_step = opt(next_step.get_untracked())
            .filter(|s| new_stage.is_some() || Some(s) != original_step.as_ref());
        let mut found = FieldErrors::new();
        let parse_amount = format::amount_input(&amount.get_untracked()).replace(',', "");
        let amount_minor = if parse_amount.is_empty() {
            None
        } else {
            match domain::registration::parse_money(&parse_amount) {
                Ok(v) => Some(v),
                Err(m) => {
                    found.insert("deal_amount_minor".into(), m.to_owned());
                    None
                }
            }
        };
        let margin_value = match margin.get_untracked().trim() {
            "" => None,
            m => match m.parse::<i64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    found.insert(
                        "margin_percent".into(),
                        domain::message::Message::WholeNumber {
                            min: -100,
                            max: 100,
                        },
                    );
                    None
                }
            },
        };
        let update = DealUpdate {
            stage: new_stage,
            vendor_owner: opt(owner.get_untracked()),
            next_step: new_step,
            deal_amount_minor: amount_minor,
            discount_band: opt(band.get_untracked()),
            margin_percent: margin_value,
            internal_notes: opt(notes.get_untracked()),
            competitor_notes: opt(competitors.get_untracked()),
        };
        if let Err(rules) = update.validate() {
            found.extend(rules);
        }
        if !found.is_empty() {
            show(found);
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        spawn_local(async move {
            match api::update_deal(id, &update).await {
                Ok(_) => on_close.run(true),
                Err(e) => match &e {
                    api::Error::Api { body, .. } if !body.fields.is_empty() => {
                        show(body.fields.clone())
                    }
                    _ => form_error.set(Some(e.message())),
                },
            }
            busy.set(false);
        });
    };
    let err =
        move |name: &'static str| move || errors.with(|e| e.get(name).map(|m| field_msg(name, m)));
    let text_field = move |name: &'static str, label: &'static str, value: RwSignal<String>| {
        let fid = field_id(name);
        let error_id = format!("{fid}-error");
        let described = error_id.clone();
        view! {
            <div class="field">
                <label for=fid>{label}</label>
                <input id=fid bind:value=value
                    aria-invalid=move || errors.with(|e| e.contains_key(name)).to_string()
                    aria-describedby=move || errors.with(|e| e.contains_key(name)).then(|| described.clone())/>
                {move || err(name)().map(|m| view! { <p id=error_id.clone() class="field-error">{m}</p> })}
            </div>
        }
    };
    view! {
        <form class="card deal-editor" node_ref=form on:submit=save aria-label=tf("pipeline.edit", &[("number", &d.number)])>
            <h2>{format!("{} · {}", d.number, deal.deal.customer)}</h2>
            <p class="muted">{format!("{} · {} ({})", labels::motion(d.motion), deal.partner_name, labels::tier(deal.partner_tier))}</p>
            <div class="field">
                <label for="edit-stage">{t("common.stage")}</label>
                <select id="edit-stage" on:change=move |ev| stage.set(event_target_value(&ev))
                    aria-invalid=move || errors.with(|e| e.contains_key("stage")).to_string()
                    aria-describedby=move || errors.with(|e| e.contains_key("stage")).then_some("edit-stage-error")>
                    <option value="" selected=move || stage.get().is_empty()>"—"</option>
                    {d.motion.stages().into_iter().map(|s| view! {
                        <option value=s selected=move || stage.get() == s>{labels::stage(s)}</option>
                    }).collect_view()}
                </select>
                {move || err("stage")().map(|m| view! { <p id="edit-stage-error" class="field-error">{m}</p> })}
            </div>
            {text_field("next_step", t("common.next_step"), next_step)}
            {text_field("vendor_owner", t("common.vendor_owner"), owner)}
            <fieldset>
                <legend>{t("pipeline.internal_never_shown_to_partners")}</legend>
                {text_field("deal_amount_minor", t("pipeline.deal_amount"), amount)}
                {text_field("discount_band", t("pipeline.discount_band"), band)}
                {text_field("margin_percent", t("pipeline.margin"), margin)}
                {text_field("internal_notes", t("pipeline.internal_notes"), notes)}
                {text_field("competitor_notes", t("pipeline.competitor_notes"), competitors)}
            </fieldset>
            {move || (!errors.with(FieldErrors::is_empty)).then(|| view! {
                <p class="form-error" role="alert">{t("pipeline.some_fields_need_attention")}</p>
            })}
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get()>{t("pipeline.save")}</button>
                <button type="button" class="button button--quiet" on:click=move |_| on_close.run(false)>{t("common.cancel")}</button>
            </div>
        </form>
    }
}

/// The editor's element id for a field of [`DealUpdate`].
fn field_id(name: &str) -> &'static str {
    match name {
        "stage" => "edit-stage",
        "next_step" => "edit-next-step",
        "vendor_owner" => "edit-owner",
        "deal_amount_minor" => "edit-amount",
        "discount_band" => "edit-band",
        "margin_percent" => "edit-margin",
        "internal_notes" => "edit-notes",
        _ => "edit-competitors",
    }
}

fn focus_field(name: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(field_id(name)))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(a) = doc.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
