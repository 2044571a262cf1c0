-- Productions and reports (issue 11). A production freezes its documents in order when it is
-- created (production_documents) and is built later, in the background, into a ZIP in the object
-- store (location); a worker claims a build with a token and a lease, as the outbox does. Both
-- record the defendant scope of their maker (scoped = 0: every defendant; else the rows of
-- *_scope), so that only readers whose scope covers it see what it holds.
CREATE TABLE productions (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    bates_prefix  TEXT    NOT NULL,
    bates_start   INTEGER NOT NULL,
    bates_end     INTEGER,
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'building', 'ready', 'failed')),
    documents     INTEGER NOT NULL,
    done          INTEGER NOT NULL DEFAULT 0,
    redacted      INTEGER NOT NULL DEFAULT 0,
    withheld      INTEGER NOT NULL DEFAULT 0,
    size          INTEGER,
    location      TEXT,
    error         TEXT,
    scoped        INTEGER NOT NULL,
    claim_token   TEXT,
    claimed_until INTEGER,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX productions_case ON productions(case_id, created_at);
CREATE INDEX productions_status ON productions(status);
CREATE TABLE production_documents (
    production_id INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    name          TEXT    NOT NULL,
    PRIMARY KEY (production_id, position)
);
CREATE INDEX production_documents_document ON production_documents(document_id);
CREATE TABLE production_scope (
    production_id INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    defendant_id  INTEGER NOT NULL,
    PRIMARY KEY (production_id, defendant_id)
);
-- A link for one named person; only the SHA-256 of its token is kept.
CREATE TABLE production_shares (
    id                 INTEGER PRIMARY KEY,
    production_id      INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    recipient_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash         TEXT    NOT NULL UNIQUE,
    expires_at         INTEGER NOT NULL,
    revoked_at         INTEGER,
    created_by         INTEGER REFERENCES users(id),
    created_at         INTEGER NOT NULL,
    downloads          INTEGER NOT NULL DEFAULT 0,
    last_downloaded_at INTEGER
);
CREATE INDEX production_shares_production ON production_shares(production_id);
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    documents  INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    location   TEXT    NOT NULL,
    scoped     INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX reports_case ON reports(case_id, created_at);
CREATE TABLE report_scope (
    report_id    INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    defendant_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, defendant_id)
);
