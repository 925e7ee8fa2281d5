-- Device-flow user codes are kept only as their keyed hash (HMAC-SHA256, base64url, 43 characters): a user
-- code has about 34.5 bits of entropy, so a row must not reveal it (RFC 8628 section 5.1). Rows written by
-- earlier versions hold codes in clear; device authorizations live minutes, so they are dropped rather than
-- converted (a device that was mid-flow starts again).
DELETE FROM device_authorizations;
ALTER TABLE device_authorizations RENAME COLUMN user_code TO user_code_hash;
