//! `portico-api`: config → tracing → pool → migrations (+ demo seed) → serve.
//!
//! `portico-api add-manager <email> <name>` instead creates a channel manager (the password is
//! read from the first line of stdin, so it never shows in the process list or the shell's
//! history) on the configured database, migrating it first, and exits: how a production
//! deployment, which has no demo data, gets its first account.

use api::{AppState, config::Config, db};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("portico: {e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(command) = args.first() {
        std::process::exit(run_command(&config, command, &args[1..]).await);
    }
    if !config.seed_demo {
        tracing::info!("demo data off (PORTICO_SEED_DEMO=1 seeds it into an empty database)");
    }
    let pool = match db::connect_and_prepare(&config.database_url, config.seed_demo).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("portico: {e}");
            std::process::exit(1);
        }
    };
    let state = match AppState::new(pool, config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("portico: database: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = api::serve(state).await {
        eprintln!("portico: {e}");
        std::process::exit(1);
    }
}

/// A one-off command instead of serving; the process's exit code.
async fn run_command(config: &Config, command: &str, args: &[String]) -> i32 {
    let [email, name] = args else {
        eprintln!(
            "usage: portico-api add-manager <email> <name>   (the password on stdin)\n\
             unknown or incomplete command: {command} {}",
            args.join(" ")
        );
        return 2;
    };
    if command != "add-manager" {
        eprintln!(
            "portico: unknown command '{command}'; try: portico-api add-manager <email> <name>"
        );
        return 2;
    }
    let mut password = String::new();
    if std::io::stdin().read_line(&mut password).is_err() {
        eprintln!("portico: could not read the password from stdin");
        return 2;
    }
    let password = password.trim_end_matches(['\n', '\r']);
    if let Err(e) = api::users::check_new_manager(email, name, password) {
        eprintln!("portico: {e}");
        return 2;
    }
    let pool = match db::connect_and_prepare(&config.database_url, false).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("portico: {e}");
            return 1;
        }
    };
    match api::users::add_channel_manager(&pool, email, name, password).await {
        Ok(_) => {
            println!("portico: channel manager {} created", email.trim());
            0
        }
        Err(e) => {
            eprintln!("portico: {e}");
            1
        }
    }
}
