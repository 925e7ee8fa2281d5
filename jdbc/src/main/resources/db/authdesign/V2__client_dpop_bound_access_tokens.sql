-- RFC 9449 section 5.2: dpop_bound_access_tokens, the client always uses DPoP at the token endpoint.
ALTER TABLE clients ADD COLUMN dpop_bound_access_tokens BOOLEAN NOT NULL DEFAULT FALSE;
