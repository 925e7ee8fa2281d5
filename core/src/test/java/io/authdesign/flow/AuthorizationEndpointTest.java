package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.token.Pkce;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationEndpointTest {

    private static final String ISSUER = "https://as.example.com";
    private static final String REDIRECT = "https://app.example.com/cb?x=1";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = Pkce.s256Challenge(VERIFIER);

    private static OAuth2AuthorizationCode flow(io.authdesign.authorize.AuthorizationRoute.CodeGenerator generator) {
        return OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .authorizationRoute(route -> route.validateClient((clientId, redirectUri) -> clientId.equals("app")
                                        && redirectUri.orElse(REDIRECT).equals(REDIRECT)
                                ? ClientCheck.valid(REDIRECT, true)
                                : ClientCheck.invalid("Unknown client or redirect URI"))
                        .generateCode(generator))
                .build();
    }

    private static HttpResponse get(OAuth2AuthorizationCode flow, String query) {
        return Requests.call(
                flow,
                "GET",
                "/oauth2/authorize",
                HttpRequest.builder("GET", "/oauth2/authorize").query(query));
    }

    private static String pkce() {
        return "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256";
    }

    @Test
    void codeWhenValidThenRedirectKeepsQueryAddsStateAndIss() {
        HttpResponse response = get(
                flow((ctx, request) -> AuthorizationResult.code("c-1")),
                "client_id=app&response_type=code&state=s+1" + pkce());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location"))
                .contains("https://app.example.com/cb?x=1&code=c-1&state=s+1&iss=https%3A%2F%2Fas.example.com");
    }

    @Test
    void codeWhenNoStateThenNoStateParameter() {
        HttpResponse response = get(
                flow((ctx, request) -> AuthorizationResult.code("c-1")), "client_id=app&response_type=code" + pkce());

        assertThat(response.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("state"));
    }

    @Test
    void unknownRedirectUriThenErrorPageNeverRedirect() {
        HttpResponse response = get(
                flow((ctx, request) -> AuthorizationResult.code("c")),
                "client_id=app&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2F" + pkce());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isEmpty();
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.bodyAsString())
                .contains("Unknown client or redirect URI")
                .doesNotContain("evil");
    }

    @Test
    void missingClientIdThenErrorPage() {
        HttpResponse response = get(flow((ctx, request) -> null), "response_type=code");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void wrongResponseTypeAfterClientCheckThenRedirectedUnsupportedResponseType() {
        HttpResponse response = get(flow((ctx, request) -> null), "client_id=app&response_type=device&state=abc");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location").orElseThrow())
                .startsWith(REDIRECT + "&error=unsupported_response_type")
                .contains("&state=abc&iss=");
    }

    @Test
    void tokenResponseTypeNotServedThenUnsupportedResponseTypeInTheFragment() {
        // RFC 6749 section 4.2.2.1: a response type that returns tokens has its error in the fragment
        HttpResponse response = get(flow((ctx, request) -> null), "client_id=app&response_type=token&state=abc");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location").orElseThrow())
                .startsWith(REDIRECT + "#error=unsupported_response_type")
                .contains("&state=abc&iss=");
    }

    @Test
    void publicClientWithoutPkceOrWithPlainThenInvalidRequestRedirect() {
        assertThat(get(flow((ctx, request) -> null), "client_id=app&response_type=code")
                        .header("Location")
                        .orElseThrow())
                .contains("error=invalid_request");
        assertThat(get(
                                flow((ctx, request) -> null),
                                "client_id=app&response_type=code&code_challenge=" + VERIFIER
                                        + "&code_challenge_method=plain")
                        .header("Location")
                        .orElseThrow())
                .contains("error=invalid_request");
    }

    @Test
    void requestObjectThenRequestNotSupported() {
        assertThat(get(flow((ctx, request) -> null), "client_id=app&response_type=code&request=eyJ" + pkce())
                        .header("Location")
                        .orElseThrow())
                .contains("error=request_not_supported");
    }

    @Test
    void nullOnGetThenSignInPageWithCsrfCookieAndFormAction() {
        HttpResponse response = get(flow((ctx, request) -> null), "client_id=app&response_type=code" + pkce());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie"))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .startsWith("__Host-authdesign_csrf=")
                        .contains("; Path=/;", "HttpOnly", "Secure", "SameSite=Lax"));
        assertThat(response.bodyAsString())
                .contains("name=\"csrf_token\"", "action=\"&#47;oauth2&#47;authorize?client_id&#61;app");
    }

    @Test
    void postWithoutCsrfCookieThenRefusedAndGeneratorNotCalled() {
        boolean[] called = {false};
        OAuth2AuthorizationCode flow = flow((ctx, request) -> {
            called[0] = true;
            return AuthorizationResult.code("c");
        });

        HttpResponse response = Requests.call(
                flow,
                "POST",
                "/oauth2/authorize",
                HttpRequest.builder("POST", "/oauth2/authorize")
                        .query("client_id=app&response_type=code" + pkce())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body("csrf_token=forged-forged-forged-forged-forged&username=a&password=b"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(called[0]).isFalse();
    }

    @Test
    void postWithMatchingCsrfThenGeneratorSeesCredentials() {
        String nonce = "t".repeat(43);
        String token = new io.authdesign.http.CsrfProtection("authdesign_csrf", true, Optional.empty())
                .token(new io.authdesign.http.CsrfProtection.Nonce(nonce, false), "");
        HttpResponse response = Requests.call(
                flow((ctx, request) -> ctx.username().equals(Optional.of("alice"))
                                && ctx.password().equals(Optional.of("pw"))
                        ? AuthorizationResult.code("c-2")
                        : null),
                "POST",
                "/oauth2/authorize",
                HttpRequest.builder("POST", "/oauth2/authorize")
                        .query("client_id=app&response_type=code" + pkce())
                        .header("Cookie", "__Host-authdesign_csrf=" + nonce)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body("csrf_token=" + token + "&username=alice&password=pw"));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location").orElseThrow()).contains("code=c-2");
    }

    @Test
    void errorResultThenRedirectedWithThatError() {
        HttpResponse response = get(
                flow((ctx, request) -> AuthorizationResult.error(OAuth2Error.of(OAuth2ErrorCode.LOGIN_REQUIRED))),
                "client_id=app&response_type=code&prompt=none" + pkce());

        assertThat(response.header("Location").orElseThrow()).contains("error=login_required");
    }

    @Test
    void routeWithoutClientCheckThenBuildRefused() {
        assertThatThrownBy(() -> OAuth2AuthorizationCodeBuilder.create()
                        .setIssuer(ISSUER)
                        .authorizationRoute(route -> route.generateCode((ctx, request) -> null))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("validateClient");
    }

    @Test
    void metadataWhenAuthorizationRouteThenAuthorizationEndpointAndCode() {
        assertThat(flow((ctx, request) -> null).authorizationServerMetadata())
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
                .containsEntry("response_types_supported", java.util.List.of("code"))
                .containsEntry("authorization_response_iss_parameter_supported", true);
    }
}
