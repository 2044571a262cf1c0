-- The case permission policy (issue 12, SPEC §6). A case keeps its three defaults beside its other
-- settings, with a version of their own so that two administrators saving at once are told, not
-- merged; per-user overrides are one row per person and category. New cases copy the global
-- defaults (one row, id 1) or a template's: a copy, so changing either never changes a case.
ALTER TABLE cases ADD COLUMN policy_manage_permissions TEXT NOT NULL DEFAULT 'by_role'
    CHECK (policy_manage_permissions IN ('enabled', 'not_allowed', 'by_role'));
ALTER TABLE cases ADD COLUMN policy_edit_settings TEXT NOT NULL DEFAULT 'by_role'
    CHECK (policy_edit_settings IN ('enabled', 'not_allowed', 'by_role'));
ALTER TABLE cases ADD COLUMN policy_batch_update TEXT NOT NULL DEFAULT 'by_role'
    CHECK (policy_batch_update IN ('enabled', 'not_allowed', 'by_role'));
ALTER TABLE cases ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE case_policy_overrides (
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    category TEXT    NOT NULL CHECK (category IN ('manage_permissions', 'edit_settings', 'batch_update')),
    setting  TEXT    NOT NULL CHECK (setting IN ('allow', 'deny')),
    PRIMARY KEY (case_id, user_id, category)
);
CREATE INDEX case_policy_overrides_user ON case_policy_overrides(user_id);

CREATE TABLE global_policy (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    manage_permissions TEXT    NOT NULL CHECK (manage_permissions IN ('enabled', 'not_allowed', 'by_role')),
    edit_settings      TEXT    NOT NULL CHECK (edit_settings IN ('enabled', 'not_allowed', 'by_role')),
    batch_update       TEXT    NOT NULL CHECK (batch_update IN ('enabled', 'not_allowed', 'by_role')),
    version            INTEGER NOT NULL
);
INSERT INTO global_policy (id, manage_permissions, edit_settings, batch_update, version)
    VALUES (1, 'by_role', 'by_role', 'by_role', 1);

CREATE TABLE global_policy_overrides (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    category TEXT    NOT NULL CHECK (category IN ('manage_permissions', 'edit_settings', 'batch_update')),
    setting  TEXT    NOT NULL CHECK (setting IN ('allow', 'deny')),
    PRIMARY KEY (user_id, category)
);

-- People who become administrators of every new case of their organisation.
CREATE TABLE global_case_administrators (
    user_id INTEGER PRIMARY KEY REFERENCES users(id)
);

CREATE TABLE case_templates (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL,
    name_key           TEXT    NOT NULL UNIQUE,
    description        TEXT    NOT NULL,
    manage_permissions TEXT    NOT NULL CHECK (manage_permissions IN ('enabled', 'not_allowed', 'by_role')),
    edit_settings      TEXT    NOT NULL CHECK (edit_settings IN ('enabled', 'not_allowed', 'by_role')),
    batch_update       TEXT    NOT NULL CHECK (batch_update IN ('enabled', 'not_allowed', 'by_role')),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE case_template_overrides (
    template_id INTEGER NOT NULL REFERENCES case_templates(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    category    TEXT    NOT NULL CHECK (category IN ('manage_permissions', 'edit_settings', 'batch_update')),
    setting     TEXT    NOT NULL CHECK (setting IN ('allow', 'deny')),
    PRIMARY KEY (template_id, user_id, category)
);

CREATE TABLE case_template_groups (
    id            INTEGER PRIMARY KEY,
    template_id   INTEGER NOT NULL REFERENCES case_templates(id) ON DELETE CASCADE,
    usual_role_id INTEGER NOT NULL REFERENCES usual_roles(id),
    location      TEXT,
    role_id       INTEGER NOT NULL REFERENCES roles(id)
);
CREATE INDEX case_template_groups_template ON case_template_groups(template_id);

-- The template a case was made from, for the record; a deleted template leaves its cases as they are.
ALTER TABLE cases ADD COLUMN template_id INTEGER REFERENCES case_templates(id) ON DELETE SET NULL;
