package io.authdesign.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.StoreUnavailableException;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Observed endpoints report latency, the RFC 6749 section 5.2 error code and store outages, and answer
 * exactly what the endpoint answers, whatever the listener does.
 */
class ObservedEndpointsTest {

    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    private static HttpResponse serve(Endpoint endpoint) {
        return endpoint.serve(() -> HttpRequest.builder("POST", "/oauth2/token").build());
    }

    @Test
    void errorResponseThenServedAndErrorCodeAndTheSameResponse() {
        HttpResponse answer =
                OAuth2Responses.error(OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "The code was already used"));
        Endpoint endpoint =
                ObservedEndpoints.observe(new Endpoint("POST", "/oauth2/token", request -> answer), events::add);

        HttpResponse response = serve(endpoint);

        assertThat(response).isSameAs(answer);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(AuthEvent.EndpointServed.class, served -> {
            assertThat(served.method()).isEqualTo("POST");
            assertThat(served.endpoint()).isEqualTo("/oauth2/token");
            assertThat(served.status()).isEqualTo(400);
            assertThat(served.duration().isNegative()).isFalse();
        });
        assertThat(events.get(1)).isEqualTo(new AuthEvent.ErrorReturned("/oauth2/token", "invalid_grant"));
    }

    @Test
    void handlerThrowsStoreOutageThenTemporarilyUnavailableAndStoreFailed() {
        Endpoint endpoint = ObservedEndpoints.observe(
                new Endpoint("POST", "/oauth2/token", request -> {
                    throw new StoreUnavailableException("database down", new RuntimeException("refused"));
                }),
                events::add);

        HttpResponse response = serve(endpoint);

        assertThat(response.status()).isEqualTo(503);
        assertThat(events)
                .contains(
                        new AuthEvent.StoreFailed("/oauth2/token"),
                        new AuthEvent.ErrorReturned("/oauth2/token", "temporarily_unavailable"));
    }

    @Test
    void successThenOnlyServedAndListenerFailureChangesNothing() {
        HttpResponse ok = OAuth2Responses.json(200, Map.of("access_token", "x"));
        Endpoint endpoint = ObservedEndpoints.observe(new Endpoint("POST", "/oauth2/token", request -> ok), event -> {
            events.add(event);
            throw new IllegalStateException("listener bug");
        });

        assertThat(serve(endpoint)).isSameAs(ok);
        assertThat(events).singleElement().isInstanceOf(AuthEvent.EndpointServed.class);
    }

    @Test
    void noListenerThenTheSameEndpoints() {
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/x", request -> HttpResponse.status(204).build()));

        assertThat(ObservedEndpoints.observe(endpoints, AuthEventListener.NONE)).isSameAs(endpoints);
    }
}
