//! German for the Embed page (the registration form on partners' own websites) and the
//! pipeline's "Website form" mark.

pub static ENTRIES: &[(&str, &str)] = &[
    ("Embed", "Einbetten"),
    ("Website form", "Website-Formular"),
    (
        "Embed the registration form",
        "Registrierungsformular einbetten",
    ),
    (
        "Put the deal registration form on your own websites: visitors register deals without signing in, and the registrations arrive in your pipeline marked “Website form”.",
        "Stellen Sie das Formular für Deal-Registrierungen auf Ihre eigenen Websites: Besucher registrieren Deals ohne Anmeldung, und die Registrierungen erscheinen in Ihrer Pipeline mit der Markierung „Website-Formular“.",
    ),
    (
        "Loading the embed settings…",
        "Einstellungen zum Einbetten werden geladen …",
    ),
    ("The snippet", "Der Code-Schnipsel"),
    (
        "Paste these two lines where the form should appear on your page.",
        "Fügen Sie diese zwei Zeilen dort in Ihre Seite ein, wo das Formular erscheinen soll.",
    ),
    ("Snippet", "Code-Schnipsel"),
    ("Copy the snippet", "Code-Schnipsel kopieren"),
    ("Copied to the clipboard.", "In die Zwischenablage kopiert."),
    (
        "Copying is not available here: select the snippet and copy it yourself.",
        "Kopieren ist hier nicht möglich: Markieren Sie den Code-Schnipsel und kopieren Sie ihn selbst.",
    ),
    (
        "If your website has a Content-Security-Policy",
        "Wenn Ihre Website eine Content-Security-Policy hat",
    ),
    (
        "Allow the portal in these directives (add them to the ones you have):",
        "Erlauben Sie das Portal in diesen Direktiven (ergänzen Sie Ihre vorhandenen):",
    ),
    (
        "Optional attributes on the element match the form to your site: data-accent, data-text and data-background (colours like #0a7c59), data-font (installed font families) and data-radius (like 8px).",
        "Optionale Attribute am Element passen das Formular an Ihre Website an: data-accent, data-text und data-background (Farben wie #0a7c59), data-font (installierte Schriftfamilien) und data-radius (wie 8px).",
    ),
    ("Allowed websites", "Zugelassene Websites"),
    (
        "Websites that may show the form, one per line",
        "Websites, die das Formular zeigen dürfen, eine pro Zeile",
    ),
    (
        "Scheme and host exactly as the browser shows them, like https://www.example.com (add :port when it is not the usual one). Other websites see a message instead of the form.",
        "Schema und Host genau so, wie der Browser sie zeigt, etwa https://www.example.com (mit :Port, wenn es nicht der übliche ist). Andere Websites sehen statt des Formulars einen Hinweis.",
    ),
    ("Save the websites", "Websites speichern"),
    (
        "Saved. The form now works on these websites.",
        "Gespeichert. Das Formular funktioniert jetzt auf diesen Websites.",
    ),
    ("Embed key", "Einbettungsschlüssel"),
    (
        "The key in the snippet names your company. It is public (it is in your pages); replace it if it is used where it should not be.",
        "Der Schlüssel im Code-Schnipsel steht für Ihr Unternehmen. Er ist öffentlich (er steht in Ihren Seiten); ersetzen Sie ihn, wenn er dort verwendet wird, wo er nicht hingehört.",
    ),
    ("Rotate the key", "Schlüssel ersetzen"),
    (
        "Rotating stops the current key at once: every website with the old snippet shows a message instead of the form until you paste the new snippet. Rotate now?",
        "Das Ersetzen beendet den aktuellen Schlüssel sofort: Jede Website mit dem alten Code-Schnipsel zeigt statt des Formulars einen Hinweis, bis Sie den neuen einfügen. Jetzt ersetzen?",
    ),
    ("Rotate now", "Jetzt ersetzen"),
    ("Keep the current key", "Aktuellen Schlüssel behalten"),
    (
        "The key was replaced. Paste the new snippet into your websites.",
        "Der Schlüssel wurde ersetzt. Fügen Sie den neuen Code-Schnipsel in Ihre Websites ein.",
    ),
    (
        "The key could not be replaced: {error}",
        "Der Schlüssel konnte nicht ersetzt werden: {error}",
    ),
    ("Live preview", "Live-Vorschau"),
    (
        "This is the form your websites show, with your tier's look. Sending it registers a real deal.",
        "So sieht das Formular auf Ihren Websites aus, im Design Ihrer Stufe. Wer es absendet, registriert einen echten Deal.",
    ),
    (
        "Preview of the registration form",
        "Vorschau des Registrierungsformulars",
    ),
];
