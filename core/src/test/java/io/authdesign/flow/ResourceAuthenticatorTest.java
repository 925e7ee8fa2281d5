package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.bearer;
import static io.authdesign.flow.JwtTestSupport.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.TokenValidator;
import io.authdesign.resource.ValidationContext;
import io.authdesign.resource.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The resource authenticator's answers, as RFC 6750 section 3 prescribes them. */
class ResourceAuthenticatorTest {

    private static final String INVALID_JSON =
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid or expired\"}";

    private final MutableClock clock = new MutableClock(START);
    private final List<ValidationContext> validated = new CopyOnWriteArrayList<>();

    private OAuth2ClientCredentialsBuilder jwtFlow() {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())));
    }

    private OAuth2ClientCredentials validating(TokenValidator validator) {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .validate((request, context) -> {
                    validated.add(context);
                    return validator.validate(request, context);
                })
                .build();
    }

    private static HttpResponse refused(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Refused.class);
        return ((AuthResult.Refused) result).response();
    }

    private static Credentials credentials(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
        return ((AuthResult.Authenticated) result).credentials();
    }

    private static final Credentials ALICE = new Credentials("alice", "app", Set.of("read"), Map.of("sub", "alice"));

    @Test
    void authenticateWhenNoAuthorizationHeaderThen401BearerChallengeWithoutError() {
        OAuth2ClientCredentials design = jwtFlow().build();

        HttpResponse response = refused(design.authenticator()
                .authenticate(HttpRequest.builder("GET", "/api").build(), Set.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(response.bodyAsString()).isEmpty();
    }

    @Test
    void authenticateWhenOtherSchemeOrEmptyBearerThen401BearerChallengeWithoutError() {
        OAuth2ClientCredentials design = jwtFlow().build();

        for (String header : List.of("Basic c3ZjOnMzY3JldA==", "Bearer", "Bearer   ", "Bearerabc")) {
            HttpRequest request = HttpRequest.builder("GET", "/api")
                    .header("Authorization", header)
                    .build();
            HttpResponse response = refused(design.authenticator().authenticate(request, Set.of()));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().get("WWW-Authenticate")).containsExactly("Bearer");
        }
    }

    @Test
    void authenticateWhenTokenInvalidThen401InvalidTokenChallengeAndJsonBody() {
        OAuth2ClientCredentials design = jwtFlow().build();

        HttpResponse response = refused(design.authenticator().authenticate(bearer("eyJ.eyJ.sig"), Set.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Content-Type")).contains("application/json;charset=UTF-8");
        assertThat(response.bodyAsString()).isEqualTo(INVALID_JSON);
    }

    @Test
    void authenticateWhenTokenHasCharactersOutsideB64tokenThen401Malformed() {
        OAuth2ClientCredentials design = jwtFlow().build();

        HttpResponse response = refused(design.authenticator().authenticate(bearer("abc\"def"), Set.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .contains("Bearer error=\"invalid_token\", error_description=\"The access token is malformed\"");
    }

    @Test
    void authenticateWhenScopeMissingThen403InsufficientScopeNamingTheScope() {
        OAuth2ClientCredentials design = jwtFlow().build();
        String token = issue(design, "grant_type=client_credentials&scope=read");

        HttpResponse response = refused(design.authenticator().authenticate(bearer(token), Set.of("admin")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers().get("WWW-Authenticate"))
                .containsExactly("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a"
                        + " required scope\", scope=\"admin\"");
        assertThat(response.bodyAsString())
                .isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":"
                        + "\"The access token lacks a required scope\"}");
        assertThat(credentials(design.authenticator().authenticate(bearer(token), Set.of("read")))
                        .scopes())
                .containsExactly("read");
    }

    @Test
    void authenticateWhenTwoAuthorizationHeadersThen400InvalidRequest() {
        OAuth2ClientCredentials design = jwtFlow().build();
        String token = issue(design, "grant_type=client_credentials");
        HttpRequest request = HttpRequest.builder("GET", "/api")
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token)
                .build();

        HttpResponse response = refused(design.authenticator().authenticate(request, Set.of()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("WWW-Authenticate"))
                .contains("Bearer error=\"invalid_request\", error_description=\"The request has more than one"
                        + " Authorization header\"");
        assertThat(response.bodyAsString()).startsWith("{\"error\":\"invalid_request\"");
    }

    @Test
    void authenticateWhenJwtVerifiedAndNoValidatorThenCredentialsFromClaims() {
        OAuth2ClientCredentials design = jwtFlow().build();
        String token = issue(design, "grant_type=client_credentials&scope=read+write");

        Credentials credentials =
                credentials(design.authenticator().authenticate(bearer(token), Set.of("read", "write")));

        assertThat(credentials.subject()).isEqualTo("svc");
        assertThat(credentials.clientId()).isEqualTo("svc");
        assertThat(credentials.scopes()).containsExactlyInAnyOrder("read", "write");
        assertThat(credentials.claims())
                .containsEntry("iss", ISSUER)
                .containsEntry("aud", ISSUER)
                .containsEntry("client_id", "svc");
    }

    @Test
    void authenticateWhenLowercaseSchemeThenAccepted() {
        OAuth2ClientCredentials design = jwtFlow().build();
        String token = issue(design, "grant_type=client_credentials");
        HttpRequest request = HttpRequest.builder("GET", "/api")
                .header("Authorization", "bearer " + token)
                .build();

        assertThat(credentials(design.authenticator().authenticate(request, Set.of()))
                        .subject())
                .isEqualTo("svc");
    }

    @Test
    void authenticateWhenNeitherJwtVerificationNorValidatorThenNothingAuthenticates() {
        OAuth2ClientCredentials issuer = jwtFlow().build();
        OAuth2ClientCredentials design =
                jwtFlow().useAccessTokenJwks(false).jwksRoute(route -> {}).build();
        String token = issue(design, "grant_type=client_credentials");

        HttpResponse own = refused(design.authenticator().authenticate(bearer(token), Set.of()));
        HttpResponse other = refused(
                design.authenticator().authenticate(bearer(issue(issuer, "grant_type=client_credentials")), Set.of()));

        assertThat(own.status()).isEqualTo(401);
        assertThat(own.bodyAsString()).isEqualTo(INVALID_JSON);
        assertThat(other.status()).isEqualTo(401);
    }

    @Test
    void validateWhenReturnsNullThen401InvalidToken() {
        OAuth2ClientCredentials design = validating((request, context) -> null);

        HttpResponse response = refused(design.authenticator().authenticate(bearer("opaque-1"), Set.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .contains("Bearer error=\"invalid_token\", error_description=\"The access token is invalid\"");
        assertThat(validated)
                .singleElement()
                .isEqualTo(new ValidationContext("opaque-1", java.util.Optional.empty(), java.util.Optional.empty()));
    }

    @Test
    void validateWhenUnauthenticatedThen401WithItsDescription() {
        OAuth2ClientCredentials design =
                validating((request, context) -> ValidationResult.unauthenticated("The token was revoked"));

        HttpResponse response = refused(design.authenticator().authenticate(bearer("opaque-1"), Set.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_token\", error_description=\"The token was revoked\"");
        assertThat(response.bodyAsString())
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The token was revoked\"}");
    }

    @Test
    void validateWhenDescriptionHasQuotesOrLineBreaksThenChallengeStaysOneWellFormedHeader() {
        OAuth2ClientCredentials design = validating(
                (request, context) -> ValidationResult.unauthenticated("bad \"token\"\r\nX-Injected: 1 \\ é"));

        HttpResponse response = refused(design.authenticator().authenticate(bearer("opaque-1"), Set.of()));

        assertThat(response.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer error=\"invalid_token\", error_description=\"bad  token   X-Injected: 1    \"");
    }

    @Test
    void validateWhenAuthenticatedThenItsCredentials() {
        OAuth2ClientCredentials design = validating((request, context) -> ValidationResult.authenticated(ALICE));

        AuthResult result = design.authenticator().authenticate(bearer("opaque-1"), Set.of("read"));

        assertThat(credentials(result)).isEqualTo(ALICE);
        assertThat(refused(design.authenticator().authenticate(bearer("opaque-1"), Set.of("write")))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void validateWhenValidatorThrowsThen500ServerErrorWithoutExceptionText() {
        OAuth2ClientCredentials design = validating((request, context) -> {
            throw new IllegalStateException("database password is hunter2");
        });

        HttpResponse response = refused(design.authenticator().authenticate(bearer("opaque-1"), Set.of()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyAsString())
                .isEqualTo("{\"error\":\"server_error\",\"error_description\":"
                        + "\"The server could not process the request\"}");
        assertThat(response.headers().toString()).doesNotContain("hunter2");
    }

    @Test
    void validateWhenJwtVerificationOnThenValidatorGetsClaimsAndNeverSeesRefusedTokens() {
        OAuth2ClientCredentials design = jwtFlow()
                .validate((request, context) -> {
                    validated.add(context);
                    Map<String, Object> claims = context.jwtAccessTokenPayload().orElseThrow();
                    return ValidationResult.authenticated(
                            new Credentials("user-" + claims.get("sub"), null, Set.of(), claims));
                })
                .build();
        String token = issue(design, "grant_type=client_credentials");

        assertThat(credentials(design.authenticator().authenticate(bearer(token), Set.of()))
                        .subject())
                .isEqualTo("user-svc");
        assertThat(refused(design.authenticator().authenticate(bearer("eyJ.eyJ.sig"), Set.of()))
                        .status())
                .isEqualTo(401);
        assertThat(validated).singleElement().satisfies(context -> {
            assertThat(context.token()).isEqualTo(token);
            assertThat(context.jwtAccessTokenPayload().orElseThrow()).containsEntry("sub", "svc");
        });
    }

    private static TokenValidator accepting(String token, String subject) {
        return (request, context) -> context.token().equals(token)
                ? ValidationResult.authenticated(new Credentials(subject, null, Set.of("read"), Map.of()))
                : ValidationResult.unauthenticated("not a token of " + subject);
    }

    @Test
    void multipleFlowsWhenAuthenticatingThenFlowsTriedInOrderAndFirstRefusalSent() {
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create().validate(accepting("a-token", "flow-a")))
                .add(OAuth2DeviceAuthorizationBuilder.create().validate((request, context) -> switch (context.token()) {
                    case "b-token", "a-token" ->
                        ValidationResult.authenticated(new Credentials("flow-b", null, Set.of(), Map.of()));
                    default -> ValidationResult.unauthenticated("not a token of flow-b");
                }))
                .build();

        assertThat(credentials(design.authenticator().authenticate(bearer("a-token"), Set.of()))
                        .subject())
                .isEqualTo("flow-a");
        assertThat(credentials(design.authenticator().authenticate(bearer("b-token"), Set.of()))
                        .subject())
                .isEqualTo("flow-b");
        HttpResponse none = refused(design.authenticator().authenticate(bearer("c-token"), Set.of()));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate"))
                .contains("Bearer error=\"invalid_token\", error_description=\"not a token of flow-a\"");
        assertThat(refused(design.authenticator().authenticate(bearer("b-token"), Set.of("read")))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void multipleFlowsWhenTokenFromOneFlowThenVerifiedByAnotherFlowsAuthenticatorThroughSharedKeys() {
        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token()))))
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod(new NoneAuthMethod())
                        .useAccessTokenJwks(true))
                .build();
        String token = issue(design, "grant_type=client_credentials&scope=read");

        OAuth2Flow codeFlow = design.getFlows().get(1);

        assertThat(credentials(codeFlow.authenticator().authenticate(bearer(token), Set.of("read")))
                        .clientId())
                .isEqualTo("svc");
        assertThat(credentials(design.authenticator().authenticate(bearer(token), Set.of("read")))
                        .subject())
                .isEqualTo("svc");
        assertThat(refused(design.getFlows().get(0).authenticator().authenticate(bearer(token), Set.of()))
                        .status())
                .isEqualTo(401);
    }
}
