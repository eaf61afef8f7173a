//! The shared pipeline. Partners see their deals with the fields the program shares; channel
//! managers see every deal and edit stage, owner, next step and internal fields. Filtering and
//! sorting run in the browser (rules from the domain crate), their state lives in the URL, and
//! only the rows in view are in the DOM, so ten thousand deals stay smooth.
//!
//! This module is the page and the board that ties the pieces together (URL state, sorted and
//! filtered rows, the CSV export); the pieces are [`filters`], [`chart`], [`table`] and, for
//! channel managers, [`editor`] and [`shared_fields`].

mod chart;
mod editor;
mod filters;
mod shared_fields;
mod table;

use crate::api;
use crate::components::{Fetched, download, set_title};
use crate::format;
use crate::i18n::{t, tf};
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::url_state::url_state;
use chart::StageChart;
use domain::pipeline::{PipelineDeal, PipelineQuery, SharedField, SortKey, to_csv};
use editor::DealEditor;
use filters::PipelineFilters;
use leptos::prelude::*;
use shared_fields::SharedFieldsSetting;
use table::{COLUMNS, Column, VirtualTable};

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
        <Fetched data loading=t("pipeline.loading_your_pipeline") let:view>
            {
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
        </Fetched>
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
        <Fetched data loading=t("pipeline.loading_the_pipeline") let:managed>
            {
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
        </Fetched>
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
    // The stage filter is offered only when the stage is shared.
    let stages = shared
        .with_value(|s| s.contains(&SharedField::Stage))
        .then(|| {
            let mut s: Vec<String> =
                deals.with_value(|d| d.iter().filter_map(|x| x.stage.clone()).collect());
            s.sort_by_key(|x| labels::stage(x));
            s.dedup();
            s
        });
    let export = move |_| {
        let csv = deals.with_value(|d| {
            shared.with_value(|f| to_csv(d, &rows.get_untracked(), f, format::date))
        });
        download("pipeline.csv", &csv);
    };
    let update_sort = update.clone();
    view! {
        <PipelineFilters query update stages/>
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
