package io.authdesign.resource;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

/**
 * The resource server's requests to its authorization server: a bounded JSON document per request
 * (discovery, JWKS, introspection), redirects never followed (the URLs are the issuer's own), every request
 * with a timeout.
 */
final class RemoteJson {

    /** The largest document read; a JWK Set or metadata document is a few KiB. */
    static final int MAX_BYTES = 256 * 1024;

    /** An answer: its status and, for a 200 with a JSON object, the object. */
    record Reply(int status, Map<String, Object> json) {}

    /** A request that got no usable answer; the message is for logs. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    RemoteJson(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The default client: no redirects, the timeout on connecting too. */
    static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Reply get(URI uri) throws Failure {
        return send(HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"));
    }

    Reply postForm(URI uri, String authorization, String form) throws Failure {
        return send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", authorization));
    }

    private Reply send(HttpRequest.Builder request) throws Failure {
        HttpRequest built = request.timeout(timeout).build();
        try {
            HttpResponse<InputStream> response = http.send(built, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                return new Reply(response.statusCode(), Map.of());
            }
            if (body.length > MAX_BYTES) {
                throw new Failure(built.uri() + " answered more than " + MAX_BYTES + " bytes");
            }
            return new Reply(200, JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new Failure(built.uri() + " failed: " + e);
        } catch (ParseException e) {
            throw new Failure(built.uri() + " answered a body that is not a JSON object");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(built.uri() + " was interrupted");
        }
    }
}
