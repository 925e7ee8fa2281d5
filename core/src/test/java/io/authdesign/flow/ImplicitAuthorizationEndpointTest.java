package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The authorization endpoint with {@code allowImplicitResponseTypes()}: the tokens of {@code id_token token} in
 * the fragment (OAuth 2.0 Multiple Response Type Encoding Practices section 5), no PKCE for them, and a
 * decision that answers with the wrong kind of result refused as a server error.
 */
class ImplicitAuthorizationEndpointTest {

    private static final String ISSUER = "https://as.example.com";
    private static final String REDIRECT = "https://app.example.com/cb?x=1";
    private static final String ISS = "&iss=https%3A%2F%2Fas.example.com";

    private static final AuthorizationResult.Tokens BOTH = new AuthorizationResult.Tokens(
            "idt", Optional.of("at"), Optional.of("Bearer"), Optional.of(60L), Optional.empty());
    private static final AuthorizationResult.Tokens ID_TOKEN_ONLY = new AuthorizationResult.Tokens(
            "idt", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static OAuth2AuthorizationCode flow(AuthorizationResult result) {
        return OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .authorizationRoute(route -> route.allowImplicitResponseTypes()
                        .validateClient((clientId, redirectUri) -> ClientCheck.valid(REDIRECT, true))
                        .generateCode((ctx, request) -> result))
                .build();
    }

    private static String location(OAuth2AuthorizationCode flow, String query) {
        HttpResponse response = Requests.call(
                flow,
                "GET",
                "/oauth2/authorize",
                HttpRequest.builder("GET", "/oauth2/authorize").query(query));
        assertThat(response.status()).isEqualTo(302);
        return response.header("Location").orElseThrow();
    }

    @Test
    void idTokenTokenThenTokensInTheFragmentWithoutPkce() {
        assertThat(location(flow(BOTH), "client_id=app&response_type=id_token+token&scope=openid&nonce=n&state=s"))
                .isEqualTo(REDIRECT + "#access_token=at&token_type=Bearer&expires_in=60&id_token=idt&state=s" + ISS);
    }

    @Test
    void fragmentModeForCodeThenTheCodeInTheFragment() {
        assertThat(location(
                        flow(AuthorizationResult.code("c")),
                        "client_id=app&response_type=code&response_mode=fragment&code_challenge="
                                + io.authdesign.token.Pkce.s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                                + "&code_challenge_method=S256"))
                .isEqualTo(REDIRECT + "#code=c" + ISS);
    }

    @Test
    void codeForAnImplicitRequestThenServerErrorNeverACode() {
        assertThat(location(
                        flow(AuthorizationResult.code("c")),
                        "client_id=app&response_type=id_token&scope=openid&nonce=n"))
                .startsWith(REDIRECT + "#error=server_error")
                .doesNotContain("code=");
    }

    @Test
    void accessTokenForAnIdTokenRequestThenServerErrorNoToken() {
        assertThat(location(flow(BOTH), "client_id=app&response_type=id_token&scope=openid&nonce=n"))
                .startsWith(REDIRECT + "#error=server_error")
                .doesNotContain("access_token");
        assertThat(location(flow(ID_TOKEN_ONLY), "client_id=app&response_type=id_token+token&scope=openid&nonce=n"))
                .startsWith(REDIRECT + "#error=server_error");
    }

    @Test
    void tokensForACodeRequestThenServerErrorInTheQuery() {
        assertThat(location(
                        flow(BOTH),
                        "client_id=app&response_type=code&code_challenge="
                                + io.authdesign.token.Pkce.s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                                + "&code_challenge_method=S256"))
                .startsWith(REDIRECT + "&error=server_error")
                .doesNotContain("id_token");
    }
}
