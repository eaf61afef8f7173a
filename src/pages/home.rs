//! The signed-in home page. Partners get their tier's page: the server sends the tier's layout
//! (which widgets, in what order, how wide — program data from the domain crate) with exactly
//! those widgets' data, and this page draws whatever it receives; there is no tier branching
//! here. Channel managers get their own page: who acknowledged which announcement.

use crate::api;
use crate::components::{Fetched, TierBadge, TierProgressList, set_title};
use crate::format;
use crate::i18n::{t, tf};
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::Role;
use domain::commission::CurrencySummary;
use domain::home::{
    AnnouncementView, AttentionItem, ChannelManagerCard, CompanyProfile, HomeView,
    ManagedAnnouncement, MdfBalance, NamedItem, NeedsAttention, Onboarding, OnboardingStep,
    PipelineSummary, Slot, Span, StageCount, TierProgress, Widget, WidgetData,
};
use domain::library::AssetRef;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Greets the user and shows their home: the tier page for partners, the program page for
/// channel managers.
#[component]
pub fn HomePage() -> impl IntoView {
    set_title(AppRoute::Home.label());
    let session = use_session();
    move || {
        session.me().map(|me| {
            let first = me
                .user
                .name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned();
            let role = crate::labels::role(me.user.role);
            let intro = match me.partner.clone() {
                Some(p) => view! {
                    <p class="home__intro">
                        <span>{p.name}</span>
                        <TierBadge tier=p.tier/>
                        <span class="muted">{role}</span>
                    </p>
                }
                .into_any(),
                None => view! {
                    <p class="home__intro">
                        <span>{t("common.vendor_channel_team")}</span>
                        <span class="muted">{role}</span>
                    </p>
                }
                .into_any(),
            };
            let body = if me.user.role == Role::ChannelManager {
                view! { <ManagerHome/> }.into_any()
            } else {
                view! { <PartnerHome role=me.user.role/> }.into_any()
            };
            view! {
                <section class="page home">
                    <h1>{tf("home.welcome", &[("name", &first)])}</h1>
                    {intro}
                    {body}
                </section>
            }
        })
    }
}

#[component]
fn PartnerHome(role: Role) -> impl IntoView {
    let data = LocalResource::new(api::home);
    view! {
        <Fetched data loading=t("home.loading_your_home_page") let:home>
            <HomeGrid home role/>
        </Fetched>
    }
}

/// The tier's layout: each slot draws the widget data sent for it.
#[component]
fn HomeGrid(home: HomeView, role: Role) -> impl IntoView {
    let HomeView {
        tier,
        layout,
        widgets,
    } = home;
    view! {
        <div class="home-grid" data-tier=tier.as_str()>
            {layout.into_iter().filter_map(|Slot { widget, span }| {
                let data = widgets.iter().find(|w| w.widget() == widget)?.clone();
                let span = match span {
                    Span::Full => "full",
                    Span::Half => "half",
                    Span::Third => "third",
                };
                let heading_id = format!("widget-{}", widget_key(widget));
                let labelled_by = heading_id.clone();
                Some(view! {
                    <section class="widget" data-span=span data-widget=widget_key(widget) aria-labelledby=labelled_by>
                        <h2 id=heading_id>{widget_title(&data)}</h2>
                        <WidgetBody data role/>
                    </section>
                })
            }).collect_view()}
        </div>
    }
}

fn widget_key(w: Widget) -> &'static str {
    match w {
        Widget::NeedsAttention => "needs-attention",
        Widget::ChannelManager => "channel-manager",
        Widget::MdfBalance => "mdf",
        Widget::ExclusiveCategories => "exclusive-categories",
        Widget::EarlyAccessCertifications => "early-access",
        Widget::PipelineSummary => "pipeline-summary",
        Widget::DealsByStage => "deals-by-stage",
        Widget::RecommendedContent => "recommended",
        Widget::TierProgress => "tier-progress",
        Widget::OnboardingChecklist => "onboarding",
        Widget::GettingStarted => "getting-started",
        Widget::Earnings => "earnings",
        Widget::Announcements => "announcements",
    }
}

fn widget_title(data: &WidgetData) -> String {
    match data {
        WidgetData::NeedsAttention(_) => t("home.needs_your_attention").to_owned(),
        WidgetData::ChannelManager(_) => t("home.your_channel_manager").to_owned(),
        WidgetData::MdfBalance(_) => t("home.co_marketing_funds").to_owned(),
        WidgetData::ExclusiveCategories(_) => {
            t("home.exclusive_registration_categories").to_owned()
        }
        WidgetData::EarlyAccessCertifications(_) => {
            t("home.early_access_certifications").to_owned()
        }
        WidgetData::PipelineSummary(_) => t("home.pipeline_summary").to_owned(),
        WidgetData::DealsByStage(_) => t("common.deals_by_stage").to_owned(),
        WidgetData::RecommendedContent(_) => t("home.recommended_for_your_motions").to_owned(),
        WidgetData::TierProgress(Some(p)) => {
            tf("home.progress_toward", &[("tier", &p.next_tier.label())])
        }
        WidgetData::TierProgress(None) => t("home.your_tier").to_owned(),
        WidgetData::OnboardingChecklist(_) => t("home.getting_set_up").to_owned(),
        WidgetData::GettingStarted(_) => t("home.start_here").to_owned(),
        WidgetData::Earnings(_) => t("home.commissions_this_year").to_owned(),
        WidgetData::Announcements(_) => t("home.announcements").to_owned(),
    }
}

#[component]
fn WidgetBody(data: WidgetData, role: Role) -> impl IntoView {
    match data {
        WidgetData::NeedsAttention(n) => view! { <Attention data=n/> }.into_any(),
        WidgetData::ChannelManager(m) => view! { <ManagerCard data=m/> }.into_any(),
        WidgetData::MdfBalance(m) => view! { <Mdf data=m/> }.into_any(),
        WidgetData::ExclusiveCategories(items) => view! {
            <NamedList items empty=t("home.no_exclusive_categories_right_now")/>
            <p><a href=AppRoute::NewRegistration.path()>{t("common.register_a_deal")}</a></p>
        }
        .into_any(),
        WidgetData::EarlyAccessCertifications(items) => {
            view! { <NamedList items empty=t("home.no_early_access_certifications_open_right")/> }
                .into_any()
        }
        WidgetData::PipelineSummary(s) => view! { <Summary data=s/> }.into_any(),
        WidgetData::DealsByStage(counts) => view! { <StageBars counts/> }.into_any(),
        WidgetData::RecommendedContent(assets) | WidgetData::GettingStarted(assets) => {
            view! { <AssetLinks assets/> }.into_any()
        }
        WidgetData::TierProgress(p) => view! { <Progress data=p/> }.into_any(),
        WidgetData::OnboardingChecklist(o) => view! { <Checklist data=o role/> }.into_any(),
        WidgetData::Earnings(currencies) => view! { <Earnings currencies/> }.into_any(),
        WidgetData::Announcements(items) => view! { <Announcements items/> }.into_any(),
    }
}

fn deal_link(item: &AttentionItem) -> impl IntoView + use<> {
    view! {
        <span>
            <a href=AppRoute::registration(item.id)>{item.customer.clone()}</a>
            <span class="muted">" · "{item.number.clone()}</span>
        </span>
    }
}

#[component]
fn Attention(data: NeedsAttention) -> impl IntoView {
    let now = format::now();
    if data.awaiting_decision.is_empty() && data.expiring_soon.is_empty() {
        return view! { <p class="muted">{t("home.nothing_needs_your_attention_right_now")}</p> }
            .into_any();
    }
    view! {
        {(!data.awaiting_decision.is_empty()).then(|| view! {
            <h3>{t("home.awaiting_the_vendors_decision")}</h3>
            <ul class="attention-list">
                {data.awaiting_decision.iter().map(|item| {
                    let due = item.decision_due_at.unwrap_or(now);
                    let overdue = due <= now;
                    let clock = if overdue {
                        tf("home.decision_overdue_since", &[("date", &format::date_time(due))])
                    } else {
                        tf("home.decision_due_in", &[("left", &format::duration(due - now))])
                    };
                    view! {
                        <li>
                            {deal_link(item)}
                            <span class="clock" class:clock--overdue=overdue>{clock}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!data.expiring_soon.is_empty()).then(|| view! {
            <h3>{t("common.protection_expiring_within_7_days")}</h3>
            <ul class="attention-list">
                {data.expiring_soon.iter().map(|item| {
                    let end = item.protection_end.unwrap_or(now);
                    view! {
                        <li>
                            {deal_link(item)}
                            <span class="clock clock--warning">
                                {tf("home.ends_left", &[("date", &format::date(end)), ("left", &format::duration(end - now))])}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

#[component]
fn ManagerCard(data: Option<ChannelManagerCard>) -> impl IntoView {
    match data {
        Some(m) => {
            let mailto = format!("mailto:{}", m.email);
            view! {
                <p class="widget__big">{m.name.clone()}</p>
                <p><a href=mailto>{m.email.clone()}</a></p>
                <p class="muted">{t("home.your_first_call_for_co_selling")}</p>
            }
            .into_any()
        }
        None => {
            view! { <p class="muted">{t("home.a_channel_manager_will_be_assigned")}</p> }.into_any()
        }
    }
}

#[component]
fn Mdf(data: Option<MdfBalance>) -> impl IntoView {
    let Some(m) = data else {
        return view! { <p class="muted">{t("home.no_co_marketing_funds_are_allocated")}</p> }
            .into_any();
    };
    let available = m.available_minor();
    view! {
        <p class="widget__big">{format::money(available, &m.currency)}</p>
        <p>{tf("home.available_of_allocated_claimed", &[
            ("allocated", &format::money(m.allocated_minor, &m.currency)),
            ("claimed", &format::money(m.claimed_minor, &m.currency)),
        ])}</p>
        <meter min="0" max=m.allocated_minor.to_string() value=m.claimed_minor.to_string()
            aria-label=t("home.share_of_funds_claimed")></meter>
        <p class="muted">{tf("home.unclaimed_funds_lapse_after", &[("date", &format::iso_date(&m.expires_on))])}</p>
    }
    .into_any()
}

#[component]
fn NamedList(items: Vec<NamedItem>, empty: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="named-list">
            {items.into_iter().map(|i| view! {
                <li><strong>{i.name}</strong><span>{i.description}</span></li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Summary(data: PipelineSummary) -> impl IntoView {
    let stats = [
        (t("common.awaiting_decision"), data.submitted),
        (t("home.protected"), data.approved),
        (t("common.won"), data.won),
        (t("home.closed_or_lapsed"), data.lost_or_expired),
    ];
    view! {
        <dl class="stats">
            {stats.into_iter().map(|(label, n)| view! {
                <div><dt>{label}</dt><dd>{format::number(n)}</dd></div>
            }).collect_view()}
        </dl>
        {(!data.open_value.is_empty()).then(|| view! {
            <p>{t("home.open_value")}": "
                {data.open_value.iter().map(|a| format::money(a.minor, &a.currency)).collect::<Vec<_>>().join(" · ")}
            </p>
        })}
        <p><a href=AppRoute::Pipeline.path()>{t("home.open_the_pipeline")}</a></p>
    }
}

/// This year's commissions per currency — never added up across currencies: earned (approved +
/// paid), paid, and pending (new + on hold) — with the way to the commissions page.
#[component]
fn Earnings(currencies: Vec<CurrencySummary>) -> impl IntoView {
    let link =
        view! { <p><a href=AppRoute::Commissions.path()>{t("home.open_your_commissions")}</a></p> };
    if currencies.is_empty() {
        return view! {
            <p class="muted">{t("home.no_commission_yet_this_year")}</p>
            {link}
        }
        .into_any();
    }
    view! {
        {currencies.into_iter().map(|c| {
            let figures = [
                (t("home.earned"), c.earned_year_minor),
                (t("home.paid"), c.paid_year_minor),
                (t("home.pending"), c.pending_minor),
            ];
            // The commissions page's figure block: money sized to fit a half-width widget.
            view! {
                <div class="commission-summary">
                    <h3>{tf("commissions.in_currency", &[("currency", &c.currency)])}</h3>
                    <dl class="stats">
                        {figures.into_iter().map(|(label, minor)| view! {
                            <div><dt>{label}</dt><dd>{format::money(minor, &c.currency)}</dd></div>
                        }).collect_view()}
                    </dl>
                </div>
            }
        }).collect_view()}
        {link}
    }
    .into_any()
}

/// A small horizontal bar chart of deals per stage, drawn as SVG by the app.
#[component]
fn StageBars(counts: Vec<StageCount>) -> impl IntoView {
    let total: i64 = counts.iter().map(|c| c.deals).sum();
    if total == 0 {
        return view! { <p class="muted">{t("home.no_deals_in_a_stage_yet")}</p> }.into_any();
    }
    let rows: Vec<StageCount> = counts.into_iter().filter(|c| c.deals > 0).collect();
    let max = rows.iter().map(|c| c.deals).max().unwrap_or(1).max(1);
    let row_h = 28.0;
    let height = rows.len() as f64 * row_h;
    let summary = rows
        .iter()
        .map(|c| format!("{}: {}", c.stage, c.deals))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <svg class="mini-chart" viewBox=format!("0 0 320 {height}") role="img"
            aria-label=tf("common.deals_by_stage_2", &[("summary", &summary)])>
            {rows.into_iter().enumerate().map(|(i, c)| {
                let y = i as f64 * row_h;
                let w = 150.0 * c.deals as f64 / max as f64;
                view! {
                    <text x="0" y=y + 18.0 class="mini-chart__label">{c.stage.clone()}</text>
                    <rect x="140" y=y + 6.0 width=w.max(2.0) height="16" rx="3" class="mini-chart__bar"></rect>
                    <text x=146.0 + w.max(2.0) y=y + 18.0 class="mini-chart__value">{c.deals}</text>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

#[component]
fn AssetLinks(assets: Vec<AssetRef>) -> impl IntoView {
    if assets.is_empty() {
        return view! { <p class="muted">{t("home.nothing_here_yet")}</p> }.into_any();
    }
    view! {
        <ul class="asset-links">
            {assets.into_iter().map(|a| view! {
                <li>
                    <a href=AppRoute::asset(a.id)>{a.title}</a>
                    <span class="muted">{crate::pages::library::kind_label(a.kind)}</span>
                </li>
            }).collect_view()}
        </ul>
        <p><a href=AppRoute::Library.path()>{t("home.browse_the_library")}</a></p>
    }
    .into_any()
}

#[component]
fn Progress(data: Option<TierProgress>) -> impl IntoView {
    let Some(p) = data else {
        return view! { <p>{t("home.you_are_at_the_programs_top")}</p> }.into_any();
    };
    view! { <TierProgressList progress=p/> }.into_any()
}

fn step_label(s: OnboardingStep) -> &'static str {
    match s {
        OnboardingStep::Profile => t("home.confirm_your_company_profile"),
        OnboardingStep::FirstContent => t("home.open_your_first_library_asset"),
        OnboardingStep::FirstRegistration => t("home.register_your_first_deal"),
    }
}

#[component]
fn Checklist(data: Onboarding, role: Role) -> impl IntoView {
    let profile = RwSignal::new(data.profile.clone());
    let items = data.items;
    let done = move |step: OnboardingStep, initially: bool| {
        if step == OnboardingStep::Profile {
            profile.with(|p| p.confirmed)
        } else {
            initially
        }
    };
    let count = {
        let items = items.clone();
        move || items.iter().filter(|i| done(i.step, i.done)).count()
    };
    let total = items.len();
    view! {
        <p role="status">{move || tf("home.of_done", &[("done", &count()), ("total", &total)])}</p>
        <ol class="checklist">
            {items.into_iter().map(|item| {
                let step = item.step;
                let initially = item.done;
                let is_done = move || done(step, initially);
                let action = move || match step {
                    OnboardingStep::Profile => view! { <ProfileStep profile role/> }.into_any(),
                    OnboardingStep::FirstContent => view! { <a href=AppRoute::Library.path()>{t("home.go_to_the_library")}</a> }.into_any(),
                    OnboardingStep::FirstRegistration => view! { <a href=AppRoute::NewRegistration.path()>{t("common.register_a_deal")}</a> }.into_any(),
                };
                view! {
                    <li class="checklist__item" class:checklist__item--done=is_done>
                        <span class="checklist__mark" aria-hidden="true">{move || if is_done() { "✓" } else { "○" }}</span>
                        <span class="checklist__text">
                            <span>{step_label(step)}</span>
                            <span class="visually-hidden">{move || if is_done() { t("home.done") } else { t("home.to_do") }}</span>
                            {move || (!is_done()).then(|| view! { <span class="checklist__action">{action()}</span> })}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn ProfileStep(profile: RwSignal<CompanyProfile>, role: Role) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let p = profile.get_untracked();
    let motions = p
        .motions
        .iter()
        .map(|m| m.label())
        .collect::<Vec<_>>()
        .join(", ");
    let territories = p.territories.join(", ");
    let confirm = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::confirm_profile().await {
                Ok(p) => profile.set(p),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <span class="muted">{tf("home.motions_territories", &[("motions", &motions), ("territories", &territories)])}</span>
        {if role == Role::PartnerAdmin {
            view! {
                <button type="button" class="button button--small" disabled=move || busy.get() on:click=confirm>
                    {move || if busy.get() { t("home.confirming") } else { t("home.confirm_profile") }}
                </button>
            }.into_any()
        } else {
            view! { <span class="muted">{t("home.your_partner_admin_confirms_it")}</span> }.into_any()
        }}
        {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
    }
}

#[component]
fn Announcements(items: Vec<AnnouncementView>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{t("home.no_announcements")}</p> }.into_any();
    }
    view! {
        <ul class="announcements">
            {items.into_iter().map(|a| view! { <AnnouncementItem item=a/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn AnnouncementItem(item: AnnouncementView) -> impl IntoView {
    let state = RwSignal::new(item.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = item.id;
    let mark = move |acknowledge: bool| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::mark_announcement(id, acknowledge).await {
                Ok(a) => state.set(a),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlDetailsElement>(&event_target::<
            web_sys::Element,
        >(&ev))
        .is_some_and(|d| d.open());
        if open && !state.with_untracked(|s| s.read) {
            mark(false);
        }
    };
    view! {
        <li class="announcement" class:announcement--unread=move || !state.with(|s| s.read)>
            <details on:toggle=on_toggle>
                <summary>
                    <span class="announcement__title">{item.title.clone()}</span>
                    {move || (!state.with(|s| s.read)).then(|| view! { <span class="announcement__new">{t("home.new")}</span> })}
                    {move || (state.with(|s| s.requires_ack && s.acknowledged_at.is_none())).then(|| view! {
                        <span class="announcement__ask">{t("home.please_acknowledge")}</span>
                    })}
                    <span class="muted announcement__date">{format::date(item.published_at)}</span>
                </summary>
                <p>{item.body.clone()}</p>
                {move || {
                    let s = state.get();
                    match (s.requires_ack, s.acknowledged_at) {
                        (true, Some(at)) => Some(view! {
                            <p class="notice notice--success">{tf("home.acknowledged_on", &[("date", &format::date_time(at))])}</p>
                        }.into_any()),
                        (true, None) => Some(view! {
                            <button type="button" class="button button--small" disabled=move || busy.get() on:click=move |_| mark(true)>
                                {move || if busy.get() { t("common.saving") } else { t("home.acknowledge") }}
                            </button>
                        }.into_any()),
                        _ => None,
                    }
                }}
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </details>
        </li>
    }
}

/// Channel managers: announcements and who acknowledged them, with the usual way in.
#[component]
fn ManagerHome() -> impl IntoView {
    let data = LocalResource::new(api::manage_announcements);
    view! {
        <div class="home-grid">
            <section class="widget" data-span="full" aria-labelledby="widget-acks">
                <h2 id="widget-acks">{t("home.announcements_and_acknowledgements")}</h2>
                <Fetched data loading=t("home.loading_announcements") let:list>
                    <AckTable list/>
                </Fetched>
            </section>
            <section class="widget" data-span="half" aria-labelledby="widget-goto">
                <h2 id="widget-goto">{t("home.go_to")}</h2>
                <ul class="asset-links">
                    {AppRoute::navigation(Role::ChannelManager).iter().filter(|r| **r != AppRoute::Home).map(|r| view! {
                        <li><a href=r.path()>{r.label()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

#[component]
fn AckTable(list: Vec<ManagedAnnouncement>) -> impl IntoView {
    view! {
        <ul class="announcements">
            {list.into_iter().map(|a| {
                let acks = a.acknowledgements.clone();
                view! {
                    <li class="announcement">
                        <p><strong>{a.title.clone()}</strong></p>
                        <p class="muted">
                            {tf("home.and_above_published_opened_by", &[
                                ("tier", &a.min_tier.label()),
                                ("date", &format::date(a.published_at)),
                                ("reads", &a.reads),
                            ])}
                        </p>
                        {if !a.requires_ack {
                            view! { <p class="muted">{t("home.no_acknowledgement_asked")}</p> }.into_any()
                        } else if acks.is_empty() {
                            view! { <p>{t("home.nobody_has_acknowledged_it_yet")}</p> }.into_any()
                        } else {
                            view! {
                                <p>{tf("home.acknowledged_by", &[("n", &acks.len())])}</p>
                                <ul class="ack-list">
                                    {acks.into_iter().map(|k| view! {
                                        <li>{format!("{} ({}) · {}", k.user_name, k.partner_name, format::date_time(k.at))}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
