//! Channel managers publish the enablement library: every asset (published and retired) with how
//! many people opened it, retire and restore, and a form to create or edit an asset. The form
//! runs the domain crate's validation as fields are left and keeps a draft in localStorage, so
//! nothing typed is lost to a reload or a failed save.

use crate::api;
use crate::components::{CheckboxGroup, Fetched, SelectField, TextAreaField, TextField, set_title};
use crate::draft;
use crate::format;
use crate::i18n::{field_msg, t, tf, tn};
use crate::labels;
use crate::pages::library::{facet_value_label, kind_label};
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::error::FieldErrors;
use domain::library::{AssetInput, Facet, Kind, ManagedAsset};
use domain::{Motion, Tier};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

/// `/manage/content`: the whole library as channel managers see it.
#[component]
pub fn ContentPage() -> impl IntoView {
    set_title(AppRoute::Content.label());
    let data = LocalResource::new(api::manage_library);
    let busy = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let toggle = move |id: i64, retire: bool| {
        busy.set(Some(id));
        error.set(None);
        spawn_local(async move {
            match api::set_asset_retired(id, retire).await {
                Ok(_) => data.refetch(),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(None);
        });
    };
    view! {
        <section class="page content-page">
            <div class="page-head">
                <h1>{t("common.content")}</h1>
                <a class="button" href=AppRoute::edit_asset(None)>{t("content.new_asset")}</a>
            </div>
            <p class="muted">{t("content.retired_assets_disappear_from_partners_libraries")}</p>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <Fetched data loading=t("common.loading_the_library") let:assets>
                {if assets.is_empty() {
                    view! {
                        <div class="empty-state">
                            <h2>{t("content.no_assets_yet")}</h2>
                            <p>{t("content.publish_the_first_one_with_new")}</p>
                        </div>
                    }
                    .into_any()
                } else {
                    view! { <ContentTable assets busy on_toggle=Callback::new(move |(id, r)| toggle(id, r))/> }.into_any()
                }}
            </Fetched>
        </section>
    }
}

#[component]
fn ContentTable(
    assets: Vec<ManagedAsset>,
    busy: RwSignal<Option<i64>>,
    on_toggle: Callback<(i64, bool)>,
) -> impl IntoView {
    let published = assets.iter().filter(|a| !a.retired).count();
    view! {
        <p role="status">{tf("content.assets_published", &[("n", &assets.len()), ("published", &published)])}</p>
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t("content.title")}</th>
                        <th scope="col">{t("common.kind")}</th>
                        <th scope="col">{t("common.for")}</th>
                        <th scope="col">{t("common.updated")}</th>
                        <th scope="col">{t("content.opened_by")}</th>
                        <th scope="col">{t("common.status")}</th>
                        <th scope="col"><span class="visually-hidden">{t("common.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {assets.into_iter().map(|m| {
                        let id = m.asset.id;
                        let retired = m.retired;
                        let title = m.asset.title.clone();
                        let action_label = if retired { tf("content.restore", &[("title", &title)]) } else { tf("content.retire", &[("title", &title)]) };
                        view! {
                            <tr class:retired=retired>
                                <td><a href=AppRoute::edit_asset(Some(id))>{title}</a></td>
                                <td>{kind_label(m.asset.kind)}</td>
                                <td>{tf("content.and_above", &[("tier", &m.asset.min_tier.label())])}</td>
                                <td>{format::iso_date(&m.asset.updated)}</td>
                                <td>{tn("content.people", m.viewers)}</td>
                                <td>{if retired { t("content.retired") } else { t("content.published") }}</td>
                                <td>
                                    <button type="button" class="button button--secondary button--small"
                                        aria-label=action_label
                                        disabled=move || busy.get().is_some()
                                        on:click=move |_| on_toggle.run((id, !retired))>
                                        {move || if busy.get() == Some(id) { t("common.saving") } else if retired { t("content.restore_2") } else { t("content.retire_2") }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A form in progress, saved on every change.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct AssetDraft {
    input: AssetInput,
}

fn draft_key(user_id: i64, id: Option<i64>) -> String {
    match id {
        Some(id) => format!("portico.asset-draft.{user_id}.{id}"),
        None => format!("portico.asset-draft.{user_id}.new"),
    }
}

/// `/manage/content/:id` (`new` for a new asset): the asset form.
#[component]
pub fn AssetEditorPage() -> impl IntoView {
    let params = use_params_map();
    let raw = params.read_untracked().get("id").unwrap_or_default();
    let id: Option<i64> = raw.parse().ok();
    if id.is_none() && raw != "new" {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    }
    set_title(if id.is_some() {
        t("content.edit_asset")
    } else {
        t("content.new_asset")
    });
    let data = LocalResource::new(move || async move {
        match id {
            Some(id) => api::manage_asset(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <section class="page asset-editor">
            <p><a href=AppRoute::Content.path() class="back-link">{format!("← {}", AppRoute::Content.label())}</a></p>
            <h1>{if id.is_some() { t("content.edit_asset") } else { t("content.new_asset") }}</h1>
            <Fetched data loading=t("common.loading_the_asset") let:existing>
                <AssetForm id existing/>
            </Fetched>
        </section>
    }
    .into_any()
}

#[component]
fn AssetForm(id: Option<i64>, existing: Option<ManagedAsset>) -> impl IntoView {
    let session = use_session();
    let user_id = session.me().map_or(0, |m| m.user.id);
    let key = draft_key(user_id, id);
    let original = existing
        .as_ref()
        .map(|m| AssetInput::from_asset(&m.asset))
        .unwrap_or_else(|| AssetInput {
            min_tier: "bronze".into(),
            ..Default::default()
        });
    let saved: Option<AssetDraft> = draft::load_json(&key);
    let restored = saved.as_ref().is_some_and(|d| d.input != original);
    let input = RwSignal::new(
        saved
            .filter(|_| restored)
            .map(|d| d.input)
            .unwrap_or_else(|| original.clone()),
    );
    let show_restored = RwSignal::new(restored);
    let errors = RwSignal::new(FieldErrors::new());
    let saving = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    // Every change is saved as a draft at once; nothing typed is lost.
    let key_for_save = key.clone();
    let set = move |f: &dyn Fn(&mut AssetInput)| {
        input.update(|i| f(i));
        draft::save_json(
            &key_for_save,
            &AssetDraft {
                input: input.get_untracked(),
            },
        );
    };
    let check = move |name: &'static str| {
        let message = input.with_untracked(|i| i.field_error(name));
        errors.update(|e| match message {
            Some(m) => {
                e.insert(name.to_owned(), m);
            }
            None => {
                e.remove(name);
            }
        });
    };
    let error_of = move |name: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(name).map(|m| field_msg(name, m))))
    };
    let text = move |name: &'static str| {
        Signal::derive(move || {
            input.with(|i| match name {
                "title" => i.title.clone(),
                "summary" => i.summary.clone(),
                "body" => i.body.clone(),
                "kind" => i.kind.clone(),
                "min_tier" => i.min_tier.clone(),
                _ => i.link.clone(),
            })
        })
    };
    let list = move |name: &'static str| {
        Signal::derive(move || {
            input.with(|i| match name {
                "motions" => i.motions.clone(),
                "industries" => i.industries.clone(),
                _ => i.use_cases.clone(),
            })
        })
    };
    let set_a = set.clone();
    let on_text = move |name: &'static str| {
        let set = set_a.clone();
        Callback::new(move |v: String| {
            set(&|i: &mut AssetInput| {
                let v = v.clone();
                match name {
                    "title" => i.title = v,
                    "summary" => i.summary = v,
                    "body" => i.body = v,
                    "kind" => i.kind = v,
                    "min_tier" => i.min_tier = v,
                    _ => i.link = v,
                }
            });
            // A shown error follows the typing (so it is gone as soon as the value is fixed,
            // and leaving the field never shifts the layout under the pointer).
            if errors.with_untracked(|e| e.contains_key(name)) {
                check(name);
            }
        })
    };
    let set_b = set.clone();
    let on_list = move |name: &'static str| {
        let set = set_b.clone();
        Callback::new(move |v: Vec<String>| {
            set(&|i: &mut AssetInput| {
                let v = v.clone();
                match name {
                    "motions" => i.motions = v,
                    "industries" => i.industries = v,
                    _ => i.use_cases = v,
                }
            });
            check(name);
        })
    };
    let blur = move |name: &'static str| Callback::new(move |_: ()| check(name));

    let key_for_discard = key.clone();
    let discard = move |_| {
        draft::remove(&key_for_discard);
        input.set(original.clone());
        errors.set(FieldErrors::new());
        show_restored.set(false);
    };
    let key_for_submit = key.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let current = input.get_untracked();
        if let Err(e) = current.validate() {
            errors.set(e);
            focus_first_error();
            return;
        }
        errors.set(FieldErrors::new());
        saving.set(true);
        let navigate = navigate.clone();
        let key = key_for_submit.clone();
        spawn_local(async move {
            match api::save_asset(id, &current).await {
                Ok(_) => {
                    draft::remove(&key);
                    navigate(AppRoute::Content.path(), Default::default());
                }
                Err(e) => {
                    let fields: FieldErrors = AssetInput::FIELDS
                        .iter()
                        .filter_map(|f| e.field_message(f).map(|m| ((*f).to_owned(), m)))
                        .collect();
                    if fields.is_empty() {
                        failure.set(Some(format!(
                            "{} {}",
                            e.message(),
                            t("content.your_changes_are_kept_try_again")
                        )));
                    } else {
                        errors.set(fields);
                        focus_first_error();
                    }
                }
            }
            saving.set(false);
        });
    };

    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), kind_label(*k).to_owned()))
        .collect();
    let tiers: Vec<(String, String)> = Tier::ALL
        .iter()
        .map(|tier| {
            (
                tier.as_str().to_owned(),
                tf("content.and_above", &[("tier", &tier.label())]),
            )
        })
        .collect();
    let motions: Vec<(&'static str, String)> = Motion::ALL
        .iter()
        .map(|m| (m.as_str(), labels::motion(*m).to_owned()))
        .collect();

    view! {
        {move || show_restored.get().then(|| view! {
            <div class="notice" role="status">
                <p>{t("content.your_unsaved_changes_from_last_time")}</p>
                <button type="button" class="button button--secondary button--small" on:click=discard.clone()>{t("content.discard_them")}</button>
            </div>
        })}
        <form class="form asset-form" novalidate on:submit=submit>
            <TextField id="title" label=t("content.title") value=text("title") on_input=on_text("title") on_blur=blur("title") error=error_of("title")/>
            <TextAreaField id="summary" label=t("content.summary_one_or_two_sentences") rows=2 value=text("summary") on_input=on_text("summary") on_blur=blur("summary") error=error_of("summary")/>
            <TextAreaField id="body" label=t("content.text_blank_lines_separate_paragraphs") rows=12 value=text("body") on_input=on_text("body") on_blur=blur("body") error=error_of("body")/>
            <SelectField id="kind" label=t("common.kind") value=text("kind") on_change=on_text("kind") on_blur=blur("kind") error=error_of("kind") options=kinds placeholder=t("content.choose_a_kind")/>
            <CheckboxGroup id="motions" label=t("common.motions") value=list("motions") on_change=on_list("motions") error=error_of("motions") options=motions/>
            <CheckboxGroup id="industries" label=t("content.industries_none_every_industry") value=list("industries") on_change=on_list("industries") error=error_of("industries") options=facet_options(Facet::Industry)/>
            <CheckboxGroup id="use_cases" label=t("common.use_cases") value=list("use_cases") on_change=on_list("use_cases") error=error_of("use_cases") options=facet_options(Facet::UseCase)/>
            <SelectField id="min_tier" label=t("content.who_may_see_it") value=text("min_tier") on_change=on_text("min_tier") on_blur=blur("min_tier") error=error_of("min_tier") options=tiers placeholder=""/>
            <TextField id="link" label=t("content.link_to_the_file_or_page") kind="url" hint=t("content.a_full_address_like_https_content") value=text("link") on_input=on_text("link") on_blur=blur("link") error=error_of("link")/>
            {move || failure.get().map(|f| view! { <p class="field-error" role="alert">{f}</p> })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || saving.get()>
                    {move || if saving.get() { t("common.saving") } else if id.is_some() { t("content.save_changes") } else { t("content.publish") }}
                </button>
                <a href=AppRoute::Content.path() class="button button--secondary">{t("common.cancel")}</a>
            </div>
        </form>
    }
}

/// Moves focus to the first field with an error, after the errors are drawn.
fn focus_first_error() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=true]").ok().flatten())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}

/// A facet's values with their names in the UI language, for a checkbox group.
fn facet_options(f: Facet) -> Vec<(&'static str, String)> {
    f.values()
        .into_iter()
        .map(|(id, _)| (id, facet_value_label(id)))
        .collect()
}
