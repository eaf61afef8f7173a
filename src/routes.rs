//! Every route of the SPA, defined once: `<Route>` paths, `<A>` links and navigation menus
//! all come from [`AppRoute`].

use crate::i18n::t;
use domain::Role;
use leptos_router::StaticSegment;

/// A page of the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppRoute {
    SignIn,
    Home,
    Library,
    /// The caller's registrations (a partner admin: the company's).
    Registrations,
    /// The deal registration form.
    NewRegistration,
    Pipeline,
    /// Partners: commission earned, its lines and (partner admins) the statements that pay it.
    Commissions,
    /// Channel managers: approving commission lines, issuing statements, recording payouts.
    ManageCommissions,
    /// Channel managers: registrations awaiting a decision.
    Approvals,
    /// Channel managers: publishing the enablement library.
    Content,
    /// Channel managers: the partner companies.
    Partners,
    /// Every component under each tier's theme (for channel managers and designers; reachable
    /// by its address, not in any navigation).
    StyleGuide,
    /// Partner admins: the registration form for their own websites.
    Embed,
}

impl AppRoute {
    /// The URL path, starting with `/`.
    pub fn path(self) -> &'static str {
        match self {
            AppRoute::SignIn => "/sign-in",
            AppRoute::Home => "/",
            AppRoute::Library => "/library",
            AppRoute::Registrations => "/registrations",
            AppRoute::NewRegistration => "/registrations/new",
            AppRoute::Pipeline => "/pipeline",
            AppRoute::Commissions => "/commissions",
            AppRoute::ManageCommissions => "/manage/commissions",
            AppRoute::Approvals => "/manage/approvals",
            AppRoute::Content => "/manage/content",
            AppRoute::Partners => "/manage/partners",
            AppRoute::StyleGuide => "/style-guide",
            AppRoute::Embed => "/partner/embed",
        }
    }

    /// The path's segments, for `<Route path=...>`.
    pub fn segments(self) -> Vec<&'static str> {
        self.path().split('/').filter(|s| !s.is_empty()).collect()
    }

    /// The matcher for `<Route path=...>`: up to two static segments (an empty one matches
    /// nothing and consumes nothing), so every route has the same type.
    pub fn matcher(self) -> (StaticSegment<&'static str>, StaticSegment<&'static str>) {
        let segments = self.segments();
        debug_assert!(segments.len() <= 2, "routes have at most two segments");
        (
            StaticSegment(segments.first().copied().unwrap_or("")),
            StaticSegment(segments.get(1).copied().unwrap_or("")),
        )
    }

    /// The label in navigation and page titles, in the UI's language.
    pub fn label(self) -> &'static str {
        match self {
            AppRoute::SignIn => t("common.sign_in"),
            AppRoute::Home => t("routes.home"),
            AppRoute::Library => t("common.library"),
            AppRoute::Registrations => t("common.registrations"),
            AppRoute::NewRegistration => t("common.register_a_deal"),
            AppRoute::Pipeline => t("routes.pipeline"),
            AppRoute::Commissions | AppRoute::ManageCommissions => t("routes.commissions"),
            AppRoute::Approvals => t("routes.approvals"),
            AppRoute::Content => t("common.content"),
            AppRoute::Partners => t("routes.partners"),
            AppRoute::StyleGuide => t("routes.style_guide"),
            AppRoute::Embed => t("routes.embed"),
        }
    }

    /// The main navigation for a role: partners and channel managers get different ones.
    pub fn navigation(role: Role) -> &'static [AppRoute] {
        if role == Role::PartnerAdmin {
            &[
                AppRoute::Home,
                AppRoute::Library,
                AppRoute::Registrations,
                AppRoute::Pipeline,
                AppRoute::Commissions,
                AppRoute::Embed,
            ]
        } else if role.is_partner() {
            &[
                AppRoute::Home,
                AppRoute::Library,
                AppRoute::Registrations,
                AppRoute::Pipeline,
                AppRoute::Commissions,
            ]
        } else {
            &[
                AppRoute::Home,
                AppRoute::Approvals,
                AppRoute::ManageCommissions,
                AppRoute::Content,
                AppRoute::Partners,
                AppRoute::Pipeline,
            ]
        }
    }

    /// A registration's page.
    pub fn registration(id: i64) -> String {
        format!("{}/{id}", AppRoute::Registrations.path())
    }

    /// A commission statement's page (partner admins).
    pub fn statement(id: i64) -> String {
        format!("{}/statements/{id}", AppRoute::Commissions.path())
    }

    /// Channel managers: a commission statement's page.
    pub fn manage_statement(id: i64) -> String {
        format!("{}/statements/{id}", AppRoute::ManageCommissions.path())
    }

    /// An asset's page in the library.
    pub fn asset(id: i64) -> String {
        format!("{}/{id}", AppRoute::Library.path())
    }

    /// Channel managers: a partner company's page.
    pub fn partner(id: i64) -> String {
        format!("{}/{id}", AppRoute::Partners.path())
    }

    /// Channel managers: the form editing an asset (`None`: a new one).
    pub fn edit_asset(id: Option<i64>) -> String {
        match id {
            Some(id) => format!("{}/{id}", AppRoute::Content.path()),
            None => format!("{}/new", AppRoute::Content.path()),
        }
    }

    /// The sign-in page's address, remembering where to return afterwards.
    pub fn sign_in_then(next: &str) -> String {
        if next.is_empty() || next == "/" || next.starts_with(AppRoute::SignIn.path()) {
            AppRoute::SignIn.path().to_owned()
        } else {
            format!(
                "{}?next={}",
                AppRoute::SignIn.path(),
                encode_component(next)
            )
        }
    }

    /// The address to come back to: `path` and the router's `search` (which comes without its
    /// `?`), e.g. `/pipeline?status=approved&sort=customer`.
    pub fn return_address(path: &str, search: &str) -> String {
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{search}")
        }
    }

    /// The current address of an older one: `/deals…` became `/registrations…` (links in
    /// e-mails and bookmarks keep working; the query is kept). `None` for any other path.
    pub fn moved(path: &str, search: &str) -> Option<String> {
        let rest = path.strip_prefix("/deals")?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let now = format!("{}{rest}", AppRoute::Registrations.path());
        Some(Self::return_address(&now, search))
    }

    /// Where to go after signing in: only a local path, never another site.
    pub fn safe_next(next: Option<&str>) -> String {
        match next {
            Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => {
                n.to_owned()
            }
            _ => AppRoute::Home.path().to_owned(),
        }
    }
}

/// Percent-encodes a URL query component.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_deals_link_leads_to_the_same_registration_page() {
        assert_eq!(
            AppRoute::moved("/deals", "").as_deref(),
            Some("/registrations")
        );
        assert_eq!(
            AppRoute::moved("/deals/new", "").as_deref(),
            Some("/registrations/new")
        );
        assert_eq!(
            AppRoute::moved("/deals/734912", "tab=history").as_deref(),
            Some("/registrations/734912?tab=history")
        );
        assert_eq!(AppRoute::moved("/dealsx", ""), None);
        assert_eq!(AppRoute::moved("/pipeline", ""), None);
    }

    #[test]
    fn a_deep_link_keeps_its_query_through_sign_in() {
        let here = AppRoute::return_address("/pipeline", "status=approved&sort=customer");
        assert_eq!(here, "/pipeline?status=approved&sort=customer");
        assert_eq!(
            AppRoute::return_address("/pipeline", "?q=a"),
            "/pipeline?q=a"
        );
        assert_eq!(
            AppRoute::return_address("/registrations", ""),
            "/registrations"
        );
        assert_eq!(
            AppRoute::sign_in_then(&here),
            "/sign-in?next=/pipeline%3Fstatus%3Dapproved%26sort%3Dcustomer"
        );
    }

    #[test]
    fn partners_and_managers_get_different_navigation() {
        assert!(AppRoute::navigation(Role::PartnerUser).contains(&AppRoute::Registrations));
        assert!(!AppRoute::navigation(Role::ChannelManager).contains(&AppRoute::Registrations));
        assert!(AppRoute::navigation(Role::ChannelManager).contains(&AppRoute::Approvals));
        assert!(!AppRoute::navigation(Role::PartnerUser).contains(&AppRoute::StyleGuide));
        assert!(!AppRoute::navigation(Role::PartnerAdmin).contains(&AppRoute::StyleGuide));
    }

    #[test]
    fn only_partner_admins_find_the_embed_page_in_their_navigation() {
        assert!(AppRoute::navigation(Role::PartnerAdmin).contains(&AppRoute::Embed));
        assert!(!AppRoute::navigation(Role::PartnerUser).contains(&AppRoute::Embed));
        assert!(!AppRoute::navigation(Role::ChannelManager).contains(&AppRoute::Embed));
        assert_eq!(AppRoute::Embed.segments(), vec!["partner", "embed"]);
    }

    #[test]
    fn partners_find_commissions_after_the_pipeline_and_managers_after_approvals() {
        let admin = AppRoute::navigation(Role::PartnerAdmin);
        assert_eq!(
            admin,
            [
                AppRoute::Home,
                AppRoute::Library,
                AppRoute::Registrations,
                AppRoute::Pipeline,
                AppRoute::Commissions,
                AppRoute::Embed,
            ]
        );
        let user = AppRoute::navigation(Role::PartnerUser);
        assert_eq!(user.last(), Some(&AppRoute::Commissions));
        assert!(!user.contains(&AppRoute::ManageCommissions));
        let manager = AppRoute::navigation(Role::ChannelManager);
        let approvals = manager.iter().position(|r| *r == AppRoute::Approvals);
        let commissions = manager
            .iter()
            .position(|r| *r == AppRoute::ManageCommissions);
        assert_eq!(commissions, approvals.map(|i| i + 1));
        assert!(!manager.contains(&AppRoute::Commissions));
    }

    #[test]
    fn a_partner_page_lives_under_the_partner_list() {
        assert_eq!(AppRoute::Partners.segments(), vec!["manage", "partners"]);
        assert_eq!(AppRoute::partner(7), "/manage/partners/7");
    }

    #[test]
    fn statement_pages_live_under_their_commissions_page() {
        assert_eq!(AppRoute::Commissions.segments(), vec!["commissions"]);
        assert_eq!(
            AppRoute::ManageCommissions.segments(),
            vec!["manage", "commissions"]
        );
        assert_eq!(AppRoute::statement(42), "/commissions/statements/42");
        assert_eq!(
            AppRoute::manage_statement(42),
            "/manage/commissions/statements/42"
        );
    }

    #[test]
    fn the_return_address_is_kept_and_only_ever_local() {
        assert_eq!(
            AppRoute::sign_in_then("/pipeline?stage=2"),
            "/sign-in?next=/pipeline%3Fstage%3D2"
        );
        assert_eq!(AppRoute::sign_in_then("/"), "/sign-in");
        assert_eq!(AppRoute::safe_next(Some("/pipeline")), "/pipeline");
        assert_eq!(AppRoute::safe_next(Some("//evil.example")), "/");
        assert_eq!(AppRoute::safe_next(Some("https://evil.example")), "/");
        assert_eq!(AppRoute::safe_next(None), "/");
    }

    #[test]
    fn segments_split_the_path() {
        assert_eq!(AppRoute::Approvals.segments(), vec!["manage", "approvals"]);
        assert!(AppRoute::Home.segments().is_empty());
    }
}
