-- Review work on documents (issue 11): the case's tags and which documents carry them, saved
-- searches, and the full-text index over each document's name, tags and extracted text.
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    colour     TEXT    NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX tags_unique ON tags(case_id, name_key);
CREATE TABLE document_tags (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    tagged_by   INTEGER REFERENCES users(id),
    tagged_at   INTEGER NOT NULL,
    PRIMARY KEY (document_id, tag_id)
);
CREATE INDEX document_tags_tag ON document_tags(tag_id);
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX saved_searches_unique ON saved_searches(case_id, name_key);

-- One row per document, rowid = documents.id. `case_key` ('c' and the case id) is indexed so that
-- a search intersects with the case's own rows inside FTS5 rather than filtering every case's
-- hits afterwards. The triggers keep it in step with every write, whichever code makes it.
-- Accents are kept (remove_diacritics 0), as PostgreSQL's 'simple' configuration keeps them, so
-- that both backends find the same documents.
CREATE VIRTUAL TABLE document_search USING fts5(case_key, name, tags, body, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO document_search (rowid, case_key, name, tags, body)
    SELECT d.id, 'c' || d.case_id, d.name, '', COALESCE(t.body, '')
    FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id;

CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO document_search (rowid, case_key, name, tags, body) VALUES (new.id, 'c' || new.case_id, new.name, '', '');
END;
CREATE TRIGGER documents_search_rename AFTER UPDATE OF name ON documents BEGIN
    UPDATE document_search SET name = new.name WHERE rowid = new.id;
END;
CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
    DELETE FROM document_search WHERE rowid = old.id;
END;
CREATE TRIGGER document_texts_search AFTER INSERT ON document_texts BEGIN
    UPDATE document_search SET body = new.body WHERE rowid = new.document_id;
END;
CREATE TRIGGER document_texts_search_change AFTER UPDATE OF body ON document_texts BEGIN
    UPDATE document_search SET body = new.body WHERE rowid = new.document_id;
END;
CREATE TRIGGER document_texts_search_delete AFTER DELETE ON document_texts BEGIN
    UPDATE document_search SET body = '' WHERE rowid = old.document_id;
END;
-- Each document's tag names, as the index holds them: what the tag triggers write.
CREATE VIEW document_tag_names AS
    SELECT dt.document_id, group_concat(t.name, ' ') AS names
    FROM document_tags dt JOIN tags t ON t.id = dt.tag_id GROUP BY dt.document_id;
CREATE TRIGGER document_tags_search_add AFTER INSERT ON document_tags BEGIN
    UPDATE document_search SET tags = COALESCE((SELECT names FROM document_tag_names WHERE document_id = new.document_id), '')
    WHERE rowid = new.document_id;
END;
CREATE TRIGGER document_tags_search_remove AFTER DELETE ON document_tags BEGIN
    UPDATE document_search SET tags = COALESCE((SELECT names FROM document_tag_names WHERE document_id = old.document_id), '')
    WHERE rowid = old.document_id;
END;
CREATE TRIGGER tags_search_rename AFTER UPDATE OF name ON tags BEGIN
    UPDATE document_search SET tags = COALESCE((SELECT names FROM document_tag_names WHERE document_id = document_search.rowid), '')
    WHERE rowid IN (SELECT document_id FROM document_tags WHERE tag_id = new.id);
END;
