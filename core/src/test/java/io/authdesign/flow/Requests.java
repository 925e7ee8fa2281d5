package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Calls a design's endpoints in-process, the way an adapter would. */
final class Requests {

    private Requests() {}

    static HttpResponse call(AuthDesign design, String method, String path, HttpRequest.Builder request) {
        Endpoint endpoint = design.endpoints().stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No endpoint " + method + " " + path));
        return endpoint.handler().handle(request.build());
    }

    static HttpRequest.Builder form(String path, String body) {
        return HttpRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body);
    }

    static HttpResponse post(AuthDesign design, String path, String body) {
        return call(design, "POST", path, form(path, body));
    }

    static HttpResponse postBasic(AuthDesign design, String path, String id, String secret, String body) {
        String credentials = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return call(design, "POST", path, form(path, body).header("Authorization", "Basic " + credentials));
    }
}
