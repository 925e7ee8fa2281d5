-- An operator lists and revokes a user's grants (the reference server's grants and revoke-grants
-- commands): RefreshTokenStore.grantsOf finds a subject's tokens without scanning the table.
CREATE INDEX refresh_tokens_subject ON refresh_tokens (subject);
