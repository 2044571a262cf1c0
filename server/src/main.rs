#![recursion_limit = "256"]
use app::state::AppState;
use clap::Parser;
use server::settings::{Cli, Command, Settings};
use service::Db;
use service::demo::{DEMO_PASSWORD, DemoOutcome};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&cli.settings.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.settings).await,
        Command::CreateUser {
            email,
            name,
            organisation,
            office,
            usual_role,
            account_type,
            system_admin,
            licence_manager,
        } => {
            let input = service::accounts::NewUser {
                email,
                name,
                password: String::new(),
                organisation,
                office,
                usual_role,
                account_type: account_type.as_deref().and_then(domain::directory::AccountType::parse),
                is_system_admin: system_admin,
                is_licence_manager: licence_manager,
            };
            create_user(cli.settings, input).await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("caseward: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), String> {
    let db = open_database(&settings).await?;
    let mut demo_loaded = false;
    if settings.demo {
        match service::demo::load_if_empty(&db, service::now()).await.map_err(|e| e.to_string())? {
            DemoOutcome::Loaded => {
                demo_loaded = true;
                tracing::info!("demo data loaded");
            }
            DemoOutcome::SkippedNotEmpty => tracing::info!("the database already holds data: demo data not loaded"),
        }
    }
    let leptos_options = leptos_options(&settings)?;
    let addr = leptos_options.site_addr;
    let public_url =
        settings.public_url.clone().unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
    let blobs =
        service::blobs::BlobStore::open(&settings.blob_url, &settings.staging_dir).map_err(|e| e.to_string())?;
    tracing::info!(store = %blobs.description, "documents' store");
    let state = AppState {
        db: db.clone(),
        leptos_options,
        secure_cookies: settings.secure_cookies,
        public_url,
        blobs,
        max_upload_bytes: settings.max_upload_bytes,
    };
    tokio::spawn(server::workers::production_builder(
        db.clone(),
        state.blobs.clone(),
        std::time::Duration::from_secs(settings.build_poll_seconds.max(1)),
    ));
    let app = server::build_app(state);
    tokio::spawn(server::workers::expiry_sweep(
        db.clone(),
        std::time::Duration::from_secs(settings.sweep_seconds.max(1)),
    ));
    let mail = match &settings.smtp_url {
        Some(url) => {
            let mailer = server::mail::Mailer::from_url(url, &settings.mail_from)?;
            tokio::spawn(server::mail::delivery_worker(
                db.clone(),
                mailer,
                std::time::Duration::from_secs(settings.mail_poll_seconds.max(1)),
            ));
            format!("delivered over SMTP ({})", redact(url))
        }
        None => "kept in the outbox (set SMTP_URL to deliver them)".to_string(),
    };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;

    println!();
    println!("  Caseward is running at http://{addr}");
    println!("  Sign in at http://{addr}/sign-in");
    if settings.demo {
        println!(
            "  Demo accounts (e.g. alice@cps.example.cjsm.net, admin@caseward.example) use the password: {DEMO_PASSWORD}"
        );
        if !demo_loaded {
            println!("  (the database already held data, so the demo data was not loaded again)");
        }
    }
    println!("  Database: {}", redact(&settings.database_url));
    println!("  Emails: {mail}");
    println!();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| e.to_string())?;
    db.close().await;
    Ok(())
}

/// Reads the Leptos settings file when present; the `LEPTOS_*` variables override it either way.
fn leptos_options(settings: &Settings) -> Result<leptos::prelude::LeptosOptions, String> {
    let path = settings.leptos_toml.to_str().filter(|_| settings.leptos_toml.exists());
    if path.is_none() {
        tracing::warn!(file = %settings.leptos_toml.display(), "Leptos settings file not found; using LEPTOS_* variables and defaults");
    }
    leptos::prelude::get_configuration(path)
        .map(|c| c.leptos_options)
        .map_err(|e| format!("cannot read the Leptos settings: {e}"))
}

async fn create_user(settings: Settings, mut input: service::accounts::NewUser) -> Result<(), String> {
    input.password = match std::env::var("CASEWARD_NEW_PASSWORD") {
        Ok(p) => p,
        Err(_) => rpassword::prompt_password("Password for the new user: ")
            .map_err(|e| format!("cannot read the password: {e}"))?,
    };
    let db = open_database(&settings).await?;
    let user = service::accounts::create_user(&db, input, service::now()).await.map_err(|e| e.to_string())?;
    db.close().await;
    println!(
        "Created {} <{}>{}",
        user.name,
        user.email,
        if user.is_system_admin { " (system administrator)" } else { "" }
    );
    Ok(())
}

/// Connects, migrates, and writes what start-up owes every version (the built-in roles).
async fn open_database(settings: &Settings) -> Result<Db, String> {
    let db = Db::connect(&settings.database_url).await.map_err(|e| format!("cannot open the database: {e}"))?;
    service::start(&db).await.map_err(|e| format!("cannot prepare the database: {e}"))?;
    Ok(db)
}

/// The database URL without its password, for the start-up banner.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
