//! `/manage/partners`: channel managers' list of the partner companies (tier, people,
//! registrations, win rate, open pipeline, revenue, last activity), sortable and filtered by
//! name; and `/manage/partners/{id}`, a partner's page (profile, users, recent registrations,
//! progress toward the next tier).

use crate::api;
use crate::components::{
    Fetched, RecordNotFound, StatusBadge, TextField, TierBadge, TierProgressList, set_title,
};
use crate::format;
use crate::i18n::{locale, t, tf};
use crate::labels;
use crate::routes::AppRoute;
use domain::Tier;
use domain::home::{Amount, TierProgress};
use domain::views::{PartnerDetail, PartnerSummary};
use js_sys::{Array, Intl, Object, Reflect};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsValue;

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Name,
    Tier,
    LastActivity,
}

/// `partners` whose name contains `filter` (case-insensitive, surrounding spaces ignored),
/// ordered by `sort` (ties by name).
fn arrange(
    mut partners: Vec<PartnerSummary>,
    filter: &str,
    sort: Sort,
    descending: bool,
) -> Vec<PartnerSummary> {
    let needle = filter.trim().to_lowercase();
    partners.retain(|p| p.name.to_lowercase().contains(&needle));
    partners.sort_by(|a, b| {
        let by_name = a.name.to_lowercase().cmp(&b.name.to_lowercase());
        let primary = match sort {
            Sort::Name => by_name,
            Sort::Tier => a.tier.cmp(&b.tier),
            Sort::LastActivity => a.last_activity_at.cmp(&b.last_activity_at),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then(by_name)
    });
    partners
}

/// "3 days ago" / "vor 3 Tagen" from the browser's `Intl.RelativeTimeFormat`, in the largest
/// unit that fits; `None` where the browser cannot say it.
fn relative(secs: i64, now: i64) -> Option<String> {
    let ago = (now - secs).max(0);
    let (value, unit) = match ago {
        a if a < 3_600 => (a / 60, "minute"),
        a if a < 86_400 => (a / 3_600, "hour"),
        a if a < 60 * 86_400 => (a / 86_400, "day"),
        a if a < 365 * 86_400 => (a / (30 * 86_400), "month"),
        a => (a / (365 * 86_400), "year"),
    };
    let options = Object::new();
    Reflect::set(
        &options,
        &JsValue::from_str("numeric"),
        &JsValue::from_str("auto"),
    )
    .ok()?;
    let locales = Array::of1(&JsValue::from_str(locale().tag()));
    let f = Intl::RelativeTimeFormat::new(&locales, &options);
    Some(f.format(-(value as f64), unit).into())
}

/// A time as "3 days ago" with the day beside it, the exact time in its `datetime`.
#[component]
fn LastActivity(at: Option<i64>) -> impl IntoView {
    match at {
        None => view! { <span class="muted">{t("partners.no_activity")}</span> }.into_any(),
        Some(at) => {
            let day = format::date(at);
            let ago = relative(at, format::now()).unwrap_or_else(|| day.clone());
            let iso = domain::date::format_date(at);
            view! {
                <time datetime=iso title=format::date_time(at)>{ago}</time>
                <span class="muted nowrap">{format!(" · {day}")}</span>
            }
            .into_any()
        }
    }
}

/// Open pipeline per currency, one line each; a dash when there is none.
fn pipeline_text(amounts: &[Amount]) -> Vec<String> {
    if amounts.is_empty() {
        vec!["—".to_owned()]
    } else {
        amounts
            .iter()
            .map(|a| format::money(a.minor, &a.currency))
            .collect()
    }
}

fn win_rate_text(p: &PartnerSummary) -> String {
    p.win_rate_percent
        .map_or_else(|| "—".to_owned(), format::percent)
}

/// The channel managers' partner list.
#[component]
pub fn PartnersPage() -> impl IntoView {
    set_title(AppRoute::Partners.label());
    let data = LocalResource::new(api::manage_partners);
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new((Sort::Name, false));
    view! {
        <section class="page">
            <h1>{AppRoute::Partners.label()}</h1>
            <p class="muted">{t("partners.intro")}</p>
            <Fetched data loading=t("partners.loading") let:partners>
                {if partners.is_empty() {
                    view! { <div class="empty-state"><p>{t("partners.none_yet")}</p></div> }.into_any()
                } else {
                    view! { <PartnerList partners filter sort/> }.into_any()
                }}
            </Fetched>
        </section>
    }
}

#[component]
fn PartnerList(
    partners: Vec<PartnerSummary>,
    filter: RwSignal<String>,
    sort: RwSignal<(Sort, bool)>,
) -> impl IntoView {
    let all = StoredValue::new(partners);
    let shown = Memo::new(move |_| {
        let (key, descending) = sort.get();
        filter.with(|f| all.with_value(|p| arrange(p.clone(), f, key, descending)))
    });
    let on_sort = Callback::new(move |key: Sort| {
        sort.update(|(current, descending)| {
            if *current == key {
                *descending = !*descending;
            } else {
                *current = key;
                // The newest activity first; names and tiers from the start.
                *descending = key == Sort::LastActivity || key == Sort::Tier;
            }
        });
    });
    view! {
        <div class="partners-filter">
            <TextField id="partner-filter" label=t("partners.filter_by_name") kind="search"
                value=Signal::derive(move || filter.get())
                on_input=Callback::new(move |v: String| filter.set(v))
                on_blur=Callback::new(|_| ())
                error=Signal::derive(|| None)/>
        </div>
        <p class="visually-hidden" role="status">
            {move || tf("partners.shown", &[("n", &shown.with(Vec::len)), ("total", &all.with_value(Vec::len))])}
        </p>
        {move || if shown.with(Vec::is_empty) {
            view! {
                <div class="empty-state">
                    <p>{tf("partners.no_match", &[("filter", &filter.get())])}</p>
                    <button type="button" class="button" on:click=move |_| filter.set(String::new())>{t("partners.clear_filter")}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" tabindex="0" aria-label=t("partners.list")>
                    <table class="data-table partners-table">
                        <thead>
                            <tr>
                                <SortHeader key=Sort::Name label=t("partners.name") sort on_sort/>
                                <SortHeader key=Sort::Tier label=t("partners.tier") sort on_sort/>
                                <th scope="col" class="num">{t("partners.people")}</th>
                                <th scope="col" class="num">{t("common.registrations")}</th>
                                <th scope="col" class="num">{t("partners.win_rate")}</th>
                                <th scope="col" class="num">{t("partners.open_pipeline")}</th>
                                <th scope="col" class="num">{t("partners.annual_revenue")}</th>
                                <SortHeader key=Sort::LastActivity label=t("common.last_activity") sort on_sort/>
                            </tr>
                        </thead>
                        <tbody>
                            {shown.get().into_iter().map(|p| view! { <PartnerRow p/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn SortHeader(
    key: Sort,
    label: &'static str,
    sort: RwSignal<(Sort, bool)>,
    on_sort: Callback<Sort>,
) -> impl IntoView {
    let state = move || match sort.get() {
        (k, false) if k == key => "ascending",
        (k, true) if k == key => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=state>
            <button type="button" class="sort-button" on:click=move |_| on_sort.run(key)>
                {label}
                <span aria-hidden="true">{move || match state() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

#[component]
fn PartnerRow(p: PartnerSummary) -> impl IntoView {
    let rate = win_rate_text(&p);
    let closed = tf(
        "partners.won_of_closed",
        &[("won", &p.won), ("closed", &(p.won + p.lost))],
    );
    view! {
        <tr>
            <th scope="row"><A href=AppRoute::partner(p.id)>{p.name.clone()}</A></th>
            <td><TierBadge tier=p.tier/></td>
            <td class="num">{format::number(i64::from(p.people))}</td>
            <td class="num">{format::number(i64::from(p.registrations))}</td>
            <td class="num" title=closed>{rate}</td>
            <td class="num">
                {pipeline_text(&p.open_pipeline).into_iter().map(|s| view! { <div>{s}</div> }).collect_view()}
            </td>
            <td class="num">{format::money(p.annual_revenue_minor, "USD")}</td>
            <td><LastActivity at=p.last_activity_at/></td>
        </tr>
    }
}

/// A partner's page at `/manage/partners/:id`.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api::manage_partner(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="page">
            <p><A href=AppRoute::Partners.path()>{format!("← {}", AppRoute::Partners.label())}</A></p>
            <Fetched data loading=t("partners.loading_partner") not_found=not_found let:detail>
                {match detail {
                    Some(detail) => view! { <PartnerView detail/> }.into_any(),
                    None => not_found().into_any(),
                }}
            </Fetched>
        </section>
    }
}

/// What an id that is not there (or not this person's) shows.
fn not_found() -> impl IntoView {
    view! { <RecordNotFound title=t("partners.not_found") explained=t("partners.not_found_explained")/> }
}

#[component]
fn PartnerView(detail: PartnerDetail) -> impl IntoView {
    let PartnerDetail {
        summary: s,
        profile,
        users,
        recent_registrations,
        tier_progress,
    } = detail;
    set_title(&s.name);
    let motions = if profile.motions.is_empty() {
        "—".to_owned()
    } else {
        profile
            .motions
            .iter()
            .map(|m| labels::motion(*m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let territories = if profile.territories.is_empty() {
        "—".to_owned()
    } else {
        profile.territories.join(", ")
    };
    let confirmed = if profile.confirmed {
        t("partners.confirmed")
    } else {
        t("partners.not_confirmed")
    };
    let facts = [
        (t("common.motions"), motions),
        (t("partners.territories"), territories),
        (t("partners.profile"), confirmed.to_owned()),
        (
            t("common.registrations"),
            format::number(i64::from(s.registrations)),
        ),
        (
            t("partners.approved"),
            format::number(i64::from(s.approved)),
        ),
        (
            t("partners.win_rate"),
            format!(
                "{} ({})",
                win_rate_text(&s),
                tf(
                    "partners.won_of_closed",
                    &[("won", &s.won), ("closed", &(s.won + s.lost))]
                )
            ),
        ),
        (
            t("partners.open_pipeline"),
            pipeline_text(&s.open_pipeline).join(", "),
        ),
        (
            t("partners.annual_revenue"),
            format::money(s.annual_revenue_minor, "USD"),
        ),
    ];
    view! {
        <div class="page-head">
            <h1>{s.name.clone()}</h1>
            <TierBadge tier=s.tier/>
        </div>
        <dl class="facts">
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            <div><dt>{t("common.last_activity")}</dt><dd><LastActivity at=s.last_activity_at/></dd></div>
        </dl>
        <h2>{t("partners.users")}</h2>
        {if users.is_empty() {
            view! { <p class="muted">{t("partners.no_users")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" tabindex="0" aria-label=t("partners.users")>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t("partners.name")}</th>
                            <th scope="col">{t("partners.email")}</th>
                            <th scope="col">{t("partners.role")}</th>
                        </tr></thead>
                        <tbody>
                            {users.into_iter().map(|u| view! {
                                <tr>
                                    <th scope="row">{u.name}</th>
                                    <td><a href=format!("mailto:{}", u.email)>{u.email.clone()}</a></td>
                                    <td>{labels::role(u.role)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2>{t("partners.recent_registrations")}</h2>
        {if recent_registrations.is_empty() {
            view! { <p class="muted">{t("partners.no_registrations")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" tabindex="0" aria-label=t("partners.recent_registrations")>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t("partners.number")}</th>
                            <th scope="col">{t("partners.customer")}</th>
                            <th scope="col">{t("common.status")}</th>
                            <th scope="col">{t("partners.submitted")}</th>
                        </tr></thead>
                        <tbody>
                            {recent_registrations.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row"><A href=AppRoute::registration(r.id)>{r.number}</A></th>
                                    <td>{r.customer}</td>
                                    <td><StatusBadge status=r.status/></td>
                                    <td class="nowrap">{format::date(r.submitted_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2>{t("partners.tier_progress")}</h2>
        <Progress data=tier_progress/>
    }
}

/// Progress toward the next tier, as the partner's own home shows it.
#[component]
fn Progress(data: Option<TierProgress>) -> impl IntoView {
    let Some(p) = data else {
        return view! { <p>{tf("partners.at_the_top", &[("tier", &labels::tier(Tier::Gold))])}</p> }.into_any();
    };
    let next = p.next_tier;
    view! {
        <p>{tf("partners.toward", &[("tier", &labels::tier(next))])}</p>
        <TierProgressList progress=p/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Tier;

    fn partner(name: &str, tier: Tier, last: Option<i64>) -> PartnerSummary {
        PartnerSummary {
            id: 1,
            name: name.to_owned(),
            tier,
            motions: vec![],
            people: 0,
            registrations: 0,
            approved: 0,
            won: 0,
            lost: 0,
            win_rate_percent: None,
            open_pipeline: vec![],
            annual_revenue_minor: 0,
            last_activity_at: last,
        }
    }

    fn names(list: &[PartnerSummary]) -> Vec<&str> {
        list.iter().map(|p| p.name.as_str()).collect()
    }

    fn demo() -> Vec<PartnerSummary> {
        vec![
            partner("Vertex Cloud Solutions", Tier::Gold, Some(30)),
            partner("BluePeak Manufacturing", Tier::Silver, Some(10)),
            partner("Ironclad Security", Tier::Bronze, None),
        ]
    }

    #[test]
    fn the_filter_is_a_case_insensitive_contains() {
        assert_eq!(
            names(&arrange(demo(), "  blue ", Sort::Name, false)),
            ["BluePeak Manufacturing"]
        );
        assert_eq!(
            names(&arrange(demo(), "SECUR", Sort::Name, false)),
            ["Ironclad Security"]
        );
        assert!(arrange(demo(), "acme", Sort::Name, false).is_empty());
        assert_eq!(arrange(demo(), "", Sort::Name, false).len(), 3);
    }

    #[test]
    fn sorts_by_name_tier_and_last_activity() {
        assert_eq!(
            names(&arrange(demo(), "", Sort::Name, false)),
            [
                "BluePeak Manufacturing",
                "Ironclad Security",
                "Vertex Cloud Solutions"
            ]
        );
        assert_eq!(
            names(&arrange(demo(), "", Sort::Tier, true)),
            [
                "Vertex Cloud Solutions",
                "BluePeak Manufacturing",
                "Ironclad Security"
            ]
        );
        assert_eq!(
            names(&arrange(demo(), "", Sort::LastActivity, true)),
            [
                "Vertex Cloud Solutions",
                "BluePeak Manufacturing",
                "Ironclad Security"
            ]
        );
    }
}
