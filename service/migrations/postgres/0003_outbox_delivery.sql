-- Delivery state for the SMTP worker (SPEC §9). A worker claims due emails by writing a token and
-- a lease; a second instance skips claimed rows until the lease runs out, so an email is sent by
-- one worker at a time. An email the server refused permanently is marked failed and kept.
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
