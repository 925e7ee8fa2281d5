-- Failed sign-in and user code attempts (RFC 6749 section 10.10, RFC 8628 section 5.1): one row per
-- opaque key (a hash of the account, address or session), until expires_at after its latest failure.
CREATE TABLE attempts (
    attempt_key VARCHAR(128) PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX attempts_expires_at ON attempts (expires_at);
