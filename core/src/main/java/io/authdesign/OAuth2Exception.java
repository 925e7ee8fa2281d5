package io.authdesign;

import java.util.Objects;

/**
 * Carries an {@link OAuth2Error} out of a parser or check that found the request at fault. Endpoints
 * catch it and answer with the error; it has no stack trace, since it reports client input, not a bug.
 */
public final class OAuth2Exception extends Exception {

    private static final long serialVersionUID = 1L;

    /** The error to answer with; not serialised. */
    private final transient OAuth2Error error;

    /**
     * Creates the exception.
     *
     * @param error the error the client receives
     */
    public OAuth2Exception(OAuth2Error error) {
        super(Objects.requireNonNull(error, "error").code().value(), null, false, false);
        this.error = error;
    }

    /**
     * Creates the exception from a code and description.
     *
     * @param code the error code
     * @param description the client-facing description
     */
    public OAuth2Exception(OAuth2ErrorCode code, String description) {
        this(OAuth2Error.of(code, description));
    }

    /** The error the client receives. */
    public OAuth2Error error() {
        return error;
    }
}
