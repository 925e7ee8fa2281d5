package io.authdesign.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A device authorization from the device authorization response until the device redeems it. The device
 * code is kept only as its hash, and the user code only as its {@linkplain UserCodeHasher keyed hash}: a
 * copy of the store reveals neither. Start one with {@link
 * #builder()}; the {@code with...} methods make the states that follow.
 *
 * @param deviceCodeHash the {@link TokenHashes#sha256 SHA-256 hash} of the device code
 * @param userCodeHash the {@link UserCodeHasher keyed hash} of the user code
 * @param clientId the client that asked
 * @param scopes the requested scopes, replaced by the approved scopes on approval
 * @param interval the minimum time between polls; raised by 5 seconds at each {@code slow_down}
 * @param status where the authorization stands
 * @param subject the user who approved, or {@code null} until approved
 * @param authTime when that user authenticated, or {@code null} until approved
 * @param lastPolledAt when the device last polled, or {@code null} before its first poll
 * @param expiresAt when the device code and the user code expire ({@code expires_in})
 * @param grantId identifies everything issued from this authorization
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.2">RFC 8628 section 3.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.5">RFC 8628 section 3.5</a>
 */
public record DeviceAuthorization(
        String deviceCodeHash,
        String userCodeHash,
        String clientId,
        Set<String> scopes,
        Duration interval,
        Status status,
        String subject,
        Instant authTime,
        Instant lastPolledAt,
        Instant expiresAt,
        String grantId) {

    /** The interval RFC 8628 section 3.2 applies when the response omits one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** How much each {@code slow_down} raises the interval (RFC 8628 section 3.5). */
    public static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    /** Where a device authorization stands. */
    public enum Status {
        /** Waiting for the user ({@code authorization_pending}). */
        PENDING,
        /** The user approved; the next poll redeems it. */
        APPROVED,
        /** The user refused ({@code access_denied}). */
        DENIED,
        /** A poll received the approval; tokens were issued from it. */
        REDEEMED
    }

    /** Validates the components, copies the scopes and normalises the user code. */
    public DeviceAuthorization {
        Objects.requireNonNull(deviceCodeHash, "deviceCodeHash");
        Objects.requireNonNull(userCodeHash, "userCodeHash");
        if (userCodeHash.isBlank()) {
            throw new IllegalArgumentException("A user code hash must not be blank");
        }
        Objects.requireNonNull(clientId, "clientId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("A polling interval must not be negative");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(grantId, "grantId");
        boolean approved = status == Status.APPROVED || status == Status.REDEEMED;
        if (approved && (subject == null || authTime == null)) {
            throw new IllegalArgumentException("An approved device authorization needs a subject and auth time");
        }
    }

    /** Starts a pending authorization. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the codes have expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** This authorization approved by {@code subject} for {@code approvedScopes}. */
    public DeviceAuthorization withApproval(String subject, Set<String> approvedScopes, Instant authTime) {
        return new DeviceAuthorization(
                deviceCodeHash,
                userCodeHash,
                clientId,
                approvedScopes,
                interval,
                Status.APPROVED,
                Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(authTime, "authTime"),
                lastPolledAt,
                expiresAt,
                grantId);
    }

    /** This authorization in another status. */
    public DeviceAuthorization withStatus(Status newStatus) {
        return new DeviceAuthorization(
                deviceCodeHash,
                userCodeHash,
                clientId,
                scopes,
                interval,
                newStatus,
                subject,
                authTime,
                lastPolledAt,
                expiresAt,
                grantId);
    }

    /** This authorization polled at {@code now} with the given interval. */
    public DeviceAuthorization withPoll(Instant now, Duration newInterval) {
        return new DeviceAuthorization(
                deviceCodeHash,
                userCodeHash,
                clientId,
                scopes,
                newInterval,
                status,
                subject,
                authTime,
                now,
                expiresAt,
                grantId);
    }

    /** Whether a poll at {@code now} comes sooner than {@link #interval()} after the last one. */
    public boolean isTooSoon(Instant now) {
        return lastPolledAt != null && now.isBefore(lastPolledAt.plus(interval));
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[clientId=" + clientId + ", status=" + status + ", subject=" + subject
                + ", expiresAt=" + expiresAt + ", grantId=" + grantId + "]";
    }

    /** Builds a pending {@link DeviceAuthorization}; {@link #deviceCode(String)} hashes the code. */
    public static final class Builder {

        private String deviceCodeHash;
        private String userCodeHash;
        private String clientId;
        private Set<String> scopes = Set.of();
        private Duration interval = DEFAULT_INTERVAL;
        private Instant expiresAt;
        private String grantId;

        private Builder() {}

        /** Sets the device code, kept only as its hash. */
        public Builder deviceCode(String code) {
            this.deviceCodeHash = TokenHashes.sha256(code);
            return this;
        }

        /** Sets the {@link UserCodeHasher keyed hash} of the user code. */
        public Builder userCodeHash(String value) {
            this.userCodeHash = value;
            return this;
        }

        /** Sets the client. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** Sets the requested scopes. */
        public Builder scopes(Set<String> value) {
            this.scopes = value;
            return this;
        }

        /** Sets the polling interval; {@link #DEFAULT_INTERVAL} otherwise. */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /** Sets when the codes expire. */
        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        /** Sets the grant id shared by everything issued from this authorization. */
        public Builder grantId(String value) {
            this.grantId = value;
            return this;
        }

        /** Builds the pending authorization. */
        public DeviceAuthorization build() {
            return new DeviceAuthorization(
                    deviceCodeHash,
                    userCodeHash,
                    clientId,
                    scopes,
                    interval,
                    Status.PENDING,
                    null,
                    null,
                    null,
                    expiresAt,
                    grantId);
        }
    }
}
