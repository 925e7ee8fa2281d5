package io.authdesign.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Device authorizations, looked up by the device with its device code (hashed) and by the user with the
 * user code, which the store only ever sees as its {@linkplain UserCodeHasher keyed hash}: the caller (the
 * ready device flow) hashes it, so no implementation can keep a code in clear. Each method is one atomic operation, so a database implements it with one
 * statement ({@code UPDATE ... WHERE status = 'PENDING' AND expires_at > ? RETURNING ...}) or a Redis
 * script.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3">RFC 8628 section 3</a>
 */
public interface DeviceCodeStore {

    /**
     * How long past its expiry a store still remembers a device authorization, at least, so that a late
     * poll is answered {@code expired_token} rather than {@code invalid_grant}.
     */
    Duration EXPIRED_RETENTION = Duration.ofMinutes(10);

    /**
     * Stores a new pending authorization.
     *
     * @throws IllegalArgumentException if the device code is stored, or the user code belongs to another
     *     unexpired authorization (generate another)
     */
    void save(DeviceAuthorization authorization);

    /**
     * How many of a client's device authorizations have not expired, whatever their status: what a device
     * authorization endpoint bounds, so that one client (a public one is anyone) cannot make the store keep
     * unbounded device codes. A count taken as the request is answered; concurrent saves may pass it by a
     * few.
     *
     * @param clientId the client
     * @param now the current time
     * @return the number of unexpired authorizations of the client
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.2">RFC 8628 section 5.2</a>
     */
    int countActive(String clientId, Instant now);

    /**
     * The unexpired authorization with this user code.
     *
     * @param userCodeHash the {@link UserCodeHasher keyed hash} of the code the user typed
     */
    Optional<DeviceAuthorization> findByUserCodeHash(String userCodeHash);

    /**
     * Records the user's approval, only if the authorization is pending and unexpired.
     *
     * @param userCodeHash the {@link UserCodeHasher keyed hash} of the user code
     * @param subject the user
     * @param scopes the scopes the user approved; they replace the requested ones
     * @param authTime when the user authenticated
     * @return whether the authorization was pending and is now approved
     */
    boolean approve(String userCodeHash, String subject, Set<String> scopes, Instant authTime);

    /**
     * Records the user's refusal, only if the authorization is pending and unexpired.
     *
     * @param userCodeHash the {@link UserCodeHasher keyed hash} of the user code
     * @return whether the authorization was pending and is now denied
     */
    boolean deny(String userCodeHash);

    /**
     * Answers a poll, atomically: of any number of concurrent polls of an approved authorization, exactly
     * one gets {@link DevicePoll.Approved}. In order: unknown, then expired, then denied, redeemed,
     * approved; a pending authorization polled sooner than its interval after the previous poll gets
     * {@link DevicePoll.SlowDown} and its interval raised by {@link DeviceAuthorization#SLOW_DOWN_STEP}.
     * Every pending poll, fast or not, becomes the last poll.
     *
     * @param deviceCode the device code as presented (hashed here)
     * @param clientId the authenticated client that polls: another client's device code is {@link
     *     DevicePoll.Unknown} to it and the poll changes nothing (RFC 8628 section 3.4)
     * @param now the time of the poll
     */
    DevicePoll poll(String deviceCode, String clientId, Instant now);
}
