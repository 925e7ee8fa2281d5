package io.authdesign.lifecycle;

import io.authdesign.OAuth2Error;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an introspection handler answers: {@link #active active} with the token's members (RFC 7662
 * section 2.2: {@code scope}, {@code client_id}, {@code sub}, {@code exp}, {@code iat}, {@code token_type},
 * {@code aud}, {@code iss}, {@code cnf} ...), {@link #INACTIVE} (expired, revoked, unknown or foreign: the
 * answer is only {@code {"active": false}}), {@link #CONTINUE} ("not mine": the next flow's handler is
 * asked, and when none knows the token it is inactive), or an {@link #error error} such as
 * {@code invalid_client} for a client that may not introspect.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2.2">RFC 7662 section 2.2</a>
 */
public sealed interface IntrospectionResult
        permits IntrospectionResult.Active,
                IntrospectionResult.Inactive,
                IntrospectionResult.Continue,
                IntrospectionResult.Refused {

    /** The token is not active. */
    IntrospectionResult INACTIVE = new Inactive();

    /** This handler does not know the token. */
    IntrospectionResult CONTINUE = new Continue();

    /**
     * An active token.
     *
     * @param members the response members besides {@code active}, in order; {@code null} values are left out
     */
    static IntrospectionResult active(Map<String, ?> members) {
        return new Active(new LinkedHashMap<String, Object>(members));
    }

    /** A refusal, answered as RFC 6749 section 5.2 says (always 401 for {@code invalid_client}). */
    static IntrospectionResult error(OAuth2Error error) {
        return new Refused(error);
    }

    /**
     * See {@link #active}.
     *
     * @param members the members besides {@code active}
     */
    record Active(Map<String, Object> members) implements IntrospectionResult {
        /** Copies the members, keeping their order and leaving out {@code null} values and {@code active}. */
        public Active {
            Map<String, Object> copy = new LinkedHashMap<>();
            Objects.requireNonNull(members, "members").forEach((name, value) -> {
                if (value != null && !name.equals("active")) {
                    copy.put(name, value);
                }
            });
            members = Collections.unmodifiableMap(copy);
        }
    }

    /** See {@link #INACTIVE}. */
    record Inactive() implements IntrospectionResult {}

    /** See {@link #CONTINUE}. */
    record Continue() implements IntrospectionResult {}

    /**
     * See {@link #error}.
     *
     * @param error the error
     */
    record Refused(OAuth2Error error) implements IntrospectionResult {
        /** Validates the error. */
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
