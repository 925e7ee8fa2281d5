package io.authdesign.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The device authorization response of RFC 8628 section 3.2.
 *
 * @param deviceCode the {@code device_code}
 * @param userCode the {@code user_code} the user types
 * @param verificationUri where the user goes
 * @param verificationUriComplete the verification URI with the user code, or {@code null}
 * @param expiresIn the lifetime of both codes in seconds
 * @param interval the minimum polling interval in seconds
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.2">RFC 8628 section 3.2</a>
 */
public record DeviceCodeResponse(
        String deviceCode,
        String userCode,
        String verificationUri,
        String verificationUriComplete,
        long expiresIn,
        long interval) {

    /** Validates the components. */
    public DeviceCodeResponse {
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(verificationUri, "verificationUri");
        if (expiresIn <= 0 || interval <= 0) {
            throw new IllegalArgumentException("expires_in and interval must be positive");
        }
    }

    /** The JSON members. */
    public Map<String, Object> toJsonObject() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", deviceCode);
        body.put("user_code", userCode);
        body.put("verification_uri", verificationUri);
        if (verificationUriComplete != null) {
            body.put("verification_uri_complete", verificationUriComplete);
        }
        body.put("expires_in", expiresIn);
        body.put("interval", interval);
        return body;
    }
}
