//! German for the home page, the library and content management.

pub static ENTRIES: &[(&str, &str)] = &[];
