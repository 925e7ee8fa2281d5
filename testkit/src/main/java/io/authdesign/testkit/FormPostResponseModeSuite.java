package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite.redeem;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.queryOf;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.ReadyFlows.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.authorize.RenderContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code response_mode=form_post}: the authorization response is an HTML form that posts the parameters to
 * the redirect URI, submitted by a script allowed by its hash and by a button without scripts; errors
 * after the redirect URI is trusted are delivered the same way; the response never appears in a URL.
 *
 * @see <a href="https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html">OAuth 2.0 Form Post
 *     Response Mode</a>
 */
public abstract class FormPostResponseModeSuite {

    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">");
    private static final Pattern INPUT =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    /** The form's target and fields, unescaped. */
    private record PostedForm(String action, Map<String, String> fields) {
        static PostedForm of(Reply page) {
            Matcher action = ACTION.matcher(page.body());
            assertThat(action.find()).as("%s", page.body()).isTrue();
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(page.body());
            while (input.find()) {
                fields.put(unescape(input.group(1)), unescape(input.group(2)));
            }
            return new PostedForm(unescape(action.group(1)), fields);
        }
    }

    private static List<String> formPost(ReadyFlows.Pkce pkce, String... more) {
        List<String> params = new ArrayList<>(request(SPA, SPA_REDIRECT, pkce, "response_mode", "form_post"));
        params.addAll(List.of(more));
        return params;
    }

    private static void assertFormPostPage(Reply page) throws Exception {
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.header("Cache-Control")).contains("no-store");
        String hash = "sha256-"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                .digest("document.forms[0].submit();".getBytes(StandardCharsets.UTF_8)));
        // one policy, which also keeps the page out of frames
        assertThat(page.headers("Content-Security-Policy"))
                .containsExactly("default-src 'none'; script-src '" + hash
                        + "'; form-action https://spa.example.com; frame-ancestors 'none'");
        assertThat(page.body()).contains("<script>document.forms[0].submit();</script>");
        assertThat(page.body()).contains("<noscript>").contains("<button type=\"submit\">Continue</button>");
    }

    @Test
    void codeWhenFormPostThenPostedFormCarriesCodeStateAndIssAndRedeems() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        ReadyFlows.Browser browser = flows.browser();
        Reply consent = browser.signIn(browser.get(authorizeUrl(formPost(pkce))));

        Reply page = browser.approve(consent);

        assertFormPostPage(page);
        PostedForm form = PostedForm.of(page);
        assertThat(form.action()).isEqualTo(SPA_REDIRECT);
        assertThat(form.fields()).containsOnlyKeys("code", "state", "iss");
        assertThat(form.fields()).containsEntry("state", "st-" + SPA).containsEntry("iss", flows.issuer);
        Map<String, Object> tokens = redeem(flows, form.fields().get("code"), pkce);
        assertThat(tokens).containsKey("access_token");
    }

    @Test
    void denialWhenFormPostThenPostedAccessDenied() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        Reply consent = browser.signIn(browser.get(authorizeUrl(formPost(ReadyFlows.Pkce.create()))));

        Reply page = browser.submit(consent, "consent", "deny");

        assertFormPostPage(page);
        assertThat(PostedForm.of(page).fields())
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-" + SPA)
                .containsEntry("iss", flows.issuer);
    }

    @Test
    void cancelOnTheSignInPageWhenFormPostThenPostedAccessDenied() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        Reply signIn = browser.get(authorizeUrl(formPost(ReadyFlows.Pkce.create())));

        Reply page = browser.submit(signIn, RenderContext.CANCEL_FIELD, "cancel");

        assertFormPostPage(page);
        assertThat(PostedForm.of(page).fields())
                .containsOnlyKeys("error", "error_description", "state", "iss")
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-" + SPA)
                .containsEntry("iss", flows.issuer);
        assertThat(page.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("authdesign_session"));
    }

    @Test
    void requestErrorAfterRedirectCheckWhenFormPostThenPostedNotRedirected() throws Exception {
        Reply page = flows.browser().get(authorizeUrl(formPost(null)));

        assertFormPostPage(page);
        assertThat(PostedForm.of(page).fields())
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "This client must use PKCE (RFC 7636)")
                .containsEntry("state", "st-" + SPA);
    }

    @Test
    void stateWithMarkupThenEscapedInThePage() throws Exception {
        String state = "\"><script>alert(1)</script>";
        List<String> params = new ArrayList<>(request(SPA, SPA_REDIRECT, null, "response_mode", "form_post"));
        params.set(params.indexOf("state") + 1, state);

        Reply page = flows.browser().get(authorizeUrl(params));

        assertFormPostPage(page);
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
        assertThat(PostedForm.of(page).fields()).containsEntry("state", state);
    }

    @Test
    void unknownResponseModeThenQueryRedirectWithInvalidRequest() {
        Reply reply = flows.browser()
                .get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "response_mode", "fragment")));

        assertThat(reply.status()).isEqualTo(302);
        assertThat(queryOf(reply.header("Location").orElseThrow()))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The response mode must be 'query' or 'form_post'");
    }

    @Test
    void discoveryThenAdvertisesFormPost() {
        Reply reply = flows.server.get("/.well-known/openid-configuration").send();

        assertThat(reply.json().get("response_modes_supported")).isEqualTo(List.of("query", "form_post"));
    }
}
