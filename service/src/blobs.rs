//! The bytes of documents, in an object store (SPEC §12): the local filesystem by default, any
//! S3-compatible store for several instances. Each content is stored once, named by its SHA-256.
//!
//! An upload is first staged: streamed to a file on local disk while it is hashed and measured,
//! never held in memory, and refused as soon as it passes the limit. Only a complete upload is put
//! into the store. A content is removed once no document refers to it (`collect`).
use crate::db::Tx;
use crate::error::{Result, ServiceError};
use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A file the server made and stored (a production's ZIP, a report's CSV), as a download needs
/// it: the name to give it, its size, and where it is in the store.
pub struct StoredFile {
    pub file_name: String,
    pub size: u64,
    pub location: String,
}

/// Where documents' bytes live, and where uploads are staged on their way there.
#[derive(Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    staging: PathBuf,
    /// How the store was named, for the log (never with credentials).
    pub description: String,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// A complete upload on local disk, with its hash and size; the file goes when this is dropped.
pub struct Staged {
    file: tempfile::TempPath,
    pub sha256: String,
    pub size: u64,
}

impl Staged {
    pub fn path(&self) -> &Path {
        &self.file
    }
}

/// Why staging stopped.
#[derive(Debug)]
pub enum StageError {
    /// The file passed the limit; nothing was kept.
    TooLarge {
        limit: u64,
    },
    /// The body broke off (the client went away, or sent a malformed part).
    Interrupted(String),
    Io(std::io::Error),
}

impl BlobStore {
    /// `s3://bucket/prefix` (credentials, region and endpoint from the usual `AWS_*` variables),
    /// `file:///path`, or a plain folder path. Uploads are staged under `staging`.
    pub fn open(url: &str, staging: &Path) -> Result<BlobStore> {
        let store: Arc<dyn ObjectStore> = if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(ServiceError::Internal("CASEWARD_BLOB_URL s3://… names no bucket".into()));
            }
            let s3 = AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| ServiceError::Internal(format!("the S3 store: {e}")))?;
            match prefix.trim_matches('/') {
                "" => Arc::new(s3),
                prefix => Arc::new(PrefixStore::new(s3, prefix)),
            }
        } else {
            let folder = PathBuf::from(url.strip_prefix("file://").unwrap_or(url));
            std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
            Arc::new(
                LocalFileSystem::new_with_prefix(&folder)
                    .map_err(|e| ServiceError::Internal(format!("the blob folder: {e}")))?,
            )
        };
        std::fs::create_dir_all(staging).map_err(|e| io_error(staging, e))?;
        let description = url.split('?').next().unwrap_or_default().to_string();
        Ok(BlobStore { store, staging: staging.to_path_buf(), description })
    }

    /// Streams an upload to local disk, hashing it, and stops at `limit` bytes.
    pub async fn stage<S, E>(&self, mut body: S, limit: u64) -> std::result::Result<Staged, StageError>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let temp = tempfile::Builder::new().prefix("upload-").tempfile_in(&self.staging).map_err(StageError::Io)?;
        let (file, path) = temp.into_parts();
        let mut file = tokio::fs::File::from_std(file);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| StageError::Interrupted(e.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(StageError::TooLarge { limit });
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await.map_err(StageError::Io)?;
        }
        file.flush().await.map_err(StageError::Io)?;
        let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Staged { file: path, sha256, size })
    }

    /// Puts a staged content into the store unless it is there already (same hash, same bytes).
    pub(crate) async fn put(&self, staged: &Staged) -> Result<()> {
        let location = location_of(&staged.sha256);
        match self.store.head(&location).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(store_error(e)),
        }
        self.upload(&location, staged.path()).await
    }

    /// Streams a local file to `location` in parts.
    async fn upload(&self, location: &StorePath, path: &Path) -> Result<()> {
        let upload = self.store.put_multipart(location).await.map_err(store_error)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, CHUNK);
        let mut file = tokio::fs::File::open(path).await.map_err(|e| io_error(path, e))?;
        let mut buffer = vec![0u8; CHUNK];
        loop {
            let read = file.read(&mut buffer).await.map_err(|e| io_error(path, e))?;
            if read == 0 {
                break;
            }
            writer.wait_for_capacity(2).await.map_err(store_error)?;
            writer.write(&buffer[..read]);
        }
        writer.finish().await.map_err(store_error)?;
        Ok(())
    }

    /// Where the server writes a file it makes (a production's ZIP, a report's CSV) before it is
    /// stored: beside the staged uploads, on local disk.
    pub(crate) fn scratch_file(&self, prefix: &str) -> Result<tempfile::NamedTempFile> {
        tempfile::Builder::new().prefix(prefix).tempfile_in(&self.staging).map_err(|e| io_error(&self.staging, e))
    }

    /// Stores a file the server made under `name` (`productions/…`, `reports/…`), apart from the
    /// documents' contents, which are named by their hash.
    pub(crate) async fn put_file(&self, name: &str, path: &Path) -> Result<()> {
        self.upload(&StorePath::from(name), path).await
    }

    /// A stored file's bytes, as a stream.
    pub async fn read_file(
        &self,
        name: &str,
    ) -> Result<impl Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send + 'static> {
        let result = self.store.get(&StorePath::from(name)).await.map_err(store_error)?;
        Ok(result.into_stream().map_err(std::io::Error::other))
    }

    /// Removes a stored file; one already gone is no error.
    pub(crate) async fn delete_file(&self, name: &str) -> Result<()> {
        match self.store.delete(&StorePath::from(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Makes a staged content's row and bytes sure inside the upload's transaction: the row held
    /// (so that a `collect` of the same bytes waits, or has finished), then the bytes put back if
    /// a `collect` that finished first removed them.
    pub(crate) async fn hold(&self, tx: &mut Tx, staged: &Staged, now: domain::Timestamp) -> Result<()> {
        hold_row(tx, &staged.sha256, staged.size, now).await?;
        if !self.holds(&staged.sha256).await? {
            self.put(staged).await?;
        }
        Ok(())
    }

    /// Whether the store holds a content.
    async fn holds(&self, sha256: &str) -> Result<bool> {
        match self.store.head(&location_of(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(store_error(e)),
        }
    }

    /// A content's bytes, or those of `range`, as a stream.
    pub async fn read(
        &self,
        sha256: &str,
        range: Option<Range<u64>>,
    ) -> Result<impl Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send + 'static> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..Default::default() };
        let result = self.store.get_opts(&location_of(sha256), options).await.map_err(store_error)?;
        Ok(result.into_stream().map_err(std::io::Error::other))
    }

    /// A content's bytes, or those of `range`, in memory: for what is read whole (a text to show
    /// or redact, an image to paint, a PDF to count).
    pub(crate) async fn read_all(&self, sha256: &str, range: Option<Range<u64>>) -> Result<Vec<u8>> {
        let mut stream = Box::pin(self.read(sha256, range).await?);
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.map_err(|e| ServiceError::Internal(format!("reading {sha256}: {e}")))?);
        }
        Ok(bytes)
    }

    /// Removes contents put for an upload that was then refused, unless a document uses them by
    /// now. Recording the row first waits for any upload of the same bytes still in flight.
    pub(crate) async fn release(
        &self,
        db: &crate::Db,
        contents: &[(String, u64)],
        now: domain::Timestamp,
    ) -> Result<()> {
        for (sha256, size) in contents {
            let mut tx = db.begin_write().await?;
            hold_row(&mut tx, sha256, *size, now).await?;
            tx.commit().await?;
        }
        let shas: Vec<String> = contents.iter().map(|(sha, _)| sha.clone()).collect();
        self.collect(db, &shas).await
    }

    /// Removes the contents of `candidates` that no document refers to any more. Each is decided
    /// in its own transaction that holds the content's row while the bytes go, so that an upload
    /// of the same bytes at that moment waits, then finds them gone and puts them back.
    pub(crate) async fn collect(&self, db: &crate::Db, candidates: &[String]) -> Result<()> {
        for sha256 in candidates {
            let mut tx = db.begin_write().await?;
            let locked =
                sqlx::query("UPDATE blobs SET size = size WHERE sha256 = $1").bind(sha256).execute(&mut *tx).await?;
            if locked.rows_affected() == 0 || still_used(&mut tx, sha256).await? {
                continue;
            }
            sqlx::query("DELETE FROM blobs WHERE sha256 = $1").bind(sha256).execute(&mut *tx).await?;
            match self.store.delete(&location_of(sha256)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(store_error(e)),
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Records a content's row, or takes the lock on the one there.
async fn hold_row(tx: &mut Tx, sha256: &str, size: u64, now: domain::Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size",
    )
    .bind(sha256)
    .bind(size as i64)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn still_used(tx: &mut Tx, sha256: &str) -> Result<bool> {
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE sha256 = $1")
        .bind(sha256)
        .fetch_one(&mut **tx)
        .await?;
    Ok(used > 0)
}

/// Parts of 8 MiB: S3 wants at least 5 MiB a part, and two in flight bound the memory used.
const CHUNK: usize = 8 * 1024 * 1024;

/// `ab/cd/abcd…`: two levels of folders keep any one folder small on a filesystem.
fn location_of(sha256: &str) -> StorePath {
    StorePath::from(format!("{}/{}/{sha256}", &sha256[..2], &sha256[2..4]))
}

fn store_error(error: object_store::Error) -> ServiceError {
    ServiceError::Internal(format!("object store: {error}"))
}

fn io_error(path: &Path, error: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("{}: {error}", path.display()))
}
