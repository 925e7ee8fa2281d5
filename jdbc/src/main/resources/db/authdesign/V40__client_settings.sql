-- ClientSettings: RFC 9126 section 6, OpenID Connect Dynamic Client Registration 1.0 section 2,
-- RP-Initiated Logout 1.0 section 3.1 and Back-Channel Logout 1.0 section 2.2 client metadata, and the
-- keyed hash of the RFC 7592 registration access token.
ALTER TABLE clients ADD COLUMN require_pushed_authorization_requests BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN id_token_signed_response_alg VARCHAR(16);
ALTER TABLE clients ADD COLUMN post_logout_redirect_uris VARCHAR NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN backchannel_logout_uri VARCHAR;
ALTER TABLE clients ADD COLUMN backchannel_logout_session_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN request_uris VARCHAR NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN registration_access_token_hash VARCHAR;
