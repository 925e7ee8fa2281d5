-- AuthDesign stores. One script for PostgreSQL and for H2 in PostgreSQL mode: plain SQL types only.
-- Bearer values (codes, refresh tokens, device codes, session ids) are kept as SHA-256 hashes.
-- Scope, method and grant-type sets are space-separated tokens (RFC 6749 section 3.3 scope-tokens
-- contain no space).

CREATE TABLE clients (
    client_id VARCHAR(255) PRIMARY KEY,
    auth_methods VARCHAR NOT NULL,
    grant_types VARCHAR NOT NULL,
    redirect_uris VARCHAR NOT NULL,
    scopes VARCHAR NOT NULL,
    require_pkce BOOLEAN NOT NULL,
    jwks VARCHAR,
    jwks_uri VARCHAR,
    client_name VARCHAR
);

CREATE TABLE client_secrets (
    client_id VARCHAR(255) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    hash VARCHAR NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (client_id, seq)
);

CREATE TABLE authorization_codes (
    code_hash VARCHAR(64) PRIMARY KEY,
    client_id VARCHAR(255) NOT NULL,
    redirect_uri VARCHAR,
    subject VARCHAR(255) NOT NULL,
    scopes VARCHAR NOT NULL,
    code_challenge VARCHAR(128),
    code_challenge_method VARCHAR(16),
    nonce VARCHAR,
    auth_time TIMESTAMP WITH TIME ZONE NOT NULL,
    acr VARCHAR,
    claims_request VARCHAR,
    dpop_jkt VARCHAR(64),
    grant_id VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE,
    presentations INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX authorization_codes_expires_at ON authorization_codes (expires_at);

CREATE TABLE refresh_families (
    family_id VARCHAR(255) PRIMARY KEY,
    grant_id VARCHAR(255) NOT NULL,
    revoked BOOLEAN DEFAULT FALSE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX refresh_families_grant_id ON refresh_families (grant_id);
CREATE INDEX refresh_families_expires_at ON refresh_families (expires_at);

CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    family_id VARCHAR(255) NOT NULL,
    grant_id VARCHAR(255) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    scopes VARCHAR NOT NULL,
    auth_time TIMESTAMP WITH TIME ZONE NOT NULL,
    dpop_jkt VARCHAR(64),
    issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE,
    successor_hash VARCHAR(64)
);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);

CREATE TABLE device_authorizations (
    device_code_hash VARCHAR(64) PRIMARY KEY,
    user_code VARCHAR(64) UNIQUE,
    client_id VARCHAR(255) NOT NULL,
    scopes VARCHAR NOT NULL,
    interval_ms BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    subject VARCHAR(255),
    auth_time TIMESTAMP WITH TIME ZONE,
    last_polled_at TIMESTAMP WITH TIME ZONE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    grant_id VARCHAR(255) NOT NULL
);
CREATE INDEX device_authorizations_expires_at ON device_authorizations (expires_at);

CREATE TABLE consents (
    subject VARCHAR(255) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    scope VARCHAR(255) NOT NULL,
    PRIMARY KEY (subject, client_id, scope)
);

CREATE TABLE sessions (
    id_hash VARCHAR(64) PRIMARY KEY,
    subject VARCHAR(255) NOT NULL,
    auth_time TIMESTAMP WITH TIME ZONE NOT NULL,
    acr VARCHAR,
    amr VARCHAR NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE signing_keys (
    kid VARCHAR(255) PRIMARY KEY,
    algorithm VARCHAR(32) NOT NULL,
    private_jwk_nonce BYTEA NOT NULL,
    private_jwk_sealed BYTEA NOT NULL,
    public_jwk VARCHAR NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX signing_keys_expires_at ON signing_keys (expires_at);

-- A known value sealed under the key-encryption key by the first node, so that a node started with
-- another key fails at start instead of writing keys the others cannot read.
CREATE TABLE key_encryption_check (
    id INTEGER PRIMARY KEY,
    nonce BYTEA NOT NULL,
    sealed BYTEA NOT NULL
);

-- One row, created here, so that claiming a rotation is a single conditional UPDATE.
CREATE TABLE key_rotation (
    id INTEGER PRIMARY KEY,
    last_rotated_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO key_rotation (id, last_rotated_at) VALUES (1, NULL);

CREATE TABLE replay_entries (
    value_hash VARCHAR(64) PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX replay_entries_expires_at ON replay_entries (expires_at);
