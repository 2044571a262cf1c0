//! Settings, typed and read once at start-up from the command line and environment variables.
//! The defaults run the app out of the box on a SQLite file under ./data.
use clap::{ArgAction, Args, Parser, Subcommand, builder::BoolishValueParser};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "caseward", version, about = "Share legal cases under explainable access control.")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Settings {
    /// Where the data lives: `sqlite://path/to/file.db` or `postgres://user@host:5432/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/caseward.db", global = true)]
    pub database_url: String,
    /// Load the demo organisations, users and cases into an empty database (never into one that
    /// holds data).
    #[arg(long, env = "CASEWARD_DEMO", default_value = "0", value_parser = BoolishValueParser::new(), action = ArgAction::Set)]
    pub demo: bool,
    /// Log filter, e.g. `info` or `caseward=debug,tower_http=debug`.
    #[arg(long, env = "CASEWARD_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Mark the session cookie Secure even when no proxy says the request came over HTTPS.
    #[arg(long, env = "CASEWARD_SECURE_COOKIES", default_value = "0", value_parser = BoolishValueParser::new(), action = ArgAction::Set)]
    pub secure_cookies: bool,
    /// The address people reach Caseward at, for links in emails. Defaults to http://<site address>.
    #[arg(long, env = "CASEWARD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How often expired grants are swept away (seconds).
    #[arg(long, env = "CASEWARD_SWEEP_SECONDS", default_value = "60")]
    pub sweep_seconds: u64,
    /// Deliver emails over SMTP: `smtp://host:port`, `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host` (TLS). Without it, emails wait in the outbox, which
    /// system administrators read on the Outbox page.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of Caseward's emails.
    #[arg(long, env = "CASEWARD_MAIL_FROM", default_value = "Caseward <no-reply@caseward.example>")]
    pub mail_from: String,
    /// How often the outbox is checked for emails to deliver (seconds).
    #[arg(long, env = "CASEWARD_MAIL_POLL_SECONDS", default_value = "5")]
    pub mail_poll_seconds: u64,
    /// How often productions queued by another instance are looked for (seconds); those queued
    /// on this one start at once.
    #[arg(long, env = "CASEWARD_BUILD_POLL_SECONDS", default_value = "5")]
    pub build_poll_seconds: u64,
    /// Where documents' bytes live: a folder (the default, `data/blobs`), `file:///path`, or
    /// `s3://bucket/prefix` for any S3-compatible store, configured by the usual `AWS_*` variables
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
    /// `AWS_ALLOW_HTTP`), so that several instances share one store.
    #[arg(long, env = "CASEWARD_BLOB_URL", default_value = "data/blobs", hide_env_values = true)]
    pub blob_url: String,
    /// A local folder where uploads are written while they arrive, before they go to the store.
    #[arg(long, env = "CASEWARD_STAGING_DIR", default_value = "data/uploads")]
    pub staging_dir: PathBuf,
    /// The largest file one upload may carry, in bytes (512 MiB unless set).
    #[arg(long, env = "CASEWARD_MAX_UPLOAD_BYTES", default_value_t = domain::documents::DEFAULT_MAX_UPLOAD_BYTES)]
    pub max_upload_bytes: u64,
    /// The Leptos settings file (site address, site root, output name). `LEPTOS_SITE_ADDR` and the
    /// other `LEPTOS_*` variables override what it says.
    #[arg(long, env = "CASEWARD_LEPTOS_TOML", default_value = "Leptos.toml")]
    pub leptos_toml: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Create a user, e.g. the first system administrator of a new install. The password is read
    /// from CASEWARD_NEW_PASSWORD, or else from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The name of an existing organisation.
        #[arg(long)]
        organisation: Option<String>,
        /// The name of one of the organisation's offices (their location).
        #[arg(long)]
        office: Option<String>,
        /// Their usual role, e.g. "NOMS": group grants match on it.
        #[arg(long)]
        usual_role: Option<String>,
        #[arg(long, value_parser = ["manager", "uploader", "standard"])]
        account_type: Option<String>,
        #[arg(long)]
        system_admin: bool,
        #[arg(long)]
        licence_manager: bool,
    },
}
