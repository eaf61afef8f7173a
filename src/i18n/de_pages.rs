//! German for the pages.

pub static ENTRIES: &[(&str, &str)] = &[];
