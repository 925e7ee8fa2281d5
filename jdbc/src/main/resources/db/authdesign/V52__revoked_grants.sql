-- The revocation list of JWT access tokens (RFC 7009 section 2.1): one row per revoked grant (by hash of
-- its id, or of a lone token's jti) until no access token of the grant can still be valid.
CREATE TABLE revoked_grants (
    grant_hash VARCHAR(64) PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX revoked_grants_expires_at ON revoked_grants (expires_at);
