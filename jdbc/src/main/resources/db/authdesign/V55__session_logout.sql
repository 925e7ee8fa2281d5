-- OpenID Connect Back-Channel Logout 1.0: each sign-in session has a session id (sid) of its own, random
-- and unrelated to the cookie, carried by the authorization codes and refresh tokens issued in it into
-- their ID tokens; and the grants a session produced, to revoke them and notify their clients at logout.
-- Sessions from before this version have no sid and are not found any more: their users sign in again.
ALTER TABLE sessions ADD COLUMN sid VARCHAR(64);
CREATE UNIQUE INDEX sessions_sid ON sessions (sid);
ALTER TABLE authorization_codes ADD COLUMN sid VARCHAR(64);
ALTER TABLE refresh_tokens ADD COLUMN sid VARCHAR(64);

-- One row per grant (an authorization code issued in the session) until the session would expire.
CREATE TABLE session_grants (
    sid VARCHAR(64) NOT NULL,
    grant_id VARCHAR(255) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    offline BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sid, grant_id)
);
CREATE INDEX session_grants_expires_at ON session_grants (expires_at);
