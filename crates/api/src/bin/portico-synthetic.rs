//! `portico-synthetic <count> [--for <email>]`: grows a partner user's pipeline with synthetic
//! deals for the benchmarks ([`api::synthetic`]) until that user (default ava@vertex.example)
//! has submitted `<count>` registrations, their demo ones included; run again, it adds nothing.
//! Benchmark data, which the server itself never adds. Not part of the product.
//!
//! It opens the database the server would (`PORTICO_DATABASE_URL`, SQLite or PostgreSQL, read by
//! the same [`Config::from_env`]) the same way: migrations first, then, when `PORTICO_SEED_DEMO=1`,
//! the demo data into an empty database. So it prepares a fresh database on its own, before the
//! server starts (what `cargo xtask bench` does: the server, started on it with
//! `PORTICO_SEED_DEMO=1`, finds it seeded and leaves it be); without `PORTICO_SEED_DEMO=1` the
//! user must already exist.

use api::config::Config;
use api::{db, synthetic};

const USAGE: &str = "usage: portico-synthetic <count> [--for <email>]   (database: PORTICO_DATABASE_URL; PORTICO_SEED_DEMO=1 seeds the demo data first)";
const DEFAULT_USER: &str = "ava@vertex.example";

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count, email) = match parse(&args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("portico-synthetic: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("portico-synthetic: {e}");
            std::process::exit(2);
        }
    };
    let shown = db::redact(&config.database_url);
    let pool = match db::connect_and_prepare(&config.database_url, config.seed_demo).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("portico-synthetic: {e}");
            std::process::exit(1);
        }
    };
    match synthetic::deals(&pool, count, &email).await {
        Ok(added) => println!(
            "portico-synthetic: {added} synthetic deals added for {email} in {shown} ({count} submitted by {email} in all)"
        ),
        Err(synthetic::Error::NoUser(_)) if !config.seed_demo => {
            eprintln!(
                "portico-synthetic: no user {email} in {shown}; seed the demo data first: run this \
                 with PORTICO_SEED_DEMO=1, or start the server once with PORTICO_SEED_DEMO=1"
            );
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("portico-synthetic: {e} (in {shown})");
            std::process::exit(1);
        }
    }
}

/// `<count> [--for <email>]`: the count and the user; `None` for `--help`.
fn parse(args: &[String]) -> Result<Option<(usize, String)>, String> {
    let mut count = None;
    let mut email = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--for" => {
                let who = rest.next().ok_or("--for needs a user's e-mail")?;
                email = Some(who.trim().to_owned());
            }
            other if count.is_none() && !other.starts_with('-') => {
                count = Some(
                    other
                        .parse::<usize>()
                        .map_err(|_| format!("'{other}' is not a count of deals"))?,
                );
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    let count = count.ok_or("how many deals? give a count")?;
    Ok(Some((count, email.unwrap_or_else(|| DEFAULT_USER.into()))))
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn reads_a_count_and_an_optional_user() {
        assert_eq!(
            parse(&args(&["300"])),
            Ok(Some((300, "ava@vertex.example".into())))
        );
        assert_eq!(
            parse(&args(&["300", "--for", "ben@vertex.example"])),
            Ok(Some((300, "ben@vertex.example".into())))
        );
        assert_eq!(
            parse(&args(&["--for", "ben@vertex.example", "10"])),
            Ok(Some((10, "ben@vertex.example".into())))
        );
        assert_eq!(parse(&args(&["--help"])), Ok(None));
        assert!(parse(&args(&[])).is_err());
        assert!(parse(&args(&["many"])).is_err());
        assert!(parse(&args(&["10", "20"])).is_err());
        assert!(parse(&args(&["10", "--for"])).is_err());
    }
}
