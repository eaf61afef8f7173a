//! German for the shell, shared components and formatting.

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
    // language
    ("Language", "Sprache"),
];
