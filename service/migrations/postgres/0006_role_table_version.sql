-- Every access decision needs the role table. The server keeps it in memory while this version is
-- unchanged; the version is read in the same statement as the case on every request, so a role
-- changed on one instance takes effect on the next request everywhere (R8). Triggers bump it, so no
-- code path that changes a role can forget to.
CREATE TABLE table_versions (
    name    TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO table_versions (name, version) VALUES ('roles', 1);

CREATE FUNCTION roles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE table_versions SET version = version + 1 WHERE name = 'roles';
    RETURN NULL;
END
$$;
CREATE TRIGGER roles_changed AFTER INSERT OR UPDATE OR DELETE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION roles_changed();
CREATE TRIGGER role_capabilities_changed AFTER INSERT OR UPDATE OR DELETE ON role_capabilities
    FOR EACH STATEMENT EXECUTE FUNCTION roles_changed();

-- "My cases" finds the cases of a person's groups by their usual role.
CREATE INDEX case_groups_usual_role ON case_groups(usual_role_id);
