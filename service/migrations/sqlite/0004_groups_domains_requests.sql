-- Group grants (SPEC §4 path 3), domain grants (path 4), first access (for R4) and access
-- requests (R7). A location is an office name ("Southwark"): it matches users of any
-- organisation based at an office of that name; none means all locations.

CREATE TABLE case_groups (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    usual_role_id INTEGER NOT NULL REFERENCES usual_roles(id),
    location      TEXT,
    role_id       INTEGER NOT NULL REFERENCES roles(id),
    added_by      INTEGER REFERENCES users(id),
    added_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX case_groups_unique ON case_groups(case_id, usual_role_id, COALESCE(lower(location), ''));

CREATE TABLE case_domains (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    domain    TEXT    NOT NULL,
    location  TEXT,
    added_by  INTEGER REFERENCES users(id),
    added_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX case_domains_unique ON case_domains(case_id, domain, COALESCE(lower(location), ''));
CREATE INDEX case_domains_domain ON case_domains(domain);

CREATE TABLE case_domain_defendants (
    domain_grant_id INTEGER NOT NULL REFERENCES case_domains(id) ON DELETE CASCADE,
    defendant_id    INTEGER NOT NULL REFERENCES defendants(id) ON DELETE CASCADE,
    PRIMARY KEY (domain_grant_id, defendant_id)
);

-- When each person first and last opened each case. R4 keeps access for those who opened the
-- case while the group was in place: last_opened_at at or after the group's added_at.
CREATE TABLE case_openings (
    case_id         INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    first_opened_at INTEGER NOT NULL,
    last_opened_at  INTEGER NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

CREATE TABLE access_requests (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message    TEXT    NOT NULL DEFAULT '',
    status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','denied')),
    created_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    reason     TEXT
);
-- One pending request per person and case.
CREATE UNIQUE INDEX access_requests_pending ON access_requests(case_id, user_id) WHERE status = 'pending';
