-- Pushed authorization requests (RFC 9126): one row per request_uri (by hash) until used up or expired.
CREATE TABLE pushed_requests (
    request_uri_hash VARCHAR(64) PRIMARY KEY,
    client_id VARCHAR(255) NOT NULL,
    parameters VARCHAR NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX pushed_requests_expires_at ON pushed_requests (expires_at);
