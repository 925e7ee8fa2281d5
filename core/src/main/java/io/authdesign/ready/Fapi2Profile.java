package io.authdesign.ready;

import com.nimbusds.jose.JWSObject;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.http.FormParameters;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.RegisteredClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the FAPI 2.0 Security Profile (final) the ready handlers enforce, for every client (the
 * server-wide switch) or for the clients whose {@code ClientSettings.fapi2()} is on.
 *
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security Profile</a>
 */
final class Fapi2Profile {

    /** Section 5.3.2.1: authorization codes live at most 60 seconds. */
    static final Duration MAX_CODE_TTL = Duration.ofSeconds(60);

    /** Section 5.4.1: the algorithms of the client's assertions (and ID tokens). */
    static final List<String> ALGORITHMS = List.of("PS256", "ES256");

    /** Section 5.3.2.1: a client of the profile authenticates with {@code private_key_jwt}. */
    static final OAuth2Error METHOD_REFUSED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "A FAPI 2.0 client must authenticate with private_key_jwt");

    /** Section 5.4.1: PS256 or ES256 only. */
    static final OAuth2Error ALGORITHM_REFUSED = OAuth2Error.of(
            OAuth2ErrorCode.INVALID_CLIENT, "A FAPI 2.0 client assertion must be signed with PS256 or ES256");

    /** Section 5.3.2.1: PKCE with S256 only. */
    static final OAuth2Error S256_REQUIRED = OAuth2Error.of(
            OAuth2ErrorCode.INVALID_REQUEST, "A FAPI 2.0 client must use PKCE with code_challenge_method S256");

    /** Section 5.3.2.2: sender-constrained access tokens, here DPoP (RFC 9449 section 5). */
    static final OAuth2Error DPOP_REQUIRED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_DPOP_PROOF, "A FAPI 2.0 client must send a DPoP proof");

    static final Fapi2Profile OFF = new Fapi2Profile(false);

    private final boolean serverWide;

    Fapi2Profile(boolean serverWide) {
        this.serverWide = serverWide;
    }

    /** Whether the profile holds every client. */
    boolean isServerWide() {
        return serverWide;
    }

    /** Whether the profile holds this client. */
    boolean appliesTo(RegisteredClient client) {
        return serverWide || client.settings().fapi2();
    }

    /**
     * Section 5.3.2.1 and 5.4.1: the client of the profile used {@code private_key_jwt}, with an assertion
     * signed with PS256 or ES256 (the library verified the signature already; this reads its header).
     */
    Optional<OAuth2Error> checkAuthentication(RegisteredClient client, String method, HttpRequest request) {
        if (!appliesTo(client)) {
            return Optional.empty();
        }
        if (!method.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT.value())) {
            return Optional.of(METHOD_REFUSED);
        }
        try {
            Optional<String> assertion = FormParameters.parse(request.body()).get("client_assertion");
            if (assertion.isEmpty()) {
                return Optional.of(ALGORITHM_REFUSED);
            }
            String algorithm =
                    JWSObject.parse(assertion.get()).getHeader().getAlgorithm().getName();
            return ALGORITHMS.contains(algorithm) ? Optional.empty() : Optional.of(ALGORITHM_REFUSED);
        } catch (OAuth2Exception | ParseException e) {
            return Optional.of(ALGORITHM_REFUSED);
        }
    }

    /** Section 5.3.2.1: a code of a client of the profile lives at most 60 seconds. */
    Duration codeTtl(RegisteredClient client, Duration configured) {
        return appliesTo(client) && configured.compareTo(MAX_CODE_TTL) > 0 ? MAX_CODE_TTL : configured;
    }
}
