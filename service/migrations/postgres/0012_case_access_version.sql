-- What a reader holds on a case (their grant and its defendants, the groups of their usual role,
-- the domain grants of their email domain, whether they administer it, their policy lines, the
-- case's defendants, when they last opened it) is read from nine tables. The server keeps those
-- rows in memory for a session while this version is unchanged; the version is read with the case
-- on every request, so any change, made on any server instance, is seen by the next read (R8).
-- Triggers bump it, so no code path that changes one of these tables can forget to. Once per
-- statement and case, so that a bulk change touches each case's row once.
ALTER TABLE cases ADD COLUMN access_version BIGINT NOT NULL DEFAULT 0;

-- TG_ARGV[0]: how a changed row (in the transition table `changed`) names its case.
CREATE FUNCTION case_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'UPDATE cases SET access_version = access_version + 1 WHERE id IN (SELECT %s FROM changed)',
        TG_ARGV[0]);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('case_grants', 'case_id'),
        ('case_grant_defendants', '(SELECT g.case_id FROM case_grants g WHERE g.id = changed.grant_id)'),
        ('case_groups', 'case_id'),
        ('case_domains', 'case_id'),
        ('case_domain_defendants', '(SELECT d.case_id FROM case_domains d WHERE d.id = changed.domain_grant_id)'),
        ('case_administrators', 'case_id'),
        ('case_policy_overrides', 'case_id'),
        ('defendants', 'case_id'),
        ('case_openings', 'case_id')
    ) AS v(name, case_of) LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION case_access_changed(%L)', t.name || '_inserted', t.name, t.case_of);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION case_access_changed(%L)', t.name || '_deleted', t.name, t.case_of);
        -- An update bumps the case a row was on and the one it is on now.
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION case_access_changed(%L)', t.name || '_updated_from', t.name, t.case_of);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION case_access_changed(%L)', t.name || '_updated_to', t.name, t.case_of);
    END LOOP;
END
$$;
