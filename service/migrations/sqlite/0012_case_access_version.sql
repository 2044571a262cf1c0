-- What a reader holds on a case (their grant and its defendants, the groups of their usual role,
-- the domain grants of their email domain, whether they administer it, their policy lines, the
-- case's defendants, when they last opened it) is read from nine tables. The server keeps those
-- rows in memory for a session while this version is unchanged; the version is read with the case
-- on every request, so any change, made on any server instance, is seen by the next read (R8).
-- Triggers bump it, so no code path that changes one of these tables can forget to.
ALTER TABLE cases ADD COLUMN access_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER case_grants_inserted AFTER INSERT ON case_grants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_grants_deleted AFTER DELETE ON case_grants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_grants_updated AFTER UPDATE ON case_grants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER case_grant_defendants_inserted AFTER INSERT ON case_grant_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_grants WHERE id = NEW.grant_id)); END;
CREATE TRIGGER case_grant_defendants_deleted AFTER DELETE ON case_grant_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_grants WHERE id = OLD.grant_id)); END;
CREATE TRIGGER case_grant_defendants_updated AFTER UPDATE ON case_grant_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_grants WHERE id = OLD.grant_id), (SELECT case_id FROM case_grants WHERE id = NEW.grant_id)); END;
CREATE TRIGGER case_groups_inserted AFTER INSERT ON case_groups
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_groups_deleted AFTER DELETE ON case_groups
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_groups_updated AFTER UPDATE ON case_groups
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER case_domains_inserted AFTER INSERT ON case_domains
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_domains_deleted AFTER DELETE ON case_domains
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_domains_updated AFTER UPDATE ON case_domains
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER case_domain_defendants_inserted AFTER INSERT ON case_domain_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_domains WHERE id = NEW.domain_grant_id)); END;
CREATE TRIGGER case_domain_defendants_deleted AFTER DELETE ON case_domain_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_domains WHERE id = OLD.domain_grant_id)); END;
CREATE TRIGGER case_domain_defendants_updated AFTER UPDATE ON case_domain_defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN ((SELECT case_id FROM case_domains WHERE id = OLD.domain_grant_id), (SELECT case_id FROM case_domains WHERE id = NEW.domain_grant_id)); END;
CREATE TRIGGER case_administrators_inserted AFTER INSERT ON case_administrators
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_administrators_deleted AFTER DELETE ON case_administrators
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_administrators_updated AFTER UPDATE ON case_administrators
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER case_policy_overrides_inserted AFTER INSERT ON case_policy_overrides
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_policy_overrides_deleted AFTER DELETE ON case_policy_overrides
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_policy_overrides_updated AFTER UPDATE ON case_policy_overrides
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER defendants_inserted AFTER INSERT ON defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER defendants_deleted AFTER DELETE ON defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER defendants_updated AFTER UPDATE ON defendants
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER case_openings_inserted AFTER INSERT ON case_openings
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (NEW.case_id); END;
CREATE TRIGGER case_openings_deleted AFTER DELETE ON case_openings
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id); END;
CREATE TRIGGER case_openings_updated AFTER UPDATE ON case_openings
BEGIN UPDATE cases SET access_version = access_version + 1 WHERE id IN (OLD.case_id, NEW.case_id); END;
