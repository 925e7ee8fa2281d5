-- pgbench: the database's own rate of a refresh-token rotation, with no HTTP and no JVM: the two statements the
-- reference server sends per refresh on PostgreSQL (JdbcRefreshTokenStore: find, then the one-statement rotation),
-- each client rotating its own chain of numbered tokens (1000000 + client_id, then + step each rotation, so the
-- chains never meet). run-load.sh seeds one live token per client and runs it with -M prepared (the driver
-- prepares them on the server too), -D tok=0 and -D step=<clients>.
\if :tok = 0
\set tok 1000000 + :client_id
\endif
\set n :tok + :step
SELECT t.token_hash, t.family_id, t.grant_id, t.client_id, t.subject, t.scopes, t.auth_time, t.dpop_jkt, t.issued_at, t.expires_at, t.resources, t.sid FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = (:tok)::text AND t.used_at IS NULL AND t.expires_at > now() AND f.expires_at > now() AND f.revoked = FALSE;
WITH live AS (SELECT f.family_id FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = (:tok)::text AND t.used_at IS NULL AND t.expires_at > now() AND f.expires_at > now() AND f.revoked = FALSE FOR UPDATE OF f), used AS (UPDATE refresh_tokens t SET used_at = now(), successor_hash = (:n)::text FROM live WHERE t.token_hash = (:tok)::text AND t.family_id = live.family_id AND t.used_at IS NULL RETURNING t.token_hash, t.family_id, t.grant_id, t.client_id, t.subject, t.scopes, t.auth_time, t.dpop_jkt, t.issued_at, t.expires_at, t.resources, t.sid), next AS (INSERT INTO refresh_tokens (token_hash, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, issued_at, expires_at, resources, sid) SELECT (:n)::text, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, now(), expires_at, resources, sid FROM used) SELECT token_hash, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, issued_at, expires_at, resources, sid FROM used;
\set tok :n
