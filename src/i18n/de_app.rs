//! German for the shell, shared components, routes, formatting, the domain's labels and the
//! messages any page may show (the API client's and the server's general errors).
//!
//! Words other catalogs use too ("Library", "Motion", "Status", …) are repeated here so each
//! area stays complete on its own; the catalog test requires the repetitions to agree.

pub static ENTRIES: &[(&str, &str)] = &[
    // formatting
    ("{n} min", "{n} Min."),
    ("{n} h", "{n} Std."),
    ("1 day", "1 Tag"),
    ("{n} days", "{n} Tage"),
    ("Protection ended {date}", "Schutz endete am {date}"),
    (
        "Protected until {date} · {left} left",
        "Geschützt bis {date} · noch {left}",
    ),
    ("until {date} · {left}", "bis {date} · {left}"),
    ("decision due in {time}", "Entscheidung fällig in {time}"),
    (
        "decision overdue by {time}",
        "Entscheidung seit {time} fällig",
    ),
    // language
    ("Language", "Sprache"),
    // paged lists
    ("Show more", "Mehr anzeigen"),
    ("Loading more…", "Weitere werden geladen…"),
    // routes (navigation and page titles)
    ("Sign in", "Anmelden"),
    ("Home", "Startseite"),
    ("Library", "Bibliothek"),
    ("Deals", "Deals"),
    ("Register a deal", "Deal registrieren"),
    ("Pipeline", "Pipeline"),
    ("Approvals", "Freigaben"),
    ("Content", "Inhalte"),
    ("Partners", "Partner"),
    ("Style guide", "Styleguide"),
    // shell and user menu
    ("Loading your portal…", "Ihr Portal wird geladen …"),
    ("Vendor channel team", "Channel-Team des Herstellers"),
    ("Skip to content", "Zum Inhalt springen"),
    ("Main", "Hauptnavigation"),
    (" — account menu", " – Kontomenü"),
    ("Signing out…", "Abmeldung läuft …"),
    ("Sign out", "Abmelden"),
    // error panel
    ("Something went wrong", "Etwas ist schiefgelaufen"),
    ("Try again", "Erneut versuchen"),
    ("Not available to you", "Für Sie nicht verfügbar"),
    ("Not found", "Nicht gefunden"),
    // a page whose code could not be fetched, or is on its way
    ("Loading the page…", "Die Seite wird geladen …"),
    (
        "This page could not be loaded",
        "Diese Seite konnte nicht geladen werden",
    ),
    (
        "Check your connection, then try again.",
        "Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    ),
    // tier badge, status badge, clocks
    ("{tier} partner", "{tier}-Partner"),
    ("Overdue:", "Überfällig:"),
    ("Expiring soon:", "Läuft bald ab:"),
    // motions
    ("Motion", "Vertriebsweg"),
    ("Referral", "Empfehlung"),
    ("Reseller", "Reseller"),
    ("Marketplace", "Marktplatz"),
    ("Services (SI/MSP)", "Services (SI/MSP)"),
    ("Technology (ISV)", "Technologie (ISV)"),
    // registration statuses
    ("Status", "Status"),
    ("Awaiting decision", "Entscheidung ausstehend"),
    ("Approved", "Freigegeben"),
    ("Rejected", "Abgelehnt"),
    ("Expired", "Abgelaufen"),
    ("Won", "Gewonnen"),
    ("Lost", "Verloren"),
    // roles
    ("Partner user", "Partner-Benutzer"),
    ("Partner admin", "Partner-Admin"),
    ("Channel manager", "Channel-Manager"),
    // tiers (the program's names, the same in German)
    ("Bronze", "Bronze"),
    ("Silver", "Silver"),
    ("Gold", "Gold"),
    // pipeline fields partners may see
    ("Stage", "Phase"),
    ("Vendor owner", "Zuständig"),
    ("Next step", "Nächster Schritt"),
    ("Protection status and expiry", "Schutzstatus und Ablauf"),
    ("Last activity", "Letzte Aktivität"),
    // stages of each motion (the server stores and sends them in English)
    ("Intro Logged", "Intro erfasst"),
    ("Validate", "Validieren"),
    ("Prove Value", "Nutzen belegen"),
    ("Commercials", "Konditionen"),
    ("Closed & Credit", "Abschluss & Gutschrift"),
    ("Deal Registration", "Deal-Registrierung"),
    ("Qualification", "Qualifizierung"),
    ("Configure & Quote", "Konfiguration & Angebot"),
    ("Transact", "Transaktion"),
    ("Launch & Enable", "Launch & Enablement"),
    ("Listing Ready", "Listing bereit"),
    ("Private Offer", "Privates Angebot"),
    ("Procurement", "Beschaffung"),
    ("Close & Disburse", "Abschluss & Auszahlung"),
    ("Adopt & Expand", "Nutzung & Ausbau"),
    ("Solution Design", "Lösungsdesign"),
    ("Proof / Workshop", "Proof / Workshop"),
    ("Delivery", "Umsetzung"),
    ("Handoff", "Übergabe"),
    ("Integration Fit", "Integrationsprüfung"),
    ("Field Readiness", "Vertriebsbereitschaft"),
    ("Pipeline Activation", "Pipeline-Aktivierung"),
    ("Validation", "Validierung"),
    ("Commercials & Close", "Konditionen & Abschluss"),
    // the API client
    (
        "Portico could not reach the server. Check your connection and try again.",
        "Portico kann den Server nicht erreichen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    ),
    (
        "The server answered with status {status}.",
        "Der Server antwortete mit Status {status}.",
    ),
    (
        "The server's answer could not be read ({error}).",
        "Die Antwort des Servers konnte nicht gelesen werden ({error}).",
    ),
    // the server's general errors (crates/api: error.rs, auth, security, extract)
    (
        "Some fields need attention.",
        "Einige Felder müssen korrigiert werden.",
    ),
    (
        "Nothing was found at this address.",
        "Unter dieser Adresse wurde nichts gefunden.",
    ),
    (
        "Something went wrong on our side. Please try again in a moment.",
        "Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.",
    ),
    (
        "Sign in to continue.",
        "Melden Sie sich an, um fortzufahren.",
    ),
    (
        "Your session has ended. Sign in again.",
        "Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.",
    ),
    (
        "Only partner users can do this.",
        "Nur Partner-Benutzer können das tun.",
    ),
    (
        "Only channel managers can do this.",
        "Nur Channel-Manager können das tun.",
    ),
    (
        "Only your company's partner admins can do this.",
        "Nur die Partner-Admins Ihres Unternehmens können das tun.",
    ),
    (
        "This request came from another site and was refused.",
        "Diese Anfrage kam von einer anderen Website und wurde abgelehnt.",
    ),
    ("This field is required.", "Dieses Feld ist erforderlich."),
];
