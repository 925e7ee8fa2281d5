-- Device authorizations counted per client (DeviceCodeStore.countActive): the device authorization
-- endpoint bounds how many a client may have outstanding.
CREATE INDEX device_authorizations_client ON device_authorizations (client_id, expires_at);
