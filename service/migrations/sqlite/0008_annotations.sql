-- Notes and redactions on documents (issue 11). The anchor is a page, a range of characters
-- (start_at..end_at) or an area of a page (x, y, width, height in hundredths of a per cent).
-- Redactions live here, beside the document: the stored original never changes.
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'redaction')),
    body        TEXT NOT NULL,
    anchor      TEXT NOT NULL CHECK (anchor IN ('page', 'text', 'area')),
    page        INTEGER,
    start_at    INTEGER,
    end_at      INTEGER,
    x           INTEGER,
    y           INTEGER,
    width       INTEGER,
    height      INTEGER,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX annotations_document ON annotations(document_id);
