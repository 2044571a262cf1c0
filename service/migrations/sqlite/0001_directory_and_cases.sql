-- Directory (SPEC.md §1), sessions, and cases (§2). Instants are Unix milliseconds (INTEGER);
-- flags are 0/1 integers so that SQLite and PostgreSQL read them the same way.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('prosecution','defence_firm','chambers','court','police','probation','other')),
    created_at  INTEGER NOT NULL
);

CREATE TABLE offices (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE organisation_domains (
    domain          TEXT    PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
);

CREATE TABLE usual_roles (
    id        INTEGER PRIMARY KEY,
    name      TEXT    NOT NULL UNIQUE,
    community TEXT    NOT NULL CHECK (community IN ('prosecution','defence','court','other'))
);

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    email                 TEXT    NOT NULL,
    email_key             TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    password_hash         TEXT    NOT NULL,
    organisation_id       INTEGER REFERENCES organisations(id),
    office_id             INTEGER REFERENCES offices(id),
    usual_role_id         INTEGER REFERENCES usual_roles(id),
    account_type          TEXT    NOT NULL DEFAULT 'standard' CHECK (account_type IN ('manager','uploader','standard')),
    is_system_admin       INTEGER NOT NULL DEFAULT 0,
    is_licence_manager    INTEGER NOT NULL DEFAULT 0,
    -- Account permissions (§7), set by licence managers.
    perm_office_cases     INTEGER NOT NULL DEFAULT 0,
    perm_transfer         TEXT    NOT NULL DEFAULT 'none' CHECK (perm_transfer IN ('none','own','all')),
    perm_manage_transfer  INTEGER NOT NULL DEFAULT 0,
    perm_summary_report   INTEGER NOT NULL DEFAULT 0,
    perm_view_org_uploads INTEGER NOT NULL DEFAULT 0,
    perm_allow_share      INTEGER NOT NULL DEFAULT 0,
    perm_auto_share       INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the database
-- cannot be replayed as a session.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE sign_in_failures (
    id        INTEGER PRIMARY KEY,
    email_key TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(email_key, at);

-- Case types (§8) get their groups, target and escalation in a later migration.
CREATE TABLE case_types (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    target_days INTEGER,
    created_at  INTEGER NOT NULL
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    reference       TEXT    NOT NULL,
    reference_key   TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations(id),
    office_id       INTEGER REFERENCES offices(id),
    case_type_id    INTEGER REFERENCES case_types(id),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    target_date     TEXT,
    owner_id        INTEGER NOT NULL REFERENCES users(id),
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    -- Bumped by every settings change, so that concurrent edits are detected, not merged.
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_owner ON cases(owner_id);
CREATE INDEX cases_office ON cases(office_id);

CREATE TABLE case_administrators (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (case_id, user_id)
);

CREATE TABLE defendants (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX defendants_case ON defendants(case_id);
