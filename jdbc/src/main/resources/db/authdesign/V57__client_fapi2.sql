-- Whether a client follows the FAPI 2.0 Security Profile (ClientSettings.fapi2); existing clients do not.
ALTER TABLE clients ADD COLUMN fapi2 BOOLEAN NOT NULL DEFAULT FALSE;
