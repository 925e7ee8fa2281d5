-- The links a client registered for people to see (ClientLinks: client_uri, logo_uri, policy_uri, tos_uri,
-- RFC 7591 section 2), shown on the sign-in and consent pages; existing clients have none.
ALTER TABLE clients ADD COLUMN client_uri VARCHAR;
ALTER TABLE clients ADD COLUMN logo_uri VARCHAR;
ALTER TABLE clients ADD COLUMN policy_uri VARCHAR;
ALTER TABLE clients ADD COLUMN tos_uri VARCHAR;
