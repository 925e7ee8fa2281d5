package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.authorize.AuthorizationRoute;
import io.authdesign.authorize.RenderContext;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCDeviceAuthorizationBuilder;
import io.authdesign.http.FormCodec;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.ready.DeviceVerificationPage;
import io.authdesign.ready.Interaction;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyDeviceFlow;
import io.authdesign.ready.ReadyLogout;
import io.authdesign.ready.ReadyTokenLifecycle;
import io.authdesign.ready.SignInGuard;
import io.authdesign.ready.UserAccounts;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.InMemoryGrantRevocationStore;
import io.authdesign.store.InMemoryPushedRequestStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.store.MutableClock;
import io.authdesign.store.RegisteredClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real server with the ready authorization code and device flows (OIDC) on in-memory stores and a test
 * clock, its registered clients and users, and a cookie-keeping browser that never follows redirects.
 */
final class ReadyFlows implements AutoCloseable {

    static final String AUTHORIZE = "/oauth2/authorize";
    static final String DEVICE = "/oauth2/devicecode";
    static final String USERINFO = "/oauth2/userinfo";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** Confidential web client: client_secret_basic, a redirect URI with a query, PKCE not required. */
    static final String WEB = "web";

    static final String WEB_SECRET = "web-secret-0123456789";
    static final String WEB_REDIRECT = "https://web.example.com/cb?app=1";

    /** Resource indicators (RFC 8707) {@link #WEB} may ask tokens for. */
    static final String ORDERS_API = "https://orders.example.com/api";

    static final String REPORTS_API = "urn:example:reports";

    /** Another confidential client. */
    static final String OTHER = "other";

    static final String OTHER_SECRET = "other-secret-0123456789";
    static final String OTHER_REDIRECT = "https://other.example.com/cb";

    /** Confidential web client registered as DPoP-bound (RFC 9449 section 5.2). */
    static final String BOUND_WEB = "bound-web";

    static final String BOUND_WEB_SECRET = "bound-web-secret-0123456789";
    static final String BOUND_WEB_REDIRECT = "https://bound.example.com/cb";

    /** Public single-page client: none, PKCE required. */
    static final String SPA = "spa";

    static final String SPA_REDIRECT = "https://spa.example.com/cb";

    /** Device clients. */
    static final String TV = "tv";

    static final String TV_SECRET = "tv-secret-0123456789";
    static final String TV2 = "tv2";
    static final String TV2_SECRET = "tv2-secret-0123456789";

    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String ALICE_SUB = "sub-alice";

    static final String VERIFICATION_URI = "https://as.example.com/device";

    /** A resource server that may introspect (RFC 7662). */
    static final String RS = "rs";

    static final String RS_SECRET = "rs-secret-0123456789";

    /** The protected route answering the token's subject, client and scopes. */
    static final String ME = "/api/me";

    static final String REVOKE = "/oauth2/revoke";
    static final String INTROSPECT = "/oauth2/introspect";
    /** The acr a password sign-in achieves in these flows. */
    static final String PASSWORD_ACR = "urn:example:loa:1";

    final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final InMemoryConsentStore consents = new InMemoryConsentStore();
    final InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore(clock);
    final InMemoryGrantRevocationStore revocations = new InMemoryGrantRevocationStore(clock);
    ReadyTokenLifecycle lifecycle;
    final ReadyDeviceFlow device;
    final TestServer server;
    final String issuer;

    ReadyFlows() {
        this((DPoPToken) null);
    }

    /** The flows with this token type (both of them), or the default Bearer when {@code null}. */
    ReadyFlows(DPoPToken dpop) {
        this(new Options(dpop, false, false, false, false));
    }

    /** What a test turns on beyond the defaults. */
    record Options(
            DPoPToken dpop,
            boolean par,
            boolean parRequired,
            boolean plainPkce,
            boolean requestObjects,
            UnaryOperator<UserAccounts> users,
            int maxConcurrentVerifications,
            boolean refreshTokenRotation) {
        Options(DPoPToken dpop, boolean par, boolean parRequired, boolean plainPkce, boolean requestObjects) {
            this(
                    dpop,
                    par,
                    parRequired,
                    plainPkce,
                    requestObjects,
                    UnaryOperator.identity(),
                    SignInGuard.DEFAULT_MAX_CONCURRENT_VERIFICATIONS,
                    true);
        }
    }

    /** The flows (with this token type, or Bearer when {@code null}) with refresh token rotation off. */
    static ReadyFlows withoutRefreshTokenRotation(DPoPToken dpop) {
        return new ReadyFlows(new Options(
                dpop,
                false,
                false,
                false,
                false,
                UnaryOperator.identity(),
                SignInGuard.DEFAULT_MAX_CONCURRENT_VERIFICATIONS,
                false));
    }

    /** The default flows with the users seen through {@code users} and this bound on concurrent password checks. */
    static ReadyFlows withSignIn(UnaryOperator<UserAccounts> users, int maxConcurrentVerifications) {
        return new ReadyFlows(new Options(null, false, false, false, false, users, maxConcurrentVerifications, true));
    }

    /** The sign-in sessions of the code flow and the device page. */
    final InMemorySessionStore sessions;

    /** The sign-in guard of both flows. */
    final SignInGuard signIn;

    /** The default flows whose authorization route also allows the PKCE {@code plain} method. */
    static ReadyFlows withPlainPkce() {
        return new ReadyFlows(new Options(null, false, false, true, false));
    }

    /** The flows with pushed authorization requests (RFC 9126), required of every client or not. */
    static ReadyFlows withPushedRequests(DPoPToken dpop, boolean required) {
        return new ReadyFlows(new Options(dpop, true, required, false, false));
    }

    /** The flows accepting request objects (RFC 9101) signed with the registered keys of {@link #SIGNER}. */
    static ReadyFlows withRequestObjects(boolean par) {
        return new ReadyFlows(new Options(null, par, false, false, true));
    }

    /** A confidential client with a registered public key for its request objects (RFC 9101). */
    static final String SIGNER = "signer";

    static final String SIGNER_SECRET = "signer-secret-0123456789";
    static final String SIGNER_REDIRECT = "https://signer.example.com/cb";

    /** The private key of {@link #SIGNER}, whose public half is registered. */
    static final com.nimbusds.jose.jwk.ECKey SIGNER_KEY = newSignerKey();

    private static com.nimbusds.jose.jwk.ECKey newSignerKey() {
        try {
            return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                    .keyID("signer-1")
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pushed authorization requests, when the flows serve them. */
    final InMemoryPushedRequestStore pushedRequests;

    /** The registered clients, which a test may change. */
    final InMemoryClientStore clients;

    /** The hasher of the registered clients' secrets, for a client a test adds. */
    final ClientSecretHasher secrets;

    private ReadyFlows(Options options) {
        DPoPToken dpop = options.dpop();
        SecureRandom random = new SecureRandom();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        this.secrets = hasher;
        InMemoryClientStore clients = new InMemoryClientStore();
        this.clients = clients;
        clients.save(RegisteredClient.builder(WEB)
                .secret(ClientSecret.of(hasher.hash(WEB_SECRET)))
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(WEB_REDIRECT)
                .scopes("openid", "profile", "email")
                .clientName("Web <App>")
                .withoutPkceRequirement()
                .resources(ORDERS_API, REPORTS_API)
                .build());
        clients.save(RegisteredClient.builder(OTHER)
                .secret(ClientSecret.of(hasher.hash(OTHER_SECRET)))
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(OTHER_REDIRECT)
                .scopes("openid", "profile", "email")
                .withoutPkceRequirement()
                .build());
        clients.save(RegisteredClient.builder(BOUND_WEB)
                .secret(ClientSecret.of(hasher.hash(BOUND_WEB_SECRET)))
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(BOUND_WEB_REDIRECT)
                .scopes("openid", "profile")
                .withoutPkceRequirement()
                .dpopBoundAccessTokens(true)
                .build());
        clients.save(RegisteredClient.builder(SIGNER)
                .secret(ClientSecret.of(hasher.hash(SIGNER_SECRET)))
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(SIGNER_REDIRECT)
                .scopes("openid", "profile")
                .jwks("{\"keys\":[" + SIGNER_KEY.toPublicJWK().toJSONString() + "]}")
                .build());
        clients.save(RegisteredClient.builder(SPA)
                .authMethods("none")
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris(SPA_REDIRECT)
                .scopes("openid", "profile", "email")
                .build());
        clients.save(RegisteredClient.builder(TV)
                .secret(ClientSecret.of(hasher.hash(TV_SECRET)))
                .grantTypes(DEVICE_GRANT, "refresh_token")
                .scopes("openid", "profile")
                .build());
        clients.save(RegisteredClient.builder(RS)
                .secret(ClientSecret.of(hasher.hash(RS_SECRET)))
                .grantTypes("client_credentials")
                .build());
        clients.save(RegisteredClient.builder(TV2)
                .secret(ClientSecret.of(hasher.hash(TV2_SECRET)))
                .grantTypes(DEVICE_GRANT)
                .scopes("openid", "profile")
                .build());
        UserAccounts users = new UserAccounts() {
            @Override
            public Optional<String> authenticate(String username, String password) {
                return username.equals(ALICE) && password.equals(ALICE_PASSWORD)
                        ? Optional.of(ALICE_SUB)
                        : Optional.empty();
            }

            @Override
            public Map<String, Object> claims(String subject) {
                return subject.equals(ALICE_SUB)
                        ? Map.of(
                                "name", "Alice Liddell",
                                "email", "alice@example.com",
                                "email_verified", true,
                                "phone_number", "+1 555 0100")
                        : Map.of();
            }
        };
        users = options.users().apply(users);
        sessions = new InMemorySessionStore(clock);
        signIn = SignInGuard.builder()
                .clock(clock)
                .maxConcurrentVerifications(options.maxConcurrentVerifications())
                .build();
        pushedRequests = options.par() ? new InMemoryPushedRequestStore(clock) : null;
        ReadyAuthorizationCodeFlow.Builder codeBuilder = ReadyAuthorizationCodeFlow.builder();
        if (options.requestObjects()) {
            codeBuilder.requestObjects(io.authdesign.ready.RegisteredClientKeys.builder()
                    .clients(clients)
                    .build()::signingKeys);
        }
        if (options.par()) {
            codeBuilder.pushedRequests(pushedRequests, options.parRequired());
        }
        // snippet:ready-token-lifecycle:begin
        lifecycle = ReadyTokenLifecycle.builder()
                .clients(clients, hasher)
                .refreshTokens(refreshTokens)
                .revocations(revocations) // shared by every node: JdbcStores or RedisStores
                .introspection(client -> client.clientId().equals(RS))
                .clock(clock)
                .build();
        codeBuilder.lifecycle(lifecycle); // also on ReadyDeviceFlow and ReadyClientCredentialsFlow
        // snippet:ready-token-lifecycle:end
        ReadyAuthorizationCodeFlow code = codeBuilder
                .clients(clients, hasher)
                .codes(new InMemoryAuthorizationCodeStore(clock))
                .refreshTokens(refreshTokens)
                .consents(consents)
                .sessions(sessions)
                .users(users)
                .signInGuard(signIn)
                .acrForMethod(ReadyAuthorizationCodeFlow.PASSWORD, PASSWORD_ACR)
                .refreshTokenRotation(options.refreshTokenRotation())
                .clock(clock)
                .build();
        device = ReadyDeviceFlow.builder()
                .lifecycle(lifecycle)
                .clients(clients, hasher)
                .devices(new InMemoryDeviceCodeStore(clock))
                .refreshTokens(refreshTokens)
                .users(users)
                .verificationUri(VERIFICATION_URI)
                .clock(clock)
                .build();
        OIDCAuthorizationCodeBuilder codeFlow = code.install(OIDCAuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .addClientAuthenticationMethod("none"))
                .authorizationRoute(ReadyFlows::consentPage);
        if (options.plainPkce()) {
            codeFlow.authorizationRoute(route -> route.allowPlainPkce());
        }
        OIDCDeviceAuthorizationBuilder deviceFlow = device.install(
                OIDCDeviceAuthorizationBuilder.create().addClientAuthenticationMethod("client_secret_basic"));
        if (dpop != null) {
            codeFlow.setTokenType(dpop);
            deviceFlow.setTokenType(dpop);
        }
        List<io.authdesign.http.Endpoint> devicePage = DeviceVerificationPage.builder()
                .flow(device)
                .sessions(sessions)
                .users(users)
                .signInGuard(signIn)
                .issuer("http://127.0.0.1")
                .clock(clock)
                .build()
                .endpoints();
        server = TestServer.startAtOwnIssuer(
                issuerUrl -> {
                    MultipleFlowsBuilder designBuilder = MultipleFlowsBuilder.create()
                            .setIssuer(issuerUrl)
                            .setClock(clock)
                            .add(codeFlow)
                            .add(deviceFlow)
                            .addEndpoints(devicePage, Map.of());
                    AtomicReference<MultipleFlows> built = new AtomicReference<>();
                    // snippet:ready-logout:begin
                    ReadyLogout logout = ReadyLogout.builder()
                            .issuer(issuerUrl)
                            .clients(clients)
                            .sessions(sessions) // the ready code flow's SessionStore
                            .keys(() -> Optional.ofNullable(built.get()).flatMap(MultipleFlows::jwtAuthority))
                            .lifecycle(lifecycle) // revokes the session's grants (or .refreshTokens(store))
                            .logoutTokenAlgorithm(SigningAlgorithm.RS256) // the flows' default ID token alg
                            .clock(clock)
                            .build();
                    designBuilder.addEndpoints(logout.endpoints(), logout.metadata());
                    // snippet:ready-logout:end
                    MultipleFlows design = designBuilder.build();
                    built.set(design);
                    return design;
                },
                TestRoute.protectedRoute(
                        ME,
                        credentials -> "{\"sub\":\"" + credentials.orElseThrow().subject() + "\"}"));
        issuer = "http://127.0.0.1:" + server.port();
    }

    /**
     * The library's default GET page is a sign-in form only: the consent step (an {@link
     * Interaction.Consent}) needs a page of its own, which this renderer adds.
     */
    private static void consentPage(AuthorizationRoute route) {
        AuthorizationRoute.Renderer signIn = route.getGetRenderer();
        route.setGETResponseRenderer((context, request) -> {
            if (!(context.value() instanceof Interaction.Consent consent)) {
                return signIn.render(context, request);
            }
            String html = "<!DOCTYPE html><title>Consent</title><h1>" + escape(consent.clientName())
                    + "</h1><p id=\"scopes\">" + escape(String.join(" ", consent.scopes())) + "</p>"
                    + "<p id=\"claims\">" + escape(String.join(" ", consent.claims())) + "</p>"
                    + "<form method=\"POST\" action=\"" + escape(context.formAction()) + "\">"
                    + "<input type=\"hidden\" name=\"" + RenderContext.CSRF_FIELD + "\" value=\""
                    + escape(context.csrfToken()) + "\">"
                    + "<button name=\"consent\" value=\"approve\">Allow</button>"
                    + "<button name=\"consent\" value=\"deny\">Deny</button></form>";
            return HttpResponse.html(context.statusCode(), html).build();
        });
    }

    /** The CSRF token of a form made for this nonce cookie and session cookie value (CsrfProtection). */
    static String csrfToken(String nonce, String session) {
        try {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest((nonce + "|" + session).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#47;", "/")
                .replace("&#96;", "`")
                .replace("&#61;", "=")
                .replace("&amp;", "&");
    }

    @Override
    public void close() {
        server.close();
    }

    /** A new browser with an empty cookie jar. */
    Browser browser() {
        return new Browser();
    }

    /** The authorization request's query for these name/value pairs. */
    static String query(String... namesAndValues) {
        return TestServer.form(namesAndValues);
    }

    /** A token request with client_secret_basic. */
    TestServer.Call token(String clientId, String secret) {
        return server.post(TestServer.TOKEN).basic(clientId, secret);
    }

    /** A PKCE verifier and its S256 challenge. */
    record Pkce(String verifier, String challenge) {
        static Pkce create() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, challengeOf(verifier));
        }

        static String challengeOf(String verifier) {
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The query parameters of a Location, decoded; fails on a repeated name. */
    static Map<String, String> queryOf(String location) {
        String rawQuery = URI.create(location).getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name =
                    FormCodec.decode(eq < 0 ? pair : pair.substring(0, eq)).orElseThrow();
            String value =
                    eq < 0 ? "" : FormCodec.decode(pair.substring(eq + 1)).orElseThrow();
            assertThat(parameters.put(name, value))
                    .as("repeated %s in %s", name, location)
                    .isNull();
        }
        return parameters;
    }

    /** A 302 whose Location starts with the redirect URI: its query parameters. */
    static Map<String, String> redirected(Reply reply, String redirectUri) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(302);
        String location = reply.header("Location").orElseThrow();
        String base = redirectUri.contains("?") ? redirectUri + "&" : redirectUri + "?";
        assertThat(location).startsWith(base);
        return queryOf(location);
    }

    /** A user agent that keeps cookies by name (every path) and shows every response as it is. */
    final class Browser {
        final Map<String, String> cookies = new TreeMap<>();

        Reply get(String pathAndQuery) {
            return keep(withCookies(server.get(pathAndQuery)).send());
        }

        Reply post(String path, String... form) {
            return keep(withCookies(server.post(path)).form(form).send());
        }

        private TestServer.Call withCookies(TestServer.Call call) {
            if (!cookies.isEmpty()) {
                call.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(c -> c.getKey() + "=" + c.getValue())
                                .collect(Collectors.joining("; ")));
            }
            return call;
        }

        private Reply keep(Reply reply) {
            for (String header : reply.headers("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                boolean expired = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (value.isEmpty() || expired) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return reply;
        }

        /** Submits the page's form (its action, its CSRF token) with these extra fields. */
        Reply submit(Reply page, String... fields) {
            Form form = Form.of(page);
            String[] all = new String[fields.length + 2];
            all[0] = RenderContext.CSRF_FIELD;
            all[1] = form.csrfToken();
            System.arraycopy(fields, 0, all, 2, fields.length);
            return post(form.action(), all);
        }

        /** Signs in on a sign-in page. */
        Reply signIn(Reply page) {
            return submit(page, "username", ALICE, "password", ALICE_PASSWORD);
        }

        /** Approves on a consent page. */
        Reply approve(Reply page) {
            assertThat(page.body()).contains("<title>Consent</title>");
            return submit(page, "consent", "approve");
        }
    }

    /** The form of a page: where it posts and its CSRF token. */
    record Form(String action, String csrfToken) {
        private static final Pattern ACTION = Pattern.compile("<form method=\"POST\" action=\"([^\"]*)\"");
        private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

        static Form of(Reply page) {
            Matcher action = ACTION.matcher(page.body());
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(action.find()).as("a form in %s", page.body()).isTrue();
            assertThat(csrf.find()).as("a CSRF field in %s", page.body()).isTrue();
            return new Form(unescape(action.group(1)), unescape(csrf.group(1)));
        }
    }

    /** The parameters of a standard request of this client, PKCE included. */
    static List<String> request(String clientId, String redirectUri, Pkce pkce, String... more) {
        List<String> params = new java.util.ArrayList<>(List.of(
                "response_type",
                "code",
                "client_id",
                clientId,
                "redirect_uri",
                redirectUri,
                "scope",
                "openid profile email",
                "state",
                "st-" + clientId,
                "nonce",
                "n-" + clientId));
        if (pkce != null) {
            params.addAll(List.of("code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
        }
        params.addAll(List.of(more));
        return params;
    }

    static String authorizeUrl(List<String> params) {
        return AUTHORIZE + "?" + query(params.toArray(String[]::new));
    }
}
