//! One handle over SQLite or PostgreSQL. Queries are written once in portable SQL with `$n`
//! placeholders (both backends accept them) and run through sqlx's `Any` driver; only the
//! migrations differ per backend, in `migrations/sqlite` and `migrations/postgres`.
use crate::error::Result;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Connection, Transaction};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::Duration;

mod hot;
pub use hot::HotConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The role table as last read, with the version it was read at (`Versioned`).
    roles: Arc<Versioned<Vec<domain::access::roles::Role>>>,
    /// What each session's reader holds on the cases they read, while the case is unchanged.
    reader_rows: Arc<crate::access::reader_rows::ReaderRows>,
    /// On a request's handle: the connection its session was read on, until its use case takes it
    /// (`keeping`). Empty on the shared handle.
    kept: Option<Arc<Kept>>,
    /// Connections for the most frequent reads, given back without sqlx's check (`hot`).
    hot: Arc<hot::HotConnections>,
}

/// A connection held for one request. Dropped (and so returned to the pool) with the request's
/// last handle, or as soon as the request goes to the pool itself (`Db::pool`).
#[derive(Debug)]
struct Kept(std::sync::Mutex<Option<PoolConnection<Any>>>);

impl Kept {
    fn take(&self) -> Option<PoolConnection<Any>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }
}

/// A table kept in memory while the version the database holds for it stays the same. The caller
/// reads the version in a statement it makes anyway, so a change on any server instance is seen
/// on the next request (R8) at no extra round trip; triggers bump the version (migration 0006).
#[derive(Debug)]
pub(crate) struct Versioned<T> {
    slot: RwLock<Option<(i64, Arc<T>)>>,
}

impl<T> Default for Versioned<T> {
    fn default() -> Self {
        Versioned { slot: RwLock::new(None) }
    }
}

impl<T> Versioned<T> {
    /// The value kept for `version`, if that is the one kept.
    pub fn get(&self, version: i64) -> Option<Arc<T>> {
        let slot = self.slot.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        slot.as_ref().filter(|(kept, _)| *kept == version).map(|(_, value)| value.clone())
    }

    /// Keeps `value`, read after `version` was read (so never older than it).
    pub fn put(&self, version: i64, value: Arc<T>) {
        *self.slot.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((version, value));
    }
}

pub type Tx = Transaction<'static, Any>;

/// How long a request waits for a connection when all are in use, the pool's and the hot ones.
const WAIT_FOR_CONNECTION: Duration = Duration::from_secs(10);

/// How recently a connection must have been returned (and checked) to go out unchecked.
pub const CHECKED_RECENTLY: Duration = Duration::from_millis(500);

/// Up to 256 MiB of the database file mapped into memory; the connections share the pages.
const SQLITE_MMAP: &str = "PRAGMA mmap_size = 268435456";

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects and brings the schema up to date (the data start-up needs is `crate::start`'s). A SQLite file (and its folder) is created when
    /// missing; `sqlite://path` and `sqlite:path` both work.
    pub async fn connect(url: &str) -> Result<Db> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(crate::ServiceError::Internal(format!(
                "DATABASE_URL must start with sqlite: or postgres:// (got {})",
                url.split(':').next().unwrap_or_default()
            )));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => {
                // A new install names a database that does not exist yet: create it.
                use sqlx::migrate::MigrateDatabase;
                if !sqlx::Any::database_exists(url).await? {
                    sqlx::Any::create_database(url).await?;
                }
                url.to_string()
            }
        };
        let most = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(most)
            .acquire_timeout(WAIT_FOR_CONNECTION)
            // sqlx checks every connection as it goes back to the pool. Checking it again as it
            // comes out cost PostgreSQL a round trip on every acquire; one returned moments ago
            // was answering then, so only a connection that has sat idle is checked, and one
            // the server closed meanwhile is replaced (HikariCP skips the check the same way,
            // for the same half second).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > CHECKED_RECENTLY {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _| Box::pin(prepare(conn, backend)))
            .connect(&url)
            .await?;
        let hot = Arc::new(hot::HotConnections::new(url, backend, most as usize));
        let db = Db { pool, backend, roles: Arc::default(), reader_rows: Arc::default(), kept: None, hot };
        if backend == Backend::Sqlite {
            // WAL lets readers run beside the one writer; it is stored in the file, so set once.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&db.pool).await?;
        }
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// The pool. A connection kept for this request goes back to it first, so that a request
    /// never holds one idle while it waits for another.
    pub fn pool(&self) -> &AnyPool {
        if let Some(kept) = &self.kept {
            drop(kept.take());
        }
        &self.pool
    }

    /// This handle for one request that has read its session on `conn`: the request's first
    /// `acquire` gets `conn` back instead of returning it to the pool and taking another. Each
    /// return costs a round trip (sqlx checks a connection as it comes back), which on SQLite
    /// is a hand-off to the connection's thread and back: the most frequent reads, such as
    /// opening a case, make one instead of two. For use cases that read and answer at once: a
    /// request that would keep it idle (streaming a file, hashing a password) should not.
    pub fn keeping(&self, conn: PoolConnection<Any>) -> Db {
        Db { kept: Some(Arc::new(Kept(std::sync::Mutex::new(Some(conn))))), ..self.clone() }
    }

    /// A connection for a read that runs its statements and answers (opening a case), to give back
    /// with `HotConnection::finished`: it skips the pool's check on return (`hot`).
    pub async fn hot(&self) -> Result<HotConnection<'_>> {
        self.hot.acquire().await
    }

    /// A connection: the one kept for this request while it is there, else one from the pool.
    pub async fn acquire(&self) -> Result<PoolConnection<Any>> {
        match self.kept.as_ref().and_then(|kept| kept.take()) {
            Some(conn) => Ok(conn),
            None => Ok(self.pool.acquire().await?),
        }
    }

    pub(crate) fn roles(&self) -> &Versioned<Vec<domain::access::roles::Role>> {
        &self.roles
    }

    pub(crate) fn reader_rows(&self) -> &crate::access::reader_rows::ReaderRows {
        &self.reader_rows
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction for a use case that writes. On SQLite it takes the write lock at BEGIN, so
    /// that two writers queue on the busy timeout instead of failing when one upgrades its read.
    pub async fn begin_write(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        })
    }

    /// Checks that the database answers (for /healthz).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.hot.close().await;
        self.pool.close().await;
    }
}

/// What every new connection runs first, the pool's and the hot ones alike.
async fn prepare(conn: &mut sqlx::AnyConnection, backend: Backend) -> std::result::Result<(), sqlx::Error> {
    if backend == Backend::Sqlite {
        // Pages are read through a memory map instead of a read() call each (8 % of the CPU in a
        // profile of the case list). On the scale world it took the case list from 39.9 to 34.1 ms
        // and reading a case from 5,923 to 8,232 req/s (one run each, scripts/bench.sh's benchmark).
        sqlx::query(SQLITE_MMAP).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Makes the folder of a SQLite file and asks SQLite to create the file when missing.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && !path.is_empty()
        && let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            crate::ServiceError::Internal(format!(
                "cannot create the folder {} for the database: {e}",
                parent.display()
            ))
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// `IN (...)` for a list of ids: the placeholders `$1, $2, …` and the ids bound to them. Callers
/// keep a list within what one statement may bind (a page, or batches of 500).
pub(crate) fn in_list(ids: &[i64]) -> crate::error::Result<(String, sqlx::any::AnyArguments<'static>)> {
    use sqlx::Arguments;
    let mut arguments = sqlx::any::AnyArguments::default();
    for id in ids {
        arguments.add(*id).map_err(|e| crate::ServiceError::Internal(format!("binding an id: {e}")))?;
    }
    let placeholders = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    Ok((placeholders, arguments))
}

/// SQL booleans are stored as 0/1 integers on both backends.
pub(crate) fn flag(value: i64) -> bool {
    value != 0
}

impl Db {
    /// A plain pool for administration (creating and dropping test databases), without migrations.
    pub async fn admin_connect(url: &str) -> Result<AnyPool> {
        install_default_drivers();
        Ok(AnyPoolOptions::new().max_connections(1).connect(url).await?)
    }
}
