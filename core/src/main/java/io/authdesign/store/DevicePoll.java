package io.authdesign.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a device polling the token endpoint with its device code; each maps to one answer of
 * RFC 8628 section 3.5.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.5">RFC 8628 section 3.5</a>
 */
public sealed interface DevicePoll {

    /** The user has not decided yet: {@code authorization_pending}. */
    record Pending() implements DevicePoll {}

    /**
     * The device polled sooner than its interval after the previous poll, while pending: {@code
     * slow_down}. The store has raised the interval by 5 seconds, as the device must.
     *
     * @param interval the raised interval
     */
    record SlowDown(Duration interval) implements DevicePoll {
        /** Validates the interval. */
        public SlowDown {
            Objects.requireNonNull(interval, "interval");
        }
    }

    /**
     * The user approved: issue the tokens. Returned once; the authorization is then redeemed.
     *
     * @param authorization the approved authorization, with subject, auth time and approved scopes
     */
    record Approved(DeviceAuthorization authorization) implements DevicePoll {
        /** Validates the authorization. */
        public Approved {
            Objects.requireNonNull(authorization, "authorization");
        }
    }

    /**
     * The device code was redeemed by an earlier poll: answer {@code invalid_grant}. Like a replayed
     * authorization code, this may mean the device code leaked; the caller may revoke what was issued under
     * {@link DeviceAuthorization#grantId()}.
     *
     * @param authorization the redeemed authorization
     */
    record AlreadyRedeemed(DeviceAuthorization authorization) implements DevicePoll {
        /** Validates the authorization. */
        public AlreadyRedeemed {
            Objects.requireNonNull(authorization, "authorization");
        }
    }

    /** The user refused: {@code access_denied}. */
    record Denied() implements DevicePoll {}

    /** The device code has expired: {@code expired_token}. */
    record Expired() implements DevicePoll {}

    /** The device code was never issued, or expired long enough ago to be forgotten: {@code invalid_grant}. */
    record Unknown() implements DevicePoll {}
}
