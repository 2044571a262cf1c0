-- A case's documents (SPEC §2): folders, documents, the defendants each is associated with, the
-- text extracted for search, and the stored contents, once per SHA-256. Names clash ignoring
-- letter case (name_key); the top of a case is folder 0 in the unique indexes.
CREATE TABLE blobs (
    sha256     TEXT    PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE folders (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX folders_unique ON folders(case_id, COALESCE(parent_id, 0), name_key);
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    folder_id    INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    name_key     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL REFERENCES blobs(sha256),
    text_status  TEXT    NOT NULL CHECK (text_status IN ('extracted','failed','none')),
    uploaded_by  INTEGER REFERENCES users(id),
    uploaded_at  INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX documents_unique ON documents(case_id, COALESCE(folder_id, 0), name_key);
CREATE INDEX documents_sha ON documents(sha256);
CREATE TABLE document_defendants (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    defendant_id INTEGER NOT NULL REFERENCES defendants(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, defendant_id)
);
CREATE INDEX document_defendants_defendant ON document_defendants(defendant_id);
CREATE TABLE document_texts (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    body        TEXT    NOT NULL
);
