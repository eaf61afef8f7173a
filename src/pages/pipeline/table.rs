//! The virtualised deal table: the columns the viewer may see, a sticky header whose buttons
//! sort, and only the rows in (or near) the viewport in the DOM, so ten thousand deals stay
//! smooth.

use crate::components::StatusBadge;
use crate::format;
use crate::i18n::{t, tf};
use crate::labels;
use crate::routes::AppRoute;
use domain::pipeline::{PipelineDeal, PipelineQuery, SharedField, SortKey};
use domain::registration::Status;
use leptos::html;
use leptos::prelude::*;

/// Height of one table row in pixels (matches `.pipeline-row` in app.css).
const ROW_HEIGHT: f64 = 48.0;
/// Rows rendered above and below the visible window.
const OVERSCAN: usize = 6;

/// A column of the table.
#[derive(Clone, Copy)]
pub(super) struct Column {
    pub(super) key: SortKey,
    pub(super) needs: Option<SharedField>,
    pub(super) width: &'static str,
}

pub(super) const COLUMNS: [Column; 8] = [
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

/// The table: a sticky header and only the rows in (or near) the viewport in the DOM.
#[component]
pub(super) fn VirtualTable(
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
        <div class="pipeline-table" role="table" aria-label=t("common.registrations") aria-rowcount=move || rows.with(Vec::len) + 1
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
                        view! { <a href=AppRoute::registration(deal.id)>{name}</a>{website} }.into_any()
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
