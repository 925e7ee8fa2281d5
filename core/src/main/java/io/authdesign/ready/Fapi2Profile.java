package io.authdesign.ready;

import com.nimbusds.jose.JWSObject;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.dpop.DPoPToken;
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

    /**
     * Section 5.3.2.1 (the audience rule of the final profile): the assertion's {@code aud} is the issuer
     * identifier, a single string; neither an array nor an endpoint's URL.
     */
    static final OAuth2Error AUDIENCE_REFUSED = OAuth2Error.of(
            OAuth2ErrorCode.INVALID_CLIENT,
            "A FAPI 2.0 client assertion must have the issuer identifier alone, as a string, as its aud");

    /** Section 5.4.1: DPoP proofs signed with PS256, ES256 or EdDSA only (RFC 9449 section 5). */
    static final OAuth2Error DPOP_ALGORITHM_REFUSED = OAuth2Error.of(
            OAuth2ErrorCode.INVALID_DPOP_PROOF,
            "A FAPI 2.0 client's DPoP proof must be signed with PS256, ES256 or EdDSA");

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
     * signed with PS256 or ES256 whose {@code aud} is the issuer identifier as a single string (the library
     * verified the assertion already and recorded its audience; this reads its header). Checked wherever
     * the client authenticates: token, pushed authorization request, revocation and introspection endpoints.
     */
    Optional<OAuth2Error> checkAuthentication(
            RegisteredClient client, ClientAuthentication authentication, HttpRequest request) {
        if (!appliesTo(client)) {
            return Optional.empty();
        }
        if (!authentication.method().equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
            return Optional.of(METHOD_REFUSED);
        }
        try {
            Optional<String> assertion = FormParameters.parse(request.body()).get("client_assertion");
            if (assertion.isEmpty()) {
                return Optional.of(ALGORITHM_REFUSED);
            }
            String algorithm =
                    JWSObject.parse(assertion.get()).getHeader().getAlgorithm().getName();
            if (!ALGORITHMS.contains(algorithm)) {
                return Optional.of(ALGORITHM_REFUSED);
            }
        } catch (OAuth2Exception | ParseException e) {
            return Optional.of(ALGORITHM_REFUSED);
        }
        return authentication.issuerAudience() ? Optional.empty() : Optional.of(AUDIENCE_REFUSED);
    }

    /**
     * Section 5.4.1: the DPoP proof a client of the profile sent with a token or pushed authorization request,
     * if any, is signed with PS256, ES256 or EdDSA. Only the header's {@code alg} is read here: the proof
     * itself is verified by the DPoP token type (before, at the token endpoint; after, at the PAR endpoint).
     */
    Optional<OAuth2Error> checkProof(RegisteredClient client, HttpRequest request) {
        if (!appliesTo(client)) {
            return Optional.empty();
        }
        return DPoPToken.proofAlgorithm(request)
                .filter(algorithm -> !DPoPToken.FAPI2_ALGORITHMS.contains(algorithm))
                .map(algorithm -> DPOP_ALGORITHM_REFUSED);
    }

    /** Section 5.3.2.1: a code of a client of the profile lives at most 60 seconds. */
    Duration codeTtl(RegisteredClient client, Duration configured) {
        return appliesTo(client) && configured.compareTo(MAX_CODE_TTL) > 0 ? MAX_CODE_TTL : configured;
    }
}
