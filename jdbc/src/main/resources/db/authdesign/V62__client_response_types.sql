-- The response types a client registered (ClientSettings.responseTypes, OIDC Dynamic Client Registration 1.0
-- section 2), comma-separated since "id_token token" holds a space; existing clients registered none (the
-- default: code with the authorization_code grant).
ALTER TABLE clients ADD COLUMN response_types VARCHAR NOT NULL DEFAULT '';
