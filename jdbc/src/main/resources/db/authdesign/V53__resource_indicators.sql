-- RFC 8707 resource indicators: the resources a client may ask tokens for, and those an authorization
-- code and a refresh token family were granted for (space-separated absolute URIs, '' for none).
ALTER TABLE clients ADD COLUMN resources VARCHAR NOT NULL DEFAULT '';
ALTER TABLE authorization_codes ADD COLUMN resources VARCHAR NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN resources VARCHAR NOT NULL DEFAULT '';
