//! The pipeline's filters: text, motion, stage (when the stage is shared), status and "expiring
//! soon". They edit the page's [`PipelineQuery`], which lives in the URL (see `url_state`).

use crate::i18n::t;
use crate::labels;
use domain::Motion;
use domain::pipeline::PipelineQuery;
use domain::registration::Status;
use leptos::prelude::*;

/// The filter bar (a `search` landmark) over the pipeline.
#[component]
pub(super) fn PipelineFilters<U>(
    /// The current filters and sort.
    query: Memo<PipelineQuery>,
    /// `url_state`'s updater: applies a change, `true` to replace the history entry (typing).
    update: U,
    /// The stages to offer, in label order; `None` when the stage is not shared with the viewer.
    stages: Option<Vec<String>>,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut PipelineQuery), bool) + Clone + 'static,
{
    let update_a = update.clone();
    let update_b = update.clone();
    let update_c = update.clone();
    let update_d = update.clone();
    let update_e = update;
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
            {stages.map(|stages| view! {
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
    }
}
