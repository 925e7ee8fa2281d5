package io.authdesign.guides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the guides' tests send: a user agent that keeps cookies and never follows redirects, the forms of
 * the default pages, and PKCE.
 */
final class GuideClient implements AutoCloseable {

    private static final Pattern ACTION = Pattern.compile("<form method=\"POST\" action=\"([^\"]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

    final String base;
    private final HttpClient http;

    GuideClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A port nobody listens on now, for a design whose issuer must name its port before it starts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(
                request.POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    /** Submits the page's form (its action, its CSRF token) with these fields. */
    HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields) {
        Matcher action = ACTION.matcher(page.body());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(action.find()).as("a form in %s", page.body()).isTrue();
        assertThat(csrf.find()).as("a CSRF field in %s", page.body()).isTrue();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("csrf_token", unescape(csrf.group(1)));
        String target = unescape(action.group(1));
        return post(target.startsWith("http") ? URI.create(target).getRawPath() + query(target) : target, all);
    }

    private static String query(String url) {
        String raw = URI.create(url).getRawQuery();
        return raw == null ? "" : "?" + raw;
    }

    static String basic(String clientId, String secret) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        return String.join("&", pairs);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> redirectQuery(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("a redirect: %s", response.body()).isEqualTo(302);
        String raw = URI.create(response.headers().firstValue("Location").orElseThrow())
                .getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(
                    URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** A PKCE verifier and its S256 challenge (RFC 7636). */
    record Pkce(String verifier, String challenge) {
        static Pkce create() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(
                        verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#47;", "/")
                .replace("&#61;", "=")
                .replace("&amp;", "&");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
