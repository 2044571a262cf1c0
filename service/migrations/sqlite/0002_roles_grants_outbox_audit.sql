-- Roles as data (SPEC.md §3), individual and retained grants (§4 paths 2 and 8), the email
-- outbox (§9) and the audit log (§10).

CREATE TABLE roles (
    id               INTEGER PRIMARY KEY,
    key              TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL UNIQUE,
    community        TEXT    CHECK (community IN ('prosecution','defence','court','other')),
    defendant_scoped INTEGER NOT NULL DEFAULT 0,
    built_in         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);

CREATE TABLE role_capabilities (
    role_id    INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    capability TEXT    NOT NULL,
    PRIMARY KEY (role_id, capability)
);

-- One grant per person and case: an invitation, or (retained = 1) access kept after a group
-- grant was removed (R4). Expired rows stop counting at expires_at; the sweep deletes them later.
CREATE TABLE case_grants (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role_id    INTEGER NOT NULL REFERENCES roles(id),
    expires_at INTEGER,
    retained   INTEGER NOT NULL DEFAULT 0,
    message    TEXT,
    granted_by INTEGER REFERENCES users(id),
    granted_at INTEGER NOT NULL,
    -- Bumped by every change, so that two people changing the same member at once are told.
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (case_id, user_id)
);
CREATE INDEX case_grants_user ON case_grants(user_id);
CREATE INDEX case_grants_expiry ON case_grants(expires_at);

CREATE TABLE case_grant_defendants (
    grant_id     INTEGER NOT NULL REFERENCES case_grants(id) ON DELETE CASCADE,
    defendant_id INTEGER NOT NULL REFERENCES defendants(id) ON DELETE CASCADE,
    PRIMARY KEY (grant_id, defendant_id)
);

-- Written in the same transaction as the change that causes the email; delivered by a worker.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox(sent_at, next_attempt_at);

-- Append-only; each entry's hash covers the previous entry's hash, so any edit breaks the chain.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER,
    actor_id  INTEGER,
    action    TEXT    NOT NULL,
    subject   TEXT,
    before    TEXT,
    after     TEXT,
    at        INTEGER NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL UNIQUE
);
CREATE INDEX audit_log_case ON audit_log(case_id, id);

-- The chain's head. Every append first updates this one row, which makes concurrent appends take
-- turns on PostgreSQL (row lock) as they already do on SQLite (one writer).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis');
