//! German for the pages (sign-in, deals, registration form and page, approvals, pipeline, not
//! found, sections) and for the messages they show from the domain's rules and the server.

pub static ENTRIES: &[(&str, &str)] = &[
    // sign-in
    (
        "Sign in to your partner portal",
        "Melden Sie sich bei Ihrem Partnerportal an",
    ),
    ("E-mail", "E-Mail"),
    ("Password", "Passwort"),
    ("Signing in…", "Anmeldung läuft …"),
    // not found
    ("Page not found", "Seite nicht gefunden"),
    (
        "There is no page at {path}.",
        "Unter {path} gibt es keine Seite.",
    ),
    ("Go to your home page", "Zur Startseite"),
    // sections still being built
    (
        "Plays, case studies, talk tracks and pricing matrices for your motions, searchable as you type.",
        "Plays, Fallstudien, Gesprächsleitfäden und Preismatrizen für Ihre Vertriebswege – durchsuchbar schon beim Tippen.",
    ),
    (
        "Register deals, see each registration's status, decision clock and protection window.",
        "Registrieren Sie Deals und sehen Sie zu jeder Registrierung Status, Entscheidungsfrist und Schutzzeitraum.",
    ),
    (
        "Your registered deals by stage, with only the fields shared with partners.",
        "Ihre registrierten Deals nach Phase – nur mit den Feldern, die für Partner freigegeben sind.",
    ),
    (
        "Registrations waiting for a decision, oldest first, with their approval clock.",
        "Registrierungen, die auf eine Entscheidung warten – die ältesten zuerst, mit ihrer Entscheidungsfrist.",
    ),
    (
        "Publish, edit and retire enablement assets for each tier.",
        "Enablement-Dokumente für jede Stufe veröffentlichen, bearbeiten und zurückziehen.",
    ),
    (
        "The partner companies in the program, their tiers and people.",
        "Die Partnerunternehmen im Programm, ihre Stufen und Ansprechpartner.",
    ),
    (
        "Nothing to show here yet.",
        "Hier gibt es noch nichts anzuzeigen.",
    ),
    // deals
    ("My registrations", "Meine Registrierungen"),
    ("Continue your draft", "Entwurf fortsetzen"),
    (
        "Loading your registrations…",
        "Ihre Registrierungen werden geladen …",
    ),
    (
        "You have no registrations yet.",
        "Sie haben noch keine Registrierungen.",
    ),
    (
        "Register a deal to protect your customer for the program's protection window.",
        "Registrieren Sie einen Deal, um Ihren Kunden für den Schutzzeitraum des Programms zu sichern.",
    ),
    ("Registrations", "Registrierungen"),
    (
        "Possible conflict with another registration",
        "Möglicher Konflikt mit einer anderen Registrierung",
    ),
    // registration form
    ("Loading the form…", "Formular wird geladen …"),
    (
        "1 field needs attention before you can submit.",
        "1 Feld muss vor dem Absenden korrigiert werden.",
    ),
    (
        "{n} fields need attention before you can submit.",
        "{n} Felder müssen vor dem Absenden korrigiert werden.",
    ),
    (
        "{category} — {tier} benefit",
        "{category} – Vorteil ab {tier}",
    ),
    ("Standard", "Standard"),
    ("Strategic account", "Strategischer Account"),
    ("Competitive displacement", "Ablösung eines Wettbewerbers"),
    (
        "Sourced — we found this opportunity",
        "Selbst generiert – von uns gefunden",
    ),
    (
        "Influenced — we helped an existing opportunity",
        "Beeinflusst – bestehende Chance unterstützt",
    ),
    (
        "We restored the draft you started earlier.",
        "Wir haben Ihren begonnenen Entwurf wiederhergestellt.",
    ),
    (
        "Approved registrations protect the customer for {days} days. The channel team decides within {hours} hours.",
        "Freigegebene Registrierungen schützen den Kunden {days} Tage lang. Das Channel-Team entscheidet innerhalb von {hours} Stunden.",
    ),
    ("The deal", "Der Deal"),
    (
        "Choose how you sell this deal",
        "Wählen Sie, wie Sie diesen Deal verkaufen",
    ),
    ("Registration category", "Registrierungskategorie"),
    ("Products", "Produkte"),
    (
        "Separate several with commas.",
        "Mehrere durch Kommas trennen.",
    ),
    ("Estimated value", "Geschätzter Wert"),
    ("Currency", "Währung"),
    ("Expected close date", "Voraussichtliches Abschlussdatum"),
    ("Sourced or influenced", "Selbst generiert oder beeinflusst"),
    ("Attribution %", "Anteil in %"),
    ("The customer", "Der Kunde"),
    ("Legal name", "Offizieller Firmenname"),
    ("Web domain", "Webdomain"),
    ("Like acme.com.", "Zum Beispiel acme.com."),
    ("Country", "Land"),
    ("Choose a country", "Land auswählen"),
    (
        "We already serve this customer (incumbent)",
        "Wir betreuen diesen Kunden bereits (Bestandskunde)",
    ),
    ("Check customer", "Kunden prüfen"),
    ("Customer contact", "Ansprechpartner beim Kunden"),
    ("Name", "Name"),
    ("Role", "Funktion"),
    (
        "Like CIO or Head of Procurement.",
        "Zum Beispiel CIO oder Leitung Einkauf.",
    ),
    (
        "Notes for the channel team (optional)",
        "Hinweise für das Channel-Team (optional)",
    ),
    (
        "Your draft is saved in this browser.",
        "Ihr Entwurf ist in diesem Browser gespeichert.",
    ),
    ("Submitting…", "Wird gesendet …"),
    ("Submit registration", "Registrierung absenden"),
    ("Draft discarded.", "Entwurf verworfen."),
    ("Undo", "Rückgängig"),
    ("{number} saved.", "{number} gespeichert."),
    ("Discard draft", "Entwurf verwerfen"),
    (
        "Draft saved in this browser.",
        "Entwurf in diesem Browser gespeichert.",
    ),
    ("Free", "Frei"),
    ("Possible conflict", "Möglicher Konflikt"),
    ("Protected until {date}", "Geschützt bis {date}"),
    // registration page
    ("Loading the registration…", "Registrierung wird geladen …"),
    ("Registration not found", "Registrierung nicht gefunden"),
    (
        "There is no registration at this address, or it is not shared with you.",
        "Unter dieser Adresse gibt es keine Registrierung, oder sie ist nicht für Sie freigegeben.",
    ),
    (
        "Registration {number} submitted — {clock}.",
        "Registrierung {number} eingereicht – {clock}.",
    ),
    ("Category", "Kategorie"),
    ("Customer", "Kunde"),
    ("Contact", "Kontakt"),
    ("Expected close", "Geplanter Abschluss"),
    ("Attribution", "Zuordnung"),
    ("Sourced", "Selbst generiert"),
    ("Influenced", "Beeinflusst"),
    ("Relationship", "Kundenstatus"),
    (
        "Incumbent (we already serve this customer)",
        "Bestandskunde (wir betreuen ihn bereits)",
    ),
    ("Net-new customer", "Neukunde"),
    ("Submitted", "Eingereicht"),
    ("{date} by {name}", "{date} von {name}"),
    ("Your notes", "Ihre Hinweise"),
    ("Rejected:", "Abgelehnt:"),
    ("Details", "Details"),
    ("History", "Verlauf"),
    ("Protection", "Schutz"),
    (
        "Extension requested — the channel team will decide.",
        "Verlängerung beantragt – das Channel-Team entscheidet.",
    ),
    (
        "Need more time? Tell the channel team why",
        "Mehr Zeit nötig? Nennen Sie dem Channel-Team den Grund",
    ),
    ("Sending…", "Wird gesendet …"),
    ("Request an extension", "Verlängerung beantragen"),
    // history entries (the server sends these labels)
    ("Protection expired", "Schutz abgelaufen"),
    ("Extension requested", "Verlängerung beantragt"),
    ("Protection extended", "Schutz verlängert"),
    ("Stage changed", "Phase geändert"),
    // approvals
    ("Extension requests", "Verlängerungsanträge"),
    ("Queue", "Warteschlange"),
    ("Loading the queue…", "Warteschlange wird geladen …"),
    (
        "Nothing waiting here. Well done.",
        "Hier wartet nichts. Gut gemacht.",
    ),
    (
        "Enter the number of days, from 1 to 180.",
        "Geben Sie die Anzahl der Tage ein, von 1 bis 180.",
    ),
    ("certified", "zertifiziert"),
    ("submitted {date}", "eingereicht am {date}"),
    (
        "Conflict: other registrations claim this customer",
        "Konflikt: Andere Registrierungen beanspruchen diesen Kunden",
    ),
    ("protected until {date}", "geschützt bis {date}"),
    ("ranks first", "hat Vorrang"),
    ("ranks after this one", "nachrangig"),
    ("Extension requested:", "Verlängerung beantragt:"),
    ("Approve", "Freigeben"),
    ("Reject…", "Ablehnen …"),
    ("Extend by (days)", "Verlängern um (Tage)"),
    ("Extend protection", "Schutz verlängern"),
    ("Reason for the partner", "Begründung für den Partner"),
    ("Reject registration", "Registrierung ablehnen"),
    // pipeline
    ("Loading your pipeline…", "Ihre Pipeline wird geladen …"),
    (
        "Fields shared with you: {fields}.",
        "Für Sie freigegebene Felder: {fields}.",
    ),
    (
        "customer, motion and status only",
        "nur Kunde, Vertriebsweg und Status",
    ),
    ("Loading the pipeline…", "Pipeline wird geladen …"),
    (
        "Saved: partners now see these fields.",
        "Gespeichert: Partner sehen jetzt diese Felder.",
    ),
    (
        "Fields shared with partners",
        "Für Partner freigegebene Felder",
    ),
    (
        "Customer, motion and status are always shown. Internal fields can never be shared.",
        "Kunde, Vertriebsweg und Status sind immer sichtbar. Interne Felder können nie freigegeben werden.",
    ),
    ("Save shared fields", "Freigaben speichern"),
    ("Filter", "Filter"),
    (
        "Customer, number, owner or next step",
        "Kunde, Nummer, Zuständig oder nächster Schritt",
    ),
    ("All motions", "Alle Vertriebswege"),
    ("All stages", "Alle Phasen"),
    (
        "Protection expiring within 7 days",
        "Schutz endet innerhalb von 7 Tagen",
    ),
    ("All statuses", "Alle Status"),
    ("{shown} of {total} deals", "{shown} von {total} Deals"),
    ("Export CSV", "CSV exportieren"),
    ("Deals by stage", "Deals nach Phase"),
    ("Deals by stage: {summary}", "Deals nach Phase: {summary}"),
    ("Actions", "Aktionen"),
    (
        "No deals match these filters.",
        "Keine Deals passen zu diesen Filtern.",
    ),
    ("ended {date}", "endete am {date}"),
    ("Edit {number}", "{number} ändern"),
    ("Edit", "Ändern"),
    (
        "Margin is a whole percentage, like 22.",
        "Die Marge ist ein ganzzahliger Prozentwert, z. B. 22.",
    ),
    (
        "Internal (never shown to partners)",
        "Intern (für Partner nie sichtbar)",
    ),
    ("Deal amount", "Deal-Betrag"),
    ("Discount band", "Rabattstufe"),
    ("Margin %", "Marge in %"),
    ("Internal notes", "Interne Notizen"),
    ("Competitor notes", "Notizen zum Wettbewerb"),
    ("Save", "Speichern"),
    ("Cancel", "Abbrechen"),
    //
    // Messages from the domain's rules (crates/domain), checked in the form and on the server.
    //
    // sign-in and e-mail addresses
    (
        "Enter your e-mail address.",
        "Geben Sie Ihre E-Mail-Adresse ein.",
    ),
    (
        "An e-mail address has at most 254 characters.",
        "Eine E-Mail-Adresse hat höchstens 254 Zeichen.",
    ),
    (
        "An e-mail address has no spaces.",
        "Eine E-Mail-Adresse enthält keine Leerzeichen.",
    ),
    (
        "Enter the full address, with an @ and a domain, like name@company.com.",
        "Geben Sie die vollständige Adresse mit @ und Domain ein, z. B. name@firma.de.",
    ),
    ("Enter your password.", "Geben Sie Ihr Passwort ein."),
    (
        "A password has at most 1024 characters.",
        "Ein Passwort hat höchstens 1024 Zeichen.",
    ),
    (
        "That e-mail and password do not match an account. Check both and try again.",
        "E-Mail-Adresse und Passwort passen zu keinem Konto. Prüfen Sie beides und versuchen Sie es erneut.",
    ),
    // the registration form
    (
        "Choose how you sell this deal: referral, reseller, marketplace, services or tech.",
        "Wählen Sie, wie Sie diesen Deal verkaufen: Empfehlung, Reseller, Marktplatz, Services oder Technologie.",
    ),
    (
        "Choose one of the registration categories your tier offers.",
        "Wählen Sie eine der Registrierungskategorien Ihrer Stufe.",
    ),
    (
        "Enter the customer's legal name.",
        "Geben Sie den offiziellen Firmennamen des Kunden ein.",
    ),
    (
        "Enter the customer's legal name (2 characters or more).",
        "Geben Sie den offiziellen Firmennamen des Kunden ein (mindestens 2 Zeichen).",
    ),
    (
        "Keep the customer's legal name to 200 characters or fewer.",
        "Der offizielle Firmenname des Kunden darf höchstens 200 Zeichen lang sein.",
    ),
    (
        "Enter the customer's web domain, like acme.com.",
        "Geben Sie die Webdomain des Kunden ein, z. B. acme.com.",
    ),
    (
        "That is not a web domain. Enter it like acme.com.",
        "Das ist keine Webdomain. Geben Sie sie in der Form acme.com ein.",
    ),
    (
        "Choose the customer's country.",
        "Wählen Sie das Land des Kunden.",
    ),
    (
        "Enter the contact's name.",
        "Geben Sie den Namen des Ansprechpartners ein.",
    ),
    (
        "Enter the contact's name (2 characters or more).",
        "Geben Sie den Namen des Ansprechpartners ein (mindestens 2 Zeichen).",
    ),
    (
        "Keep the contact's name to 120 characters or fewer.",
        "Der Name des Ansprechpartners darf höchstens 120 Zeichen lang sein.",
    ),
    (
        "Enter the customer contact's e-mail address.",
        "Geben Sie die E-Mail-Adresse des Ansprechpartners beim Kunden ein.",
    ),
    (
        "The contact's e-mail address has at most 254 characters.",
        "Die E-Mail-Adresse des Ansprechpartners hat höchstens 254 Zeichen.",
    ),
    (
        "The contact's e-mail address has no spaces.",
        "Die E-Mail-Adresse des Ansprechpartners enthält keine Leerzeichen.",
    ),
    (
        "Enter the contact's full address, with an @ and a domain, like name@company.com.",
        "Geben Sie die vollständige Adresse des Ansprechpartners mit @ und Domain ein, z. B. name@firma.de.",
    ),
    (
        "Enter the contact's role, like CIO.",
        "Geben Sie die Funktion des Ansprechpartners ein, z. B. CIO.",
    ),
    (
        "Enter the contact's role, like CIO (2 characters or more).",
        "Geben Sie die Funktion des Ansprechpartners ein, z. B. CIO (mindestens 2 Zeichen).",
    ),
    (
        "Keep the contact's role, like CIO to 120 characters or fewer.",
        "Die Funktion des Ansprechpartners darf höchstens 120 Zeichen lang sein.",
    ),
    (
        "Remove control characters such as line breaks or tabs.",
        "Entfernen Sie Steuerzeichen wie Zeilenumbrüche oder Tabulatoren.",
    ),
    (
        "Name at least one product.",
        "Nennen Sie mindestens ein Produkt.",
    ),
    (
        "List at most 20 products.",
        "Nennen Sie höchstens 20 Produkte.",
    ),
    (
        "Enter the deal's estimated value, like 125000.",
        "Geben Sie den geschätzten Wert des Deals ein, z. B. 125000.",
    ),
    (
        "Enter the estimated value as a number, like 125000 or 9950.50.",
        "Geben Sie den geschätzten Wert als Zahl ein, z. B. 125000 oder 9950.50 (Dezimalpunkt).",
    ),
    (
        "Use at most two decimals for the estimated value.",
        "Verwenden Sie für den geschätzten Wert höchstens zwei Nachkommastellen (mit Dezimalpunkt).",
    ),
    ("That value is too large.", "Dieser Wert ist zu groß."),
    (
        "That value is larger than any deal the program registers (10 billion).",
        "Dieser Wert ist größer als jeder Deal, den das Programm registriert (10 Milliarden).",
    ),
    (
        "The estimated value must be more than zero.",
        "Der geschätzte Wert muss größer als null sein.",
    ),
    (
        "Choose a currency from the list.",
        "Wählen Sie eine Währung aus der Liste.",
    ),
    (
        "The expected close date is in the past. Choose today or a later date.",
        "Das voraussichtliche Abschlussdatum liegt in der Vergangenheit. Wählen Sie heute oder ein späteres Datum.",
    ),
    (
        "Choose a close date within the next three years.",
        "Wählen Sie ein Abschlussdatum innerhalb der nächsten drei Jahre.",
    ),
    (
        "Enter the expected close date as a date (YYYY-MM-DD).",
        "Geben Sie das voraussichtliche Abschlussdatum als Datum ein (JJJJ-MM-TT).",
    ),
    (
        "Say whether you sourced this deal or influenced it.",
        "Geben Sie an, ob Sie diesen Deal selbst generiert oder beeinflusst haben.",
    ),
    (
        "Enter your attribution as a whole number from 1 to 100.",
        "Geben Sie Ihren Anteil als ganze Zahl von 1 bis 100 ein.",
    ),
    (
        "Notes contain control characters; remove them.",
        "Die Hinweise enthalten Steuerzeichen; entfernen Sie sie.",
    ),
    // the customer check's rules
    (
        "No other registration claims this customer.",
        "Keine andere Registrierung beansprucht diesen Kunden.",
    ),
    (
        "Another registration may already claim this customer; the program's conflict rules will decide.",
        "Eine andere Registrierung beansprucht diesen Kunden möglicherweise bereits; die Konfliktregeln des Programms entscheiden.",
    ),
    (
        "Another registration for this customer is awaiting a decision; the program's conflict rules will decide between them.",
        "Für diesen Kunden wartet eine andere Registrierung auf eine Entscheidung; die Konfliktregeln des Programms entscheiden zwischen beiden.",
    ),
    (
        "Your company already has a registration for this customer awaiting a decision.",
        "Ihr Unternehmen hat für diesen Kunden bereits eine Registrierung, die auf eine Entscheidung wartet.",
    ),
    (
        "An approved registration protects this customer: registered beats unregistered.",
        "Eine freigegebene Registrierung schützt diesen Kunden: Registriert schlägt nicht registriert.",
    ),
    (
        "Your company already holds protection for this customer.",
        "Ihr Unternehmen hat für diesen Kunden bereits Schutz.",
    ),
    (
        "Incumbent beats net-new.",
        "Bestandskunde schlägt Neukunde.",
    ),
    (
        "Certification breaks the tie.",
        "Bei Gleichstand entscheidet die Zertifizierung.",
    ),
    (
        "First come, first served.",
        "Wer zuerst kommt, mahlt zuerst.",
    ),
    ("Tier priority.", "Vorrang nach Stufe."),
    // reasons, extensions and decisions
    (
        "Give a reason of at least 5 characters; the partner will read it.",
        "Geben Sie eine Begründung mit mindestens 5 Zeichen an; der Partner liest sie.",
    ),
    (
        "Keep the reason to 1000 characters or fewer.",
        "Die Begründung darf höchstens 1000 Zeichen lang sein.",
    ),
    (
        "Extend by 1 to 180 days.",
        "Verlängern Sie um 1 bis 180 Tage.",
    ),
    (
        "This registration was decided a moment ago by someone else.",
        "Über diese Registrierung hat gerade jemand anderes entschieden.",
    ),
    (
        "Enter the customer's web domain (or their legal name and country) to check them.",
        "Geben Sie zur Prüfung die Webdomain des Kunden ein (oder Firmenname und Land).",
    ),
    (
        "This draft was already submitted with different details. Start a new registration to register another deal.",
        "Dieser Entwurf wurde bereits mit anderen Angaben eingereicht. Beginnen Sie eine neue Registrierung, um einen weiteren Deal zu registrieren.",
    ),
    (
        "Only an approved registration with protection still running can be extended.",
        "Nur eine freigegebene Registrierung mit laufendem Schutz kann verlängert werden.",
    ),
    (
        "An extension request for this registration is already waiting for the channel team.",
        "Für diese Registrierung liegt dem Channel-Team bereits ein Verlängerungsantrag vor.",
    ),
    // lifecycle: what a channel manager may meet when a registration changed meanwhile
    (
        "A registration that is approved cannot be changed to approve: only expiry, extension, won or lost follow approval.",
        "Diese Registrierung ist bereits freigegeben: Auf die Freigabe folgen nur Ablauf, Verlängerung, Gewinn oder Verlust.",
    ),
    (
        "A registration that is approved cannot be changed to reject: only expiry, extension, won or lost follow approval.",
        "Eine freigegebene Registrierung kann nicht abgelehnt werden: Auf die Freigabe folgen nur Ablauf, Verlängerung, Gewinn oder Verlust.",
    ),
    (
        "A registration that is rejected cannot be changed to approve: only no further change is possible once it is closed.",
        "Eine abgelehnte Registrierung kann nicht freigegeben werden: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is rejected cannot be changed to reject: only no further change is possible once it is closed.",
        "Diese Registrierung ist bereits abgelehnt: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is rejected cannot be changed to extend the protection of: only no further change is possible once it is closed.",
        "Der Schutz einer abgelehnten Registrierung kann nicht verlängert werden: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is expired cannot be changed to approve: only no further change is possible once it is closed.",
        "Eine abgelaufene Registrierung kann nicht freigegeben werden: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is expired cannot be changed to reject: only no further change is possible once it is closed.",
        "Eine abgelaufene Registrierung kann nicht abgelehnt werden: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is expired cannot be changed to extend the protection of: only no further change is possible once it is closed.",
        "Der Schutz einer abgelaufenen Registrierung kann nicht verlängert werden: Abgeschlossene Registrierungen lassen sich nicht mehr ändern.",
    ),
    (
        "A registration that is awaiting decision cannot be changed to extend the protection of: only approval or rejection is possible while it awaits a decision.",
        "Der Schutz einer Registrierung ohne Entscheidung kann nicht verlängert werden: Solange sie auf eine Entscheidung wartet, ist nur Freigabe oder Ablehnung möglich.",
    ),
    (
        "Only approved deals move through stages; this one is awaiting decision.",
        "Nur freigegebene Deals durchlaufen Phasen; über diesen ist noch nicht entschieden.",
    ),
    (
        "Only approved deals move through stages; this one is rejected.",
        "Nur freigegebene Deals durchlaufen Phasen; dieser ist abgelehnt.",
    ),
    (
        "Only approved deals move through stages; this one is expired.",
        "Nur freigegebene Deals durchlaufen Phasen; dieser ist abgelaufen.",
    ),
    (
        "Only approved deals move through stages; this one is won.",
        "Nur freigegebene Deals durchlaufen Phasen; dieser ist gewonnen.",
    ),
    (
        "Only approved deals move through stages; this one is lost.",
        "Nur freigegebene Deals durchlaufen Phasen; dieser ist verloren.",
    ),
    (
        "Give the next step when you change the stage, so the partner knows what happens now.",
        "Geben Sie beim Phasenwechsel den nächsten Schritt an, damit der Partner weiß, wie es weitergeht.",
    ),
    (
        "The deal amount cannot be negative.",
        "Der Deal-Betrag darf nicht negativ sein.",
    ),
    (
        "Margin is a percentage from -100 to 100.",
        "Die Marge ist ein Prozentwert von -100 bis 100.",
    ),
];

#[cfg(test)]
mod tests {
    //! The catalog keeps up with the texts the domain crate and the API send: every fixed
    //! message they produce has a German entry, and every server message listed here still
    //! exists in the server's source.

    use super::super::german_entries;
    use domain::conflict::Rule;
    use domain::registration::{Action, Context, RegistrationInput, Status, transition};
    use domain::views::SignInRequest;
    use std::collections::HashSet;

    fn known() -> HashSet<&'static str> {
        german_entries().map(|(en, _)| *en).collect()
    }

    fn assert_known(messages: impl IntoIterator<Item = String>) {
        let known = known();
        let missing: Vec<String> = messages
            .into_iter()
            .filter(|m| !known.contains(m.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "no German text for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn sign_in_messages_are_translated() {
        let mut found = Vec::new();
        for (email, password) in [
            ("", ""),
            ("a b@c.io", "x"),
            ("ava@vertex", "x"),
            ("a@b.io", &*"x".repeat(2000)),
        ] {
            let req = SignInRequest {
                email: email.into(),
                password: password.into(),
            };
            found.extend(req.validate().unwrap_err().into_values());
        }
        let long = format!("{}@b.io", "a".repeat(260));
        found.extend(
            SignInRequest {
                email: long,
                password: "x".into(),
            }
            .validate()
            .unwrap_err()
            .into_values(),
        );
        assert_known(found);
    }

    #[test]
    fn registration_form_messages_are_translated() {
        let today = domain::date::Date::parse_iso("2026-06-01").unwrap();
        let categories = vec!["standard".to_owned()];
        let ctx = Context {
            today,
            categories: &categories,
        };
        let base = RegistrationInput::default();
        let variants: Vec<fn(&mut RegistrationInput)> = vec![
            |_| {},
            |i| {
                i.customer_legal_name = "A".into();
                i.contact_name = "B".into();
                i.contact_role = "C".into();
                i.customer_domain = "not a domain".into();
                i.estimated_value = "twelve".into();
                i.expected_close = "2020-01-01".into();
                i.contact_email = "x y@z.io".into();
                i.category = "gold_only".into();
            },
            |i| {
                i.customer_legal_name = "x".repeat(300);
                i.contact_name = "x".repeat(300);
                i.contact_role = "x".repeat(300);
                i.estimated_value = "1.234".into();
                i.expected_close = "2035-01-01".into();
                i.contact_email = "ava@vertex".into();
                i.products = (0..30).map(|n| format!("P{n}")).collect();
                i.notes = "bell \u{7}".into();
            },
            |i| {
                i.customer_legal_name = "Globex\u{7}".into();
                i.estimated_value = "0".into();
            },
            |i| i.estimated_value = "99999999999999999999".into(),
            |i| i.estimated_value = "20000000000".into(),
            |i| i.contact_email = format!("{}@b.io", "a".repeat(260)),
        ];
        let mut found = Vec::new();
        for change in variants {
            let mut input = base.clone();
            change(&mut input);
            found.extend(input.validate(&ctx).unwrap_err().into_values());
        }
        assert_known(found);
    }

    #[test]
    fn conflict_rules_and_lifecycle_refusals_are_translated() {
        let rules = [
            Rule::NoOtherClaim,
            Rule::PendingDecision,
            Rule::OwnPendingRegistration,
            Rule::RegisteredBeatsUnregistered,
            Rule::OwnProtection,
            Rule::IncumbentBeatsNetNew,
            Rule::CertificationBreaksTies,
            Rule::FirstCome,
            Rule::TierPriority,
            Rule::PossibleClaim,
        ];
        // A new rule must be added above (this match stops compiling until it is).
        for r in rules {
            match r {
                Rule::NoOtherClaim
                | Rule::PendingDecision
                | Rule::OwnPendingRegistration
                | Rule::RegisteredBeatsUnregistered
                | Rule::OwnProtection
                | Rule::IncumbentBeatsNetNew
                | Rule::CertificationBreaksTies
                | Rule::FirstCome
                | Rule::TierPriority
                | Rule::PossibleClaim => {}
            }
        }
        let mut found: Vec<String> = rules.iter().map(|r| r.explain().to_owned()).collect();
        // What the approvals page can meet: approving or rejecting a registration that was
        // decided meanwhile, or extending one that is not approved.
        for from in [
            Status::Submitted,
            Status::Approved,
            Status::Rejected,
            Status::Expired,
        ] {
            for action in [Action::Approve, Action::Reject, Action::Extend] {
                if let Err(e) = transition(from, action) {
                    found.push(e.to_string());
                }
            }
        }
        found.extend(
            Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Approved)
                .map(|s| {
                    format!(
                        "Only approved deals move through stages; this one is {}.",
                        s.label().to_lowercase()
                    )
                }),
        );
        assert_known(found);
    }

    /// Messages the API sends (crates/api) without run-time parts. Each must still be in the
    /// server's source — a reworded message needs its German reworded too — and translated.
    #[test]
    fn server_messages_exist_and_are_translated() {
        const API: &[&str] = &[
            "Some fields need attention.",
            "Nothing was found at this address.",
            "Something went wrong on our side. Please try again in a moment.",
            "Sign in to continue.",
            "Your session has ended. Sign in again.",
            "Only partner users can do this.",
            "Only channel managers can do this.",
            "Only your company's partner admins can do this.",
            "This request came from another site and was refused.",
            "This field is required.",
            "That e-mail and password do not match an account. Check both and try again.",
            "Extend by 1 to 180 days.",
            "This registration was decided a moment ago by someone else.",
            "Enter the customer's web domain (or their legal name and country) to check them.",
            "This draft was already submitted with different details. Start a new registration to register another deal.",
            "Only an approved registration with protection still running can be extended.",
            "An extension request for this registration is already waiting for the channel team.",
            "The deal amount cannot be negative.",
            "Margin is a percentage from -100 to 100.",
            "Protection expired",
            "Extension requested",
            "Protection extended",
            "Stage changed",
        ];
        let mut source = String::new();
        // The API's messages, and the domain's that it sends (history labels, field errors).
        let mut dirs = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/api/src")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/domain/src")),
        ];
        while let Some(path) = dirs.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    dirs.push(entry.unwrap().path());
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                source.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
        for m in API {
            assert!(
                source.contains(&format!("\"{m}")),
                "the API no longer sends {m:?}: update its German entry"
            );
        }
        assert_known(API.iter().map(|m| (*m).to_owned()));
    }
}
