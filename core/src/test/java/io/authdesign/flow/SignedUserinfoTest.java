package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The userinfo route's signed responses (OpenID Connect Core 1.0 section 5.3.2), in-process: the lookup
 * decides per client, the JWT carries {@code iss} and {@code aud} the handler cannot override, and {@code
 * userinfo_signing_alg_values_supported} appears only when responses can be signed.
 */
class SignedUserinfoTest {

    private static final String USERINFO = "/oauth2/userinfo";

    /** An OIDC design whose tokens are "token-CLIENT", for alice, with the openid scope. */
    private static OIDCAuthorizationCode design(Consumer<io.authdesign.resource.UserinfoRoute> route) {
        return OIDCAuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setIdTokenSigningAlgorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256)
                .validate((request, context) -> context.token().startsWith("token-")
                        ? new ValidationResult.Valid(new Credentials(
                                "alice", context.token().substring(6), Set.of("openid"), Map.of("sub", "alice")))
                        : new ValidationResult.Invalid("unknown token"))
                .userinfoRoute(route.andThen(r -> r.generateClaims((credentials, request) ->
                        Map.of("name", "Alice", "iss", "https://evil.example", "aud", "someone-else"))))
                .build();
    }

    private static HttpResponse userinfo(OIDCAuthorizationCode design, String token) {
        return Requests.call(
                design,
                "GET",
                USERINFO,
                HttpRequest.builder("GET", USERINFO).header("Authorization", "Bearer " + token));
    }

    private static Optional<SigningAlgorithm> es256ForSigned(Credentials credentials) {
        return credentials.clientId().equals("signed") ? Optional.of(SigningAlgorithm.ES256) : Optional.empty();
    }

    @Test
    void userinfoWhenLookupNamesAnAlgorithmThenJwtWithIssAndAudTheHandlerCannotOverride() throws Exception {
        OIDCAuthorizationCode design = design(route -> route.signResponses(SignedUserinfoTest::es256ForSigned));

        HttpResponse response = userinfo(design, "token-signed");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("application/jwt");
        assertThat(response.header("Cache-Control")).contains("no-store");
        SignedJWT jwt = SignedJWT.parse(response.bodyAsString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        ECKey key = (ECKey) JWKSet.parse(JwtTestSupport.jwksJson(design))
                .getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getClaims())
                .containsEntry("iss", ISSUER)
                .containsEntry("aud", List.of("signed"))
                .containsEntry("sub", "alice")
                .containsEntry("name", "Alice");
    }

    @Test
    void userinfoWhenLookupNamesNoAlgorithmThenJson() {
        OIDCAuthorizationCode design = design(route -> route.signResponses(SignedUserinfoTest::es256ForSigned));

        HttpResponse response = userinfo(design, "token-plain");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(json(response)).containsEntry("sub", "alice").containsEntry("name", "Alice");
    }

    @Test
    void userinfoWhenAlgorithmTheFlowDoesNotSignWithThenServerErrorNotAnUnsignedAnswer() {
        OIDCAuthorizationCode design =
                design(route -> route.signResponses(credentials -> Optional.of(SigningAlgorithm.PS256)));

        HttpResponse response = userinfo(design, "token-signed");

        assertThat(response.status()).isEqualTo(500);
        assertThat(json(response)).containsEntry("error", "server_error");
    }

    @Test
    void userinfoWhenInvalidTokenThenBearerChallengeAndTheLookupNeverAsked() {
        OIDCAuthorizationCode design = design(route -> route.signResponses(credentials -> {
            throw new AssertionError("asked");
        }));

        HttpResponse response = userinfo(design, "stolen");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate").get(0)).startsWith("Bearer error=\"invalid_token\"");
    }

    @Test
    void discoveryWhenResponsesSignedThenUserinfoAlgorithmsAreTheIdTokenOnesElseAbsent() {
        Map<String, Object> signing = json(JwtTestSupport.get(
                design(route -> route.signResponses(SignedUserinfoTest::es256ForSigned)),
                "/.well-known/openid-configuration"));
        Map<String, Object> plain = json(JwtTestSupport.get(design(route -> {}), "/.well-known/openid-configuration"));

        assertThat(signing).containsEntry("userinfo_signing_alg_values_supported", List.of("RS256", "ES256"));
        assertThat(plain).doesNotContainKey("userinfo_signing_alg_values_supported");
    }
}
