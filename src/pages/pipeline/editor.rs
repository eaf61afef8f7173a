//! The channel managers' editor for one deal: stage, owner, next step and the internal fields,
//! checked by the domain's rules before sending; the server's refusals land on their fields too.

use crate::api;
use crate::format;
use crate::i18n::{field_msg, t, tf};
use crate::labels;
use domain::error::FieldErrors;
use domain::pipeline::{DealUpdate, ManagedDeal};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Channel managers' editor for one deal: stage, owner, next step and internal fields.
#[component]
pub(super) fn DealEditor(deal: ManagedDeal, on_close: Callback<bool>) -> impl IntoView {
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
