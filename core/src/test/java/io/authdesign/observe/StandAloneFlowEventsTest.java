package io.authdesign.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A flow built alone reports tokens issued, error codes and latency of its own token endpoint. */
class StandAloneFlowEventsTest {

    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void tokenThenTokenIssuedWrongSecretThenInvalidClientError() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("http://localhost:8080")
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .setEventListener(events::add)
                .tokenRoute(route -> route.generateToken(
                        (ctx, request) -> "right".equals(ctx.clientSecret().orElse(""))
                                ? new OAuth2TokenResponse("opaque-token").setExpiresIn(ctx.ttl())
                                : OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed")))
                .build();
        Endpoint token = design.endpoints().stream()
                .filter(endpoint -> endpoint.path().equals("/oauth2/token"))
                .findFirst()
                .orElseThrow();

        HttpResponse ok = token.serve(() -> request("right"));
        HttpResponse refused = token.serve(() -> request("wrong"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(events)
                .filteredOn(event -> !(event instanceof AuthEvent.EndpointServed))
                .containsExactly(
                        new AuthEvent.TokenIssued("client_credentials", "svc"),
                        new AuthEvent.ErrorReturned("/oauth2/token", "invalid_client"));
        assertThat(events)
                .filteredOn(AuthEvent.EndpointServed.class::isInstance)
                .hasSize(2);
    }

    private static HttpRequest request(String secret) {
        return HttpRequest.builder("POST", "/oauth2/token")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes(UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .build();
    }
}
