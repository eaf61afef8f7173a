//! The signed-in home page. Partners get their tier's page: the server sends the tier's layout
//! (which widgets, in what order, how wide — program data from the domain crate) with exactly
//! those widgets' data, and this page draws whatever it receives; there is no tier branching
//! here. Channel managers get their own page: who acknowledged which announcement.

use crate::api;
use crate::components::{ApiErrorPanel, Loading, TierBadge, set_title};
use crate::format;
use crate::i18n::{t, tf};
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::Role;
use domain::home::{
    AnnouncementView, AttentionItem, ChannelManagerCard, CompanyProfile, Criterion,
    CriterionProgress, HomeView, ManagedAnnouncement, MdfBalance, NamedItem, NeedsAttention,
    Onboarding, OnboardingStep, PipelineSummary, Slot, Span, StageCount, TierProgress, Widget,
    WidgetData,
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
                        <span>{t("Vendor channel team")}</span>
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
                    <h1>{tf("Welcome, {name}", &[("name", &first)])}</h1>
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
        <Transition fallback=|| view! { <Loading label=t("Loading your home page…")/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! { <HomeGrid home role/> }.into_any(),
                    Err(error) => view! { <ApiErrorPanel error on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
                }
            })}
        </Transition>
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
        Widget::Announcements => "announcements",
    }
}

fn widget_title(data: &WidgetData) -> String {
    match data {
        WidgetData::NeedsAttention(_) => t("Needs your attention").to_owned(),
        WidgetData::ChannelManager(_) => t("Your channel manager").to_owned(),
        WidgetData::MdfBalance(_) => t("Co-marketing funds").to_owned(),
        WidgetData::ExclusiveCategories(_) => t("Exclusive registration categories").to_owned(),
        WidgetData::EarlyAccessCertifications(_) => t("Early-access certifications").to_owned(),
        WidgetData::PipelineSummary(_) => t("Pipeline summary").to_owned(),
        WidgetData::DealsByStage(_) => t("Deals by stage").to_owned(),
        WidgetData::RecommendedContent(_) => t("Recommended for your motions").to_owned(),
        WidgetData::TierProgress(Some(p)) => {
            tf("Progress toward {tier}", &[("tier", &p.next_tier.label())])
        }
        WidgetData::TierProgress(None) => t("Your tier").to_owned(),
        WidgetData::OnboardingChecklist(_) => t("Getting set up").to_owned(),
        WidgetData::GettingStarted(_) => t("Start here").to_owned(),
        WidgetData::Announcements(_) => t("Announcements").to_owned(),
    }
}

#[component]
fn WidgetBody(data: WidgetData, role: Role) -> impl IntoView {
    match data {
        WidgetData::NeedsAttention(n) => view! { <Attention data=n/> }.into_any(),
        WidgetData::ChannelManager(m) => view! { <ManagerCard data=m/> }.into_any(),
        WidgetData::MdfBalance(m) => view! { <Mdf data=m/> }.into_any(),
        WidgetData::ExclusiveCategories(items) => view! {
            <NamedList items empty=t("No exclusive categories right now.")/>
            <p><a href=AppRoute::NewDeal.path()>{t("Register a deal")}</a></p>
        }
        .into_any(),
        WidgetData::EarlyAccessCertifications(items) => {
            view! { <NamedList items empty=t("No early-access certifications open right now.")/> }
                .into_any()
        }
        WidgetData::PipelineSummary(s) => view! { <Summary data=s/> }.into_any(),
        WidgetData::DealsByStage(counts) => view! { <StageBars counts/> }.into_any(),
        WidgetData::RecommendedContent(assets) | WidgetData::GettingStarted(assets) => {
            view! { <AssetLinks assets/> }.into_any()
        }
        WidgetData::TierProgress(p) => view! { <Progress data=p/> }.into_any(),
        WidgetData::OnboardingChecklist(o) => view! { <Checklist data=o role/> }.into_any(),
        WidgetData::Announcements(items) => view! { <Announcements items/> }.into_any(),
    }
}

fn deal_link(item: &AttentionItem) -> impl IntoView + use<> {
    view! {
        <span>
            <a href=AppRoute::deal(item.id)>{item.customer.clone()}</a>
            <span class="muted">" · "{item.number.clone()}</span>
        </span>
    }
}

#[component]
fn Attention(data: NeedsAttention) -> impl IntoView {
    let now = format::now();
    if data.awaiting_decision.is_empty() && data.expiring_soon.is_empty() {
        return view! { <p class="muted">{t("Nothing needs your attention right now.")}</p> }
            .into_any();
    }
    view! {
        {(!data.awaiting_decision.is_empty()).then(|| view! {
            <h3>{t("Awaiting the vendor's decision")}</h3>
            <ul class="attention-list">
                {data.awaiting_decision.iter().map(|item| {
                    let due = item.decision_due_at.unwrap_or(now);
                    let overdue = due <= now;
                    let clock = if overdue {
                        tf("Decision overdue since {date}", &[("date", &format::date_time(due))])
                    } else {
                        tf("Decision due in {left}", &[("left", &format::duration(due - now))])
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
            <h3>{t("Protection expiring within 7 days")}</h3>
            <ul class="attention-list">
                {data.expiring_soon.iter().map(|item| {
                    let end = item.protection_end.unwrap_or(now);
                    view! {
                        <li>
                            {deal_link(item)}
                            <span class="clock clock--warning">
                                {tf("Ends {date} · {left} left", &[("date", &format::date(end)), ("left", &format::duration(end - now))])}
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
                <p class="muted">{t("Your first call for co-selling, approvals and escalations.")}</p>
            }
            .into_any()
        }
        None => {
            view! { <p class="muted">{t("A channel manager will be assigned to you shortly.")}</p> }
                .into_any()
        }
    }
}

#[component]
fn Mdf(data: Option<MdfBalance>) -> impl IntoView {
    let Some(m) = data else {
        return view! { <p class="muted">{t("No co-marketing funds are allocated this year.")}</p> }.into_any();
    };
    let available = m.available_minor();
    view! {
        <p class="widget__big">{format::money(available, &m.currency)}</p>
        <p>{tf("available of {allocated} allocated ({claimed} claimed)", &[
            ("allocated", &format::money(m.allocated_minor, &m.currency)),
            ("claimed", &format::money(m.claimed_minor, &m.currency)),
        ])}</p>
        <meter min="0" max=m.allocated_minor.to_string() value=m.claimed_minor.to_string()
            aria-label=t("Share of funds claimed")></meter>
        <p class="muted">{tf("Unclaimed funds lapse after {date}.", &[("date", &format::iso_date(&m.expires_on))])}</p>
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
        (t("Awaiting decision"), data.submitted),
        (t("Protected"), data.approved),
        (t("Won"), data.won),
        (t("Closed or lapsed"), data.lost_or_expired),
    ];
    view! {
        <dl class="stats">
            {stats.into_iter().map(|(label, n)| view! {
                <div><dt>{label}</dt><dd>{format::number(n)}</dd></div>
            }).collect_view()}
        </dl>
        {(!data.open_value.is_empty()).then(|| view! {
            <p>{t("Open value")}": "
                {data.open_value.iter().map(|a| format::money(a.minor, &a.currency)).collect::<Vec<_>>().join(" · ")}
            </p>
        })}
        <p><a href=AppRoute::Pipeline.path()>{t("Open the pipeline")}</a></p>
    }
}

/// A small horizontal bar chart of deals per stage, drawn as SVG by the app.
#[component]
fn StageBars(counts: Vec<StageCount>) -> impl IntoView {
    let total: i64 = counts.iter().map(|c| c.deals).sum();
    if total == 0 {
        return view! { <p class="muted">{t("No deals in a stage yet. Approved registrations appear here.")}</p> }.into_any();
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
            aria-label=tf("Deals by stage: {summary}", &[("summary", &summary)])>
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
        return view! { <p class="muted">{t("Nothing here yet.")}</p> }.into_any();
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
        <p><a href=AppRoute::Library.path()>{t("Browse the library")}</a></p>
    }
    .into_any()
}

fn criterion_label(c: Criterion) -> &'static str {
    match c {
        Criterion::AnnualRevenue => t("Annual revenue"),
        Criterion::ApprovedRegistrations => t("Approved registrations (12 months)"),
        Criterion::Certifications => t("Certifications"),
    }
}

fn criterion_value(p: &CriterionProgress) -> String {
    match p.criterion {
        Criterion::AnnualRevenue => tf(
            "{current} of {target}",
            &[
                ("current", &format::money(p.current, "USD")),
                ("target", &format::money(p.target, "USD")),
            ],
        ),
        _ => tf(
            "{current} of {target}",
            &[
                ("current", &format::number(p.current)),
                ("target", &format::number(p.target)),
            ],
        ),
    }
}

#[component]
fn Progress(data: Option<TierProgress>) -> impl IntoView {
    let Some(p) = data else {
        return view! { <p>{t("You are at the program's top tier. Thank you for partnering with us.")}</p> }.into_any();
    };
    let met = p.criteria.iter().filter(|c| c.met()).count();
    view! {
        <p>{tf("{met} of {total} criteria met.", &[("met", &met), ("total", &p.criteria.len())])}</p>
        <ul class="progress-list">
            {p.criteria.iter().map(|c| {
                let label = criterion_label(c.criterion);
                view! {
                    <li class:progress-list__met=c.met()>
                        <span class="progress-list__label">{label}</span>
                        <span class="progress-list__value">{criterion_value(c)}{c.met().then_some(" ✓")}</span>
                        <progress max="100" value=c.percent().to_string() aria-label=label>{format!("{}%", c.percent())}</progress>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn step_label(s: OnboardingStep) -> &'static str {
    match s {
        OnboardingStep::Profile => t("Confirm your company profile"),
        OnboardingStep::FirstContent => t("Open your first library asset"),
        OnboardingStep::FirstRegistration => t("Register your first deal"),
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
        <p role="status">{move || tf("{done} of {total} done", &[("done", &count()), ("total", &total)])}</p>
        <ol class="checklist">
            {items.into_iter().map(|item| {
                let step = item.step;
                let initially = item.done;
                let is_done = move || done(step, initially);
                let action = move || match step {
                    OnboardingStep::Profile => view! { <ProfileStep profile role/> }.into_any(),
                    OnboardingStep::FirstContent => view! { <a href=AppRoute::Library.path()>{t("Go to the library")}</a> }.into_any(),
                    OnboardingStep::FirstRegistration => view! { <a href=AppRoute::NewDeal.path()>{t("Register a deal")}</a> }.into_any(),
                };
                view! {
                    <li class="checklist__item" class:checklist__item--done=is_done>
                        <span class="checklist__mark" aria-hidden="true">{move || if is_done() { "✓" } else { "○" }}</span>
                        <span class="checklist__text">
                            <span>{step_label(step)}</span>
                            <span class="visually-hidden">{move || if is_done() { t(" (done)") } else { t(" (to do)") }}</span>
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
        <span class="muted">{tf("Motions: {motions}. Territories: {territories}.", &[("motions", &motions), ("territories", &territories)])}</span>
        {if role == Role::PartnerAdmin {
            view! {
                <button type="button" class="button button--small" disabled=move || busy.get() on:click=confirm>
                    {move || if busy.get() { t("Confirming…") } else { t("Confirm profile") }}
                </button>
            }.into_any()
        } else {
            view! { <span class="muted">{t("Your partner admin confirms it.")}</span> }.into_any()
        }}
        {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
    }
}

#[component]
fn Announcements(items: Vec<AnnouncementView>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{t("No announcements.")}</p> }.into_any();
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
                    {move || (!state.with(|s| s.read)).then(|| view! { <span class="announcement__new">{t("New")}</span> })}
                    {move || (state.with(|s| s.requires_ack && s.acknowledged_at.is_none())).then(|| view! {
                        <span class="announcement__ask">{t("Please acknowledge")}</span>
                    })}
                    <span class="muted announcement__date">{format::date(item.published_at)}</span>
                </summary>
                <p>{item.body.clone()}</p>
                {move || {
                    let s = state.get();
                    match (s.requires_ack, s.acknowledged_at) {
                        (true, Some(at)) => Some(view! {
                            <p class="notice notice--success">{tf("Acknowledged on {date}.", &[("date", &format::date_time(at))])}</p>
                        }.into_any()),
                        (true, None) => Some(view! {
                            <button type="button" class="button button--small" disabled=move || busy.get() on:click=move |_| mark(true)>
                                {move || if busy.get() { t("Saving…") } else { t("Acknowledge") }}
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
                <h2 id="widget-acks">{t("Announcements and acknowledgements")}</h2>
                <Transition fallback=|| view! { <Loading label=t("Loading announcements…")/> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(list) => view! { <AckTable list/> }.into_any(),
                            Err(error) => view! { <ApiErrorPanel error on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class="widget" data-span="half" aria-labelledby="widget-goto">
                <h2 id="widget-goto">{t("Go to")}</h2>
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
                            {tf("{tier} and above · published {date} · opened by {reads}", &[
                                ("tier", &a.min_tier.label()),
                                ("date", &format::date(a.published_at)),
                                ("reads", &a.reads),
                            ])}
                        </p>
                        {if !a.requires_ack {
                            view! { <p class="muted">{t("No acknowledgement asked.")}</p> }.into_any()
                        } else if acks.is_empty() {
                            view! { <p>{t("Nobody has acknowledged it yet.")}</p> }.into_any()
                        } else {
                            view! {
                                <p>{tf("Acknowledged by {n}:", &[("n", &acks.len())])}</p>
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
