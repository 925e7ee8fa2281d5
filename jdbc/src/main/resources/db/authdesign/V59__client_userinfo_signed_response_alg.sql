-- The algorithm a client's UserInfo responses are signed with (ClientSettings.userinfoSignedResponseAlg,
-- OpenID Connect Dynamic Client Registration 1.0 section 2); NULL keeps them plain JSON, as for existing clients.
ALTER TABLE clients ADD COLUMN userinfo_signed_response_alg VARCHAR(16);
