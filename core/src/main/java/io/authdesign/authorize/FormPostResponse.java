package io.authdesign.authorize;

import io.authdesign.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The authorization response delivered with {@code response_mode=form_post}: an HTML page whose form posts
 * the response parameters to the client's redirect URI, submitted by a script on load and by a button when
 * scripts do not run. Nothing of the response appears in a URL, so it is not kept in browser history or
 * sent in a {@code Referer}.
 *
 * @see <a href="https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html">OAuth 2.0 Form Post
 *     Response Mode</a>
 */
final class FormPostResponse {

    /** The response mode's name. */
    static final String MODE = "form_post";

    private static final String SCRIPT = "document.forms[0].submit();";
    private static final String SCRIPT_HASH = sha256(SCRIPT);

    private FormPostResponse() {}

    /**
     * The page.
     *
     * @param redirectUri the client's validated redirect URI
     * @param parameters the response parameters ({@code code}, {@code state}, {@code iss}, or an error)
     * @return a 200 page that must not be cached or framed
     */
    static HttpResponse of(String redirectUri, Map<String, String> parameters) {
        StringBuilder html = new StringBuilder(512)
                .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Submit this form</title></head><body>")
                .append("<form method=\"post\" action=\"")
                .append(Html.escape(redirectUri))
                .append("\">");
        parameters.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"")
                .append(Html.escape(name))
                .append("\" value=\"")
                .append(Html.escape(value))
                .append("\">"));
        html.append("<noscript><p>Your browser does not run scripts: continue to the application.</p>")
                .append("<button type=\"submit\">Continue</button></noscript></form>")
                .append("<script>")
                .append(SCRIPT)
                .append("</script></body></html>");
        return HttpResponse.html(
                        200,
                        html.toString(),
                        "default-src 'none'; script-src '" + SCRIPT_HASH + "'; form-action " + origin(redirectUri)
                                + "; frame-ancestors 'none'")
                .build();
    }

    /** The origin a form may post to: the redirect URI's, or the URI itself for a private-use scheme. */
    private static String origin(String redirectUri) {
        URI uri = URI.create(redirectUri);
        if (uri.getRawAuthority() == null) {
            return uri.getScheme() + ":";
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
