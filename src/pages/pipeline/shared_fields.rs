//! The managers' setting of which safe pipeline fields partners see.

use crate::api;
use crate::i18n::t;
use crate::labels;
use domain::pipeline::SharedField;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Channel managers choose which safe pipeline fields partners see.
#[component]
pub(super) fn SharedFieldsSetting() -> impl IntoView {
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
