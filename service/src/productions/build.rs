//! Building a production, in the background: a worker claims one queued production (a token and a
//! lease, as the outbox's delivery does, so that two instances never build the same one and a
//! crashed build is taken over once its lease runs out), writes every frozen document into a ZIP
//! on local disk in Bates order — as stored, with text redactions applied, with image areas burned
//! in, or withheld behind a slip — then the load file, stores the ZIP and marks it ready. Progress
//! is written as it goes, which also renews the lease; a production deleted meanwhile stops it.
use crate::blobs::BlobStore;
use crate::db::Db;
use crate::error::{Result, ServiceError};
use crate::tokens::new_token;
use domain::access::DefendantScope;
use domain::annotations::{Anchor, as_shown, redact};
use domain::documents::{Presentation, kind_of};
use domain::productions::{LOAD_FILE_COLUMNS, MAX_BATES, Treatment, bates, pixel_area, slip_pdf, treatment};
use domain::{DefendantId, ProductionId, Timestamp};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio::sync::Notify;
use zip::write::SimpleFileOptions;

/// A build renews its claim at least this often (with each progress report); one not renewed for
/// this long is taken to have died and is started again by another worker.
pub const BUILD_LEASE_MS: i64 = 10 * 60 * 1000;
/// Documents read from the database at a time.
const BATCH: i64 = 100;
/// Progress is written at most this often.
const REPORT_EVERY: Duration = Duration::from_millis(500);
/// PDFs up to this size are read whole to count their pages; a larger one counts as one page.
const MAX_COUNTED_PDF: u64 = 128 * 1024 * 1024;

static WORK: Notify = Notify::const_new();

/// Tells this instance's builder that a production is queued.
pub fn wake_builders() {
    WORK.notify_one();
}

/// Waits until a production is queued here, or `every` passes (for those queued by other instances).
pub async fn wait_for_work(every: Duration) {
    let _ = tokio::time::timeout(every, WORK.notified()).await;
}

struct Claim {
    id: i64,
    token: String,
    case: i64,
    name: String,
    prefix: String,
    start: i64,
    documents: i64,
    /// The maker's defendant scope: what the production may hold, and whose names its load file
    /// may show.
    scope: DefendantScope,
}

/// Builds the oldest queued production, if there is one, and says which. A failed build is marked
/// failed with a reason the case's people can read; the details go to the log.
#[tracing::instrument(skip_all)]
pub async fn build_next(db: &Db, blobs: &BlobStore, now: Timestamp) -> Result<Option<ProductionId>> {
    let Some(claim) = claim(db, now).await? else { return Ok(None) };
    let id = ProductionId(claim.id);
    let (db2, blobs2, handle) = (db.clone(), blobs.clone(), Handle::current());
    let (id_, token) = (claim.id, claim.token.clone());
    let started = Instant::now();
    let written = tokio::task::spawn_blocking(move || write_zip(&handle, &db2, &blobs2, &claim, now, started))
        .await
        .unwrap_or_else(|e| Err(Stop::Broken(ServiceError::Internal(format!("the build thread: {e}")))));
    match written {
        Ok(built) => {
            let finished = Timestamp(now.0 + started.elapsed().as_millis() as i64);
            finish(db, blobs, id_, &token, built, finished).await?
        }
        Err(Stop::Gone) => tracing::info!(production = id_, "production deleted while it was built"),
        Err(Stop::Refused(reason)) => fail(db, id_, &token, &reason).await?,
        Err(Stop::Broken(e)) => {
            tracing::error!(production = id_, error = %e, "production build failed");
            let reason = "The build failed; the server's log says why. Delete this production and create it again.";
            fail(db, id_, &token, reason).await?;
        }
    }
    Ok(Some(id))
}

async fn claim(db: &Db, now: Timestamp) -> Result<Option<Claim>> {
    let token = new_token();
    let mut tx = db.begin_write().await?;
    let due = "(status = 'queued' OR (status = 'building' AND claimed_until <= $3))";
    sqlx::query(&format!(
        "UPDATE productions SET status = 'building', claim_token = $1, claimed_until = $2, done = 0
         WHERE id = (SELECT id FROM productions WHERE {due} ORDER BY id LIMIT 1) AND {due}"
    ))
    .bind(&token)
    .bind(now.0 + BUILD_LEASE_MS)
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    let found: Option<(i64, i64, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, case_id, name, bates_prefix, bates_start, documents, scoped FROM productions WHERE claim_token = $1",
    )
    .bind(&token)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, case, name, prefix, start, documents, scoped)) = found else { return Ok(None) };
    let scope = if scoped != 0 {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT defendant_id FROM production_scope WHERE production_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        DefendantScope::Only(ids.into_iter().map(DefendantId).collect())
    } else {
        DefendantScope::All
    };
    tx.commit().await?;
    Ok(Some(Claim { id, token, case, name, prefix, start, documents, scope }))
}

/// Why a build stopped.
enum Stop {
    /// The production was deleted (or its claim taken over): nothing to record.
    Gone,
    /// It cannot be built as asked; the reason is for the case's people.
    Refused(String),
    Broken(ServiceError),
}

impl From<ServiceError> for Stop {
    fn from(e: ServiceError) -> Stop {
        Stop::Broken(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Broken(ServiceError::Internal(format!("writing the ZIP: {e}")))
    }
}

impl From<zip::result::ZipError> for Stop {
    fn from(e: zip::result::ZipError) -> Stop {
        Stop::Broken(ServiceError::Internal(format!("writing the ZIP: {e}")))
    }
}

struct Built {
    file: tempfile::TempPath,
    size: i64,
    bates_end: i64,
    redacted: i64,
    withheld: i64,
}

/// One frozen document as the build finds it: still in the case, or gone.
struct Item {
    frozen_name: String,
    live: Option<Live>,
}

struct Live {
    name: String,
    sha256: String,
    size: i64,
    defendants: Vec<String>,
    tags: Vec<String>,
    redactions: Vec<Anchor>,
}

/// Writes the ZIP on this (blocking) thread, reading the database and the store through `handle`.
fn write_zip(
    handle: &Handle,
    db: &Db,
    blobs: &BlobStore,
    claim: &Claim,
    now: Timestamp,
    started: Instant,
) -> std::result::Result<Built, Stop> {
    let (file, path) = blobs.scratch_file("production-")?.into_parts();
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let mut load_file = domain::csv::line(&LOAD_FILE_COLUMNS);
    let defendant_names = handle.block_on(defendant_names(db, claim.case))?;
    let (mut next, mut done, mut redacted, mut withheld) = (claim.start, 0i64, 0i64, 0i64);
    let mut reported = Instant::now();
    for first in (0..claim.documents).step_by(BATCH as usize) {
        let items = handle.block_on(load_batch(db, claim, first, &defendant_names))?;
        for item in items {
            let first_number = next;
            let (file_name, pages, how) = write_one(handle, blobs, &mut zip, claim, &item, first_number)?;
            let last_number = first_number + pages - 1;
            if last_number > MAX_BATES {
                return Err(Stop::Refused(format!(
                    "The Bates numbers would run past {MAX_BATES}. Create the production again with a lower start number."
                )));
            }
            next = last_number + 1;
            match how {
                Treatment::RedactedText | Treatment::BurnedIn => redacted += 1,
                Treatment::Withheld(_) => withheld += 1,
                Treatment::Native => {}
            }
            let (name, defendants, tags) = match &item.live {
                Some(live) => (live.name.clone(), live.defendants.join("; "), live.tags.join("; ")),
                None => (item.frozen_name.clone(), String::new(), String::new()),
            };
            let reason = match &how {
                Treatment::Withheld(reason) => reason.clone(),
                _ => String::new(),
            };
            load_file.push_str(&domain::csv::line(&[
                bates(&claim.prefix, first_number),
                bates(&claim.prefix, last_number),
                name,
                defendants,
                tags,
                file_name,
                how.label().to_string(),
                reason,
            ]));
            done += 1;
            if reported.elapsed() >= REPORT_EVERY {
                let at = Timestamp(now.0 + started.elapsed().as_millis() as i64);
                handle.block_on(report(db, claim, done, at))?;
                reported = Instant::now();
            }
        }
    }
    zip.start_file("loadfile.csv", SimpleFileOptions::default())?;
    zip.write_all(load_file.as_bytes())?;
    let mut file = zip.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.flush()?;
    let size = file.metadata()?.len() as i64;
    Ok(Built { file: path, size, bates_end: next - 1, redacted, withheld })
}

/// Writes one document (or its slip) under `documents/`, and says its file name, its pages and how
/// it was produced.
fn write_one<W: Write + std::io::Seek>(
    handle: &Handle,
    blobs: &BlobStore,
    zip: &mut zip::ZipWriter<W>,
    claim: &Claim,
    item: &Item,
    number: i64,
) -> std::result::Result<(String, i64, Treatment), Stop> {
    let label = bates(&claim.prefix, number);
    let Some(live) = &item.live else {
        let reason = "It was deleted from the case, or moved out of the production's defendants, before the production was built.".to_string();
        return write_slip(zip, claim, &label, &item.frozen_name, reason);
    };
    let extension = live.name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let presentation = kind_of(&live.name).1;
    let file_name =
        if extension.is_empty() { format!("documents/{label}") } else { format!("documents/{label}.{extension}") };
    let compressed = matches!(presentation, Presentation::Text);
    let options = SimpleFileOptions::default()
        .compression_method(if compressed { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored })
        .large_file(live.size >= u32::MAX as i64);
    match treatment(presentation, &extension, &live.redactions) {
        Treatment::Native if presentation == Presentation::Pdf && (live.size as u64) <= MAX_COUNTED_PDF => {
            let bytes = handle.block_on(blobs.read_all(&live.sha256, None))?;
            let pages = lopdf::Document::load_mem(&bytes).map(|d| d.get_pages().len() as i64).unwrap_or(1).max(1);
            zip.start_file(file_name.as_str(), options)?;
            zip.write_all(&bytes)?;
            Ok((file_name, pages, Treatment::Native))
        }
        Treatment::Native => {
            zip.start_file(file_name.as_str(), options)?;
            let mut stream = Box::pin(handle.block_on(blobs.read(&live.sha256, None))?);
            while let Some(chunk) = handle.block_on(stream.next()) {
                zip.write_all(&chunk?)?;
            }
            Ok((file_name, 1, Treatment::Native))
        }
        Treatment::RedactedText => {
            let bytes = handle.block_on(blobs.read_all(&live.sha256, None))?;
            let ranges: Vec<(i64, i64)> = live
                .redactions
                .iter()
                .filter_map(|r| match r {
                    Anchor::Text { start, end } => Some((*start, *end)),
                    _ => None,
                })
                .collect();
            let text = redact(&as_shown(String::from_utf8_lossy(&bytes).into_owned()), &ranges);
            zip.start_file(file_name.as_str(), options)?;
            zip.write_all(text.as_bytes())?;
            Ok((file_name, 1, Treatment::RedactedText))
        }
        Treatment::BurnedIn => {
            let bytes = handle.block_on(blobs.read_all(&live.sha256, None))?;
            match burn_in(&bytes, &extension, &live.redactions) {
                Some(image) => {
                    zip.start_file(file_name.as_str(), options)?;
                    zip.write_all(&image)?;
                    Ok((file_name, 1, Treatment::BurnedIn))
                }
                None => {
                    let reason = "The image could not be read, so its redactions could not be burned in.".to_string();
                    write_slip(zip, claim, &label, &live.name, reason)
                }
            }
        }
        Treatment::Withheld(reason) => write_slip(zip, claim, &label, &live.name, reason),
    }
}

fn write_slip<W: Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    claim: &Claim,
    label: &str,
    name: &str,
    reason: String,
) -> std::result::Result<(String, i64, Treatment), Stop> {
    let file_name = format!("documents/{label}.pdf");
    let lines = [
        format!("Document withheld: {name}"),
        reason.clone(),
        format!("This slip stands in its place as {label} in the production {}.", claim.name),
    ];
    zip.start_file(file_name.as_str(), SimpleFileOptions::default())?;
    zip.write_all(&slip_pdf(&format!("{label} - WITHHELD"), &lines))?;
    Ok((file_name, 1, Treatment::Withheld(reason)))
}

/// The image with each redacted area painted black, in its own format; None if it does not decode.
fn burn_in(bytes: &[u8], extension: &str, redactions: &[Anchor]) -> Option<Vec<u8>> {
    // Turned upright first, as a browser shows it (EXIF orientation): the areas were drawn there.
    let mut decoder =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok()?.into_decoder().ok()?;
    let orientation = image::ImageDecoder::orientation(&mut decoder).ok()?;
    let mut decoded = image::DynamicImage::from_decoder(decoder).ok()?;
    decoded.apply_orientation(orientation);
    let mut painted = decoded.to_rgba8();
    let (width, height) = painted.dimensions();
    for anchor in redactions {
        if let Some((left, top, w, h)) = pixel_area(anchor, width, height) {
            for y in top..top + h {
                for x in left..left + w {
                    painted.put_pixel(x, y, image::Rgba([0, 0, 0, 255]));
                }
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    let written = if extension == "png" {
        image::DynamicImage::ImageRgba8(painted).write_to(&mut out, image::ImageFormat::Png)
    } else {
        image::DynamicImage::ImageRgb8(image::DynamicImage::ImageRgba8(painted).to_rgb8())
            .write_to(&mut out, image::ImageFormat::Jpeg)
    };
    written.ok().map(|_| out.into_inner())
}

async fn defendant_names(db: &Db, case: i64) -> Result<BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM defendants WHERE case_id = $1").bind(case).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().collect())
}

/// The frozen documents from position `first` on, with what the load file and the redaction need:
/// five statements per batch, whatever its size.
async fn load_batch(db: &Db, claim: &Claim, first: i64, defendant_names: &BTreeMap<i64, String>) -> Result<Vec<Item>> {
    let mut conn = db.pool().acquire().await?;
    type ItemRow = (String, Option<i64>, Option<String>, Option<String>, Option<i64>);
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT pd.name, d.id, d.name, d.sha256, d.size FROM production_documents pd \
         LEFT JOIN documents d ON d.id = pd.document_id \
         WHERE pd.production_id = $1 AND pd.position >= $2 AND pd.position < $3 ORDER BY pd.position",
    )
    .bind(claim.id)
    .bind(first)
    .bind(first + BATCH)
    .fetch_all(&mut *conn)
    .await?;
    let found: Vec<i64> = rows.iter().filter_map(|r| r.1).collect();
    // A document moved meanwhile to a defendant outside the maker's scope is theirs no more.
    let ids: Vec<i64> = if found.is_empty() {
        Vec::new()
    } else {
        let (placeholders, arguments) = crate::db::in_list(&found)?;
        let visible = crate::access::visible_documents(&claim.scope);
        sqlx::query_scalar_with(
            &format!("SELECT d.id FROM documents d WHERE d.id IN ({placeholders}) AND {visible}"),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?
    };
    let mut defendants = crate::documents::defendants_of(&mut conn, &ids).await?;
    let mut tags = crate::documents::tags_of(&mut conn, &ids).await?;
    let mut redactions = crate::annotations::redactions_of(&mut conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|(frozen_name, id, name, sha256, size)| {
            let live = match (id, name, sha256, size) {
                (Some(id), Some(_), Some(_), Some(_)) if !ids.contains(&id) => None,
                (Some(id), Some(name), Some(sha256), Some(size)) => Some(Live {
                    name,
                    sha256,
                    size,
                    defendants: defendants
                        .remove(&id)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|d| claim.scope.includes(*d))
                        .filter_map(|d| defendant_names.get(&d.0).cloned())
                        .collect(),
                    tags: tags.remove(&id).unwrap_or_default().into_iter().map(|t| t.name).collect(),
                    redactions: redactions.remove(&id).unwrap_or_default(),
                }),
                _ => None,
            };
            Item { frozen_name, live }
        })
        .collect())
}

/// Writes progress and renews the claim; a claim gone (the production deleted, or taken over)
/// stops the build.
async fn report(db: &Db, claim: &Claim, done: i64, at: Timestamp) -> std::result::Result<(), Stop> {
    let renewed =
        sqlx::query("UPDATE productions SET done = $1, claimed_until = $2 WHERE id = $3 AND claim_token = $4")
            .bind(done)
            .bind(at.0 + BUILD_LEASE_MS)
            .bind(claim.id)
            .bind(&claim.token)
            .execute(db.pool())
            .await
            .map_err(ServiceError::from)?;
    if renewed.rows_affected() == 0 { Err(Stop::Gone) } else { Ok(()) }
}

async fn finish(db: &Db, blobs: &BlobStore, id: i64, token: &str, built: Built, now: Timestamp) -> Result<()> {
    let case: Option<i64> = sqlx::query_scalar("SELECT case_id FROM productions WHERE id = $1 AND claim_token = $2")
        .bind(id)
        .bind(token)
        .fetch_optional(db.pool())
        .await?;
    let Some(case) = case else { return Ok(()) };
    let location = format!("productions/{case}/{id}-{}.zip", &new_token()[..12]);
    // Storing a large ZIP takes a while: the claim is renewed first, so that no other worker
    // takes the build over meanwhile.
    sqlx::query("UPDATE productions SET claimed_until = $1 WHERE id = $2 AND claim_token = $3")
        .bind(crate::now().0 + BUILD_LEASE_MS)
        .bind(id)
        .bind(token)
        .execute(db.pool())
        .await?;
    blobs.put_file(&location, &built.file).await?;
    let marked = sqlx::query(
        "UPDATE productions SET status = 'ready', location = $1, size = $2, bates_end = $3, redacted = $4, withheld = $5, \
         done = documents, finished_at = $6, claim_token = NULL, claimed_until = NULL WHERE id = $7 AND claim_token = $8",
    )
    .bind(&location)
    .bind(built.size)
    .bind(built.bates_end)
    .bind(built.redacted)
    .bind(built.withheld)
    .bind(now.0)
    .bind(id)
    .bind(token)
    .execute(db.pool())
    .await;
    match marked {
        Ok(marked) if marked.rows_affected() > 0 => Ok(()),
        // Deleted while the ZIP was stored (or the record failed): nothing refers to it.
        Ok(_) => blobs.delete_file(&location).await,
        Err(e) => {
            blobs.delete_file(&location).await?;
            Err(e.into())
        }
    }
}

async fn fail(db: &Db, id: i64, token: &str, reason: &str) -> Result<()> {
    sqlx::query(
        "UPDATE productions SET status = 'failed', error = $1, claim_token = NULL, claimed_until = NULL \
         WHERE id = $2 AND claim_token = $3",
    )
    .bind(reason)
    .bind(id)
    .bind(token)
    .execute(db.pool())
    .await?;
    Ok(())
}
