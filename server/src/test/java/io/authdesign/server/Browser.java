package io.authdesign.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser made by hand for black-box tests of the pages: a plain HTTP client that follows no redirect,
 * with a cookie jar that keeps what {@code Set-Cookie} headers set (by name, ignoring path and domain) and
 * sends it all back.
 */
final class Browser {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);");

    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The jar's cookies, by name. */
    Map<String, String> cookies() {
        return cookies;
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    /** A form POST, fields as name, value pairs. */
    HttpResponse<String> post(String pathOrUrl, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return post(pathOrUrl, form);
    }

    HttpResponse<String> post(String pathOrUrl, Map<String, String> form) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI resolve(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("/") ? baseUrl + pathOrUrl : pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            String name = pair.substring(0, equals).strip();
            boolean expired = attribute(header, "Max-Age").filter("0"::equals).isPresent();
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, pair.substring(equals + 1).strip());
            }
        }
        return response;
    }

    /** The {@code Set-Cookie} header of a response that sets the named cookie. */
    static Optional<String> setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(name + "="))
                .findFirst();
    }

    /** The attributes of a {@code Set-Cookie} header, lower-cased names to values ("" for flags). */
    static Map<String, String> attributes(String setCookie) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> parts = List.of(setCookie.split(";"));
        for (String part : parts.subList(1, parts.size())) {
            String[] pair = part.strip().split("=", 2);
            attributes.put(pair[0].toLowerCase(Locale.ROOT), pair.length == 2 ? pair[1] : "");
        }
        return attributes;
    }

    private static Optional<String> attribute(String setCookie, String name) {
        return Optional.ofNullable(attributes(setCookie).get(name.toLowerCase(Locale.ROOT)));
    }

    /** The CSRF token of the page's form. */
    static String csrf(HttpResponse<String> page) {
        return find(CSRF, page.body());
    }

    /** The action of the page's form, unescaped. */
    static String action(HttpResponse<String> page) {
        return unescape(find(ACTION, page.body()));
    }

    private static String find(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("No " + pattern + " in:\n" + body);
        }
        return matcher.group(1);
    }

    /** HTML character references decoded. */
    static String unescape(String html) {
        return ENTITY.matcher(html).replaceAll(match -> {
            String entity = match.group(1);
            String text = switch (entity) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default ->
                    entity.startsWith("#x")
                            ? Character.toString(Integer.parseInt(entity.substring(2), 16))
                            : Character.toString(Integer.parseInt(entity.substring(1)));
            };
            return Matcher.quoteReplacement(text);
        });
    }

    /** The query parameters of a URL (each named once). */
    static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(
                    URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }
}
